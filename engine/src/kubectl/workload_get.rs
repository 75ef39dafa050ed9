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

/// `kubectl describe statefulset` or `describe daemonset`: the set's spec and status in
/// kubectl's words, its pod template's images and its events.
pub fn describe_workload(c: &Cluster) -> String {
    let d = &c.deployment;
    let now = c.now;
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{:<20}{v}\n", format!("{k}:")));
    line("Name", d.meta.name.clone());
    line("Namespace", "default".into());
    let selector = d
        .spec
        .selector
        .as_ref()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    line("Selector", selector);
    let (running, waiting) = c
        .existing_pods()
        .fold((0, 0), |(r, w), p| match p.phase(now) {
            crate::api::PodPhase::Running => (r + 1, w),
            _ => (r, w + 1),
        });
    let pods_status = format!("{running} Running / {waiting} Waiting / 0 Succeeded / 0 Failed");
    let mut text = out;
    if let Some(st) = &c.stateful {
        let mut l = |k: &str, v: String| text.push_str(&format!("{:<20}{v}\n", format!("{k}:")));
        l(
            "Replicas",
            format!("{} desired | {} total", d.spec.replicas, st.status.replicas),
        );
        l("Update Strategy", st.strategy.update_type.as_str().into());
        if let Some(p) = st.strategy.partition {
            l("  Partition", p.to_string());
        }
        if let Some(m) = &st.strategy.max_unavailable {
            l("  MaxUnavailable", m.to_string());
        }
        l("Pods Status", pods_status.clone());
    }
    if let Some(ds) = &c.daemon {
        let s = &ds.status;
        for (k, v) in [
            (
                "Desired Number of Nodes Scheduled",
                s.desired_number_scheduled,
            ),
            (
                "Current Number of Nodes Scheduled",
                s.current_number_scheduled,
            ),
            (
                "Number of Nodes Scheduled with Up-to-date Pods",
                s.updated_number_scheduled,
            ),
            (
                "Number of Nodes Scheduled with Available Pods",
                s.number_available,
            ),
            ("Number of Nodes Misscheduled", s.number_misscheduled),
        ] {
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str(&format!("{:<20}{pods_status}\n", "Pods Status:"));
    }
    text.push_str("Pod Template:\n  Containers:\n");
    for k in &d.spec.template.containers {
        text.push_str(&format!("   {}:\n    Image:      {}\n", k.name, k.image));
    }
    let events: Vec<String> = c
        .log
        .iter()
        .filter_map(|r| match r {
            crate::trace::Record::Event {
                kind,
                reason,
                message,
                object,
                ..
            } if object.starts_with("statefulset/") || object.starts_with("daemonset/") => {
                Some(format!("  {kind:<7} {reason:<17} {message}"))
            }
            _ => None,
        })
        .collect();
    if events.is_empty() {
        text.push_str("Events:             <none>\n");
    } else {
        text.push_str("Events:\n");
        let from = events.len().saturating_sub(12);
        for e in &events[from..] {
            text.push_str(e);
            text.push('\n');
        }
    }
    text
}

/// A StatefulSet's ordinals whose pod (not terminating) runs `image`, lowest first.
pub fn ordinals_running(c: &Cluster, image: &str) -> Vec<i32> {
    let now = c.now;
    let mut out: Vec<i32> = c
        .existing_pods()
        .filter(|p| !p.is_terminating(now))
        .filter(|p| c.replica_sets[p.owner].spec.template.first_image() == image)
        .filter_map(|p| crate::controller::statefulset::ordinal_of(c, p.uid))
        .collect();
    out.sort_unstable();
    out
}

/// The images of the pods on the node named `node` now (terminating ones included).
pub fn pods_on_node(c: &Cluster, node: &str) -> Vec<String> {
    let Some(n) = c.nodes.iter().position(|x| x.name == node) else {
        return Vec::new();
    };
    c.existing_pods()
        .filter(|p| p.node == Some(n as u32))
        .map(|p| {
            c.replica_sets[p.owner]
                .spec
                .template
                .first_image()
                .to_string()
        })
        .collect()
}
