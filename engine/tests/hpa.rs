//! The HorizontalPodAutoscaler in whole runs, with hand-derived expectations: what each sync
//! reads, what it decides and why, and how the Deployment controller spreads its decision.

mod support;

use rollout_engine::controller::podautoscaler::horizontal::Decision;
use rollout_engine::trace::Record;
use rollout_engine::Simulation;
use support::*;

/// Every sync's (t in s, current, desired, utilization).
fn decisions(s: &rollout_engine::Scenario, until_ms: i64) -> Vec<(i64, i32, i32, Option<i32>)> {
    let mut sim = Simulation::new(s);
    sim.run_until(until_ms);
    let h = sim.cluster.hpa.as_ref().expect("an HPA");
    h.decisions
        .iter()
        .map(|d: &Decision| (d.t / 1000, d.current, d.desired, d.utilization))
        .collect()
}

fn events(trace: &[Record], wanted: &str) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Event {
                t, reason, message, ..
            } if reason == wanted => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_hpa_scales_up_mid_rollout_and_the_new_replicas_are_shared() {
    // 100 requests/s over 4 endpoints: 25 each. v1 costs 2.5 ms a request: 62.5m, reported
    // rounded as 63m of a 100m request. v2 pods: created 5, 25, 45 s; started 15, 35, 55;
    // Ready 25, 45, 65; endpoints 1 s after Ready. v1 pods leave 1 s after deletion (25, 45).
    //
    // Sync 0 and 15 (windows [-15, 0) and [0, 15)): four v1 pods at 63% against 60%, ratio
    // 1.05, within the tolerance. At 15 the first v2 pod is Pending (counted at 0 for a
    // scale-up): (4 × 63) / 500 = 50% — no change either way.
    // Sync 30 ([15, 30)): three v1 at 63 (util 63%, ratio 1.05); v2 #1 Ready at 25, less than
    // one 15 s window before: unready; v2 #2 Pending. Filled in at 0: 189 / 500 = 37%: the two
    // ratios disagree, so no change.
    // Sync 45 ([30, 45)): the controllers act first at 45 (a v1 pod deleted, ignored from then
    // on; v2 #2 Ready, less than a window before; v2 #3 created, Pending). v2 #1 now counts:
    // 25 req/s × 5 ms = 125m. (2 × 63 + 125) / 300 = 83%, ratio 1.39; the two others at 0:
    // 251 / 500 = 50%: the ratios disagree, no change.
    // Sync 60 ([45, 60)): two v1 at 63, v2 #1 at 125, v2 #2 (endpoint from 46: 14 of 15
    // samples) 117; v2 #3 not Ready. 368 / 400 = 92%; with #3 at 0, 368 / 500 = 73%, ratio
    // 1.2167, ceil(1.2167 × 5) = 7: the HPA writes 7.
    let s = scenario(include_str!("data/hpa-joins-rollout.yaml"));
    assert_eq!(
        decisions(&s, 60_000),
        [
            (0, 4, 4, Some(63)),
            (15, 4, 4, Some(63)),
            (30, 4, 4, Some(63)),
            (45, 4, 4, Some(83)),
            (60, 4, 7, Some(92)),
        ]
    );
    let trace = run(&s);
    assert_eq!(
        events(&trace, "SuccessfulRescale")[0],
        (
            60.0,
            "New size: 7; reason: cpu resource utilization (percentage of request) above target"
                .to_string()
        )
    );
    // The Deployment controller's proportional scaling: 8 allowed (7 + surge 1), 5 in the
    // active ReplicaSets, 3 to share: the new one (3 of 5) gets 1.8 → 1 and the leftover,
    // the old one (2 of 5) 1.2 → 1.
    let at_60: Vec<_> = scales(&trace).into_iter().filter(|s| s.0 == 60.0).collect();
    assert_eq!(at_60, [(60.0, 2, 3, 5), (60.0, 1, 2, 3)]);
    let why = trace
        .iter()
        .find_map(|r| match r {
            Record::Autoscale { t, why, .. } if *t == 60.0 => Some(why.to_string()),
            _ => None,
        })
        .expect("the decision at 60 s");
    assert!(
        why.contains("ratio 1.22 over 5 pods, ceil(1.22 × 5) = 7"),
        "{why}"
    );
    assert!(why.contains("spec.replicas 4 → 7"), "{why}");
    let last = final_status(&trace);
    assert_eq!(last.0, 9, "after the rollout, all-v2 pods at 71% ask for 9");
}

fn idle_scenario(hpa: &str) -> rollout_engine::Scenario {
    // Six pods of 100m each using 20m with no traffic: 20% against 60%, ratio 0.33; every sync
    // proposes ceil(0.33 × n) = 2 (n = 6 down to 3).
    let yaml = rollout_engine::sim::scenario::deployment_yaml("web", 6, "{type: RollingUpdate}")
        .replace(
            "image: 'web:v1'}",
            "image: 'web:v1', resources: {requests: {cpu: 100m}}}",
        );
    scenario(&format!(
        "{yaml}images: {{'web:v1': {{idleCpu: 20}}}}\ncluster: {{hpa: {hpa}}}\nevents: []\nuntil: 400\n"
    ))
}

#[test]
fn without_behavior_a_scale_down_waits_five_minutes() {
    // The first sync remembers 6 (recordInitialRecommendation) at t = 0; the highest
    // recommendation of the last 300 s is 6 until that one is more than 300 s old: at 315.
    let s = idle_scenario("{minReplicas: 2, maxReplicas: 10, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]}");
    let d = decisions(&s, 400_000);
    let changes: Vec<_> = d.iter().filter(|d| d.1 != d.2).collect();
    assert_eq!(changes, [&(315, 6, 2, Some(20))]);
    assert!(d.iter().all(|x| x.3 == Some(20)));
}

#[test]
fn a_scale_down_policy_steps_one_pod_per_period() {
    // Stabilization 60 s: the initial 6 (t = 0) leaves the window at 60. Then at most 1 pod per
    // 30 s: 6 → 5 at 60; at 75 the change at 60 is within the period (start 6, limit 5); at 90
    // it is exactly 30 s old, outside: 5 → 4; then 4 → 3 at 120, 3 → 2 at 150.
    let s = idle_scenario("{minReplicas: 2, maxReplicas: 10, behavior: {scaleDown: {stabilizationWindowSeconds: 60, policies: [{type: Pods, value: 1, periodSeconds: 30}]}}}");
    let d = decisions(&s, 200_000);
    let changes: Vec<_> = d
        .iter()
        .filter(|d| d.1 != d.2)
        .map(|d| (d.0, d.1, d.2))
        .collect();
    assert_eq!(changes, [(60, 6, 5), (90, 5, 4), (120, 4, 3), (150, 3, 2)]);
    let mut sim = Simulation::new(&s);
    sim.run_until(75_000);
    let limited = sim
        .cluster
        .hpa
        .as_ref()
        .unwrap()
        .status
        .condition("ScalingLimited")
        .cloned();
    let limited = limited.expect("ScalingLimited is set");
    assert!(limited.status);
    assert_eq!(limited.reason, "ScaleDownLimit");
}

#[test]
fn pods_without_a_cpu_request_leave_the_hpa_unable_to_compute() {
    let yaml = rollout_engine::sim::scenario::deployment_yaml("web", 3, "{type: RollingUpdate}");
    let s = scenario(&format!(
        "{yaml}cluster: {{hpa: {{maxReplicas: 5}}}}\nevents: []\nuntil: 60\n"
    ));
    let trace = run(&s);
    let failed = events(&trace, "FailedGetResourceMetric");
    assert_eq!(
        failed.len(),
        1,
        "recorded once, not at every sync: {failed:?}"
    );
    assert_eq!(failed[0].0, 0.0);
    assert!(
        failed[0].1.starts_with(
            "failed to get cpu utilization: missing request for cpu in container web of Pod web-"
        ),
        "{}",
        failed[0].1
    );
    assert_eq!(events(&trace, "FailedComputeMetricsReplicas").len(), 1);
    let mut sim = Simulation::new(&s);
    sim.run_until(30_000);
    let h = sim.cluster.hpa.as_ref().unwrap();
    let active = h.status.condition("ScalingActive").unwrap();
    assert!(!active.status);
    assert_eq!(active.reason, "FailedGetResourceMetric");
    assert_eq!(sim.cluster.deployment.spec.replicas, 3);
}

#[test]
fn hpa_specs_are_checked_as_the_api_server_checks_them() {
    let yaml = rollout_engine::sim::scenario::deployment_yaml("web", 3, "{type: RollingUpdate}");
    let err = |hpa: &str| {
        rollout_engine::Scenario::parse(&format!(
            "{yaml}cluster: {{hpa: {hpa}}}\nevents: []\nuntil: 60\n"
        ))
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        err("{minReplicas: 5, maxReplicas: 3}"),
        "invalid scenario: cluster.hpa.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`"
    );
    assert_eq!(
        err("{minReplicas: 0, maxReplicas: 3}"),
        "invalid scenario: cluster.hpa.minReplicas: Invalid value: 0: must be greater than or equal to 1"
    );
    assert_eq!(
        err("{maxReplicas: 3, behavior: {scaleUp: {policies: [{type: Pods, value: 4, periodSeconds: 3601}]}}}"),
        "invalid scenario: cluster.hpa.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3601: must be less than or equal to 1800"
    );
    assert_eq!(
        err("{maxReplicas: 3, behavior: {scaleDown: {stabilizationWindowSeconds: -1}}}"),
        "invalid scenario: cluster.hpa.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero"
    );
    assert!(err("{maxReplicas: 3, metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 50}}}]}")
        .contains("cluster.hpa.metrics[0].resource.name: Unsupported value: \"memory\": supported values: \"cpu\""));
    assert!(err("{}").contains("cluster.hpa.maxReplicas: Required value"));
    // A ReplicationController is rolled out by kubectl, not scaled by an HPA here.
    let rc = rollout_engine::Scenario::parse(
        "deployment:\n  apiVersion: v1\n  kind: ReplicationController\n  metadata: {name: web}\n  spec:\n    replicas: 3\n    selector: {app: web}\n    template:\n      metadata: {labels: {app: web}}\n      spec: {containers: [{name: web, image: 'web:v1'}]}\ncluster: {hpa: {maxReplicas: 5}}\nevents: []\nuntil: 10\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        rc.starts_with(
            "invalid scenario: cluster.hpa: Forbidden: an HPA is simulated for a Deployment"
        ),
        "{rc}"
    );
    // Saved and read back the same, the defaults written out.
    let s = rollout_engine::Scenario::parse(&format!(
        "{yaml}cluster: {{hpa: {{maxReplicas: 8, behavior: {{scaleDown: {{selectPolicy: Min, policies: [{{type: Percent, value: 10, periodSeconds: 60}}]}}}}}}}}\nevents: []\nuntil: 60\n"
    ))
    .unwrap();
    let h = s.cluster.hpa.as_ref().unwrap();
    assert_eq!((h.min_replicas, h.target_cpu_utilization), (1, 80));
    assert_eq!(rollout_engine::Scenario::parse(&s.to_yaml()).unwrap(), s);
}
