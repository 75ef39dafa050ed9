//! Conformance: every case of Kubernetes' own unit-test tables (`tests/data/k8s-vectors.json`,
//! or the file named by `ROLLOUT_LAB_VECTORS`) run against the engine's functions. Alpha cases
//! (feature gates not in v1.28) are counted and skipped; every other case must pass.

mod controller;
mod kubectl;
mod replicaset;
mod support;
mod util;

use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

type Runner = fn(&Value, &Value) -> Result<(), String>;

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

#[test]
fn kubernetes_unit_test_tables() {
    let path = std::env::var("ROLLOUT_LAB_VECTORS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/k8s-vectors.json").to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let doc: Value = serde_json::from_str(&text).expect("vectors file is JSON");
    let tests = doc["tests"].as_object().expect("a `tests` object");

    let (mut ran, mut passed, mut alpha) = (0, 0, 0);
    let mut failures = Vec::new();
    for (group, body) in tests {
        let cases = body["cases"].as_array().cloned().unwrap_or_default();
        let Some(run) = runner(group) else {
            failures.push(format!("{group}: no runner for this table"));
            continue;
        };
        let (mut group_ran, mut group_passed) = (0, 0);
        for case in &cases {
            if case["alpha"].as_bool() == Some(true) {
                alpha += 1;
                continue;
            }
            group_ran += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| run(body, case)));
            match outcome {
                Ok(Ok(())) => group_passed += 1,
                Ok(Err(msg)) => failures.push(format!(
                    "{group} #{} {:?}: {msg}",
                    case["index"], case["name"]
                )),
                Err(_) => failures.push(format!(
                    "{group} #{} {:?}: panicked",
                    case["index"], case["name"]
                )),
            }
        }
        println!("{group}: {group_passed}/{group_ran} passed");
        ran += group_ran;
        passed += group_passed;
    }
    println!("conformance: {ran} cases ran, {passed} passed, {} failed, {alpha} alpha cases skipped ({path})", ran - passed);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran > 0, "no case ran");
}
