//! Reading and writing an apps/v1 StatefulSet or DaemonSet: the fields they share with a
//! Deployment (template, selector, replicas, minReadySeconds, revisionHistoryLimit) are read as
//! a Deployment's are; `updateStrategy` and `podManagementPolicy` are their own, defaulted as
//! `pkg/apis/apps/v1/defaults.go` and validated with the messages of
//! `pkg/apis/apps/validation/validation.go`.

use super::reader::Reader;
use super::ManifestError;
use crate::api::validation::{
    get_int_or_percent_value, is_not_more_than_100_percent, validate_positive_int_or_percent,
    BadValue, FieldError,
};
use crate::api::{
    AppsWorkload, DaemonSetStrategy, Deployment, PodManagementPolicy, StatefulSetStrategy,
    UpdateStrategyType,
};
use crate::intstr::IntOrString;
use serde_json::{Map, Value};

/// The fields of a StatefulSet or DaemonSet spec that a Deployment's reader must not see.
const OWN_FIELDS: [&str; 8] = [
    "updateStrategy",
    "podManagementPolicy",
    "serviceName",
    "volumeClaimTemplates",
    "persistentVolumeClaimRetentionPolicy",
    "ordinals",
    "strategy",
    "progressDeadlineSeconds",
];

/// Builds a StatefulSet or DaemonSet (`kind`) from one manifest object.
pub fn workload_from_value(
    doc: &Value,
    kind: &str,
) -> Result<(Deployment, AppsWorkload), ManifestError> {
    let (api, name) = super::api_version_and_name(doc);
    if api != "apps/v1" {
        return Err(ManifestError::NoWorkloadMatch {
            name,
            kind: kind.to_string(),
            api_version: api.to_string(),
        });
    }
    let daemon = kind == "DaemonSet";
    let mut shared = doc.clone();
    if let Some(spec) = shared.get_mut("spec").and_then(Value::as_object_mut) {
        for f in OWN_FIELDS {
            spec.remove(f);
        }
        if daemon {
            // A DaemonSet has no replicas: one pod per node that should run it.
            spec.remove("replicas");
        }
    }
    let mut r = Reader::default();
    let mut raw = r.deployment(&shared, false);
    super::defaults::set_defaults_deployment(&mut raw, super::ApiVersion::AppsV1);
    let mut d = super::build(raw);
    d.spec.progress_deadline_seconds = None;
    if daemon {
        d.spec.replicas = 0;
    }
    let spec = doc.get("spec").and_then(Value::as_object);
    let strategy = r.object(
        spec.and_then(|s| s.get("updateStrategy")),
        "spec.updateStrategy",
        if daemon {
            ("DaemonSetSpec", "v1.DaemonSetUpdateStrategy")
        } else {
            ("StatefulSetSpec", "v1.StatefulSetUpdateStrategy")
        },
    );
    let mut errors = Vec::new();
    let workload = if daemon {
        AppsWorkload::DaemonSet(read_daemon_set(&mut r, strategy, &mut errors))
    } else {
        AppsWorkload::StatefulSet(read_stateful_set(&mut r, spec, strategy, &mut errors))
    };
    if let Some(error) = r.errors.into_iter().next() {
        return Err(ManifestError::Decode {
            kind: kind.into(),
            version: "v1".into(),
            error: Box::new(error),
        });
    }
    let mut shared_errors = crate::api::validation::validate_deployment(&d);
    shared_errors.retain(|e| !e.field.starts_with("spec.strategy"));
    // The shared checks name the kind they are for.
    let lower = kind.to_lowercase();
    for e in &mut shared_errors {
        e.detail = e.detail.replace("for deployment", &format!("for {lower}"));
    }
    shared_errors.append(&mut errors);
    if shared_errors.is_empty() {
        Ok((d, workload))
    } else {
        Err(ManifestError::Invalid {
            kind: kind.into(),
            name: d.meta.name.clone(),
            errors: shared_errors,
        })
    }
}

fn update_type(
    r: &mut Reader,
    s: Option<&Map<String, Value>>,
    go: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<UpdateStrategyType> {
    let text = r.string(
        s.and_then(|s| s.get("type")),
        "spec.updateStrategy.type",
        (go, "string"),
    );
    match text.as_deref() {
        None | Some("") | Some("RollingUpdate") => Some(UpdateStrategyType::RollingUpdate),
        Some("OnDelete") => Some(UpdateStrategyType::OnDelete),
        Some(other) => {
            // NotSupported prints the whole strategy, its pointer dereferenced.
            let rolling = s
                .and_then(|s| s.get("rollingUpdate"))
                .is_some_and(|v| !v.is_null());
            let value = BadValue::Go(format!(
                "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateDaemonSet)({})}}",
                crate::api::go_syntax::quote(other),
                if rolling { "0xc000…" } else { "nil" }
            ));
            errors.push(FieldError {
                field: "spec.updateStrategy".into(),
                kind: crate::api::validation::ErrorKind::Unsupported(
                    value,
                    vec!["RollingUpdate", "OnDelete"],
                ),
                detail: String::new(),
            });
            None
        }
    }
}

/// Mirrors `SetDefaults_StatefulSet` and the update-strategy part of `ValidateStatefulSetSpec`.
fn read_stateful_set(
    r: &mut Reader,
    spec: Option<&Map<String, Value>>,
    s: Option<&Map<String, Value>>,
    errors: &mut Vec<FieldError>,
) -> StatefulSetStrategy {
    let go = "StatefulSetUpdateStrategy";
    let policy = r.string(
        spec.and_then(|s| s.get("podManagementPolicy")),
        "spec.podManagementPolicy",
        ("StatefulSetSpec", "v1.PodManagementPolicyType"),
    );
    let pod_management_policy = match policy.as_deref() {
        None | Some("") | Some("OrderedReady") => PodManagementPolicy::OrderedReady,
        Some("Parallel") => PodManagementPolicy::Parallel,
        Some(other) => {
            errors.push(FieldError::invalid(
                "spec.podManagementPolicy",
                BadValue::Str(other.into()),
                "must be 'OrderedReady' or 'Parallel'",
            ));
            PodManagementPolicy::OrderedReady
        }
    };
    let service_name = r
        .string(
            spec.and_then(|s| s.get("serviceName")),
            "spec.serviceName",
            ("StatefulSetSpec", "string"),
        )
        .unwrap_or_default();
    let type_text = r.string(
        s.and_then(|s| s.get("type")),
        "spec.updateStrategy.type",
        (go, "v1.StatefulSetUpdateStrategyType"),
    );
    let rolling = r.object(
        s.and_then(|s| s.get("rollingUpdate")),
        "spec.updateStrategy.rollingUpdate",
        (go, "v1.RollingUpdateStatefulSetStrategy"),
    );
    let field = |k: &str| format!("spec.updateStrategy.rollingUpdate.{k}");
    let partition = r.int32(
        rolling.and_then(|m| m.get("partition")),
        &field("partition"),
        ("RollingUpdateStatefulSetStrategy", "int32"),
    );
    let max_unavailable = r.int_or_string(
        rolling.and_then(|m| m.get("maxUnavailable")),
        &field("maxUnavailable"),
        "RollingUpdateStatefulSetStrategy",
    );
    let (update_type, partition) = match type_text.as_deref() {
        // The type left out: RollingUpdate, with a rollingUpdate block whose partition is 0.
        None | Some("") => (
            UpdateStrategyType::RollingUpdate,
            Some(partition.unwrap_or(0)),
        ),
        Some("RollingUpdate") => (
            UpdateStrategyType::RollingUpdate,
            rolling.map(|_| partition.unwrap_or(0)),
        ),
        Some("OnDelete") => (UpdateStrategyType::OnDelete, partition),
        Some(other) => {
            errors.push(FieldError::invalid(
                "spec.updateStrategy",
                BadValue::Go(format!(
                    "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)({})}}",
                    crate::api::go_syntax::quote(other),
                    if rolling.is_some() { "0xc000…" } else { "nil" }
                )),
                "must be 'RollingUpdate' or 'OnDelete'",
            ));
            (UpdateStrategyType::RollingUpdate, Some(0))
        }
    };
    if update_type == UpdateStrategyType::OnDelete && rolling.is_some() {
        // The pointer is dereferenced when the error is printed.
        let mu = max_unavailable
            .as_ref()
            .map_or("(*intstr.IntOrString)(nil)".to_string(), |m| {
                format!("(*intstr.IntOrString)({})", BadValue::from(m))
            });
        errors.push(FieldError::invalid(
            "spec.updateStrategy.rollingUpdate",
            BadValue::Go(format!(
                "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{mu}}}",
                partition.unwrap_or(0)
            )),
            "only allowed for updateStrategy 'RollingUpdate'",
        ));
    }
    errors.extend(validate_rolling_update_stateful_set(
        partition,
        max_unavailable.as_ref(),
    ));
    StatefulSetStrategy {
        pod_management_policy,
        update_type,
        partition,
        max_unavailable,
        service_name,
    }
}

/// Mirrors `validateRollingUpdateStatefulSet`: the partition not negative; maxUnavailable, when
/// set, a positive number or percentage of at most 100%.
pub fn validate_rolling_update_stateful_set(
    partition: Option<i32>,
    max_unavailable: Option<&IntOrString>,
) -> Vec<FieldError> {
    let field = |k: &str| format!("spec.updateStrategy.rollingUpdate.{k}");
    let mut errors = Vec::new();
    if let Some(p) = partition.filter(|&p| p < 0) {
        errors.push(FieldError::invalid(
            field("partition"),
            BadValue::Int(i64::from(p)),
            "must be greater than or equal to 0",
        ));
    }
    if let Some(m) = max_unavailable {
        let f = field("maxUnavailable");
        errors.extend(validate_positive_int_or_percent(m, &f));
        if get_int_or_percent_value(m) == 0 {
            errors.push(FieldError::invalid(
                f.clone(),
                BadValue::from(m),
                "cannot be 0",
            ));
        }
        errors.extend(is_not_more_than_100_percent(m, &f));
    }
    errors
}

/// Mirrors `SetDefaults_DaemonSet` and `ValidateDaemonSetUpdateStrategy`.
fn read_daemon_set(
    r: &mut Reader,
    s: Option<&Map<String, Value>>,
    errors: &mut Vec<FieldError>,
) -> DaemonSetStrategy {
    let go = "DaemonSetUpdateStrategy";
    let kind = update_type(r, s, go, errors);
    let rolling = r.object(
        s.and_then(|s| s.get("rollingUpdate")),
        "spec.updateStrategy.rollingUpdate",
        (go, "v1.RollingUpdateDaemonSet"),
    );
    let field = |k: &str| format!("spec.updateStrategy.rollingUpdate.{k}");
    let read = |r: &mut Reader, k: &str| {
        r.int_or_string(
            rolling.and_then(|m| m.get(k)),
            &field(k),
            "RollingUpdateDaemonSet",
        )
    };
    let max_unavailable = read(r, "maxUnavailable").unwrap_or(IntOrString::Int(1));
    let max_surge = read(r, "maxSurge").unwrap_or(IntOrString::Int(0));
    let update_type = kind.unwrap_or_default();
    // An unknown type has no rolling update to check.
    if kind == Some(UpdateStrategyType::RollingUpdate) {
        errors.extend(validate_rolling_update_daemon_set(
            &max_unavailable,
            &max_surge,
        ));
    }
    DaemonSetStrategy {
        update_type,
        max_unavailable,
        max_surge,
    }
}

/// Mirrors `ValidateRollingUpdateDaemonSet`: each value non-negative or a valid percent, at
/// most 100%, and exactly one of them non-zero.
pub fn validate_rolling_update_daemon_set(
    max_unavailable: &IntOrString,
    max_surge: &IntOrString,
) -> Vec<FieldError> {
    let f = |k: &str| format!("spec.updateStrategy.rollingUpdate.{k}");
    let mut errors = Vec::new();
    for (v, k) in [(max_unavailable, "maxUnavailable"), (max_surge, "maxSurge")] {
        errors.extend(validate_positive_int_or_percent(v, &f(k)));
        errors.extend(is_not_more_than_100_percent(v, &f(k)));
    }
    let has_unavailable = get_int_or_percent_value(max_unavailable) != 0;
    let has_surge = get_int_or_percent_value(max_surge) != 0;
    match (has_unavailable, has_surge) {
        (true, true) => errors.push(FieldError::invalid(
            f("maxSurge"),
            BadValue::from(max_surge),
            "may not be set when maxUnavailable is non-zero",
        )),
        (false, false) => errors.push(FieldError::required_because(
            f("maxUnavailable"),
            "cannot be 0 when maxSurge is 0",
        )),
        _ => {}
    }
    errors
}

fn ios_value(v: &IntOrString) -> Value {
    match v {
        IntOrString::Int(i) => (*i).into(),
        IntOrString::String(s) => s.clone().into(),
    }
}

/// The workload as an apps/v1 manifest; reads back as the same workload.
pub fn to_workload_value(d: &Deployment, w: &AppsWorkload) -> Value {
    let mut v = super::write::to_value(d);
    let spec = v["spec"].as_object_mut().expect("a manifest has a spec");
    spec.remove("strategy");
    spec.remove("progressDeadlineSeconds");
    match w {
        AppsWorkload::StatefulSet(s) => {
            v["kind"] = "StatefulSet".into();
            let spec = v["spec"].as_object_mut().expect("a manifest has a spec");
            if !s.service_name.is_empty() {
                spec.insert("serviceName".into(), s.service_name.clone().into());
            }
            spec.insert(
                "podManagementPolicy".into(),
                s.pod_management_policy.as_str().into(),
            );
            let mut u = serde_json::json!({ "type": s.update_type.as_str() });
            if s.update_type == UpdateStrategyType::RollingUpdate {
                if let Some(p) = s.partition {
                    let mut ru = serde_json::json!({ "partition": p });
                    if let Some(m) = &s.max_unavailable {
                        ru["maxUnavailable"] = ios_value(m);
                    }
                    u["rollingUpdate"] = ru;
                }
            }
            spec.insert("updateStrategy".into(), u);
        }
        AppsWorkload::DaemonSet(s) => {
            v["kind"] = "DaemonSet".into();
            let spec = v["spec"].as_object_mut().expect("a manifest has a spec");
            spec.remove("replicas");
            let mut u = serde_json::json!({ "type": s.update_type.as_str() });
            if s.update_type == UpdateStrategyType::RollingUpdate {
                u["rollingUpdate"] = serde_json::json!({
                    "maxUnavailable": ios_value(&s.max_unavailable),
                    "maxSurge": ios_value(&s.max_surge),
                });
            }
            spec.insert("updateStrategy".into(), u);
        }
    }
    v
}
