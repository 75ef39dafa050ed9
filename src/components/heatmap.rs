//! The tuning heatmap: one cell per maxSurge x maxUnavailable pair, coloured by the chosen
//! measure, the cells that meet the constraints outlined, the best one thick; a click picks one.

use rollout_engine::sim::sweep::{verdict, Cell, Constraints, Outcome, SweepJob};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// The measure a heatmap shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Duration,
    Peak,
    Lowest,
    Failed,
}

impl Metric {
    pub const ALL: [(Metric, &'static str, &'static str); 4] = [
        (Metric::Duration, "duration", "rollout duration (s)"),
        (Metric::Peak, "peak", "peak pods (capacity paid for)"),
        (Metric::Lowest, "lowest", "lowest available (capacity kept)"),
        (Metric::Failed, "failed", "failed requests"),
    ];

    /// The value and whether more is worse.
    pub fn value(self, o: &Outcome) -> Option<(f64, bool)> {
        match self {
            Metric::Duration => o.duration.map(|d| (d, true)),
            Metric::Peak => Some((f64::from(o.peak_pods), true)),
            Metric::Lowest => Some((f64::from(o.lowest_available), false)),
            Metric::Failed => o.failed_requests.map(|f| (f as f64, true)),
        }
    }
}

/// Milliseconds of sweeping per slice: short enough that frames keep coming (one frame in two
/// A finished (or running) sweep, shared with the heatmap without copying.
#[derive(Clone)]
pub struct JobRef(pub Rc<std::cell::RefCell<SweepJob>>);

impl PartialEq for JobRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct HeatmapProps {
    pub job: JobRef,
    pub metric: u8,
    pub best: Option<(i32, i32)>,
    pub selected: Option<(i32, i32)>,
    pub constraints: (Option<u32>, Option<u32>),
    pub running: bool,
    /// Twentieths done: the heatmap repaints as it fills in, not after every slice.
    pub progress: usize,
    /// The cell clicked, and whether Shift was held.
    pub on_pick: Callback<((i32, i32), bool)>,
}

#[function_component(Heatmap)]
pub fn heatmap(p: &HeatmapProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let (job, metric, best, selected, constraints) =
            (p.job.clone(), p.metric, p.best, p.selected, p.constraints);
        use_effect_with(
            (
                p.progress,
                p.metric,
                p.best,
                p.selected,
                p.constraints,
                p.running,
            ),
            move |_| {
                if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                    paint(
                        &el,
                        &job.0.borrow(),
                        Metric::ALL[metric as usize].0,
                        best,
                        selected,
                        constraints,
                    );
                }
            },
        );
    }
    let onclick = {
        let (job, cb) = (p.job.clone(), p.on_pick.clone());
        Callback::from(move |e: MouseEvent| {
            let el: HtmlCanvasElement = e.target_unchecked_into();
            let rect = el.get_bounding_client_rect();
            let side = f64::from(job.0.borrow().bound + 1);
            let s = ((f64::from(e.client_x()) - rect.left() - AXIS)
                / ((rect.width() - AXIS) / side))
                .floor() as i32;
            let u = ((f64::from(e.client_y()) - rect.top() - AXIS)
                / ((rect.height() - AXIS) / side))
                .floor() as i32;
            if job.0.borrow().cell(s, u).is_some() {
                cb.emit(((s, u), e.shift_key()));
            }
        })
    };
    html! {
        <figure class="heatmap">
            <canvas ref={canvas} id="heatmap" width="480" height="480" {onclick} role="img"
                aria-label="Heatmap: maxSurge across, maxUnavailable down; outlined cells meet the constraints, the thick outline is the best" />
            <figcaption class="muted">{ "maxSurge → across, maxUnavailable ↓ down. Outlined: meets the constraints; thick: the fastest of those; dark grey: rejected by Kubernetes (both 0); light grey: never finishes; empty: not run. Click a cell to load it." }</figcaption>
        </figure>
    }
}

/// The axis band, in CSS pixels.
const AXIS: f64 = 22.0;

fn paint(
    el: &HtmlCanvasElement,
    job: &SweepJob,
    metric: Metric,
    best: Option<(i32, i32)>,
    selected: Option<(i32, i32)>,
    (min_available, capacity): (Option<u32>, Option<u32>),
) {
    let Some((ctx, css, scale)) = crate::stage::draw::context(el) else {
        return;
    };
    let px = (css * scale).round() as u32;
    if el.width() != px {
        el.set_width(px);
        el.set_height(px);
    }
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, css, css);
    let side = job.bound + 1;
    let cell = (css - AXIS) / f64::from(side);
    let values: Vec<(f64, bool)> = job.outcomes().filter_map(|o| metric.value(o)).collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (v, _)| {
            (a.min(*v), b.max(*v))
        });
    let constraints = Constraints {
        min_available,
        max_failed_requests: None,
    };
    for u in 0..side {
        for s in 0..side {
            let (x, y) = (AXIS + f64::from(s) * cell, AXIS + f64::from(u) * cell);
            let state = job.cells[(u * side + s) as usize];
            let color = match state.outcome().map(|o| metric.value(o)) {
                // Not run: left empty, a faint outline only.
                None if state == Cell::NotRun => {
                    ctx.set_stroke_style_str("rgba(128,128,128,0.35)");
                    ctx.set_line_width(1.0);
                    ctx.stroke_rect(x + 0.5, y + 0.5, cell - 1.5, cell - 1.5);
                    continue;
                }
                // Rejected by Kubernetes.
                None => "rgba(128,128,128,0.6)".to_string(),
                // Ran but never finished (or the measure does not apply).
                Some(None) => "rgba(128,128,128,0.3)".to_string(),
                Some(Some((v, more_is_worse))) => {
                    let mut f = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
                    if !more_is_worse {
                        f = 1.0 - f;
                    }
                    // Green (good) through yellow to red (bad).
                    format!("hsl({:.0}, 70%, 48%)", 130.0 * (1.0 - f))
                }
            };
            ctx.set_fill_style_str(&color);
            ctx.fill_rect(x, y, cell - 0.5, cell - 0.5);
            if let Some(o) = job.cell(s, u) {
                if verdict(o, &constraints, capacity).is_ok() && cell >= 4.0 {
                    ctx.set_stroke_style_str("rgba(0,0,0,0.55)");
                    ctx.set_line_width(1.0);
                    ctx.stroke_rect(x + 1.0, y + 1.0, cell - 2.5, cell - 2.5);
                }
            }
        }
    }
    ctx.set_fill_style_str("#888");
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let step = ((f64::from(side) / 10.0).ceil() as i32).max(1);
    for v in (0..side).step_by(step as usize) {
        let _ = ctx.fill_text(
            &v.to_string(),
            AXIS + (f64::from(v) + 0.3) * cell,
            AXIS / 2.0,
        );
        let _ = ctx.fill_text(&v.to_string(), 2.0, AXIS + (f64::from(v) + 0.5) * cell);
    }
    for (pair, color, width) in [(best, "#326ce5", 3.0), (selected, "#000", 2.0)] {
        if let Some((s, u)) = pair {
            ctx.set_stroke_style_str(color);
            ctx.set_line_width(width);
            ctx.stroke_rect(
                AXIS + f64::from(s) * cell,
                AXIS + f64::from(u) * cell,
                cell,
                cell,
            );
        }
    }
}
