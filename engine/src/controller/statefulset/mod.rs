//! Mirrors `pkg/controller/statefulset`: pods with stable names (`web-0`, `web-1`, ...), made
//! and replaced one ordinal at a time (OrderedReady) or all at once (Parallel), updated from the
//! highest ordinal down to the partition.

pub mod stateful_set_control;
pub mod stateful_set_utils;

use crate::api::{StatefulSetStatus, StatefulSetStrategy};
use crate::cluster::Cluster;
use std::collections::BTreeMap;

/// The StatefulSet's own fields and status, and what the controller knows of its pods.
#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSetState {
    pub strategy: StatefulSetStrategy,
    pub status: StatefulSetStatus,
    /// Each pod's ordinal, by uid.
    pub ordinals: BTreeMap<u64, i32>,
    /// The current revision (index in `Cluster::replica_sets`): the one the pods below the
    /// partition are made from.
    pub current: Option<usize>,
    /// The update revision: the set's template now.
    pub update: Option<usize>,
}

impl StatefulSetState {
    pub fn new(strategy: StatefulSetStrategy) -> Self {
        StatefulSetState {
            strategy,
            status: StatefulSetStatus::default(),
            ordinals: BTreeMap::new(),
            current: None,
            update: None,
        }
    }
}

/// The StatefulSet's state; panics when the workload is not a StatefulSet (a caller's bug).
pub fn state(c: &Cluster) -> &StatefulSetState {
    c.stateful
        .as_deref()
        .expect("the workload is a StatefulSet")
}

/// A pod's ordinal, if it belongs to the StatefulSet.
pub fn ordinal_of(c: &Cluster, uid: u64) -> Option<i32> {
    c.stateful.as_ref()?.ordinals.get(&uid).copied()
}

/// Mirrors `StatefulSetController.sync`: one pass of `UpdateStatefulSet`; the counts are also
/// written where the views read a workload's status. Returns whether it changed anything.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn sync_stateful_set(c: &mut Cluster) -> bool {
    let Some(mut st) = c.stateful.take() else {
        return false;
    };
    let before = (
        c.pods.len(),
        deleted_count(c),
        st.status.clone(),
        c.replica_sets.len(),
    );
    stateful_set_control::update_stateful_set(c, &mut st);
    let after = (
        c.pods.len(),
        deleted_count(c),
        st.status.clone(),
        c.replica_sets.len(),
    );
    let d = &mut c.deployment;
    let s = &st.status;
    d.status.observed_generation = s.observed_generation;
    d.status.replicas = s.replicas;
    d.status.updated_replicas = s.updated_replicas;
    d.status.ready_replicas = s.ready_replicas;
    d.status.available_replicas = s.available_replicas;
    d.status.unavailable_replicas = (d.spec.replicas - s.available_replicas).max(0);
    c.stateful = Some(st);
    crate::controller::history::tally_revisions(c);
    before != after
}

fn deleted_count(c: &Cluster) -> usize {
    c.pods.iter().filter(|p| p.deleted.is_some()).count()
}
