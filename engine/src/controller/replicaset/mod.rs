//! The ReplicaSet controller (`pkg/controller/replicaset`): makes the pods match spec.replicas
//! and reports their status.

pub mod ranking;

use crate::api::{Fate, Pod, ReplicaSetStatus};
use crate::cluster::Cluster;
use crate::hash::pod_suffix;
use ranking::{get_pods_to_delete, ranks_by_related_pods_on_same_node, RankedPod};

/// Upstream's `burstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: usize = 500;

/// Runs `syncReplicaSet` for every ReplicaSet. Returns whether anything changed.
pub fn sync_replica_sets(c: &mut Cluster) -> bool {
    let now = c.now;
    let mut active = vec![0usize; c.replica_sets.len()];
    for p in c.pods.iter().filter(|p| p.is_active(now)) {
        active[p.owner] += 1;
    }
    let mut changed = false;
    for idx in c.live_replica_sets() {
        let spec = c.replica_sets[idx].spec.replicas.max(0) as usize;
        if active[idx] != spec {
            changed |= manage_replicas(c, idx);
        }
    }
    changed |= update_statuses(c);
    changed
}

/// Mirrors `manageReplicas`: creates or deletes pods (at most `BURST_REPLICAS`) so that the
/// active pods match spec.replicas.
pub fn manage_replicas(c: &mut Cluster, idx: usize) -> bool {
    let now = c.now;
    let active: Vec<usize> = (0..c.pods.len())
        .filter(|&i| c.pods[i].owner == idx && c.pods[i].is_active(now))
        .collect();
    let spec = c.replica_sets[idx].spec.replicas.max(0) as usize;
    if active.len() < spec {
        let n = (spec - active.len()).min(BURST_REPLICAS);
        for _ in 0..n {
            create_pod(c, idx);
        }
        crate::controller::scheduler::schedule_pending(c);
        return true;
    }
    if active.len() > spec {
        let diff = (active.len() - spec).min(BURST_REPLICAS);
        let victims = choose_pods_to_delete(c, &active, diff);
        for i in victims {
            delete_pod(c, i);
        }
        return true;
    }
    false
}

/// Ranks this ReplicaSet's active pods against every active pod of the Deployment and picks
/// `diff` of them (`getPodsToDelete` with `getPodsRankedByRelatedPodsOnSameNode`).
fn choose_pods_to_delete(c: &Cluster, active: &[usize], diff: usize) -> Vec<usize> {
    let now = c.now;
    let related: Vec<Option<u32>> = c
        .pods
        .iter()
        .filter(|p| p.is_active(now))
        .map(|p| p.node)
        .collect();
    let nodes: Vec<Option<u32>> = active.iter().map(|&i| c.pods[i].node).collect();
    let ranks = ranks_by_related_pods_on_same_node(&nodes, &related);
    let ns = |ms: i64| ms.saturating_mul(1_000_000);
    let ranked: Vec<RankedPod> = active
        .iter()
        .zip(ranks)
        .map(|(&i, rank)| {
            let p = &c.pods[i];
            RankedPod {
                node: p.node,
                phase: p.phase(now),
                ready: p.is_ready(now),
                ready_since: p.ready.filter(|_| p.is_ready(now)).map(ns),
                deletion_cost: p.pod_deletion_cost,
                restarts: p.restarts(now),
                created: Some(ns(p.created)),
                uid: p.uid,
                rank,
            }
        })
        .collect();
    get_pods_to_delete(&ranked, diff, Some(ns(now)))
        .into_iter()
        .map(|pos| active[pos])
        .collect()
}

/// Creates one pod of the ReplicaSet, unscheduled; the scheduler binds it in the same pass if
/// it fits.
fn create_pod(c: &mut Cluster, idx: usize) {
    let uid = c.next_uid();
    let rs = &c.replica_sets[idx];
    let fate = c.behaviours.get(rs.spec.template.first_image()).fate();
    let pod = Pod {
        name: format!("{}-{}", rs.meta.name, pod_suffix(uid)),
        uid,
        owner: idx,
        created: c.now,
        node: None,
        fate,
        started: i64::MAX,
        ready: None,
        deleted: None,
        gone: None,
        pod_deletion_cost: 0,
    };
    c.pods.push(pod);
}

/// Deletes a pod: it is Terminating until its grace period or its image's stop time ends. An
/// unscheduled pod has no kubelet to wait for and goes at once.
fn delete_pod(c: &mut Cluster, i: usize) {
    let now = c.now;
    let owner = c.pods[i].owner;
    let template = &c.replica_sets[owner].spec.template;
    // The preStop hook runs first, then the container stops; the grace period bounds both.
    let grace_ms = template
        .termination_grace_period_seconds
        .max(0)
        .saturating_mul(1000);
    let stop = (c.pre_stop_ms
        + c.behaviours
            .get(template.first_image())
            .stop_after_ms(i64::MAX / 2000))
    .min(grace_ms);
    let pod = &mut c.pods[i];
    let gone = if pod.node.is_some() { now + stop } else { now };
    pod.deleted = Some(now);
    pod.gone = Some(gone);
    c.wake_at(gone);
}

/// Mirrors `calculateStatus` of the ReplicaSet controller for every ReplicaSet, in one pass
/// over the pods. Also asks to be woken when a ready pod will turn available.
fn update_statuses(c: &mut Cluster) -> bool {
    let now = c.now;
    let n = c.replica_sets.len();
    let mut counts = vec![ReplicaSetStatus::default(); n];
    let mut wake = Vec::new();
    for s in counts.iter_mut() {
        s.terminating_replicas = Some(0);
    }
    for p in c.pods.iter().filter(|p| p.exists(now)) {
        if p.is_terminating(now) {
            if let Some(t) = counts[p.owner].terminating_replicas.as_mut() {
                *t += 1;
            }
            continue;
        }
        let min_ready = c.replica_sets[p.owner].spec.min_ready_seconds;
        let s = &mut counts[p.owner];
        s.replicas += 1;
        if p.is_ready(now) {
            s.ready_replicas += 1;
            if p.is_available(min_ready, now) {
                s.available_replicas += 1;
            } else if let Some(t) = p.available_at(min_ready) {
                wake.push(t);
            }
        }
    }
    for t in wake {
        c.wake_at(t);
    }
    let mut changed = false;
    for (rs, mut status) in c.replica_sets.iter_mut().zip(counts) {
        status.observed_generation = rs.meta.generation;
        if rs.status != status {
            rs.status = status;
            changed = true;
        }
    }
    changed
}

/// Whether a fate ever makes a pod ready (for explanations and warnings).
pub fn becomes_ready(fate: Fate) -> bool {
    fate == Fate::Healthy
}
