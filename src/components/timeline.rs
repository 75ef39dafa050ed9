//! Time controls: play, pause, speed, step between controller actions, and a scrubber over the
//! whole rollout.

use crate::i18n::tr;
use crate::state::SPEEDS;
use rollout_engine::api::Millis;
use rollout_engine::explain::format_number;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub playing: bool,
    pub playhead: Millis,
    pub until: Millis,
    pub speed: f64,
    pub on_toggle: Callback<()>,
    pub on_seek: Callback<Millis>,
    pub on_speed: Callback<f64>,
    pub on_step_back: Callback<()>,
    pub on_step_next: Callback<()>,
}

#[function_component(TimelineControls)]
pub fn timeline_controls(p: &TimelineProps) -> Html {
    let seek = p.on_seek.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input
            .value()
            .parse::<f64>()
            .map(|v| v.round() as Millis)
            .unwrap_or(0)
    });
    let speed = p.on_speed.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        sel.value().parse::<f64>().unwrap_or(1.0)
    });
    let t = format_number(p.playhead as f64 / 1000.0);
    html! {
        <div class="timeline" role="group" aria-label={tr("Time controls")}>
            <button id="step-back" title={tr("Previous controller action (←)")} onclick={p.on_step_back.reform(|_| ())}><span aria-hidden="true">{ tr("« Prev") }</span><span class="sr">{ tr("Previous controller action") }</span></button>
            <button id="play" class="primary" title={tr("Play or pause (space)")} onclick={p.on_toggle.reform(|_| ())}>
                { if p.playing { tr("■ Pause") } else { tr("▶ Play") } }
            </button>
            <button id="step-next" title={tr("Next controller action (→)")} onclick={p.on_step_next.reform(|_| ())}><span aria-hidden="true">{ tr("Next »") }</span><span class="sr">{ tr("Next controller action") }</span></button>
            <label class="speed" for="speed">{ tr("speed") }
                <select id="speed" onchange={speed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(*s - p.speed).abs() < 1e-9}>{ format!("{}x", format_number(*s)) }</option>
                    }) }
                </select>
            </label>
            <input id="scrubber" type="range" min="0" max={p.until.to_string()} step="10"
                value={p.playhead.to_string()} oninput={seek} aria-label={tr("Simulated time")} />
            <output id="clock" class="clock">{ format!("t = {t} s") }</output>
        </div>
    }
}
