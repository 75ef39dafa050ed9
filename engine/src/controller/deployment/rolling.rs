//! `pkg/controller/deployment/rolling.go`: the RollingUpdate strategy.

use super::progress::sync_rollout_status;
use super::sync::{
    cleanup_deployment, explain_new_replicas, get_all_replica_sets_and_sync_revision,
    scale_replica_set_and_record_event,
};
use super::util::{self, max_unavailable};
use crate::cluster::Cluster;
use crate::sentence::Sentence;

/// Mirrors `rolloutRolling`: create the new ReplicaSet if needed, then either scale it up or
/// scale old ones down, one phase per sync.
pub fn rollout_rolling(c: &mut Cluster, rs_list: &[usize]) {
    let (new, old) = get_all_replica_sets_and_sync_revision(c, rs_list, true);
    let Some(new) = new else { return };
    let all: Vec<usize> = old.iter().copied().chain(Some(new)).collect();
    // The status is computed from the objects as they stood before this sync scaled them.
    let snapshot: Vec<_> = all.iter().map(|&i| c.replica_sets[i].clone()).collect();

    if reconcile_new_replica_set(c, &all, new) {
        sync_rollout_status(c, &snapshot, Some(new));
        return;
    }
    let active_old: Vec<usize> = old
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .collect();
    if reconcile_old_replica_sets(c, &all, &active_old, new) {
        sync_rollout_status(c, &snapshot, Some(new));
        return;
    }
    if util::deployment_complete(&c.deployment, &c.deployment.status) {
        cleanup_deployment(c, &old);
    }
    sync_rollout_status(c, &snapshot, Some(new));
}

/// Mirrors `reconcileNewReplicaSet`: scale the new ReplicaSet toward spec.replicas within the
/// surge budget, or down to it if above.
pub fn reconcile_new_replica_set(c: &mut Cluster, all: &[usize], new: usize) -> bool {
    let replicas = c.deployment.spec.replicas;
    let current = c.replica_sets[new].spec.replicas;
    if current == replicas {
        return false;
    }
    if current > replicas {
        let why = Sentence::new(
            "the new ReplicaSet has {current}, more than spec.replicas = {replicas}",
            &[("current", &current), ("replicas", &replicas)],
        );
        return scale_replica_set_and_record_event(c, new, replicas, why);
    }
    let refs = c.refs(all);
    match util::new_rs_new_replicas(&c.deployment, &refs, current) {
        Ok(w) => {
            let why = explain_new_replicas(&c.deployment, &w, current);
            scale_replica_set_and_record_event(c, new, w.new_replicas, why)
        }
        Err(_) => false,
    }
}

/// Mirrors `reconcileOldReplicaSets`: how far old ReplicaSets may shrink, unhealthy replicas
/// first, then available ones down to minAvailable.
pub fn reconcile_old_replica_sets(
    c: &mut Cluster,
    all: &[usize],
    old_active: &[usize],
    new: usize,
) -> bool {
    let old_pods_count =
        util::get_replica_count_for_replica_sets(old_active.iter().map(|&i| &c.replica_sets[i]));
    if old_pods_count == 0 {
        return false;
    }
    let all_pods_count =
        util::get_replica_count_for_replica_sets(all.iter().map(|&i| &c.replica_sets[i]));
    let min_available = c.deployment.spec.replicas - max_unavailable(&c.deployment);
    let new_rs = &c.replica_sets[new];
    let new_rs_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
    let max_scaled_down = all_pods_count - min_available - new_rs_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    let budget = Budget {
        pods: all_pods_count,
        min_available,
        new_unavailable: new_rs_unavailable,
    };
    let (old_after, cleanup_count) =
        cleanup_unhealthy_replicas(c, old_active, max_scaled_down, &budget);
    let all_after: Vec<usize> = old_after.iter().copied().chain(Some(new)).collect();
    let scaled_down = scale_down_old_replica_sets_for_rolling_update(c, &all_after, &old_after);
    cleanup_count + scaled_down > 0
}

/// What the old ReplicaSets may lose, for the explanation: the pods, minAvailable, and the
/// new ReplicaSet's pods not yet available.
pub struct Budget {
    pub pods: i32,
    pub min_available: i32,
    pub new_unavailable: i32,
}

/// Mirrors `cleanupUnhealthyReplicas`: removes old replicas beyond the available ones, oldest
/// ReplicaSet first, up to `max_cleanup_count`.
pub fn cleanup_unhealthy_replicas(
    c: &mut Cluster,
    old: &[usize],
    max_cleanup_count: i32,
    budget: &Budget,
) -> (Vec<usize>, i32) {
    let mut sorted = old.to_vec();
    sorted.sort_by(|&a, &b| util::by_creation_timestamp(&c.replica_sets[a], &c.replica_sets[b]));
    let mut total = 0;
    for &i in &sorted {
        if total >= max_cleanup_count {
            break;
        }
        let rs = &c.replica_sets[i];
        let (spec, available) = (rs.spec.replicas, rs.status.available_replicas);
        if spec == 0 || spec == available {
            continue;
        }
        let count = (max_cleanup_count - total).min(spec - available);
        let why = Sentence::new(
            "old ReplicaSets may lose up to {max} = {pods} pods - minAvailable {min} - {unready} new pods not yet available; unhealthy replicas go first: {unavailable} of its {spec} are not available, so {count} removed",
            &[
                ("max", &max_cleanup_count),
                ("pods", &budget.pods),
                ("min", &budget.min_available),
                ("unready", &budget.new_unavailable),
                ("unavailable", &(spec - available)),
                ("spec", &spec),
                ("count", &count),
            ],
        );
        scale_replica_set_and_record_event(c, i, spec - count, why);
        total += count;
    }
    (sorted, total)
}

/// Mirrors `scaleDownOldReplicaSetsForRollingUpdate`: scales old ReplicaSets down, oldest first,
/// while the available count stays at or above minAvailable.
pub fn scale_down_old_replica_sets_for_rolling_update(
    c: &mut Cluster,
    all: &[usize],
    old: &[usize],
) -> i32 {
    let min_available = c.deployment.spec.replicas - max_unavailable(&c.deployment);
    let available =
        util::get_available_replica_count_for_replica_sets(all.iter().map(|&i| &c.replica_sets[i]));
    if available <= min_available {
        return 0;
    }
    let mut sorted = old.to_vec();
    sorted.sort_by(|&a, &b| util::by_creation_timestamp(&c.replica_sets[a], &c.replica_sets[b]));
    let to_scale_down = available - min_available;
    let mut scaled_down = 0;
    for &i in &sorted {
        if scaled_down >= to_scale_down {
            break;
        }
        let spec = c.replica_sets[i].spec.replicas;
        if spec == 0 {
            continue;
        }
        let count = spec.min(to_scale_down - scaled_down);
        let why = Sentence::new(
            "{available} available - minAvailable {min} = {may_go} may go; oldest ReplicaSet first, so this one loses {count}",
            &[
                ("available", &available),
                ("min", &min_available),
                ("may_go", &to_scale_down),
                ("count", &count),
            ],
        );
        scale_replica_set_and_record_event(c, i, spec - count, why);
        scaled_down += count;
    }
    scaled_down
}
