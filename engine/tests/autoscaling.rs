//! The cluster autoscaler in whole rollouts, with hand-derived expectations: when it adds a
//! node (at its 10 s scan, for pods the scheduler marked unschedulable), when the node is
//! there, and when an underused node goes.

mod support;

use rollout_engine::trace::Record;
use rollout_engine::Simulation;
use support::*;

fn events(trace: &[Record], wanted: &str) -> Vec<(f64, String, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Event {
                t,
                reason,
                object,
                message,
                ..
            } if reason == wanted => Some((*t, object.clone(), message.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_pod_that_waits_past_a_scan_gets_a_node() {
    // As surge-needs-room.yaml, but v1 pods take 25 s to stop. t = 6: the second v2 pod fits
    // nowhere. t = 10, the first scan since: the autoscaler adds node-3 (2 -> 3), Ready at 40.
    // t = 31 the deleted v1 pod is gone: the waiting pod takes its place (it does not wait for
    // node-3), Ready at 36. t = 36: the third v2 pod fits nowhere; node-3 is on its way, so no
    // second scale-up; it binds there at 40, Ready at 45.
    let s = scenario(include_str!("data/autoscaler-adds-a-node.yaml"));
    let trace = run(&s);
    assert_eq!(
        scales(&trace).iter().map(|s| s.0).collect::<Vec<_>>(),
        [1.0, 6.0, 6.0, 36.0, 36.0, 45.0]
    );
    let up = events(&trace, "TriggeredScaleUp");
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(up[0].0, 10.0);
    assert_eq!(
        up[0].2,
        "pod triggered scale-up: [{default-pool 2->3 (max: 3)}]"
    );
    // The rollout ends with one 500m pod on each 1-CPU node: 50% is not below the threshold,
    // so no node goes.
    let mut sim = Simulation::new(&s);
    sim.run_until(300_000);
    let c = &sim.cluster;
    assert_eq!(c.nodes.len(), 3);
    assert!(c.nodes.iter().all(|n| n.removed.is_none()));
    assert_eq!(c.nodes[2].ready_at, 40_000);
    assert!(events(&trace, "ScaleDown").is_empty());
    let listed = rollout_engine::kubectl::nodes::get_nodes(c);
    assert_eq!(listed.lines().count(), 4, "{listed}");
}

#[test]
fn an_underused_node_is_drained_and_removed() {
    // 4 pods of 400m on 2 nodes of 1 CPU (2 a node). maxSurge 2: both surge pods fit nowhere;
    // the scan at 10 adds one node for both (800m fit in 1 CPU); Ready at 40, both bind there,
    // Ready at 45: 2 old pods go, 2 new pods wait for their 400m until 50, Ready at 55.
    // Then node-1 and node-2 hold one 400m pod each (40%), node-3 two (80%). At the scan at
    // 60 node-2 is unneeded (its pod fits on node-1); node-1 is not (its pod fits neither on
    // node-3 nor on node-2, which is going). Unneeded for 60 s and 60 s after the scale-up:
    // at 120 node-2 is tainted and its pod evicted; the ReplicaSet's replacement goes to
    // node-1, Ready at 125, when the evicted pod is gone; the scan at 130 removes node-2.
    let s = scenario(include_str!("data/autoscaler-removes-a-node.yaml"));
    let trace = run(&s);
    let up = events(&trace, "TriggeredScaleUp");
    assert_eq!(up.len(), 2);
    assert!(up
        .iter()
        .all(|e| e.0 == 10.0 && e.2.contains("2->3 (max: 4)")));
    assert_eq!(
        scales(&trace).iter().map(|s| s.0).collect::<Vec<_>>(),
        [1.0, 45.0, 45.0, 55.0]
    );
    let down = events(&trace, "ScaleDown");
    assert_eq!(
        down[0],
        (
            120.0,
            "node/node-2".into(),
            "marked the node as toBeDeleted/unschedulable".into()
        )
    );
    assert_eq!(down.len(), 2, "the node and its one pod: {down:?}");
    assert_eq!(
        events(&trace, "RemovingNode"),
        vec![(
            130.0,
            "node/node-2".into(),
            "Node node-2 event: Removing Node node-2 from Controller".into()
        )]
    );
    // No PodDisruptionBudget: the eviction costs an available pod for 5 s.
    let mut sim = Simulation::new(&s);
    sim.run_until(122_000);
    assert_eq!(
        rollout_engine::sim::snapshot::counts(&sim.cluster).available,
        3
    );
    sim.run_until(126_000);
    assert_eq!(
        rollout_engine::sim::snapshot::counts(&sim.cluster).available,
        4
    );
    sim.run_until(300_000);
    let c = &sim.cluster;
    let on = |n: u32| c.existing_pods().filter(|p| p.node == Some(n)).count();
    assert_eq!((on(0), on(1), on(2)), (2, 0, 2));
    assert_eq!(final_status(&trace), (4, 4, 4, 4, 0));
}

#[test]
fn autoscaler_settings_are_checked_and_saved() {
    let s = scenario(include_str!("data/autoscaler-removes-a-node.yaml"));
    assert_eq!(scenario(&s.to_yaml()), s);
    let err = |from: &str, to: &str| {
        let text = include_str!("data/autoscaler-removes-a-node.yaml").replace(from, to);
        rollout_engine::Scenario::parse(&text)
            .unwrap_err()
            .to_string()
    };
    assert!(err("maxNodes: 4", "maxNodes: 1")
        .contains("cluster.autoscaler.maxNodes: Invalid value: 1: must be a whole number from cluster.nodes (2) to 10000"));
    assert!(err("maxNodes: 4, ", "").contains("cluster.autoscaler.maxNodes: Required value"));
    assert!(err("provisionSeconds: 30", "provisionSeconds: -1")
        .contains("cluster.autoscaler.provisionSeconds: Invalid value: -1"));
}
