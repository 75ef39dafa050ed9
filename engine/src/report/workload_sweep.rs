//! `rollout-lab sweep` of a StatefulSet or DaemonSet: each setting of its own knobs, with what
//! it took, what it cost and what it kept.

use crate::manifest::WorkloadKind;
use crate::sim::sweep::workloads::{sweep_daemon_set, sweep_stateful_set, STAGE_HOLD_SECONDS};
use crate::sim::Scenario;
use std::fmt::Write as _;

/// The sweep's table, and which setting finishes first while keeping the most pods available.
pub fn workload_sweep_text(s: &Scenario) -> Result<String, String> {
    let cells = match s.kind {
        WorkloadKind::StatefulSet => sweep_stateful_set(s),
        WorkloadKind::DaemonSet => sweep_daemon_set(s),
        _ => return Err("the workload sweep is for a StatefulSet or a DaemonSet".into()),
    };
    let secs = |t: Option<f64>| {
        t.map_or("stuck".into(), |t| {
            format!("{} s", crate::explain::format_number(t))
        })
    };
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|c| {
            let o = &c.outcome;
            let mut row = vec![
                c.setting.clone(),
                secs(o.duration),
                o.peak_pods.to_string(),
                o.lowest_available.to_string(),
            ];
            if let Some(f) = o.failed_requests {
                row.push(f.to_string());
            }
            row
        })
        .collect();
    let mut headers = vec!["SETTING", "DURATION", "PEAK-PODS", "LOWEST-AVAILABLE"];
    if s.traffic.is_some() {
        headers.push("FAILED-REQUESTS");
    }
    let mut out = crate::kubectl::format::table(&headers, &rows);
    if s.kind == WorkloadKind::StatefulSet {
        let _ = writeln!(
            out,
            "\nStages: the partition is lowered stage by stage, each stage held {} s once its ordinals are available.",
            crate::explain::format_number(STAGE_HOLD_SECONDS)
        );
    }
    let best = cells
        .iter()
        .filter(|c| c.outcome.duration.is_some())
        .max_by(|a, b| {
            let key = |c: &crate::sim::sweep::workloads::WorkloadCell| {
                (
                    c.outcome.lowest_available,
                    -c.outcome.duration.unwrap_or(f64::MAX),
                )
            };
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    if let Some(b) = best {
        let _ = writeln!(
            out,
            "Keeps the most pods available ({}), then the fastest: {} ({}).",
            b.outcome.lowest_available,
            b.setting,
            secs(b.outcome.duration)
        );
    }
    Ok(out)
}
