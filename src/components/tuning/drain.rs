//! The tuning panel's second sweep: every preStop sleep × grace period, each run with the
//! scenario's traffic, as two heatmaps (failed requests, and how long the rollout takes, since
//! longer drains keep old pods around), the pair that loses nothing and finishes first, and a
//! button to use it. Runs a preStop row per tick, so the page stays responsive.

use crate::i18n::tr;
use crate::state::ScenarioRef;
use gloo::timers::callback::Timeout;
use rollout_engine::sim::sweep::drain::{best_drain, run_drain_cell, DrainAxes, DrainCell};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrainSweepProps {
    pub scenario: ScenarioRef,
    /// Uses a pair: (preStop sleep, grace period) in seconds.
    pub on_use: Callback<(i64, i64)>,
}

/// Left margin and top margin of a grid, for its axis labels.
const AXIS: f64 = 28.0;

#[function_component(DrainSweep)]
pub fn drain_sweep(p: &DrainSweepProps) -> Html {
    let pre_stop_max = use_state(|| 15i64);
    let grace_max = use_state(|| 20i64);
    let cells = use_state(|| Rc::new(Vec::<DrainCell>::new()));
    let axes = use_state(|| None::<DrainAxes>);
    let running = use_state(|| false);
    // The pending tick: dropping it cancels the sweep.
    let tick = use_mut_ref(|| None::<Timeout>);
    // A new scenario makes the results stale.
    {
        let (cells, axes, tick, running) =
            (cells.clone(), axes.clone(), tick.clone(), running.clone());
        use_effect_with(p.scenario.version, move |_| {
            tick.borrow_mut().take();
            cells.set(Rc::new(Vec::new()));
            axes.set(None);
            running.set(false);
        });
    }
    let run = {
        let (scenario, cells, axes_state, running, tick) = (
            p.scenario.scenario.clone(),
            cells.clone(),
            axes.clone(),
            running.clone(),
            tick.clone(),
        );
        let (pre_stop_max, grace_max) = (*pre_stop_max, *grace_max);
        Callback::from(move |()| {
            let axes = DrainAxes::up_to(pre_stop_max, grace_max);
            axes_state.set(Some(axes.clone()));
            running.set(true);
            let acc = Rc::new(RefCell::new(Vec::new()));
            schedule_row(
                scenario.clone(),
                axes,
                0,
                acc,
                cells.clone(),
                running.clone(),
                tick.clone(),
            );
        })
    };
    let run = crate::hooks::use_after_render(run);
    let number = |state: UseStateHandle<i64>, max: i64| {
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(n) = v.trim().parse::<i64>() {
                state.set(n.clamp(0, max));
            }
        })
    };
    let best = best_drain(&cells).cloned();
    let use_best = {
        let (cb, best) = (p.on_use.clone(), best.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(b) = &best {
                cb.emit((b.pre_stop, b.grace));
            }
        })
    };
    let no_traffic = p.scenario.scenario.traffic.is_none();
    html! {
        <div class="drain-sweep" id="drain-sweep">
            <h3>{ tr("Every preStop sleep × grace period") }</h3>
            <p class="hint">{ tr("Each pair is one run with the scenario's traffic (turned on with its defaults if it is off): the requests that failed, and how long the rollout took until the last old pod was gone.") }</p>
            <div class="tuning-inputs">
                <label for="drain-pre-stop-max">{ tr("preStop from 0 to (s)") }
                    <input id="drain-pre-stop-max" type="number" min="0" max="300" value={pre_stop_max.to_string()} onchange={number(pre_stop_max.clone(), 300)} /></label>
                <label for="drain-grace-max">{ tr("grace period from 1 to (s)") }
                    <input id="drain-grace-max" type="number" min="1" max="300" value={grace_max.to_string()} onchange={number(grace_max.clone(), 300)} /></label>
            </div>
            <button id="run-drain-sweep" onclick={run} disabled={*running}>{ tr("Run the drain sweep") }</button>
            if no_traffic { <small class="hint">{ tr(" (traffic is off: it runs with the default traffic)") }</small> }
            if let Some(a) = axes.as_ref() {
                <div class="drain-maps">
                    <Grid id="drain-failed" title={tr("failed requests")} axes={a.clone()} cells={(*cells).clone()} duration={false}
                        best={best.as_ref().map(|b| (b.pre_stop, b.grace))} />
                    <Grid id="drain-duration" title={tr("rollout duration (s)")} axes={a.clone()} cells={(*cells).clone()} duration={true}
                        best={best.as_ref().map(|b| (b.pre_stop, b.grace))} />
                </div>
                <p id="drain-sweep-status" class="muted">{
                    if *running { format!("{} of {} pairs…", cells.len(), a.pre_stops.len() * a.graces.len()) }
                    else { format!("{} pairs run.", cells.len()) }
                }</p>
            }
            if !*running && axes.is_some() {
                <p id="drain-best">{ match &best {
                    Some(b) => crate::i18n::trf("No request lost, finishing first: preStop {pre_stop} s with a grace period of {grace} s (rollout {rollout} s).",
                        &[("pre_stop", &b.pre_stop), ("grace", &b.grace), ("rollout", &b.duration.map_or("-".into(), rollout_engine::explain::format_number))]),
                    None => crate::i18n::tr("No pair in the sweep loses no request with preStop shorter than the grace period: sweep further.").to_string(),
                } }</p>
                if best.is_some() { <button id="use-drain-best" onclick={use_best}>{ tr("Use it") }</button> }
            }
        </div>
    }
}

/// Runs preStop row `row`, then schedules the next one.
fn schedule_row(
    scenario: Rc<rollout_engine::Scenario>,
    axes: DrainAxes,
    row: usize,
    acc: Rc<RefCell<Vec<DrainCell>>>,
    cells: UseStateHandle<Rc<Vec<DrainCell>>>,
    running: UseStateHandle<bool>,
    tick: Rc<RefCell<Option<Timeout>>>,
) {
    let next_tick = tick.clone();
    let timeout = Timeout::new(0, move || {
        let Some(&pre_stop) = axes.pre_stops.get(row) else {
            running.set(false);
            next_tick.borrow_mut().take();
            return;
        };
        for &grace in &axes.graces {
            let cell = run_drain_cell(&scenario, pre_stop, grace);
            acc.borrow_mut().push(cell);
        }
        cells.set(Rc::new(acc.borrow().clone()));
        schedule_row(scenario, axes, row + 1, acc, cells, running, next_tick);
    });
    *tick.borrow_mut() = Some(timeout);
}

#[derive(Properties, PartialEq)]
struct GridProps {
    id: &'static str,
    title: &'static str,
    axes: DrainAxes,
    cells: Rc<Vec<DrainCell>>,
    /// Show the duration (else the failed requests).
    duration: bool,
    /// The pair to outline: no request lost, first to finish.
    best: Option<(i64, i64)>,
}

/// One heatmap: preStop down, grace period across; green is better.
#[function_component(Grid)]
fn grid(p: &GridProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.cells.clone(), p.axes.clone(), p.duration, p.best),
            move |(cells, axes, duration, best)| {
                if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                    paint(&el, axes, cells, *duration, *best);
                }
            },
        );
    }
    html! {
        <figure class="drain-grid">
            <canvas ref={canvas} id={p.id} role="img"
                aria-label={crate::i18n::trf("{title}: preStop sleep down, grace period across", &[("title", &p.title)])} />
            <figcaption>{ p.title }{ tr(" — preStop (s) down, grace period (s) across") }</figcaption>
        </figure>
    }
}

fn paint(
    el: &HtmlCanvasElement,
    axes: &DrainAxes,
    cells: &[DrainCell],
    duration: bool,
    best: Option<(i64, i64)>,
) {
    let Some((ctx, css, scale)) = crate::stage::draw::context(el) else {
        return;
    };
    let (rows, cols) = (axes.pre_stops.len(), axes.graces.len());
    let cell = ((css - AXIS) / cols as f64).max(2.0);
    let height = AXIS + cell * rows as f64;
    let (w, h) = (
        (css * scale).round() as u32,
        (height * scale).round() as u32,
    );
    if el.width() != w || el.height() != h {
        el.set_width(w);
        el.set_height(h);
        let _ = el.style().set_property("height", &format!("{height}px"));
    }
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, css, height);
    let value = |c: &DrainCell| {
        if duration {
            c.duration
        } else {
            Some(c.failed_requests as f64)
        }
    };
    let values: Vec<f64> = cells.iter().filter_map(value).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut best_at = None;
    for c in cells {
        let (Some(r), Some(k)) = (
            axes.pre_stops.iter().position(|&x| x == c.pre_stop),
            axes.graces.iter().position(|&x| x == c.grace),
        ) else {
            continue;
        };
        let colour = match value(c) {
            Some(v) => super::heatmap::ramp(if hi > lo { (v - lo) / (hi - lo) } else { 0.0 }),
            None => "rgba(128,128,128,0.3)".to_string(),
        };
        let (x, y) = (AXIS + k as f64 * cell, AXIS + r as f64 * cell);
        ctx.set_fill_style_str(&colour);
        ctx.fill_rect(x, y, cell - 0.5, cell - 0.5);
        // No request lost: outlined, so that "few" and "none" read apart.
        if c.failed_requests == 0 && cell >= 6.0 {
            ctx.set_stroke_style_str("rgba(0,0,0,0.55)");
            ctx.set_line_width(1.0);
            ctx.stroke_rect(x + 1.0, y + 1.0, cell - 2.5, cell - 2.5);
        }
        if best == Some((c.pre_stop, c.grace)) {
            best_at = Some((x, y));
        }
    }
    // Over its neighbours.
    if let Some((x, y)) = best_at {
        ctx.set_stroke_style_str("#326ce5");
        ctx.set_line_width(3.0);
        ctx.stroke_rect(x, y, cell, cell);
    }
    ctx.set_fill_style_str("#888");
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let every = |n: usize| (n as f64 / 8.0).ceil().max(1.0) as usize;
    for (k, g) in axes.graces.iter().enumerate().step_by(every(cols)) {
        let _ = ctx.fill_text(&g.to_string(), AXIS + (k as f64 + 0.2) * cell, AXIS / 2.0);
    }
    for (r, p) in axes.pre_stops.iter().enumerate().step_by(every(rows)) {
        let _ = ctx.fill_text(&p.to_string(), 2.0, AXIS + (r as f64 + 0.5) * cell);
    }
}
