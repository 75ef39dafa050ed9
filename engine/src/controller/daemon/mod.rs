//! Mirrors `pkg/controller/daemon`: one pod on every node that should run it, replaced node by
//! node on an update.

pub mod daemon_controller;
pub mod update;
pub mod util;

use crate::api::{DaemonSetStatus, DaemonSetStrategy};
use crate::cluster::Cluster;
use std::collections::BTreeMap;

/// The DaemonSet's own fields and status.
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetState {
    pub strategy: DaemonSetStrategy,
    pub status: DaemonSetStatus,
    /// The update revision (index in `Cluster::replica_sets`): the set's template now.
    pub update: Option<usize>,
}

impl DaemonSetState {
    pub fn new(strategy: DaemonSetStrategy) -> Self {
        DaemonSetState {
            strategy,
            status: DaemonSetStatus::default(),
            update: None,
        }
    }
}

/// The DaemonSet's state; panics when the workload is not a DaemonSet (a caller's bug).
pub fn state(c: &Cluster) -> &DaemonSetState {
    c.daemon.as_deref().expect("the workload is a DaemonSet")
}

/// The nodes as the controller sees them: for each node in the API (by index), whether it
/// should run the pod and whether a pod there should keep running
/// (`NodeShouldRunDaemonPod`), and the daemon pods on each node (`getNodesToDaemonPods`, the
/// terminating ones included).
#[derive(Clone, Debug, Default)]
pub struct NodePods {
    pub should_run: BTreeMap<u32, (bool, bool)>,
    pub pods: BTreeMap<u32, Vec<usize>>,
}

/// Mirrors `DaemonSetsController.syncDaemonSet`: the history, `manage`, then (once what it
/// asked for is observed) the rolling update, the history's cleanup and the status. Returns
/// whether it changed anything.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn sync_daemon_set(c: &mut Cluster) -> bool {
    let Some(mut ds) = c.daemon.take() else {
        return false;
    };
    let before = (c.pods.len(), deleted_count(c), c.replica_sets.len());
    let update = crate::controller::history::update_revision(c);
    ds.update = Some(update);
    let managed = daemon_controller::manage(c, &ds.strategy, update);
    if !managed && ds.strategy.update_type == crate::api::UpdateStrategyType::RollingUpdate {
        let nodes = daemon_controller::node_pods(c);
        let r = update::rolling_update(c, &ds.strategy, &nodes, update);
        daemon_controller::sync_nodes(c, &r.delete, &r.create_on, update);
    }
    let limit = c.deployment.spec.revision_history_limit.unwrap_or(10);
    crate::controller::history::cleanup_history(c, update, limit);
    let status = daemon_controller::update_daemon_set_status(c, update);
    let status_changed = status != ds.status;
    ds.status = status;
    let (d, s) = (&mut c.deployment, &ds.status);
    d.spec.replicas = s.desired_number_scheduled;
    d.status.observed_generation = s.observed_generation;
    d.status.replicas = s.current_number_scheduled;
    d.status.updated_replicas = s.updated_number_scheduled;
    d.status.ready_replicas = s.number_ready;
    d.status.available_replicas = s.number_available;
    d.status.unavailable_replicas = s.number_unavailable;
    c.daemon = Some(ds);
    crate::controller::history::tally_revisions(c);
    c.wake_when_available(c.deployment.spec.min_ready_seconds);
    let after = (c.pods.len(), deleted_count(c), c.replica_sets.len());
    before != after || status_changed
}

fn deleted_count(c: &Cluster) -> usize {
    c.pods.iter().filter(|p| p.deleted.is_some()).count()
}
