//! Writing a scenario back as the JSON value [`super::read::from_value`] reads: the Deployment
//! in the API version (or the kind) it was read in, so that a saved scenario reads back the same.

use super::{Action, ClusterConfig, RollingUpdateFlags, Scenario, UserEvent};
use crate::manifest::{self, WorkloadKind};
use serde_json::{Map, Value};

/// The scenario's workload as the manifest it was read from: a Deployment in its own API
/// version, or a ReplicationController.
pub fn workload_value(s: &Scenario) -> Value {
    match s.kind {
        WorkloadKind::Deployment => manifest::to_value_as(&s.deployment, s.api_version),
        WorkloadKind::ReplicationController => manifest::write::to_rc_value(&s.deployment),
        WorkloadKind::Rollout => match &s.rollout {
            Some(ro) => manifest::rollout::to_rollout_value(&s.deployment, ro),
            None => manifest::to_value(&s.deployment),
        },
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => match &s.workload {
            Some(w) => manifest::workloads::to_workload_value(&s.deployment, w),
            None => manifest::to_value(&s.deployment),
        },
    }
}

/// [`workload_value`] as YAML: what "Download manifest" writes, which
/// [`manifest::parse_deployment`] reads back as the same workload.
pub fn workload_yaml(s: &Scenario) -> String {
    manifest::write::yaml(&workload_value(s))
}

pub fn to_value(s: &Scenario) -> Value {
    let mut root = Map::new();
    if let Some(d) = &s.description {
        root.insert("description".into(), d.clone().into());
    }
    match &s.start {
        // The state's List carries the Deployment as it was; an edit of it since is written
        // beside it.
        Some(state) => {
            let mut as_listed = s.deployment.clone();
            as_listed.spec = state.spec.clone();
            root.insert("startFrom".into(), state.to_list(&as_listed));
            if state.spec != s.deployment.spec {
                root.insert("deployment".into(), workload_value(s));
            }
        }
        None => {
            root.insert("deployment".into(), workload_value(s));
        }
    }
    if !s.images.0.is_empty() {
        root.insert("images".into(), s.images.to_value());
    }
    if s.seed != 1 {
        root.insert("seed".into(), s.seed.into());
    }
    let events: Vec<Value> = s.events.iter().map(event_to_value).collect();
    root.insert("events".into(), Value::Array(events));
    root.insert("until".into(), Value::from(s.until));
    if s.cluster != ClusterConfig::default() {
        let mut c = Map::new();
        c.insert("nodes".into(), s.cluster.nodes.into());
        if let Some(cap) = s.cluster.capacity {
            c.insert("capacity".into(), cap.into());
        }
        let shape = &s.cluster.node;
        let mut node = Map::new();
        if let Some(cpu) = shape.cpu {
            node.insert("cpu".into(), crate::api::quantity::format_milli(cpu).into());
        }
        if let Some(memory) = shape.memory {
            node.insert(
                "memory".into(),
                crate::api::quantity::format_bytes(memory).into(),
            );
        }
        if let Some(pods) = shape.pods {
            node.insert("pods".into(), pods.into());
        }
        if !node.is_empty() {
            c.insert("node".into(), Value::Object(node));
        }
        if let Some(p) = &s.cluster.pdb {
            let mut m = Map::new();
            let ios = |v: &crate::intstr::IntOrString| match v {
                crate::intstr::IntOrString::Int(i) => Value::from(*i),
                crate::intstr::IntOrString::String(s) => Value::from(s.clone()),
            };
            if let Some(v) = &p.min_available {
                m.insert("minAvailable".into(), ios(v));
            }
            if let Some(v) = &p.max_unavailable {
                m.insert("maxUnavailable".into(), ios(v));
            }
            if p.unhealthy_pod_eviction_policy != Default::default() {
                m.insert(
                    "unhealthyPodEvictionPolicy".into(),
                    p.unhealthy_pod_eviction_policy.as_str().into(),
                );
            }
            c.insert("pdb".into(), Value::Object(m));
        }
        if let Some(h) = &s.cluster.hpa {
            c.insert("hpa".into(), super::hpa::hpa_to_value(h));
        }
        if let Some(a) = &s.cluster.autoscaler {
            c.insert(
                "autoscaler".into(),
                serde_json::json!({
                    "maxNodes": a.max_nodes,
                    "provisionSeconds": a.provision_seconds,
                    "unneededSeconds": a.unneeded_seconds,
                    "delayAfterAddSeconds": a.delay_after_add_seconds,
                }),
            );
        }
        root.insert("cluster".into(), Value::Object(c));
    }
    if s.rolling_update != RollingUpdateFlags::default() {
        root.insert(
            "rollingUpdate".into(),
            serde_json::json!({
                "updatePeriod": s.rolling_update.update_period,
                "pollInterval": s.rolling_update.poll_interval,
            }),
        );
    }
    if let Some(t) = &s.traffic {
        root.insert(
            "traffic".into(),
            serde_json::to_value(t).unwrap_or(Value::Null),
        );
    }
    if !s.analysis.is_empty() {
        root.insert("analysis".into(), super::analysis::write(&s.analysis));
    }
    Value::Object(root)
}

fn event_to_value(e: &UserEvent) -> Value {
    let (key, value) = match &e.action {
        Action::SetImage {
            container: Some(c),
            image,
        } => (
            "setImage",
            serde_json::json!({"container": c, "image": image}),
        ),
        Action::SetImage {
            container: None,
            image,
        } => ("setImage", serde_json::json!({"image": image})),
        Action::Scale(n) => ("scale", Value::from(*n)),
        Action::Pause => ("pause", Value::Bool(true)),
        Action::Resume => ("resume", Value::Bool(true)),
        Action::Undo {
            to_revision: Some(r),
        } => ("undo", serde_json::json!({"toRevision": r})),
        Action::Undo { to_revision: None } => ("undo", serde_json::json!({})),
        Action::Apply(m) => ("apply", m.clone()),
        Action::Drain(n) => ("drain", Value::from(n.clone())),
        Action::Uncordon(n) => ("uncordon", Value::from(n.clone())),
        Action::Promote { full: false } => ("promote", Value::Bool(true)),
        Action::Promote { full: true } => ("promote", Value::from("full")),
        Action::Abort => ("abort", Value::Bool(true)),
        Action::Retry => ("retry", Value::Bool(true)),
        Action::DeletePod(n) => ("deletePod", Value::from(n.clone())),
        Action::AddNode => ("addNode", Value::Bool(true)),
        Action::RemoveNode(n) => ("removeNode", Value::from(n.clone())),
        Action::NodeNotReady(n) => ("nodeNotReady", Value::from(n.clone())),
    };
    let mut m = Map::new();
    m.insert("at".into(), Value::from(e.at));
    if let Some(d) = &e.description {
        m.insert("description".into(), d.clone().into());
    }
    m.insert(key.into(), value);
    Value::Object(m)
}
