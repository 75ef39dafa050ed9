//! Tables of `rolling_test.go`, `sync_test.go`, `progress_test.go` and `recreate_test.go`.

use crate::strict::J;
use crate::support::*;
use rollout_engine::api::{annotations, ConditionType, Deployment, DeploymentStatus, ReplicaSet};
use rollout_engine::controller::deployment::{progress, recreate, rolling, sync, util as u};

/// An `oldRS`/`newRS` of the rolling tables: `specReplicas`, status.replicas following it as the
/// Go helpers build them, and `availableReplicas` in the tables that have that column.
fn rolling_rs(name: &str, v: &J, image: &str, with_available: bool) -> ReplicaSet {
    let spec = v.at("specReplicas").int();
    let available = if with_available {
        v.at("availableReplicas").int()
    } else {
        0
    };
    rs(name, spec, spec, available, 0, image)
}

/// The tables' `newDeployment(replicas, maxSurge, maxUnavailable)`, RollingUpdate.
fn rolling_deployment(i: &J) -> Deployment {
    deployment(
        i.at("deploymentReplicas").int(),
        i.at("maxSurge").ios(),
        i.at("maxUnavailable").ios(),
        "RollingUpdate",
    )
}

/// The positions in the cluster (built in the order of `names`) of a list of RS names.
fn positions(list: &J, names: &[&str]) -> Result<Vec<usize>, String> {
    list.array()
        .iter()
        .map(|n| {
            let n = n.str();
            names
                .iter()
                .position(|k| *k == n)
                .ok_or_else(|| format!("{}: unknown ReplicaSet {n}", list.path()))
        })
        .collect()
}

/// The number of ReplicaSets whose spec.replicas differ from `before`.
fn resized(c: &rollout_engine::cluster::Cluster, before: &[ReplicaSet]) -> i64 {
    let changed = c
        .replica_sets
        .iter()
        .zip(before)
        .filter(|(a, b)| a.spec.replicas != b.spec.replicas)
        .count();
    changed as i64
}

/// `TestDeploymentController_reconcileNewReplicaSet`.
pub fn reconcile_new_replica_set(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = rolling_deployment(i);
    let new = rolling_rs("new", &i.at("newRS"), "foo:v1", false);
    let old = rolling_rs("old", &i.at("oldRS"), "foo:v0", false);
    let all = positions(&i.at("allRSs_order"), &["newRS", "oldRS"])?;
    let mut c = cluster(d, vec![new, old], 0);
    let before = c.replica_sets.clone();
    let scaled = rolling::reconcile_new_replica_set(&mut c, &all, 0);
    check("scaled", scaled, e.at("scaled").bool())?;
    // The engine has no error path here: every case must expect none.
    check("error", false, e.at("error").bool())?;
    check(
        "newRS replicas",
        c.replica_sets[0].spec.replicas,
        e.at("newRSReplicasAfter").int(),
    )?;
    // Upstream counts the fake client's RS update actions; here, the ReplicaSets resized.
    check(
        "updateActions",
        resized(&c, &before),
        e.at("updateActions").i64(),
    )
}

/// `TestDeploymentController_reconcileOldReplicaSets`.
pub fn reconcile_old_replica_sets(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = rolling_deployment(i);
    let old = rolling_rs("old", &i.at("oldRS"), "foo:v0", true);
    let new = rolling_rs("new", &i.at("newRS"), "foo:v1", true);
    let names = ["oldRS", "newRS"];
    let all = positions(&i.at("allRSs_order"), &names)?;
    let old_list = positions(&i.at("oldRSs"), &names)?;
    let mut c = cluster(d, vec![old, new], 0);
    let scaled = rolling::reconcile_old_replica_sets(&mut c, &all, &old_list, 1);
    check("scaled", scaled, e.at("scaled").bool())?;
    // Declared but not asserted upstream (its fake client drops status); a real API server keeps
    // status, and so does the simulation, so the declared size is checked too. Null where the
    // table declares none (the case that does not scale).
    match e.at("expectedOldReplicas_declared").opt_int() {
        Some(want) => check("old replicas", c.replica_sets[0].spec.replicas, want),
        None => Ok(()),
    }
}

/// `TestDeploymentController_cleanupUnhealthyReplicas`.
pub fn cleanup_unhealthy_replicas(_: &J, i: &J, e: &J) -> Result<(), String> {
    // The test body no longer reads this column (availableReplicas says how many are healthy).
    i.ignore(&["unHealthyPods_field_unused"]);
    let d = rolling_deployment(i);
    let mut c = cluster(
        d,
        vec![rolling_rs("old", &i.at("oldRS"), "foo:v0", true)],
        0,
    );
    let (_, cleaned) = rolling::cleanup_unhealthy_replicas(
        &mut c,
        &[0],
        i.at("maxCleanupCount").int(),
        &rolling::Budget {
            pods: 0,
            min_available: 0,
            new_unavailable: 0,
        },
    );
    check("cleanupCount", cleaned, e.at("cleanupCount").int())?;
    check(
        "old replicas",
        c.replica_sets[0].spec.replicas,
        e.at("oldRSReplicasAfter").int(),
    )
}

/// `TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate`.
pub fn scale_down_old_replica_sets_for_rolling_update(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = rolling_deployment(i);
    let names = ["oldRS"];
    let all = positions(&i.at("allRSs"), &names)?;
    let old = positions(&i.at("oldRSs"), &names)?;
    let mut c = cluster(
        d,
        vec![rolling_rs("old", &i.at("oldRS"), "foo:v0", true)],
        0,
    );
    let scaled = rolling::scale_down_old_replica_sets_for_rolling_update(&mut c, &all, &old);
    check(
        "scaled down",
        scaled != 0,
        e.at("scaledDownCount_nonzero").bool(),
    )?;
    // The engine has no error path here: every case must expect none.
    check("error", false, e.at("error").bool())?;
    check(
        "old replicas",
        c.replica_sets[0].spec.replicas,
        e.at("oldRSReplicasAfter").int(),
    )
}

/// One ReplicaSet of `TestScale`, annotated as the Go test does before calling `scale()`:
/// desired-replicas = the old Deployment's size unless overridden, max-replicas = that plus
/// MaxSurge(oldDeployment).
fn scale_rs(
    v: &J,
    image: &str,
    stamps: &J,
    overrides: &[(&str, i32)],
    old_d: &Deployment,
) -> ReplicaSet {
    let name = v.at("name").str();
    let mut r = rs(
        name,
        v.at("specReplicas").int(),
        0,
        // Set by one case only; the Go table's rs() leaves status empty otherwise.
        v.at("availableReplicas").opt_int().unwrap_or(0),
        time_at(&stamps.at(v.at("created").str())),
        image,
    );
    let desired = overrides
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(old_d.spec.replicas, |&(_, n)| n);
    set_annotation(&mut r, annotations::DESIRED_REPLICAS, desired);
    set_annotation(
        &mut r,
        annotations::MAX_REPLICAS,
        desired + u::max_surge(old_d),
    );
    r
}

/// `TestScale` (the v1 `scale`); the table's `timestamps` name the creation times.
pub fn scale(group: &J, i: &J, e: &J) -> Result<(), String> {
    let dep = |v: &J| {
        deployment(
            v.at("replicas").int(),
            v.at("maxSurge").ios(),
            v.at("maxUnavailable").ios(),
            v.at("strategy").str(),
        )
    };
    let dj = i.at("deployment");
    let mut d = dep(&dj);
    let old_d = dep(&i.at("oldDeployment"));
    d.status.replicas = i.at("deploymentStatusReplicas").int();
    // Present only in the one case whose Deployment's template changes.
    if dj.at("templateChanged").opt_bool() == Some(true) {
        d.spec.template = template("foo:changed");
    }
    let overrides: Vec<(&str, i32)> = i
        .at("desiredReplicasAnnotationOverrides")
        .entries()
        .into_iter()
        .map(|(name, n)| (name, n.int()))
        .collect();
    let stamps = group.at("timestamps");
    let mut rss = Vec::new();
    // Null where the Go case has no new ReplicaSet.
    let new = i.at("newRS").opt().map(|v| {
        rss.push(scale_rs(&v, "foo:v1", &stamps, &overrides, &old_d));
        rss.len() - 1
    });
    let old: Vec<usize> = i
        .at("oldRSs")
        .array()
        .iter()
        .map(|v| {
            rss.push(scale_rs(v, "foo:v0", &stamps, &overrides, &old_d));
            rss.len() - 1
        })
        .collect();
    for (name, _) in &overrides {
        if !rss.iter().any(|r| r.meta.name == *name) {
            return Err(format!("an override names no ReplicaSet: {name}"));
        }
    }
    let before: Vec<i32> = rss.iter().map(|r| r.spec.replicas).collect();
    let mut c = cluster(d, rss, 0);
    sync::scale(&mut c, new, &old);

    // Upstream reads each size from the RS update actions, except for the RSs in wasntUpdated,
    // whose size stays the one of the inputs.
    let skip = strings(&e.at("wasntUpdated"));
    for name in &skip {
        if !c.replica_sets.iter().any(|r| r.meta.name == *name) {
            return Err(format!("wasntUpdated names no ReplicaSet: {name}"));
        }
    }
    let size = |k: usize| {
        let r = &c.replica_sets[k];
        if skip.contains(&r.meta.name) {
            before[k]
        } else {
            r.spec.replicas
        }
    };
    // Null where the Go case expects nothing of the new ReplicaSet (`expectedNew` nil).
    let want_new = e.at("newRSReplicas").opt_int();
    if let (Some(n), Some(want)) = (new, want_new) {
        check("newRS replicas", size(n), want)?;
    }
    let want_old = e.at("oldRSReplicas").array();
    check("oldRSReplicas count", want_old.len(), old.len())?;
    for (&o, want) in old.iter().zip(&want_old) {
        let name = &c.replica_sets[o].meta.name;
        check(&format!("{name} replicas"), size(o), want.int())?;
    }
    Ok(())
}

/// `TestDeploymentController_cleanupDeployment`.
pub fn cleanup_deployment(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(1, None, None, "RollingUpdate");
    d.spec.revision_history_limit = Some(i.at("revisionHistoryLimit").int());
    let rss: Vec<_> = i
        .at("oldRSs")
        .array()
        .iter()
        .map(|v| {
            let mut r = rs(
                v.at("name").str(),
                v.at("specReplicas").int(),
                v.at("statusReplicas").int(),
                0,
                0,
                "foo:v0",
            );
            if v.at("deletionTimestamp").bool() {
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
    check("deletions", after - before, count(&e.at("deletions")))
}

/// `TestDeploymentController_cleanupDeploymentOrder`.
pub fn cleanup_deployment_order(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(1, None, None, "RollingUpdate");
    d.spec.revision_history_limit = Some(i.at("revisionHistoryLimit").int());
    let rss: Vec<_> = i
        .at("oldRSs")
        .array()
        .iter()
        .map(|v| {
            let created = v.at("createdOffsetSeconds").i64() * 1000;
            let mut r = rs(
                v.at("name").str(),
                v.at("specReplicas").int(),
                v.at("statusReplicas").int(),
                0,
                created,
                "foo:v0",
            );
            // Null for an RS without the revision annotation (it parses as revision 0).
            if let Some(rev) = v.at("revision").opt_str() {
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
    let mut want = strings(&e.at("deletedRSs"));
    want.sort();
    check("deleted", deleted, want)
}

/// A Deployment status from `replicas`, `updatedReplicas`, `availableReplicas` and, in the
/// tables that have the column (`with_ready`), `readyReplicas`; plus the Progressing condition.
fn status(v: &J, with_ready: bool, condition: &J) -> DeploymentStatus {
    let mut s = DeploymentStatus {
        replicas: v.at("replicas").int(),
        updated_replicas: v.at("updatedReplicas").int(),
        ready_replicas: if with_ready {
            v.at("readyReplicas").int()
        } else {
            0
        },
        available_replicas: v.at("availableReplicas").int(),
        ..Default::default()
    };
    s.conditions.extend(progressing(condition));
    s
}

/// `TestRequeueStuckDeployment`.
pub fn requeue_stuck_deployment(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Documents the encoding of the expected value (-1, 0, N).
    e.ignore(&["meaning"]);
    let mut d = deployment(i.at("specReplicas").int(), None, None, "Recreate");
    // Null is a nil progressDeadlineSeconds.
    d.spec.progress_deadline_seconds = i.at("progressDeadlineSeconds").opt_int();
    let cond = i.at("currentProgressingCondition");
    d.status = status(&i.at("currentStatus"), false, &cond);
    let new_status = status(&i.at("newStatus"), false, &cond);
    // Null where the Go case sets no clock: it returns before reading one.
    let now = i.at("now").opt().map_or(0, |t| time_at(&t));
    let got = match progress::requeue_stuck_deployment(&d, &new_status, now) {
        None => -1,
        Some(ms) => ms / 1000,
    };
    check(
        "requeueAfterSeconds",
        got,
        e.at("requeueAfterSeconds").i64(),
    )
}

/// `TestSyncRolloutStatus`.
pub fn sync_rollout_status(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Descriptions, not data: allRSs is otherRSs plus newRS (built so below), and the test's
    // clock is the wall clock, long after the vectors' times (a fixed 2026 date below).
    i.ignore(&["allRSs", "now"]);
    let mut d = deployment(i.at("specReplicas").int(), None, None, "Recreate");
    // Null is a nil progressDeadlineSeconds.
    d.spec.progress_deadline_seconds = i.at("progressDeadlineSeconds").opt_int();
    d.status = status(
        &i.at("currentStatus"),
        true,
        &i.at("currentProgressingCondition"),
    );
    let full = |v: &J, image: &str| {
        rs(
            v.at("name").str(),
            v.at("specReplicas").int(),
            v.at("statusReplicas").int(),
            v.at("availableReplicas").int(),
            0,
            image,
        )
    };
    let mut rss: Vec<_> = i
        .at("otherRSs")
        .array()
        .iter()
        .map(|v| full(v, "foo:v0"))
        .collect();
    // Null where the Go case has no new ReplicaSet.
    let new = i.at("newRS").opt().map(|v| {
        rss.push(full(&v, "foo:v1"));
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
    // Null where the case expects no Progressing condition.
    let want = e.at("progressingCondition").opt().map(|w| {
        (
            w.at("status").str().to_string(),
            w.at("reason").str().to_string(),
        )
    });
    check("Progressing", got, want)
}

/// `TestOldPodsRunning`.
pub fn old_pods_running(_: &J, i: &J, e: &J) -> Result<(), String> {
    let old_replicas: i32 = i
        .at("oldRSs")
        .array()
        .iter()
        .map(|r| {
            // Only status.replicas counts; the name, uid and spec identify or describe the RS.
            r.ignore(&["name", "uid", "specReplicas"]);
            r.at("statusReplicas").int()
        })
        .sum();
    // Null in every case (the Go test passes no new ReplicaSet); a new RS's pods do not count.
    let new_uid = i.at("newRS").opt().map(|n| n.at("uid").str());
    let mut running = 0;
    for (uid, phases) in i.at("podMapPhasesByRSUID").entries() {
        for phase in phases.array() {
            // "" is a pod with an empty status: not terminal.
            let terminal = matches!(phase.str(), "Failed" | "Succeeded");
            if Some(uid) != new_uid && !terminal {
                running += 1;
            }
        }
    }
    check(
        "oldPodsRunning",
        recreate::old_pods_running_from(old_replicas, running),
        e.at("oldPodsRunning").bool(),
    )
}

/// `TestScaleDownOldReplicaSets` (recreate).
pub fn scale_down_old_replica_sets_for_recreate(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = deployment(i.at("deploymentReplicas").int(), None, None, "Recreate");
    let rss: Vec<_> = i
        .at("oldRSSizes")
        .array()
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let s = s.int();
            rs(&format!("old-{n}"), s, s, s, 0, "foo:v0")
        })
        .collect();
    let idx: Vec<usize> = (0..rss.len()).collect();
    let mut c = cluster(d, rss, 0);
    recreate::scale_down_old_replica_sets_for_recreate(&mut c, &idx);
    let got: Vec<i32> = c.replica_sets.iter().map(|r| r.spec.replicas).collect();
    let want: Vec<i32> = e
        .at("oldRSReplicasAfter")
        .array()
        .iter()
        .map(|v| v.int())
        .collect();
    check("old sizes", got, want)
}
