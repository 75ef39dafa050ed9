//! `cluster.hpa`: an autoscaling/v2 HorizontalPodAutoscaler's spec targeting the Deployment,
//! read and checked as `validateHorizontalPodAutoscalerSpec` checks one (pkg/apis/autoscaling/
//! validation), and written back in the same shape.

use super::read::field_err;
use super::ScenarioError;
use crate::api::hpa::{
    Behavior, HorizontalPodAutoscalerSpec, ScalingPolicy, ScalingPolicyType, ScalingRules,
    SelectPolicy, DEFAULT_CPU_UTILIZATION,
};
use crate::api::validation::{BadValue, ErrorKind, FieldError};
use serde_json::{json, Map, Value};

const HPA_KEYS: [&str; 4] = ["minReplicas", "maxReplicas", "metrics", "behavior"];
const BEHAVIOR_KEYS: [&str; 2] = ["scaleUp", "scaleDown"];
const RULES_KEYS: [&str; 3] = ["stabilizationWindowSeconds", "selectPolicy", "policies"];
const POLICY_KEYS: [&str; 3] = ["type", "value", "periodSeconds"];
/// `MaxStabilizationWindowSeconds` and `MaxPeriodSeconds`.
const MAX_WINDOW_SECONDS: i64 = 3600;
const MAX_PERIOD_SECONDS: i64 = 1800;

fn unsupported(field: String, value: &str, known: &[&'static str]) -> ScenarioError {
    ScenarioError::Field(FieldError {
        field,
        kind: ErrorKind::Unsupported(BadValue::Str(value.to_string()), known.to_vec()),
        detail: String::new(),
    })
}

fn map<'a>(v: &'a Value, field: &str) -> Result<&'a Map<String, Value>, ScenarioError> {
    v.as_object()
        .ok_or_else(|| field_err(field, v, "must be a map"))
}

fn keys(m: &Map<String, Value>, field: &str, known: &[&'static str]) -> Result<(), ScenarioError> {
    match m.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(unsupported(format!("{field}.{k}"), k, known)),
        None => Ok(()),
    }
}

fn int(v: &Value, field: &str) -> Result<i64, ScenarioError> {
    v.as_i64()
        .filter(|i| i32::try_from(*i).is_ok())
        .ok_or_else(|| field_err(field, v, "must be a whole number"))
}

/// Reads `cluster.hpa`.
pub fn hpa_from_value(v: &Value) -> Result<HorizontalPodAutoscalerSpec, ScenarioError> {
    let field = "cluster.hpa";
    let m = map(v, field)?;
    keys(m, field, &HPA_KEYS)?;
    let min = match m.get("minReplicas") {
        None | Some(Value::Null) => 1,
        Some(v) => {
            let n = int(v, "cluster.hpa.minReplicas")?;
            if n < 1 {
                // The HPAScaleToZero gate is alpha (off) in 1.28.
                return Err(field_err(
                    "cluster.hpa.minReplicas",
                    v,
                    "must be greater than or equal to 1",
                ));
            }
            n as i32
        }
    };
    let max_value = m
        .get("maxReplicas")
        .filter(|v| !v.is_null())
        .ok_or_else(|| ScenarioError::Field(FieldError::required("cluster.hpa.maxReplicas")))?;
    let max = int(max_value, "cluster.hpa.maxReplicas")?;
    if max < 1 {
        return Err(field_err(
            "cluster.hpa.maxReplicas",
            max_value,
            "must be greater than 0",
        ));
    }
    if max < i64::from(min) {
        return Err(field_err(
            "cluster.hpa.maxReplicas",
            max_value,
            "must be greater than or equal to `minReplicas`",
        ));
    }
    let target = match m.get("metrics") {
        None | Some(Value::Null) => DEFAULT_CPU_UTILIZATION,
        Some(v) => cpu_target(v)?,
    };
    let behavior = match m.get("behavior") {
        None | Some(Value::Null) => None,
        Some(v) => Some(behavior(v)?),
    };
    Ok(HorizontalPodAutoscalerSpec {
        min_replicas: min,
        max_replicas: max as i32,
        target_cpu_utilization: target,
        behavior,
    })
}

/// The field (the last part of `field` names its key) must hold `want`, the one value
/// simulated: another is unsupported, none is required (with `missing` as upstream's detail).
fn exactly(
    m: &Map<String, Value>,
    field: &str,
    want: &'static str,
    missing: &str,
) -> Result<(), ScenarioError> {
    let key = field.rsplit('.').next().unwrap_or(field);
    match m.get(key).and_then(Value::as_str) {
        Some(v) if v == want => Ok(()),
        Some(other) => Err(unsupported(field.to_string(), other, &[want])),
        None => Err(ScenarioError::Field(FieldError::required_because(
            field, missing,
        ))),
    }
}

/// `metrics`: the one metric simulated, the pods' CPU utilization.
fn cpu_target(v: &Value) -> Result<i32, ScenarioError> {
    let only =
        "only one metric is simulated: type Resource, resource.name cpu, target.type Utilization";
    let list = v
        .as_array()
        .filter(|l| l.len() == 1)
        .ok_or_else(|| field_err("cluster.hpa.metrics", v, only))?;
    let f = "cluster.hpa.metrics[0]";
    let metric = map(&list[0], f)?;
    keys(metric, f, &["type", "resource"])?;
    exactly(
        metric,
        &format!("{f}.type"),
        "Resource",
        "must specify a metric source type",
    )?;
    let rf = format!("{f}.resource");
    let resource = metric.get("resource").ok_or_else(|| {
        ScenarioError::Field(FieldError::required_because(
            &rf,
            "must populate information for the given metric source",
        ))
    })?;
    let resource = map(resource, &rf)?;
    keys(resource, &rf, &["name", "target"])?;
    exactly(
        resource,
        &format!("{rf}.name"),
        "cpu",
        "must specify a resource name",
    )?;
    let tf = format!("{rf}.target");
    let target = map(resource.get("target").unwrap_or(&Value::Null), &tf)?;
    keys(target, &tf, &["type", "averageUtilization"])?;
    match target.get("type").and_then(Value::as_str) {
        Some("Utilization") => {}
        Some(other) => return Err(unsupported(format!("{tf}.type"), other, &["Utilization"])),
        None => {
            return Err(ScenarioError::Field(FieldError::required(format!(
                "{tf}.type"
            ))))
        }
    }
    let uf = format!("{tf}.averageUtilization");
    let u = target.get("averageUtilization").ok_or_else(|| {
        ScenarioError::Field(FieldError::required_because(
            &uf,
            "must set either a target raw value or a target utilization",
        ))
    })?;
    let n = int(u, &uf)?;
    if n < 1 {
        return Err(field_err(uf, u, "must be greater than 0"));
    }
    Ok(n as i32)
}

fn behavior(v: &Value) -> Result<Behavior, ScenarioError> {
    let f = "cluster.hpa.behavior";
    let m = map(v, f)?;
    keys(m, f, &BEHAVIOR_KEYS)?;
    let rules = |k: &str| -> Result<Option<ScalingRules>, ScenarioError> {
        match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => scaling_rules_from_value(v, &format!("{f}.{k}")).map(Some),
        }
    };
    Ok(Behavior {
        scale_up: rules("scaleUp")?,
        scale_down: rules("scaleDown")?,
    })
}

/// Reads one `HPAScalingRules` and checks it as `validateScalingRules` does (`field` names it).
/// Policies may be left out: the API's defaulting fills them in before validation, so its
/// "must specify at least one Policy" is never reached through autoscaling/v2.
pub fn scaling_rules_from_value(v: &Value, field: &str) -> Result<ScalingRules, ScenarioError> {
    let m = map(v, field)?;
    keys(m, field, &RULES_KEYS)?;
    let mut r = ScalingRules::default();
    if let Some(w) = m.get("stabilizationWindowSeconds").filter(|v| !v.is_null()) {
        let wf = format!("{field}.stabilizationWindowSeconds");
        let n = int(w, &wf)?;
        if n < 0 {
            return Err(field_err(wf, w, "must be greater than or equal to zero"));
        }
        if n > MAX_WINDOW_SECONDS {
            return Err(field_err(
                wf,
                w,
                &format!("must be less than or equal to {MAX_WINDOW_SECONDS}"),
            ));
        }
        r.stabilization_window_seconds = Some(n as i32);
    }
    if let Some(s) = m.get("selectPolicy").filter(|v| !v.is_null()) {
        const SELECT: [&str; 3] = ["Disabled", "Max", "Min"];
        r.select_policy = Some(match s.as_str() {
            Some("Max") => SelectPolicy::Max,
            Some("Min") => SelectPolicy::Min,
            Some("Disabled") => SelectPolicy::Disabled,
            _ => {
                let shown = s.as_str().map_or_else(|| s.to_string(), str::to_string);
                return Err(unsupported(
                    format!("{field}.selectPolicy"),
                    &shown,
                    &SELECT,
                ));
            }
        });
    }
    let pf = format!("{field}.policies");
    let policies = match m.get("policies") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(other) => return Err(field_err(&pf, other, "must be a list")),
    };
    for (i, p) in policies.iter().enumerate() {
        r.policies.push(policy(p, &format!("{pf}[{i}]"))?);
    }
    Ok(r)
}

fn policy(v: &Value, field: &str) -> Result<ScalingPolicy, ScenarioError> {
    let m = map(v, field)?;
    keys(m, field, &POLICY_KEYS)?;
    let kind = match m.get("type").and_then(Value::as_str) {
        Some("Pods") => ScalingPolicyType::Pods,
        Some("Percent") => ScalingPolicyType::Percent,
        other => {
            return Err(unsupported(
                format!("{field}.type"),
                other.unwrap_or(""),
                &["Percent", "Pods"],
            ))
        }
    };
    let number = |k: &str, max: Option<i64>| -> Result<i32, ScenarioError> {
        let f = format!("{field}.{k}");
        let v = m.get(k).unwrap_or(&Value::Null);
        let n = if v.is_null() { 0 } else { int(v, &f)? };
        if n <= 0 {
            return Err(field_err(f, v, "must be greater than zero"));
        }
        if let Some(max) = max.filter(|m| n > *m) {
            return Err(field_err(
                f,
                v,
                &format!("must be less than or equal to {max}"),
            ));
        }
        Ok(n as i32)
    };
    Ok(ScalingPolicy {
        kind,
        value: number("value", None)?,
        period_seconds: number("periodSeconds", Some(MAX_PERIOD_SECONDS))?,
    })
}

/// `cluster.hpa` as a scenario file holds it.
pub fn hpa_to_value(h: &HorizontalPodAutoscalerSpec) -> Value {
    let mut m = Map::new();
    m.insert("minReplicas".into(), h.min_replicas.into());
    m.insert("maxReplicas".into(), h.max_replicas.into());
    m.insert(
        "metrics".into(),
        json!([{"type": "Resource", "resource": {"name": "cpu",
            "target": {"type": "Utilization", "averageUtilization": h.target_cpu_utilization}}}]),
    );
    if let Some(b) = &h.behavior {
        let mut bm = Map::new();
        for (k, r) in [("scaleUp", &b.scale_up), ("scaleDown", &b.scale_down)] {
            if let Some(r) = r {
                bm.insert(k.into(), scaling_rules_to_value(r));
            }
        }
        m.insert("behavior".into(), Value::Object(bm));
    }
    Value::Object(m)
}

/// One `HPAScalingRules` as the API writes it.
pub fn scaling_rules_to_value(r: &ScalingRules) -> Value {
    let mut m = Map::new();
    if let Some(w) = r.stabilization_window_seconds {
        m.insert("stabilizationWindowSeconds".into(), w.into());
    }
    if let Some(s) = r.select_policy {
        m.insert("selectPolicy".into(), s.as_str().into());
    }
    let policies: Vec<Value> = r
        .policies
        .iter()
        .map(|p| json!({"type": p.kind.as_str(), "value": p.value, "periodSeconds": p.period_seconds}))
        .collect();
    m.insert("policies".into(), Value::Array(policies));
    Value::Object(m)
}
