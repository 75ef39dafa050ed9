//! Pods that vary: times drawn per pod from distributions, a failure rate, image pulls paid
//! once per node; the same seed always gives the same run.

mod support;

use rollout_engine::api::{Fate, Millis};
use rollout_engine::{Scenario, Simulation};
use support::*;

fn rollout(replicas: i32, images: &str, rest: &str) -> Scenario {
    deployment_scenario(
        replicas,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}",
        &format!("images: {images}\nevents: [{{at: 1, setImage: 'web:v2'}}]\n{rest}"),
    )
}

/// A pod's draws: (uid, node, created, started, ready).
type Drawn = (u64, Option<u32>, Millis, Millis, Option<Millis>);

/// Every pod of `image` that ever existed, with its draws.
fn pods_of(s: &Scenario, image: &str) -> Vec<Drawn> {
    let mut sim = Simulation::new(s);
    sim.cluster.archive = Some(Vec::new());
    sim.run_until(s.until as i64 * 1000);
    let c = &sim.cluster;
    let mut out: Vec<_> = c
        .all_pods()
        .filter(|p| c.replica_sets[p.owner].spec.template.first_image() == image)
        .map(|p| (p.uid, p.node, p.created, p.started, p.ready))
        .collect();
    out.sort();
    out
}

#[test]
fn each_pod_draws_its_own_ready_time_and_the_seed_fixes_them() {
    let s = rollout(
        20,
        "{'web:v2': {readyAfter: {lognormal: {p50: 10, p99: 60}}}}",
        "until: 2000",
    );
    let pods = pods_of(&s, "web:v2");
    assert_eq!(pods.len(), 20);
    let waits: Vec<Millis> = pods.iter().map(|p| p.4.unwrap() - p.2).collect();
    let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
    assert!(distinct.len() > 15, "pods draw their own times: {waits:?}");
    assert_eq!(pods, pods_of(&s, "web:v2"), "the same seed, the same pods");
    let mut other = s.clone();
    other.seed = 2;
    assert_ne!(pods, pods_of(&other, "web:v2"));
}

#[test]
fn the_request_rate_does_not_change_which_pod_is_slow() {
    let slow = rollout(
        10,
        "{'web:v2': {readyAfter: {uniform: {min: 1, max: 30}}}}",
        "until: 600\ntraffic: {rate: 5}",
    );
    let mut busy = slow.clone();
    busy.traffic.as_mut().unwrap().rate = 500.0;
    busy.traffic.as_mut().unwrap().seed = 99;
    let mut none = slow.clone();
    none.traffic = None;
    let a = pods_of(&slow, "web:v2");
    assert_eq!(a, pods_of(&busy, "web:v2"));
    assert_eq!(a, pods_of(&none, "web:v2"));
}

#[test]
fn a_failure_rate_leaves_some_new_pods_never_ready() {
    // 30% of new pods never become ready: with surge 1 and nothing unavailable, the rollout
    // stalls at the first such pod, and the progress deadline reports it.
    let s = rollout(
        10,
        "{'web:v2': {readyAfter: 2, failureRate: 0.3}}",
        "until: 700",
    );
    let mut sim = Simulation::new(&s);
    sim.run_until(700_000);
    let c = &sim.cluster;
    let new: Vec<_> = c
        .pods
        .iter()
        .filter(|p| c.replica_sets[p.owner].spec.template.first_image() == "web:v2")
        .collect();
    assert!(new.iter().any(|p| p.fate == Fate::NeverReady));
    let trace = sim.finish();
    assert!(progressing(&trace)
        .iter()
        .any(|(_, reason)| reason == "ProgressDeadlineExceeded"));
    // The draw is the pod's own: the same uid fails under the same seed, whatever else runs.
    let b = rollout_engine::behaviour::ImageBehaviour {
        failure_rate: 0.3,
        ..Default::default()
    };
    let failed = (0..10_000)
        .filter(|&uid| b.pod_fate(7, uid) == Fate::NeverReady)
        .count();
    assert!((2_800..3_200).contains(&failed), "{failed} of 10000");
}

#[test]
fn the_first_pod_of_an_image_on_a_node_pays_the_pull() {
    // One node: the first new pod pulls for 20 s; the next ones start from the cache.
    let s = rollout(
        3,
        "{'web:v2': {readyAfter: 2, pullTime: 20}}",
        "until: 200\ncluster: {nodes: 1}",
    );
    let pods = pods_of(&s, "web:v2");
    let ready_after: Vec<Millis> = pods.iter().map(|p| p.4.unwrap() - p.2).collect();
    assert_eq!(ready_after, [22_000, 2_000, 2_000], "{pods:?}");
    // Three nodes with surge 3: each node's first pod pays its own pull.
    let wide = deployment_scenario(
        3,
        "{type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 0}}",
        "images: {'web:v2': {readyAfter: 2, pullTime: 20}}\nevents: [{at: 1, setImage: 'web:v2'}]\nuntil: 200",
    );
    let pods = pods_of(&wide, "web:v2");
    assert!(
        pods.iter().all(|p| p.4.unwrap() - p.2 == 22_000),
        "{pods:?}"
    );
}

#[test]
fn bad_distributions_are_refused_naming_the_field() {
    let err = |images: &str| {
        Scenario::parse(&format!(
            "{}images: {images}\n",
            rollout_engine::sim::scenario::deployment_yaml("web", 1, "{type: Recreate}")
        ))
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        err("{'web:v2': {readyAfter: {lognormal: {p50: 30, p99: 10}}}}"),
        "invalid scenario: images[\"web:v2\"].readyAfter: Invalid value: \"lognormal(30s,10s)\": p99 must not be below p50"
    );
    assert_eq!(
        err("{'web:v2': {stopAfter: -2}}"),
        "invalid scenario: images[\"web:v2\"].stopAfter: Invalid value: -2: must be between 0 and 86400 seconds"
    );
    assert!(err("{'web:v2': {failureRate: 1.5}}").contains("images[\"web:v2\"].failureRate: Invalid value: \"1.5\": must be a probability between 0 and 1"));
    assert!(err("{'web:v2': {readyAfter: {normal: {mean: 5}}}}")
        .contains("images[\"web:v2\"].readyAfter.normal.sd: Required value"));
    assert!(err("{'web:v2': {readyFast: 1}}").contains("Unsupported value: \"readyFast\""));
}

#[test]
fn distributions_and_the_seed_are_saved_and_read_back() {
    let s = rollout(
        4,
        "{'web:v2': {readyAfter: 'lognormal(20s,90s)', serveAfter: {uniform: {min: 1, max: 3}}, stopAfter: {samples: [1, 2, 5]}, pullTime: {normal: {mean: 10, sd: 3}}, failureRate: 0.05}}",
        "seed: 42\nuntil: 100",
    );
    assert_eq!(s.seed, 42);
    let back = Scenario::from_value(&s.to_value()).unwrap();
    assert_eq!(back, s);
    assert_eq!(
        s.to_value()["images"]["web:v2"]["readyAfter"]["lognormal"]["p99"],
        90.0
    );
}
