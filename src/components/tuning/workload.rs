//! Tuning a StatefulSet or a DaemonSet over its own knobs (the engine's
//! `sim::sweep::workloads`): a StatefulSet's stages (the partition lowered stage by stage) ×
//! maxUnavailable; a DaemonSet's maxUnavailable or maxSurge, in nodes and in percent of them.
//! Each setting is one run on the scenario's seed: a few milliseconds, run on the click.

use crate::i18n::tr;
use crate::state::ScenarioRef;
use rollout_engine::manifest::WorkloadKind;
use rollout_engine::sim::sweep::workloads::{
    sweep_daemon_set, sweep_stateful_set, WorkloadCell, STAGE_HOLD_SECONDS,
};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorkloadSweepProps {
    pub scenario: ScenarioRef,
    /// Loads a DaemonSet's (maxUnavailable, maxSurge) into the settings.
    pub on_use: Callback<(String, String)>,
}

#[function_component(WorkloadSweep)]
pub fn workload_sweep(p: &WorkloadSweepProps) -> Html {
    let cells = use_state(|| None::<Rc<Vec<WorkloadCell>>>);
    {
        // A new scenario: the old figures no longer hold.
        let cells = cells.clone();
        use_effect_with(p.scenario.version, move |_| cells.set(None));
    }
    let s = &p.scenario.scenario;
    let stateful = s.kind == WorkloadKind::StatefulSet;
    let run = {
        let (cells, scenario) = (cells.clone(), p.scenario.scenario.clone());
        Callback::from(move |_| {
            let out = if scenario.kind == WorkloadKind::StatefulSet {
                sweep_stateful_set(&scenario)
            } else {
                sweep_daemon_set(&scenario)
            };
            cells.set(Some(Rc::new(out)));
        })
    };
    let run = crate::hooks::use_after_render(run);
    let secs = |t: Option<f64>| {
        t.map_or(crate::i18n::tr("did not finish").to_string(), |t| {
            format!("{} s", rollout_engine::explain::format_number(t))
        })
    };
    let traffic = s.traffic.is_some();
    let best = (*cells).as_ref().and_then(|c| {
        c.iter()
            .enumerate()
            .filter(|(_, c)| c.outcome.duration.is_some())
            .max_by(|(_, a), (_, b)| {
                let key = |c: &WorkloadCell| {
                    (
                        c.outcome.lowest_available,
                        -c.outcome.duration.unwrap_or(f64::MAX),
                    )
                };
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(i, _)| i)
    });
    let title = if stateful {
        crate::i18n::tr("Tuning the StatefulSet: stages of the partition × maxUnavailable")
    } else {
        crate::i18n::tr("Tuning the DaemonSet: maxUnavailable or maxSurge, of the nodes")
    };
    html! {
        <section class="card tuning" aria-labelledby="workload-sweep-title">
            <h2 id="workload-sweep-title">{ title }</h2>
            <p class="muted">{ if stateful {
                crate::i18n::trf("Each stage lowers the partition so that a share of the ordinals (from the top) is updated, and is held {hold} s once they are available, as you would watch the first pods before going on. maxUnavailable unset is the MaxUnavailableStatefulSet feature off: one pod at a time.", &[("hold", &rollout_engine::explain::format_number(STAGE_HOLD_SECONDS))])
            } else {
                crate::i18n::tr("A DaemonSet sets exactly one of them: maxUnavailable deletes old pods first (nodes go without one), maxSurge starts the new pod beside the old (a node runs two). Percentages are of the nodes that run the pod, rounded up.").to_string()
            } }</p>
            <button id="run-workload-sweep" class="primary" onclick={run}>{ tr("Run sweep") }</button>
            if let Some(rows) = (*cells).clone() {
                <table class="compare" id="workload-sweep">
                    <thead><tr>
                        <th scope="col">{ tr("setting") }</th><th scope="col">{ tr("rollout took") }</th>
                        <th scope="col">{ tr("most pods") }</th><th scope="col">{ tr("fewest available") }</th>
                        if traffic { <th scope="col">{ tr("failed requests") }</th> }
                        if !stateful { <th scope="col"></th> }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().enumerate().map(|(i, c)| {
                            let o = &c.outcome;
                            let setting = c.setting.clone();
                            let use_it = p.on_use.reform(move |_: MouseEvent| {
                                // "maxUnavailable X, maxSurge Y"
                                let mut parts = setting.split(", ").map(|p| p.rsplit(' ').next().unwrap_or("").to_string());
                                (parts.next().unwrap_or_default(), parts.next().unwrap_or_default())
                            });
                            html! {
                                <tr class={classes!((Some(i) == best).then_some("best"))}>
                                    <th scope="row">{ c.setting.clone() }{ if Some(i) == best { " ★" } else { "" } }</th>
                                    <td>{ secs(o.duration) }</td>
                                    <td>{ o.peak_pods }</td>
                                    <td>{ o.lowest_available }</td>
                                    if traffic { <td>{ o.failed_requests.unwrap_or(0) }</td> }
                                    if !stateful { <td><button class="link" onclick={use_it}>{ tr("use") }</button></td> }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <p class="muted">{ tr("★ keeps the most pods available, then finishes first.") }</p>
            }
        </section>
    }
}
