//! `pkg/controller/deployment/progress.go`: the Progressing condition and the progress deadline.

use super::sync::{calculate_status, set_available_condition};
use super::util;
use crate::api::{
    new_deployment_condition, reasons, ConditionStatus, ConditionType, Deployment,
    DeploymentStatus, Millis, ReplicaSet,
};
use crate::cluster::Cluster;

/// Mirrors `syncRolloutStatus`: status plus the Progressing condition, computed from the
/// ReplicaSets as they stood before this sync scaled them (`snapshot`).
pub fn sync_rollout_status(c: &mut Cluster, snapshot: &[ReplicaSet], new: Option<usize>) {
    let new_rs = new.and_then(|i| {
        let name = &c.replica_sets[i].meta.name;
        snapshot.iter().find(|rs| &rs.meta.name == name)
    });
    let refs: Vec<&ReplicaSet> = snapshot.iter().collect();
    let mut status = calculate_status(&c.deployment, &refs, new_rs);
    set_available_condition(&c.deployment, &mut status, c.now);
    let new_name = new_rs.map(|rs| rs.meta.name.clone());
    update_progressing(&c.deployment, &mut status, new_name.as_deref(), c.now);
    match get_replica_failures(snapshot, new_rs) {
        Some((reason, message)) => status.set_condition(new_deployment_condition(
            ConditionType::ReplicaFailure,
            ConditionStatus::True,
            &reason,
            message,
            c.now,
        )),
        None => status.remove_condition(ConditionType::ReplicaFailure),
    }

    if c.deployment.status == status {
        match requeue_stuck_deployment(&c.deployment, &status, c.now) {
            // Less than a second left: `enqueueRateLimited`, which after a successful sync
            // waits the rate limiter's base delay.
            Some(0) => {
                let at = c.now + crate::workqueue::RATE_LIMITED_REQUEUE_MS;
                super::queue::enqueue_after(c, at)
            }
            // `enqueueAfter(after + 1 s)`: the second avoids skew in AddAfter.
            Some(after) => {
                let at = c.now + after + 1000;
                super::queue::enqueue_after(c, at)
            }
            None => {}
        }
        return;
    }
    c.deployment.status = status;
}

/// Mirrors `getReplicaFailures`: the new ReplicaSet's ReplicaFailure condition, else the first
/// found on any ReplicaSet (reason, message).
pub fn get_replica_failures(
    all: &[ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> Option<(String, String)> {
    new_rs
        .and_then(|rs| rs.status.replica_failure.clone())
        .or_else(|| all.iter().find_map(|rs| rs.status.replica_failure.clone()))
}

/// The Progressing part of `syncRolloutStatus`, on a freshly calculated status.
pub fn update_progressing(
    d: &Deployment,
    status: &mut DeploymentStatus,
    new_rs: Option<&str>,
    now: Millis,
) {
    if !util::has_progress_deadline(d) {
        status.remove_condition(ConditionType::Progressing);
        return;
    }
    let current = status.condition(ConditionType::Progressing).cloned();
    let is_complete = status.replicas == status.updated_replicas
        && current
            .as_ref()
            .is_some_and(|c| c.reason == reasons::NEW_RS_AVAILABLE);
    if is_complete {
        return;
    }
    let subject = match new_rs {
        Some(name) => format!("ReplicaSet {name:?}"),
        None => format!("Deployment {:?}", d.meta.name),
    };
    if util::deployment_complete(d, status) {
        let cond = new_deployment_condition(
            ConditionType::Progressing,
            ConditionStatus::True,
            reasons::NEW_RS_AVAILABLE,
            format!("{subject} has successfully progressed."),
            now,
        );
        status.set_condition(cond);
    } else if util::deployment_progressing(d, status) {
        let mut cond = new_deployment_condition(
            ConditionType::Progressing,
            ConditionStatus::True,
            reasons::RS_UPDATED,
            format!("{subject} is progressing."),
            now,
        );
        if let Some(cur) = current.filter(|c| c.status == ConditionStatus::True) {
            cond.last_transition = cur.last_transition;
        }
        status.remove_condition(ConditionType::Progressing);
        status.set_condition(cond);
    } else if util::deployment_timed_out(d, status, now) {
        let cond = new_deployment_condition(
            ConditionType::Progressing,
            ConditionStatus::False,
            reasons::TIMED_OUT,
            format!("{subject} has timed out progressing."),
            now,
        );
        status.set_condition(cond);
    }
}

/// Mirrors `requeueStuckDeployment`: when to look again for a deadline that may pass with no
/// event. `None` is upstream's -1 (not requeued); `Some(0)` is "now, rate limited".
pub fn requeue_stuck_deployment(
    d: &Deployment,
    new_status: &DeploymentStatus,
    now: Millis,
) -> Option<Millis> {
    let cond = new_status.condition(ConditionType::Progressing)?;
    if !util::has_progress_deadline(d) {
        return None;
    }
    if util::deployment_complete(d, new_status) || cond.reason == reasons::TIMED_OUT {
        return None;
    }
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
    let after = cond.last_update + deadline - now;
    if after < 1000 {
        return Some(0);
    }
    Some(after)
}
