//! Runs a scenario over many maxSurge x maxUnavailable pairs: the figures behind tuning.

use super::runner::Simulation;
use super::scenario::{Action, Scenario};
use super::snapshot::counts;
use crate::api::validation::validate_rolling_update_deployment;
use crate::api::{RollingUpdateDeployment, StrategyType};
use crate::intstr::IntOrString;

/// What one setting cost and kept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub max_surge: i32,
    pub max_unavailable: i32,
    /// Seconds from the first user action to the rollout's completion; `None` if it never
    /// completed before `until`.
    pub duration: Option<f64>,
    /// Most pods that existed at once (terminating ones included): the capacity paid for.
    pub peak_pods: u32,
    /// Fewest available pods after the first action: the capacity kept.
    pub lowest_available: u32,
}

/// Plays `base` with maxSurge and maxUnavailable set to the given integers.
pub fn run_pair(base: &Scenario, max_surge: i32, max_unavailable: i32) -> Outcome {
    let mut s = base.clone();
    s.deployment.spec.strategy.kind = StrategyType::RollingUpdate;
    s.deployment.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
        max_surge: Some(IntOrString::Int(max_surge)),
        max_unavailable: Some(IntOrString::Int(max_unavailable)),
    });
    let start = s.events.iter().map(|e| e.at).fold(f64::INFINITY, f64::min);
    let start_ms = if start.is_finite() {
        (start * 1000.0) as i64
    } else {
        0
    };
    let mut sim = Simulation::new(&s);
    let mut peak = 0;
    let mut lowest = u32::MAX;
    let mut done_at = None;
    let mut acted = false;
    while let Some(t) = sim.step() {
        let k = counts(&sim.cluster);
        peak = peak.max(k.total);
        if t >= start_ms {
            lowest = lowest.min(k.available);
            acted = true;
        }
        let d = &sim.cluster.deployment;
        let complete = crate::controller::deployment::util::deployment_complete(d, &d.status)
            && k.old == 0
            && k.terminating == 0;
        if acted && complete && done_at.is_none() && has_rolled(&s, &sim) {
            done_at = Some((t - start_ms) as f64 / 1000.0);
        } else if !complete {
            done_at = None;
        }
    }
    Outcome {
        max_surge,
        max_unavailable,
        duration: done_at,
        peak_pods: peak,
        lowest_available: if lowest == u32::MAX { 0 } else { lowest },
    }
}

/// The rollout happened: the Deployment's template is no longer the initial one, or nothing
/// asked it to change.
fn has_rolled(s: &Scenario, sim: &Simulation) -> bool {
    let changes = s
        .events
        .iter()
        .any(|e| matches!(e.action, Action::SetImage { .. } | Action::Apply(_)));
    !changes || sim.cluster.deployment.spec.template != s.deployment.spec.template
}

/// Whether Kubernetes accepts the pair (both literally 0 is rejected).
pub fn valid_pair(max_surge: i32, max_unavailable: i32) -> bool {
    validate_rolling_update_deployment(
        &IntOrString::Int(max_surge),
        &IntOrString::Int(max_unavailable),
        "spec",
    )
    .is_empty()
}

/// Every valid pair from 0 to `bound` on both axes, row by row.
pub fn sweep(base: &Scenario, bound: i32) -> Vec<Outcome> {
    let mut out = Vec::new();
    for u in 0..=bound {
        for s in 0..=bound {
            if valid_pair(s, u) {
                out.push(run_pair(base, s, u));
            }
        }
    }
    out
}
