//! Conformance: every case of Kubernetes' own unit-test tables (`tests/data/k8s-vectors.json`,
//! or the file named by `ROLLOUT_LAB_VECTORS`) run against the engine's functions. A case
//! flagged alpha that turns on a feature gate off in v1.28 is counted and skipped; every other
//! case must pass. Runners read the vectors strictly ([`strict`]): a missing or mistyped field
//! fails its case, and so does a field of `inputs` or `expected` that no runner read or
//! ignored. (The fields only the skipped alpha cases have are not read by any runner.)

mod argo;
mod controller;
mod hpa;
mod hpa_behavior;
mod kubectl;
mod replicaset;
mod strict;
mod support;
mod tables;
mod util;
mod workloads;

use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use strict::{Seen, J};

/// A table's runner: the table (for table-level data such as `timestamps` or `pods`), then the
/// case's `inputs` and `expected`.
type Runner = fn(&J, &J, &J) -> Result<(), String>;

/// The table-level keys a table may have.
const TABLE_KEYS: &[&str] = &[
    "file",
    "function_under_test",
    "harness",
    "cases",
    "timestamps",
    "pods",
];

/// The feature gates the harness knows, with their default in Kubernetes v1.28.
const GATES_V1_28: &[(&str, bool)] = &[
    ("DeploymentReplicaSetTerminatingReplicas", false),
    ("DeploymentPodReplacementPolicy", false),
    ("LogarithmicScaleDown", true),
    ("PodDeletionCost", true),
];

fn runner(group: &str) -> Option<Runner> {
    Some(match group {
        "TestDeploymentController_reconcileNewReplicaSet" => controller::reconcile_new_replica_set,
        "TestDeploymentController_reconcileOldReplicaSets" => {
            controller::reconcile_old_replica_sets
        }
        "TestDeploymentController_cleanupUnhealthyReplicas" => {
            controller::cleanup_unhealthy_replicas
        }
        "TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate" => {
            controller::scale_down_old_replica_sets_for_rolling_update
        }
        "TestScale" => controller::scale,
        "TestDeploymentController_cleanupDeployment" => controller::cleanup_deployment,
        "TestDeploymentController_cleanupDeploymentOrder" => controller::cleanup_deployment_order,
        "TestRequeueStuckDeployment" => controller::requeue_stuck_deployment,
        "TestSyncRolloutStatus" => controller::sync_rollout_status,
        "TestOldPodsRunning" => controller::old_pods_running,
        "TestScaleDownOldReplicaSets" => controller::scale_down_old_replica_sets_for_recreate,
        "TestResolveFenceposts" => util::resolve_fenceposts,
        "TestNewRSNewReplicas" => util::new_rs_new_replicas,
        "TestMaxUnavailable" => util::max_unavailable,
        "TestMinAvailable" => util::min_available,
        "TestGetReplicaCountForReplicaSets" => util::replica_counts,
        "TestDeploymentComplete" => util::deployment_complete,
        "TestDeploymentProgressing" => util::deployment_progressing,
        "TestDeploymentTimedOut" => util::deployment_timed_out,
        "TestReplicasAnnotationsNeedUpdate" => util::replicas_annotations_need_update,
        "TestAnnotationUtils" => util::annotation_utils,
        "TestGetReplicaSetFraction" => util::get_replica_set_fraction,
        "TestGetNonNegativeInt32FromAnnotation" => util::get_non_negative_int32_from_annotation,
        "TestFindNewReplicaSet+TestFindOldReplicaSets" => util::find_replica_sets,
        "TestSortingActivePods" => replicaset::sorting_active_pods,
        "TestSortingActivePodsWithRanks" => replicaset::sorting_active_pods_with_ranks,
        "TestGetPodsToDelete" => replicaset::get_pods_to_delete,
        "TestSlowStartBatch" => replicaset::slow_start_batch,
        "TestDeploymentStatusViewerStatus" => kubectl::deployment_status_viewer,
        "TestUpdate (rolling_updater) + TestUpdate_progressTimeout" => kubectl::rolling_updater,
        _ => return None,
    })
}

/// Whether a case's `feature_gates` (absent: none) turn on a gate that is off in v1.28; an
/// unknown gate, or a gate not set to true or false, is an error.
fn enables_gate_off_in_v1_28(gates: &Value) -> Result<bool, String> {
    let gates = match gates {
        Value::Null => return Ok(false),
        Value::Object(m) => m,
        other => return Err(format!("feature_gates: expected an object, found {other}")),
    };
    let mut enables = false;
    for (name, on) in gates {
        let default = GATES_V1_28
            .iter()
            .find(|(gate, _)| *gate == name.as_str())
            .map(|&(_, default)| default)
            .ok_or_else(|| format!("unknown feature gate {name}"))?;
        let on = on
            .as_bool()
            .ok_or_else(|| format!("feature gate {name}: expected true or false, found {on}"))?;
        enables |= on && !default;
    }
    Ok(enables)
}

/// Whether to skip a case: flagged alpha, and needing a gate that is off in v1.28.
fn skip_alpha(case: &Value) -> Result<bool, String> {
    let alpha = match &case["alpha"] {
        Value::Null => false,
        Value::Bool(b) => *b,
        other => return Err(format!("alpha: expected true or false, found {other}")),
    };
    let needs_gate = enables_gate_off_in_v1_28(&case["feature_gates"])?;
    Ok(alpha && needs_gate)
}

/// Runs one case; `Err` says why it failed.
fn run_case(run: Runner, group: &J, case: &Value) -> Result<(), String> {
    let seen = Seen::default();
    let inputs = seen.root(&case["inputs"], "inputs");
    let expected = seen.root(&case["expected"], "expected");
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        run(group, &inputs, &expected)?;
        let mut unknown = seen.unread(&case["inputs"], "inputs");
        unknown.extend(seen.unread(&case["expected"], "expected"));
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(format!("unknown field(s): {}", unknown.join(", ")))
        }
    }));
    match outcome {
        Ok(result) => result,
        Err(panic) => Err(
            match panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
            {
                Some(msg) => format!("panicked: {msg}"),
                None => "panicked".to_string(),
            },
        ),
    }
}

/// What a run of the vectors found: every failure, and the cases that ran.
struct Report {
    failures: Vec<String>,
    ran: usize,
}

fn vectors_path() -> String {
    vectors_path_or("ROLLOUT_LAB_VECTORS", "k8s-vectors.json")
}

/// The vectors file the environment variable `var` names, else `tests/data/<file>`.
fn vectors_path_or(var: &str, file: &str) -> String {
    std::env::var(var)
        .unwrap_or_else(|_| format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
}

fn read_vectors(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).expect("vectors file is JSON")
}

#[test]
fn kubernetes_unit_test_tables() {
    let path = vectors_path();
    let report = run_vectors(&read_vectors(&path), &path);
    assert!(
        report.failures.is_empty(),
        "{} failures:\n{}",
        report.failures.len(),
        report.failures.join("\n")
    );
    assert!(report.ran > 0, "no case ran");
}

/// The harness refuses what it cannot check: each of these changes to the vectors fails the run.
#[test]
fn the_run_fails_on_what_it_cannot_check() {
    let doc = read_vectors(&vectors_path());
    let fails = |change: &dyn Fn(&mut Value), want: &str| {
        let mut d = doc.clone();
        change(&mut d);
        let r = run_vectors(&d, "mutated");
        assert!(
            r.failures.iter().any(|f| f.contains(want)),
            "expected a failure containing {want:?}, got {:?}",
            r.failures
        );
    };
    let case0 = |d: &mut Value| d["tests"]["TestResolveFenceposts"]["cases"][0].clone();
    fails(
        &|d| {
            let c = d["tests"]["TestResolveFenceposts"]["cases"][0]["expected"]
                .as_object_mut()
                .unwrap();
            c.remove("unavailable");
        },
        "expected.unavailable: expected an integer",
    );
    fails(
        &|d| d["tests"]["TestResolveFenceposts"]["cases"][0]["inputs"]["colour"] = "red".into(),
        "unknown field(s): inputs.colour",
    );
    fails(
        &|d| d["tests"]["TestMaxUnavailable"]["cases"] = Value::Array(vec![]),
        "TestMaxUnavailable: no cases",
    );
    fails(
        &|d| {
            let extra = case0(d);
            d["tests"]["TestResolveFenceposts"]["cases"]
                .as_array_mut()
                .unwrap()
                .push(extra);
        },
        "but meta.case_counts says 7",
    );
    fails(
        &|d| d["tests"]["TestResolveFenceposts"]["cases"][0]["alpha"] = true.into(),
        "alpha cases skipped, but the file flags",
    );
    fails(
        &|d| d["tests"]["TestResolveFenceposts"]["surprise"] = 1.into(),
        "unknown table-level field(s): surprise",
    );
}

fn run_vectors(doc: &Value, path: &str) -> Report {
    let tests = doc["tests"].as_object().expect("a `tests` object");
    let counts = doc["meta"]["case_counts"]
        .as_object()
        .expect("a `meta.case_counts` object");

    let mut failures = Vec::new();
    for table in counts.keys() {
        if !tests.contains_key(table) {
            failures.push(format!(
                "meta.case_counts counts {table}, which the file does not have"
            ));
        }
    }
    let flagged_alpha = tests
        .values()
        .filter_map(|body| body["cases"].as_array())
        .flatten()
        .filter(|case| case["alpha"] == Value::Bool(true))
        .count();

    let (mut ran, mut passed, mut skipped) = (0, 0, 0);
    for (table, body) in tests {
        let want = counts
            .get(table)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok());
        if want.is_none() {
            failures.push(format!("{table}: no case count in meta.case_counts"));
        }
        let Some(fields) = body.as_object() else {
            failures.push(format!("{table}: not an object"));
            continue;
        };
        let unknown: Vec<&str> = fields
            .keys()
            .map(String::as_str)
            .filter(|k| !TABLE_KEYS.contains(k))
            .collect();
        if !unknown.is_empty() {
            failures.push(format!(
                "{table}: unknown table-level field(s): {}",
                unknown.join(", ")
            ));
        }
        let cases = match body["cases"].as_array() {
            Some(cases) if !cases.is_empty() => cases,
            _ => {
                failures.push(format!("{table}: no cases"));
                continue;
            }
        };
        let Some(run) = runner(table) else {
            failures.push(format!("{table}: no runner for this table"));
            continue;
        };
        let table_seen = Seen::default();
        let group = table_seen.root(body, table);
        let (mut table_ran, mut table_passed, mut table_skipped) = (0, 0, 0);
        for case in cases {
            let outcome = match skip_alpha(case) {
                Ok(true) => {
                    table_skipped += 1;
                    continue;
                }
                Ok(false) => run_case(run, &group, case),
                Err(msg) => Err(msg),
            };
            table_ran += 1;
            match outcome {
                Ok(()) => table_passed += 1,
                Err(msg) => failures.push(format!(
                    "{table} #{} {:?}: {msg}",
                    case["index"], case["name"]
                )),
            }
        }
        let of = want.map_or("no count".to_string(), |n| n.to_string());
        println!("{table}: {table_passed} passed, {table_skipped} skipped (of {of})");
        if let Some(want) = want {
            if table_ran + table_skipped != want {
                failures.push(format!(
                    "{table}: {table_ran} cases ran and {table_skipped} were skipped, but meta.case_counts says {want}"
                ));
            }
        }
        ran += table_ran;
        passed += table_passed;
        skipped += table_skipped;
    }
    println!(
        "conformance: {ran} cases ran, {passed} passed, {} failed, {skipped} alpha cases skipped ({path})",
        ran - passed
    );
    if skipped != flagged_alpha {
        failures.push(format!(
            "{skipped} alpha cases skipped, but the file flags {flagged_alpha} cases alpha (each must be skipped for a gate off in v1.28)"
        ));
    }
    Report { failures, ran }
}
