//! `rollout-lab sweep`: every maxSurge x maxUnavailable pair, as a table or jsonl.

use crate::sim::Scenario;

/// `sweep`: every pair's outcome as a table (or jsonl), with the verdicts and the best.
pub fn sweep_text(
    scenario: &Scenario,
    max: i32,
    min_available: Option<u32>,
    jsonl: bool,
) -> String {
    use crate::sim::sweep::{best, sweep, verdict, Constraints};
    let outcomes = sweep(scenario, max);
    let c = Constraints {
        min_available,
        max_failed_requests: None,
    };
    let capacity = scenario.cluster.capacity;
    let mut out = String::new();
    if jsonl {
        for o in &outcomes {
            let mut v = serde_json::to_value(o).unwrap_or_default();
            v["verdict"] = match verdict(o, &c, capacity) {
                Ok(()) => "ok".into(),
                Err(e) => e.into(),
            };
            out.push_str(&v.to_string());
            out.push('\n');
        }
        if let Some(b) = best(&outcomes, &c, capacity) {
            let mut v = serde_json::to_value(b).unwrap_or_default();
            v["kind"] = "best".into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
        return out;
    }
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            vec![
                o.max_surge.to_string(),
                o.max_unavailable.to_string(),
                o.duration
                    .map_or("stuck".into(), crate::explain::format_number),
                o.peak_pods.to_string(),
                o.lowest_available.to_string(),
                o.failed_requests.map_or("-".into(), |f| f.to_string()),
                verdict(o, &c, capacity)
                    .err()
                    .unwrap_or_else(|| "ok".into()),
            ]
        })
        .collect();
    out.push_str(&crate::kubectl::format::table(
        &[
            "MAXSURGE",
            "MAXUNAVAILABLE",
            "DURATION(S)",
            "PEAK PODS",
            "LOWEST AVAILABLE",
            "FAILED REQUESTS",
            "VERDICT",
        ],
        &rows,
    ));
    match best(&outcomes, &c, capacity) {
        Some(b) => out.push_str(&format!(
            "\nbest: maxSurge {} maxUnavailable {}: done in {} s, {} pods at peak, never fewer than {} available\n",
            b.max_surge,
            b.max_unavailable,
            b.duration.map_or("?".into(), crate::explain::format_number),
            b.peak_pods,
            b.lowest_available
        )),
        None => out.push_str("\nno setting meets the constraints\n"),
    }
    out
}
