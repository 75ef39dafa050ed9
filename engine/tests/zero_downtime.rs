//! Zero-downtime deploys: for each front end, the preStop sleep at which requests stop failing,
//! derived by hand, checked in whole runs on both sides of the boundary, and the engine's
//! recommendation checked against it.
//!
//! The run: 3 replicas at maxSurge 1, maxUnavailable 0; v2 Ready 2 s after it is created, so
//! the old pods are deleted at 7, 9 and 11 s (checked below). 100 requests/s (one each 10 ms),
//! each taking 0.5 s, spread at random over the endpoints: how many reach a given pod is the
//! draw's, but when failures can happen, and of which kind, follows from the delays.

mod support;

use rollout_engine::sim::runner::traffic_report;
use rollout_engine::traffic::recommend::recommend;
use rollout_engine::traffic::{Failure, FrontEnd, TrafficConfig};
use rollout_engine::Scenario;
use std::collections::BTreeMap;

fn report(
    front_end: &str,
    pre_stop: f64,
    grace: i64,
    graceful: bool,
    until: u32,
) -> rollout_engine::traffic::TrafficReport {
    // Behind a load balancer the pods carry its readiness gate: a new pod is Ready once its
    // target is registered and healthy, so the rollout never outruns the balancer.
    let gate = front_end.ends_with("LoadBalancer");
    report_gated(front_end, pre_stop, grace, graceful, until, gate)
}

fn report_gated(
    front_end: &str,
    pre_stop: f64,
    grace: i64,
    graceful: bool,
    until: u32,
    gate: bool,
) -> rollout_engine::traffic::TrafficReport {
    let strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}";
    let deployment = rollout_engine::sim::scenario::deployment_yaml("web", 3, strategy).replace(
        "spec: {containers:",
        &format!("spec: {{terminationGracePeriodSeconds: {grace}, containers:"),
    );
    let s = Scenario::parse(&format!(
        "{deployment}images: {{'web:v2': {{readyAfter: 2}}, 'web:v1': {{stopAfter: 200}}}}\nevents: [{{at: 5, setImage: 'web:v2'}}]\nuntil: {until}\ntraffic: {{rate: 100, requestDuration: 0.5, frontEnd: {front_end}, preStopSleep: {pre_stop}, gracefulShutdown: {graceful}, readinessGate: {gate}}}\n"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    traffic_report(&s, false).expect("traffic")
}

fn run(
    front_end: &str,
    pre_stop: f64,
    grace: i64,
    graceful: bool,
    until: u32,
) -> BTreeMap<Failure, u64> {
    report(front_end, pre_stop, grace, graceful, until).failed
}

/// The kinds of failure, without their counts.
fn kinds(failed: &BTreeMap<Failure, u64>) -> Vec<Failure> {
    failed.keys().copied().collect()
}

/// The first and the last simulated second with a failed request.
fn failing_seconds(r: &rollout_engine::traffic::TrafficReport) -> (i64, i64) {
    let seconds: Vec<i64> = r
        .per_second
        .iter()
        .filter(|s| s.failed > 0)
        .map(|s| s.t / 1000)
        .collect();
    (seconds[0], *seconds.last().expect("failures"))
}

fn config(front_end: FrontEnd, graceful: bool) -> TrafficConfig {
    TrafficConfig {
        request_duration: 0.5,
        graceful_shutdown: graceful,
        ..TrafficConfig::default()
    }
    .with_front_end(front_end)
}

#[test]
fn the_old_pods_go_at_7_9_and_11_seconds() {
    let strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}";
    let s = Scenario::parse(&format!(
        "{}images: {{'web:v2': {{readyAfter: 2}}}}\nevents: [{{at: 5, setImage: 'web:v2'}}]\nuntil: 40\n",
        rollout_engine::sim::scenario::deployment_yaml("web", 3, strategy)
    ))
    .unwrap();
    let trace = rollout_engine::Simulation::new(&s).run();
    // The old ReplicaSet's scale-downs, each deleting one pod at once.
    let old: Vec<(f64, i32)> = support::scales(&trace)
        .into_iter()
        .filter(|s| s.1 == 1)
        .map(|s| (s.0, s.3))
        .collect();
    assert_eq!(old, [(7.0, 2), (9.0, 1), (11.0, 0)]);
}

#[test]
fn kube_proxy_needs_the_propagation_and_a_request() {
    // New requests reach a deleted pod for 1 s; the app exits when it stops accepting, so the
    // last one (sent just before 1 s) must end first: preStop ≥ 1 + 0.5 = 1.5 s.
    assert!(run("kubeProxy", 1.5, 30, false, 40).is_empty());
    // At 1.4 s, requests sent between 0.9 and 1 s are still running: cut, and only those.
    assert_eq!(
        kinds(&run("kubeProxy", 1.4, 30, false, 40)),
        [Failure::KilledInFlight]
    );
    // With no preStop, what is in flight at the deletion is cut and what comes in the second
    // after is refused: failures from 7 s to the last pod's second, 11 s.
    let none = report("kubeProxy", 0.0, 30, false, 40);
    assert_eq!(
        kinds(&none.failed),
        [Failure::StoppedAccepting, Failure::KilledInFlight]
    );
    assert_eq!(failing_seconds(&none), (6, 11));
    let r = recommend(&config(FrontEnd::KubeProxy, false));
    assert_eq!((r.pre_stop_seconds, r.grace_seconds), (2, 3));
    assert!(run("kubeProxy", 2.0, 3, false, 40).is_empty());
}

#[test]
fn an_ingress_controller_adds_its_own_sync() {
    // 1 s of endpoints and 1 s of the controller's own sync: preStop ≥ 2 + 0.5 = 2.5 s.
    assert!(run("ingressController", 2.5, 30, false, 40).is_empty());
    assert_eq!(
        kinds(&run("ingressController", 2.4, 30, false, 40)),
        [Failure::KilledInFlight]
    );
    let r = recommend(&config(FrontEnd::IngressController, false));
    assert_eq!((r.pre_stop_seconds, r.grace_seconds), (3, 4));
}

#[test]
fn a_cloud_load_balancer_needs_its_deregistration_covered() {
    // Its readiness gate: a new pod is Ready 1 + 10 + 15 = 26 s (endpoints, registration, one
    // passing health check) after its containers, so the old pods go at 33, 61 and 89 s.
    // 1 + 10 s until the last new request. Without graceful shutdown: preStop ≥ 11.5 s.
    assert!(run("cloudLoadBalancer", 11.5, 30, false, 120).is_empty());
    assert_eq!(
        kinds(&run("cloudLoadBalancer", 11.4, 30, false, 120)),
        [Failure::KilledInFlight]
    );
    // The health check (15 s × 2) does not help here: it would notice a pod that stopped
    // answering 30 s later, after the deregistration. With no preStop: failures from the
    // first deletion (what was sent from 32.5 s is cut) until 89 + 11 = 100 s.
    let none = report("cloudLoadBalancer", 0.0, 30, false, 120);
    assert_eq!(failing_seconds(&none), (32, 99));
    // With graceful shutdown the app finishes what it accepted: preStop ≥ 11 s; the last
    // request accepted before 11 s ends by 11.5 s, so grace 12 s holds and 11 s kills it.
    assert!(run("cloudLoadBalancer", 11.0, 12, true, 120).is_empty());
    assert_eq!(
        kinds(&run("cloudLoadBalancer", 11.0, 11, true, 120)),
        [Failure::KilledAtGrace]
    );
    let r = recommend(&config(FrontEnd::CloudLoadBalancer, true));
    assert_eq!((r.pre_stop_seconds, r.grace_seconds), (11, 12));
}

#[test]
fn without_its_readiness_gate_a_rollout_empties_the_target_group() {
    // No gate: the old pods go at 7, 9 and 11 s and leave the balancer 11 s later (preStop
    // 12 s keeps them serving until then), at 18, 20 and 22 s; the first new pod is registered
    // 26 s after it was Ready, at 33 s. From 22 to 33 s there is no target: every request
    // gets a 503.
    let r = report_gated("cloudLoadBalancer", 12.0, 30, false, 60, false);
    assert_eq!(kinds(&r.failed), [Failure::NoEndpoints]);
    assert_eq!(r.failed[&Failure::NoEndpoints], 1100);
    assert_eq!(failing_seconds(&r), (22, 32));
    assert!(
        r.summary.to_string().contains("readiness gate"),
        "{}",
        r.summary
    );
}

#[test]
fn a_slow_load_balancer_is_cut_short_by_its_health_check_but_still_fails() {
    // Registration 1 + 120 + 30 = 151 s: the old pods go at 158, 311 and 464 s. Deregistration
    // takes 1 + 120 s; with no preStop the pod stops answering at once and the health check
    // (30 s × 3) takes it out 90 s later: failures to 464 + 90 = 554 s.
    let none = report("slowLoadBalancer", 0.0, 30, false, 620);
    assert_eq!(failing_seconds(&none), (157, 553));
    // Zero needs preStop ≥ 121.5 s and a grace period longer than that.
    let r = recommend(&config(FrontEnd::SlowLoadBalancer, false));
    assert_eq!((r.pre_stop_seconds, r.grace_seconds), (122, 123));
    assert!(run("slowLoadBalancer", 121.5, 123, false, 620).is_empty());
    assert_eq!(
        kinds(&run("slowLoadBalancer", 121.4, 123, false, 620)),
        [Failure::KilledInFlight]
    );
    // The default grace period (30 s) cuts the preStop sleep: the kubelet kills the container
    // at 30 s, cutting what it was serving (sent from 187.5 s on, for the pod deleted at
    // 158 s), and the front end goes on sending to it until its health check notices, 90 s
    // later: to 464 + 30 + 90 = 584 s.
    let cut = report("slowLoadBalancer", 122.0, 30, false, 620);
    assert_eq!(
        kinds(&cut.failed),
        [Failure::StoppedAccepting, Failure::KilledAtGrace]
    );
    assert_eq!(failing_seconds(&cut), (187, 583));
}
