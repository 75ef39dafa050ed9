//! When the Deployment controller syncs (`deployment_controller.go`'s event handlers and work
//! queue): on any change of the Deployment or of a ReplicaSet it owns (status included), when a
//! Recreate Deployment's last pod is deleted, and when its own delayed requeue comes due. A
//! simulated instant that changes none of these does not sync it, as on a real cluster, which
//! matters to the progress deadline: a sync compares the deadline with the clock.

use crate::api::Millis;
use crate::cluster::Cluster;
use crate::workqueue::DelayingQueue;
use std::hash::{Hash, Hasher};

/// The Deployment controller's work queue for the one Deployment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentQueue {
    /// What the controller saw at its last sync (a fingerprint); `None` before the first.
    seen: Option<u64>,
    /// Enqueued now (`enqueueDeployment` from `deletePod`).
    dirty: bool,
    /// `enqueueAfter` and `enqueueRateLimited` entries (one key: the Deployment).
    delayed: DelayingQueue,
}

impl DeploymentQueue {
    /// Mirrors `enqueueDeployment`.
    pub fn add(&mut self) {
        self.dirty = true;
    }

    /// Whether the controller syncs now, taking the sync off the queue.
    pub fn take(&mut self, c_state: u64, now: Millis) -> bool {
        let due = !self.delayed.pop_due(now).is_empty();
        let changed = self.seen != Some(c_state);
        let take = self.dirty || due || changed;
        if take {
            self.dirty = false;
            self.seen = Some(c_state);
        }
        take
    }
}

/// Mirrors `enqueueAfter`/`AddAfter` for the Deployment: the earliest pending time wins.
pub fn enqueue_after(c: &mut Cluster, at: Millis) {
    c.deployment_queue.delayed.add_after(0, at);
    if let Some(t) = c.deployment_queue.delayed.waiting_until(0) {
        c.wake_at(t);
    }
}

/// A fingerprint of what wakes the controller: the Deployment (spec, metadata, status) and every
/// ReplicaSet it owns (spec, metadata, and the status v1.28 reports, without the terminating
/// count of later releases).
pub fn observed_state(c: &Cluster) -> u64 {
    let mut h = crate::hash::Fingerprint::default();
    let d = &c.deployment;
    (&d.spec, &d.meta.annotations, d.meta.generation).hash(&mut h);
    super::hash_status(&d.status, &mut h);
    for rs in &c.replica_sets {
        crate::controller::replicaset::hash_written(rs, &mut h);
        let s = &rs.status;
        (
            s.replicas,
            s.ready_replicas,
            s.available_replicas,
            s.observed_generation,
            &s.replica_failure,
        )
            .hash(&mut h);
    }
    c.replica_sets.len().hash(&mut h);
    h.finish()
}
