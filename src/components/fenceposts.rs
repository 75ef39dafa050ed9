//! What the controller makes of replicas, maxSurge and maxUnavailable, with the arithmetic.

use crate::i18n::tr;
use rollout_engine::explain::Fenceposts;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FencepostProps {
    pub result: Rc<Result<Fenceposts, Vec<String>>>,
}

#[function_component(FencepostPanel)]
pub fn fencepost_panel(p: &FencepostProps) -> Html {
    let body = match &*p.result {
        Err(errors) => html! {
            <div class="invalid-summary" role="alert">
                <p>{ tr("Kubernetes would reject this Deployment:") }</p>
                <ul>{ for errors.iter().map(|e| html! { <li><code>{ e.clone() }</code></li> }) }</ul>
            </div>
        },
        Ok(f) => html! {
            <>
                <dl class="resolved">
                    <div class="resolved-item" id="surge">
                        <dt>{ tr("surge") }</dt>
                        <dd><output id="surge-value">{ f.surge.value }</output>
                            <p class="arithmetic" id="surge-why">{ crate::i18n::say_all(&f.surge.sentence) }</p></dd>
                    </div>
                    <div class="resolved-item" id="unavailable">
                        <dt>{ tr("unavailable") }</dt>
                        <dd><output id="unavailable-value">{ f.unavailable.value }</output>
                            <p class="arithmetic" id="unavailable-why">{ crate::i18n::say_all(&f.unavailable.sentence) }</p></dd>
                    </div>
                </dl>
                <dl class="bounds">
                    <div class="bound" id="max-total">
                        <dt>{ tr("at most") }</dt>
                        <dd><output id="max-total-value">{ f.max_total }</output>{ tr(" pods") }
                            <p class="arithmetic">{ crate::i18n::trf("replicas + surge = {replicas} + {surge} = {total}", &[("replicas", &f.replicas), ("surge", &f.surge.value), ("total", &f.max_total)]) }</p></dd>
                    </div>
                    <div class="bound" id="min-available">
                        <dt>{ tr("at least") }</dt>
                        <dd><output id="min-available-value">{ f.min_available }</output>{ tr(" available") }
                            <p class="arithmetic">{ crate::i18n::trf("replicas − unavailable = {replicas} − {unavailable} = {min}", &[("replicas", &f.replicas), ("unavailable", &f.unavailable.value), ("min", &f.min_available)]) }</p></dd>
                    </div>
                </dl>
                if !f.warnings.is_empty() {
                    <ul class="warnings">{ for f.warnings.iter().map(|w| html! { <li>{ crate::i18n::say(w) }</li> }) }</ul>
                }
            </>
        },
    };
    html! {
        <section class="card" aria-labelledby="resolved-title" aria-live="polite">
            <h2 id="resolved-title">{ tr("What the controller computes") }</h2>
            { body }
        </section>
    }
}
