//! The Deployment controller (`pkg/controller/deployment`).

pub mod progress;
pub mod queue;
pub mod recreate;
pub mod rollback;
pub mod rolling;
pub mod sync;
pub mod util;

use crate::api::StrategyType;
use crate::cluster::Cluster;
use crate::trace::{seconds, Record};

/// Mirrors `DeploymentController.syncDeployment`: one sync of the Deployment, which makes at most
/// one phase of changes and writes status. Returns whether it changed anything.
pub fn sync_deployment(c: &mut Cluster) -> bool {
    let observed = queue::observed_state(c);
    if !c.deployment_queue.take(observed, c.now) {
        return false;
    }
    let before = written_state(c);

    let rs_list = c.live_replica_sets();
    // checkPausedConditions writes status at once: a watcher sees its condition.
    sync::check_paused_conditions(c);
    record_condition_changes(c);
    // Paused, or a scaling event: proportional scaling and status only, never a rollout step.
    // A rollback asked for with spec.rollbackTo comes between the two.
    if c.deployment.spec.paused {
        sync::sync(c, &rs_list);
    } else if rollback::get_rollback_to(c).is_some() {
        rollback::rollback(c, &rs_list);
    } else if sync::is_scaling_event(c, &rs_list) {
        sync::sync(c, &rs_list);
    } else {
        match c.deployment.spec.strategy.kind {
            StrategyType::Recreate => recreate::rollout_recreate(c, &rs_list),
            StrategyType::RollingUpdate => rolling::rollout_rolling(c, &rs_list),
        }
    }

    record_condition_changes(c);
    written_state(c) != before
}

/// A fingerprint of everything the Deployment controller writes (ReplicaSets' sizes, settings,
/// annotations and existence; the Deployment's annotations and status): a change means an API
/// write happened, which wakes the controllers again. Hashing avoids cloning every object on
/// every pass.
fn written_state(c: &Cluster) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::Fingerprint::default();
    let d = &c.deployment;
    d.meta.annotations.hash(&mut h);
    hash_status(&d.status, &mut h);
    for rs in &c.replica_sets {
        crate::controller::replicaset::hash_written(rs, &mut h);
    }
    c.replica_sets.len().hash(&mut h);
    h.finish()
}

/// Hashes a Deployment status, conditions included.
fn hash_status(s: &crate::api::DeploymentStatus, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    (
        s.observed_generation,
        s.replicas,
        s.updated_replicas,
        s.ready_replicas,
        s.available_replicas,
        s.unavailable_replicas,
    )
        .hash(h);
    for cond in &s.conditions {
        (
            cond.kind as u8,
            cond.status as u8,
            &cond.reason,
            &cond.message,
            cond.last_update,
            cond.last_transition,
        )
            .hash(h);
    }
}

/// Records each condition whose status or reason changed since the last record (one status
/// write, as a watcher of the Deployment would see it).
pub(crate) fn record_condition_changes(c: &mut Cluster) {
    if c.quiet {
        return;
    }
    let t = seconds(c.now);
    let now: Vec<_> = c
        .deployment
        .status
        .conditions
        .iter()
        .map(|cond| (cond.kind, cond.status, cond.reason.clone()))
        .collect();
    let changed: Vec<Record> = c
        .deployment
        .status
        .conditions
        .iter()
        .filter(|cond| {
            !c.recorded_conditions
                .iter()
                .any(|(k, s, r)| *k == cond.kind && *s == cond.status && *r == cond.reason)
        })
        .map(|cond| Record::Condition {
            t,
            kind: cond.kind.as_str().to_string(),
            status: cond.status.as_str().to_string(),
            reason: cond.reason.clone(),
            message: cond.message.clone(),
        })
        .collect();
    for r in changed {
        c.record(r);
    }
    c.recorded_conditions = now;
}
