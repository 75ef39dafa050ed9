//! The scheduler's decisions in whole rollouts, with hand-derived expectations: where pods go
//! (NodeResourcesFit, LeastAllocated, BalancedAllocation, PodTopologySpread), what a pod that
//! fits nowhere says, and the capacity shorthand.

mod support;

use rollout_engine::trace::Record;
use rollout_engine::Simulation;
use support::*;

const ROOM: &str = include_str!("data/surge-needs-room.yaml");
const NO_CPU_ON_2: &str = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..";

fn failed_scheduling(trace: &[Record]) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Event {
                t, reason, message, ..
            } if reason == "FailedScheduling" => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}

/// The node of each pod of each revision that exists at `t` ms, as (revision, node name).
fn placement(s: &rollout_engine::Scenario, t: i64) -> Vec<(i64, Option<String>)> {
    let mut sim = Simulation::new(s);
    sim.run_until(t);
    let c = &sim.cluster;
    let mut v: Vec<(i64, Option<String>)> = c
        .existing_pods()
        .map(|p| {
            (
                c.replica_sets[p.owner].revision(),
                p.node.map(|n| c.nodes[n as usize].name.clone()),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_first_pods_are_spread_then_packed_where_cpu_is_left() {
    // v1, 3 pods of 500m on 2 nodes of 1 CPU. Pod 1: every node scores alike, node-1 (lowest).
    // Pod 2: PodTopologySpread counts its siblings, 1 on node-1 and 0 on node-2: raw scores
    // round(1 ln 4 + 2) = 3 and 2, normalized 100 (3 + 2 - 3) / 3 = 66 and 100, weight 2;
    // LeastAllocated (1000 - 1000) / 1000 = 0 against (1000 - 500) / 1000 = 50; balanced 100
    // both (one limited resource): node-1 232, node-2 350. Pod 3: one sibling on each, 500m on
    // each: a tie, node-1. So node-1 is full (1000m) and node-2 has 500m left, where the first
    // v2 pod goes at t = 1: it is the only node that fits.
    let s = scenario(ROOM);
    let one = Some("node-1".to_string());
    let two = Some("node-2".to_string());
    assert_eq!(
        placement(&s, 2_000),
        vec![(1, one.clone()), (1, one), (1, two.clone()), (2, two)]
    );
}

#[test]
fn a_surge_pod_waits_for_the_cpu_a_terminating_pod_still_holds() {
    // maxSurge 1, maxUnavailable 0, Ready after 5 s, stop after 2 s. t = 1: the first v2 pod fits
    // on node-2 (above) and is Ready at 6. t = 6: one v1 pod goes (4 available - 3), the second
    // v2 pod is created, but the deleted pod keeps its 500m until it is gone at 8: no node fits,
    // FailedScheduling. It binds at 8 and is Ready at 13; the same again, done at 20. Each step
    // takes stop + Ready = 7 s where it takes 5 s on nodes with room.
    let trace = run(&scenario(ROOM));
    assert_eq!(
        scales(&trace),
        vec![
            (1.0, 2, 0, 1),
            (6.0, 1, 3, 2),
            (6.0, 2, 1, 2),
            (13.0, 1, 2, 1),
            (13.0, 2, 2, 3),
            (20.0, 1, 1, 0),
        ]
    );
    assert_eq!(
        failed_scheduling(&trace),
        vec![
            (6.0, NO_CPU_ON_2.to_string()),
            (13.0, NO_CPU_ON_2.to_string())
        ]
    );
    // The same rollout on nodes that do not limit cpu: 5 s a step, nothing Pending.
    let roomy = run(&scenario(
        &ROOM.replace("node: {cpu: '1'}", "node: {cpu: '4'}"),
    ));
    assert_eq!(
        scales(&roomy).iter().map(|s| s.0).collect::<Vec<_>>(),
        [1.0, 6.0, 6.0, 11.0, 11.0, 16.0]
    );
    assert!(failed_scheduling(&roomy).is_empty());
}

#[test]
fn capacity_is_a_shorthand_for_pods_per_node() {
    // capacity 10 on 3 nodes: 4, 3 and 3 pods a node. 9 replicas at maxSurge 3 (maxUnavailable
    // 0): 3 surge pods, only 1 fits (node-1's fourth slot); the other 2 say "Too many pods".
    let rest =
        "images: {'web:v2': {readyAfter: 5}}\nevents: [{at: 1, setImage: 'web:v2'}]\nuntil: 60\n";
    let strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 0}}";
    let shorthand = deployment_scenario(
        9,
        strategy,
        &format!("{rest}cluster: {{nodes: 3, capacity: 10}}\n"),
    );
    let trace = run(&shorthand);
    let too_many = "0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";
    let at_1: Vec<&Record> = trace
        .iter()
        .filter(|r| matches!(r, Record::Event { t, reason, .. } if *t == 1.0 && reason == "FailedScheduling"))
        .collect();
    // One event for each of the two pods that did not fit.
    assert_eq!(at_1.len(), 2);
    let objects: Vec<&str> = at_1
        .iter()
        .map(|r| match r {
            Record::Event {
                object, message, ..
            } => {
                assert_eq!(message, too_many);
                object.as_str()
            }
            _ => unreachable!(),
        })
        .collect();
    assert_ne!(objects[0], objects[1]);
    assert_eq!(final_status(&trace), (9, 9, 9, 9, 0));
    // Where capacity divides evenly, the shorthand and the per-node form are one model.
    let even = |cluster: &str| {
        let s = deployment_scenario(9, strategy, &format!("{rest}cluster: {cluster}\n"));
        run(&s).iter().map(Record::to_json).collect::<Vec<_>>()
    };
    assert_eq!(
        even("{nodes: 3, capacity: 12}"),
        even("{nodes: 3, node: {pods: 4}}")
    );
    // At no moment are more pods bound than the capacity.
    let mut sim = Simulation::new(&shorthand);
    for t in (0..60_000).step_by(500) {
        sim.run_until(t);
        let bound = sim
            .cluster
            .existing_pods()
            .filter(|p| p.node.is_some())
            .count();
        assert!(bound <= 10, "{bound} pods bound at {t} ms");
    }
}

#[test]
fn bad_requests_and_node_shapes_are_refused_naming_the_field() {
    let err = |yaml: &str| {
        rollout_engine::Scenario::parse(yaml)
            .unwrap_err()
            .to_string()
    };
    assert!(err(&ROOM.replace("cpu: 500m", "cpu: 5OOm")).ends_with(
        "cannot be handled as a Deployment: spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: \"5OOm\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    ));
    assert!(err(&ROOM.replace("cpu: 500m", "cpu: '-1'"))
        .ends_with("requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"));
    assert!(
        err(&ROOM.replace("node: {cpu: '1'}", "node: {cpu: '1', pods: 4}, capacity: 8"))
            .contains("cluster.capacity: Forbidden: may not be set with cluster.node.pods")
    );
    assert!(
        err(&ROOM.replace("node: {cpu: '1'}", "node: {cpu: 1 core}"))
            .contains("cluster.node.cpu: Invalid value: \"1 core\"")
    );
}

#[test]
fn requests_are_part_of_the_template_and_are_saved() {
    let s = scenario(ROOM);
    let again = scenario(&s.to_yaml());
    assert_eq!(again, s);
    let r = s.deployment.spec.template.requests();
    assert_eq!((r.cpu, r.memory), (Some(500), None));
    // A new request is a new template: a rollout, with its own ReplicaSet name.
    let other = scenario(&ROOM.replace("cpu: 500m", "cpu: 400m"));
    assert_ne!(
        rollout_engine::hash::compute_hash(&s.deployment.spec.template, 0),
        rollout_engine::hash::compute_hash(&other.deployment.spec.template, 0)
    );
}

#[test]
fn the_initial_pods_go_round_the_nodes_as_the_scoring_places_them() {
    // On nodes that limit nothing the placement takes a shortcut (round the nodes in order);
    // on nodes too large to tell apart the scoring runs: both must give the same placement.
    let base =
        "images: {'web:v2': {readyAfter: 5}}\nevents: [{at: 1, setImage: 'web:v2'}]\nuntil: 30\n";
    let strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 2, maxUnavailable: 1}}";
    let place = |cluster: &str| {
        let s = deployment_scenario(10, strategy, &format!("{base}cluster: {cluster}\n"));
        let sim = Simulation::new(&s);
        sim.cluster.pods.iter().map(|p| p.node).collect::<Vec<_>>()
    };
    let shortcut = place("{nodes: 3}");
    assert_eq!(shortcut, place("{nodes: 3, node: {cpu: '100000'}}"));
    assert_eq!(shortcut.iter().filter(|n| **n == Some(0)).count(), 4);
}
