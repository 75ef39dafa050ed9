//! The Deployment controller (`pkg/controller/deployment`).

pub mod progress;
pub mod recreate;
pub mod rolling;
pub mod sync;
pub mod util;

use crate::api::StrategyType;
use crate::cluster::Cluster;
use crate::trace::{seconds, Record};

/// Mirrors `DeploymentController.syncDeployment`: one sync of the Deployment, which makes at most
/// one phase of changes and writes status. Returns whether it changed anything.
pub fn sync_deployment(c: &mut Cluster) -> bool {
    let before_deployment = c.deployment.clone();
    let before_rs: Vec<_> = c
        .replica_sets
        .iter()
        .map(|rs| (rs.spec.clone(), rs.meta.clone()))
        .collect();

    let rs_list = c.live_replica_sets();
    // checkPausedConditions writes status at once: a watcher sees its condition.
    sync::check_paused_conditions(c);
    record_condition_changes(c);
    // Paused, or a scaling event: proportional scaling and status only, never a rollout step.
    if c.deployment.spec.paused || sync::is_scaling_event(c, &rs_list) {
        sync::sync(c, &rs_list);
    } else {
        match c.deployment.spec.strategy.kind {
            StrategyType::Recreate => recreate::rollout_recreate(c, &rs_list),
            StrategyType::RollingUpdate => rolling::rollout_rolling(c, &rs_list),
        }
    }

    record_condition_changes(c);
    let after_rs: Vec<_> = c
        .replica_sets
        .iter()
        .map(|rs| (rs.spec.clone(), rs.meta.clone()))
        .collect();
    c.deployment != before_deployment || after_rs != before_rs
}

/// Records each condition whose status or reason changed since the last record (one status
/// write, as a watcher of the Deployment would see it).
pub(crate) fn record_condition_changes(c: &mut Cluster) {
    let t = seconds(c.now);
    let now: Vec<_> = c
        .deployment
        .status
        .conditions
        .iter()
        .map(|cond| (cond.kind, cond.status, cond.reason.clone()))
        .collect();
    for cond in &c.deployment.status.conditions {
        let seen = c
            .recorded_conditions
            .iter()
            .any(|(k, s, r)| *k == cond.kind && *s == cond.status && *r == cond.reason);
        if !seen {
            c.log.push(Record::Condition {
                t,
                kind: cond.kind.as_str().to_string(),
                status: cond.status.as_str().to_string(),
                reason: cond.reason.clone(),
                message: cond.message.clone(),
            });
        }
    }
    c.recorded_conditions = now;
}
