//! The state written back as the List it was read from: the fields the simulation reads, times
//! as RFC 3339, so that a scenario file (or a shared link) that starts from a cluster's state
//! reads back the same.

use super::time::format_rfc3339;
use super::{ClusterState, Waiting};
use crate::api::{Deployment, Millis};
use serde_json::{json, Map, Value};

pub(super) fn list(s: &ClusterState, d: &Deployment) -> Value {
    let at = |t: Millis| format_rfc3339(s.taken_at + t);
    let mut items = Vec::new();

    let mut deployment = crate::manifest::to_value_as(d, s.api_version);
    let meta = deployment["metadata"].as_object_mut().expect("metadata");
    meta.insert("generation".into(), s.generation.into());
    meta.insert("creationTimestamp".into(), at(s.created).into());
    // The revision and the other annotations the controller reads, as the cluster had them.
    meta.insert(
        "annotations".into(),
        serde_json::to_value(&d.meta.annotations).unwrap_or_default(),
    );
    let st = &s.status;
    deployment["status"] = json!({
        "observedGeneration": st.observed_generation,
        "replicas": st.replicas,
        "updatedReplicas": st.updated_replicas,
        "readyReplicas": st.ready_replicas,
        "availableReplicas": st.available_replicas,
        "unavailableReplicas": st.unavailable_replicas,
        "conditions": st.conditions.iter().map(|c| json!({
            "type": c.kind.as_str(),
            "status": c.status.as_str(),
            "reason": c.reason,
            "message": c.message,
            "lastUpdateTime": at(c.last_update),
            "lastTransitionTime": at(c.last_transition),
        })).collect::<Vec<_>>(),
    });
    items.push(deployment);

    for rs in &s.replica_sets {
        let mut metadata = json!({
            "name": rs.meta.name,
            "generation": rs.meta.generation,
            "creationTimestamp": at(rs.meta.creation),
            "annotations": rs.meta.annotations,
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": d.meta.name}],
        });
        if let Some(t) = rs.meta.deletion {
            metadata["deletionTimestamp"] = at(t).into();
        }
        let t = &rs.spec.template;
        items.push(json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": metadata,
            "spec": {
                "replicas": rs.spec.replicas,
                "minReadySeconds": rs.spec.min_ready_seconds,
                "template": {
                    "metadata": {"labels": t.labels},
                    "spec": {
                        "containers": t.containers.iter().map(crate::manifest::write::container_json).collect::<Vec<_>>(),
                        "terminationGracePeriodSeconds": t.termination_grace_period_seconds,
                    },
                },
            },
            "status": {
                "replicas": rs.status.replicas,
                "readyReplicas": rs.status.ready_replicas,
                "availableReplicas": rs.status.available_replicas,
                "observedGeneration": rs.status.observed_generation,
            },
        }));
    }

    for p in &s.pods {
        let mut metadata = Map::new();
        metadata.insert("name".into(), p.name.clone().into());
        metadata.insert("creationTimestamp".into(), at(p.created).into());
        let owner = &s.replica_sets[p.owner].meta.name;
        metadata.insert(
            "ownerReferences".into(),
            json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner}]),
        );
        if let Some(t) = p.deleted {
            metadata.insert("deletionTimestamp".into(), at(t).into());
        }
        if let Some(g) = p.grace_seconds {
            metadata.insert("deletionGracePeriodSeconds".into(), g.into());
        }
        if p.deletion_cost != 0 {
            metadata.insert(
                "annotations".into(),
                json!({"controller.kubernetes.io/pod-deletion-cost": p.deletion_cost.to_string()}),
            );
        }
        let mut status = Map::new();
        status.insert(
            "phase".into(),
            if p.node.is_none() {
                "Pending"
            } else {
                "Running"
            }
            .into(),
        );
        if let Some(r) = p.ready_since {
            status.insert(
                "conditions".into(),
                json!([{"type": "Ready", "status": "True", "lastTransitionTime": at(r)}]),
            );
        }
        let state = match (p.waiting, p.started) {
            (Some(w), _) => json!({"waiting": {"reason": match w {
                Waiting::ContainerCreating => "ContainerCreating",
                Waiting::CrashLoopBackOff => "CrashLoopBackOff",
                Waiting::ImagePullBackOff => "ImagePullBackOff",
            }}}),
            (None, Some(t)) => json!({"running": {"startedAt": at(t)}}),
            (None, None) => Value::Null,
        };
        if !state.is_null() {
            status.insert("containerStatuses".into(), json!([{"state": state}]));
        }
        let mut spec = Map::new();
        if let Some(n) = p.node {
            spec.insert("nodeName".into(), s.nodes[n as usize].clone().into());
        }
        items.push(json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": metadata,
            "spec": spec,
            "status": status,
        }));
    }
    json!({"apiVersion": "v1", "kind": "List", "items": items})
}
