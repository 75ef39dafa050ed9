//! What a sweep found: the recommendation under the objective (as an objective the user can
//! read back: "finishes within 6 min in 95% of runs, never below 18 of 20 available, at most 25
//! pods") with its snippet, the settings worth considering (the Pareto front), and why the
//! others miss.

use crate::i18n::tr;
use rollout_engine::sentence::Sentence;
use rollout_engine::sim::sweep::front::trade_line;
use rollout_engine::sim::sweep::{pareto_front, recommend, Objective, Summary};
use rollout_engine::Scenario;
use yew::prelude::*;

/// What the results say, computed once per finished (or cancelled) sweep and objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Findings {
    /// The recommendation, as (maxSurge, maxUnavailable), its statement and its snippet; or why
    /// none meets the objective.
    pub recommendation: Result<((i32, i32), Sentence, String), Sentence>,
    /// The Pareto front: (pair, its trade line).
    pub front: Vec<((i32, i32), Sentence)>,
    /// Why the others miss, grouped: (reason, how many).
    pub misses: Vec<(String, usize)>,
}

impl Findings {
    pub fn of(summaries: &[Summary], objective: &Objective, scenario: &Scenario) -> Findings {
        let replicas = scenario.deployment.spec.replicas;
        let front = pareto_front(summaries);
        let lines = (0..front.len())
            .map(|i| {
                (
                    (front[i].max_surge, front[i].max_unavailable),
                    trade_line(&front, i, replicas),
                )
            })
            .collect();
        let mut misses: Vec<(String, usize)> = Vec::new();
        for s in summaries {
            if let Some(why) = objective.misses(s) {
                let english = why.to_string();
                let kind = if english.starts_with("stuck") {
                    crate::i18n::tr("never finish in some runs").to_string()
                } else if english.starts_with("drops") {
                    crate::i18n::trf(
                        "drop below {floor} available",
                        &[("floor", &objective.floor)],
                    )
                } else if english.starts_with("needs") {
                    crate::i18n::tr("need more pods than the cluster holds").to_string()
                } else {
                    crate::i18n::say(&why)
                };
                match misses.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => misses.push((kind, 1)),
                }
            }
        }
        Findings {
            recommendation: recommend(summaries, objective, scenario).map(|r| {
                (
                    (r.summary.max_surge, r.summary.max_unavailable),
                    r.statement,
                    r.snippet,
                )
            }),
            front: lines,
            misses,
        }
    }
}

/// Front settings listed before "the other N".
const SHOWN: usize = 6;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub findings: std::rc::Rc<Findings>,
    /// "Cancelled after k of n settings. " when the sweep did not finish.
    pub partial: Option<AttrValue>,
    pub rejected: usize,
    pub on_use: Callback<(i32, i32)>,
}

#[function_component(Results)]
pub fn results(p: &ResultsProps) -> Html {
    let f = &p.findings;
    let among = if p.partial.is_some() {
        crate::i18n::tr(" among the settings run (a partial sweep)")
    } else {
        ""
    };
    let mut why: Vec<String> = f
        .misses
        .iter()
        .map(|(k, n)| crate::i18n::trf("{n} {kind}", &[("n", n), ("kind", k)]))
        .collect();
    if p.rejected > 0 {
        why.push(crate::i18n::trf(
            "{n} rejected by Kubernetes (maxSurge and maxUnavailable both 0)",
            &[("n", &p.rejected)],
        ));
    }
    let others = if why.is_empty() {
        String::new()
    } else {
        crate::i18n::trf(
            " Of the others: {why}.",
            &[("why", &why.join(crate::i18n::tr("; ")))],
        )
    };
    let pick = |pair: (i32, i32)| p.on_use.reform(move |_: MouseEvent| pair);
    html! {
        <div class="sweep-results">
            <p class="outcome" id="sweep-best">
                { p.partial.clone().unwrap_or_default() }
                { match &f.recommendation {
                    Ok((_, statement, _)) => crate::i18n::trf(
                        "Recommended{among}: {statement}.{others}",
                        &[("among", &among), ("statement", &crate::i18n::say(statement)), ("others", &others)],
                    ),
                    Err(why) => crate::i18n::trf(
                        "{why}{among}.{others}",
                        &[("why", &capitalise(&crate::i18n::say(why))), ("among", &among), ("others", &others)],
                    ),
                } }
            </p>
            if let Ok((pair, _, snippet)) = &f.recommendation {
                <pre class="terminal" id="recommended-snippet">{ snippet.clone() }</pre>
                <button id="use-recommended" onclick={pick(*pair)}>{ tr("Use this setting") }</button>
            }
            if !f.front.is_empty() {
                <h3>{ crate::i18n::trf("Worth considering: {n} settings no other beats on duration (p95), pods at peak and availability at once", &[("n", &f.front.len())]) }</h3>
                <ul class="front" id="sweep-front">
                    { for f.front.iter().take(SHOWN).map(|(pair, line)| html! {
                        <li><button class="link" onclick={pick(*pair)} title={tr("Load this setting")}>{ crate::i18n::say(line) }</button></li>
                    }) }
                </ul>
                if f.front.len() > SHOWN {
                    <details class="more">
                        <summary>{ crate::i18n::trf("the other {n}", &[("n", &(f.front.len() - SHOWN))]) }</summary>
                        <ul class="front">
                            { for f.front.iter().skip(SHOWN).map(|(pair, line)| html! {
                                <li><button class="link" onclick={pick(*pair)} title={tr("Load this setting")}>{ crate::i18n::say(line) }</button></li>
                            }) }
                        </ul>
                    </details>
                }
            }
        </div>
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
