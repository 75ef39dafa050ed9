//! Tables of kubectl: `rollout_status_test.go` and the legacy `rolling_updater_test.go`.

use crate::support::*;
use rollout_engine::kubectl::rolling_update::{header, plan, scale_down, scale_up};
use rollout_engine::kubectl::rollout_status::deployment_status_viewer as viewer;
use serde_json::Value;
use std::collections::VecDeque;

pub fn deployment_status_viewer(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(int(&i["specReplicas"]), None, None, "RollingUpdate");
    d.meta.name = i["name"].as_str().unwrap().to_string();
    d.meta.generation = i["generation"].as_i64().unwrap();
    let s = &i["status"];
    d.status.observed_generation = s["observedGeneration"].as_i64().unwrap();
    d.status.replicas = int(&s["replicas"]);
    d.status.updated_replicas = int(&s["updatedReplicas"]);
    d.status.available_replicas = int(&s["availableReplicas"]);
    d.status.unavailable_replicas = int(&s["unavailableReplicas"]);
    let got = viewer(&d, i["revision"].as_i64().unwrap());
    let e = &case["expected"];
    check(
        "message",
        got.message.as_str(),
        e["message"].as_str().unwrap(),
    )?;
    check("done", got.done, e["done"].as_bool().unwrap())?;
    check("error", got.error.as_deref(), e["error"].as_str())
}

/// Replays `RollingUpdater.Update` with the test's fakes: readiness answers and scale targets
/// come from FIFOs, waiting is instant, and each loop takes one tick of the 1 ms clock.
pub fn rolling_updater(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let e = &case["expected"];
    let (old_name, new_name) = (
        i["oldRc"]["name"].as_str().unwrap(),
        i["newRc"]["name"].as_str().unwrap(),
    );
    let (mut old, mut new) = (int(&i["oldRc"]["replicas"]), int(&i["newRc"]["replicas"]));
    let desired = int(&i["newRc"]["desiredReplicasAnnotation"]);
    let p = plan(
        desired,
        old,
        &ios(&i["maxSurge"]).unwrap(),
        &ios(&i["maxUnavailable"]).unwrap(),
    )?;
    let mut out = header(
        new_name,
        i["newRcExists"].as_bool() == Some(true),
        old_name,
        old,
        new,
        &p,
    )
    .join("\n")
        + "\n";

    let events = i["events"].as_array().cloned().unwrap_or_default();
    let always_unready = events.is_empty();
    let mut readiness: VecDeque<i32> = events
        .iter()
        .filter(|e| e["kind"] == "down")
        .map(|e| int(&e["newReady"]))
        .collect();
    let mut ups: VecDeque<i32> = events
        .iter()
        .filter(|e| e["kind"] == "up")
        .map(|e| int(&e["to"]))
        .collect();
    let mut downs: VecDeque<i32> = events
        .iter()
        .filter(|e| e["kind"] == "down" && e["noop"] != true)
        .map(|e| int(&e["to"]))
        .collect();

    let (mut now, timeout) = (0i64, 1i64);
    let mut deadline = now + timeout;
    let mut error = None;
    while new != desired || old != 0 {
        now += 1;
        let start = (new, old);
        if let Some(to) = scale_up(new, old, &p) {
            if !always_unready {
                check("scale up", Some(to), ups.pop_front())?;
            }
            out.push_str(&format!("Scaling {new_name} up to {to}\n"));
            new = to;
        }
        if old != 0 {
            let new_ready = if always_unready {
                0
            } else {
                readiness
                    .pop_front()
                    .ok_or("the readiness answers ran out")?
            };
            if let Some(to) = scale_down(new, old, new_ready, &p) {
                check("scale down", Some(to), downs.pop_front())?;
                out.push_str(&format!("Scaling {old_name} down to {to}\n"));
                old = to;
            }
        }
        if (new, old) != start {
            deadline = now + timeout;
        } else if now > deadline {
            error = Some("timed out waiting for any update progress to be made".to_string());
            break;
        }
        if now > 10_000 {
            return Err("no end".into());
        }
    }
    check("error", error.as_deref(), e["error"].as_str())?;
    if let Some(want) = e["output"].as_str() {
        check("output", out.as_str(), want)?;
    }
    Ok(())
}
