//! How the pods of each image behave: how long they take to become Ready (a fixed time or a
//! distribution each pod draws from), how often one never does, the image pull, or an image
//! that never works; and the seed the draws come from.

use super::dist_field::DistField;
use crate::i18n::{n_, tr};
use rollout_engine::behaviour::{Dist, ImageBehaviour};
use rollout_engine::explain::format_number;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImagesProps {
    pub images: Vec<(String, ImageBehaviour)>,
    pub seed: u64,
    /// Whether anything is drawn (otherwise the seed changes nothing).
    pub varies: bool,
    pub on_change: Callback<(String, ImageBehaviour)>,
    pub on_seed: Callback<u64>,
}

const KINDS: [(&str, &str); 4] = [
    ("healthy", n_("becomes Ready")),
    ("never-ready", n_("never Ready (readiness probe fails)")),
    ("crash-loop", n_("crash loop (CrashLoopBackOff)")),
    (
        "pull-error",
        n_("image cannot be pulled (ImagePullBackOff)"),
    ),
];

fn kind_of(b: &ImageBehaviour) -> &'static str {
    if b.pull_error {
        "pull-error"
    } else if b.crash_loop {
        "crash-loop"
    } else if b.never_ready {
        "never-ready"
    } else {
        "healthy"
    }
}

/// One image's fields.
#[derive(Properties, PartialEq)]
struct ImageProps {
    n: usize,
    image: String,
    behaviour: ImageBehaviour,
    on_change: Callback<(String, ImageBehaviour)>,
}

#[function_component(ImageFields)]
fn image_fields(p: &ImageProps) -> Html {
    let (id, image, b) = (format!("image-{}", p.n), &p.image, &p.behaviour);
    // Every edit is the behaviour with one field changed.
    let change = |edit: fn(&mut ImageBehaviour, Dist)| {
        let (image, b, cb) = (image.clone(), b.clone(), p.on_change.clone());
        Callback::from(move |d: Dist| {
            let mut next = b.clone();
            edit(&mut next, d);
            cb.emit((image.clone(), next));
        })
    };
    let on_kind = {
        let (image, b, cb) = (image.clone(), b.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = b.clone();
            next.never_ready = v == "never-ready";
            next.crash_loop = v == "crash-loop";
            next.pull_error = v == "pull-error";
            cb.emit((image.clone(), next));
        })
    };
    let failure_error = use_state(|| None::<String>);
    let on_failure = {
        let (image, b, cb, err) = (
            image.clone(),
            b.clone(),
            p.on_change.clone(),
            failure_error.clone(),
        );
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match text.trim().trim_end_matches('%').trim().parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => {
                    err.set(None);
                    let mut next = b.clone();
                    next.failure_rate = v / 100.0;
                    cb.emit((image.clone(), next));
                }
                _ => err.set(Some(format!(
                    "images[{image:?}].failureRate: Invalid value: {text:?}: must be a percentage from 0 to 100"
                ))),
            }
        })
    };
    // The HPA's load model: a number of the image's, checked as the scenario's reader checks it.
    let cpu_error = use_state(|| None::<String>);
    let on_cpu = |key: &'static str, set: fn(&mut ImageBehaviour, f64)| {
        let (image, b, cb, err) = (
            image.clone(),
            b.clone(),
            p.on_change.clone(),
            cpu_error.clone(),
        );
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match text.trim().parse::<f64>() {
                Ok(v) if (0.0..=1e6).contains(&v) => {
                    err.set(None);
                    let mut next = b.clone();
                    set(&mut next, v);
                    cb.emit((image.clone(), next));
                }
                _ => err.set(Some(format!(
                    "images[{image:?}].{key}: Invalid value: {text:?}: must be a number from 0 to 1000000"
                ))),
            }
        })
    };
    let on_response = {
        let (image, b, cb) = (image.clone(), b.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = b.clone();
            next.response = (!text.trim().is_empty()).then_some(text);
            cb.emit((image.clone(), next));
        })
    };
    let answer = rollout_engine::traffic::response_text(image, b.response.as_deref());
    let field = |k: &str| AttrValue::from(format!("images[{image:?}].{k}"));
    html! {
        <fieldset class="image">
            <legend><code>{ image.clone() }</code></legend>
            <label for={format!("{id}-kind")}>{ tr("behaviour") }</label>
            <select id={format!("{id}-kind")} onchange={on_kind}>
                { for KINDS.iter().map(|(v, label)| html! { <option value={*v} selected={*v == kind_of(b)}>{ tr(label) }</option> }) }
            </select>
            <DistField id={format!("{id}-ready")} label="readyAfter" field={field("readyAfter")} value={b.ready_after.clone()}
                preview=true on_change={change(|b, d| b.ready_after = d)} />
            <DistField id={format!("{id}-stop")} label="stopAfter" field={field("stopAfter")} value={b.stop_after.clone()}
                on_change={change(|b, d| b.stop_after = d)} />
            <details class="more">
                <summary>{ tr("failures and image pulls") }</summary>
                <label for={format!("{id}-failure")}>{ tr("pods that never become Ready (%)") }
                    <input id={format!("{id}-failure")} type="text" inputmode="decimal" value={format_number(b.failure_rate * 100.0)} onchange={on_failure} />
                </label>
                if let Some(e) = &*failure_error { <p class="error" role="alert" id={format!("{id}-failure-error")}>{ e.clone() }</p> }
                <DistField id={format!("{id}-pull")} label={tr("pullTime (first pod on a node)")} field={field("pullTime")} value={b.pull_time.clone()}
                    on_change={change(|b, d| b.pull_time = d)} />
            </details>
            <details class="more" open={b.cpu_per_request > 0.0 || b.idle_cpu > 0.0}>
                <summary>{ tr("CPU (what an HPA reads)") }</summary>
                <label for={format!("{id}-cpu-per-request")}>{ tr("CPU per request (ms of one core)") }
                    <input id={format!("{id}-cpu-per-request")} type="text" inputmode="decimal" value={format_number(b.cpu_per_request)}
                        onchange={on_cpu("cpuPerRequest", |b, v| b.cpu_per_request = v)} />
                </label>
                <label for={format!("{id}-idle-cpu")}>{ tr("idle CPU (millicores)") }
                    <input id={format!("{id}-idle-cpu")} type="text" inputmode="decimal" value={format_number(b.idle_cpu)}
                        onchange={on_cpu("idleCpu", |b, v| b.idle_cpu = v)} />
                </label>
                if let Some(e) = &*cpu_error { <p class="error" role="alert" id={format!("{id}-cpu-error")}>{ e.clone() }</p> }
            </details>
            <label for={format!("{id}-response")}>{ tr("answers requests with") }</label>
            <input id={format!("{id}-response")} class="response" type="text" maxlength="200" value={answer} onchange={on_response} />
        </fieldset>
    }
}

#[function_component(ImagesPanel)]
pub fn images_panel(p: &ImagesProps) -> Html {
    let another = {
        let (cb, seed) = (p.on_seed.clone(), p.seed);
        Callback::from(move |_| cb.emit(seed.wrapping_add(1)))
    };
    html! {
        <section class="card" aria-labelledby="images-title">
            <h2 id="images-title">{ tr("How each image's pods behave") }</h2>
            { for p.images.iter().enumerate().map(|(n, (image, b))| html! {
                <ImageFields {n} image={image.clone()} behaviour={b.clone()} on_change={p.on_change.clone()} />
            }) }
            <p class="seed muted">
                if p.varies {
                    <span id="seed">{ crate::i18n::trf("Each pod draws its times from seed {seed}. ", &[("seed", &p.seed)]) }</span>
                    <button id="another-seed" onclick={another}>{ tr("Another deploy (next seed)") }</button>
                } else {
                    <span id="seed">{ tr("Every pod's times are fixed: choose a distribution to see deploys differ.") }</span>
                }
            </p>
        </section>
    }
}
