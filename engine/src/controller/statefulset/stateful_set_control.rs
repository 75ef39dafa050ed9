//! Mirrors `pkg/controller/statefulset/stateful_set_control.go`: `UpdateStatefulSet`, one pass
//! of the StatefulSet's reconciliation.

use super::stateful_set_utils::{
    get_pod_name, get_stateful_set_max_unavailable, is_created, is_running_and_available,
    is_running_and_ready, is_terminating, is_unavailable,
};
use super::StatefulSetState;
use crate::api::{PodManagementPolicy, StatefulSetStatus, UpdateStrategyType};
use crate::cluster::Cluster;
use crate::controller::history;

/// Mirrors `defaultStatefulSetControl.UpdateStatefulSet` (with `performUpdate`): the revisions,
/// then `updateStatefulSet`, then the status and the history's truncation.
pub fn update_stateful_set(c: &mut Cluster, st: &mut StatefulSetState) {
    // getStatefulSetRevisions
    let update = history::update_revision(c);
    let current = st
        .current
        .filter(|&i| c.replica_sets[i].meta.deletion.is_none())
        .unwrap_or(update);
    st.update = Some(update);
    st.current = Some(current);
    update_stateful_set_pods(c, st, current, update);
    let mut status = compute_replica_status(c, st, current, update);
    complete_rolling_update(st, c.deployment.spec.replicas, &mut status);
    status.observed_generation = c.deployment.meta.generation;
    if status.current_revision == c.replica_sets[update].meta.name {
        st.current = Some(update);
    }
    st.status = status;
    let live = [st.current.unwrap_or(update), update];
    let limit = c.deployment.spec.revision_history_limit.unwrap_or(10);
    history::truncate_history(c, &live, limit);
    c.wake_when_available(c.deployment.spec.min_ready_seconds);
}

/// The pods by ordinal: `replicas` (ordinals below spec.replicas; `None` where no pod exists)
/// and `condemned` (ordinals at or above it, highest first), as `updateStatefulSet` splits them.
fn split_pods(c: &Cluster, st: &StatefulSetState) -> (Vec<Option<usize>>, Vec<usize>) {
    let now = c.now;
    let count = c.deployment.spec.replicas.max(0) as usize;
    let mut replicas = vec![None; count];
    let mut condemned = Vec::new();
    for (i, p) in c.pods.iter().enumerate() {
        let Some(&ord) = st.ordinals.get(&p.uid) else {
            continue;
        };
        if !p.exists(now) {
            continue;
        }
        match replicas.get_mut(ord.max(0) as usize) {
            Some(slot) if ord >= 0 => *slot = Some(i),
            _ => condemned.push(i),
        }
    }
    condemned.sort_by_key(|&i| std::cmp::Reverse(st.ordinals[&c.pods[i].uid]));
    (replicas, condemned)
}

/// Mirrors `newVersionedStatefulSetPod`'s choice of revision: whether the pod at `ordinal` is
/// made from the current revision. With a partition, the ordinals below it are (whatever the
/// type: Go's `&&` binds before its `||`); with RollingUpdate and no rollingUpdate block, the
/// ordinals below the current replica count are; every other pod is made from the update
/// revision.
pub fn from_current_revision(st: &StatefulSetState, ordinal: i32) -> bool {
    match st.strategy.partition {
        Some(p) => ordinal < p,
        None => {
            st.strategy.update_type == UpdateStrategyType::RollingUpdate
                && ordinal < st.status.current_replicas
        }
    }
}

/// Mirrors `updateStatefulSet`: create the missing ordinals, delete the condemned ones, then
/// replace pods of an old revision from the highest ordinal down to the partition.
fn update_stateful_set_pods(
    c: &mut Cluster,
    st: &mut StatefulSetState,
    current: usize,
    update: usize,
) {
    let now = c.now;
    let monotonic = st.strategy.pod_management_policy == PodManagementPolicy::OrderedReady;
    let min_ready = c.deployment.spec.min_ready_seconds;
    let (replicas, condemned) = split_pods(c, st);
    // The first unhealthy pod, by ordinal, among the replicas and then the condemned.
    let first_unhealthy = replicas
        .iter()
        .flatten()
        .chain(condemned.iter().rev())
        .copied()
        .find(|&i| is_unavailable(&c.pods[i], min_ready, now));
    for (ord, slot) in replicas.iter().enumerate() {
        let ord = ord as i32;
        let Some(i) = *slot else {
            let revision = if from_current_revision(st, ord) {
                current
            } else {
                update
            };
            create_stateful_pod(c, st, revision, ord);
            if monotonic {
                return;
            }
            continue;
        };
        let p = &c.pods[i];
        if !is_created(p, now) {
            continue;
        }
        // A terminating pod is waited for before the next ordinal is touched.
        if is_terminating(p, now) && monotonic {
            return;
        }
        // Each pod's predecessors are Running and Ready, and available, before it is made.
        if !is_running_and_ready(p, now) && monotonic {
            return;
        }
        if !is_running_and_available(p, min_ready, now) && monotonic {
            return;
        }
    }
    for &i in &condemned {
        let p = &c.pods[i];
        if is_terminating(p, now) {
            if monotonic {
                return;
            }
            continue;
        }
        // In order, a condemned pod that is not Running and Ready waits, unless it is the first
        // unhealthy pod (which may go so that the rest can make progress).
        if !is_running_and_ready(p, now) && monotonic && Some(i) != first_unhealthy {
            return;
        }
        if !is_running_and_available(p, min_ready, now) && monotonic && Some(i) != first_unhealthy {
            return;
        }
        delete_stateful_pod(c, st, i);
        if monotonic {
            return;
        }
    }
    if st.strategy.update_type == UpdateStrategyType::OnDelete {
        return;
    }
    let (replicas, _) = split_pods(c, st);
    let replicas: Vec<usize> = replicas.into_iter().flatten().collect();
    if st.strategy.max_unavailable.is_some() {
        update_stateful_set_after_invariant_established(c, st, &replicas, update);
        return;
    }
    let update_min = st.strategy.update_min() as usize;
    for target in (update_min..replicas.len()).rev() {
        let i = replicas[target];
        let p = &c.pods[i];
        if p.owner != update && !is_terminating(p, now) {
            delete_stateful_pod(c, st, i);
            return;
        }
        // Wait for unavailable pods on update.
        if is_unavailable(p, min_ready, now) {
            return;
        }
    }
}

/// Mirrors `updateStatefulSetAfterInvariantEstablished` (the MaxUnavailableStatefulSet
/// feature): the unavailable pods among all ordinals count against maxUnavailable; what is
/// left of it is deleted among the pods of an old revision at or above the partition, highest
/// ordinal first. Returns how many pods it deleted.
pub fn update_stateful_set_after_invariant_established(
    c: &mut Cluster,
    st: &StatefulSetState,
    replicas: &[usize],
    update: usize,
) -> usize {
    let now = c.now;
    let replica_count = c.deployment.spec.replicas;
    let Ok(max_unavailable) =
        get_stateful_set_max_unavailable(st.strategy.max_unavailable.as_ref(), replica_count)
    else {
        return 0;
    };
    let min_ready = c.deployment.spec.min_ready_seconds;
    let unavailable = replicas
        .iter()
        .filter(|&&i| is_unavailable(&c.pods[i], min_ready, now))
        .count() as i32;
    if unavailable >= max_unavailable {
        return 0;
    }
    let to_delete = (max_unavailable - unavailable) as usize;
    let update_min = st.strategy.update_min() as usize;
    let mut deleted = 0;
    for target in (update_min..replicas.len()).rev() {
        if deleted >= to_delete {
            break;
        }
        let i = replicas[target];
        let p = &c.pods[i];
        if p.owner != update && !is_terminating(p, now) {
            delete_stateful_pod(c, st, i);
            deleted += 1;
        }
    }
    deleted
}

/// Mirrors the status part of `updateStatefulSet` (`computeReplicaStatus`): every pod counts
/// in replicas; Running and Ready ones in ready, and available; those not terminating in
/// current or updated by their revision.
fn compute_replica_status(
    c: &Cluster,
    st: &StatefulSetState,
    current: usize,
    update: usize,
) -> StatefulSetStatus {
    let now = c.now;
    let min_ready = c.deployment.spec.min_ready_seconds;
    let mut s = StatefulSetStatus {
        current_revision: c.replica_sets[current].meta.name.clone(),
        update_revision: c.replica_sets[update].meta.name.clone(),
        ..Default::default()
    };
    for p in c.pods.iter().filter(|p| p.exists(now)) {
        if !st.ordinals.contains_key(&p.uid) {
            continue;
        }
        s.replicas += 1;
        if is_running_and_ready(p, now) {
            s.ready_replicas += 1;
            if is_running_and_available(p, min_ready, now) {
                s.available_replicas += 1;
            }
        }
        if !is_terminating(p, now) {
            s.current_replicas += i32::from(p.owner == current);
            s.updated_replicas += i32::from(p.owner == update);
        }
    }
    s
}

/// Mirrors `completeRollingUpdate`: a RollingUpdate whose every pod (spec.replicas of them) is
/// updated and Ready makes the update revision current.
pub fn complete_rolling_update(
    st: &StatefulSetState,
    replicas: i32,
    status: &mut StatefulSetStatus,
) {
    if st.strategy.update_type == UpdateStrategyType::RollingUpdate
        && status.updated_replicas == replicas
        && status.ready_replicas == replicas
        && status.replicas == replicas
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

/// Mirrors `StatefulPodControl.CreateStatefulPod`: the pod named after its ordinal, made from
/// `revision`; the scheduler binds it in the same pass if it fits.
fn create_stateful_pod(c: &mut Cluster, st: &mut StatefulSetState, revision: usize, ord: i32) {
    let set = c.deployment.meta.name.clone();
    let name = get_pod_name(&set, ord);
    let prefix = c.name_prefix(&set);
    let i = crate::controller::replicaset::create_pod(c, revision, prefix);
    let uid = c.pods[i].uid;
    st.ordinals.insert(uid, ord);
    c.pod_names.insert(uid, name.clone());
    record_event(
        c,
        "SuccessfulCreate",
        format!("create Pod {name} in StatefulSet {set} successful"),
    );
    crate::scheduler::schedule_pending(c);
}

/// Mirrors `StatefulPodControl.DeleteStatefulPod`.
fn delete_stateful_pod(c: &mut Cluster, st: &StatefulSetState, i: usize) {
    let set = c.deployment.meta.name.clone();
    let name = get_pod_name(&set, st.ordinals[&c.pods[i].uid]);
    crate::controller::replicaset::delete_pod(c, i);
    record_event(
        c,
        "SuccessfulDelete",
        format!("delete Pod {name} in StatefulSet {set} successful"),
    );
}

fn record_event(c: &mut Cluster, reason: &str, message: String) {
    let object = format!("statefulset/{}", c.deployment.meta.name);
    c.normal_event(object, reason, message);
}
