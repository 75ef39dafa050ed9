//! Mirrors `pkg/controller/history`: the ControllerRevisions of a StatefulSet or DaemonSet,
//! the snapshots of its pod template from which `rollout history` and `rollout undo` read.
//!
//! The simulation keeps them in [`Cluster::replica_sets`]: each entry is one revision (its
//! name, its template, its number in the revision annotation), and a pod's `owner` is the
//! revision it was made from (its `controller-revision-hash` label). Every view that asks which
//! version a pod runs, or how many pods a version has, reads that one list whatever the kind.
//!
//! [`Cluster::replica_sets`]: crate::cluster::Cluster::replica_sets

use crate::api::{annotations, PodTemplate, ReplicaSet};
use crate::cluster::Cluster;
use crate::hash::compute_hash;

/// Mirrors `ControllerRevisionName`: the owner's name (cut to 223 characters) and the hash.
pub fn controller_revision_name(prefix: &str, hash: &str) -> String {
    let prefix: String = prefix.chars().take(223).collect();
    format!("{prefix}-{hash}")
}

/// A revision's number (`ControllerRevision.revision`).
pub fn revision_number(r: &ReplicaSet) -> i64 {
    r.revision()
}

fn set_revision_number(r: &mut ReplicaSet, n: i64) {
    r.meta
        .annotations
        .insert(annotations::REVISION.into(), n.to_string());
}

/// The live revisions, by revision number ascending (`history.SortControllerRevisions`).
pub fn sorted_revisions(c: &Cluster) -> Vec<usize> {
    let mut live = c.live_replica_sets();
    live.sort_by_key(|&i| (revision_number(&c.replica_sets[i]), i));
    live
}

/// Mirrors `nextRevision`: one more than the highest revision, 1 when there is none.
pub fn next_revision(c: &Cluster, revisions: &[usize]) -> i64 {
    revisions
        .last()
        .map_or(1, |&i| revision_number(&c.replica_sets[i]) + 1)
}

/// The update revision for the workload's template, as `getStatefulSetRevisions` and the
/// DaemonSet's `constructHistory` find it: the latest revision if its template is the one; an
/// older equal revision (`FindEqualRevisions`) is reused with its number raised to the next
/// (a rollback makes no new revision); otherwise a new revision is created.
pub fn update_revision(c: &mut Cluster) -> usize {
    let template = c.deployment.spec.template.clone();
    let revisions = sorted_revisions(c);
    let next = next_revision(c, &revisions);
    let equal: Vec<usize> = revisions
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].spec.template == template)
        .collect();
    match (equal.last(), revisions.last()) {
        (Some(&e), Some(&latest)) if e == latest => e,
        (Some(&e), _) => {
            set_revision_number(&mut c.replica_sets[e], next);
            e
        }
        (None, _) => create_revision(c, template, next),
    }
}

/// Creates a revision of `template` numbered `number` (`CreateControllerRevision`, whose hash
/// collisions bump the collision count until the name is free).
pub fn create_revision(c: &mut Cluster, template: PodTemplate, number: i64) -> usize {
    let owner = c.deployment.meta.name.clone();
    let mut collision = 0;
    let name = loop {
        let name = controller_revision_name(&owner, &compute_hash(&template, collision));
        // A deleted revision no longer holds its name.
        let taken = |r: &ReplicaSet| r.meta.name == name && r.meta.deletion.is_none();
        if !c.replica_sets.iter().any(taken) {
            break name;
        }
        collision += 1;
    };
    let uid = c.next_uid();
    let min_ready = c.deployment.spec.min_ready_seconds;
    let mut r = ReplicaSet::created(name, uid, template, min_ready, c.now);
    set_revision_number(&mut r, number);
    c.replica_sets.push(r);
    c.replica_sets.len() - 1
}

/// Mirrors the StatefulSet's `truncateHistory`: the revisions that are not live (not current,
/// not the update revision, no pod made from them) are deleted, oldest first, until at most
/// `limit` are left.
pub fn truncate_history(c: &mut Cluster, live: &[usize], limit: i32) {
    let now = c.now;
    let in_use: std::collections::BTreeSet<usize> = c
        .pods
        .iter()
        .filter(|p| p.exists(now))
        .map(|p| p.owner)
        .chain(live.iter().copied())
        .collect();
    let history: Vec<usize> = sorted_revisions(c)
        .into_iter()
        .filter(|i| !in_use.contains(i))
        .collect();
    let limit = limit.max(0) as usize;
    if history.len() <= limit {
        return;
    }
    for &i in &history[..history.len() - limit] {
        c.replica_sets[i].meta.deletion = Some(now);
    }
}

/// Writes each revision's pod counts where the views read a version's size: `spec.replicas`
/// and `status.replicas` its pods that are not terminating, `ready_replicas` and
/// `available_replicas` those Ready and available. Returns whether a count changed.
pub fn tally_revisions(c: &mut Cluster) -> bool {
    let now = c.now;
    let min_ready = c.deployment.spec.min_ready_seconds;
    let n = c.replica_sets.len();
    let mut counts = vec![(0i32, 0i32, 0i32); n];
    for p in c.pods.iter().filter(|p| p.is_active(now)) {
        let k = &mut counts[p.owner];
        k.0 += 1;
        k.1 += i32::from(p.is_ready(now));
        k.2 += i32::from(p.is_available(min_ready, now));
    }
    let mut changed = false;
    for (r, (replicas, ready, available)) in c.replica_sets.iter_mut().zip(counts) {
        let s = &mut r.status;
        let new = (replicas, replicas, ready, available);
        if (
            r.spec.replicas,
            s.replicas,
            s.ready_replicas,
            s.available_replicas,
        ) != new
        {
            changed = true;
            r.spec.replicas = replicas;
            s.replicas = replicas;
            s.ready_replicas = ready;
            s.available_replicas = available;
            s.observed_generation = r.meta.generation;
        }
    }
    changed
}

/// Mirrors the DaemonSet's `cleanupHistory`: of the revisions other than the update revision,
/// `count - limit` are to go, oldest first; one that still has pods is skipped (but it counts).
pub fn cleanup_history(c: &mut Cluster, update: usize, limit: i32) {
    let now = c.now;
    let old: Vec<usize> = sorted_revisions(c)
        .into_iter()
        .filter(|&i| i != update)
        .collect();
    let mut to_kill = old.len() as i64 - i64::from(limit);
    for i in old {
        if to_kill <= 0 {
            break;
        }
        if c.pods.iter().any(|p| p.owner == i && p.exists(now)) {
            continue;
        }
        c.replica_sets[i].meta.deletion = Some(now);
        to_kill -= 1;
    }
}
