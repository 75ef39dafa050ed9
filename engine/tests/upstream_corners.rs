//! The corner cases an audit against upstream found (issue 11), each a whole scenario with its
//! trace derived by hand from the upstream function named in the test.

mod support;

use rollout_engine::trace::Record;
use support::*;

fn events(trace: &[Record], reason: &str) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Event {
                t,
                reason: r,
                message,
                ..
            } if r == reason => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}

fn answers(trace: &[Record]) -> Vec<(f64, String, bool)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Action { t, output, ok, .. } => Some((*t, output.clone(), *ok)),
            _ => None,
        })
        .collect()
}

/// `getNewReplicaSet` emits "Scaled up replica set X to N" only when N > 0: with maxSurge 0 the
/// new ReplicaSet is created at 0 and that is no scale. rolling.go then frees one pod a step:
/// maxScaledDown = 3 - minAvailable 2 - 0 = 1, the new one takes its place.
#[test]
fn a_replica_set_created_at_zero_is_no_scale() {
    let s = deployment_scenario(
        3,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}",
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 20",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 1, 3, 2),
            (1.0, 2, 0, 1),
            (2.0, 1, 2, 1),
            (2.0, 2, 1, 2),
            (3.0, 1, 1, 0),
            (3.0, 2, 2, 3),
        ]
    );
    assert!(
        events(&trace, "ScalingReplicaSet")
            .iter()
            .all(|(_, m)| !m.ends_with("to 0") || m.contains("down")),
        "no 'Scaled up ... to 0'"
    );
}

/// `FindActiveOrLatest` sorts the old ReplicaSets newest first, in place, and `scale` zeroes the
/// active ones of a saturated new ReplicaSet in that order. Built as the state a paused
/// Deployment reaches: v1 (2) and v2 (1) still active, v3 at spec.replicas 3 with all 3
/// available and its desired-replicas annotation 3.
#[test]
fn a_saturated_new_replica_set_zeroes_the_newest_old_one_first() {
    use rollout_engine::api::annotations;
    use rollout_engine::controller::deployment::sync_deployment;
    let s = deployment_scenario(
        3,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 0}}",
        "until: 10",
    );
    let mut sim = rollout_engine::Simulation::new(&s);
    let c = &mut sim.cluster;
    let template = |image: &str| {
        let mut t = c.deployment.spec.template.clone();
        t.containers[0].image = image.into();
        t
    };
    let (t1, t2, t3) = (template("web:v1"), template("web:v2"), template("web:v3"));
    let mut rs = c.replica_sets[0].clone();
    let mut add = |name: &str, t, replicas: i32, revision: i64, created| {
        rs.meta.name = name.into();
        rs.meta.creation = created;
        rs.spec.template = t;
        rs.spec.replicas = replicas;
        rs.status.replicas = replicas;
        rs.status.ready_replicas = replicas;
        rs.status.available_replicas = replicas;
        rs.meta
            .annotations
            .insert(annotations::REVISION.into(), revision.to_string());
        rs.meta
            .annotations
            .insert(annotations::DESIRED_REPLICAS.into(), "3".into());
        rs.clone()
    };
    c.replica_sets = vec![
        add("web-v1", t1, 2, 1, -3_000),
        add("web-v2", t2, 1, 2, -2_000),
        add("web-v3", t3.clone(), 3, 3, -1_000),
    ];
    c.pods.clear();
    c.deployment.spec.template = t3;
    c.deployment.spec.paused = true;
    c.log.clear();
    sync_deployment(c);
    let order: Vec<(String, i32, i32)> = c
        .log
        .iter()
        .filter_map(|r| match r {
            Record::Scale {
                replica_set,
                from,
                to,
                ..
            } => Some((replica_set.clone(), *from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        order,
        vec![("web-v2".into(), 1, 0), ("web-v1".into(), 2, 0)]
    );
}

/// `oldPodsRunning` reads the pod map of `getPodMapForDeployment`, which holds only pods of the
/// ReplicaSets listed for the Deployment. v1's pods terminate for 60 s (grace 90) but v1 is
/// deleted by revisionHistoryLimit 0 once v2 is complete (t=3); Recreate to v3 at t=10 waits for
/// v2's pods only (gone at 11), not for v1's (gone at 62 and 63).
#[test]
fn recreate_waits_only_for_pods_of_replica_sets_that_still_exist() {
    let manifest = |image: &str, strategy: &str| {
        format!(
            "{{apiVersion: apps/v1, kind: Deployment, metadata: {{name: web}}, spec: {{replicas: 2, revisionHistoryLimit: 0, selector: {{matchLabels: {{app: web}}}}, strategy: {strategy}, template: {{metadata: {{labels: {{app: web}}}}, spec: {{terminationGracePeriodSeconds: 90, containers: [{{name: web, image: '{image}'}}]}}}}}}}}"
        )
    };
    let s = scenario(&format!(
        "deployment: {}\nimages: {{'web:v1': {{stopAfter: 60}}}}\nevents:\n  - {{at: 1, setImage: 'web:v2'}}\n  - {{at: 10, apply: {}}}\nuntil: 80\n",
        manifest("web:v1", "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}"),
        manifest("web:v3", "{type: Recreate}"),
    ));
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 1),
            (2.0, 1, 2, 1),
            (2.0, 2, 1, 2),
            (3.0, 1, 1, 0),
            (10.0, 2, 2, 0),
            (11.0, 3, 0, 2),
        ]
    );
}

/// `ValidateUpdate` of the Deployment registry: through apps/v1 the selector is immutable. The
/// apply is refused with Kubernetes' message and nothing changes.
#[test]
fn an_apply_that_changes_the_selector_is_refused() {
    let s = deployment_scenario(
        3,
        "{type: RollingUpdate}",
        "events:
  - at: 5
    apply: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 3, selector: {matchLabels: {app: web2}}, template: {metadata: {labels: {app: web2}}, spec: {containers: [{name: web, image: 'web:v2'}]}}}}
until: 30",
    );
    let trace = run(&s);
    assert_eq!(
        answers(&trace),
        vec![(
            5.0,
            "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable".into(),
            false
        )]
    );
    assert!(
        scales(&trace).is_empty(),
        "the running scenario goes on unchanged"
    );
    assert_eq!(final_status(&trace), (3, 3, 3, 3, 0));
}

/// The ReplicaSet controller learns of availability only when it syncs (v1.28's
/// `replica_set.go`): at once on a pod change, `AddAfter(minReadySeconds + 1 s)` on a Ready
/// transition, `AddAfter(minReadySeconds)` when every replica is ready but not all available,
/// and the delaying queue keeps the earliest per ReplicaSet.
///
/// 3 replicas, surge 1, unavailable 1, minReadySeconds 5, room for 4 pods, old pods take 2 s to
/// go, new ones are Ready 1 s after they are scheduled:
/// - t=1: new 0->1 (A, Ready at 2), old 3->2, new 1->2 (B waits for room, scheduled at 3).
/// - A Ready at 2 requeues for 8; B Ready at 4 requeues for 10 and, now that 2 of 2 are ready,
///   for 9: both swallowed by 8. At 8 A is seen (available since 7): old 2->1, new 2->3 (C waits
///   for room, scheduled at 10), and the ReplicaSet requeues for 13.
/// - At 10 C's scheduling syncs it: B is seen (available since 9): old 1->0.
/// - C Ready at 11 (requeue for 17, and 16 for all ready) is swallowed by 13; at 13 C is not yet
///   available (16), so it requeues for 18, where it is seen: complete at 18, not 16.
#[test]
fn availability_is_seen_when_the_replica_set_controller_syncs() {
    let s = deployment_scenario(
        3,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}",
        "images: {'web:v1': {stopAfter: 2}, 'web:v2': {readyAfter: 1}}
cluster: {nodes: 1, capacity: 4}
events: [{at: 1, setImage: 'web:v2'}]
until: 30",
    );
    let mut s = s;
    s.deployment.spec.min_ready_seconds = 5;
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 1),
            (1.0, 1, 3, 2),
            (1.0, 2, 1, 2),
            (8.0, 1, 2, 1),
            (8.0, 2, 2, 3),
            (10.0, 1, 1, 0),
        ]
    );
    assert_eq!(
        progressing(&trace).last(),
        Some(&(18.0, "NewReplicaSetAvailable".into()))
    );
    let why_at_8 = trace.iter().find_map(|r| match r {
        Record::Scale { t, why, .. } if *t == 8.0 => Some(why.to_string()),
        _ => None,
    });
    assert!(
        why_at_8.as_deref().is_some_and(
            |w| w.contains("available since 7 s; the ReplicaSet controller saw it at 8 s")
        ),
        "{why_at_8:?}"
    );
}

/// kubectl's `DeploymentRollbacker`: the revision is looked up before the paused check, and the
/// paused message names the command.
#[test]
fn rollout_undo_looks_up_the_revision_before_refusing_a_paused_deployment() {
    let s = deployment_scenario(
        2,
        "{type: RollingUpdate}",
        "events:
  - {at: 1, setImage: 'web:v2'}
  - {at: 10, pause: true}
  - {at: 11, undo: {toRevision: 7}}
  - {at: 12, undo: {toRevision: 1}}
  - {at: 13, resume: true}
  - {at: 14, undo: {toRevision: 2}}
until: 40",
    );
    let out: Vec<(f64, String)> = answers(&run(&s))
        .into_iter()
        .filter(|(t, ..)| *t >= 11.0)
        .map(|(t, o, _)| (t, o))
        .collect();
    assert_eq!(
        out,
        vec![
            (11.0, "error: unable to find specified revision 7 in history".into()),
            (12.0, "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again".into()),
            (13.0, "deployment.apps/web resumed".into()),
            (14.0, "deployment.apps/web skipped rollback (current template already matches revision 2)".into()),
        ]
    );
}

/// The rollback patch replaces `/metadata/annotations` whole: the Deployment keeps its own
/// values of the keys kubectl skips and takes the ReplicaSet's others, so a change-cause of the
/// revision rolled away from does not follow onto the revision rolled back to.
#[test]
fn rollout_undo_replaces_the_annotations_so_history_stays_right() {
    let s = deployment_scenario(
        2,
        "{type: RollingUpdate}",
        "events:
  - at: 1
    apply: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, annotations: {kubernetes.io/change-cause: 'image v2'}}, spec: {replicas: 2, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: 'web:v2'}]}}}}
  - {at: 20, undo: {}}
until: 60",
    );
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(60_000);
    let history = rollout_engine::kubectl::get::rollout_history(&sim.cluster);
    let rows: Vec<Vec<&str>> = history
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .filter(|r: &Vec<&str>| !r.is_empty())
        .collect();
    assert_eq!(
        rows,
        vec![vec!["2", "image", "v2"], vec!["3", "<none>"]],
        "{history}"
    );
}

/// `requeueStuckDeployment`: with less than a second left before the deadline, the Deployment
/// is requeued at once (rate limited: 5 ms after a successful sync), not a second later. The
/// last progress is at 1 (v2 created, never ready); a scale at 10.5 syncs it again, with 0.5 s
/// left, so the check runs every 5 ms and the first that sees 11 passed is at 11.005.
#[test]
fn a_deadline_less_than_a_second_away_is_checked_at_once() {
    let s = deployment_scenario(
        2,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}",
        "images: {'web:v2': {neverReady: true}}
events:
  - {at: 1, setImage: 'web:v2'}
  - {at: 10.5, scale: 3}
until: 30",
    );
    let mut s = s;
    s.deployment.spec.progress_deadline_seconds = Some(10);
    let trace = run(&s);
    let timed_out = progressing(&trace)
        .into_iter()
        .find(|(_, r)| r == "ProgressDeadlineExceeded");
    assert_eq!(timed_out, Some((11.005, "ProgressDeadlineExceeded".into())));
}

/// extensions/v1beta1's `spec.rollbackTo` is carried to the controller as an annotation, and
/// `DeploymentController.rollback` acts on it: the template of the revision comes back, an event
/// says so, and the request is cleared. Revision 0 is the last one; none found is a warning.
#[test]
fn spec_rollback_to_rolls_back_in_the_controller() {
    let manifest = |image: &str, rollback: &str| {
        format!("{{apiVersion: extensions/v1beta1, kind: Deployment, metadata: {{name: web}}, spec: {{replicas: 2, {rollback} template: {{metadata: {{labels: {{app: web}}}}, spec: {{containers: [{{name: web, image: '{image}'}}]}}}}}}}}")
    };
    let s = scenario(&format!(
        "deployment: {}\nevents:\n  - {{at: 1, setImage: 'web:v2'}}\n  - {{at: 10, apply: {}}}\n  - {{at: 20, apply: {}}}\nuntil: 40\n",
        manifest("web:v1", ""),
        manifest("web:v2", "rollbackTo: {revision: 1},"),
        manifest("web:v1", "rollbackTo: {revision: 7},"),
    ));
    let trace = run(&s);
    let rollbacks: Vec<(f64, String)> = events(&trace, "DeploymentRollback");
    assert_eq!(
        rollbacks,
        vec![(10.0, "Rolled back deployment \"web\" to revision 1".into())]
    );
    assert_eq!(
        events(&trace, "DeploymentRollbackRevisionNotFound"),
        vec![(20.0, "Unable to find the revision to rollback to.".into())]
    );
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(30_000);
    let d = &sim.cluster.deployment;
    assert_eq!(d.spec.template.first_image(), "web:v1");
    assert!(!d
        .meta
        .annotations
        .contains_key(rollout_engine::api::annotations::ROLLBACK_TO));
}
