//! Tables of `deployment_util_test.go`.

use crate::strict::J;
use crate::support::*;
use rollout_engine::api::{annotations, Deployment, DeploymentStatus, ReplicaSet};
use rollout_engine::controller::deployment::util as u;

/// `TestResolveFenceposts`: values are int-or-strings, null a nil pointer.
pub fn resolve_fenceposts(_: &J, i: &J, e: &J) -> Result<(), String> {
    let got = u::resolve_fenceposts(
        i.at("maxSurge").ios().as_ref(),
        i.at("maxUnavailable").ios().as_ref(),
        i.at("desired").int(),
    );
    // Upstream returns (0, 0, err) on an error, and the table expects those zeros.
    let (surge, unavailable, error) = match got {
        Ok((s, un)) => (s, un, false),
        Err(_) => (0, 0, true),
    };
    check("error", error, e.at("error").bool())?;
    check(
        "surge, unavailable",
        (surge, unavailable),
        (e.at("surge").int(), e.at("unavailable").int()),
    )
}

/// `TestNewRSNewReplicas`.
pub fn new_rs_new_replicas(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = deployment(
        i.at("deploymentReplicas").int(),
        i.at("maxSurge").ios(),
        i.at("maxUnavailable").ios(),
        i.at("strategyType").str(),
    );
    let others: Vec<_> = i
        .at("allRSs")
        .array()
        .iter()
        .enumerate()
        .map(|(n, r)| {
            // Says which RS of the Go test this is (the new RS is not among them).
            r.ignore(&["note"]);
            rs(
                &format!("rs{n}"),
                r.at("specReplicas").int(),
                0,
                0,
                0,
                "foo:v0",
            )
        })
        .collect();
    let refs: Vec<_> = others.iter().collect();
    let (want_error, want) = (e.at("error").bool(), e.at("newReplicas").int());
    match u::new_rs_new_replicas(&d, &refs, i.at("newRSReplicas").int()) {
        Ok(got) => {
            check("error", false, want_error)?;
            check("newReplicas", got.new_replicas, want)
        }
        Err(_) if want_error => Ok(()),
        Err(err) => Err(format!("error: got {err}, want none")),
    }
}

/// The tables' Deployment of a strategy, with the given spec.replicas; maxSurge and
/// maxUnavailable are absent for Recreate (no rollingUpdate block).
fn strategy_deployment(i: &J, replicas: i32) -> Deployment {
    deployment(
        replicas,
        i.at("maxSurge").ios(),
        i.at("maxUnavailable").ios(),
        i.at("strategy").str(),
    )
}

/// `TestMaxUnavailable`.
pub fn max_unavailable(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Explains the one case whose spec.replicas is nil.
    i.ignore(&["note"]);
    // Null in that Recreate case: MaxUnavailable returns before reading spec.replicas.
    let replicas = i.at("replicas").opt_int().unwrap_or(0);
    let d = strategy_deployment(i, replicas);
    check(
        "maxUnavailable",
        u::max_unavailable(&d),
        e.at("maxUnavailable").int(),
    )
}

/// `TestMinAvailable`.
pub fn min_available(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = strategy_deployment(i, i.at("replicas").int());
    check(
        "minAvailable",
        u::min_available(&d),
        e.at("minAvailable").int(),
    )
}

/// `TestGetReplicaCountForReplicaSets` (v1.28's two sums, and the latest tree's third).
pub fn replica_counts(_: &J, i: &J, e: &J) -> Result<(), String> {
    let sets: Vec<_> = i
        .at("sets")
        .array()
        .iter()
        .map(|s| {
            // Names and notes only tell the sets apart.
            s.ignore(&["name", "note"]);
            let mut r = rs(
                "rs",
                s.at("specReplicas").int(),
                s.at("statusReplicas").int(),
                0,
                0,
                "foo:v1",
            );
            // Absent in the v1.28 cases, which leave it 0.
            r.status.observed_generation = s.at("observedGeneration").opt_i64().unwrap_or(0);
            // Absent in the v1.28 cases, null in the latest: both a nil pointer.
            r.status.terminating_replicas = s.at("terminatingReplicas").opt_int();
            r
        })
        .collect();
    check(
        "GetReplicaCountForReplicaSets",
        u::get_replica_count_for_replica_sets(&sets),
        e.at("GetReplicaCountForReplicaSets").int(),
    )?;
    check(
        "GetActualReplicaCountForReplicaSets",
        u::get_actual_replica_count_for_replica_sets(&sets),
        e.at("GetActualReplicaCountForReplicaSets").int(),
    )?;
    // The v1.28 cases have no such column (that test has no third sum); null expects nil.
    let terminating = "GetTerminatingReplicaCountForReplicaSets";
    if e.has(terminating) {
        check(
            terminating,
            u::get_terminating_replica_count_for_replica_sets(&sets),
            e.at(terminating).opt_int(),
        )?;
    }
    Ok(())
}

/// `TestDeploymentComplete`.
pub fn deployment_complete(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Declared by the Go table's helper, never read by DeploymentComplete.
    i.ignore(&["maxSurge_unused", "maxUnavailable_unused"]);
    let mut d = deployment(i.at("desired").int(), None, None, "RollingUpdate");
    d.meta.generation = i.at("generation").i64();
    let status = DeploymentStatus {
        observed_generation: i.at("observedGeneration").i64(),
        replicas: i.at("statusReplicas").int(),
        updated_replicas: i.at("updatedReplicas").int(),
        available_replicas: i.at("availableReplicas").int(),
        ..Default::default()
    };
    check(
        "complete",
        u::deployment_complete(&d, &status),
        e.at("complete").bool(),
    )
}

fn status(v: &J) -> DeploymentStatus {
    DeploymentStatus {
        replicas: v.at("replicas").int(),
        updated_replicas: v.at("updatedReplicas").int(),
        ready_replicas: v.at("readyReplicas").int(),
        available_replicas: v.at("availableReplicas").int(),
        ..Default::default()
    }
}

/// `TestDeploymentProgressing`.
pub fn deployment_progressing(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(10, None, None, "RollingUpdate");
    d.status = status(&i.at("oldStatus"));
    check(
        "progressing",
        u::deployment_progressing(&d, &status(&i.at("newStatus"))),
        e.at("progressing").bool(),
    )
}

/// `TestDeploymentTimedOut`.
pub fn deployment_timed_out(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(1, None, None, "RollingUpdate");
    // Null is a nil progressDeadlineSeconds.
    d.spec.progress_deadline_seconds = i.at("progressDeadlineSeconds").opt_int();
    let mut st = DeploymentStatus::default();
    st.conditions.extend(progressing(&i.at("condition")));
    // Null where the Go case sets no clock: with no deadline it is never read.
    let now = i.at("now").opt().map_or(0, |t| time_at(&t));
    check(
        "timedOut",
        u::deployment_timed_out(&d, &st, now),
        e.at("timedOut").bool(),
    )
}

/// `TestReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
    // Null is an RS with nil annotations.
    if let Some(m) = i.at("annotations").opt() {
        for (k, v) in m.entries() {
            set_annotation(&mut r, annotation_key(k), v.str());
        }
    }
    check(
        "needUpdate",
        u::replicas_annotations_need_update(
            &r,
            i.at("desiredReplicas").int(),
            i.at("maxReplicas").int(),
        ),
        e.at("needUpdate").bool(),
    )
}

/// The arguments of a step's `SetNewReplicaSetAnnotations(d, rs, newRevision=N, exists=B,
/// revHistoryLimitInChars=N)`.
fn set_new_call(step: &J) -> (i64, bool, usize) {
    let call = step.at("call");
    let text = call.str();
    parse_set_new_call(text)
        .unwrap_or_else(|| panic!("{}: cannot read the call {text:?}", call.path()))
}

fn parse_set_new_call(text: &str) -> Option<(i64, bool, usize)> {
    let args = text
        .strip_prefix("SetNewReplicaSetAnnotations(d, rs, ")?
        .strip_suffix(')')?;
    let mut revision: Option<i64> = None;
    let mut exists: Option<bool> = None;
    let mut limit: Option<usize> = None;
    for arg in args.split(", ") {
        match arg.split_once('=')? {
            ("newRevision", n) => revision = Some(n.parse().ok()?),
            ("exists", b) => exists = Some(b.parse().ok()?),
            ("revHistoryLimitInChars", n) => limit = Some(n.parse().ok()?),
            _ => return None,
        }
    }
    Some((revision?, exists?, limit?))
}

/// `TestAnnotationUtils`: three sub-tests, told apart by their inputs (`steps`: SetNewReplicaSet-
/// Annotations; `rs`: IsSaturated; otherwise SetReplicasAnnotations).
pub fn annotation_utils(_: &J, i: &J, e: &J) -> Result<(), String> {
    if let Some(steps) = i.at("steps").opt() {
        // The expectations are in the steps.
        e.ignore(&["per_step"]);
        let mut d = deployment(1, None, None, "RollingUpdate");
        for (k, v) in i.at("deploymentAnnotations").entries() {
            d.meta
                .annotations
                .insert(k.to_string(), v.str().to_string());
        }
        let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
        for (k, v) in i.at("rsAnnotationsInitially").entries() {
            r.meta
                .annotations
                .insert(k.to_string(), v.str().to_string());
        }
        for step in steps.array() {
            let (revision, exists, limit) = set_new_call(&step);
            u::set_new_replica_set_annotations(&d, &mut r, revision, exists, limit);
            check(
                "revision",
                r.meta
                    .annotations
                    .get(annotations::REVISION)
                    .map(String::as_str),
                Some(step.at("expected_revision").str()),
            )?;
            // Null for the first steps, whose history the Go test does not assert.
            if let Some(h) = step.at("expected_revision_history").opt_str() {
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
    } else if let Some(v) = i.at("rs").opt() {
        let d = deployment(
            i.at("deploymentReplicas").int(),
            None,
            None,
            "RollingUpdate",
        );
        let mut r = rs(
            "hello",
            v.at("specReplicas").int(),
            0,
            v.at("availableReplicas").int(),
            0,
            "foo:v1",
        );
        set_annotation(
            &mut r,
            annotations::DESIRED_REPLICAS,
            v.at("desired-replicas").str(),
        );
        check(
            "saturated",
            u::is_saturated(&d, Some(&r)),
            e.at("saturated").bool(),
        )
    } else {
        let mut r = rs("hello", 1, 0, 0, 0, "foo:v1");
        let updated = u::set_replicas_annotations(
            &mut r,
            i.at("desiredReplicas").int(),
            i.at("maxReplicas").int(),
        );
        check("updated", updated, e.at("updated").bool())?;
        let get = |key: &str| r.meta.annotations.get(key).map(String::as_str);
        check(
            "desired",
            get(annotations::DESIRED_REPLICAS),
            Some(e.at("desired-replicas").str()),
        )?;
        check(
            "max",
            get(annotations::MAX_REPLICAS),
            Some(e.at("max-replicas").str()),
        )
    }
}

/// `TestGetReplicaSetFraction`.
pub fn get_replica_set_fraction(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(
        i.at("deploymentReplicas").int(),
        i.at("maxSurge").ios(),
        i.at("maxUnavailable").ios(),
        "RollingUpdate",
    );
    d.status.replicas = i.at("deploymentStatusReplicas").int();
    let mut r = rs("hello", i.at("rsReplicas").int(), 0, 0, 0, "foo:v1");
    // Null is an RS without the max-replicas annotation.
    if let Some(a) = i.at("maxReplicasAnnotation").opt_str() {
        set_annotation(&mut r, annotations::MAX_REPLICAS, a);
    }
    check(
        "fraction",
        u::get_replica_set_fraction(&r, &d),
        e.at("fraction").int(),
    )
}

/// `TestGetNonNegativeInt32FromAnnotation`.
pub fn get_non_negative_int32_from_annotation(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Null is an RS without the annotation.
    let (value, valid, error) = match i.at("annotationValue").opt_str() {
        None => (0, false, None),
        Some(v) => match u::parse_non_negative_int32(v) {
            Ok(n) => (n, true, None),
            Err(msg) => (0, false, Some(msg)),
        },
    };
    check("value", value, e.at("value").int())?;
    check("valid", valid, e.at("valid").bool())?;
    // Null where no error is expected.
    match (e.at("errorContains").opt_str(), error) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if got.contains(want) => Ok(()),
        (want, got) => Err(format!("error: got {got:?}, want one containing {want:?}")),
    }
}

/// One RS of the Find* cases, described in words: `newRS(created=later, replicas=1)`.
fn described_rs(desc: &J) -> ReplicaSet {
    describe_rs(desc.str()).unwrap_or_else(|why| panic!("{}: {why}", desc.path()))
}

/// Names starting with `newRS` carry the Deployment's template; created defaults to before
/// (oldRS), later (newRS) and now (newRSDup), as the Go test builds them.
fn describe_rs(text: &str) -> Result<ReplicaSet, String> {
    let bad = |why: String| format!("{why} in {text:?}");
    let (name, attrs) = match text.split_once('(') {
        Some((name, rest)) => match rest.strip_suffix(')') {
            Some(attrs) => (name, attrs),
            None => return Err(bad("no closing parenthesis".into())),
        },
        None => (text, ""),
    };
    let is_new = name.starts_with("newRS");
    let mut created = match name {
        "oldRS" => "before",
        "newRS" => "later",
        _ => "now",
    };
    let mut replicas = 0;
    for attr in attrs.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        if let Some(c) = attr.strip_prefix("created=") {
            created = c;
        } else if let Some(n) = attr.strip_prefix("replicas=") {
            replicas = n
                .parse()
                .map_err(|_| bad(format!("a bad replica count {n:?}")))?;
        } else if attr.starts_with("hash=") {
            // The pod-template-hash label, which FindNewReplicaSet ignores.
        } else if matches!(attr, "template==deployment" | "same template") {
            if !is_new {
                return Err(bad(
                    "the Deployment's template on an RS not named newRS*".into()
                ));
            }
        } else if attr == "different template" {
            if is_new {
                return Err(bad("another template on an RS named newRS*".into()));
            }
        } else {
            return Err(bad(format!("an unknown attribute {attr:?}")));
        }
    }
    let created = match created {
        "before" => -60_000,
        "later" => 60_000,
        "now" => 0,
        other => return Err(bad(format!("an unknown creation time {other:?}"))),
    };
    let image = if is_new { "foo:v1" } else { "foo:v0" };
    Ok(rs(name, replicas, 0, 0, created, image))
}

/// `TestFindNewReplicaSet` (expects `new`) and `TestFindOldReplicaSets` (expects `all` and the
/// required ones).
pub fn find_replica_sets(_: &J, i: &J, e: &J) -> Result<(), String> {
    let d = deployment(1, None, None, "RollingUpdate");
    let list: Vec<_> = i.at("rsList").array().iter().map(described_rs).collect();
    let refs: Vec<_> = list.iter().collect();
    let names = |idx: Vec<usize>| -> Vec<String> {
        let mut n: Vec<String> = idx.into_iter().map(|k| list[k].meta.name.clone()).collect();
        n.sort();
        n
    };
    let sorted = |v: &J| -> Vec<String> {
        let mut n = strings(v);
        n.sort();
        n
    };
    match (e.has("new"), e.has("all")) {
        (true, false) => {
            let got = u::find_new_replica_set(&d, &refs).map(|k| list[k].meta.name.as_str());
            // Null where no RS has the Deployment's template.
            check("new", got, e.at("new").opt_str())
        }
        (false, true) => {
            let (all, active) = u::find_old_replica_sets(&d, &refs);
            check("all", names(all), sorted(&e.at("all")))?;
            check(
                "required",
                names(active),
                sorted(&e.at("requiredRSs(non-zero replicas)")),
            )
        }
        _ => Err(
            "expected either `new` (TestFindNewReplicaSet) or `all` (TestFindOldReplicaSets)"
                .into(),
        ),
    }
}
