//! Tuning: every maxSurge x maxUnavailable pair run through the engine, shown as heatmaps of
//! duration, peak pods, lowest available and failed requests, with the user's constraints, the
//! fastest setting that meets them, and why the others do not. The sweep runs in slices of a
//! few milliseconds between frames, with a progress bar and a Cancel button.

use super::heatmap::{Heatmap, JobRef, Metric};
use crate::state::ScenarioRef;
use gloo::timers::callback::Timeout;
use rollout_engine::explain::format_number;
use rollout_engine::sim::sweep::{best, strategy_snippet, verdict, Constraints, Outcome, SweepJob};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TuningProps {
    pub scenario: ScenarioRef,
    pub min_ready_seconds: i32,
    pub on_use: Callback<(i32, i32)>,
    pub on_compare: Callback<Option<(i32, i32)>>,
    pub on_capacity: Callback<Option<u32>>,
}

/// at 60 Hz while a sweep runs), long enough that the sweep is not slowed by the handovers.
const SLICE_MS: f64 = 24.0;

#[function_component(Tuning)]
pub fn tuning(p: &TuningProps) -> Html {
    let bound = use_state(|| 10i32);
    let tolerated = use_state(|| None::<u32>);
    let metric = use_state(|| Metric::Duration);
    let job = use_state(|| None::<JobRef>);
    let progress = use_state(|| (0usize, 0usize));
    let running = use_state(|| false);
    let selected = use_state(|| None::<(i32, i32)>);
    let pick_b = use_state(|| false);
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
        let (scenario, bound) = (p.scenario.scenario.clone(), *bound);
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
        // Compared only when the scenario's version changes.
        let basis = use_memo(p.scenario.version, {
            let scenario = p.scenario.scenario.clone();
            move |_| rollout_engine::sim::sweep::with_pair(&scenario, 0, 0)
        });
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
            let outcomes: Vec<Outcome> = j.outcomes().copied().collect();
            // A cancelled sweep says so, and what it found holds only for what it ran.
            let (partial, among) = if j.is_finished() {
                (String::new(), "")
            } else {
                (
                    format!("Cancelled after {} of {} settings. ", j.done(), j.total()),
                    " among those run (a partial sweep)",
                )
            };
            let (best_pair, summary) = match best(&outcomes, &constraints, capacity) {
                Some(b) => (
                    Some((b.max_surge, b.max_unavailable)),
                    format!(
                        "{partial}Fastest that meets the constraints{among}: maxSurge {} and maxUnavailable {}: done in {} s, {} pods at peak, never fewer than {} available.",
                        b.max_surge,
                        b.max_unavailable,
                        b.duration.map_or("?".into(), format_number),
                        b.peak_pods,
                        b.lowest_available
                    ),
                ),
                None => (None, format!("{partial}No setting{among} meets the constraints.")),
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
            let rejected = j.rejected();
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
    // A click loads the setting into the main view; in "pick B" mode (or with Shift held) it
    // becomes setting B, compared with the current one instead.
    let on_pick = {
        let (selected, on_use, on_compare, pick_b) = (
            selected.clone(),
            p.on_use.clone(),
            p.on_compare.clone(),
            pick_b.clone(),
        );
        Callback::from(move |(pair, shift): ((i32, i32), bool)| {
            if shift || *pick_b {
                on_compare.emit(Some(pair));
                pick_b.set(false);
            } else {
                selected.set(Some(pair));
                on_use.emit(pair);
            }
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
                        (false, None) if progress.1 > 0 && progress.0 < progress.1 => {
                            format!("cancelled after {} of {} settings", progress.0, progress.1)
                        }
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
                    <button id="pick-b" aria-pressed={pick_b.to_string()} onclick={{ let pick_b = pick_b.clone(); Callback::from(move |_| pick_b.set(!*pick_b)) }}>
                        { if *pick_b { "Now click the setting B to compare…" } else { "Compare with another setting…" } }
                    </button>
                    <small class="hint">{ " (or Shift+click a cell)" }</small>
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
