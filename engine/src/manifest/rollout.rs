//! Reading an argoproj.io/v1alpha1 `Rollout`: the fields it shares with a Deployment (template,
//! selector, replicas, minReadySeconds, ...) are read as a Deployment's are; `spec.strategy`
//! holds a `canary` or a `blueGreen` block, validated with the messages of Argo Rollouts'
//! `pkg/apis/rollouts/validation/validation.go`.

use super::reader::Reader;
use crate::api::validation::{BadValue, FieldError};
use crate::api::{
    BackgroundAnalysis, BlueGreenStrategy, CanaryStep, CanaryStrategy, Deployment,
    ReplicaProgressThreshold, Rollout, RolloutSpec, RolloutStatus, RolloutStrategy, SetCanaryScale,
    TrafficRouting,
};
use crate::intstr::IntOrString;
use serde_json::{Map, Value};

/// The API version of a Rollout.
pub const ROLLOUT_API_VERSION: &str = "argoproj.io/v1alpha1";

/// Mirrors the messages of Argo Rollouts' validation.
mod messages {
    pub const INVALID_STRATEGY: &str = "Multiple Strategies can not be listed";
    pub const MISSING_STRATEGY: &str =
        "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'";
    pub const INVALID_SET_WEIGHT: &str = "SetWeight needs to be between 0 and 100";
    pub const INVALID_DURATION: &str = "Duration needs to be greater than 0";
    pub const INVALID_MAX_SURGE_MAX_UNAVAILABLE: &str =
        "MaxSurge and MaxUnavailable both can not be zero";
    pub const INVALID_STEP: &str =
        "Step must have one of the following set: experiment, setWeight, setCanaryScale or pause";
    pub const DUPLICATED_SERVICES: &str = "This rollout uses the same service for the active and preview services, but two different services are required.";
    pub const SCALE_DOWN_DELAY_WITHOUT_ROUTING: &str =
        "Canary scaleDownDelaySeconds can only be set when traffic routing is configured";
    pub const SET_CANARY_SCALE_WITHOUT_ROUTING: &str =
        "SetCanaryScale requires TrafficRouting to be set";
    pub const DYNAMIC_STABLE_SCALE_WITHOUT_ROUTING: &str =
        "Dynamic stable scale requires TrafficRouting to be set";
    pub const AUTO_PROMOTION_SECONDS: &str =
        "Auto promotion seconds can not be set if auto promotion is disabled";
}

/// Reads `spec.strategy` of a Rollout and `spec.progressDeadlineAbort`; errors go to `r`
/// (decoding) or are returned (validation).
pub fn read_rollout(
    r: &mut Reader,
    doc: &Value,
    d: &Deployment,
) -> Result<Rollout, Vec<FieldError>> {
    let spec = doc.get("spec").and_then(Value::as_object);
    let get = |k: &str| spec.and_then(|s| s.get(k));
    let strategy = r.object(
        get("strategy"),
        "spec.strategy",
        ("RolloutSpec", "v1alpha1.RolloutStrategy"),
    );
    let canary = strategy.and_then(|s| {
        r.object(
            s.get("canary"),
            "spec.strategy.canary",
            ("RolloutStrategy", "v1alpha1.CanaryStrategy"),
        )
    });
    let blue_green = strategy.and_then(|s| {
        r.object(
            s.get("blueGreen"),
            "spec.strategy.blueGreen",
            ("RolloutStrategy", "v1alpha1.BlueGreenStrategy"),
        )
    });
    let abort = r
        .boolean(
            get("progressDeadlineAbort"),
            "spec.progressDeadlineAbort",
            ("RolloutSpec", "bool"),
        )
        .unwrap_or(false);
    let mut errors = Vec::new();
    let strategy = match (canary, blue_green) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::invalid(
                "spec.strategy",
                BadValue::Str("canary, blueGreen".into()),
                messages::INVALID_STRATEGY,
            ));
            None
        }
        (Some(c), None) => Some(RolloutStrategy::Canary(read_canary(r, c, &mut errors))),
        (None, Some(b)) => Some(RolloutStrategy::BlueGreen(read_blue_green(
            r,
            b,
            &mut errors,
        ))),
        (None, None) => {
            errors.push(FieldError::required_because(
                "spec.strategy",
                messages::MISSING_STRATEGY,
            ));
            None
        }
    };
    if !r.errors.is_empty() || !errors.is_empty() {
        return Err(errors);
    }
    let rollout = Rollout {
        spec: RolloutSpec {
            replicas: Some(d.spec.replicas),
            paused: d.spec.paused,
            strategy: strategy.expect("set when there is no error"),
            progress_deadline_abort: abort,
        },
        status: RolloutStatus::default(),
    };
    let errors = validate_rollout_strategy(&rollout);
    if errors.is_empty() {
        Ok(rollout)
    } else {
        Err(errors)
    }
}

fn read_canary(
    r: &mut Reader,
    c: &Map<String, Value>,
    errors: &mut Vec<FieldError>,
) -> CanaryStrategy {
    let f = |k: &str| format!("spec.strategy.canary.{k}");
    let int32 = |r: &mut Reader, k: &str| r.int32(c.get(k), &f(k), ("CanaryStrategy", "int32"));
    let mut out = CanaryStrategy {
        max_surge: r.int_or_string(c.get("maxSurge"), &f("maxSurge"), "CanaryStrategy"),
        max_unavailable: r.int_or_string(
            c.get("maxUnavailable"),
            &f("maxUnavailable"),
            "CanaryStrategy",
        ),
        dynamic_stable_scale: r
            .boolean(
                c.get("dynamicStableScale"),
                &f("dynamicStableScale"),
                ("CanaryStrategy", "bool"),
            )
            .unwrap_or(false),
        abort_scale_down_delay_seconds: int32(r, "abortScaleDownDelaySeconds"),
        scale_down_delay_seconds: int32(r, "scaleDownDelaySeconds"),
        min_pods_per_replica_set: int32(r, "minPodsPerReplicaSet"),
        ..CanaryStrategy::default()
    };
    if let Some(t) = r.object(
        c.get("trafficRouting"),
        &f("trafficRouting"),
        ("CanaryStrategy", "v1alpha1.RolloutTrafficRouting"),
    ) {
        out.traffic_routing = Some(TrafficRouting {
            max_traffic_weight: r.int32(
                t.get("maxTrafficWeight"),
                &f("trafficRouting.maxTrafficWeight"),
                ("RolloutTrafficRouting", "int32"),
            ),
        });
    }
    if let Some(t) = r.object(
        c.get("replicaProgressThreshold"),
        &f("replicaProgressThreshold"),
        ("CanaryStrategy", "v1alpha1.ReplicaProgressThreshold"),
    ) {
        let value = r
            .int32(
                t.get("value"),
                &f("replicaProgressThreshold.value"),
                ("ReplicaProgressThreshold", "int32"),
            )
            .unwrap_or(0);
        let kind = r.string(
            t.get("type"),
            &f("replicaProgressThreshold.type"),
            ("ReplicaProgressThreshold", "string"),
        );
        out.replica_progress_threshold = match kind.as_deref() {
            Some("Pods") => Some(ReplicaProgressThreshold::Pods(value)),
            _ => Some(ReplicaProgressThreshold::Percent(value)),
        };
    }
    if let Some(a) = r.object(
        c.get("analysis"),
        &f("analysis"),
        ("CanaryStrategy", "v1alpha1.RolloutAnalysisBackground"),
    ) {
        out.analysis = Some(BackgroundAnalysis {
            templates: template_names(r, a, &f("analysis")),
            starting_step: r.int32(
                a.get("startingStep"),
                &f("analysis.startingStep"),
                ("RolloutAnalysisBackground", "int32"),
            ),
        });
    }
    match c.get("steps") {
        None | Some(Value::Null) => {}
        Some(Value::Array(steps)) => {
            for (i, s) in steps.iter().enumerate() {
                if let Some(step) = read_step(r, s, &f(&format!("steps[{i}]")), errors) {
                    out.steps.push(step);
                }
            }
        }
        Some(_) => errors.push(FieldError::invalid_type(
            f("steps"),
            String::from("object"),
            "CanaryStrategy",
            "[]v1alpha1.CanaryStep",
        )),
    }
    out
}

/// `templates: [{templateName: NAME}]` of an analysis.
fn template_names(r: &mut Reader, a: &Map<String, Value>, field: &str) -> Vec<String> {
    let Some(Value::Array(ts)) = a.get("templates") else {
        return Vec::new();
    };
    ts.iter()
        .enumerate()
        .filter_map(|(i, t)| {
            r.string(
                t.get("templateName"),
                &format!("{field}.templates[{i}].templateName"),
                ("AnalysisTemplateRef", "string"),
            )
        })
        .collect()
}

fn read_step(
    r: &mut Reader,
    s: &Value,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<CanaryStep> {
    let s = r.object(Some(s), field, ("CanaryStrategy", "v1alpha1.CanaryStep"))?;
    let set = [
        "setWeight",
        "pause",
        "setCanaryScale",
        "analysis",
        "experiment",
    ]
    .iter()
    .filter(|k| s.get(**k).is_some_and(|v| !v.is_null()))
    .count();
    if set != 1 {
        errors.push(FieldError::invalid(
            field,
            BadValue::Str(Value::Object(s.clone()).to_string()),
            messages::INVALID_STEP,
        ));
        return None;
    }
    if let Some(w) = s.get("setWeight") {
        let f = format!("{field}.setWeight");
        let w = r.int32(Some(w), &f, ("CanaryStep", "int32"))?;
        return Some(CanaryStep::set_weight(w));
    }
    if let Some(p) = s.get("pause") {
        let f = format!("{field}.pause");
        let p = r.object(Some(p), &f, ("CanaryStep", "v1alpha1.RolloutPause"))?;
        let duration = match p.get("duration") {
            None | Some(Value::Null) => None,
            Some(v) => match parse_duration(v) {
                Some(secs) => Some(secs),
                None => {
                    errors.push(FieldError::invalid(
                        format!("{f}.duration"),
                        BadValue::Str(v.to_string().trim_matches('"').to_string()),
                        "must be a whole number of seconds or a duration such as 30s, 5m or 1h",
                    ));
                    return None;
                }
            },
        };
        return Some(CanaryStep::pause(duration));
    }
    if let Some(cs) = s.get("setCanaryScale") {
        let f = format!("{field}.setCanaryScale");
        let cs = r.object(Some(cs), &f, ("CanaryStep", "v1alpha1.SetCanaryScale"))?;
        let g = ("SetCanaryScale", "int32");
        return Some(CanaryStep {
            set_canary_scale: Some(SetCanaryScale {
                replicas: r.int32(cs.get("replicas"), &format!("{f}.replicas"), g),
                weight: r.int32(cs.get("weight"), &format!("{f}.weight"), g),
                match_traffic_weight: r
                    .boolean(
                        cs.get("matchTrafficWeight"),
                        &format!("{f}.matchTrafficWeight"),
                        ("SetCanaryScale", "bool"),
                    )
                    .unwrap_or(false),
            }),
            ..Default::default()
        });
    }
    if let Some(a) = s.get("analysis") {
        let f = format!("{field}.analysis");
        let a = r.object(Some(a), &f, ("CanaryStep", "v1alpha1.RolloutAnalysis"))?;
        return Some(CanaryStep {
            analysis: Some(template_names(r, a, &f)),
            ..Default::default()
        });
    }
    errors.push(FieldError::forbidden(
        format!("{field}.experiment"),
        "experiments are not simulated by Rollout Lab",
    ));
    None
}

/// Argo's `DurationString`: an integer is seconds; a string is a Go duration (`30s`, `5m`,
/// `1h30m`). Whole seconds.
pub fn parse_duration(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            if let Ok(n) = s.parse::<i64>() {
                return Some(n);
            }
            let mut total = 0i64;
            let mut number = String::new();
            for ch in s.chars() {
                if ch.is_ascii_digit() {
                    number.push(ch);
                    continue;
                }
                let unit = match ch {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    _ => return None,
                };
                total = total.checked_add(number.parse::<i64>().ok()?.checked_mul(unit)?)?;
                number.clear();
            }
            number.is_empty().then_some(total)
        }
        _ => None,
    }
}

fn read_blue_green(
    r: &mut Reader,
    b: &Map<String, Value>,
    errors: &mut Vec<FieldError>,
) -> BlueGreenStrategy {
    let f = |k: &str| format!("spec.strategy.blueGreen.{k}");
    let g = ("BlueGreenStrategy", "int32");
    let mut out = BlueGreenStrategy {
        active_service: r
            .string(
                b.get("activeService"),
                &f("activeService"),
                ("BlueGreenStrategy", "string"),
            )
            .unwrap_or_default(),
        preview_service: r.string(
            b.get("previewService"),
            &f("previewService"),
            ("BlueGreenStrategy", "string"),
        ),
        preview_replica_count: r.int32(b.get("previewReplicaCount"), &f("previewReplicaCount"), g),
        auto_promotion_enabled: r.boolean(
            b.get("autoPromotionEnabled"),
            &f("autoPromotionEnabled"),
            ("BlueGreenStrategy", "bool"),
        ),
        auto_promotion_seconds: r
            .int32(b.get("autoPromotionSeconds"), &f("autoPromotionSeconds"), g)
            .unwrap_or(0),
        scale_down_delay_seconds: r.int32(
            b.get("scaleDownDelaySeconds"),
            &f("scaleDownDelaySeconds"),
            g,
        ),
        abort_scale_down_delay_seconds: r.int32(
            b.get("abortScaleDownDelaySeconds"),
            &f("abortScaleDownDelaySeconds"),
            g,
        ),
        max_unavailable: r.int_or_string(
            b.get("maxUnavailable"),
            &f("maxUnavailable"),
            "BlueGreenStrategy",
        ),
        pre_promotion_analysis: None,
        post_promotion_analysis: None,
    };
    for (key, slot) in [
        ("prePromotionAnalysis", &mut out.pre_promotion_analysis),
        ("postPromotionAnalysis", &mut out.post_promotion_analysis),
    ] {
        if let Some(a) = r.object(
            b.get(key),
            &f(key),
            ("BlueGreenStrategy", "v1alpha1.RolloutAnalysis"),
        ) {
            *slot = Some(template_names(r, a, &f(key)));
        }
    }
    if out.active_service.is_empty() {
        errors.push(FieldError::required_because(
            f("activeService"),
            "Rollout has missing field '.spec.strategy.blueGreen.activeService'",
        ));
    }
    out
}

/// Mirrors the strategy checks of `ValidateRolloutStrategy` that concern what is simulated.
pub fn validate_rollout_strategy(ro: &Rollout) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(b) => {
            if b.preview_service.as_deref() == Some(b.active_service.as_str()) {
                errors.push(FieldError::invalid(
                    "spec.strategy.blueGreen.previewService",
                    BadValue::Str(b.active_service.clone()),
                    messages::DUPLICATED_SERVICES,
                ));
            }
            if b.auto_promotion_enabled == Some(false) && b.auto_promotion_seconds != 0 {
                errors.push(FieldError::invalid(
                    "spec.strategy.blueGreen.autoPromotionSeconds",
                    BadValue::Int(i64::from(b.auto_promotion_seconds)),
                    messages::AUTO_PROMOTION_SECONDS,
                ));
            }
            for (k, v) in [
                ("previewReplicaCount", b.preview_replica_count),
                ("scaleDownDelaySeconds", b.scale_down_delay_seconds),
                (
                    "abortScaleDownDelaySeconds",
                    b.abort_scale_down_delay_seconds,
                ),
                ("autoPromotionSeconds", Some(b.auto_promotion_seconds)),
            ] {
                non_negative(&mut errors, &format!("spec.strategy.blueGreen.{k}"), v);
            }
        }
        RolloutStrategy::Canary(c) => validate_canary(c, &mut errors),
        RolloutStrategy::Unset => errors.push(FieldError::required_because(
            "spec.strategy",
            messages::MISSING_STRATEGY,
        )),
    }
    errors
}

fn non_negative(errors: &mut Vec<FieldError>, field: &str, v: Option<i32>) {
    if let Some(v) = v.filter(|v| *v < 0) {
        errors.push(FieldError::invalid(
            field,
            BadValue::Int(i64::from(v)),
            "must be greater than or equal to 0",
        ));
    }
}

fn validate_canary(c: &CanaryStrategy, errors: &mut Vec<FieldError>) {
    let zero = |v: &Option<IntOrString>| {
        matches!(v, Some(IntOrString::Int(0)))
            || matches!(v, Some(IntOrString::String(s)) if s.trim_end_matches('%') == "0")
    };
    if zero(&c.max_surge) && zero(&c.max_unavailable) {
        errors.push(FieldError::invalid(
            "spec.strategy.canary.maxUnavailable",
            BadValue::IntOrString(c.max_unavailable.clone().unwrap_or(IntOrString::Int(0))),
            messages::INVALID_MAX_SURGE_MAX_UNAVAILABLE,
        ));
    }
    let routed = c.traffic_routing.is_some();
    if !routed && c.scale_down_delay_seconds.is_some() {
        errors.push(FieldError::invalid(
            "spec.strategy.canary.scaleDownDelaySeconds",
            BadValue::Int(i64::from(c.scale_down_delay_seconds.unwrap_or(0))),
            messages::SCALE_DOWN_DELAY_WITHOUT_ROUTING,
        ));
    }
    if !routed && c.dynamic_stable_scale {
        errors.push(FieldError::invalid(
            "spec.strategy.canary.dynamicStableScale",
            BadValue::Str("true".into()),
            messages::DYNAMIC_STABLE_SCALE_WITHOUT_ROUTING,
        ));
    }
    for (i, step) in c.steps.iter().enumerate() {
        let field = format!("spec.strategy.canary.steps[{i}]");
        if let Some(w) = step.set_weight.filter(|w| !(0..=100).contains(w)) {
            errors.push(FieldError::invalid(
                format!("{field}.setWeight"),
                BadValue::Int(i64::from(w)),
                messages::INVALID_SET_WEIGHT,
            ));
        }
        if let Some(d) = step.pause.and_then(|p| p.duration).filter(|d| *d < 0) {
            errors.push(FieldError::invalid(
                format!("{field}.pause.duration"),
                BadValue::Int(d),
                messages::INVALID_DURATION,
            ));
        }
        if step.set_canary_scale.is_some() && !routed {
            errors.push(FieldError::invalid(
                format!("{field}.setCanaryScale"),
                BadValue::Str("setCanaryScale".into()),
                messages::SET_CANARY_SCALE_WITHOUT_ROUTING,
            ));
        }
    }
}

/// The Rollout as an argoproj.io/v1alpha1 manifest: the Deployment-shaped fields as apps/v1
/// writes them, `spec.strategy` as the Rollout has it. Reads back as the same Rollout.
pub fn to_rollout_value(d: &Deployment, ro: &Rollout) -> Value {
    let mut v = super::write::to_value(d);
    v["apiVersion"] = ROLLOUT_API_VERSION.into();
    v["kind"] = "Rollout".into();
    let spec = v["spec"].as_object_mut().expect("a manifest has a spec");
    spec.insert("strategy".into(), strategy_value(&ro.spec.strategy));
    if ro.spec.progress_deadline_abort {
        spec.insert("progressDeadlineAbort".into(), true.into());
    }
    v
}

fn ios_value(v: &IntOrString) -> Value {
    match v {
        IntOrString::Int(i) => (*i).into(),
        IntOrString::String(s) => s.clone().into(),
    }
}

fn strategy_value(s: &RolloutStrategy) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.into(), v);
        }
    };
    match s {
        RolloutStrategy::Canary(c) => {
            put("maxSurge", c.max_surge.as_ref().map(ios_value));
            put("maxUnavailable", c.max_unavailable.as_ref().map(ios_value));
            put(
                "trafficRouting",
                c.traffic_routing
                    .as_ref()
                    .map(|t| match t.max_traffic_weight {
                        Some(w) => serde_json::json!({"maxTrafficWeight": w}),
                        None => serde_json::json!({}),
                    }),
            );
            put(
                "dynamicStableScale",
                c.dynamic_stable_scale.then_some(true.into()),
            );
            put(
                "abortScaleDownDelaySeconds",
                c.abort_scale_down_delay_seconds.map(Value::from),
            );
            put(
                "scaleDownDelaySeconds",
                c.scale_down_delay_seconds.map(Value::from),
            );
            put(
                "minPodsPerReplicaSet",
                c.min_pods_per_replica_set.map(Value::from),
            );
            put(
                "replicaProgressThreshold",
                c.replica_progress_threshold.map(|t| match t {
                    ReplicaProgressThreshold::Pods(n) => {
                        serde_json::json!({"type": "Pods", "value": n})
                    }
                    ReplicaProgressThreshold::Percent(n) => {
                        serde_json::json!({"type": "Percent", "value": n})
                    }
                }),
            );
            put(
                "analysis",
                c.analysis.as_ref().map(|a| {
                    let mut v = serde_json::json!({"templates": templates_value(&a.templates)});
                    if let Some(s) = a.starting_step {
                        v["startingStep"] = s.into();
                    }
                    v
                }),
            );
            put("steps", Some(c.steps.iter().map(step_value).collect()));
            serde_json::json!({ "canary": m })
        }
        RolloutStrategy::BlueGreen(b) => {
            put("activeService", Some(b.active_service.clone().into()));
            put("previewService", b.preview_service.clone().map(Value::from));
            put(
                "previewReplicaCount",
                b.preview_replica_count.map(Value::from),
            );
            put(
                "autoPromotionEnabled",
                b.auto_promotion_enabled.map(Value::from),
            );
            put(
                "autoPromotionSeconds",
                (b.auto_promotion_seconds != 0).then_some(b.auto_promotion_seconds.into()),
            );
            put(
                "scaleDownDelaySeconds",
                b.scale_down_delay_seconds.map(Value::from),
            );
            put(
                "abortScaleDownDelaySeconds",
                b.abort_scale_down_delay_seconds.map(Value::from),
            );
            put("maxUnavailable", b.max_unavailable.as_ref().map(ios_value));
            put(
                "prePromotionAnalysis",
                b.pre_promotion_analysis
                    .as_ref()
                    .map(|t| serde_json::json!({"templates": templates_value(t)})),
            );
            put(
                "postPromotionAnalysis",
                b.post_promotion_analysis
                    .as_ref()
                    .map(|t| serde_json::json!({"templates": templates_value(t)})),
            );
            serde_json::json!({ "blueGreen": m })
        }
        RolloutStrategy::Unset => serde_json::json!({}),
    }
}

fn templates_value(names: &[String]) -> Value {
    names
        .iter()
        .map(|n| serde_json::json!({"templateName": n}))
        .collect()
}

fn step_value(s: &CanaryStep) -> Value {
    let mut m = Map::new();
    if let Some(w) = s.set_weight {
        m.insert("setWeight".into(), w.into());
    }
    if let Some(p) = s.pause {
        let v = match p.duration {
            Some(d) => serde_json::json!({"duration": format!("{d}s")}),
            None => serde_json::json!({}),
        };
        m.insert("pause".into(), v);
    }
    if let Some(c) = &s.set_canary_scale {
        let mut v = Map::new();
        if let Some(r) = c.replicas {
            v.insert("replicas".into(), r.into());
        }
        if let Some(w) = c.weight {
            v.insert("weight".into(), w.into());
        }
        if c.match_traffic_weight {
            v.insert("matchTrafficWeight".into(), true.into());
        }
        m.insert("setCanaryScale".into(), Value::Object(v));
    }
    if let Some(t) = &s.analysis {
        m.insert(
            "analysis".into(),
            serde_json::json!({"templates": templates_value(t)}),
        );
    }
    Value::Object(m)
}
