//! Tuning: every maxSurge x maxUnavailable pair run through the engine, shown as heatmaps of
//! duration, peak pods, lowest available and failed requests, with the user's constraints, the
//! fastest setting that meets them, and why the others do not. The sweep runs in slices of a
//! few milliseconds between frames, with a progress bar and a Cancel button.

use gloo::timers::callback::Timeout;
use rollout_engine::explain::format_number;
use rollout_engine::sim::sweep::{best, strategy_snippet, verdict, Constraints, Outcome, SweepJob};
use rollout_engine::Scenario;
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TuningProps {
    pub scenario: Rc<Scenario>,
    pub version: u64,
    pub min_ready_seconds: i32,
    pub on_use: Callback<(i32, i32)>,
    pub on_compare: Callback<Option<(i32, i32)>>,
    pub on_capacity: Callback<Option<u32>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Metric {
    Duration,
    Peak,
    Lowest,
    Failed,
}

impl Metric {
    const ALL: [(Metric, &'static str, &'static str); 4] = [
        (Metric::Duration, "duration", "rollout duration (s)"),
        (Metric::Peak, "peak", "peak pods (capacity paid for)"),
        (Metric::Lowest, "lowest", "lowest available (capacity kept)"),
        (Metric::Failed, "failed", "failed requests"),
    ];

    /// The value and whether more is worse.
    fn value(self, o: &Outcome) -> Option<(f64, bool)> {
        match self {
            Metric::Duration => o.duration.map(|d| (d, true)),
            Metric::Peak => Some((f64::from(o.peak_pods), true)),
            Metric::Lowest => Some((f64::from(o.lowest_available), false)),
            Metric::Failed => o.failed_requests.map(|f| (f as f64, true)),
        }
    }
}

/// Milliseconds of sweeping per slice: short enough that frames keep coming (one frame in two
/// at 60 Hz while a sweep runs), long enough that the sweep is not slowed by the handovers.
const SLICE_MS: f64 = 24.0;

/// A finished (or running) sweep, shared with the heatmap without copying.
#[derive(Clone)]
struct JobRef(Rc<std::cell::RefCell<SweepJob>>);

impl PartialEq for JobRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component(Tuning)]
pub fn tuning(p: &TuningProps) -> Html {
    let bound = use_state(|| 10i32);
    let tolerated = use_state(|| None::<u32>);
    let metric = use_state(|| Metric::Duration);
    let job = use_state(|| None::<JobRef>);
    let progress = use_state(|| (0usize, 0usize));
    let running = use_state(|| false);
    let selected = use_state(|| None::<(i32, i32)>);
    let elapsed = use_state(|| None::<f64>);
    // The pending slice; dropping it cancels the sweep.
    let timer = use_mut_ref(|| None::<Timeout>);

    let run = {
        let (job, progress, running, timer, elapsed) = (
            job.clone(),
            progress.clone(),
            running.clone(),
            timer.clone(),
            elapsed.clone(),
        );
        let (scenario, bound) = (p.scenario.clone(), *bound);
        Callback::from(move |_| {
            let j = JobRef(Rc::new(std::cell::RefCell::new(SweepJob::new(
                (*scenario).clone(),
                bound,
            ))));
            job.set(Some(j.clone()));
            running.set(true);
            elapsed.set(None);
            let start = now();
            schedule(
                j,
                progress.clone(),
                running.clone(),
                elapsed.clone(),
                timer.clone(),
                start,
            );
        })
    };
    let cancel = {
        let (timer, running) = (timer.clone(), running.clone());
        Callback::from(move |_| {
            timer.borrow_mut().take();
            running.set(false);
        })
    };
    // A new scenario makes the old sweep stale: stop it. Loading one of its own settings
    // (a different maxSurge or maxUnavailable) does not.
    {
        let (timer, running, job) = (timer.clone(), running.clone(), job.clone());
        let basis = rollout_engine::sim::sweep::with_pair(&p.scenario, 0, 0);
        use_effect_with(basis, move |_| {
            timer.borrow_mut().take();
            running.set(false);
            job.set(None);
        });
    }

    let capacity = p.scenario.cluster.capacity;
    let constraints = Constraints {
        min_available: *tolerated,
        max_failed_requests: None,
    };
    let (best_pair, summary) = match job.as_ref().filter(|_| !*running) {
        Some(j) => {
            let j = j.0.borrow();
            let outcomes: Vec<Outcome> = j.cells.iter().flatten().copied().collect();
            let (best_pair, summary) = match best(&outcomes, &constraints, capacity) {
                Some(b) => (
                    Some((b.max_surge, b.max_unavailable)),
                    format!(
                        "Fastest that meets the constraints: maxSurge {} and maxUnavailable {}: done in {} s, {} pods at peak, never fewer than {} available.",
                        b.max_surge,
                        b.max_unavailable,
                        b.duration.map_or("?".into(), format_number),
                        b.peak_pods,
                        b.lowest_available
                    ),
                ),
                None => (None, "No setting meets the constraints.".to_string()),
            };
            // Why the others miss, grouped: "12 stuck: ..., 40 drop below ...".
            let mut reasons: Vec<(String, usize)> = Vec::new();
            for o in &outcomes {
                if let Err(e) = verdict(o, &constraints, capacity) {
                    let kind = if e.starts_with("stuck") {
                        "never finish: surge pods find no room".to_string()
                    } else if e.starts_with("availability") {
                        "drop below the availability tolerated".to_string()
                    } else {
                        e
                    };
                    match reasons.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, n)) => *n += 1,
                        None => reasons.push((kind, 1)),
                    }
                }
            }
            let rejected = j.cells.iter().filter(|c| c.is_none()).count();
            let mut why: Vec<String> = reasons.iter().map(|(k, n)| format!("{n} {k}")).collect();
            if rejected > 0 {
                why.push(format!(
                    "{rejected} rejected by Kubernetes (maxSurge and maxUnavailable both 0)"
                ));
            }
            match why.is_empty() {
                true => (best_pair, summary),
                false => (
                    best_pair,
                    format!("{summary} Of the others: {}.", why.join("; ")),
                ),
            }
        }
        None => (None, String::new()),
    };
    let detail = selected.and_then(|(s, u)| {
        let j = job.as_ref()?.0.borrow();
        let o = *j.cell(s, u)?;
        Some((o, verdict(&o, &constraints, capacity)))
    });

    let number = |state: UseStateHandle<i32>| {
        Callback::from(move |e: Event| {
            if let Ok(v) = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .parse::<i32>()
            {
                state.set(v.clamp(1, 100));
            }
        })
    };
    let optional = |cb: Callback<Option<u32>>| {
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            cb.emit(v.trim().parse::<u32>().ok());
        })
    };
    let on_tolerated = {
        let tolerated = tolerated.clone();
        optional(Callback::from(move |v| tolerated.set(v)))
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            metric.set(
                Metric::ALL
                    .iter()
                    .find(|(_, id, _)| *id == v)
                    .map_or(Metric::Duration, |m| m.0),
            );
        })
    };
    let on_pick = {
        let (selected, on_use) = (selected.clone(), p.on_use.clone());
        Callback::from(move |pair: (i32, i32)| {
            selected.set(Some(pair));
            on_use.emit(pair);
        })
    };
    let pct = if progress.1 == 0 {
        0.0
    } else {
        100.0 * progress.0 as f64 / progress.1 as f64
    };

    html! {
        <section class="card tuning" aria-labelledby="tuning-title">
            <h2 id="tuning-title">{ "Tuning: every maxSurge × maxUnavailable" }</h2>
            <div class="tuning-inputs">
                <label for="sweep-bound">{ "values from 0 to" }
                    <input id="sweep-bound" type="number" min="1" max="100" value={bound.to_string()} onchange={number(bound.clone())} /></label>
                <label for="sweep-capacity">{ "cluster capacity (pods that fit)" }
                    <input id="sweep-capacity" type="number" min="0" placeholder="unlimited"
                        value={capacity.map(|c| c.to_string()).unwrap_or_default()} onchange={optional(p.on_capacity.clone())} /></label>
                <label for="sweep-min-available">{ "fewest available pods tolerated" }
                    <input id="sweep-min-available" type="number" min="0" placeholder="any"
                        value={tolerated.map(|c| c.to_string()).unwrap_or_default()} onchange={on_tolerated} /></label>
                <label for="sweep-metric">{ "heatmap of" }
                    <select id="sweep-metric" onchange={on_metric}>
                        { for Metric::ALL.iter().map(|(m, id, label)| html! { <option value={*id} selected={*m == *metric}>{ *label }</option> }) }
                    </select></label>
            </div>
            <div class="inline">
                <button id="run-sweep" class="primary" onclick={run} disabled={*running}>{ "Run sweep" }</button>
                <button id="cancel-sweep" onclick={cancel} disabled={!*running}>{ "Cancel" }</button>
                <progress id="sweep-progress" max="100" value={format!("{pct:.0}")} aria-label="Sweep progress"></progress>
                <span class="muted" id="sweep-status">{
                    match (*running, *elapsed) {
                        (true, _) => format!("{} of {} settings", progress.0, progress.1),
                        (false, Some(ms)) => format!("{} settings in {:.2} s", progress.1, ms / 1000.0),
                        _ => String::new(),
                    }
                }</span>
            </div>
            if let Some(j) = job.as_ref() {
                <Heatmap job={j.clone()} metric={*metric as u8} best={best_pair} selected={*selected}
                    constraints={(constraints.min_available, capacity)} running={*running}
                    progress={progress.0 * 20 / progress.1.max(1)} on_pick={on_pick} />
            }
            if !summary.is_empty() { <p class="outcome" id="sweep-best">{ summary }</p> }
            if let Some((o, v)) = detail {
                <div class="cell-detail" id="sweep-detail">
                    <p><strong>{ format!("maxSurge {}, maxUnavailable {}: ", o.max_surge, o.max_unavailable) }</strong>
                        { format!("{}, {} pods at peak, never fewer than {} available{}. ",
                            o.duration.map_or("never finishes".to_string(), |d| format!("done in {} s", format_number(d))),
                            o.peak_pods, o.lowest_available,
                            o.failed_requests.map_or(String::new(), |f| format!(", {f} requests failed"))) }
                        { match &v { Ok(()) => "Meets the constraints.".to_string(), Err(e) => format!("Misses: {e}.") } }
                    </p>
                    <pre class="terminal" id="strategy-snippet">{ strategy_snippet(o.max_surge, o.max_unavailable, p.min_ready_seconds) }</pre>
                    <button id="compare" onclick={p.on_compare.reform(move |_| Some((o.max_surge, o.max_unavailable)))}>{ "Compare with the current setting" }</button>
                </div>
            }
        </section>
    }
}

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Runs slices of the sweep from timer callbacks until it is done or cancelled.
fn schedule(
    job: JobRef,
    progress: UseStateHandle<(usize, usize)>,
    running: UseStateHandle<bool>,
    elapsed: UseStateHandle<Option<f64>>,
    timer: Rc<std::cell::RefCell<Option<Timeout>>>,
    start: f64,
) {
    let t2 = timer.clone();
    *timer.borrow_mut() = Some(Timeout::new(0, move || {
        let slice_start = now();
        let (done, total, finished) = {
            let mut j = job.0.borrow_mut();
            while now() - slice_start < SLICE_MS && j.step() {}
            (j.done(), j.total(), j.is_finished())
        };
        progress.set((done, total));
        if finished {
            running.set(false);
            elapsed.set(Some(now() - start));
            t2.borrow_mut().take();
        } else {
            schedule(job, progress, running, elapsed, t2, start);
        }
    }));
}

#[derive(Properties, PartialEq)]
struct HeatmapProps {
    job: JobRef,
    metric: u8,
    best: Option<(i32, i32)>,
    selected: Option<(i32, i32)>,
    constraints: (Option<u32>, Option<u32>),
    running: bool,
    /// Twentieths done: the heatmap repaints as it fills in, not after every slice.
    progress: usize,
    on_pick: Callback<(i32, i32)>,
}

#[function_component(Heatmap)]
fn heatmap(p: &HeatmapProps) -> Html {
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
                cb.emit((s, u));
            }
        })
    };
    html! {
        <figure class="heatmap">
            <canvas ref={canvas} id="heatmap" width="480" height="480" {onclick} role="img"
                aria-label="Heatmap: maxSurge across, maxUnavailable down; outlined cells meet the constraints, the thick outline is the best" />
            <figcaption class="muted">{ "maxSurge → across, maxUnavailable ↓ down. Outlined: meets the constraints; thick: the fastest of those; grey: rejected by Kubernetes (both 0) or never finishes. Click a cell to load it." }</figcaption>
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
    let values: Vec<(f64, bool)> = job
        .cells
        .iter()
        .flatten()
        .filter_map(|o| metric.value(o))
        .collect();
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
            let color = match job.cell(s, u).and_then(|o| metric.value(o)) {
                None => "rgba(128,128,128,0.35)".to_string(),
                Some((v, more_is_worse)) => {
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
