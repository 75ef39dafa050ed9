//! Tables of `rolling_test.go`, `sync_test.go`, `progress_test.go` and `recreate_test.go`.

use crate::support::*;
use rollout_engine::api::{annotations, ConditionType, DeploymentStatus, ReplicaSet};
use rollout_engine::controller::deployment::{progress, recreate, rolling, sync, util as u};
use serde_json::Value;

fn rs_from(name: &str, v: &Value, image: &str) -> ReplicaSet {
    let spec = int(&v["specReplicas"]);
    rs(
        name,
        spec,
        v["statusReplicas"].as_i64().map_or(spec, |n| n as i32),
        int(&v["availableReplicas"]),
        0,
        image,
    )
}

/// The tables' `newDeployment(replicas, maxSurge, maxUnavailable)`, RollingUpdate.
fn rolling_deployment(i: &Value) -> rollout_engine::api::Deployment {
    deployment(
        int(&i["deploymentReplicas"]),
        ios(&i["maxSurge"]),
        ios(&i["maxUnavailable"]),
        "RollingUpdate",
    )
}

pub fn reconcile_new_replica_set(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let d = rolling_deployment(i);
    let new = rs_from("new", &i["newRS"], "foo:v1");
    let old = rs_from("old", &i["oldRS"], "foo:v0");
    let mut c = cluster(d, vec![new, old], 0);
    let scaled = rolling::reconcile_new_replica_set(&mut c, &[0, 1], 0);
    let e = &case["expected"];
    check("scaled", scaled, e["scaled"].as_bool().unwrap())?;
    check(
        "newRS replicas",
        c.replica_sets[0].spec.replicas,
        int(&e["newRSReplicasAfter"]),
    )
}

pub fn reconcile_old_replica_sets(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let d = rolling_deployment(i);
    let old = rs_from("old", &i["oldRS"], "foo:v0");
    let new = rs_from("new", &i["newRS"], "foo:v1");
    let mut c = cluster(d, vec![old, new], 0);
    let scaled = rolling::reconcile_old_replica_sets(&mut c, &[0, 1], &[0], 1);
    let e = &case["expected"];
    check("scaled", scaled, e["scaled"].as_bool().unwrap())?;
    // Declared but not asserted upstream (its fake client drops status); a real API server keeps
    // status, and so does the simulation, so the declared size is checked too.
    match e["expectedOldReplicas_declared"].as_i64() {
        Some(want) => check("old replicas", c.replica_sets[0].spec.replicas, want as i32),
        None => Ok(()),
    }
}

pub fn cleanup_unhealthy_replicas(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let d = rolling_deployment(i);
    let mut c = cluster(d, vec![rs_from("old", &i["oldRS"], "foo:v0")], 0);
    let (_, cleaned) =
        rolling::cleanup_unhealthy_replicas(&mut c, &[0], int(&i["maxCleanupCount"]), "test");
    let e = &case["expected"];
    check("cleanupCount", cleaned, int(&e["cleanupCount"]))?;
    check(
        "old replicas",
        c.replica_sets[0].spec.replicas,
        int(&e["oldRSReplicasAfter"]),
    )
}

pub fn scale_down_old_replica_sets_for_rolling_update(
    _: &Value,
    case: &Value,
) -> Result<(), String> {
    let i = &case["inputs"];
    let d = rolling_deployment(i);
    let mut c = cluster(d, vec![rs_from("old", &i["oldRS"], "foo:v0")], 0);
    let scaled = rolling::scale_down_old_replica_sets_for_rolling_update(&mut c, &[0], &[0]);
    let e = &case["expected"];
    check(
        "scaled down",
        scaled != 0,
        e["scaledDownCount_nonzero"].as_bool().unwrap(),
    )?;
    check(
        "old replicas",
        c.replica_sets[0].spec.replicas,
        int(&e["oldRSReplicasAfter"]),
    )
}

pub fn scale(group: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let dep = |v: &Value| {
        deployment(
            int(&v["replicas"]),
            ios(&v["maxSurge"]),
            ios(&v["maxUnavailable"]),
            v["strategy"].as_str().unwrap(),
        )
    };
    let mut d = dep(&i["deployment"]);
    let old_d = dep(&i["oldDeployment"]);
    d.status.replicas = int(&i["deploymentStatusReplicas"]);
    let template_changed = i["deployment"]["templateChanged"].as_bool() == Some(true);
    if template_changed {
        d.spec.template = template("foo:changed");
    }
    let created = |label: &str| rfc3339(group["timestamps"][label].as_str().unwrap());
    let mut rss = Vec::new();
    let mut build = |v: &Value, image: &str| {
        let mut r = rs(
            v["name"].as_str().unwrap(),
            int(&v["specReplicas"]),
            0,
            int(&v["availableReplicas"]),
            created(v["created"].as_str().unwrap()),
            image,
        );
        let desired = i["desiredReplicasAnnotationOverrides"]
            .get(&r.meta.name)
            .map_or(old_d.spec.replicas, int);
        set_annotation(&mut r, annotations::DESIRED_REPLICAS, desired);
        set_annotation(
            &mut r,
            annotations::MAX_REPLICAS,
            desired + u::max_surge(&old_d),
        );
        rss.push(r);
        rss.len() - 1
    };
    let new = (!i["newRS"].is_null()).then(|| build(&i["newRS"], "foo:v1"));
    let old: Vec<usize> = i["oldRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| build(v, "foo:v0"))
        .collect();
    let mut c = cluster(d, rss, 0);
    sync::scale(&mut c, new, &old);

    let e = &case["expected"];
    let skip: Vec<&str> = e["wasntUpdated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    if let (Some(n), Some(want)) = (new, e["newRSReplicas"].as_i64()) {
        if !skip.contains(&c.replica_sets[n].meta.name.as_str()) {
            check(
                "newRS replicas",
                c.replica_sets[n].spec.replicas,
                want as i32,
            )?;
        }
    }
    for (k, &o) in old.iter().enumerate() {
        let r = &c.replica_sets[o];
        if !skip.contains(&r.meta.name.as_str()) {
            check(
                &format!("{} replicas", r.meta.name),
                r.spec.replicas,
                int(&e["oldRSReplicas"][k]),
            )?;
        }
    }
    Ok(())
}

pub fn cleanup_deployment(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(1, None, None, "RollingUpdate");
    d.spec.revision_history_limit = Some(int(&i["revisionHistoryLimit"]));
    let rss: Vec<_> = i["oldRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let mut r = rs(
                v["name"].as_str().unwrap(),
                int(&v["specReplicas"]),
                int(&v["statusReplicas"]),
                0,
                0,
                "foo:v0",
            );
            if v["deletionTimestamp"].as_bool() == Some(true) {
                r.meta.deletion = Some(-1);
            }
            r
        })
        .collect();
    let before = rss.iter().filter(|r| r.meta.deletion.is_some()).count();
    let old: Vec<usize> = (0..rss.len()).collect();
    let mut c = cluster(d, rss, 0);
    sync::cleanup_deployment(&mut c, &old);
    let after = c
        .replica_sets
        .iter()
        .filter(|r| r.meta.deletion.is_some())
        .count();
    check(
        "deletions",
        after - before,
        case["expected"]["deletions"].as_u64().unwrap() as usize,
    )
}

pub fn cleanup_deployment_order(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(1, None, None, "RollingUpdate");
    d.spec.revision_history_limit = Some(int(&i["revisionHistoryLimit"]));
    let rss: Vec<_> = i["oldRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let created = v["createdOffsetSeconds"].as_i64().unwrap() * 1000;
            let mut r = rs(
                v["name"].as_str().unwrap(),
                int(&v["specReplicas"]),
                int(&v["statusReplicas"]),
                0,
                created,
                "foo:v0",
            );
            if let Some(rev) = v["revision"].as_str() {
                set_annotation(&mut r, annotations::REVISION, rev);
            }
            r
        })
        .collect();
    let old: Vec<usize> = (0..rss.len()).collect();
    let mut c = cluster(d, rss, 0);
    sync::cleanup_deployment(&mut c, &old);
    let mut deleted: Vec<String> = c
        .replica_sets
        .iter()
        .filter(|r| r.meta.deletion.is_some())
        .map(|r| r.meta.name.clone())
        .collect();
    deleted.sort();
    let mut want: Vec<String> = case["expected"]["deletedRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    want.sort();
    check("deleted", deleted, want)
}

fn status(v: &Value, condition: &Value) -> DeploymentStatus {
    let mut s = DeploymentStatus {
        replicas: int(&v["replicas"]),
        updated_replicas: int(&v["updatedReplicas"]),
        ready_replicas: int(&v["readyReplicas"]),
        available_replicas: int(&v["availableReplicas"]),
        ..Default::default()
    };
    s.conditions.extend(progressing(condition));
    s
}

pub fn requeue_stuck_deployment(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(int(&i["specReplicas"]), None, None, "Recreate");
    d.spec.progress_deadline_seconds = i["progressDeadlineSeconds"].as_i64().map(|n| n as i32);
    d.status = status(&i["currentStatus"], &i["currentProgressingCondition"]);
    let new_status = status(&i["newStatus"], &i["currentProgressingCondition"]);
    let now = i["now"].as_str().map(rfc3339).unwrap_or(0);
    let got = match progress::requeue_stuck_deployment(&d, &new_status, now) {
        None => -1,
        Some(ms) => ms / 1000,
    };
    check(
        "requeueAfterSeconds",
        got,
        case["expected"]["requeueAfterSeconds"].as_i64().unwrap(),
    )
}

pub fn sync_rollout_status(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(int(&i["specReplicas"]), None, None, "Recreate");
    d.spec.progress_deadline_seconds = i["progressDeadlineSeconds"].as_i64().map(|n| n as i32);
    d.status = status(&i["currentStatus"], &i["currentProgressingCondition"]);
    let mut rss: Vec<_> = i["otherRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| rs_from(v["name"].as_str().unwrap(), v, "foo:v0"))
        .collect();
    let new = (!i["newRS"].is_null()).then(|| {
        rss.push(rs_from(
            i["newRS"]["name"].as_str().unwrap(),
            &i["newRS"],
            "foo:v1",
        ));
        rss.len() - 1
    });
    let snapshot = rss.clone();
    let mut c = cluster(d, rss, rfc3339("2026-01-01T00:00:00Z"));
    progress::sync_rollout_status(&mut c, &snapshot, new);
    let got = c
        .deployment
        .status
        .condition(ConditionType::Progressing)
        .map(|cond| (cond.status.as_str().to_string(), cond.reason.clone()));
    let want = &case["expected"]["progressingCondition"];
    let want = (!want.is_null()).then(|| {
        (
            want["status"].as_str().unwrap().to_string(),
            want["reason"].as_str().unwrap().to_string(),
        )
    });
    check("Progressing", got, want)
}

pub fn old_pods_running(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let old_replicas: i32 = i["oldRSs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| int(&r["statusReplicas"]))
        .sum();
    let new_uid = i["newRS"]["uid"].as_str();
    let running = i["podMapPhasesByRSUID"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(uid, _)| Some(uid.as_str()) != new_uid)
        .flat_map(|(_, phases)| phases.as_array().unwrap().iter())
        .filter(|phase| !matches!(phase.as_str(), Some("Failed" | "Succeeded")))
        .count();
    check(
        "oldPodsRunning",
        recreate::old_pods_running_from(old_replicas, running),
        case["expected"]["oldPodsRunning"].as_bool().unwrap(),
    )
}

pub fn scale_down_old_replica_sets_for_recreate(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let d = deployment(int(&i["deploymentReplicas"]), None, None, "Recreate");
    let rss: Vec<_> = i["oldRSSizes"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(n, s)| rs(&format!("old-{n}"), int(s), int(s), int(s), 0, "foo:v0"))
        .collect();
    let idx: Vec<usize> = (0..rss.len()).collect();
    let mut c = cluster(d, rss, 0);
    recreate::scale_down_old_replica_sets_for_recreate(&mut c, &idx);
    let got: Vec<i32> = c.replica_sets.iter().map(|r| r.spec.replicas).collect();
    let want: Vec<i32> = case["expected"]["oldRSReplicasAfter"]
        .as_array()
        .unwrap()
        .iter()
        .map(int)
        .collect();
    check("old sizes", got, want)
}
