//! Argo Rollouts, whole: each strategy and each of the plugin's commands with a trace worked out
//! by hand from the rules of rollout/canary.go, bluegreen.go, replicaset.go and
//! utils/replicaset (the arithmetic written beside each expectation), not read off the engine.
//! Every pod is Ready 1 s after it is created unless said otherwise.

mod support;

use support::*;

// `75f7c7f667` below is the pod-template hash of web:v2's template (the new ReplicaSet's name).

/// A Rollout `web` of `replicas` running `web:v1` with `strategy` (a YAML flow mapping), then
/// the rest of the scenario.
fn rollout_scenario(replicas: i32, strategy: &str, rest: &str) -> rollout_engine::Scenario {
    scenario(&format!(
        "deployment:
  apiVersion: argoproj.io/v1alpha1
  kind: Rollout
  metadata: {{name: web}}
  spec:
    replicas: {replicas}
    selector: {{matchLabels: {{app: web}}}}
    template:
      metadata: {{labels: {{app: web}}}}
      spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
    strategy: {strategy}
{rest}"
    ))
}

#[test]
fn basic_canary_steps_by_pod_counts() {
    // 5 replicas, 25%/25%: surge ceil(1.25) = 2, unavailable floor(1.25) = 1: at most 7 pods,
    // at least 4 available. setWeight 20 of 5 is exactly 1 canary beside 4 stable.
    let s = rollout_scenario(
        5,
        "{canary: {steps: [{setWeight: 20}, {pause: {}}, {setWeight: 40}, {pause: {duration: 10s}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 60, promote: true}]\nuntil: 120",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            // The stable first: 0 new + 5 stable available > 4 may go: 5 - 1 = 4.
            (1.0, 1, 5, 4),
            // Then the canary: 7 - 4 = 3 may be added; it needs 1.
            (1.0, 2, 0, 1),
            // setWeight 40 = 2 of 5: 1 + 4 available > 4, so the stable loses one first...
            (60.0, 1, 4, 3),
            // ... and the canary gets its second.
            (60.0, 2, 1, 2),
            // After the 10 s pause (61 → 71) the weight is 100: 2 + 3 available, one may go,
            (71.0, 1, 3, 2),
            // and 7 - 4 = 3 may be added.
            (71.0, 2, 2, 5),
            // The new pods are available: 5 + 2 > 4, the last stable pods go.
            (72.0, 1, 2, 0),
        ]
    );
    let steps: Vec<f64> = events(&trace, "RolloutStepCompleted")
        .iter()
        .map(|e| e.0)
        .collect();
    // setWeight 20 once its pod is available (2), the pause by promote (60), setWeight 40 (61),
    // the 10 s pause from 61.
    assert_eq!(steps, vec![2.0, 60.0, 61.0, 71.0]);
    assert_eq!(
        events(&trace, "RolloutCompleted"),
        vec![(
            72.0,
            "Rollout completed update to revision 2 (75f7c7f667): Completed all 4 canary steps"
                .to_string()
        )]
    );
    assert_eq!(status_lines(&trace).last().unwrap().1, "Healthy");
    assert_eq!(final_status(&trace), (5, 5, 5, 5, 0));
}

#[test]
fn traffic_routed_canary_moves_the_weight_once_the_canary_has_its_pods() {
    // 10 replicas, a router: the canary is ceil(weight × 10 / 100) pods, the stable keeps 10.
    let s = rollout_scenario(
        10,
        "{canary: {trafficRouting: {}, steps: [{setWeight: 10}, {pause: {duration: 20}}, {setWeight: 50}]}}",
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 100",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 1),   // 10% of 10
            (22.0, 2, 1, 5),  // after the pause (2 → 22): 50% of 10
            (23.0, 2, 5, 10), // past the last step: 100%
            // Promoted at 24; the old stack waits scaleDownDelaySeconds (30 s) then goes.
            (54.0, 1, 10, 0),
        ]
    );
    let weights: Vec<(f64, String)> = events(&trace, "TrafficWeightUpdated");
    assert_eq!(
        weights,
        vec![
            (2.0, "Traffic weight updated from 0 to 10".into()), // the canary pod is available
            (23.0, "Traffic weight updated from 10 to 50".into()), // its 5 pods are
            (24.0, "Traffic weight updated from 50 to 100".into()), // all 10 are
            // Fully promoted: the canary is the stable, the router's canary route is removed.
            (24.0, "Traffic weight updated from 100 to 0".into()),
        ]
    );
}

#[test]
fn failed_analysis_aborts_a_basic_canary_back_to_the_stable() {
    // 4 replicas: surge 1, unavailable 1: at most 5, at least 3 available. setWeight 50 = 2 + 2.
    // The analysis fails at its second measurement, 10 s after it starts.
    let s = rollout_scenario(
        4,
        "{canary: {steps: [{setWeight: 50}, {analysis: {templates: [{templateName: errors}]}}, {pause: {}}]}}",
        "analysis: {errors: {phase: Failed, measurements: 2, interval: 10}}
events: [{at: 1, setImage: 'web:v2'}]
until: 60",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 1, 4, 3), // 0 + 4 available, 3 needed: one stable pod may go
            (1.0, 2, 0, 2), // 5 - 3 = 2 may be added
            (2.0, 1, 3, 2), // canaries available: 2 + 3 > 3, down to the 2 it needs
            // The step is done at 2; the run starts then and fails at 12: abort, weight 0.
            (12.0, 1, 2, 3), // 5 - 4 = 1 may be added, the stable first
            (12.0, 2, 2, 1), // 2 canaries (availability ignored) + 2 stable > 3: one canary goes
            (12.0, 1, 3, 4), // that frees room: 5 - (1 + 3) = 1 more for the stable
            (13.0, 2, 1, 0), // the stable's pods are available: 1 + 4 > 3, the last canary goes
        ]
    );
    let aborted = events(&trace, "RolloutAborted");
    assert_eq!(aborted.len(), 1);
    assert_eq!(aborted[0].0, 12.0);
    assert!(aborted[0]
        .1
        .ends_with("Metric \"errors\" assessed Failed due to failed (2) > failureLimit (1)"));
    assert!(status_lines(&trace)
        .last()
        .unwrap()
        .1
        .starts_with("Degraded - RolloutAborted: Rollout aborted update to revision 2"));
}

#[test]
fn blue_green_waits_for_promote_then_keeps_the_old_stack_30_seconds() {
    let s = rollout_scenario(
        3,
        "{blueGreen: {activeService: web, previewService: web-preview, autoPromotionEnabled: false}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 20, promote: true}]\nuntil: 80",
    );
    let trace = run(&s);
    // The whole new stack at once; the old one 30 s (scaleDownDelaySeconds) after the switch.
    assert_eq!(scales(&trace), vec![(1.0, 2, 0, 3), (50.0, 1, 3, 0)]);
    let switches: Vec<f64> = events(&trace, "SwitchService")
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(switches, vec![1.0, 20.0]); // preview at once, active on promote
    let lines = status_lines(&trace);
    assert!(lines.contains(&(2.0, "Paused - BlueGreenPause".to_string())));
    assert!(lines.contains(&(20.0, "Healthy".to_string())));
}

#[test]
fn blue_green_preview_replica_count_then_auto_promotion_seconds() {
    // previewReplicaCount 1: one preview pod first; the pause of autoPromotionSeconds (10 s)
    // starts when it is ready (2), then the preview scales to 3 (12), the switch follows when
    // all are available (13), and the old stack goes 30 s later.
    let s = rollout_scenario(
        3,
        "{blueGreen: {activeService: web, previewReplicaCount: 1, autoPromotionSeconds: 10}}",
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 80",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![(1.0, 2, 0, 1), (12.0, 2, 1, 3), (43.0, 1, 3, 0)]
    );
    let switches: Vec<f64> = events(&trace, "SwitchService")
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(switches, vec![13.0]);
}

#[test]
fn promote_full_skips_the_remaining_steps() {
    let s = rollout_scenario(
        5,
        "{canary: {steps: [{setWeight: 20}, {pause: {}}, {setWeight: 60}, {pause: {}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 10, promote: full}]\nuntil: 60",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 1, 5, 4),
            (1.0, 2, 0, 1),
            // Weight 100 at once: 1 + 4 available, one may go; then 7 - 4 = 3 may be added.
            (10.0, 1, 4, 3),
            (10.0, 2, 1, 4),
            (11.0, 1, 3, 0), // 4 + 3 available, 4 needed: the 3 stable go
            (11.0, 2, 4, 5),
        ]
    );
    assert_eq!(
        events(&trace, "RolloutCompleted")[0],
        (
            12.0,
            "Rollout completed update to revision 2 (75f7c7f667): Full promotion requested".into()
        )
    );
}

#[test]
fn abort_then_retry_starts_over_from_the_first_step() {
    // With a router, abort sends the weight to 0 at once and keeps the canary for
    // abortScaleDownDelaySeconds (30 s); retry starts again at step 0.
    let s = rollout_scenario(
        4,
        "{canary: {trafficRouting: {}, steps: [{setWeight: 25}, {pause: {}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 10, abort: true}, {at: 60, retry: true}]\nuntil: 80",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![(1.0, 2, 0, 1), (40.0, 2, 1, 0), (60.0, 2, 0, 1)]
    );
    assert_eq!(
        events(&trace, "TrafficWeightUpdated"),
        vec![
            (2.0, "Traffic weight updated from 0 to 25".to_string()),
            (10.0, "Traffic weight updated from 25 to 0".to_string()),
            (61.0, "Traffic weight updated from 0 to 25".to_string()),
        ]
    );
    let lines = status_lines(&trace);
    assert!(lines.iter().any(|(t, l)| *t == 10.0
        && l == "Degraded - RolloutAborted: Rollout aborted update to revision 2"));
    assert_eq!(
        lines.last().unwrap(),
        &(61.0, "Paused - CanaryPauseStep".to_string())
    );
}

#[test]
fn undo_to_the_stable_skips_the_steps() {
    // 3 replicas: surge 1, unavailable 0. setWeight 50 on 3: 2 of 4 is exactly 50%. Undo at the
    // pause: the template is the stable's again, so its ReplicaSet is the new one (revision 3)
    // and every step is skipped; the canary goes as fast as availability allows.
    let s = rollout_scenario(
        3,
        "{canary: {steps: [{setWeight: 50}, {pause: {}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 10, undo: {}}]\nuntil: 60",
    );
    let trace = run(&s);
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 1), // 4 - 3 = 1 may be added
            (2.0, 1, 3, 2), // 1 + 3 available, 3 needed
            (2.0, 2, 1, 2),
            // Undo: revision 1's template becomes revision 3; 2 + 2 available, 3 needed.
            (10.0, 2, 2, 1),
            (10.0, 3, 2, 3),
            (11.0, 2, 1, 0),
        ]
    );
    assert_eq!(
        events(&trace, "SkipSteps"),
        vec![(10.0, "Rollback to stable ReplicaSets".to_string())]
    );
}

#[test]
fn progress_deadline_abort_gives_up_on_a_version_that_never_gets_ready() {
    let s = rollout_scenario(
        2,
        "{canary: {steps: [{setWeight: 50}, {pause: {}}]}}",
        "images: {'web:v2': {neverReady: true}}
events: [{at: 1, setImage: 'web:v2'}]
until: 60",
    );
    let mut s = s;
    s.deployment.spec.progress_deadline_seconds = Some(10);
    s.rollout.as_mut().unwrap().spec.progress_deadline_abort = true;
    let trace = run(&s);
    // Last progress at 1; the deadline passes 10 s later, and the controller looks again 1 s
    // after that (12): ProgressDeadlineExceeded, and with progressDeadlineAbort an abort.
    let reasons = progressing(&trace);
    assert!(reasons.contains(&(12.0, "ProgressDeadlineExceeded".to_string())));
    assert!(reasons.contains(&(12.0, "RolloutAborted".to_string())));
    // The canary that never got ready goes.
    assert_eq!(scales(&trace).last().unwrap().3, 0);
}

/// A Rollout manifest with `strategy`, read as `kubectl apply` would send it.
fn manifest_error(strategy: &str) -> String {
    let text = format!(
        "apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {{name: web}}
spec:
  replicas: 3
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
  strategy: {strategy}
"
    );
    match rollout_engine::manifest::parse_deployment(&text) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invalid_rollouts_are_refused_in_argo_rollouts_words() {
    assert_eq!(
        manifest_error("{canary: {steps: [{setWeight: 120}]}}"),
        "The Rollout \"web\" is invalid: spec.strategy.canary.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100"
    );
    assert!(
        manifest_error("{canary: {}, blueGreen: {activeService: a}}")
            .contains("Multiple Strategies can not be listed")
    );
    assert!(manifest_error("{blueGreen: {}}")
        .contains("spec.strategy.blueGreen.activeService: Required value"));
    assert!(
        manifest_error("{blueGreen: {activeService: a, previewService: a}}")
            .contains("two different services are required")
    );
    assert!(
        manifest_error("{canary: {steps: [{setCanaryScale: {replicas: 1}}]}}")
            .contains("SetCanaryScale requires TrafficRouting to be set")
    );
    assert!(manifest_error("{canary: {maxSurge: 0, maxUnavailable: 0}}")
        .contains("MaxSurge and MaxUnavailable both can not be zero"));
    assert!(
        manifest_error("{canary: {steps: [{setWeight: 10, pause: {}}]}}")
            .contains("Step must have one of the following set")
    );
    assert!(
        manifest_error("{canary: {steps: [{pause: {duration: soon}}]}}")
            .contains("steps[0].pause.duration")
    );
    assert_eq!(
        manifest_error("{canary: {steps: [{setWeight: 10}, {pause: {duration: 1m30s}}]}}"),
        ""
    );
}

#[test]
fn a_rollout_scenario_saves_and_reads_back_the_same() {
    let s = rollout_scenario(
        4,
        "{canary: {maxSurge: 1, maxUnavailable: 0, trafficRouting: {maxTrafficWeight: 1000}, dynamicStableScale: true, abortScaleDownDelaySeconds: 10, steps: [{setWeight: 100}, {pause: {duration: 90}}, {setCanaryScale: {replicas: 2}}, {analysis: {templates: [{templateName: a}]}}]}}",
        "analysis: {a: {phase: Inconclusive, measurements: 4, interval: 5}}
events: [{at: 1, setImage: 'web:v2'}, {at: 2, promote: full}, {at: 3, abort: true}, {at: 4, retry: true}]
until: 30",
    );
    let again = rollout_engine::Scenario::parse(&s.to_yaml()).expect("reads back");
    assert_eq!(again, s);
    let bg = rollout_scenario(
        2,
        "{blueGreen: {activeService: a, previewService: b, previewReplicaCount: 1, autoPromotionEnabled: false, scaleDownDelaySeconds: 5, abortScaleDownDelaySeconds: 0, maxUnavailable: 1, prePromotionAnalysis: {templates: [{templateName: p}]}, postPromotionAnalysis: {templates: [{templateName: q}, {templateName: r}]}}}",
        "until: 30",
    );
    assert_eq!(
        rollout_engine::Scenario::parse(&bg.to_yaml()).expect("reads back"),
        bg
    );
}

#[test]
fn get_rollout_shows_the_step_and_both_weights_at_the_pause() {
    let s = rollout_scenario(
        5,
        "{canary: {steps: [{setWeight: 20}, {pause: {}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 30",
    );
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(10_000);
    let out = rollout_engine::kubectl::argo::get::get_rollout(&sim.cluster, 10);
    let head: Vec<&str> = out.lines().take(9).collect();
    assert_eq!(
        head,
        vec![
            "Name:            web",
            "Namespace:       default",
            "Status:          ॥ Paused",
            "Message:         CanaryPauseStep",
            "Strategy:        Canary",
            "  Step:          1/2",
            "  SetWeight:     20",
            // 1 canary of 5 available pods.
            "  ActualWeight:  20",
            "Images:          web:v1 (stable)",
        ]
    );
    assert!(out.contains("web:v2 (canary)"));
    assert!(out.contains("│  └──⧉ web-75f7c7f667"));
    let list = rollout_engine::kubectl::argo::get::get_rollouts(&sim.cluster);
    assert_eq!(
        list.lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()[..5],
        ["web", "5", "5", "1", "5"]
    );
}

#[test]
fn compare_a_bad_version_three_ways() {
    // web:v2 answers 20% of requests with an error from 30 s after each pod serves. The
    // Deployment and the blue-green send everyone to it and never stop; the canary's analysis
    // fails at its first measurement after the errors start (7 + 40 = 47 s) and aborts.
    // scenarios/bad-version.yaml: 5 replicas of web:v1 (Ready 2 s), web:v2 at t = 5 answering 20%
    // of requests with an error from 30 s after each pod serves, 20 req/s for 300 s.
    let s = scenario(include_str!("../../scenarios/bad-version.yaml"));
    let outcomes: Vec<_> = rollout_engine::sim::compare::compare_strategies(&s)
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    let [deployment, canary, blue_green] = &outcomes[..] else {
        panic!("three strategies");
    };
    assert_eq!(
        (deployment.ended, canary.ended, blue_green.ended),
        ("completed", "aborted", "completed")
    );
    // The canary aborts 42 s after the update: 2 s to its pod, the run's 5th measurement 40 s on.
    assert_eq!(canary.took, Some(42.0));
    // It had one canary beside five stable pods (20% of 5 = 1; a weight between 1 and 99 never
    // rounds to no pod); the blue-green a whole second stack.
    assert_eq!(canary.extra_pods, 1);
    assert_eq!(blue_green.extra_pods, 5);
    // About 20 req/s × 1/6 × 20% for 10 s, against 20% of everything for 4 minutes.
    assert!(
        canary.app_errors > 0 && canary.app_errors < 30,
        "{canary:?}"
    );
    assert!(
        deployment.app_errors > 900 && blue_green.app_errors > 900,
        "{outcomes:?}"
    );
}

#[test]
fn canary_sweep_weight_and_pause_against_a_bad_version() {
    use rollout_engine::sim::sweep::canary::{sweep_canary, CanaryAxes};
    // scenarios/bad-version.yaml: 5 replicas of web:v1 (Ready 2 s), web:v2 at t = 5 answering 20%
    // of requests with an error from 30 s after each pod serves, 20 req/s for 300 s.
    let s = scenario(include_str!("../../scenarios/bad-version.yaml"));
    let axes = CanaryAxes {
        weights: vec![5],
        pauses: vec![0, 30, 60, 120],
    };
    let cells = sweep_canary(&s, &axes).expect("a bad version");
    // The canary pod serves at 7; its errors start at 37. After a pause P the analysis measures
    // at 7 + P, then every 10 s, and fails at the first measurement after 37: 47 for P = 0 or
    // 30, at once (67, 127) for P = 60 or 120. From the update at 5: 42, 42, 62, 122 s.
    let aborted: Vec<_> = cells.iter().map(|c| c.aborted_after).collect();
    assert_eq!(
        aborted,
        vec![Some(42.0), Some(42.0), Some(62.0), Some(122.0)]
    );
    // Fixed: the pause, three measurements (20 s), then the last 4 pods (Ready 2 s later) and the
    // old ones gone: 7 + P + 20 + 2 + 2 = 31 + P, i.e. 26 + P after the update.
    let completed: Vec<_> = cells.iter().map(|c| c.completed_after).collect();
    assert_eq!(
        completed,
        vec![Some(26.0), Some(56.0), Some(86.0), Some(146.0)]
    );
    // A longer pause lets more errors through once it outlasts errorsAfter.
    assert!(cells[3].bad_version_errors > cells[2].bad_version_errors);
    assert!(cells[2].bad_version_errors > cells[0].bad_version_errors);
    // Without a bad version there is nothing to sweep against.
    let mut good = s.clone();
    good.images.0.values_mut().for_each(|b| b.error_rate = 0.0);
    assert!(sweep_canary(&good, &axes).is_none());
}

#[test]
fn the_surge_sweep_tunes_a_canary_rollouts_own_values() {
    // The maxSurge x maxUnavailable sweep sets the canary's fields (the Deployment-shaped ones
    // are not a Rollout's): 10 replicas at 100% weight, surge 1 against surge 5.
    let s = rollout_scenario(
        10,
        "{canary: {steps: [{setWeight: 100}]}}",
        "events: [{at: 1, setImage: 'web:v2'}]\nuntil: 60",
    );
    let one = rollout_engine::sim::sweep::run_pair(&s, 1, 0);
    let five = rollout_engine::sim::sweep::run_pair(&s, 5, 0);
    // Peak pods count terminating ones too: 10 + 1 surge + the old pod still stopping (1 s).
    assert_eq!(one.peak_pods, 12);
    assert!(five.peak_pods >= 15, "{five:?}");
    assert!(five.duration < one.duration, "{one:?} {five:?}");
}

#[test]
fn retry_after_a_failed_analysis_runs_a_new_analysis() {
    // 2 replicas, setWeight 50 (1 + 1), then an analysis failing at once. Retry at 20: the
    // steps start again and the analysis step gets a new run, NAME.1, which fails too.
    let s = rollout_scenario(
        2,
        "{canary: {steps: [{setWeight: 50}, {analysis: {templates: [{templateName: t}]}}, {pause: {}}]}}",
        "analysis: {t: {phase: Failed, measurements: 1}}
events: [{at: 1, setImage: 'web:v2'}, {at: 20, retry: true}]
until: 60",
    );
    let trace = run(&s);
    let runs: Vec<(f64, String)> = events(&trace, "AnalysisRunRunning");
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(runs[0]
        .1
        .starts_with("Step Analysis Run 'web-75f7c7f667-2-1'"));
    assert!(runs[1]
        .1
        .starts_with("Step Analysis Run 'web-75f7c7f667-2-1.1'"));
    assert!(runs[1].0 > 20.0);
    assert_eq!(events(&trace, "RolloutAborted").len(), 2);
}

#[test]
fn promote_of_a_manually_paused_canary_also_skips_its_step() {
    // The plugin's promote both unpauses the spec and, for a canary not paused by the
    // controller, moves to the next step: here past setWeight 50 (never completed) to the pause,
    // where the controller pauses it (the weight of the step before still applies).
    let s = rollout_scenario(
        2,
        "{canary: {steps: [{setWeight: 50}, {pause: {}}]}}",
        "events: [{at: 1, pause: true}, {at: 5, setImage: 'web:v2'}, {at: 10, promote: true}]\nuntil: 40",
    );
    let trace = run(&s);
    let steps: Vec<String> = events(&trace, "RolloutStepCompleted")
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert!(steps.is_empty(), "{steps:?}");
    assert_eq!(
        status_lines(&trace).last().unwrap(),
        &(10.0, "Paused - CanaryPauseStep".to_string())
    );
}

#[test]
fn a_dynamic_stable_abort_walks_the_weight_down_to_zero() {
    // A router with dynamicStableScale: at setWeight 60 the stable is 4 of 10. On abort the
    // stable grows for the next step down (20%: 8 pods), the weight follows its available
    // pods, then to 0 (10 pods): the canary goes, nothing is left stuck.
    let s = rollout_scenario(
        10,
        "{canary: {trafficRouting: {}, dynamicStableScale: true, steps: [{setWeight: 20}, {setWeight: 60}, {pause: {}}]}}",
        "events: [{at: 1, setImage: 'web:v2'}, {at: 20, abort: true}]\nuntil: 120",
    );
    let trace = run(&s);
    let weights: Vec<String> = events(&trace, "TrafficWeightUpdated")
        .into_iter()
        .filter(|e| e.0 >= 20.0)
        .map(|e| e.1)
        .collect();
    assert_eq!(
        weights.last().unwrap(),
        "Traffic weight updated from 20 to 0",
        "{weights:?}"
    );
    let last: std::collections::BTreeMap<i64, i32> = scales(&trace)
        .into_iter()
        .map(|(_, rev, _, to)| (rev, to))
        .collect();
    assert_eq!(last[&1], 10);
    assert_eq!(last[&2], 0);
}

#[test]
fn blue_green_pre_promotion_analysis_gates_the_switch_and_a_failed_post_promotion_switches_back() {
    // Pre-promotion: the run starts when the preview is whole (2) and succeeds after 3
    // measurements 10 s apart (22); only then does the active Service switch.
    let pre = rollout_scenario(
        3,
        "{blueGreen: {activeService: web, prePromotionAnalysis: {templates: [{templateName: smoke}]}}}",
        "analysis: {smoke: {phase: Successful, measurements: 3, interval: 10}}
events: [{at: 1, setImage: 'web:v2'}]
until: 80",
    );
    let trace = run(&pre);
    let switches: Vec<f64> = events(&trace, "SwitchService")
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(switches, vec![22.0]);
    assert!(events(&trace, "AnalysisRunRunning")[0]
        .1
        .starts_with("PrePromotion Analysis Run 'web-75f7c7f667-2-pre'"));
    // Post-promotion: the switch at once (2), the run fails at its second measurement (12):
    // abort, and the active Service goes back to the old ReplicaSet, whole all along.
    let post = rollout_scenario(
        3,
        "{blueGreen: {activeService: web, postPromotionAnalysis: {templates: [{templateName: smoke}]}}}",
        "analysis: {smoke: {phase: Failed, measurements: 2, interval: 10}}
events: [{at: 1, setImage: 'web:v2'}]
until: 80",
    );
    let trace = run(&post);
    let switches: Vec<(f64, String)> = events(&trace, "SwitchService");
    assert_eq!(switches.len(), 2, "{switches:?}");
    assert_eq!(switches[0].0, 2.0);
    assert_eq!(switches[1].0, 12.0);
    assert!(switches[1].1.ends_with("to 'fb689b7bd'"), "{switches:?}");
    assert!(status_lines(&trace)
        .iter()
        .any(|(t, l)| *t == 2.0 && l == "Progressing - waiting for analysis to complete"));
    // The old stack was never scaled down: it stayed the stable one.
    assert!(!scales(&trace)
        .iter()
        .any(|(_, rev, _, to)| *rev == 1 && *to == 0));
}
