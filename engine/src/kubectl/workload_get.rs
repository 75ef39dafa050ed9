//! `kubectl get statefulset`, `get daemonset` and `get controllerrevision`, at the cluster's
//! moment, with kubectl's columns.

use super::format::{human_duration, table};
use crate::cluster::Cluster;
use crate::controller::history;

/// `kubectl get statefulset`.
pub fn get_stateful_sets(c: &Cluster) -> String {
    let d = &c.deployment;
    let ready = c.stateful.as_ref().map_or(0, |s| s.status.ready_replicas);
    let row = vec![
        d.meta.name.clone(),
        format!("{ready}/{}", d.spec.replicas),
        human_duration(c.now - d.meta.creation),
    ];
    table(&["NAME", "READY", "AGE"], &[row])
}

/// `kubectl get daemonset`.
pub fn get_daemon_sets(c: &Cluster) -> String {
    let d = &c.deployment;
    let Some(ds) = c.daemon.as_ref() else {
        return String::new();
    };
    let s = &ds.status;
    let row = vec![
        d.meta.name.clone(),
        s.desired_number_scheduled.to_string(),
        s.current_number_scheduled.to_string(),
        s.number_ready.to_string(),
        s.updated_number_scheduled.to_string(),
        s.number_available.to_string(),
        "<none>".into(),
        human_duration(c.now - d.meta.creation),
    ];
    table(
        &[
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE SELECTOR",
            "AGE",
        ],
        &[row],
    )
}

/// `kubectl get controllerrevision`: the set's revisions, by revision number.
pub fn get_controller_revisions(c: &Cluster) -> String {
    let kind = if c.daemon.is_some() {
        "daemonset.apps"
    } else {
        "statefulset.apps"
    };
    let rows: Vec<Vec<String>> = history::sorted_revisions(c)
        .into_iter()
        .map(|i| {
            let r = &c.replica_sets[i];
            vec![
                r.meta.name.clone(),
                format!("{kind}/{}", c.deployment.meta.name),
                history::revision_number(r).to_string(),
                human_duration(c.now - r.meta.creation),
            ]
        })
        .collect();
    table(&["NAME", "CONTROLLER", "REVISION", "AGE"], &rows)
}
