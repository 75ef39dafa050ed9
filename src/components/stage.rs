//! The stage canvases. The lanes redraw after every render in which the moment changed (the
//! page's single animation-frame loop drives those renders while playing; paused, frames run
//! only while pods glide to new places after a reflow); the nodes band,
//! large and slower to change, has a canvas of its own, repainted only when what it shows
//! changed.

use crate::hooks::{use_animation_frame, use_layout_generation};
use crate::i18n::tr;
use crate::player::PlayerHandle;
use crate::stage::nodes::NodesBand;
use crate::stage::{draw, glide::Glides, layout};
use rollout_engine::api::Millis;
use std::rc::Rc;
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
    /// The timeline is playing: the nodes band may then repaint less often than the lanes.
    #[prop_or_default]
    pub playing: bool,
}

/// While playing, the nodes band repaints at most this often (milliseconds of wall time): it
/// is the stage's largest picture, and a rollout of a thousand pods changes it at nearly every
/// frame. Paused or scrubbed, it always shows the moment exactly.
const BAND_PAINT_MS: f64 = 100.0;

fn wall_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
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
    let band_canvas = use_node_ref();
    // What the band canvas shows now (the band, its width and the theme's text colour).
    let shown = use_mut_ref(|| None::<(NodesBand, f64, String)>);
    let band_painted_at = use_mut_ref(|| f64::NEG_INFINITY);
    let has_band = use_state(|| false);
    // The lanes' width and the theme's colours, read again only when they may have changed.
    let generation = use_layout_generation(&canvas);
    let measured = use_mut_ref(|| None::<(u32, f64, Rc<draw::Palette>)>);
    // Pods gliding to new places after a reflow; while paused, frames run until they arrive.
    let glides = use_mut_ref(Glides::default);
    let gliding = use_state(|| false);
    let tick = use_state(|| 0u32);
    {
        let tick = tick.clone();
        use_animation_frame(
            *gliding && !p.playing,
            Callback::from(move |_| tick.set(tick.wrapping_add(1))),
        );
    }
    {
        let gliding = gliding.clone();
        let (canvas, band_canvas) = (canvas.clone(), band_canvas.clone());
        let (player, shown, has_band) = (p.player.clone(), shown.clone(), has_band.clone());
        let painted_at = band_painted_at.clone();
        use_effect_with(
            (
                p.version,
                p.playhead,
                generation,
                p.presenter,
                p.side_b,
                p.playing,
                *tick,
            ),
            move |&(_, _, generation, presenter, side_b, playing, _)| {
                let Some(el) = canvas.cast::<HtmlCanvasElement>() else {
                    return;
                };
                let (width, palette) = {
                    let mut m = measured.borrow_mut();
                    match &*m {
                        Some((g, width, palette)) if *g == generation => (*width, palette.clone()),
                        _ => {
                            let width = draw::css_width(&el);
                            let palette = Rc::new(draw::Palette::from_css(&el));
                            *m = Some((generation, width, palette.clone()));
                            (width, palette)
                        }
                    }
                };
                let now = wall_ms();
                let mut glides = glides.borrow_mut();
                let (band, moving) = paint(
                    &el,
                    &player,
                    presenter,
                    side_b,
                    width,
                    &palette,
                    (&mut glides, now),
                );
                if *has_band != band.is_some() {
                    has_band.set(band.is_some());
                }
                if *gliding != moving {
                    gliding.set(moving);
                }
                let due = !playing || now - *painted_at.borrow() >= BAND_PAINT_MS;
                if let (Some(band), Some(bel), true) =
                    (band, band_canvas.cast::<HtmlCanvasElement>(), due)
                {
                    if paint_band(&bel, band, width, &palette, &mut shown.borrow_mut()) {
                        *painted_at.borrow_mut() = now;
                    }
                }
            },
        );
    }
    let id = if p.side_b { "stage-b" } else { "stage" };
    html! {
        <>
            <canvas ref={canvas} class="stage-canvas" role="img" {id}
                aria-label={tr("Pods grouped by ReplicaSet; the table view below lists the same state as text")} />
            <canvas ref={band_canvas} class="stage-canvas stage-nodes" role="img" id={format!("{id}-nodes")}
                hidden={!*has_band} aria-label={tr("The nodes and the pods on each; the table view below lists the same state as text")} />
        </>
    }
}

/// Paints the band on its canvas, `width` CSS pixels wide like the lanes (its own canvas may
/// still be hidden, 0 wide, at its first paint), unless it shows that already; whether it
/// painted.
fn paint_band(
    el: &HtmlCanvasElement,
    band: NodesBand,
    width: f64,
    palette: &draw::Palette,
    shown: &mut Option<(NodesBand, f64, String)>,
) -> bool {
    let Some((ctx, scale)) = draw::context_2d(el) else {
        return false;
    };
    let key = (band, width, palette.text.clone());
    if shown.as_ref() == Some(&key) {
        return false;
    }
    // What the canvas shows, when it is the same width and theme: only what changed repaints.
    let before = shown
        .as_ref()
        .filter(|(_, w, text)| *w == width && *text == key.2)
        .map(|(b, ..)| b);
    draw::draw_band(el, &ctx, &key.0, before, width, palette, scale);
    *shown = Some(key);
    true
}

/// Paints the lanes, each pod on its way to its place (`glides` at wall time `now`, unless the
/// user asked for reduced motion); the nodes band to show, if the scenario models nodes, and
/// whether a pod is still gliding.
fn paint(
    el: &HtmlCanvasElement,
    player: &PlayerHandle,
    presenter: bool,
    side_b: bool,
    width: f64,
    palette: &draw::Palette,
    (glides, now): (&mut Glides, f64),
) -> (Option<NodesBand>, bool) {
    let Some((ctx, scale)) = draw::context_2d(el) else {
        return (None, false);
    };
    let motion = !reduced_motion();
    let player = player.0.borrow();
    let c = match (&player.sim_b, side_b) {
        (Some(b), true) => &b.cluster,
        _ => &player.sim.cluster,
    };
    let mut l = layout::layout_scaled(c, width, motion, if presenter { 1.6 } else { 1.0 });
    let moving = motion && glides.apply(&mut l.pods, width, now);
    draw::draw(el, &ctx, &l, palette, scale);
    match (&player.timeline.traffic, side_b) {
        (Some(report), false) => {
            let flights = flights(report, c, motion);
            draw::draw_front(&ctx, &l, Some(&share(&flights)), palette);
            if !l.aggregate {
                draw::draw_requests(&ctx, &l, &flights, palette);
            }
        }
        // Without traffic the path stays drawn, idle (side B of a comparison has the same).
        (None, false) => draw::draw_front(&ctx, &l, None, palette),
        (_, true) => {}
    }
    (l.nodes, moving)
}

/// How the requests of the last half second were answered: by the old version, the new one, or
/// not at all.
fn share(flights: &[draw::Flight]) -> draw::Share {
    let mut s = draw::Share::default();
    for f in flights {
        match (f.failure, f.new_version) {
            (Some(_), _) => s.failed += 1,
            (None, true) => s.new += 1,
            (None, false) => s.old += 1,
        }
    }
    s
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
            failure: r.result.as_ref().err().copied(),
        })
        .collect()
}
