//! The stage canvas. It redraws after every render in which the moment changed; the page's
//! single animation-frame loop drives those renders while playing.

use crate::player::PlayerHandle;
use crate::stage::{draw, layout};
use gloo::events::EventListener;
use rollout_engine::api::Millis;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub presenter: bool,
    /// Draw the compared setting B's simulation instead of the current one.
    #[prop_or_default]
    pub side_b: bool,
}

/// Whether the user asked for reduced motion.
pub fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

#[function_component(Stage)]
pub fn stage(p: &StageProps) -> Html {
    let canvas = use_node_ref();
    // Bumped on window resizes, so that the canvas is redrawn at its new width.
    let resized = use_state(|| 0u32);
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                resized.set(*resized + 1)
            });
            move || drop(listener)
        });
    }
    {
        let canvas = canvas.clone();
        let player = p.player.clone();
        use_effect_with(
            (p.version, p.playhead, *resized, p.presenter, p.side_b),
            move |&(_, _, _, presenter, side_b)| {
                if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                    paint(&el, &player, presenter, side_b);
                }
            },
        );
    }
    html! {
        <canvas ref={canvas} class="stage-canvas" role="img" id={if p.side_b { "stage-b" } else { "stage" }}
            aria-label="Pods grouped by ReplicaSet; the table view below lists the same state as text" />
    }
}

fn paint(el: &HtmlCanvasElement, player: &PlayerHandle, presenter: bool, side_b: bool) {
    let Some((ctx, width, scale)) = crate::stage::draw::context(el) else {
        return;
    };
    let motion = !reduced_motion();
    let player = player.0.borrow();
    let c = match (&player.sim_b, side_b) {
        (Some(b), true) => &b.cluster,
        _ => &player.sim.cluster,
    };
    let l = layout::layout_scaled(c, width, motion, if presenter { 1.6 } else { 1.0 });
    let palette = draw::Palette::from_css(el);
    draw::draw(el, &ctx, &l, &palette, scale);
    if let (Some(report), false, false) = (&player.timeline.traffic, l.aggregate, side_b) {
        let flights = flights(report, c, motion);
        draw::draw_requests(&ctx, &l, &flights, &palette);
    }
}

/// How long a request takes to cross the stage, in simulated milliseconds.
const FLIGHT_MS: f64 = 500.0;
/// The most requests drawn at once.
const MAX_FLIGHTS: usize = 120;

/// The requests of the last half second, as they fly.
fn flights(
    report: &rollout_engine::traffic::TrafficReport,
    c: &rollout_engine::cluster::Cluster,
    motion: bool,
) -> Vec<draw::Flight> {
    let now = c.now;
    let current = rollout_engine::traffic::response_text(
        c.deployment.spec.template.first_image(),
        c.behaviours
            .get(c.deployment.spec.template.first_image())
            .response
            .as_deref(),
    );
    report
        .responses_until(now, MAX_FLIGHTS)
        .into_iter()
        .filter(|r| (now - r.t) as f64 <= FLIGHT_MS)
        .map(|r| draw::Flight {
            pod: r.pod.as_ref().map(|(_, uid)| *uid),
            progress: if motion {
                ((now - r.t) as f64 / FLIGHT_MS).clamp(0.0, 1.0)
            } else {
                1.0
            },
            new_version: r.result.as_deref().is_ok_and(|v| v == current),
            failed: r.result.is_err(),
        })
        .collect()
}
