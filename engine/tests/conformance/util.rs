//! Tables of `deployment_util_test.go`.

use crate::support::*;
use rollout_engine::api::{annotations, DeploymentStatus};
use rollout_engine::controller::deployment::util as u;
use serde_json::Value;

pub fn resolve_fenceposts(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let e = &case["expected"];
    let got = u::resolve_fenceposts(
        ios(&i["maxSurge"]).as_ref(),
        ios(&i["maxUnavailable"]).as_ref(),
        int(&i["desired"]),
    );
    match got {
        Ok((s, un)) => {
            check("error", false, e["error"].as_bool().unwrap())?;
            check(
                "surge, unavailable",
                (s, un),
                (int(&e["surge"]), int(&e["unavailable"])),
            )
        }
        Err(_) => check("error", true, e["error"].as_bool().unwrap()),
    }
}

pub fn new_rs_new_replicas(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let d = deployment(
        int(&i["deploymentReplicas"]),
        ios(&i["maxSurge"]),
        ios(&i["maxUnavailable"]),
        i["strategyType"].as_str().unwrap(),
    );
    let others: Vec<_> = i["allRSs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(n, r)| {
            rs(
                &format!("rs{n}"),
                int(&r["specReplicas"]),
                0,
                0,
                0,
                "foo:v0",
            )
        })
        .collect();
    let refs: Vec<_> = others.iter().collect();
    let got =
        u::new_rs_new_replicas(&d, &refs, int(&i["newRSReplicas"])).map_err(|e| e.to_string())?;
    check(
        "newReplicas",
        got.new_replicas,
        int(&case["expected"]["newReplicas"]),
    )
}

fn strategy_deployment(i: &Value) -> rollout_engine::api::Deployment {
    deployment(
        int(&i["replicas"]),
        ios(&i["maxSurge"]),
        ios(&i["maxUnavailable"]),
        i["strategy"].as_str().unwrap(),
    )
}

pub fn max_unavailable(_: &Value, case: &Value) -> Result<(), String> {
    let d = strategy_deployment(&case["inputs"]);
    check(
        "maxUnavailable",
        u::max_unavailable(&d),
        int(&case["expected"]["maxUnavailable"]),
    )
}

pub fn min_available(_: &Value, case: &Value) -> Result<(), String> {
    let d = strategy_deployment(&case["inputs"]);
    check(
        "minAvailable",
        u::min_available(&d),
        int(&case["expected"]["minAvailable"]),
    )
}

pub fn replica_counts(_: &Value, case: &Value) -> Result<(), String> {
    let sets: Vec<_> = case["inputs"]["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut r = rs(
                "rs",
                int(&s["specReplicas"]),
                int(&s["statusReplicas"]),
                0,
                0,
                "foo:v1",
            );
            r.status.observed_generation = s["observedGeneration"].as_i64().unwrap_or(0);
            r.status.terminating_replicas = s["terminatingReplicas"].as_i64().map(|n| n as i32);
            r
        })
        .collect();
    let e = &case["expected"];
    check(
        "GetReplicaCountForReplicaSets",
        u::get_replica_count_for_replica_sets(&sets),
        int(&e["GetReplicaCountForReplicaSets"]),
    )?;
    check(
        "GetActualReplicaCountForReplicaSets",
        u::get_actual_replica_count_for_replica_sets(&sets),
        int(&e["GetActualReplicaCountForReplicaSets"]),
    )?;
    if let Some(want) = e.get("GetTerminatingReplicaCountForReplicaSets") {
        check(
            "GetTerminatingReplicaCountForReplicaSets",
            u::get_terminating_replica_count_for_replica_sets(&sets),
            want.as_i64().map(|n| n as i32),
        )?;
    }
    Ok(())
}

pub fn deployment_complete(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(int(&i["desired"]), None, None, "RollingUpdate");
    d.meta.generation = i["generation"].as_i64().unwrap();
    let status = DeploymentStatus {
        observed_generation: i["observedGeneration"].as_i64().unwrap(),
        replicas: int(&i["statusReplicas"]),
        updated_replicas: int(&i["updatedReplicas"]),
        available_replicas: int(&i["availableReplicas"]),
        ..Default::default()
    };
    check(
        "complete",
        u::deployment_complete(&d, &status),
        case["expected"]["complete"].as_bool().unwrap(),
    )
}

fn status(v: &Value) -> DeploymentStatus {
    DeploymentStatus {
        replicas: int(&v["replicas"]),
        updated_replicas: int(&v["updatedReplicas"]),
        ready_replicas: int(&v["readyReplicas"]),
        available_replicas: int(&v["availableReplicas"]),
        ..Default::default()
    }
}

pub fn deployment_progressing(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(10, None, None, "RollingUpdate");
    d.status = status(&i["oldStatus"]);
    check(
        "progressing",
        u::deployment_progressing(&d, &status(&i["newStatus"])),
        case["expected"]["progressing"].as_bool().unwrap(),
    )
}

pub fn deployment_timed_out(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(1, None, None, "RollingUpdate");
    d.spec.progress_deadline_seconds = i["progressDeadlineSeconds"].as_i64().map(|n| n as i32);
    let mut st = DeploymentStatus::default();
    st.conditions.extend(progressing(&i["condition"]));
    let now = i["now"].as_str().map(rfc3339).unwrap_or(0);
    check(
        "timedOut",
        u::deployment_timed_out(&d, &st, now),
        case["expected"]["timedOut"].as_bool().unwrap(),
    )
}

pub fn replicas_annotations_need_update(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
    if let Some(m) = i["annotations"].as_object() {
        for (k, v) in m {
            set_annotation(&mut r, annotation_key(k), v.as_str().unwrap());
        }
    }
    check(
        "needUpdate",
        u::replicas_annotations_need_update(&r, int(&i["desiredReplicas"]), int(&i["maxReplicas"])),
        case["expected"]["needUpdate"].as_bool().unwrap(),
    )
}

pub fn annotation_utils(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let e = &case["expected"];
    match case["name"].as_str().unwrap() {
        "SetNewReplicaSetAnnotations" => {
            let mut d = deployment(1, None, None, "RollingUpdate");
            for (k, v) in i["deploymentAnnotations"].as_object().unwrap() {
                d.meta
                    .annotations
                    .insert(k.clone(), v.as_str().unwrap().into());
            }
            let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
            for step in i["steps"].as_array().unwrap() {
                let call = step["call"].as_str().unwrap();
                let revision: i64 = call
                    .split("newRevision=")
                    .nth(1)
                    .unwrap()
                    .split(',')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let limit: usize = call
                    .split("revHistoryLimitInChars=")
                    .nth(1)
                    .unwrap()
                    .trim_end_matches(')')
                    .parse()
                    .unwrap();
                u::set_new_replica_set_annotations(&d, &mut r, revision, true, limit);
                check(
                    "revision",
                    r.meta.annotations.get(annotations::REVISION).cloned(),
                    step["expected_revision"].as_str().map(String::from),
                )?;
                if let Some(h) = step["expected_revision_history"].as_str() {
                    check(
                        "revision-history",
                        r.meta
                            .annotations
                            .get(annotations::REVISION_HISTORY)
                            .map(String::as_str),
                        Some(h),
                    )?;
                }
            }
            Ok(())
        }
        "SetReplicasAnnotations" => {
            let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
            let updated = u::set_replicas_annotations(
                &mut r,
                int(&i["desiredReplicas"]),
                int(&i["maxReplicas"]),
            );
            check("updated", updated, e["updated"].as_bool().unwrap())?;
            check(
                "desired",
                r.meta
                    .annotations
                    .get(annotations::DESIRED_REPLICAS)
                    .map(String::as_str),
                e["desired-replicas"].as_str(),
            )?;
            check(
                "max",
                r.meta
                    .annotations
                    .get(annotations::MAX_REPLICAS)
                    .map(String::as_str),
                e["max-replicas"].as_str(),
            )
        }
        "IsSaturated" => {
            let d = deployment(int(&i["deploymentReplicas"]), None, None, "RollingUpdate");
            let mut r = rs(
                "hello",
                int(&i["rs"]["specReplicas"]),
                0,
                int(&i["rs"]["availableReplicas"]),
                0,
                "foo:v1",
            );
            set_annotation(
                &mut r,
                annotations::DESIRED_REPLICAS,
                i["rs"]["desired-replicas"].as_str().unwrap(),
            );
            check(
                "saturated",
                u::is_saturated(&d, Some(&r)),
                e["saturated"].as_bool().unwrap(),
            )
        }
        other => Err(format!("unknown sub-test {other}")),
    }
}

pub fn get_replica_set_fraction(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let mut d = deployment(
        int(&i["deploymentReplicas"]),
        ios(&i["maxSurge"]),
        ios(&i["maxUnavailable"]),
        "RollingUpdate",
    );
    d.status.replicas = int(&i["deploymentStatusReplicas"]);
    let mut r = rs("hello", int(&i["rsReplicas"]), 0, 0, 0, "foo:v1");
    if let Some(a) = i["maxReplicasAnnotation"].as_str() {
        set_annotation(&mut r, annotations::MAX_REPLICAS, a);
    }
    check(
        "fraction",
        u::get_replica_set_fraction(&r, &d),
        int(&case["expected"]["fraction"]),
    )
}

pub fn get_non_negative_int32_from_annotation(_: &Value, case: &Value) -> Result<(), String> {
    let e = &case["expected"];
    let (value, valid, error) = match case["inputs"]["annotationValue"].as_str() {
        None => (0, false, None),
        Some(v) => match u::parse_non_negative_int32(v) {
            Ok(n) => (n, true, None),
            Err(msg) => (0, false, Some(msg)),
        },
    };
    check("value", value, int(&e["value"]))?;
    check("valid", valid, e["valid"].as_bool().unwrap())?;
    match (e["errorContains"].as_str(), error) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if got.contains(want) => Ok(()),
        (want, got) => Err(format!("error: got {got:?}, want one containing {want:?}")),
    }
}

/// The Find* cases describe their ReplicaSets in words: `newRS(created=later, replicas=1)`.
/// Names starting with `newRS` carry the Deployment's template; created defaults to before
/// (oldRS), later (newRS) and now (newRSDup).
pub fn find_replica_sets(_: &Value, case: &Value) -> Result<(), String> {
    let d = deployment(1, None, None, "RollingUpdate");
    let list: Vec<_> = case["inputs"]["rsList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|desc| {
            let desc = desc.as_str().unwrap();
            let (name, attrs) = desc.split_once('(').unwrap_or((desc, ""));
            let attr = |k: &str| {
                attrs
                    .split([',', ')'])
                    .map(str::trim)
                    .find_map(|a| a.strip_prefix(&format!("{k}=")))
            };
            let created = match attr("created").unwrap_or(match name {
                "oldRS" => "before",
                "newRS" => "later",
                _ => "now",
            }) {
                "before" => -60_000,
                "later" => 60_000,
                _ => 0,
            };
            let replicas = attr("replicas").map_or(0, |r| r.parse().unwrap());
            let image = if name.starts_with("newRS") {
                "foo:v1"
            } else {
                "foo:v0"
            };
            rs(name, replicas, 0, 0, created, image)
        })
        .collect();
    let refs: Vec<_> = list.iter().collect();
    let names = |idx: Vec<usize>| -> Vec<String> {
        let mut n: Vec<String> = idx.into_iter().map(|i| list[i].meta.name.clone()).collect();
        n.sort();
        n
    };
    let sorted = |v: &Value| -> Vec<String> {
        let mut n: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        n.sort();
        n
    };
    let e = &case["expected"];
    if case["test"] == "TestFindNewReplicaSet" {
        let got = u::find_new_replica_set(&d, &refs).map(|i| list[i].meta.name.clone());
        check("new", got, e["new"].as_str().map(String::from))
    } else {
        let (all, active) = u::find_old_replica_sets(&d, &refs);
        check("all", names(all), sorted(&e["all"]))?;
        check(
            "required",
            names(active),
            sorted(&e["requiredRSs(non-zero replicas)"]),
        )
    }
}
