//! The ReplicaSet controller (`pkg/controller/replicaset`): makes the pods match spec.replicas
//! and reports their status, when its work queue says to look.

pub mod ranking;
pub mod tally;

use crate::api::{Fate, Millis, Pod, ReplicaSet, ReplicaSetStatus};
use crate::cluster::Cluster;
use crate::hash::pod_suffix;
use crate::workqueue::DelayingQueue;
use ranking::{get_pods_to_delete, ranks_by_related_pods_on_same_node, RankedPod};

/// Upstream's `burstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: usize = 500;

/// The ReplicaSet controller's work queue. A ReplicaSet syncs (and so learns which of its pods
/// are available) only when something enqueues it: any change of its pods or of the object
/// itself at once, and the delayed requeues of the availability check, of which the delaying
/// queue keeps only the earliest per ReplicaSet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaSetQueue {
    /// Enqueued now (`queue.Add`), by cluster index.
    dirty: Vec<bool>,
    /// `AddAfter` entries.
    delayed: DelayingQueue,
    /// A fingerprint of each ReplicaSet object as last seen (`updateRS` enqueues on any update).
    seen: Vec<u64>,
    /// When each ReplicaSet last synced.
    synced_at: Vec<Millis>,
    /// The latest availability the controller saw late: (ReplicaSet, available since, seen at).
    pub late: Vec<(usize, Millis, Millis)>,
    /// Each ReplicaSet's pods by standing, kept from the moments they change (built from the
    /// pods once the run has synced [`TALLY_AFTER_SCANS`] times).
    tally: tally::Kept,
    /// Syncs that counted by looking at every pod.
    scans: u32,
}

/// A run that syncs fewer times than this counts its pods by looking at every one: a
/// 10,000-replica rollout syncs a few dozen times, and keeping the tally of 20,000 pods
/// costs it more than its scans (13.2 ms against 9.6); a rollout of a thousand pods at their
/// own times syncs thousands of times.
const TALLY_AFTER_SCANS: u32 = 64;

impl ReplicaSetQueue {
    /// A pod was created, bound or deleted at `c.pods[i]`.
    pub(crate) fn pod_written(&mut self, p: &Pod) {
        if let Some(t) = &mut self.tally.0 {
            t.write(p);
        }
    }

    /// The pods were changed other than by [`Self::pod_written`]: count them anew.
    pub(crate) fn forget_counts(&mut self) {
        self.tally.0 = None;
    }

    fn grow(&mut self, n: usize) {
        if self.dirty.len() < n {
            self.dirty.resize(n, true);
            self.seen.resize(n, 0);
            self.synced_at.resize(n, Millis::MIN);
        }
    }

    /// Mirrors `enqueueRS`.
    pub fn add(&mut self, idx: usize) {
        self.grow(idx + 1);
        self.dirty[idx] = true;
    }
}

/// Mirrors `enqueueRSAfter`/`queue.AddAfter`: also asks the simulation to wake then.
fn add_after(c: &mut Cluster, idx: usize, at: Millis) {
    c.rs_queue.delayed.add_after(idx, at);
    if let Some(t) = c.rs_queue.delayed.waiting_until(idx) {
        c.wake_at(t);
    }
}

/// Mirrors the pod event handlers (`addPod`, `updatePod`, `deletePod`) for the changes that
/// happen with time rather than by a controller's hand: a container starting, a pod turning
/// Ready (which also requeues its ReplicaSet minReadySeconds + 1 s later), a pod going away.
/// Then moves the delayed requeues whose time has come to the queue. Call at the start of an
/// instant, before gone pods are forgotten.
pub fn observe_pod_changes(c: &mut Cluster) {
    let now = c.now;
    c.rs_queue.grow(c.replica_sets.len());
    let mut ready_after = Vec::new();
    for p in &c.pods {
        let ready_now = p.ready == Some(now) && p.deleted.is_none_or(|d| d > now);
        if p.started == now || ready_now || p.gone == Some(now) {
            c.rs_queue.dirty[p.owner] = true;
        }
        if ready_now {
            let min_ready = c.replica_sets[p.owner].spec.min_ready_seconds;
            if min_ready > 0 {
                ready_after.push((p.owner, now + i64::from(min_ready) * 1000 + 1000));
            }
        }
    }
    for (owner, at) in ready_after {
        add_after(c, owner, at);
    }
    wake_recreate_when_last_pod_goes(c);
    for idx in c.rs_queue.delayed.pop_due(now) {
        c.rs_queue.dirty[idx] = true;
    }
}

/// Mirrors the Deployment controller's `deletePod`: a Recreate Deployment is enqueued when a
/// pod of one of its ReplicaSets goes and no pod of its ReplicaSets is left.
fn wake_recreate_when_last_pod_goes(c: &mut Cluster) {
    if c.deployment.spec.strategy.kind != crate::api::StrategyType::Recreate {
        return;
    }
    let now = c.now;
    let live = |c: &Cluster, owner: usize| c.replica_sets[owner].meta.deletion.is_none();
    let went = c
        .pods
        .iter()
        .any(|p| p.gone == Some(now) && live(c, p.owner));
    let left = c.pods.iter().any(|p| p.exists(now) && live(c, p.owner));
    if went && !left {
        c.deployment_queue.add();
    }
}

/// A fingerprint of what the Deployment controller writes to a ReplicaSet.
fn fingerprint(rs: &ReplicaSet) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::Fingerprint::default();
    hash_written(rs, &mut h);
    h.finish()
}

/// Hashes what the Deployment controller writes to a ReplicaSet: its size, minReadySeconds,
/// generation, deletion and annotations.
pub fn hash_written(rs: &ReplicaSet, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    (
        rs.spec.replicas,
        rs.spec.min_ready_seconds,
        rs.meta.generation,
        rs.meta.deletion,
    )
        .hash(h);
    rs.meta.annotations.hash(h);
}

/// Runs `syncReplicaSet` for every ReplicaSet the work queue holds. Returns whether anything
/// changed.
pub fn sync_replica_sets(c: &mut Cluster) -> bool {
    let n = c.replica_sets.len();
    c.rs_queue.grow(n);
    for i in 0..n {
        let fp = fingerprint(&c.replica_sets[i]);
        if c.rs_queue.seen[i] != fp {
            c.rs_queue.seen[i] = fp;
            c.rs_queue.dirty[i] = true;
        }
    }
    let todo: Vec<usize> = c
        .live_replica_sets()
        .into_iter()
        .filter(|&i| c.rs_queue.dirty[i])
        .collect();
    if todo.is_empty() {
        return false;
    }
    for &i in &todo {
        c.rs_queue.dirty[i] = false;
    }
    // One pass over the pods counts what the syncs need; a sync that creates or deletes pods
    // has them counted again for the statuses.
    let mut counts = count_pods(c, &todo);
    let mut changed = false;
    let mut errors: Vec<Option<String>> = vec![None; n];
    for &idx in &todo {
        let spec = c.replica_sets[idx].spec.replicas.max(0) as usize;
        let active = counts.active[idx];
        if active != spec {
            match manage_replicas(c, idx, active) {
                Ok(did) => changed |= did,
                Err(e) => errors[idx] = Some(e),
            }
        }
    }
    if changed {
        counts = count_pods(c, &todo);
    }
    changed |= update_statuses(c, &todo, &errors, counts);
    changed
}

/// Mirrors `manageReplicas`: creates or deletes pods (at most `BURST_REPLICAS`) so that the
/// active pods match spec.replicas. A pod the API server refuses fails the first batch of
/// `slowStartBatch`, so nothing is created, and the error comes back (the ReplicaFailure
/// condition, and a FailedCreate event the first time).
pub fn manage_replicas(c: &mut Cluster, idx: usize, active: usize) -> Result<bool, String> {
    let now = c.now;
    let spec = c.replica_sets[idx].spec.replicas.max(0) as usize;
    if active < spec {
        let rs = &c.replica_sets[idx];
        if let Some(why) = crate::api::validation::pod_create_error(&rs.spec.template) {
            let uid = c.next_uid();
            let rs = &c.replica_sets[idx];
            let err = format!(
                "Pod {} is invalid: {why}",
                crate::api::go_syntax::quote(&format!("{}-{}", rs.meta.name, pod_suffix(uid)))
            );
            if rs.status.replica_failure.is_none() {
                let object = format!("replicaset/{}", rs.meta.name);
                c.record(crate::trace::Record::Event {
                    t: crate::trace::seconds(now),
                    kind: "Warning".into(),
                    reason: "FailedCreate".into(),
                    object,
                    message: format!("Error creating: {err}"),
                });
            }
            return Err(err);
        }
        let n = (spec - active).min(BURST_REPLICAS);
        let name = c.replica_sets[idx].meta.name.clone();
        let prefix = c.name_prefix(&name);
        for _ in 0..n {
            create_pod(c, idx, prefix);
        }
        // addPod: the creations are observed, and the ReplicaSet syncs again.
        c.rs_queue.add(idx);
        crate::scheduler::schedule_pending(c);
        return Ok(true);
    }
    if active > spec {
        let active: Vec<usize> = (0..c.pods.len())
            .filter(|&i| c.pods[i].owner == idx && c.pods[i].is_active(now))
            .collect();
        let diff = (active.len() - spec).min(BURST_REPLICAS);
        let victims = choose_pods_to_delete(c, &active, diff);
        for i in victims {
            delete_pod(c, i);
        }
        // updatePod with a deletionTimestamp: the deletions are observed, and it syncs again.
        c.rs_queue.add(idx);
        return Ok(true);
    }
    Ok(false)
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
/// Returns its index in the cluster's pods.
pub(crate) fn create_pod(c: &mut Cluster, idx: usize, name_prefix: u32) -> usize {
    let uid = c.next_uid();
    let image = c.replica_sets[idx].spec.template.first_image();
    let fate = c.behaviours.of(image).pod_fate(c.seed, uid);
    let pod = Pod::created(name_prefix, uid, idx, c.now, fate);
    c.rs_queue.pod_written(&pod);
    c.pods.push(pod);
    c.pods.len() - 1
}

/// Deletes a pod: it is Terminating until its grace period or its image's stop time ends. An
/// unscheduled pod has no kubelet to wait for and goes at once.
pub(crate) fn delete_pod(c: &mut Cluster, i: usize) {
    let now = c.now;
    let owner = c.pods[i].owner;
    let template = &c.replica_sets[owner].spec.template;
    // The preStop hook runs first, then the container stops; the grace period bounds both.
    let grace_ms = template.grace_period_ms();
    let behaviour = c.behaviours.of(template.first_image());
    let stop = (c.pre_stop_ms + behaviour.stop_after_ms(c.seed, c.pods[i].uid, i64::MAX / 2000))
        .min(grace_ms);
    // A pod on a node whose kubelet stopped reporting stays Terminating: nothing confirms it.
    let unreachable = c.pods[i]
        .node
        .and_then(|n| c.nodes.get(n as usize))
        .is_some_and(|n| n.not_ready.is_some_and(|t| t <= now));
    let pod = &mut c.pods[i];
    let gone = if pod.node.is_some() { now + stop } else { now };
    pod.deleted = Some(now);
    if unreachable {
        pod.gone = None;
        c.rs_queue.pod_written(&c.pods[i]);
        return;
    }
    pod.gone = Some(gone);
    c.wake_at(gone);
    c.rs_queue.pod_written(&c.pods[i]);
    c.gone_due = c.gone_due.map(|due| due.min(gone));
    let (owner, node) = (c.pods[i].owner, c.pods[i].node);
    c.scheduler.pod_deleted(owner, node, now, gone);
}

/// What one pass over the pods of the ReplicaSets that sync tells the controller, per
/// ReplicaSet: its active pods (for `manageReplicas`), the counts of `calculateStatus`, and the
/// earliest moment a pod counted available now became so.
struct PodCounts {
    active: Vec<usize>,
    status: Vec<ReplicaSetStatus>,
    first_new_available: Vec<Option<Millis>>,
}

fn count_pods(c: &mut Cluster, todo: &[usize]) -> PodCounts {
    // With minReadySeconds, availability depends on when each ReplicaSet last synced: every
    // pod is looked at. Without, the tally has the counts.
    let timed = todo
        .iter()
        .any(|&i| c.replica_sets[i].spec.min_ready_seconds > 0);
    if timed || (c.rs_queue.tally.0.is_none() && c.rs_queue.scans < TALLY_AFTER_SCANS) {
        c.rs_queue.scans += 1;
        return count(c, todo);
    }
    let now = c.now;
    let tally = c
        .rs_queue
        .tally
        .0
        .get_or_insert_with(|| tally::Tally::of(&c.pods, now));
    tally.advance(now);
    let mut counts = PodCounts::empty(c.replica_sets.len());
    for &i in todo {
        let k = tally.counts(i);
        let (replicas, ready) = ((k.running + k.ready) as i32, k.ready as i32);
        counts.active[i] = replicas as usize;
        let s = &mut counts.status[i];
        s.replicas = replicas;
        s.ready_replicas = ready;
        s.available_replicas = ready;
        s.terminating_replicas = Some(k.terminating as i32);
    }
    debug_assert!(
        {
            let fresh = count(c, todo);
            todo.iter().all(|&i| {
                counts.active[i] == fresh.active[i] && counts.status[i] == fresh.status[i]
            })
        },
        "the tally of the pods differs from a count at {now}"
    );
    counts
}

impl PodCounts {
    fn empty(n: usize) -> PodCounts {
        PodCounts {
            active: vec![0; n],
            status: vec![
                ReplicaSetStatus {
                    terminating_replicas: Some(0),
                    ..Default::default()
                };
                n
            ],
            first_new_available: vec![None; n],
        }
    }
}

/// Counts the pods of the ReplicaSets in `todo`, looking at every pod.
fn count(c: &Cluster, todo: &[usize]) -> PodCounts {
    let now = c.now;
    let n = c.replica_sets.len();
    let mut syncing = vec![false; n];
    for &i in todo {
        syncing[i] = true;
    }
    let PodCounts {
        mut active,
        mut status,
        mut first_new_available,
    } = PodCounts::empty(n);
    let min_ready: Vec<i32> = c
        .replica_sets
        .iter()
        .map(|rs| rs.spec.min_ready_seconds)
        .collect();
    // Pod::exists, is_terminating, is_ready and is_available, with each field read once: this
    // loop runs at nearly every instant over every pod.
    for p in &c.pods {
        let owner = p.owner;
        if !syncing[owner] || p.created > now || p.gone.is_some_and(|g| g <= now) {
            continue;
        }
        let s = &mut status[owner];
        if p.deleted.is_some_and(|d| d <= now) {
            if let Some(t) = s.terminating_replicas.as_mut() {
                *t += 1;
            }
            continue;
        }
        active[owner] += 1;
        s.replicas += 1;
        let Some(ready) = p.ready.filter(|&r| r <= now) else {
            continue;
        };
        s.ready_replicas += 1;
        let since = p.available_at(min_ready[owner]).unwrap_or(ready);
        if since <= now {
            s.available_replicas += 1;
            if min_ready[owner] > 0 && since > c.rs_queue.synced_at[owner] {
                let e = &mut first_new_available[owner];
                *e = Some(e.map_or(since, |x| x.min(since)));
            }
        }
    }
    PodCounts {
        active,
        status,
        first_new_available,
    }
}

/// Mirrors `calculateStatus` of the ReplicaSet controller for the ReplicaSets that sync, in one
/// pass over the pods, and the requeue at the end of `syncReplicaSet`: with minReadySeconds,
/// when every replica is ready but not all are available, look again minReadySeconds later.
fn update_statuses(
    c: &mut Cluster,
    todo: &[usize],
    errors: &[Option<String>],
    counts: PodCounts,
) -> bool {
    let now = c.now;
    let PodCounts {
        status: mut counts,
        first_new_available,
        ..
    } = counts;
    let mut changed = false;
    let mut requeue = Vec::new();
    for &i in todo {
        let mut status = std::mem::take(&mut counts[i]);
        let rs = &mut c.replica_sets[i];
        status.observed_generation = rs.meta.generation;
        // calculateStatus: a failed manageReplicas sets ReplicaFailure (FailedCreate) unless it
        // is already there; a sync without error removes it.
        status.replica_failure = match &errors[i] {
            Some(e) => rs
                .status
                .replica_failure
                .clone()
                .or_else(|| Some(("FailedCreate".to_string(), e.clone()))),
            None => None,
        };
        if status.available_replicas > rs.status.available_replicas {
            if let Some(since) = first_new_available[i].filter(|&a| a < now) {
                c.rs_queue.late.retain(|(r, ..)| *r != i);
                c.rs_queue.late.push((i, since, now));
            }
        }
        let min_ready = rs.spec.min_ready_seconds;
        if min_ready > 0
            && status.ready_replicas == rs.spec.replicas
            && status.available_replicas != rs.spec.replicas
        {
            requeue.push((i, now + i64::from(min_ready) * 1000));
        }
        if rs.status != status {
            rs.status = status;
            changed = true;
        }
        c.rs_queue.synced_at[i] = now;
    }
    for (i, at) in requeue {
        add_after(c, i, at);
    }
    changed
}

/// What a decision made now waited for, in plain words: pods that were available before the
/// ReplicaSet controller synced and saw them, which it did only now (`None` if none).
pub fn late_availability_note(c: &Cluster) -> Option<String> {
    let notes: Vec<String> = c
        .rs_queue
        .late
        .iter()
        .filter(|(_, _, seen)| *seen == c.now)
        .map(|&(rs, since, seen)| {
            format!(
                "{}: available since {} s; the ReplicaSet controller saw it at {} s",
                c.replica_sets[rs].meta.name,
                crate::explain::format_number(crate::trace::seconds(since)),
                crate::explain::format_number(crate::trace::seconds(seen)),
            )
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// Whether a fate ever makes a pod ready (for explanations and warnings).
pub fn becomes_ready(fate: Fate) -> bool {
    fate == Fate::Healthy
}
