//! The HPA's behaviour and defaulting tables (from `horizontal_test.go` and `defaults_test.go`
//! in the HPA vectors file), run against `controller::podautoscaler::{normalize,
//! scaling_rules}` and `api::hpa`. Each case is set up as the Go test sets it up (see the
//! file's `meta.conventions`).
//!
//! Time: a Go case builds its timestamps with `time.Now()` before calling the function, which
//! reads `time.Now()` again, a little later. So "N seconds ago" is taken as N s and 1 ms before
//! the function's `now`: an event exactly one period old is outside the period, as in Go.

use rollout_engine::api::hpa::{
    generate_hpa_scale_down_rules, generate_hpa_scale_up_rules, Behavior, ScalingPolicy,
    ScalingPolicyType, ScalingRules, SelectPolicy,
};
use rollout_engine::controller::podautoscaler::normalize::{
    convert_desired_replicas_with_rules, Memory, NormalizationArg, Recommendation,
};
use rollout_engine::controller::podautoscaler::scaling_rules::{
    calculate_scale_down_limit_with_behaviors, calculate_scale_up_limit_with_scaling_rules,
    get_replicas_change_per_period, ScaleEvent,
};
use rollout_engine::sim::scenario::hpa::scaling_rules_from_value;
use serde_json::Value;

/// The function's `now`.
const NOW: i64 = 1_000_000_000;

fn ago(v: &Value) -> i64 {
    NOW - v["timestampSecondsAgo"].as_i64().unwrap_or(0) * 1000 - 1
}

fn int(c: &Value, k: &str) -> i32 {
    c[k].as_i64().unwrap_or(0) as i32
}

/// A rule set as transcribed (null: none); read with the scenario's own reader.
fn rules(v: &Value) -> Result<Option<ScalingRules>, String> {
    if v.is_null() {
        return Ok(None);
    }
    let mut m = v.as_object().ok_or("rules must be a map")?.clone();
    m.remove("generateScalingRulesArgs");
    scaling_rules_from_value(&Value::Object(m), "rules")
        .map(Some)
        .map_err(|e| e.to_string())
}

fn events(v: &Value) -> Vec<ScaleEvent> {
    let list = v.get("events").unwrap_or(v);
    list.as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|e| ScaleEvent {
            replica_change: int(e, "replicaChange"),
            timestamp: ago(e),
            outdated: e["outdated"].as_bool().unwrap_or(false),
        })
        .collect()
}

fn recommendations(v: &Value) -> Vec<Recommendation> {
    v.as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|r| Recommendation {
            recommendation: int(r, "recommendation"),
            timestamp: ago(r),
        })
        .collect()
}

fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, wanted {want:?}"))
    }
}

/// `TestNormalizeDesiredReplicas`: `stabilizeRecommendation` with a 300 s window.
fn normalize_desired_replicas(c: &Value, setup: &Value) -> Result<(), String> {
    let window = setup["downscaleStabilisationWindowSeconds"]
        .as_i64()
        .ok_or("window")?;
    let mut m = Memory {
        recommendations: recommendations(&c["recommendations"]),
        ..Memory::default()
    };
    let got =
        m.stabilize_recommendation(int(c, "prenormalizedDesiredReplicas"), window * 1000, NOW);
    check("replicas", got, int(c, "expectedStabilizedReplicas"))?;
    check(
        "log length",
        m.recommendations.len() as i64,
        c["expectedLogLength"].as_i64().unwrap_or(-1),
    )
}

/// `TestNormalizeDesiredReplicasWithBehavior`: `stabilizeRecommendationWithBehaviors`.
fn normalize_with_behavior(c: &Value) -> Result<(), String> {
    let window = |k: &str| ScalingRules {
        stabilization_window_seconds: Some(int(c, k)),
        ..ScalingRules::default()
    };
    let (up, down) = (
        window("scaleUpStabilizationWindowSeconds"),
        window("scaleDownStabilizationWindowSeconds"),
    );
    let mut m = Memory {
        recommendations: recommendations(&c["recommendations"]),
        ..Memory::default()
    };
    let args = NormalizationArg {
        scale_up: &up,
        scale_down: &down,
        min_replicas: 0,
        max_replicas: 0,
        current_replicas: int(c, "currentReplicas"),
        desired_replicas: int(c, "prenormalizedDesiredReplicas"),
    };
    let (got, _) = m.stabilize_recommendation_with_behaviors(&args, NOW);
    check("replicas", got, int(c, "expectedStabilizedReplicas"))?;
    if let Some(want) = c["expectedRecommendations"].as_array() {
        let want: Vec<i32> = want.iter().map(|r| int(r, "recommendation")).collect();
        let got: Vec<i32> = m.recommendations.iter().map(|r| r.recommendation).collect();
        check("recommendations", got, want)?;
    }
    Ok(())
}

/// `TestScalingWithRules`: `convertDesiredReplicasWithBehaviorRate` over the defaulted rules.
fn scaling_with_rules(c: &Value) -> Result<(), String> {
    let up = generate_hpa_scale_up_rules(rules(&c["scaleUpRules"])?.as_ref());
    let down = generate_hpa_scale_down_rules(rules(&c["scaleDownRules"])?.as_ref());
    let m = Memory {
        scale_up_events: events(&c["scaleUpEvents"]),
        scale_down_events: events(&c["scaleDownEvents"]),
        ..Memory::default()
    };
    let args = NormalizationArg {
        scale_up: &up,
        scale_down: &down,
        min_replicas: int(c, "specMinReplicas"),
        max_replicas: int(c, "specMaxReplicas"),
        current_replicas: int(c, "currentReplicas"),
        desired_replicas: int(c, "prenormalizedDesiredReplicas"),
    };
    let (got, why) = m.convert_desired_replicas_with_behavior_rate(&args, NOW);
    check("replicas", got, int(c, "expectedReplicas"))?;
    check(
        "condition",
        why.reason,
        c["expectedCondition"].as_str().unwrap_or(""),
    )
}

/// `TestStoreScaleEvents`: each case once as a scale-up, once as a scale-down.
fn store_scale_events(c: &Value) -> Result<(), String> {
    let r = rules(&c["scalingRules"])?;
    let change = int(c, "replicaChange");
    let prev = events(&c["prevScaleEvents"]);
    check(
        "replicas changed in the last 60 s",
        get_replicas_change_per_period(60, &prev, NOW),
        int(c, "expectedReplicasChange"),
    )?;
    let want: Vec<(i32, bool)> = events(&c["newScaleEvents"])
        .iter()
        .map(|e| (e.replica_change, e.outdated))
        .collect();
    for up in [true, false] {
        let behavior = r.clone().map(|rules| Behavior {
            scale_up: up.then(|| rules.clone()),
            scale_down: (!up).then_some(rules),
        });
        let mut m = Memory::default();
        let (from, to) = if up {
            (10, 10 + change)
        } else {
            (10, 10 - change)
        };
        if up {
            m.scale_up_events = prev.clone();
        } else {
            m.scale_down_events = prev.clone();
        }
        m.store_scale_event(behavior.as_ref(), from, to, NOW);
        let list = if up {
            &m.scale_up_events
        } else {
            &m.scale_down_events
        };
        let got: Vec<(i32, bool)> = list
            .iter()
            .map(|e| (e.replica_change, e.outdated))
            .collect();
        check(
            if up {
                "scale-up events"
            } else {
                "scale-down events"
            },
            got,
            want.clone(),
        )?;
    }
    Ok(())
}

/// `TestConvertDesiredReplicasWithRules` (an HPA without `behavior`).
fn convert_with_rules(c: &Value) -> Result<(), String> {
    let (got, why) = convert_desired_replicas_with_rules(
        int(c, "currentReplicas"),
        int(c, "expectedDesiredReplicas"),
        int(c, "hpaMinReplicas"),
        int(c, "hpaMaxReplicas"),
    );
    check("replicas", got, int(c, "expectedConvertedDesiredReplicas"))?;
    check(
        "condition",
        why.reason,
        c["expectedCondition"].as_str().unwrap_or(""),
    )
}

/// `TestCalculateScaleUpLimitWithScalingRules` and `...ScaleDownLimitWithBehaviors`.
fn limit(c: &Value, up: bool) -> Result<(), String> {
    let r = rules(&c["scalingRules"])?.ok_or("scalingRules")?;
    let (u, d) = (events(&c["scaleUpEvents"]), events(&c["scaleDownEvents"]));
    let current = int(c, "currentReplicas");
    let got = if up {
        calculate_scale_up_limit_with_scaling_rules(current, &u, &d, &r, NOW)
    } else {
        calculate_scale_down_limit_with_behaviors(current, &u, &d, &r, NOW)
    };
    check("limit", got, int(c, "expected"))
}

/// `TestGenerateScaleUpRules` / `TestGenerateScaleDownRules`: the input built from the
/// case's rate fields, as the Go test builds it.
fn generate(c: &Value, up: bool) -> Result<(), String> {
    let dir = if up { "Up" } else { "Down" };
    let f = |k: &str| c[format!("rate{dir}{k}")].as_i64().unwrap_or(0) as i32;
    let mut policies = Vec::new();
    if f("Pods") != 0 || f("PodsPeriodSeconds") != 0 {
        policies.push(ScalingPolicy {
            kind: ScalingPolicyType::Pods,
            value: f("Pods"),
            period_seconds: f("PodsPeriodSeconds"),
        });
    }
    if f("Percent") != 0 || f("PercentPeriodSeconds") != 0 {
        policies.push(ScalingPolicy {
            kind: ScalingPolicyType::Percent,
            value: f("Percent"),
            period_seconds: f("PercentPeriodSeconds"),
        });
    }
    let select = match c["selectPolicy"].as_str() {
        None => None,
        Some("Max") => Some(SelectPolicy::Max),
        Some("Min") => Some(SelectPolicy::Min),
        Some(_) => Some(SelectPolicy::Disabled),
    };
    let input = ScalingRules {
        stabilization_window_seconds: c["stabilizationSeconds"].as_i64().map(|s| s as i32),
        select_policy: select,
        policies,
    };
    let got = if up {
        generate_hpa_scale_up_rules(Some(&input))
    } else {
        generate_hpa_scale_down_rules(Some(&input))
    };
    let want_policies = rules(&serde_json::json!({"policies": c["expectedPolicies"]}))?
        .ok_or("expectedPolicies")?
        .policies;
    check("policies", &got.policies, &want_policies)?;
    check(
        "stabilization",
        got.stabilization_window_seconds,
        c["expectedStabilization"].as_i64().map(|s| s as i32),
    )?;
    check(
        "selectPolicy",
        got.select().as_str(),
        c["expectedSelectPolicy"].as_str().unwrap_or(""),
    )
}

/// Runs a behaviour table's case; `None` for a table that is not a behaviour table.
pub fn run_case(table: &Value, c: &Value) -> Option<Result<(), String>> {
    let name = table["name"].as_str().unwrap_or("");
    Some(match name {
        "TestNormalizeDesiredReplicas" => normalize_desired_replicas(c, &table["setup"]),
        "TestNormalizeDesiredReplicasWithBehavior" => normalize_with_behavior(c),
        "TestScalingWithRules" => scaling_with_rules(c),
        "TestStoreScaleEvents" => store_scale_events(c),
        "TestConvertDesiredReplicasWithRules" => convert_with_rules(c),
        "TestCalculateScaleUpLimitWithScalingRules" => limit(c, true),
        "TestCalculateScaleDownLimitWithBehaviors" => limit(c, false),
        "TestGenerateScaleUpRules" => generate(c, true),
        "TestGenerateScaleDownRules" => generate(c, false),
        _ => return None,
    })
}
