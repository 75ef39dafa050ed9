//! The stage canvas. It redraws after every render in which the moment changed; the page's
//! single animation-frame loop drives those renders while playing.

use crate::player::PlayerHandle;
use crate::stage::{draw, layout};
use gloo::events::EventListener;
use rollout_engine::api::Millis;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub presenter: bool,
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
        use_effect_with((p.version, p.playhead, *resized, p.presenter), move |_| {
            if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                paint(&el, &player);
            }
        });
    }
    html! {
        <canvas ref={canvas} class="stage-canvas" role="img" id="stage"
            aria-label="Pods grouped by ReplicaSet; the table view below lists the same state as text" />
    }
}

fn paint(el: &HtmlCanvasElement, player: &PlayerHandle) {
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let width = f64::from(el.client_width().max(200));
    let scale = gloo::utils::window().device_pixel_ratio().max(1.0);
    let l = layout::layout(&player.0.borrow().sim.cluster, width, !reduced_motion());
    let palette = draw::Palette::from_css(el);
    draw::draw(el, &ctx, &l, &palette, scale);
}
