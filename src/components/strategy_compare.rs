//! The same update three ways (the engine's `sim::compare`): a Deployment's rolling update, an
//! Argo canary with analysis and an Argo blue-green, with the requests each failed, the pods it
//! added and how long it took; each can be opened in the main view.

use crate::i18n::tr;
use crate::state::{Notice, ScenarioRef};
use rollout_engine::sim::compare::{compare_strategies, StrategyOutcome};
use rollout_engine::Scenario;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StrategyCompareProps {
    pub scenario: ScenarioRef,
    pub on_load: Callback<(Rc<Scenario>, Notice)>,
    /// Shows the `n`th strategy beside the current scenario, on one playhead.
    pub on_compare: Callback<usize>,
}

type Rows = Rc<Vec<(Rc<Scenario>, StrategyOutcome)>>;
type Cells = Rc<Vec<rollout_engine::sim::sweep::canary::CanaryCell>>;

#[function_component(StrategyCompare)]
pub fn strategy_compare(p: &StrategyCompareProps) -> Html {
    let rows = use_state(|| None::<Rows>);
    let cells = use_state(|| None::<Result<Cells, &'static str>>);
    {
        // A new scenario: the old comparison no longer holds.
        let (rows, cells) = (rows.clone(), cells.clone());
        use_effect_with(p.scenario.version, move |_| {
            rows.set(None);
            cells.set(None);
        });
    }
    let s = &p.scenario.scenario;
    let ready = s.traffic.is_some()
        && s.events
            .iter()
            .any(|e| matches!(e.action, rollout_engine::sim::Action::SetImage { .. }));
    let run = {
        let (rows, scenario) = (rows.clone(), p.scenario.scenario.clone());
        Callback::from(move |_| {
            let out: Vec<_> = compare_strategies(&scenario)
                .into_iter()
                .map(|(s, o)| (Rc::new(s), o))
                .collect();
            rows.set(Some(Rc::new(out)));
        })
    };
    let run = crate::hooks::use_after_render(run);
    let sweep = {
        let (cells, scenario) = (cells.clone(), p.scenario.scenario.clone());
        Callback::from(move |_| {
            use rollout_engine::sim::sweep::canary::{sweep_canary, CanaryAxes};
            cells.set(Some(
                sweep_canary(&scenario, &CanaryAxes::default())
                    .map(Rc::new)
                    .ok_or(crate::i18n::n_("Give the new image an errorRate (in its behaviour) first: the sweep measures how much of a bad version each canary lets through.")),
            ));
        })
    };
    let sweep = crate::hooks::use_after_render(sweep);
    let grid = match (*cells).clone() {
        None => html! {},
        Some(Err(why)) => html! { <p class="error" role="alert">{ tr(why) }</p> },
        Some(Ok(cells)) => {
            let axes = rollout_engine::sim::sweep::canary::CanaryAxes::default();
            let secs = |t: Option<f64>| t.map_or("-".to_string(), |t| format!("{t} s"));
            html! {
                <table class="compare-table" id="canary-sweep">
                    <caption>{ tr("setWeight W, pause P, analysis, setWeight 100: the bad version's errors · when it aborted · the fixed version's rollout") }</caption>
                    <thead><tr>
                        <th scope="col">{ tr("first weight \\ pause") }</th>
                        { for axes.pauses.iter().map(|p| html! { <th scope="col">{ format!("{p} s") }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for axes.weights.iter().map(|w| html! {
                            <tr>
                                <th scope="row">{ format!("{w}%") }</th>
                                { for cells.iter().filter(|c| c.weight == *w).map(|c| html! {
                                    <td>{ format!("{} · {} · {}", c.bad_version_errors, secs(c.aborted_after), secs(c.completed_after)) }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        }
    };
    html! {
        <section class="card" aria-labelledby="strategies-title" id="strategy-compare">
            <h2 id="strategies-title">{ tr("Deployment, canary or blue-green?") }</h2>
            <p class="hint">{ tr("The same update with the same traffic, rolled out three ways. Give the new image an errorRate (and errorsAfter) in its behaviour to see what each lets through: the canary's analysis fails at its first measurement after the errors start.") }</p>
            <button id="compare-strategies" onclick={run} disabled={!ready}>{ tr("Compare the three strategies") }</button>
            <button id="sweep-canary" onclick={sweep} disabled={!ready}>{ tr("Sweep the canary's first weight and pause") }</button>
            if !ready {
                <small class="hint">{ tr(" Needs traffic and an image change.") }</small>
            }
            { grid }
            if let Some(rows) = (*rows).clone() {
                <table class="compare-table">
                    <thead><tr>
                        <th scope="col">{ tr("strategy") }</th><th scope="col">{ tr("failed requests") }</th>
                        <th scope="col">{ tr("the new version's errors") }</th><th scope="col">{ tr("extra pods at peak") }</th>
                        <th scope="col">{ tr("took") }</th><th scope="col">{ tr("ended") }</th><th></th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().enumerate().map(|(i, (scenario, o))| {
                            let on_load = p.on_load.clone();
                            let (scenario, name) = (scenario.clone(), o.strategy);
                            let open = Callback::from(move |_| on_load.emit((scenario.clone(), Notice::info(crate::i18n::trf("Showing the update as: {name}.", &[("name", &name)])))));
                            html! {
                                <tr>
                                    <th scope="row">{ o.strategy }</th>
                                    <td>{ o.failed }</td>
                                    <td>{ o.app_errors }</td>
                                    <td>{ o.extra_pods }</td>
                                    <td>{ o.took.map_or("-".to_string(), |t| format!("{t} s")) }</td>
                                    <td>{ o.ended }</td>
                                    <td>
                                        <button id={format!("show-strategy-{i}")} onclick={open}>{ tr("Show") }</button>
                                        <button id={format!("beside-strategy-{i}")} onclick={p.on_compare.reform(move |_| i)}>{ tr("Beside the current") }</button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
