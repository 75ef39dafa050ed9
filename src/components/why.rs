//! "Why?": the arithmetic behind the controller's latest decision, and the traps the current
//! settings fall into.

use crate::i18n::tr;
use crate::player::PanesRef;
use rollout_engine::explain::format_number;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub panes: PanesRef,
    pub warnings: Rc<Vec<String>>,
}

#[function_component(WhyPanel)]
pub fn why_panel(p: &WhyProps) -> Html {
    let decision = match &p.panes.0.decision {
        Some((t, rs, from, to, why)) => html! {
            <>
                <p class="decision" id="decision">
                    <strong>{ format!("t = {} s: ", format_number(*t)) }</strong>
                    <code>{ rs.clone() }</code>{ format!(" {from} → {to}") }
                </p>
                <p class="arithmetic" id="why-text">{ crate::i18n::say(why) }</p>
            </>
        },
        None => {
            html! { <p class="muted" id="decision">{ tr("No ReplicaSet has changed size yet. Apply a new image to start a rollout.") }</p> }
        }
    };
    // The HPA's latest sync, when the scenario has one.
    let hpa = p
        .panes
        .0
        .hpa_decision
        .as_ref()
        .map(|(t, from, to, cpu, why)| {
            let read = cpu.map_or(String::new(), |u| {
                crate::i18n::trf(", CPU {u}%", &[("u", &u)])
            });
            let change = if from == to {
                crate::i18n::trf(
                    "keeps {from} replicas{read}",
                    &[("from", from), ("read", &read)],
                )
            } else {
                crate::i18n::trf(
                    "{from} → {to} replicas{read}",
                    &[("from", from), ("to", to), ("read", &read)],
                )
            };
            html! {
                <>
                    <p class="decision" id="hpa-decision">
                        <strong>{ format!("t = {} s: ", format_number(*t)) }</strong>
                        { tr("the HPA ") }{ change }
                    </p>
                    <p class="arithmetic" id="hpa-why">{ crate::i18n::say(why) }</p>
                </>
            }
        });
    html! {
        <section class="card why" aria-labelledby="why-title">
            <h2 id="why-title">{ tr("Why? The controller's latest decision") }</h2>
            // The HPA's decision comes first: it is what the ReplicaSets' sizes follow.
            { for hpa }
            { decision }
            if !p.warnings.is_empty() {
                <ul class="warnings" id="warnings">{ for p.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
            }
        </section>
    }
}
