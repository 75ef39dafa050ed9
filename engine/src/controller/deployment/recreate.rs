//! `pkg/controller/deployment/recreate.go`: the Recreate strategy.

use super::progress::sync_rollout_status;
use super::sync::{
    cleanup_deployment, get_all_replica_sets_and_sync_revision, scale_replica_set_and_record_event,
};
use super::util;
use crate::cluster::Cluster;
use crate::sentence::Sentence;

/// Mirrors `rolloutRecreate`: every old pod goes, and only once all are gone does the new
/// ReplicaSet get its replicas.
pub fn rollout_recreate(c: &mut Cluster, rs_list: &[usize]) {
    let (mut new, mut old) = get_all_replica_sets_and_sync_revision(c, rs_list, false);
    let snapshot_of = |c: &Cluster, old: &[usize], new: Option<usize>| -> Vec<_> {
        old.iter()
            .copied()
            .chain(new)
            .map(|i| c.replica_sets[i].clone())
            .collect()
    };
    let snapshot = snapshot_of(c, &old, new);
    let active_old: Vec<usize> = old
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .collect();
    if scale_down_old_replica_sets_for_recreate(c, &active_old) {
        sync_rollout_status(c, &snapshot, new);
        return;
    }
    if old_pods_running(c, new, &old) {
        sync_rollout_status(c, &snapshot, new);
        return;
    }
    if new.is_none() {
        (new, old) = get_all_replica_sets_and_sync_revision(c, rs_list, true);
    }
    let snapshot = snapshot_of(c, &old, new);
    if let Some(n) = new {
        scale_up_new_replica_set_for_recreate(c, n);
    }
    if util::deployment_complete(&c.deployment, &c.deployment.status) {
        cleanup_deployment(c, &old);
    }
    sync_rollout_status(c, &snapshot, new);
}

/// Mirrors `scaleDownOldReplicaSetsForRecreate`: every active old ReplicaSet to 0.
pub fn scale_down_old_replica_sets_for_recreate(c: &mut Cluster, old_active: &[usize]) -> bool {
    let mut scaled = false;
    for &i in old_active {
        if c.replica_sets[i].spec.replicas == 0 {
            continue;
        }
        let why = Sentence::new(
            "Recreate: every old pod goes before any new one is created",
            &[],
        );
        scaled |= scale_replica_set_and_record_event(c, i, 0, why);
    }
    scaled
}

/// Mirrors `oldPodsRunning`, on plain counts: old ReplicaSets still report replicas, or some pod
/// outside the new ReplicaSet is not Succeeded or Failed (terminating pods count).
pub fn old_pods_running_from(
    old_status_replicas: i32,
    non_terminal_pods_outside_new: usize,
) -> bool {
    old_status_replicas > 0 || non_terminal_pods_outside_new > 0
}

/// Mirrors `oldPodsRunning` over the pod map of `getPodMapForDeployment`: only pods owned by a
/// ReplicaSet listed for the Deployment in this sync count, so the pods of one already deleted
/// by history cleanup no longer hold the new ReplicaSet back.
pub fn old_pods_running(c: &Cluster, new: Option<usize>, old: &[usize]) -> bool {
    let old_replicas =
        util::get_actual_replica_count_for_replica_sets(old.iter().map(|&i| &c.replica_sets[i]));
    let mut listed = vec![false; c.replica_sets.len()];
    for &i in old {
        listed[i] = true;
    }
    let outside = c
        .existing_pods()
        .filter(|p| listed[p.owner] && Some(p.owner) != new)
        .count();
    old_pods_running_from(old_replicas, outside)
}

/// Mirrors `scaleUpNewReplicaSetForRecreate`.
pub fn scale_up_new_replica_set_for_recreate(c: &mut Cluster, new: usize) -> bool {
    let replicas = c.deployment.spec.replicas;
    let why = Sentence::new(
        "Recreate: every old pod is gone, so the new ReplicaSet gets all {replicas}",
        &[("replicas", &replicas)],
    );
    scale_replica_set_and_record_event(c, new, replicas, why)
}
