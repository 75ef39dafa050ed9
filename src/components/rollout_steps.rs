//! An Argo Rollout's progress above the stage: its phase and message, the canary's steps with
//! the current one marked, SetWeight and ActualWeight, and where requests go now.

use crate::i18n::tr;
use rollout_engine::kubectl::argo::get::{RolloutView, StepState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RolloutStepsProps {
    pub view: RolloutView,
}

#[function_component(RolloutSteps)]
pub fn rollout_steps(p: &RolloutStepsProps) -> Html {
    let v = &p.view;
    let phase_class = format!("phase phase-{}", v.phase.to_lowercase());
    html! {
        <div class="rollout-steps" id="rollout-steps" aria-label={tr("Argo Rollout progress")}>
            <p class="rollout-head">
                <span class={phase_class}>{ v.phase.clone() }</span>
                if !v.message.is_empty() { <span class="rollout-message">{ v.message.clone() }</span> }
                <span class="rollout-weights">
                    if v.steps.is_empty() && v.strategy == "BlueGreen" {
                        { "BlueGreen" }
                    } else {
                        { format!("{} · SetWeight {} · ActualWeight {}", v.strategy, v.set_weight, v.actual_weight) }
                    }
                </span>
            </p>
            if !v.steps.is_empty() {
                <ol class="step-strip">
                    { for v.steps.iter().enumerate().map(|(i, (label, state))| {
                        let class = match state {
                            StepState::Done => "step done",
                            StepState::Current => "step current",
                            StepState::Ahead => "step ahead",
                        };
                        html! {
                            <li class={class} aria-current={(*state == StepState::Current).then_some("step")}>
                                <span class="step-n">{ i }</span>{ label.clone() }
                            </li>
                        }
                    }) }
                </ol>
            }
            <p class="rollout-route">{ crate::i18n::trf("Traffic: {route}.", &[("route", &crate::i18n::say(&v.route))]) }</p>
        </div>
    }
}
