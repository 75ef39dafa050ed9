//! The tuning heatmap: one cell per maxSurge x maxUnavailable pair, coloured by the chosen
//! measure over its runs, the cells that meet the objective outlined, the recommended one
//! thick; hovering a cell shows its runs, a click picks it.

use super::JobRef;
use crate::i18n::tr;
use rollout_engine::sim::sweep::{Cell, Objective, Summary, SweepJob};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// The measure a heatmap shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Metric {
    DurationP50,
    DurationP95,
    DurationWorst,
    Peak,
    Lowest,
    BelowFloor,
    FailedP95,
    Nodes,
    Pending,
}

impl Metric {
    pub const ALL: [(Metric, &'static str, &'static str); 9] = [
        (
            Metric::DurationP95,
            "p95",
            crate::i18n::n_("duration, 95th percentile (s)"),
        ),
        (
            Metric::DurationP50,
            "p50",
            crate::i18n::n_("duration, median (s)"),
        ),
        (
            Metric::DurationWorst,
            "worst",
            crate::i18n::n_("duration, worst run (s)"),
        ),
        (
            Metric::Peak,
            "peak",
            crate::i18n::n_("pods at peak, worst run (capacity paid for)"),
        ),
        (
            Metric::Lowest,
            "lowest",
            crate::i18n::n_("fewest available, worst run (capacity kept)"),
        ),
        (
            Metric::BelowFloor,
            "below",
            crate::i18n::n_("runs that dropped below the floor (%)"),
        ),
        (
            Metric::FailedP95,
            "failed",
            crate::i18n::n_("failed requests, 95th percentile"),
        ),
        (
            Metric::Nodes,
            "nodes",
            crate::i18n::n_("nodes at peak, worst run (autoscaler)"),
        ),
        (
            Metric::Pending,
            "pending",
            crate::i18n::n_("pods waiting for room at peak, worst run"),
        ),
    ];

    /// The value and whether more is worse; `None` when it does not apply (never finished,
    /// no traffic).
    pub fn value(self, s: &Summary, floor: u32) -> Option<(f64, bool)> {
        match self {
            Metric::DurationP50 => s.p50().map(|d| (d, true)),
            Metric::DurationP95 => s.p95().map(|d| (d, true)),
            Metric::DurationWorst => s.worst().map(|d| (d, true)),
            Metric::Peak => Some((f64::from(s.peak_pods), true)),
            Metric::Lowest => Some((f64::from(s.lowest_available), false)),
            Metric::BelowFloor => Some((100.0 * s.share_below(floor), true)),
            Metric::FailedP95 => s.failed_p95().map(|f| (f as f64, true)),
            Metric::Nodes => Some((f64::from(s.peak_nodes), true)),
            Metric::Pending => Some((f64::from(s.peak_pending), true)),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct HeatmapProps {
    pub job: JobRef,
    pub metric: u8,
    pub best: Option<(i32, i32)>,
    pub selected: Option<(i32, i32)>,
    pub objective: Objective,
    pub running: bool,
    /// Settings done: the heatmap repaints as it fills in.
    pub progress: usize,
    /// The cell clicked, and whether Shift was held.
    pub on_pick: Callback<((i32, i32), bool)>,
    /// The cell under the pointer (`None` when it leaves).
    pub on_hover: Callback<Option<(i32, i32)>>,
}

#[function_component(Heatmap)]
pub fn heatmap(p: &HeatmapProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let (job, metric, best, selected, objective) =
            (p.job.clone(), p.metric, p.best, p.selected, p.objective);
        use_effect_with(
            (
                p.progress,
                p.metric,
                p.best,
                p.selected,
                p.objective,
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
                        &objective,
                    );
                }
            },
        );
    }
    // The pair under the pointer, if that setting ran.
    let at = |job: &JobRef, e: &MouseEvent| -> Option<(i32, i32)> {
        let el: HtmlCanvasElement = e.target_unchecked_into();
        let rect = el.get_bounding_client_rect();
        let side = f64::from(job.0.borrow().bound + 1);
        let s = ((f64::from(e.client_x()) - rect.left() - AXIS) / ((rect.width() - AXIS) / side))
            .floor() as i32;
        let u = ((f64::from(e.client_y()) - rect.top() - AXIS) / ((rect.height() - AXIS) / side))
            .floor() as i32;
        job.0.borrow().cell(s, u).is_some().then_some((s, u))
    };
    let onclick = {
        let (job, cb) = (p.job.clone(), p.on_pick.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(pair) = at(&job, &e) {
                cb.emit((pair, e.shift_key()));
            }
        })
    };
    let onmousemove = {
        let (job, cb) = (p.job.clone(), p.on_hover.clone());
        Callback::from(move |e: MouseEvent| cb.emit(at(&job, &e)))
    };
    let onmouseleave = p.on_hover.reform(|_: MouseEvent| None);
    let scale = {
        let job = p.job.clone();
        let floor = p.objective.floor;
        // The same keys as the painting: the legend and the cells change together.
        use_memo(
            (p.progress, p.running, p.metric, floor),
            move |(_, _, metric, floor)| {
                legend(&job.0.borrow(), Metric::ALL[*metric as usize].0, *floor)
            },
        )
    };
    html! {
        <figure class="heatmap">
            <canvas ref={canvas} id="heatmap" width="480" height="480" {onclick} {onmousemove} {onmouseleave} role="img"
                aria-label={tr("Heatmap: maxSurge across, maxUnavailable down; outlined cells meet the objective, the thick outline is the recommendation")} />
            if let Some(text) = (*scale).clone() {
                <p id="heatmap-scale" class="heatmap-scale"><span class="scale-bar" aria-hidden="true"></span>{ text }</p>
            }
            <figcaption class="muted">{ tr("maxSurge → across, maxUnavailable ↓ down. Outlined: meets the objective; thick: the recommendation; dark grey: rejected by Kubernetes (both 0); light grey: does not finish in 95% of runs; empty: not run. Point at a cell for its runs; click to load it.") }</figcaption>
        </figure>
    }
}

/// Every cell's summary (`None` where it did not run or was rejected).
fn summaries(job: &SweepJob) -> Vec<Option<Summary>> {
    job.cells
        .iter()
        .map(|c| c.runs().map(Summary::of))
        .collect()
}

/// The lowest and highest value of the measure over the cells that have one: the ends of the
/// colour scale.
fn range(summaries: &[Option<Summary>], metric: Metric, floor: u32) -> Option<(f64, f64)> {
    summaries
        .iter()
        .flatten()
        .filter_map(|s| metric.value(s, floor))
        .fold(None, |acc, (v, _)| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

/// The colour scale's legend: which value is green and which is red.
fn legend(job: &SweepJob, metric: Metric, floor: u32) -> Option<String> {
    let (lo, hi) = range(&summaries(job), metric, floor)?;
    let more_is_worse = metric != Metric::Lowest;
    let (good, bad) = if more_is_worse { (lo, hi) } else { (hi, lo) };
    let unit = match metric {
        Metric::DurationP50 | Metric::DurationP95 | Metric::DurationWorst => " s",
        Metric::BelowFloor => "%",
        Metric::Peak | Metric::Lowest => " pods",
        Metric::FailedP95 => " requests",
        Metric::Nodes => " nodes",
        Metric::Pending => " pods",
    };
    let num = |v: f64| {
        let r = (v * 10.0).round() / 10.0;
        format!("{r}{unit}")
    };
    Some(if lo == hi {
        crate::i18n::trf("Every cell that ran: {value}.", &[("value", &num(lo))])
    } else {
        crate::i18n::trf(
            "Colour: green {best} (best) through yellow to red {worst} (worst), in a straight line between.",
            &[("best", &num(good)), ("worst", &num(bad))],
        )
    })
}

/// The axis band, in CSS pixels.
const AXIS: f64 = 22.0;

/// A cell's colour for `badness` from 0 (best) to 1 (worst): green through yellow to red.
pub fn ramp(badness: f64) -> String {
    format!(
        "hsl({:.0}, 70%, 48%)",
        130.0 * (1.0 - badness.clamp(0.0, 1.0))
    )
}

fn paint(
    el: &HtmlCanvasElement,
    job: &SweepJob,
    metric: Metric,
    best: Option<(i32, i32)>,
    selected: Option<(i32, i32)>,
    objective: &Objective,
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
    let summaries = summaries(job);
    let (lo, hi) = range(&summaries, metric, objective.floor).unwrap_or((0.0, 0.0));
    for u in 0..side {
        for s in 0..side {
            let (x, y) = (AXIS + f64::from(s) * cell, AXIS + f64::from(u) * cell);
            let index = (u * side + s) as usize;
            let summary = summaries[index].as_ref();
            let color = match summary.map(|x| metric.value(x, objective.floor)) {
                // Not run: left empty, a faint outline only.
                None if job.cells[index] == Cell::NotRun => {
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
                    let f = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
                    ramp(if more_is_worse { f } else { 1.0 - f })
                }
            };
            ctx.set_fill_style_str(&color);
            ctx.fill_rect(x, y, cell - 0.5, cell - 0.5);
            if let Some(sm) = summary {
                if objective.misses(sm).is_none() && cell >= 4.0 {
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
