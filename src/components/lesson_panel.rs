//! The lesson picker, and the lesson being followed: its step's explanation, next and back,
//! leaving to play freely and coming back.

use crate::i18n::{tr, trf};
use crate::lessons;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub lesson: Option<(usize, usize)>,
    pub left: bool,
    pub on_open: Callback<(usize, usize)>,
    pub on_leave: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(p: &LessonProps) -> Html {
    let index = lessons::index();
    let pick = p.on_open.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        (v.parse().unwrap_or(0), 0)
    });
    let picker = html! {
        <label class="lesson-picker" for="lesson-picker">{ tr("Lessons") }
            <select id="lesson-picker" onchange={pick}>
                <option value="" selected={p.lesson.is_none()} disabled=true>{ tr("Choose a lesson…") }</option>
                { for index.iter().enumerate().map(|(i, l)| html! {
                    <option value={i.to_string()} selected={p.lesson.is_some_and(|(k, _)| k == i)}>{ format!("{}. {}", i + 1, l.title) }</option>
                }) }
            </select>
        </label>
    };
    let Some((index, step)) = p.lesson else {
        return html! { <section class="card lesson closed">{ picker }</section> };
    };
    let Some(lesson) = lessons::get(index) else {
        return html! {};
    };
    if p.left {
        return html! {
            <section class="card lesson closed">
                { picker }
                <button id="return-to-lesson" class="primary" onclick={p.on_open.reform(move |_| (index, step))}>
                    { trf("Return to the lesson: {title}", &[("title", &lesson.title)]) }
                </button>
            </section>
        };
    }
    let s = &lesson.steps[step];
    let last = lesson.steps.len() - 1;
    html! {
        <section class="card lesson" aria-labelledby="lesson-title" id="lesson">
            { picker }
            <h2 id="lesson-title">{ lesson.title.clone() }</h2>
            <p class="muted" id="lesson-step">{ trf("Step {n} of {total} · t = {t} s", &[("n", &(step + 1)), ("total", &(last + 1)), ("t", &rollout_engine::explain::format_number(s.at))]) }</p>
            <p class="lesson-text" id="lesson-text">{ s.text.clone() }</p>
            if let Some(m) = s.manifest.clone() {
                <LessonManifest text={m} />
            }
            <div class="inline">
                <button id="lesson-back" onclick={p.on_open.reform(move |_| (index, step.saturating_sub(1)))} disabled={step == 0}>{ tr("« Back") }</button>
                <button id="lesson-next" class="primary" onclick={p.on_open.reform(move |_| (index, (step + 1).min(last)))} disabled={step == last}>{ tr("Next »") }</button>
                <button id="lesson-leave" onclick={p.on_leave.reform(|_| ())}>{ tr("Leave the lesson and play freely") }</button>
                <button id="lesson-close" onclick={p.on_close.reform(|_| ())}>{ tr("Close") }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ManifestProps {
    text: String,
}

/// A manifest a step shows as written, and what Kubernetes makes of it: the defaults of its
/// API version, what a cluster of today answers, the manifest to use instead.
#[function_component(LessonManifest)]
fn lesson_manifest(p: &ManifestProps) -> Html {
    let said = use_memo(
        p.text.clone(),
        |text| match rollout_engine::manifest::parse_deployment(text) {
            Ok(loaded) => loaded.version_notice("rolling-update-test.yaml"),
            Err(e) => e.to_string(),
        },
    );
    html! {
        <div class="lesson-manifest">
            <pre id="lesson-manifest" class="terminal">{ p.text.clone() }</pre>
            if !said.is_empty() {
                <pre id="lesson-manifest-notice" class="terminal">{ (*said).clone() }</pre>
            }
        </div>
    }
}
