//! Whole rollouts with hand-derived expected traces. Each expectation is worked out from the
//! rules in the spec (rolling.go, sync.go, recreate.go, progress.go), not read off the engine.

mod support;

use rollout_engine::trace::Record;
use support::*;

const RU_25: &str = "{type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}";

#[test]
fn the_story_three_replicas_hello_v1_to_v2() {
    // surge = ceil(0.75) = 1, unavailable = floor(0.75) = 0: one new pod at a time, no old pod
    // goes until a new one is available.
    let s = scenario(include_str!("../../scenarios/story.yaml"));
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (5.0, 2, 0, 1), // created: total may reach 4, 3 exist
            (7.0, 1, 3, 2), // the new pod is available (readyAfter 2): 4 available - minAvailable 3
            (7.0, 2, 1, 2), // room again: 3 + 1 - 3
            (9.0, 1, 2, 1),
            (9.0, 2, 2, 3),
            (11.0, 1, 1, 0),
        ]
    );
    assert_eq!(
        progressing(&trace),
        vec![
            (5.0, "NewReplicaSetCreated".into()),
            (5.0, "ReplicaSetUpdated".into()),
            (11.0, "NewReplicaSetAvailable".into()),
        ]
    );
    assert_eq!(final_status(&trace), (3, 3, 3, 3, 0));
}

#[test]
fn one_replica_at_25_percent_surges_one_and_keeps_one_available() {
    // 25% of 1: surge ceil(0.25) = 1, unavailable floor(0.25) = 0. The old pod stays until the
    // new one is available: no downtime.
    let s = deployment_scenario(1, RU_25, "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 10");
    assert_eq!(scales(&run(&s)), vec![(1.0, 2, 0, 1), (2.0, 1, 1, 0)]);
}

#[test]
fn ten_replicas_at_25_percent_old_8_new_3_then_new_5() {
    // surge 3, unavailable 2, minAvailable 8 (the spec's worked example, §5.4).
    let s = deployment_scenario(
        10,
        RU_25,
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 10",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 3),  // current 10, maxTotal 13
            (1.0, 1, 10, 8), // same sync: maxScaledDown 13 - 8 - 3 = 2
            (1.0, 2, 3, 5),  // current 11 -> 13
            (2.0, 1, 8, 3),  // 5 new available: 13 available - 8
            (2.0, 2, 5, 10), // current 8: min(5, 5)
            (3.0, 1, 3, 0),  // 13 available - 8 = 5, only 3 left
        ]
    );
    assert_eq!(final_status(&trace), (10, 10, 10, 10, 0));
}

#[test]
fn proportional_scaling_the_docs_example() {
    // 10 replicas, maxSurge 3, maxUnavailable 2, a new image that cannot be pulled: old 8, new 5
    // and stuck. Scaling to 15: allowed 18, 13 exist, 5 to add; old round(8*18/13) = 11 (+3),
    // new round(5*18/13) = 7 (+2), as the Kubernetes docs describe.
    let s = deployment_scenario(
        10,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}",
        "images: {'web:bad': {pullError: true}}
events:
  - {at: 1, setImage: 'web:bad'}
  - {at: 10, scale: 15}
until: 30",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 3),
            (1.0, 1, 10, 8),
            (1.0, 2, 3, 5),
            (10.0, 1, 8, 11),
            (10.0, 2, 5, 7)
        ]
    );
    let (replicas, updated, _, available, unavailable) = final_status(&trace);
    assert_eq!((replicas, updated, available, unavailable), (18, 7, 11, 7));
}

#[test]
fn rollover_a_third_version_before_the_second_finished() {
    // v2 is slow (ready after 5 s). At t=3, v3 arrives: its ReplicaSet starts at 0 (13 already
    // exist), the unhealthy v2 replicas are cleaned up first (maxScaledDown 13 - 8 - 0 = 5), then
    // v3 grows to 5.
    let s = deployment_scenario(
        10,
        RU_25,
        "images: {'web:v2': {readyAfter: 5}}
events:
  - {at: 1, setImage: 'web:v2'}
  - {at: 3, setImage: 'web:v3'}
until: 20",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 3),
            (1.0, 1, 10, 8),
            (1.0, 2, 3, 5),
            // v3 is created at 0, which upstream does not report as a scale (getNewReplicaSet
            // records "Scaled up" only for N > 0).
            (3.0, 2, 5, 0), // cleanupUnhealthyReplicas: all 5 of v2 unavailable
            (3.0, 3, 0, 5), // room: 13 - 8
            (4.0, 1, 8, 3), // v3's 5 available
            (4.0, 3, 5, 10),
            (5.0, 1, 3, 0),
        ]
    );
    assert_eq!(final_status(&trace), (10, 10, 10, 10, 0));
}

#[test]
fn pause_holds_the_rollout_and_resume_starts_it() {
    let s = deployment_scenario(
        4,
        RU_25,
        "events:
  - {at: 1, pause: true}
  - {at: 2, setImage: 'web:v2'}
  - {at: 3, scale: 6}
  - {at: 10, resume: true}
until: 30",
    );
    let trace = run(&s);
    let sc = scales(&trace);
    // While paused: no new ReplicaSet; scaling applies to the only active one.
    assert_eq!(sc[0], (3.0, 1, 4, 6));
    // On resume: surge ceil(1.5) = 2, unavailable floor(1.5) = 1: new 2, old 6 -> 5.
    assert_eq!(sc[1], (10.0, 2, 0, 2));
    assert_eq!(sc[2], (10.0, 1, 6, 5));
    assert!(
        sc.iter().all(|(t, ..)| *t < 2.0 || *t >= 3.0),
        "nothing rolled out while paused: {sc:?}"
    );
    let reasons: Vec<String> = progressing(&trace).into_iter().map(|(_, r)| r).collect();
    assert_eq!(&reasons[..2], ["DeploymentPaused", "DeploymentResumed"]);
    assert_eq!(final_status(&trace), (6, 6, 6, 6, 0));
}

#[test]
fn undo_returns_to_the_previous_revision() {
    // v2 never becomes ready: old 8, new 5, stuck. `kubectl rollout undo` puts v1's template back:
    // its ReplicaSet is the new one again (revision 3), v2's unhealthy 5 are removed at once, and
    // v1 grows back to 10.
    let s = deployment_scenario(
        10,
        RU_25,
        "images: {'web:v2': {neverReady: true}}
events:
  - {at: 1, setImage: 'web:v2'}
  - {at: 20, undo: {}}
until: 40",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 3),
            (1.0, 1, 10, 8),
            (1.0, 2, 3, 5),
            (20.0, 2, 5, 0),
            (20.0, 3, 8, 10)
        ]
    );
    assert!(trace.iter().any(|r| matches!(r, Record::Action { output, .. } if output == "deployment.apps/web rolled back")));
    assert_eq!(final_status(&trace), (10, 10, 10, 10, 0));
}

#[test]
fn undo_to_a_revision_that_does_not_exist_is_an_error_and_changes_nothing() {
    let s = deployment_scenario(
        3,
        RU_25,
        "events: [{at: 1, undo: {toRevision: 7}}]\nuntil: 5",
    );
    let trace = run(&s);
    assert!(trace.iter().any(|r| matches!(r, Record::Action { ok: false, output, .. } if output.contains("unable to find specified revision 7"))));
    assert!(scales(&trace).is_empty());
}

#[test]
fn recreate_waits_for_every_old_pod_to_be_gone() {
    // Old pods take 3 s to stop; the new ReplicaSet is created only when the last is gone.
    let s = deployment_scenario(
        3,
        "{type: Recreate}",
        "images: {'web:v1': {stopAfter: 3}}
events: [{at: 1, setImage: 'web:v2'}]
until: 10",
    );
    let trace = run(&s);
    assert_eq!(scales(&trace), vec![(1.0, 1, 3, 0), (4.0, 2, 0, 3)]);
    assert_eq!(final_status(&trace), (3, 3, 3, 3, 0));
}

#[test]
fn a_stuck_rollout_reaches_progress_deadline_exceeded_and_does_not_roll_back() {
    // The last progress is at t=1; the controller looks again deadline + 1 s later
    // (requeueStuckDeployment) and finds lastUpdate + 30 s strictly before now.
    let s = deployment_scenario(
        10,
        RU_25,
        "images: {'web:v2': {crashLoop: true}}
events: [{at: 1, setImage: 'web:v2'}]
until: 120",
    );
    let mut s = s;
    s.deployment.spec.progress_deadline_seconds = Some(30);
    let trace = run(&s);
    assert_eq!(
        progressing(&trace),
        vec![
            (1.0, "NewReplicaSetCreated".into()),
            (1.0, "ReplicaSetUpdated".into()),
            (32.0, "ProgressDeadlineExceeded".into()),
        ]
    );
    // Nothing rolls back: old 8 available, new 5 crash-looping, to the end.
    assert_eq!(scales(&trace).len(), 3);
    let (replicas, updated, _, available, _) = final_status(&trace);
    assert_eq!((replicas, updated, available), (13, 5, 8));
    assert!(trace.iter().any(|r| matches!(r, Record::RolloutStatus { message, .. } if message == "error: deployment \"web\" exceeded its progress deadline")));
}

#[test]
fn min_ready_seconds_delays_availability_and_so_the_rollout() {
    // Ready after 1 s, available 5 s later: each step waits 6 s.
    let s = deployment_scenario(1, RU_25, "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 30");
    let mut s = s;
    s.deployment.spec.min_ready_seconds = 5;
    assert_eq!(scales(&run(&s)), vec![(1.0, 2, 0, 1), (7.0, 1, 1, 0)]);
}

#[test]
fn revision_history_limit_deletes_old_replica_sets() {
    let s = deployment_scenario(
        2,
        RU_25,
        "events:
  - {at: 1, setImage: 'web:v2'}
  - {at: 10, setImage: 'web:v3'}
  - {at: 20, setImage: 'web:v4'}
until: 40",
    );
    let mut s = s;
    s.deployment.spec.revision_history_limit = Some(1);
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(40_000);
    let live: Vec<i64> = sim
        .cluster
        .live_replica_sets()
        .into_iter()
        .map(|i| sim.cluster.replica_sets[i].revision())
        .collect();
    assert_eq!(
        live,
        vec![3, 4],
        "one old ReplicaSet is kept beside the new one"
    );
}

#[test]
fn the_legacy_rolling_update_of_a_replication_controller() {
    // kubectl rolling-update: maxSurge 1, maxUnavailable 0. Every scale waits for the
    // controller's status (scaleAndWait: PollImmediate, which does not see it at once, so the
    // next look is after the 3 s poll interval), then the scale-up sleeps the 1-minute update
    // period before the scale-down; the next iteration starts right after the scale-down's wait.
    // Old goes straight to 0 once the new controller is fully available. The cleanup polls after
    // 3 s, deletes the old controller, orphan-deletes the new one and waits 5 s to re-create it
    // under the old name.
    let s = replication_controller_story("events: [{at: 0, setImage: 'hello:v2'}]\nuntil: 400");
    let trace = run(&s);
    let sc: Vec<(f64, i32, i32)> = scales(&trace)
        .into_iter()
        .map(|(t, _, f, to)| (t, f, to))
        .collect();
    assert_eq!(
        sc,
        vec![
            (0.0, 0, 1),
            (63.0, 3, 2),
            (66.0, 1, 2),
            (129.0, 2, 1),
            (132.0, 2, 3),
            (195.0, 1, 0),
        ]
    );
    let printed = |line: &str| {
        trace.iter().find_map(|r| match r {
            Record::Action { t, output, .. } if output.starts_with(line) => Some(*t),
            _ => None,
        })
    };
    assert_eq!(
        printed("Update succeeded. Deleting old controller"),
        Some(201.0)
    );
    assert_eq!(printed("Renaming"), Some(201.0));
    assert_eq!(
        printed("replicationcontroller/rolling-update-test rolling updated"),
        Some(206.0)
    );
    let lines: Vec<String> = trace
        .iter()
        .filter_map(|r| match r {
            Record::Action { output, .. } if !output.is_empty() => Some(output.clone()),
            _ => None,
        })
        .collect();
    assert!(lines[0].starts_with("Created rolling-update-test-"));
    assert!(lines[1].contains("(keep 3 pods available, don't exceed 4 pods)"));
    assert_eq!(
        lines.last().unwrap(),
        "replicationcontroller/rolling-update-test rolling updated"
    );
}

#[test]
fn the_same_scenario_gives_the_same_trace() {
    let s = deployment_scenario(
        25,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 30%, maxUnavailable: 10%}}",
        "images: {'web:v2': {readyAfter: 2.5, stopAfter: 4}}
events: [{at: 1, setImage: 'web:v2'}, {at: 4, scale: 40}, {at: 6, setImage: 'web:v3'}]
until: 60",
    );
    let a: Vec<String> = run(&s).iter().map(Record::to_json).collect();
    let b: Vec<String> = run(&s).iter().map(Record::to_json).collect();
    assert_eq!(a, b);
}

#[test]
fn min_ready_seconds_can_dip_below_min_available() {
    // Found by the property tests, and true of Kubernetes: at t=8 two v2 pods are Ready but not
    // yet available (minReadySeconds 2). cleanupUnhealthyReplicas asks v2's ReplicaSet to drop its
    // 2 unavailable replicas, but the ReplicaSet controller ranks by readiness and co-location
    // (getPodsToDelete), not availability: it deletes an available pod on a busier node, and
    // availability falls to 18 of a floor of 19 (on the two nodes the file sets).
    let s = scenario(include_str!("data/min-ready-dip.yaml"));
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(8_000);
    let k = rollout_engine::sim::snapshot::counts(&sim.cluster);
    assert_eq!((k.min_available, k.available), (19, 18));
}

#[test]
fn acting_on_the_page_leaves_time_for_the_rollout_to_settle() {
    use rollout_engine::sim::Action;
    // The story settles at 11 s (last scale and NewReplicaSetAvailable), 20 s more is 31 s, but
    // the page always shows at least 30 s after the action: 35 s.
    let mut s = scenario(include_str!("../../scenarios/story.yaml"));
    s.events.clear();
    let acted = s.with_action_at(
        5.0,
        Action::SetImage {
            container: None,
            image: "hello:v2".into(),
        },
    );
    assert_eq!(acted.until, 35.0);
    assert_eq!(acted.settled_after(0.0), 31.0);
    // A rollout to an image that never works is followed to ProgressDeadlineExceeded (600 s after
    // the last progress at 5 s, seen at 606 s).
    let mut broken = s.clone();
    broken.images.0.insert(
        "hello:broken".into(),
        rollout_engine::behaviour::ImageBehaviour {
            pull_error: true,
            ..Default::default()
        },
    );
    let stuck = broken.with_action_at(
        5.0,
        Action::SetImage {
            container: None,
            image: "hello:broken".into(),
        },
    );
    assert_eq!(stuck.until, 626.0);
}
