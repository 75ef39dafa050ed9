//! Tuning: every maxSurge x maxUnavailable pair run through the engine over many seeds (pods
//! draw their times), shown as heatmaps of duration percentiles, peak pods, availability and how
//! often it dropped below the floor; the recommendation under the objective, the settings worth
//! considering, and why the others miss. The sweep is sized before it starts and runs in Web
//! Workers (one per core), or between frames where workers cannot start; Cancel stops it.

mod drain;
mod heatmap;
mod histogram;
mod results;
mod runner;
pub mod workload;

use crate::i18n::{tr, trf};
use crate::state::ScenarioRef;
use heatmap::{Heatmap, Metric};
use histogram::CellRuns;
use results::{Findings, Results};
use rollout_engine::sim::sweep::{strategy_snippet, Objective, Summary, SweepJob};
use runner::{Mode, Runner};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A running or finished sweep, shared with the heatmap and the runner without copying.
#[derive(Clone)]
pub struct JobRef(pub Rc<std::cell::RefCell<SweepJob>>);

impl PartialEq for JobRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct TuningProps {
    pub scenario: ScenarioRef,
    pub min_ready_seconds: i32,
    pub on_use: Callback<(i32, i32)>,
    pub on_compare: Callback<Option<(i32, i32)>>,
    pub on_capacity: Callback<Option<u32>>,
    /// Uses a (preStop sleep, grace period) pair from the drain sweep.
    pub on_drain: Callback<(i64, i64)>,
}

/// "8,820".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Replicas beyond which the sweep's time is not estimated (timing one run would itself take
/// seconds).
const ESTIMATE_UP_TO_REPLICAS: i32 = 5_000;

/// What a sweep will take: its settings, its simulations, the runs per setting, and about how
/// many milliseconds of simulation, from one run timed now at each of three settings of the
/// grid (a slow one, the middle, a fast one; a run's cost varies tenfold across the grid),
/// summed over the grid by [`SweepJob::estimate_ms`].
fn sizing(
    scenario: &rollout_engine::Scenario,
    bound: i32,
    seeds: u32,
) -> (usize, usize, u32, Option<f64>) {
    let job = SweepJob::new(scenario.clone(), bound, seeds);
    let runs = job.total_runs();
    let estimate = (scenario.deployment.spec.replicas <= ESTIMATE_UP_TO_REPLICAS).then(|| {
        let timed = [(1, 0), (bound / 2, bound / 2), (bound, bound)].map(|(surge, unavailable)| {
            let start = now();
            let _ = rollout_engine::sim::sweep::job::run_cell(scenario, surge, unavailable, 1);
            (surge, unavailable, (now() - start).max(0.05))
        });
        job.estimate_ms(&timed)
    });
    (job.total(), runs, job.runs, estimate)
}

#[function_component(Tuning)]
pub fn tuning(p: &TuningProps) -> Html {
    let bound = use_state(|| 10i32);
    let seeds = use_state(|| 20u32);
    let floor = use_state(|| None::<u32>);
    let metric = use_state(|| Metric::DurationP95);
    let job = use_state(|| None::<JobRef>);
    let job_id = use_mut_ref(|| 0u64);
    let progress = use_state(|| (0usize, 0usize));
    let running = use_state(|| false);
    let selected = use_state(|| None::<(i32, i32)>);
    let hover = use_state(|| None::<(i32, i32)>);
    let pick_b = use_state(|| false);
    let elapsed = use_state(|| None::<f64>);
    let mode = use_state(|| None::<Mode>);
    let failure = use_state(|| None::<String>);
    // The running sweep; dropping it cancels it.
    let runner = use_mut_ref(|| None::<Runner>);

    let scenario = p.scenario.scenario.clone();
    let capacity = scenario.cluster.capacity;
    // The capacity shorthand is pods per node: not with a node shape that sets them, nor with
    // an autoscaler (whose nodes take the shape's pods).
    let shaped = scenario.cluster.node.pods.is_some() || scenario.cluster.autoscaler.is_some();
    let objective = {
        let mut o = Objective::default_for(&scenario);
        if let Some(f) = *floor {
            o.floor = f;
        }
        o
    };
    let size = use_memo((p.scenario.version, *bound, *seeds), {
        let scenario = scenario.clone();
        move |(_, bound, seeds)| sizing(&scenario, *bound, *seeds)
    });

    let run = {
        let (job, progress, running, elapsed, runner, job_id, mode, failure) = (
            job.clone(),
            progress.clone(),
            running.clone(),
            elapsed.clone(),
            runner.clone(),
            job_id.clone(),
            mode.clone(),
            failure.clone(),
        );
        let (scenario, bound, seeds) = (scenario.clone(), *bound, *seeds);
        Callback::from(move |_| {
            let j = JobRef(Rc::new(std::cell::RefCell::new(SweepJob::new(
                (*scenario).clone(),
                bound,
                seeds,
            ))));
            let total = j.0.borrow().total();
            job.set(Some(j.clone()));
            progress.set((0, total));
            running.set(true);
            elapsed.set(None);
            failure.set(None);
            *job_id.borrow_mut() += 1;
            let start = now();
            let on_progress = {
                let (j, progress) = (j.clone(), progress.clone());
                Callback::from(move |()| {
                    let b = j.0.borrow();
                    progress.set((b.done(), b.total()));
                })
            };
            let on_done = {
                let (running, elapsed, failure) =
                    (running.clone(), elapsed.clone(), failure.clone());
                Callback::from(move |error: Option<String>| {
                    running.set(false);
                    match error {
                        None => elapsed.set(Some(now() - start)),
                        Some(e) => failure.set(Some(e)),
                    }
                })
            };
            let r = Runner::start(j, *job_id.borrow(), on_progress, on_done);
            mode.set(Some(r.mode));
            *runner.borrow_mut() = Some(r);
        })
    };
    let cancel = {
        let (runner, running) = (runner.clone(), running.clone());
        Callback::from(move |_| {
            runner.borrow_mut().take();
            running.set(false);
        })
    };
    // A new scenario makes the old sweep stale: stop it. Loading one of its own settings (a
    // different maxSurge or maxUnavailable) does not.
    {
        let (runner, running, job) = (runner.clone(), running.clone(), job.clone());
        let basis = use_memo(p.scenario.version, {
            let scenario = scenario.clone();
            move |_| rollout_engine::sim::sweep::with_pair(&scenario, 0, 0)
        });
        use_effect_with(basis, move |_| {
            runner.borrow_mut().take();
            running.set(false);
            job.set(None);
        });
    }

    // After the effect above: a scenario changed by an edit just before the click must not
    // cancel the run it asked for.
    let ask_run = crate::hooks::use_after_render(run.clone());

    // What the finished (or cancelled) sweep found, under the current objective.
    let findings = use_memo((*job_id.borrow(), progress.0, *running, objective), {
        let job = (*job).clone();
        move |(_, _, running, objective)| {
            let j = job.filter(|_| !*running)?;
            let j = j.0.borrow();
            let summaries = j.summaries();
            Some((
                Findings::of(&summaries, objective, j.base()),
                j.is_finished(),
                j.rejected(),
                (j.done(), j.total()),
            ))
        }
    });
    let best_pair = findings
        .as_ref()
        .as_ref()
        .and_then(|(f, ..)| f.recommendation.as_ref().ok().map(|r| r.0));

    let cell_summary = |pair: Option<(i32, i32)>| -> Option<Summary> {
        let (s, u) = pair?;
        let j = job.as_ref()?.0.borrow();
        j.cell(s, u).map(Summary::of)
    };
    let hovered = cell_summary(*hover);
    let detail = cell_summary(*selected);

    let number = |state: UseStateHandle<i32>, max: i32| {
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(v) = v.trim().parse::<i32>() {
                state.set(v.clamp(1, max));
            }
        })
    };
    let on_seeds = {
        let seeds = seeds.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(v) = v.trim().parse::<u32>() {
                seeds.set(v.clamp(1, 1000));
            }
        })
    };
    let optional = |cb: Callback<Option<u32>>| {
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            cb.emit(v.trim().parse::<u32>().ok());
        })
    };
    let on_floor = {
        let floor = floor.clone();
        optional(Callback::from(move |v| floor.set(v)))
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            metric.set(
                Metric::ALL
                    .iter()
                    .find(|(_, id, _)| *id == v)
                    .map_or(Metric::DurationP95, |m| m.0),
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
    let on_use = {
        let (selected, on_use) = (selected.clone(), p.on_use.clone());
        Callback::from(move |pair| {
            selected.set(Some(pair));
            on_use.emit(pair);
        })
    };
    let on_hover = {
        let hover = hover.clone();
        Callback::from(move |pair| hover.set(pair))
    };
    let pct = if progress.1 == 0 {
        0.0
    } else {
        100.0 * progress.0 as f64 / progress.1 as f64
    };
    let (settings, simulations, runs_each, estimate_ms) = *size;
    let replicas = scenario.deployment.spec.replicas;
    let workers = runner::cores();
    let sizing_text = trf(
        "{settings} settings × {runs} run{s} = {simulations} simulations; {estimate} on {workers} worker{ws}{note}",
        &[
            ("settings", &settings),
            ("runs", &runs_each),
            ("s", &if runs_each == 1 { "" } else { "s" }),
            ("simulations", &thousands(simulations)),
            (
                "estimate",
                &match estimate_ms {
                    Some(ms) => trf(
                        "about {time}",
                        &[(
                            "time",
                            &crate::i18n::say(&rollout_engine::sim::sweep::front::duration(
                                ms / 1000.0 / workers as f64,
                            )),
                        )],
                    ),
                    None => trf(
                        "minutes at least with {replicas} replicas",
                        &[("replicas", &thousands(replicas as usize))],
                    ),
                },
            ),
            ("workers", &workers),
            ("ws", &if workers == 1 { "" } else { "s" }),
            (
                "note",
                &if runs_each == 1 && *seeds > 1 {
                    tr(" (every pod's times are fixed: one run stands for every seed)")
                } else {
                    ""
                },
            ),
        ],
    );
    let status = match (*running, *elapsed, &*failure) {
        (_, _, Some(e)) => trf("stopped: {error}", &[("error", e)]),
        (true, ..) => trf(
            "{done} of {total} settings",
            &[("done", &progress.0), ("total", &progress.1)],
        ),
        (false, Some(ms), _) => trf(
            "{total} settings in {seconds} s{workers}",
            &[
                ("total", &progress.1),
                ("seconds", &format!("{:.2}", ms / 1000.0)),
                (
                    "workers",
                    &match *mode {
                        Some(Mode::Workers(n)) => trf(
                            " on {n} worker{s}",
                            &[("n", &n), ("s", &if n == 1 { "" } else { "s" })],
                        ),
                        _ => String::new(),
                    },
                ),
            ],
        ),
        (false, None, _) if progress.1 > 0 && progress.0 < progress.1 => trf(
            "cancelled after {done} of {total} settings",
            &[("done", &progress.0), ("total", &progress.1)],
        ),
        _ => String::new(),
    };

    html! {
        <section class="card tuning" aria-labelledby="tuning-title">
            <h2 id="tuning-title">{ tr("Tuning: every maxSurge × maxUnavailable, over many deploys") }</h2>
            <div class="tuning-inputs">
                <label for="sweep-bound">{ tr("values from 0 to") }
                    <input id="sweep-bound" type="number" min="1" max="100" value={bound.to_string()} onchange={number(bound.clone(), 100)} /></label>
                <label for="sweep-seeds">{ tr("deploys per setting (seeds)") }
                    <input id="sweep-seeds" type="number" min="1" max="1000" value={seeds.to_string()} onchange={on_seeds} /></label>
                <label for="sweep-capacity">{ tr("cluster capacity (pods that fit)") }
                    <input id="sweep-capacity" type="number" min="0" placeholder={if shaped { tr("set by the nodes' pods") } else { tr("unlimited") }}
                        disabled={shaped} title={if shaped { tr("Pods per node and the autoscaler are set in Nodes and resources") } else { "" }}
                        value={capacity.map(|c| c.to_string()).unwrap_or_default()} onchange={optional(p.on_capacity.clone())} /></label>
                <label for="sweep-min-available">{ tr("fewest available the service stands") }
                    <input id="sweep-min-available" type="number" min="0" placeholder={objective.floor.to_string()}
                        value={floor.map(|c| c.to_string()).unwrap_or_default()} onchange={on_floor} /></label>
                <label for="sweep-metric">{ tr("heatmap of") }
                    <select id="sweep-metric" onchange={on_metric}>
                        { for Metric::ALL.iter().map(|(m, id, label)| html! { <option value={*id} selected={*m == *metric}>{ tr(label) }</option> }) }
                    </select></label>
            </div>
            <p class="muted" id="sweep-size">{ sizing_text }</p>
            if floor.is_none() {
                <p class="muted hint">{ trf("The floor defaults to what the current setting guarantees: {floor} of {replicas} available.", &[("floor", &objective.floor), ("replicas", &replicas)]) }</p>
            }
            <div class="inline">
                <button id="run-sweep" class="primary" onclick={ask_run} disabled={*running}>{ tr("Run sweep") }</button>
                <button id="cancel-sweep" onclick={cancel} disabled={!*running}>{ tr("Cancel") }</button>
                <progress id="sweep-progress" max="100" value={format!("{pct:.0}")} aria-label={tr("Sweep progress")}></progress>
                <span class="muted" id="sweep-status">{ status }</span>
            </div>
            if let Some(j) = job.as_ref() {
                <Heatmap job={j.clone()} metric={Metric::ALL.iter().position(|m| m.0 == *metric).unwrap_or(0) as u8}
                    best={best_pair} selected={*selected} {objective} running={*running}
                    progress={progress.0} on_pick={on_pick} on_hover={on_hover} />
            }
            if let Some(s) = hovered {
                <CellRuns summary={s} {objective} {replicas} />
            }
            if let Some((f, finished, rejected, (done, total))) = findings.as_ref().clone() {
                <Results findings={Rc::new(f)} rejected={rejected} on_use={on_use}
                    partial={(!finished).then(|| AttrValue::from(trf("Cancelled after {done} of {total} settings. ", &[("done", &done), ("total", &total)])))} />
            }
            if let Some(s) = detail {
                <div class="cell-detail" id="sweep-detail">
                    <p><strong>{ format!("maxSurge {}, maxUnavailable {}: ", s.max_surge, s.max_unavailable) }</strong>
                        { crate::i18n::trf("{figures}. ", &[("figures", &crate::i18n::say(&rollout_engine::sim::sweep::front::figures(&s, replicas)))]) }
                        { match objective.misses(&s) { None => tr("Meets the objective.").to_string(), Some(e) => trf("Misses: {why}.", &[("why", &crate::i18n::say(&e))]) } }
                    </p>
                    <pre class="terminal" id="strategy-snippet">{ strategy_snippet(s.max_surge, s.max_unavailable, p.min_ready_seconds) }</pre>
                    <button id="pick-b" aria-pressed={pick_b.to_string()} onclick={{ let pick_b = pick_b.clone(); Callback::from(move |_| pick_b.set(!*pick_b)) }}>
                        { if *pick_b { tr("Now click the setting B to compare…") } else { tr("Compare with another setting…") } }
                    </button>
                    <small class="hint">{ tr(" (or Shift+click a cell)") }</small>
                </div>
            }
            <drain::DrainSweep scenario={p.scenario.clone()} on_use={p.on_drain.clone()} />
        </section>
    }
}
