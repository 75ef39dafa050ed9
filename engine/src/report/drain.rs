//! `rollout-lab sweep --axes preStop,grace`: failed requests and rollout duration for every
//! preStop sleep x grace period, the pair that loses nothing and finishes first, and the
//! arithmetic of the smallest pair.

use crate::sim::sweep::drain::{best_drain, DrainAxes, DrainCell};
use crate::sim::Scenario;
use std::fmt::Write as _;

/// The sweep as a table (one row per preStop, one column per grace period, each cell the
/// failed requests) or as one JSON object per pair.
pub fn drain_sweep_text(
    base: &Scenario,
    axes: &DrainAxes,
    cells: &[DrainCell],
    jsonl: bool,
) -> String {
    let mut out = String::new();
    if jsonl {
        for c in cells {
            let _ = writeln!(
                out,
                "{}",
                serde_json::json!({
                    "preStopSleep": c.pre_stop,
                    "terminationGracePeriodSeconds": c.grace,
                    "failedRequests": c.failed_requests,
                    "duration": c.duration,
                })
            );
        }
        return out;
    }
    let cfg = base.traffic.clone().unwrap_or_default();
    let _ = writeln!(
        out,
        "failed requests per preStop sleep (rows) x terminationGracePeriodSeconds (columns), {} in front:",
        cfg.front_end.as_str()
    );
    let _ = write!(out, "{:>8}", "preStop");
    for g in &axes.graces {
        let _ = write!(out, "{g:>6}");
    }
    out.push('\n');
    for p in &axes.pre_stops {
        let _ = write!(out, "{:>7}s", p);
        for g in &axes.graces {
            let cell = cells.iter().find(|c| c.pre_stop == *p && c.grace == *g);
            let _ = write!(
                out,
                "{:>6}",
                cell.map_or("-".into(), |c| c.failed_requests.to_string())
            );
        }
        out.push('\n');
    }
    match best_drain(cells) {
        Some(b) => {
            let _ = writeln!(
                out,
                "\nzero failed requests, finishing first: preStop {} s, terminationGracePeriodSeconds {} s (rollout {} s)",
                b.pre_stop,
                b.grace,
                b.duration.map_or("-".into(), crate::explain::format_number)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\nno pair in the sweep loses no request (preStop shorter than the grace period)"
            );
        }
    }
    let _ = writeln!(
        out,
        "the arithmetic: {}",
        crate::traffic::recommend::recommend(&cfg).arithmetic
    );
    out
}
