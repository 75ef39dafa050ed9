//! The HorizontalPodAutoscaler's unit-test tables (`tests/data/hpa-vectors.json`, or the file
//! named by `ROLLOUT_LAB_HPA_VECTORS`): v1.28's replica-calculator cases run against
//! `controller::podautoscaler::replica_calculator`, and the behaviour and defaulting tables
//! (`hpa_behavior.rs`).

use rollout_engine::controller::podautoscaler::replica_calculator::{
    get_resource_replicas, Phase, PodSample, DEFAULT_TOLERANCE,
};
use serde_json::Value;
use std::collections::BTreeMap;

fn path() -> String {
    std::env::var("ROLLOUT_LAB_HPA_VECTORS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hpa-vectors.json").to_string()
    })
}

/// One replica-calculator case, set up as the Go test's fixture sets it up (see the file's
/// `meta.conventions`): pods `test-pod-0..N`, Ready and Running unless said otherwise; a "hot"
/// pod (started now) is in its CPU initialization period with no full metric window since its
/// Ready transition, so it counts as unready, as does a pod whose Ready is false.
fn run_case(c: &Value) -> Result<(), String> {
    let get = |k: &str| c.get(k).unwrap_or(&Value::Null);
    let resource = get("resource");
    let derived = get("derived");
    let current = get("currentReplicas").as_i64().ok_or("currentReplicas")? as i32;
    let n = derived["numPods"].as_u64().ok_or("derived.numPods")? as usize;
    let list = |k: &str, i: usize| get(k).as_array().and_then(|a| a.get(i)).cloned();
    let container = get("container").as_str().unwrap_or("");
    let mut pods = Vec::new();
    for i in 0..n {
        let ready = list("podReadiness", i)
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let hot = list("podStartTime", i).is_some_and(|v| v == "hotCPUCreationTime");
        let phase = match list("podPhase", i).as_ref().and_then(|v| v.as_str()) {
            None | Some("Running") => Phase::Running,
            Some("Pending") => Phase::Pending,
            Some("Failed") => Phase::Failed,
            Some(other) => return Err(format!("unknown phase {other}")),
        };
        let request = match derived["podRequestMilli"].get(i) {
            Some(Value::Number(m)) => Ok(m.as_i64().ok_or("request")?),
            // The Go fixture leaves the request out of both containers; the first is named.
            _ => Err((
                if container.is_empty() {
                    "container1"
                } else {
                    container
                }
                .to_string(),
                format!("test-pod-{i}"),
            )),
        };
        pods.push(PodSample {
            name: format!("test-pod-{i}"),
            phase,
            deleted: list("podDeletionTimestamp", i)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            unready: hot || !ready,
            request,
        });
    }
    let names = derived["metricPodNames"]
        .as_array()
        .ok_or("metricPodNames")?;
    let usage = derived["metricUsageMilli"]
        .as_array()
        .ok_or("metricUsageMilli")?;
    let mut metrics = BTreeMap::new();
    for (name, value) in names.iter().zip(usage) {
        // A container missing from a pod's metrics is the metrics client's error, before the
        // calculator: the simulation computes usage itself and has no such client.
        let Some(v) = value.as_i64() else {
            return Err("SKIP: the metrics client's missing-container error".into());
        };
        metrics.insert(name.as_str().ok_or("name")?.to_string(), v);
    }
    let target = resource["targetUtilization"].as_i64().unwrap_or(0) as i32;
    let got = get_resource_replicas(current, target, "cpu", &pods, metrics, DEFAULT_TOLERANCE);
    match (get("expectedError").as_str(), got) {
        (Some(want), Err(e)) if e.to_string().contains(want) => Ok(()),
        (Some(want), other) => Err(format!("wanted an error with {want:?}, got {other:?}")),
        (None, Err(e)) => Err(format!("unexpected error: {e}")),
        (None, Ok(r)) => {
            let want = (
                get("expectedReplicas").as_i64().unwrap_or(0),
                resource["expectedUtilization"].as_i64().unwrap_or(0),
                resource["expectedValue"].as_i64().unwrap_or(0),
            );
            let got = (
                i64::from(r.replicas),
                i64::from(r.utilization),
                r.raw_average,
            );
            if got == want {
                Ok(())
            } else {
                Err(format!(
                    "(replicas, utilization, value) {got:?}, wanted {want:?}"
                ))
            }
        }
    }
}

#[test]
fn hpa_tables() {
    let path = path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("HPA vectors are JSON");
    let (mut ran, mut failures, mut skipped) = (0, Vec::new(), 0);
    for table in v["tables"].as_array().expect("tables") {
        let name = table["name"].as_str().unwrap_or("?");
        let cases = table["cases"].as_array().map_or(&[][..], Vec::as_slice);
        let mut passed = 0;
        for (i, c) in cases.iter().enumerate() {
            let result = super::hpa_behavior::run_case(table, c).unwrap_or_else(|| run_case(c));
            match result {
                Ok(()) => passed += 1,
                Err(e) if e.starts_with("SKIP: ") => {
                    skipped += 1;
                    println!("{name}[{i}]: skipped, {}", &e[6..]);
                }
                Err(e) => failures.push(format!("{name}[{i}]: {e}")),
            }
            ran += 1;
        }
        println!("{name}: {passed} of {} cases pass", cases.len());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran - skipped >= 120, "only {} HPA cases ran", ran - skipped);
}
