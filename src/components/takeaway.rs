//! Pictures to take away: the stage with the charts as a PNG, the charts as SVG, and a
//! playthrough of a chosen time range recorded as a WebM video, with its progress.

use crate::export::{file_name, png, svg, video::Recording};
use crate::hooks::use_animation_frame;
use crate::i18n::{tr, trf};
use crate::state::Notice;
use rollout_engine::api::Millis;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TakeawayProps {
    /// The workload's name, for the picture's caption.
    pub name: AttrValue,
    pub playhead: Millis,
    pub until: Millis,
    pub playing: bool,
    pub on_seek: Callback<Millis>,
    pub on_toggle: Callback<()>,
    pub on_notify: Callback<Notice>,
}

/// A time field's value in milliseconds, if it is a number of seconds in `0..=until`.
fn seconds(text: &str, until: Millis) -> Option<Millis> {
    let s: f64 = text.trim().parse().ok()?;
    let ms = (s * 1000.0).round();
    (s.is_finite() && ms >= 0.0 && ms <= until as f64).then_some(ms as Millis)
}

/// The range to record, or what is wrong with it.
pub fn range(from: &str, to: &str, until: Millis) -> Result<(Millis, Millis), String> {
    let end = rollout_engine::explain::format_number(until as f64 / 1000.0);
    let from = seconds(from, until).ok_or_else(|| {
        trf(
            "Record from: a number of seconds from 0 to {end}",
            &[("end", &end)],
        )
    })?;
    let to = seconds(to, until).ok_or_else(|| {
        trf(
            "Record to: a number of seconds from 0 to {end}",
            &[("end", &end)],
        )
    })?;
    if from >= to {
        return Err(tr("Record to must be later than Record from").to_string());
    }
    Ok((from, to))
}

#[function_component(Takeaway)]
pub fn takeaway(p: &TakeawayProps) -> Html {
    let from = use_state(|| "0".to_string());
    let to = use_state(String::new);
    // The range being recorded, and the recording itself.
    let recording = use_state(|| None::<(Millis, Millis)>);
    let recorder = use_mut_ref(|| None::<Recording>);
    let caption = use_mut_ref(String::new);
    *caption.borrow_mut() = format!(
        "{} · t = {} s",
        p.name,
        rollout_engine::explain::format_number((p.playhead as f64 / 100.0).round() / 10.0)
    );
    let theme = use_mut_ref(|| (String::new(), String::new()));
    {
        let (recorder, caption, theme) = (recorder.clone(), caption.clone(), theme.clone());
        use_animation_frame(
            recording.is_some(),
            Callback::from(move |_| {
                if let Some(r) = recorder.borrow().as_ref() {
                    let (bg, text) = &*theme.borrow();
                    r.frame(&caption.borrow(), bg, text);
                }
            }),
        );
    }
    // Stops at the end of the range, or when the user pauses.
    {
        let (recording, recorder) = (recording.clone(), recorder.clone());
        let (on_toggle, on_notify) = (p.on_toggle.clone(), p.on_notify.clone());
        use_effect_with(
            (p.playhead, p.playing, *recording),
            move |&(playhead, playing, range)| {
                if let Some((from, to)) = range {
                    if playhead >= to || (!playing && playhead > from) {
                        if playing {
                            on_toggle.emit(());
                        }
                        finish(&recorder, &recording, &on_notify, from, playhead.min(to));
                    }
                }
            },
        );
    }
    let end = if to.is_empty() {
        rollout_engine::explain::format_number(p.until as f64 / 1000.0)
    } else {
        (*to).clone()
    };
    let on_record = {
        let (from, end, until) = ((*from).clone(), end.clone(), p.until);
        let (recording, recorder, theme) = (recording.clone(), recorder.clone(), theme.clone());
        let (on_seek, on_toggle, on_notify, playing, playhead) = (
            p.on_seek.clone(),
            p.on_toggle.clone(),
            p.on_notify.clone(),
            p.playing,
            p.playhead,
        );
        Callback::from(move |_: MouseEvent| {
            if let Some((a, _)) = *recording {
                // A second click stops it where it is.
                if playing {
                    on_toggle.emit(());
                }
                return finish(&recorder, &recording, &on_notify, a, playhead);
            }
            let (a, b) = match range(&from, &end, until) {
                Ok(r) => r,
                Err(e) => return on_notify.emit(Notice::error(e)),
            };
            match Recording::start(video_name(a, b)) {
                Ok(r) => {
                    *theme.borrow_mut() = theme_colors();
                    *recorder.borrow_mut() = Some(r);
                    recording.set(Some((a, b)));
                    on_seek.emit(a);
                    if !playing {
                        on_toggle.emit(());
                    }
                }
                Err(e) => on_notify.emit(Notice::error(e.to_string())),
            }
        })
    };
    let on_png = {
        let (notify, at) = (p.on_notify.clone(), p.playhead);
        let caption = format!("Rollout Lab · {}", caption.borrow());
        Callback::from(move |_: MouseEvent| {
            let (notify, caption) = (notify.clone(), caption.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match png::stage_and_charts_png(&caption).await {
                    Some(url) => crate::files::download_url(&file_name(at, "png"), &url),
                    None => notify.emit(Notice::error(tr("There is no stage or chart to draw"))),
                }
            });
        })
    };
    let on_svg = {
        let (notify, at) = (p.on_notify.clone(), p.playhead);
        Callback::from(move |_: MouseEvent| match svg::charts_svg() {
            Some(s) => crate::files::download(&file_name(at, "svg"), &s.text, "image/svg+xml"),
            None => notify.emit(Notice::error(tr("There is no chart to save"))),
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    let progress = recording.map(|(a, b)| {
        let done = (p.playhead.clamp(a, b) - a) as f64 / (b - a).max(1) as f64;
        (
            done,
            trf(
                "Recording {span}: {pct}%",
                &[
                    ("span", &span(a, b)),
                    ("pct", &format!("{:.0}", done * 100.0)),
                ],
            ),
        )
    });
    html! {
        <section class="takeaway" aria-label={tr("Pictures to take away")}>
            <button id="download-png" onclick={on_png} title={tr("The stage and the charts as they are now, as one PNG picture")}>{ tr("⤓ PNG: stage and charts") }</button>
            <button id="download-svg" onclick={on_svg} title={tr("The charts as an SVG drawing")}>{ tr("⤓ SVG: charts") }</button>
            <span class="record-range">
                <label for="record-from">{ tr("Record from") }</label>
                <input id="record-from" type="number" min="0" step="0.5" value={(*from).clone()} oninput={text_input(&from)} />
                <label for="record-to">{ tr("to") }</label>
                <input id="record-to" type="number" min="0" step="0.5" value={end} oninput={text_input(&to)} />
                { tr(" s") }
            </span>
            <button id="record" aria-pressed={recording.is_some().to_string()} onclick={on_record}
                title={tr("Play the range and save it as a WebM video (at the chosen speed)")}>
                { if recording.is_some() { tr("■ Stop") } else { tr("● Record video") } }
            </button>
            if let Some((done, label)) = progress {
                <progress id="record-progress" max="1" value={done.to_string()} aria-label={label.clone()}></progress>
                <span class="record-status" role="status">{ label }</span>
            }
        </section>
    }
}

/// Stops the recording of `from`..`to` (the video is saved once encoded) and says so.
fn finish(
    recorder: &std::cell::RefCell<Option<Recording>>,
    recording: &UseStateHandle<Option<(Millis, Millis)>>,
    notify: &Callback<Notice>,
    from: Millis,
    to: Millis,
) {
    if let Some(r) = recorder.borrow().as_ref() {
        r.stop();
    }
    recording.set(None);
    notify.emit(Notice::info(trf(
        "Recorded {span}: saved as {file}",
        &[("span", &span(from, to)), ("file", &video_name(from, to))],
    )));
}

/// "5 s to 20 s".
fn span(a: Millis, b: Millis) -> String {
    let s = |t: Millis| rollout_engine::explain::format_number(t as f64 / 1000.0);
    trf("{from} s to {to} s", &[("from", &s(a)), ("to", &s(b))])
}

fn video_name(a: Millis, b: Millis) -> String {
    let s = |t: Millis| rollout_engine::explain::format_number(t as f64 / 1000.0);
    format!("rollout-lab-{}s-{}s.webm", s(a), s(b))
}

/// The page's card and text colours, for the video's frame.
fn theme_colors() -> (String, String) {
    let root = gloo::utils::document().document_element();
    let get = |name: &str, fallback: &str| {
        root.as_ref()
            .map(|r| crate::export::computed(r, None, name).trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    (get("--card", "#ffffff"), get("--text", "#1c2430"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_read_in_seconds_within_the_run() {
        assert_eq!(range("5", "20.5", 30_000), Ok((5_000, 20_500)));
        assert_eq!(
            range("-1", "20", 30_000),
            Err("Record from: a number of seconds from 0 to 30".to_string())
        );
        assert_eq!(
            range("0", "31", 30_000),
            Err("Record to: a number of seconds from 0 to 30".to_string())
        );
        assert_eq!(
            range("20", "5", 30_000),
            Err("Record to must be later than Record from".to_string())
        );
    }
}
