//! Writing a Deployment back as a manifest: in the API version it was read in (so a saved
//! scenario reads back the same), or as the apps/v1 manifest that behaves the same.

use super::defaults::ApiVersion;
use crate::api::Deployment;
use crate::intstr::IntOrString;
use serde_json::{Map, Value};

/// The Deployment as an apps/v1 manifest (JSON value; YAML is written by [`to_yaml`]).
pub fn to_value(d: &Deployment) -> Value {
    to_value_as(d, ApiVersion::AppsV1)
}

/// The Deployment as a manifest of `version`, writing every field whose default in that version
/// differs from the value, so that reading it back gives the same Deployment.
pub fn to_value_as(d: &Deployment, version: ApiVersion) -> Value {
    let ios = |v: &Option<IntOrString>| match v {
        Some(IntOrString::Int(i)) => Value::from(*i),
        Some(IntOrString::String(s)) => Value::from(s.clone()),
        None => Value::Null,
    };
    let mut strategy = Map::new();
    strategy.insert("type".into(), d.spec.strategy.kind.as_str().into());
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let mut m = Map::new();
        m.insert("maxSurge".into(), ios(&ru.max_surge));
        m.insert("maxUnavailable".into(), ios(&ru.max_unavailable));
        strategy.insert("rollingUpdate".into(), Value::Object(m));
    }
    let map = |m: &std::collections::BTreeMap<String, String>| -> Map<String, Value> {
        m.iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect()
    };
    let containers: Vec<Value> = d
        .spec
        .template
        .containers
        .iter()
        .map(container_json)
        .collect();
    let mut spec = Map::new();
    spec.insert("replicas".into(), d.spec.replicas.into());
    if let Some(sel) = &d.spec.selector {
        spec.insert(
            "selector".into(),
            serde_json::json!({"matchLabels": map(sel)}),
        );
    }
    spec.insert("strategy".into(), Value::Object(strategy));
    spec.insert("minReadySeconds".into(), d.spec.min_ready_seconds.into());
    spec.insert(
        "template".into(),
        serde_json::json!({
            "metadata": {"labels": map(&d.spec.template.labels)},
            "spec": {
                "terminationGracePeriodSeconds": d.spec.template.termination_grace_period_seconds,
                "containers": containers,
            }
        }),
    );
    // Unset limits exist only in extensions/v1beta1; in any other version "unset" is written as
    // MaxInt32, which the controller treats the same (`HasRevisionHistoryLimit`,
    // `HasProgressDeadline`).
    let unset = |v: Option<i32>| match (v, version) {
        (Some(n), _) => Some(n),
        (None, ApiVersion::ExtensionsV1beta1) => None,
        (None, _) => Some(i32::MAX),
    };
    if let Some(l) = unset(d.spec.revision_history_limit) {
        spec.insert("revisionHistoryLimit".into(), l.into());
    }
    if let Some(p) = unset(d.spec.progress_deadline_seconds) {
        spec.insert("progressDeadlineSeconds".into(), p.into());
    }
    if d.spec.paused {
        spec.insert("paused".into(), true.into());
    }
    let mut metadata = Map::new();
    metadata.insert("name".into(), d.meta.name.clone().into());
    let annotations: Map<String, Value> = map(&d.meta.annotations)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("deployment.kubernetes.io/"))
        .collect();
    if !annotations.is_empty() {
        metadata.insert("annotations".into(), Value::Object(annotations));
    }
    serde_json::json!({
        "apiVersion": version.as_str(),
        "kind": "Deployment",
        "metadata": metadata,
        "spec": spec,
    })
}

/// The Deployment as apps/v1 YAML, ready to paste into a manifest.
pub fn to_yaml(d: &Deployment) -> String {
    yaml(&to_value(d))
}

/// A JSON value as YAML text.
pub fn yaml(v: &Value) -> String {
    serde_saphyr::to_string(v).unwrap_or_default()
}

/// The stand-in Deployment of a ReplicationController scenario written back as the v1
/// ReplicationController it was read from (no strategy: `kubectl rolling-update` brought its
/// own).
pub fn to_rc_value(d: &Deployment) -> Value {
    let mut v = to_value(d);
    v["apiVersion"] = "v1".into();
    v["kind"] = "ReplicationController".into();
    if let Some(spec) = v["spec"].as_object_mut() {
        for k in [
            "strategy",
            "progressDeadlineSeconds",
            "revisionHistoryLimit",
            "paused",
        ] {
            spec.remove(k);
        }
        let selector = d.spec.selector.as_ref().unwrap_or(&d.spec.template.labels);
        let map: Map<String, Value> = selector
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        spec.insert("selector".into(), Value::Object(map));
    }
    v
}

/// A container as a manifest writes it: name, image, and `resources.requests` when set.
pub fn container_json(c: &crate::api::Container) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), c.name.clone().into());
    m.insert("image".into(), c.image.clone().into());
    let mut requests = Map::new();
    if let Some(cpu) = c.requests.cpu {
        requests.insert("cpu".into(), crate::api::quantity::format_milli(cpu).into());
    }
    if let Some(memory) = c.requests.memory {
        requests.insert(
            "memory".into(),
            crate::api::quantity::format_bytes(memory).into(),
        );
    }
    if !requests.is_empty() {
        m.insert(
            "resources".into(),
            serde_json::json!({ "requests": requests }),
        );
    }
    Value::Object(m)
}
