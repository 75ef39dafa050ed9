//! `rollout-lab sweep`: every maxSurge x maxUnavailable pair over its seeds, as a table or
//! jsonl; then the Pareto front and the recommendation under the objective.

use crate::explain::format_number;
use crate::sim::sweep::front::trade_line;
use crate::sim::sweep::{pareto_front, recommend, Objective, Summary, SweepJob};
use serde_json::json;

fn percent(share: f64) -> String {
    format!("{}%", format_number((share * 1000.0).round() / 10.0))
}

fn seconds(v: Option<f64>) -> String {
    v.map_or("stuck".into(), format_number)
}

fn setting_json(s: &Summary, objective: &Objective) -> serde_json::Value {
    json!({
        "kind": "setting",
        "maxSurge": s.max_surge,
        "maxUnavailable": s.max_unavailable,
        "runs": s.runs,
        "stuck": s.stuck,
        "durationP50": s.p50(),
        "durationP95": s.p95(),
        "durationWorst": s.worst(),
        "peakPods": s.peak_pods,
        "peakNodes": s.peak_nodes,
        "peakPending": s.peak_pending,
        "lowestAvailable": s.lowest_available,
        "belowFloor": s.share_below(objective.floor),
        "failedP95": s.failed_p95(),
        "verdict": objective.misses(s).map_or_else(|| "ok".into(), |m| m.to_string()),
    })
}

/// The sweep's report: one row (or jsonl object) per setting, the front, the recommendation.
pub fn sweep_text(job: &SweepJob, objective: &Objective, jsonl: bool) -> String {
    let summaries = job.summaries();
    let front = pareto_front(&summaries);
    let replicas = job.base().deployment.spec.replicas;
    let recommendation = recommend(&summaries, objective, job.base());
    let mut out = String::new();
    if jsonl {
        for s in &summaries {
            out.push_str(&setting_json(s, objective).to_string());
            out.push('\n');
        }
        for (i, s) in front.iter().enumerate() {
            let line = json!({
                "kind": "front",
                "maxSurge": s.max_surge,
                "maxUnavailable": s.max_unavailable,
                "trade": trade_line(&front, i, replicas).to_string(),
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        let last = match &recommendation {
            Ok(r) => json!({
                "kind": "recommendation",
                "maxSurge": r.summary.max_surge,
                "maxUnavailable": r.summary.max_unavailable,
                "statement": r.statement.to_string(),
                "snippet": r.snippet,
            }),
            Err(why) => json!({"kind": "recommendation", "none": why}),
        };
        out.push_str(&last.to_string());
        out.push('\n');
        return out;
    }
    let fixed = job.runs == 1 && job.seeds_asked > 1;
    out.push_str(&format!(
        "{} settings x {} run{} each ({} simulations){}; the floor is {} available{}\n\n",
        summaries.len(),
        job.runs,
        if job.runs == 1 { "" } else { "s" },
        summaries.len() * job.runs as usize,
        if fixed {
            ": every pod's times are fixed, so every seed gives the same run"
        } else {
            ""
        },
        objective.floor,
        objective
            .max_pods
            .map_or(String::new(), |m| format!(", at most {m} pods")),
    ));
    // Nodes and waiting pods are worth columns when the scenario models its nodes.
    let c = &job.base().cluster;
    let nodes_modelled = c.autoscaler.is_some() || c.capacity.is_some() || !c.node.is_unlimited();
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            let mut row = vec![
                s.max_surge.to_string(),
                s.max_unavailable.to_string(),
                seconds(s.p50()),
                seconds(s.p95()),
                seconds(s.worst()),
                s.peak_pods.to_string(),
                s.lowest_available.to_string(),
                format!(
                    "{}%",
                    format_number((s.share_below(objective.floor) * 1000.0).round() / 10.0)
                ),
                s.failed_p95().map_or("-".into(), |f| f.to_string()),
                objective
                    .misses(s)
                    .map_or_else(|| "ok".into(), |m| m.to_string()),
            ];
            if nodes_modelled {
                row.insert(7, s.peak_nodes.to_string());
                row.insert(8, s.peak_pending.to_string());
            }
            row
        })
        .collect();
    let mut headers = vec![
        "MAXSURGE",
        "MAXUNAVAILABLE",
        "P50(S)",
        "P95(S)",
        "WORST(S)",
        "PEAK PODS",
        "LOWEST AVAILABLE",
        "BELOW FLOOR",
        "FAILED P95",
        "VERDICT",
    ];
    if nodes_modelled {
        headers.insert(7, "PEAK NODES");
        headers.insert(8, "PENDING (MOST)");
    }
    out.push_str(&crate::kubectl::format::table(&headers, &rows));
    out.push_str(&format!(
        "\nworth considering ({} settings no other beats on duration p95, peak pods and lowest availability at once):\n",
        front.len()
    ));
    for i in 0..front.len() {
        out.push_str(&format!("  {}\n", trade_line(&front, i, replicas)));
    }
    match recommendation {
        Ok(r) => out.push_str(&format!("\nrecommended: {}\n\n{}", r.statement, r.snippet)),
        Err(why) => out.push_str(&format!("\n{why}\n")),
    }
    out
}

/// `run --seeds N`: how the scenario's own setting does over N seeds, as the distribution of
/// its outcome (text), or one object per run and a summary (jsonl).
pub fn seeds_text(
    s: &crate::sim::Scenario,
    runs: u32,
    objective: &Objective,
    jsonl: bool,
) -> String {
    let outcomes = crate::sim::sweep::run_seeds(s, runs);
    let summary = Summary::of(&outcomes);
    if jsonl {
        let mut out = String::new();
        for o in &outcomes {
            let mut v = serde_json::to_value(o).unwrap_or_default();
            v["kind"] = "run".into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
        let mut v = setting_json(&summary, objective);
        v["kind"] = "summary".into();
        out.push_str(&v.to_string());
        out.push('\n');
        return out;
    }
    let replicas = s.deployment.spec.replicas;
    let mut out = format!(
        "{} run{} of maxSurge {}, maxUnavailable {} (seeds {} to {}){}\n",
        summary.runs,
        if summary.runs == 1 { "" } else { "s" },
        summary.max_surge,
        summary.max_unavailable,
        s.seed,
        s.seed.wrapping_add(summary.runs as u64 - 1),
        if summary.runs == 1 && runs > 1 {
            ": every pod's times are fixed, so every seed gives the same run"
        } else {
            ""
        }
    );
    out.push_str(&format!(
        "duration: median {}, 95% within {}, worst {}\n",
        seconds_or_stuck(summary.p50()),
        seconds_or_stuck(summary.p95()),
        seconds_or_stuck(summary.worst())
    ));
    out.push_str(&format!(
        "pods at peak (worst run): {}; fewest available (worst run): {} of {replicas}; below {} available in {} of runs\n",
        summary.peak_pods,
        summary.lowest_available,
        objective.floor,
        percent(summary.share_below(objective.floor))
    ));
    if let Some(f) = summary.failed_p95() {
        out.push_str(&format!("failed requests: {f} at p95\n"));
    }
    out.push_str(&histogram(&summary));
    out
}

fn seconds_or_stuck(v: Option<f64>) -> String {
    v.map_or("never (stuck)".into(), |s| {
        crate::sim::sweep::front::duration(s).to_string()
    })
}

/// The durations as a text histogram: ten bins from the fastest to the slowest run.
fn histogram(s: &Summary) -> String {
    let (Some(&lo), Some(&hi)) = (s.durations.first(), s.durations.last()) else {
        return String::new();
    };
    if s.runs < 2 || hi <= lo {
        return String::new();
    }
    let bins = 10;
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for d in &s.durations {
        let i = (((d - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(1).max(1);
    let mut out = String::from("\n");
    for (i, n) in counts.iter().enumerate() {
        let from = lo + width * i as f64;
        out.push_str(&format!(
            "{:>9} s | {:<40} {n}\n",
            format_number((from * 10.0).round() / 10.0),
            "#".repeat((n * 40).div_ceil(most))
        ));
    }
    if s.stuck > 0 {
        out.push_str(&format!("    stuck | {}\n", s.stuck));
    }
    out
}
