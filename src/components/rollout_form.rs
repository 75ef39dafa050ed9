//! An Argo Rollout's strategy in the settings: the canary's steps as a list (each a kind and a
//! value, moved up or removed), the traffic router; or the blue-green Services and promotion.

use crate::components::field::{messages_for, TextField};
use crate::i18n::tr;
use crate::settings::rollout::{ArgoEdit, ArgoField, ArgoFlag, ArgoForm, StepKind};
use rollout_engine::argo::rollout::AnalysisPhase;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RolloutFormProps {
    pub form: ArgoForm,
    /// Canary (true) or blue-green.
    pub canary: bool,
    pub errors: Rc<Vec<(String, String)>>,
    pub on_edit: Callback<ArgoEdit>,
}

#[function_component(RolloutForm)]
pub fn rollout_form(p: &RolloutFormProps) -> Html {
    let flag = |f: ArgoFlag, id: &'static str, label: &'static str, path: &'static str| {
        let on = p.on_edit.reform(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            ArgoEdit::Flag(f, input.checked())
        });
        html! {
            <div class="field check">
                <input type="checkbox" id={id} checked={p.form.flag(f)} onchange={on} />
                <label for={id}><span class="field-name">{ label }</span><code class="field-path">{ path }</code></label>
            </div>
        }
    };
    let text = |f: ArgoField, id: &'static str, label: &'static str, hint: &'static str| {
        let path = f.path(p.canary);
        let on = p.on_edit.reform(move |v: String| ArgoEdit::Field(f, v));
        html! {
            <TextField id={id} label={label} field={path.clone()} value={p.form.get(f).to_string()} hint={hint}
                error={messages_for(&p.errors, &path)} on_input={on} />
        }
    };
    if !p.canary {
        return html! {
            <div class="rollout-form">
                { text(ArgoField::ActiveService, "argo-active", "activeService", crate::i18n::n_("the Service users reach")) }
                { text(ArgoField::PreviewService, "argo-preview", "previewService", crate::i18n::n_("the new version before promotion (empty: none)")) }
                { text(ArgoField::PreviewReplicaCount, "argo-preview-count", "previewReplicaCount", crate::i18n::n_("pods of the new version before promotion (empty: all)")) }
                { flag(ArgoFlag::AutoPromotion, "argo-auto-promotion", "autoPromotionEnabled", "spec.strategy.blueGreen.autoPromotionEnabled") }
                { text(ArgoField::AutoPromotionSeconds, "argo-auto-seconds", "autoPromotionSeconds", crate::i18n::n_("seconds paused before promoting (empty: none)")) }
                { text(ArgoField::ScaleDownDelaySeconds, "argo-scale-down-delay", "scaleDownDelaySeconds", crate::i18n::n_("seconds the old stack is kept (empty: 30)")) }
                { text(ArgoField::AbortScaleDownDelaySeconds, "argo-abort-delay", "abortScaleDownDelaySeconds", crate::i18n::n_("seconds the preview is kept after abort (empty: 30, 0: kept)")) }
                { outcomes(p) }
            </div>
        };
    }
    let routed = p.form.flag(ArgoFlag::TrafficRouting);
    let rows = p.form.steps.iter().enumerate().map(|(i, row)| {
        let on_kind = p.on_edit.reform(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            ArgoEdit::StepKind(i, StepKind::from_value(&sel.value()))
        });
        let on_value = p.on_edit.reform(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            ArgoEdit::StepValue(i, input.value())
        });
        let path = format!("spec.strategy.canary.steps[{i}]");
        let error: Vec<String> = p
            .errors
            .iter()
            .filter(|(f, _)| f.starts_with(&path))
            .map(|(_, m)| m.clone())
            .collect();
        let kind_id = format!("argo-step-{i}-kind");
        let value_id = format!("argo-step-{i}-value");
        html! {
            <li class={classes!("step-row", (!error.is_empty()).then_some("invalid"))}>
                <span class="step-index">{ i }</span>
                <label class="visually-hidden" for={kind_id.clone()}>{ crate::i18n::trf("step {i}: kind", &[("i", &i)]) }</label>
                <select id={kind_id} onchange={on_kind}>
                    { for StepKind::ALL.iter().map(|k| html! {
                        <option value={k.value()} selected={*k == row.kind}>{ k.value() }</option>
                    }) }
                </select>
                <label class="visually-hidden" for={value_id.clone()}>{ crate::i18n::trf("step {i}: {hint}", &[("i", &i), ("hint", &crate::i18n::tr(row.kind.hint()))]) }</label>
                <input id={value_id} type="text" value={row.value.clone()} placeholder={crate::i18n::tr(row.kind.hint())} oninput={on_value}
                    aria-invalid={(!error.is_empty()).to_string()} />
                <button type="button" aria-label={crate::i18n::trf("move step {i} up", &[("i", &i)])} disabled={i == 0}
                    onclick={p.on_edit.reform(move |_| ArgoEdit::MoveUp(i))}>{ "↑" }</button>
                <button type="button" aria-label={crate::i18n::trf("remove step {i}", &[("i", &i)])}
                    onclick={p.on_edit.reform(move |_| ArgoEdit::RemoveStep(i))}>{ "✕" }</button>
                if !error.is_empty() {
                    <small class="error" role="alert">{ error.join("\n") }</small>
                }
            </li>
        }
    });
    html! {
        <div class="rollout-form">
            <div class="field">
                <span class="field-name">{ tr("steps") }</span>{ " " }<code class="field-path">{ "spec.strategy.canary.steps" }</code>
                <ol class="step-list">{ for rows }</ol>
                <button type="button" id="argo-add-step" onclick={p.on_edit.reform(|_| ArgoEdit::AddStep)}>{ tr("Add a step") }</button>
            </div>
            { outcomes(p) }
            { flag(ArgoFlag::TrafficRouting, "argo-traffic-routing", "trafficRouting", "spec.strategy.canary.trafficRouting") }
            if routed {
                { flag(ArgoFlag::DynamicStableScale, "argo-dynamic-stable", "dynamicStableScale", "spec.strategy.canary.dynamicStableScale") }
                { text(ArgoField::AbortScaleDownDelaySeconds, "argo-abort-delay", "abortScaleDownDelaySeconds", crate::i18n::n_("seconds the canary is kept after abort (empty: 30, 0: kept)")) }
            } else {
                <small class="hint">{ tr("Without a traffic router, a step's weight is the share of canary pods among the Service's endpoints.") }</small>
            }
            { flag(ArgoFlag::ProgressDeadlineAbort, "argo-deadline-abort", "progressDeadlineAbort", "spec.progressDeadlineAbort") }
        </div>
    }
}

const PHASES: [AnalysisPhase; 4] = [
    AnalysisPhase::Successful,
    AnalysisPhase::Failed,
    AnalysisPhase::Inconclusive,
    AnalysisPhase::Error,
];

/// How each AnalysisTemplate the steps name ends: Rollout Lab measures nothing, so the user says
/// (the phase, and after how many measurements, 10 s apart unless the scenario file says).
fn outcomes(p: &RolloutFormProps) -> Html {
    let templates = p.form.templates(p.canary);
    if templates.is_empty() {
        return html! {};
    }
    html! {
        <div class="field" id="argo-analysis">
            <span class="field-name">{ tr("analysis outcomes") }</span>{ " " }<code class="field-path">{ tr("analysis (scenario)") }</code>
            <ul class="step-list">
                { for templates.iter().enumerate().map(|(i, t)| {
                    let (phase, n) = p.form.analysis.get(t).cloned().unwrap_or((AnalysisPhase::Successful, "1".into()));
                    let (tp, tn) = (t.clone(), t.clone());
                    let on_phase = p.on_edit.reform(move |e: Event| {
                        let sel: HtmlSelectElement = e.target_unchecked_into();
                        ArgoEdit::AnalysisPhase(tp.clone(), AnalysisPhase::parse(&sel.value()).unwrap_or(AnalysisPhase::Successful))
                    });
                    let on_n = p.on_edit.reform(move |e: InputEvent| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        ArgoEdit::AnalysisMeasurements(tn.clone(), input.value())
                    });
                    let path = format!("analysis.{t}.measurements");
                    let error = messages_for(&p.errors, &path);
                    html! {
                        <li class={classes!("step-row", "analysis-row", error.is_some().then_some("invalid"))}>
                            <code>{ t.clone() }</code>
                            <label class="visually-hidden" for={format!("argo-analysis-{i}-phase")}>{ crate::i18n::trf("{t}: phase", &[("t", &t)]) }</label>
                            <select id={format!("argo-analysis-{i}-phase")} onchange={on_phase}>
                                { for PHASES.iter().map(|ph| html! { <option value={ph.as_str()} selected={*ph == phase}>{ ph.as_str() }</option> }) }
                            </select>
                            <label class="visually-hidden" for={format!("argo-analysis-{i}-n")}>{ crate::i18n::trf("{t}: after how many measurements", &[("t", &t)]) }</label>
                            <input id={format!("argo-analysis-{i}-n")} type="text" inputmode="numeric" value={n} oninput={on_n}
                                title={tr("after how many measurements")} aria-invalid={error.is_some().to_string()} />
                            if let Some(e) = error { <small class="error" role="alert">{ e }</small> }
                        </li>
                    }
                }) }
            </ul>
            <small class="hint">{ tr("Rollout Lab measures nothing: each run ends as you say, after that many measurements 10 s apart (Failed or Error aborts the rollout, Inconclusive pauses it).") }</small>
        </div>
    }
}
