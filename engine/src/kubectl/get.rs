//! `kubectl get deploy`, `get rs`, `get pods` and `rollout history`, at the cluster's moment.

use super::format::{human_duration, table};
use crate::api::{PodState, ReplicaSet};
use crate::cluster::Cluster;

/// `kubectl get deploy` (or `get rc` for a ReplicationController scenario).
pub fn get_deployments(c: &Cluster) -> String {
    let d = &c.deployment;
    let row = vec![
        d.meta.name.clone(),
        format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
        d.status.updated_replicas.to_string(),
        d.status.available_replicas.to_string(),
        human_duration(c.now - d.meta.creation),
    ];
    table(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], &[row])
}

/// The ReplicaSets `kubectl get rs` lists: every live one, oldest first.
pub fn listed_replica_sets(c: &Cluster) -> Vec<&ReplicaSet> {
    c.live_replica_sets()
        .into_iter()
        .map(|i| &c.replica_sets[i])
        .collect()
}

/// `kubectl get rs`.
pub fn get_replica_sets(c: &Cluster) -> String {
    let rows: Vec<Vec<String>> = listed_replica_sets(c)
        .into_iter()
        .map(|rs| {
            vec![
                rs.meta.name.clone(),
                rs.spec.replicas.to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready_replicas.to_string(),
                human_duration(c.now - rs.meta.creation),
            ]
        })
        .collect();
    table(&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], &rows)
}

/// The STATUS column of `kubectl get pods`.
pub fn pod_status_word(state: PodState) -> &'static str {
    match state {
        PodState::Running | PodState::Ready | PodState::Available => "Running",
        other => other.as_str(),
    }
}

/// `kubectl get pods`, at most `limit` rows (a summary line says how many were left out).
pub fn get_pods(c: &Cluster, limit: usize) -> String {
    let now = c.now;
    let pods: Vec<_> = c.existing_pods().collect();
    let rows: Vec<Vec<String>> = pods
        .iter()
        .take(limit)
        .map(|p| {
            let rs = &c.replica_sets[p.owner];
            let containers = rs.spec.template.containers.len().max(1);
            let ready = if p.is_ready(now) { containers } else { 0 };
            vec![
                c.pod_name(p),
                format!("{ready}/{containers}"),
                pod_status_word(p.state(rs.spec.min_ready_seconds, now)).to_string(),
                p.restarts(now).to_string(),
                human_duration(now - p.created),
            ]
        })
        .collect();
    let mut out = table(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &rows);
    if pods.len() > limit {
        out.push_str(&format!("... and {} more pods\n", pods.len() - limit));
    }
    out
}

/// `kubectl rollout history deployment/NAME` (or statefulset/NAME, daemonset/NAME: their
/// ControllerRevisions).
pub fn rollout_history(c: &Cluster) -> String {
    let mut revisions: Vec<(i64, String)> = listed_replica_sets(c)
        .into_iter()
        .map(|rs| {
            let cause = rs
                .meta
                .annotations
                .get(crate::api::annotations::CHANGE_CAUSE)
                .cloned()
                .unwrap_or_else(|| "<none>".into());
            (rs.revision(), cause)
        })
        .collect();
    revisions.sort();
    let rows: Vec<Vec<String>> = revisions
        .into_iter()
        .map(|(r, cause)| vec![r.to_string(), cause])
        .collect();
    let kind = if c.stateful.is_some() {
        "statefulset.apps"
    } else if c.daemon.is_some() {
        "daemonset.apps"
    } else {
        "deployment.apps"
    };
    format!(
        "{kind}/{}\n{}",
        c.deployment.meta.name,
        table(&["REVISION", "CHANGE-CAUSE"], &rows).replace("   CHANGE", "  CHANGE")
    )
}

/// `kubectl get pdb`: the Deployment's PodDisruptionBudget (named after it) with the
/// disruption controller's status now.
pub fn get_pdb(c: &Cluster) -> String {
    let (Some(spec), Some(status)) = (c.pdb.as_ref(), crate::controller::disruption::try_sync(c))
    else {
        return "No resources found in default namespace.\n".to_string();
    };
    let show = |v: &Option<crate::intstr::IntOrString>| {
        v.as_ref().map_or("N/A".to_string(), |v| v.to_string())
    };
    table(
        &[
            "NAME",
            "MIN AVAILABLE",
            "MAX UNAVAILABLE",
            "ALLOWED DISRUPTIONS",
            "AGE",
        ],
        &[vec![
            c.deployment.meta.name.clone(),
            show(&spec.min_available),
            show(&spec.max_unavailable),
            status.disruptions_allowed.to_string(),
            human_duration(c.now - c.deployment.meta.creation),
        ]],
    )
}
