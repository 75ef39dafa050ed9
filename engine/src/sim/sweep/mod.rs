//! Runs a scenario over many maxSurge x maxUnavailable pairs, each over many seeds: what each
//! setting costs and risks, with the odds; the figures behind tuning. [`job`] holds a sweep in
//! progress (a setting at a time, so that a page can spread it over frames or workers and
//! cancel it), [`stats`] what one setting's runs add up to, and [`front`] the settings worth
//! considering and the one that meets the user's objective.

pub mod canary;
pub mod drain;
pub mod front;
pub mod job;
pub mod stats;
pub mod workloads;

pub use front::{pareto_front, recommend, Objective, Recommendation};
pub use job::{run_cell, run_seeds, sweep, Cell, SweepJob};
pub use stats::Summary;

use super::runner::Simulation;
use super::scenario::{Action, Scenario};
use super::snapshot::counts;
use crate::api::validation::validate_rolling_update_deployment;
use crate::api::{RollingUpdateDeployment, StrategyType};
use crate::intstr::IntOrString;
use serde::{Deserialize, Serialize};

/// What one run of one setting cost and kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub max_surge: i32,
    pub max_unavailable: i32,
    /// The seed the run's pods drew their times from.
    pub seed: u64,
    /// Seconds from the first user action to the rollout's completion; `None` if it never
    /// completed before `until` (stuck).
    pub duration: Option<f64>,
    /// Most pods bound to nodes at once (terminating ones included): the capacity paid for.
    pub peak_pods: u32,
    /// Fewest available pods after the first action: the capacity kept.
    pub lowest_available: u32,
    /// Requests that failed, when the scenario models traffic.
    pub failed_requests: Option<u64>,
    /// Most nodes in the cluster at once (those the autoscaler is provisioning included).
    pub peak_nodes: u32,
    /// Most pods waiting at once for a node with room (Pending, unschedulable).
    pub peak_pending: u32,
}

#[cfg(test)]
impl Outcome {
    /// A run of a setting with these figures, for the statistics' tests.
    pub(crate) fn measured(
        (max_surge, max_unavailable): (i32, i32),
        duration: Option<f64>,
        peak_pods: u32,
        lowest_available: u32,
    ) -> Outcome {
        Outcome {
            max_surge,
            max_unavailable,
            duration,
            peak_pods,
            lowest_available,
            ..Outcome::default()
        }
    }
}

/// The scenario with maxSurge and maxUnavailable set to the given integers.
pub fn with_pair(base: &Scenario, max_surge: i32, max_unavailable: i32) -> Scenario {
    let mut s = base.clone();
    // An Argo Rollout's own values: the canary's, or blue-green's maxUnavailable.
    match s.rollout.as_mut().map(|r| &mut r.spec.strategy) {
        Some(crate::api::RolloutStrategy::Canary(c)) => {
            c.max_surge = Some(IntOrString::Int(max_surge));
            c.max_unavailable = Some(IntOrString::Int(max_unavailable));
        }
        Some(crate::api::RolloutStrategy::BlueGreen(b)) => {
            b.max_unavailable = Some(IntOrString::Int(max_unavailable));
        }
        _ => {}
    }
    s.deployment.spec.strategy.kind = StrategyType::RollingUpdate;
    s.deployment.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
        max_surge: Some(IntOrString::Int(max_surge)),
        max_unavailable: Some(IntOrString::Int(max_unavailable)),
    });
    s
}

/// Plays `base` (with its own seed) with maxSurge and maxUnavailable set to the given integers.
pub fn run_pair(base: &Scenario, max_surge: i32, max_unavailable: i32) -> Outcome {
    let mut o = run_scenario(&with_pair(base, max_surge, max_unavailable));
    o.max_surge = max_surge;
    o.max_unavailable = max_unavailable;
    o
}

/// Measures a whole scenario as it stands (its own strategy values, resolved; its own seed).
pub fn measure(s: &Scenario) -> Outcome {
    let d = &s.deployment;
    let (surge, unavailable) = (
        crate::controller::deployment::util::max_surge(d),
        crate::controller::deployment::util::max_unavailable(d),
    );
    let mut o = run_scenario(s);
    o.max_surge = surge;
    o.max_unavailable = unavailable;
    o
}

/// How long after its first action a rollout may take before it counts as never finishing: a
/// scenario's own end is for watching, and a slow rollout is not a stuck one.
pub const HORIZON_SECONDS: f64 = 3600.0;

/// Plays a scenario (for at least [`HORIZON_SECONDS`] after its first action) and measures the
/// rollout its first user action starts.
pub(crate) fn run_scenario(s: &Scenario) -> Outcome {
    run_scenario_driven(s, &mut |_| {})
}

/// [`run_scenario`] with `drive` called after every instant: it may schedule the next user
/// action from what it sees (a StatefulSet's partition lowered stage by stage).
pub(crate) fn run_scenario_driven(s: &Scenario, drive: &mut dyn FnMut(&mut Simulation)) -> Outcome {
    let start = s.events.iter().map(|e| e.at).fold(f64::INFINITY, f64::min);
    let start_ms = if start.is_finite() {
        (start * 1000.0) as i64
    } else {
        0
    };
    let horizon = (start.max(0.0) + HORIZON_SECONDS).min(crate::sim::scenario::MAX_UNTIL_SECONDS);
    let mut longer;
    let s = if s.until < horizon {
        longer = s.clone();
        longer.until = horizon;
        &longer
    } else {
        s
    };
    let mut sim = Simulation::new(s);
    sim.quiet();
    let mut peak = 0;
    let mut peak_nodes = 0;
    let mut peak_pending = 0;
    let mut lowest = u32::MAX;
    let mut done_at = None;
    while let Some(t) = sim.step() {
        drive(&mut sim);
        let k = counts(&sim.cluster);
        peak = peak.max(k.scheduled);
        let c = &sim.cluster;
        peak_nodes = peak_nodes.max(crate::autoscaler::group_size(c));
        let waiting = crate::scheduler::waiting_messages(c).len() as u32;
        peak_pending = peak_pending.max(waiting);
        if t < start_ms {
            continue;
        }
        lowest = lowest.min(k.available);
        let d = &sim.cluster.deployment;
        // Rolled out: every replica updated and no old pod left. A later dip in availability
        // (a node drained, a pod evicted) does not undo it; a new rollout does.
        let rolled_out =
            d.status.updated_replicas >= d.spec.replicas && k.old == 0 && has_rolled(s, &sim);
        let complete = rolled_out
            && crate::controller::deployment::util::deployment_complete(d, &d.status)
            && k.terminating == 0;
        if !rolled_out {
            done_at = None;
        } else if complete && done_at.is_none() {
            done_at = Some((t - start_ms) as f64 / 1000.0);
        }
    }
    let failed_requests = s.traffic.as_ref().map(|cfg| {
        // Requests can fail only while pods go: up to the later of the rollout's end and the
        // last user action, plus the front end's routing and a grace period. Counting past
        // that would only count successes.
        let last_event = s.events.iter().map(|e| e.at).fold(0.0, f64::max);
        let until = match done_at {
            Some(d) => {
                let settle = cfg.routing_stop_seconds()
                    + cfg.request_duration
                    + s.deployment.spec.template.grace_period_ms() as f64 / 1000.0
                    + 5.0;
                let end = (start_ms as f64 / 1000.0 + d).max(last_event) + settle;
                sim.until.min(crate::behaviour::seconds_to_millis(end))
            }
            None => sim.until,
        };
        crate::traffic::simulate(&sim.cluster, cfg, start_ms.min(until), until, false)
            .failed_total()
    });
    Outcome {
        max_surge: 0,
        max_unavailable: 0,
        seed: s.seed,
        duration: done_at,
        peak_pods: peak,
        lowest_available: if lowest == u32::MAX { 0 } else { lowest },
        failed_requests,
        peak_nodes,
        peak_pending,
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

/// The chosen strategy as a snippet to paste into a Deployment manifest.
pub fn strategy_snippet(max_surge: i32, max_unavailable: i32, min_ready_seconds: i32) -> String {
    format!(
        "spec:\n  minReadySeconds: {min_ready_seconds}\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {max_surge}\n      maxUnavailable: {max_unavailable}\n"
    )
}

#[cfg(test)]
mod tests;
