//! `rollout-lab compare`: the three strategies' outcomes as a table, with what they mean.

use crate::sim::compare::{compare_strategies, StrategyOutcome};
use crate::sim::Scenario;
use std::fmt::Write;

/// The comparison's table; an error when the scenario has no traffic or no update to compare.
pub fn compare_text(s: &Scenario) -> Result<String, String> {
    if s.traffic.is_none() {
        return Err("compare needs the scenario's traffic section (the requests it counts)".into());
    }
    if !s.events.iter().any(|e| {
        matches!(
            e.action,
            crate::sim::Action::SetImage { .. } | crate::sim::Action::Apply(_)
        )
    }) {
        return Err("compare needs an update to roll out: a setImage or apply event".into());
    }
    let outcomes: Vec<StrategyOutcome> =
        compare_strategies(s).into_iter().map(|(_, o)| o).collect();
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            vec![
                o.strategy.to_string(),
                o.failed.to_string(),
                o.app_errors.to_string(),
                o.extra_pods.to_string(),
                o.took.map_or("-".into(), |t| {
                    format!("{} s", crate::explain::format_number(t))
                }),
                o.ended.to_string(),
            ]
        })
        .collect();
    let mut out = crate::kubectl::format::table(
        &[
            "STRATEGY",
            "FAILED",
            "BAD-VERSION",
            "EXTRA-PODS",
            "TOOK",
            "ENDED",
        ],
        &rows,
    );
    let _ = writeln!(
        out,
        "\nFAILED counts every request that failed over the {} s; BAD-VERSION those the new version answered with its own errors; EXTRA-PODS the most pods beyond the {} replicas at once; TOOK from the update until the rollout completed or aborted.",
        crate::explain::format_number(s.until),
        s.deployment.spec.replicas
    );
    Ok(out)
}

/// `rollout-lab sweep --axes weight,pause`: the canary's first step against the bad version and
/// the fixed one.
pub fn canary_sweep_text(s: &Scenario) -> Result<String, String> {
    use crate::sim::sweep::canary::{sweep_canary, CanaryAxes};
    if s.traffic.is_none() {
        return Err("the canary sweep needs the scenario's traffic section".into());
    }
    let Some(cells) = sweep_canary(s, &CanaryAxes::default()) else {
        return Err("the canary sweep needs a bad version: give the new image an errorRate (and errorsAfter)".into());
    };
    let secs = |t: Option<f64>| {
        t.map_or("-".into(), |t| {
            format!("{} s", crate::explain::format_number(t))
        })
    };
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|c| {
            vec![
                format!("{}%", c.weight),
                format!("{} s", c.pause),
                c.bad_version_errors.to_string(),
                secs(c.aborted_after),
                secs(c.completed_after),
            ]
        })
        .collect();
    let mut out = crate::kubectl::format::table(
        &[
            "WEIGHT",
            "PAUSE",
            "BAD-VERSION-ERRORS",
            "ABORTED-AFTER",
            "FIXED-COMPLETES-AFTER",
        ],
        &rows,
    );
    if let Some(best) = cells
        .iter()
        .min_by_key(|c| (c.bad_version_errors, c.completed_after.map(|t| t as i64)))
    {
        let _ = writeln!(
            out,
            "\nSteps: setWeight W, pause P, analysis (a measurement every 10 s, failing at the first after the errors start), setWeight 100. Fewest errors: setWeight {}% with a {} s pause ({} errors; the fixed version completes after {}).",
            best.weight,
            best.pause,
            best.bad_version_errors,
            secs(best.completed_after)
        );
    }
    Ok(out)
}
