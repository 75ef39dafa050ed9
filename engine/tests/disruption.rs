//! PodDisruptionBudgets, the eviction API and `kubectl drain` in whole rollouts, with
//! hand-derived expectations.

mod support;

use rollout_engine::trace::Record;
use rollout_engine::Simulation;
use support::*;

const DRAIN: &str = include_str!("data/drain-meets-rollout.yaml");
const REFUSED: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

/// kubectl drain's lines after its command, as (t, line).
fn drain_lines(trace: &[Record]) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Action {
                t, command, output, ..
            } if command.starts_with("kubectl drain") => Some(
                output
                    .lines()
                    .map(|l| (*t, l.to_string()))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_drain_waits_for_the_budget_while_the_rollout_goes_on() {
    // 4 Ready v1 pods, 2 a node; minAvailable 4: no Ready pod may be evicted. t = 1: one surge
    // v2 pod (Ready after 20 s) goes to node-1 (each node alike, the lowest first). t = 5:
    // drain node-1. Its 2 Ready v1 pods are refused (4 healthy - 4 desired = 0 allowed); the
    // surge pod is not Ready, and with the default IfHealthyBudget a pod that is not Ready may
    // go while the budget is met (4 >= 4): evicted, gone at 6. Its replacement starts on
    // node-2 (node-1 is cordoned), Ready at 25. Refusals are retried every 5 s. The rollout
    // deletes old pods on the busier node first (3 of the Deployment's pods on node-2 against 2):
    // at 25 and 45 from node-2, at 65 and 85 node-1's, which is when the drain ends: gone a
    // second later, drained at 86.
    let trace = run(&scenario(DRAIN));
    let lines = drain_lines(&trace);
    assert_eq!(lines[0], (5.0, "node/node-1 cordoned".into()));
    assert!(lines[1].1.starts_with("evicting pod default/web-"));
    let refusals: Vec<f64> = lines
        .iter()
        .filter(|(_, l)| l.ends_with(REFUSED))
        .map(|(t, _)| *t)
        .collect();
    // 2 pods refused at 5, 10, ..., 60; 1 pod at 65 to 80 (the other was deleted by the
    // rollout at 65). At 85 the controller, which acts first in the instant, deletes the last
    // one: kubectl's retry finds it being deleted, which needs no budget.
    let mut expected: Vec<f64> = (0..12).flat_map(|k| [5.0 + 5.0 * k as f64; 2]).collect();
    expected.extend([65.0, 70.0, 75.0, 80.0]);
    assert_eq!(refusals.len(), expected.len(), "{refusals:?}");
    assert_eq!(refusals, expected);
    let evicted: Vec<f64> = lines
        .iter()
        .filter(|(_, l)| l.ends_with(" evicted"))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(evicted, [6.0, 66.0, 86.0]);
    assert_eq!(lines.last().unwrap(), &(86.0, "node/node-1 drained".into()));
    assert_eq!(
        scales(&trace).iter().map(|s| s.0).collect::<Vec<_>>(),
        [1.0, 25.0, 25.0, 45.0, 45.0, 65.0, 65.0, 85.0]
    );
    // Never fewer than 4 available: the budget held against the drain, and the rollout never
    // counts on it (maxUnavailable 0).
    let mut sim = Simulation::new(&scenario(DRAIN));
    for t in (0..120_000).step_by(500) {
        sim.run_until(t);
        assert!(
            rollout_engine::sim::snapshot::counts(&sim.cluster).available >= 4,
            "at {t} ms"
        );
    }
}

#[test]
fn without_a_budget_the_drain_takes_a_second_and_costs_availability() {
    let s = scenario(&DRAIN.replace(", pdb: {minAvailable: 4}", ""));
    let trace = run(&s);
    let lines = drain_lines(&trace);
    assert!(lines.iter().all(|(_, l)| !l.ends_with(REFUSED)));
    assert_eq!(lines.last().unwrap(), &(6.0, "node/node-1 drained".into()));
    // Both Ready v1 pods of node-1 went at 5; their replacements are Ready 2 s later.
    let mut sim = Simulation::new(&s);
    sim.run_until(5_500);
    assert_eq!(
        rollout_engine::sim::snapshot::counts(&sim.cluster).available,
        2
    );
}

#[test]
fn get_pdb_shows_the_disruption_controllers_status() {
    let mut sim = Simulation::new(&scenario(DRAIN));
    sim.run_until(10_000);
    let text = rollout_engine::kubectl::get::get_pdb(&sim.cluster);
    let row: Vec<&str> = text.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row[..4], ["web", "4", "N/A", "0"], "{text}");
    // maxUnavailable 1 of 4 replicas: 3 desired, 4 Ready: 1 allowed before the drain.
    let s = scenario(&DRAIN.replace("minAvailable: 4", "maxUnavailable: 1"));
    let mut sim = Simulation::new(&s);
    sim.run_until(4_000);
    let st = rollout_engine::controller::disruption::try_sync(&sim.cluster).unwrap();
    assert_eq!(
        (
            st.expected_pods,
            st.desired_healthy,
            st.current_healthy,
            st.disruptions_allowed
        ),
        (4, 3, 4, 1)
    );
}

#[test]
fn budgets_and_drains_are_checked_and_saved() {
    let s = scenario(DRAIN);
    assert_eq!(scenario(&s.to_yaml()), s);
    let err = |from: &str, to: &str| {
        rollout_engine::Scenario::parse(&DRAIN.replace(from, to))
            .unwrap_err()
            .to_string()
    };
    assert!(err("minAvailable: 4", "minAvailable: 4, maxUnavailable: 1")
        .contains("minAvailable and maxUnavailable cannot be both set"));
    assert!(err("minAvailable: 4", "minAvailable: 120%").contains("cluster.pdb.minAvailable"));
    assert!(err("drain: node-1", "drain: 3").contains("events[1].drain"));
    // A node that is not there: kubectl's own words, and nothing changes.
    let trace = run(&scenario(&DRAIN.replace("drain: node-1", "drain: node-9")));
    assert!(trace
        .iter()
        .any(|r| matches!(r, Record::Action { output, ok: false, .. }
        if output == "Error from server (NotFound): nodes \"node-9\" not found")));
}
