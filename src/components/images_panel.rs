//! How the pods of each image behave: seconds to Ready, or never ready, crash-looping, or an
//! image that cannot be pulled.

use rollout_engine::behaviour::ImageBehaviour;
use rollout_engine::explain::format_number;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImagesProps {
    pub images: Vec<(String, ImageBehaviour)>,
    pub on_change: Callback<(String, ImageBehaviour)>,
}

const KINDS: [(&str, &str); 4] = [
    ("healthy", "becomes Ready"),
    ("never-ready", "never Ready (readiness probe fails)"),
    ("crash-loop", "crash loop (CrashLoopBackOff)"),
    ("pull-error", "image cannot be pulled (ImagePullBackOff)"),
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

#[function_component(ImagesPanel)]
pub fn images_panel(p: &ImagesProps) -> Html {
    html! {
        <section class="card" aria-labelledby="images-title">
            <h2 id="images-title">{ "How each image's pods behave" }</h2>
            { for p.images.iter().enumerate().map(|(n, (image, b))| {
                let id = format!("image-{n}");
                let (image_a, b_a, cb_a) = (image.clone(), b.clone(), p.on_change.clone());
                let on_kind = Callback::from(move |e: Event| {
                    let sel: HtmlSelectElement = e.target_unchecked_into();
                    let mut next = b_a.clone();
                    let v = sel.value();
                    next.never_ready = v == "never-ready";
                    next.crash_loop = v == "crash-loop";
                    next.pull_error = v == "pull-error";
                    cb_a.emit((image_a.clone(), next));
                });
                let seconds = |which: &'static str| {
                    let (image, b, cb) = (image.clone(), b.clone(), p.on_change.clone());
                    Callback::from(move |e: Event| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        if let Ok(v) = input.value().trim().parse::<f64>() {
                            if v.is_finite() && (0.0..=86_400.0).contains(&v) {
                                let mut next = b.clone();
                                if which == "ready" { next.ready_after = v } else { next.stop_after = v }
                                cb.emit((image.clone(), next));
                            }
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
                html! {
                    <fieldset class="image">
                        <legend><code>{ image.clone() }</code></legend>
                        <label for={format!("{id}-kind")}>{ "behaviour" }</label>
                        <select id={format!("{id}-kind")} onchange={on_kind}>
                            { for KINDS.iter().map(|(v, label)| html! { <option value={*v} selected={*v == kind_of(b)}>{ *label }</option> }) }
                        </select>
                        <div class="pair">
                            <label for={format!("{id}-ready")}>{ "readyAfter (s)" }
                                <input id={format!("{id}-ready")} type="number" min="0" step="0.5" value={format_number(b.ready_after)} onchange={seconds("ready")} />
                            </label>
                            <label for={format!("{id}-stop")}>{ "stopAfter (s)" }
                                <input id={format!("{id}-stop")} type="number" min="0" step="0.5" value={format_number(b.stop_after)} onchange={seconds("stop")} />
                            </label>
                        </div>
                        <label for={format!("{id}-response")}>{ "answers requests with" }</label>
                        <input id={format!("{id}-response")} class="response" type="text" maxlength="200" value={answer} onchange={on_response} />
                    </fieldset>
                }
            }) }
        </section>
    }
}
