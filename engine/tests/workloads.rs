//! StatefulSets and DaemonSets, whole: each strategy, the partition, the forced rollback, surge
//! on a DaemonSet and node changes mid-rollout, with traces worked out by hand from the rules
//! of stateful_set_control.go and daemon/update.go (the reasoning beside each expectation),
//! not read off the engine. Every pod is Ready 2 s after it is created and gone 1 s after it
//! is deleted, unless said otherwise.

mod support;

use rollout_engine::trace::Record;
use support::*;

const IMAGES: &str = "images:
  web:v1: {readyAfter: 2, stopAfter: 1}
  web:v2: {readyAfter: 2, stopAfter: 1}
";

/// A StatefulSet `web` of `replicas` running `web:v1`, with `spec` lines added (indented by
/// four spaces), then the rest of the scenario.
fn stateful_set(replicas: i32, spec: &str, rest: &str) -> rollout_engine::Scenario {
    scenario(&format!(
        "deployment:
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {{name: web}}
  spec:
    replicas: {replicas}
    serviceName: web
    selector: {{matchLabels: {{app: web}}}}
    template:
      metadata: {{labels: {{app: web}}}}
      spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
{spec}{IMAGES}{rest}"
    ))
}

/// A DaemonSet `agent` running `web:v1` on `nodes` nodes with `strategy` (a flow mapping).
fn daemon_set(nodes: u32, strategy: &str, rest: &str) -> rollout_engine::Scenario {
    scenario(&format!(
        "deployment:
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: {{name: agent}}
  spec:
    selector: {{matchLabels: {{app: agent}}}}
    updateStrategy: {strategy}
    template:
      metadata: {{labels: {{app: agent}}}}
      spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
cluster: {{nodes: {nodes}}}
{IMAGES}{rest}"
    ))
}

/// The StatefulSet's pod events as (t, "create web-3") or (t, "delete web-3").
fn pod_events(trace: &[Record]) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for (reason, verb) in [
        ("SuccessfulCreate", "create"),
        ("SuccessfulDelete", "delete"),
    ] {
        for (t, m) in events(trace, reason) {
            let pod = m.split(' ').nth(2).unwrap_or_default().to_string();
            out.push((t, format!("{verb} {pod}")));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn at(list: &[(f64, &str)]) -> Vec<(f64, String)> {
    list.iter().map(|(t, s)| (*t, s.to_string())).collect()
}

/// The image each ordinal runs at the end (pods not terminating).
fn images_by_ordinal(s: &rollout_engine::Scenario) -> Vec<String> {
    let mut sim = rollout_engine::Simulation::new(s);
    sim.run_until(sim.until);
    let c = &sim.cluster;
    let now = c.now;
    let mut pods: Vec<(i32, String)> = c
        .existing_pods()
        .filter(|p| !p.is_terminating(now))
        .map(|p| {
            let ord = rollout_engine::controller::statefulset::ordinal_of(c, p.uid).unwrap();
            let image = c.replica_sets[p.owner].spec.template.first_image();
            (ord, image.to_string())
        })
        .collect();
    pods.sort();
    pods.into_iter()
        .map(|(o, i)| format!("web-{o}={i}"))
        .collect()
}

const SET_IMAGE_AT_5: &str = "events:\n  - {at: 5, setImage: 'web:v2'}\nuntil: 40\n";

#[test]
fn ordered_ready_replaces_one_ordinal_at_a_time_from_the_top() {
    let trace = run(&stateful_set(4, "", SET_IMAGE_AT_5));
    // 5: web-3 is the highest ordinal of the old revision: deleted. 6: gone, recreated from
    // the update revision (3 >= partition 0). 8: Ready, so web-2 goes; and so on down.
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-3"),
            (6.0, "create web-3"),
            (8.0, "delete web-2"),
            (9.0, "create web-2"),
            (11.0, "delete web-1"),
            (12.0, "create web-1"),
            (14.0, "delete web-0"),
            (15.0, "create web-0"),
        ])
    );
    // A pod being deleted stays Ready until it stops (1 s later): while it terminates all 4
    // are Ready and kubectl counts the updated ones; while its successor starts, 1 is not.
    let waiting = |n: i32| {
        format!("Waiting for partitioned roll out to finish: {n} out of 4 new pods have been updated...")
    };
    let one = "Waiting for 1 pods to be ready...".to_string();
    assert_eq!(
        status_lines(&trace),
        [
            (5.0, waiting(0)),
            (6.0, one.clone()),
            (8.0, waiting(1)),
            (9.0, one.clone()),
            (11.0, waiting(2)),
            (12.0, one.clone()),
            (14.0, waiting(3)),
            (15.0, one),
            (
                17.0,
                "partitioned roll out complete: 4 new pods have been updated...".into()
            ),
        ]
    );
    assert_eq!(final_status(&trace), (4, 4, 4, 4, 0));
}

#[test]
fn the_partition_holds_the_ordinals_below_it() {
    let spec = "    updateStrategy: {rollingUpdate: {partition: 2}}\n";
    let trace = run(&stateful_set(4, spec, SET_IMAGE_AT_5));
    // Only ordinals 3 and 2 (>= 2) are replaced; 1 and 0 keep the current revision.
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-3"),
            (6.0, "create web-3"),
            (8.0, "delete web-2"),
            (9.0, "create web-2"),
        ])
    );
    // updated (2) reaches replicas - partition (4 - 2) with every pod Ready at 11 s.
    assert_eq!(
        status_lines(&trace).last().unwrap(),
        &(
            11.0,
            "partitioned roll out complete: 2 new pods have been updated...".to_string()
        )
    );
    let s = stateful_set(4, spec, SET_IMAGE_AT_5);
    assert_eq!(
        images_by_ordinal(&s),
        [
            "web-0=web:v1",
            "web-1=web:v1",
            "web-2=web:v2",
            "web-3=web:v2"
        ]
    );
    // A pod of ordinal 1 deleted by hand comes back from the current revision, not the update.
    let by_hand = stateful_set(
        4,
        spec,
        "events:\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 20, deletePod: web-1}\nuntil: 40\n",
    );
    assert_eq!(images_by_ordinal(&by_hand)[1], "web-1=web:v1");
}

#[test]
fn lowering_the_partition_goes_on_down() {
    let spec = "    updateStrategy: {rollingUpdate: {partition: 2}}\n";
    let manifest = "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: web}, spec: {replicas: 4, serviceName: web, selector: {matchLabels: {app: web}}, updateStrategy: {rollingUpdate: {partition: 0}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: 'web:v2'}]}}}}";
    let rest = format!(
        "events:\n  - {{at: 5, setImage: 'web:v2'}}\n  - {{at: 20, apply: {manifest}}}\nuntil: 40\n"
    );
    let trace = run(&stateful_set(4, spec, &rest));
    let later: Vec<_> = pod_events(&trace)
        .into_iter()
        .filter(|e| e.0 >= 20.0)
        .collect();
    assert_eq!(
        later,
        at(&[
            (20.0, "delete web-1"),
            (21.0, "create web-1"),
            (23.0, "delete web-0"),
            (24.0, "create web-0"),
        ])
    );
    assert_eq!(final_status(&trace), (4, 4, 4, 4, 0));
}

#[test]
fn parallel_creates_and_deletes_at_once_but_updates_one_at_a_time() {
    let scale = |policy: &str| {
        let spec = format!("    podManagementPolicy: {policy}\n");
        pod_events(&run(&stateful_set(
            2,
            &spec,
            "events:\n  - {at: 5, scale: 5}\n  - {at: 20, scale: 2}\nuntil: 40\n",
        )))
    };
    // OrderedReady: each new ordinal waits for the one before to be Ready (2 s); scale-down
    // goes from the top, each pod gone (1 s) before the next is deleted. Parallel makes and
    // deletes them in one sync (the condemned still highest first).
    assert_eq!(
        scale("OrderedReady"),
        at(&[
            (5.0, "create web-2"),
            (7.0, "create web-3"),
            (9.0, "create web-4"),
            (20.0, "delete web-4"),
            (21.0, "delete web-3"),
            (22.0, "delete web-2"),
        ])
    );
    assert_eq!(
        scale("Parallel"),
        at(&[
            (5.0, "create web-2"),
            (5.0, "create web-3"),
            (5.0, "create web-4"),
            (20.0, "delete web-4"),
            (20.0, "delete web-3"),
            (20.0, "delete web-2"),
        ])
    );
    // The rolling update itself is one pod at a time in Parallel too.
    let spec = "    podManagementPolicy: Parallel\n";
    let trace = run(&stateful_set(3, spec, SET_IMAGE_AT_5));
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-2"),
            (6.0, "create web-2"),
            (8.0, "delete web-1"),
            (9.0, "create web-1"),
            (11.0, "delete web-0"),
            (12.0, "create web-0"),
        ])
    );
}

#[test]
fn max_unavailable_replaces_two_ordinals_at_once() {
    let spec = "    updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n";
    let trace = run(&stateful_set(4, spec, SET_IMAGE_AT_5));
    // 5: no pod unavailable, 2 may be: web-3 and web-2 go together. 6: both gone; in order,
    // web-2 is made first, web-3 once web-2 is Ready (8). 10: web-3 Ready, none unavailable:
    // web-1 and web-0 go. 11: web-0 made, 13: web-1. Done at 15 s (17 s one at a time).
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-3"),
            (5.0, "delete web-2"),
            (6.0, "create web-2"),
            (8.0, "create web-3"),
            (10.0, "delete web-1"),
            (10.0, "delete web-0"),
            (11.0, "create web-0"),
            (13.0, "create web-1"),
        ])
    );
    assert_eq!(
        status_lines(&trace).last().unwrap().0,
        15.0,
        "{:?}",
        status_lines(&trace)
    );
}

#[test]
fn on_delete_waits_for_the_user() {
    let spec = "    updateStrategy: {type: OnDelete}\n";
    let rest =
        "events:\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 10, deletePod: web-1}\nuntil: 30\n";
    let trace = run(&stateful_set(3, spec, rest));
    // Nothing is replaced by the controller; the pod the user deleted comes back (11 s, when
    // the old one is gone) from the update revision.
    assert_eq!(pod_events(&trace), at(&[(11.0, "create web-1")]));
    // kubectl refuses to follow an OnDelete set from the start: no line ever changes.
    assert!(status_lines(&trace).is_empty());
    let sim = rollout_engine::Simulation::new(&stateful_set(3, spec, rest));
    assert_eq!(
        rollout_engine::kubectl::workload_status::status_line(&sim.cluster),
        "error: rollout status is only available for RollingUpdate strategy type"
    );
    assert_eq!(
        images_by_ordinal(&stateful_set(3, spec, rest)),
        ["web-0=web:v1", "web-1=web:v2", "web-2=web:v1"]
    );
}

/// `s` with web:v2 never Ready (its readiness probe never passes).
fn broken_v2(mut s: rollout_engine::Scenario) -> rollout_engine::Scenario {
    let v = serde_json::json!({
        "web:v1": {"readyAfter": 2, "stopAfter": 1},
        "web:v2": {"neverReady": true, "stopAfter": 1},
    });
    s.images = rollout_engine::behaviour::Behaviours::from_value(&v).unwrap();
    s
}

/// The forced rollback: web:v2 never becomes Ready. OrderedReady waits on it for ever; undoing
/// the template does not help, as web-3 (of the broken revision) is still not Ready and the
/// controller waits on it before anything else; deleting web-3 does: it comes back from the
/// reverted template.
#[test]
fn forced_rollback_of_a_stuck_ordered_ready_set() {
    let rest = "events:\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 20, undo: {}}\n  - {at: 30, deletePod: web-3}\nuntil: 60\n";
    let s = broken_v2(stateful_set(4, "", rest));
    let trace = run(&s);
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-3"),
            (6.0, "create web-3"),
            // 20: undo; nothing happens until the user deletes web-3 at 30 s (kubectl's
            // deletion, not the controller's: no event); gone at 31, made again.
            (31.0, "create web-3"),
        ])
    );
    let undo = trace
        .iter()
        .find_map(|r| match r {
            Record::Action { t, output, .. } if *t == 20.0 => Some(output.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(undo, "statefulset.apps/web rolled back");
    let deleted = trace.iter().any(|r| {
        matches!(r, Record::Action { t, command, output, .. }
            if *t == 30.0 && command == "kubectl delete pod web-3" && output == "pod \"web-3\" deleted")
    });
    assert!(deleted);
    // 31 + 2: web-3 Ready from the reverted template, every pod updated: done.
    assert_eq!(
        status_lines(&trace).last().unwrap(),
        &(
            33.0,
            "partitioned roll out complete: 4 new pods have been updated...".to_string()
        )
    );
    // The undo reused revision 1, renumbered 3: the history lists 2 and 3.
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(sim.until);
    let history = rollout_engine::kubectl::get::rollout_history(&sim.cluster);
    let numbers: Vec<&str> = history
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(numbers, ["2", "3"], "{history}");
}

/// With Parallel the revert alone is enough: the update loop deletes web-3, of a revision that
/// is no longer the update revision, without waiting for it to be Ready.
#[test]
fn parallel_needs_no_forced_rollback() {
    let rest = "events:\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 20, undo: {}}\nuntil: 60\n";
    let s = broken_v2(stateful_set(3, "    podManagementPolicy: Parallel\n", rest));
    let trace = run(&s);
    assert_eq!(
        pod_events(&trace),
        at(&[
            (5.0, "delete web-2"),
            (6.0, "create web-2"),
            (20.0, "delete web-2"),
            (21.0, "create web-2"),
        ])
    );
    assert_eq!(final_status(&trace), (3, 3, 3, 3, 0));
}

/// When `kubectl rollout status` last said the DaemonSet `agent` rolled out.
fn daemon_set_done_at(trace: &[Record]) -> Option<f64> {
    status_lines(trace)
        .last()
        .filter(|(_, line)| line == "daemon set \"agent\" successfully rolled out")
        .map(|(t, _)| *t)
}

/// The DaemonSet's pod events as (t, "create node-1") or (t, "delete node-1"): where.
fn daemon_events(s: &rollout_engine::Scenario) -> Vec<(f64, String)> {
    let mut sim = rollout_engine::Simulation::new(s);
    sim.run_until(sim.until);
    let c = &sim.cluster;
    let node_of = |name: &str| {
        c.all_pods()
            .find(|p| c.pod_name(p) == name)
            .and_then(|p| p.node)
            .map(|n| c.nodes[n as usize].name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for r in &c.log {
        if let Record::Event {
            t, reason, message, ..
        } = r
        {
            let verb = match reason.as_str() {
                "SuccessfulCreate" => "create",
                "SuccessfulDelete" => "delete",
                _ => continue,
            };
            let pod = message.rsplit(' ').next().unwrap_or_default();
            out.push((*t, format!("{verb} {}", node_of(pod))));
        }
    }
    out
}

fn with_archive(mut s: rollout_engine::Scenario) -> rollout_engine::Scenario {
    // Keep the pods that are gone, so that each event's pod can be found on its node.
    s.traffic = Some(Default::default());
    s
}

#[test]
fn daemon_set_max_unavailable_replaces_node_by_node() {
    let s = with_archive(daemon_set(3, "{}", SET_IMAGE_AT_5));
    // maxUnavailable 1 (the default) of 3 nodes, rounded up: 1. 5: every old pod available,
    // one goes (node-1). 6: gone; the manage loop makes the new one there. 8: it is available,
    // so node-2's old pod goes; and so on.
    assert_eq!(
        daemon_events(&s),
        at(&[
            (5.0, "delete node-1"),
            (6.0, "create node-1"),
            (8.0, "delete node-2"),
            (9.0, "create node-2"),
            (11.0, "delete node-3"),
            (12.0, "create node-3"),
        ])
    );
    let trace = run(&s);
    let lines = status_lines(&trace);
    assert_eq!(
        lines.first().unwrap(),
        &(
            5.0,
            "Waiting for daemon set \"agent\" rollout to finish: 0 out of 3 new pods have been updated...".to_string()
        )
    );
    assert_eq!(daemon_set_done_at(&trace), Some(14.0));
}

#[test]
fn daemon_set_surge_runs_two_pods_on_one_node() {
    let s = with_archive(daemon_set(
        3,
        "{rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}",
        SET_IMAGE_AT_5,
    ));
    // maxSurge 1: a new pod beside node-1's old one at 5; at 7 it is available, so the old
    // one goes and node-2 gets its new pod; and so on. Never fewer than 3 available pods.
    assert_eq!(
        daemon_events(&s),
        at(&[
            (5.0, "create node-1"),
            (7.0, "delete node-1"),
            (7.0, "create node-2"),
            (9.0, "delete node-2"),
            (9.0, "create node-3"),
            (11.0, "delete node-3"),
        ])
    );
    let mut sim = rollout_engine::Simulation::new(&s);
    let mut most = 0;
    while let Some(t) = sim.step() {
        let c = &sim.cluster;
        let available = c.existing_pods().filter(|p| p.is_available(0, t)).count();
        assert!(available >= 3, "{available} available at {t}");
        most = most.max(c.existing_pods().filter(|p| !p.is_terminating(t)).count());
    }
    assert_eq!(
        most, 4,
        "at most one node runs two pods (not counting those terminating)"
    );
    // A node counts as updated once its old pod is gone (its oldest pod is the one counted):
    // node-3's old pod is gone at 12 s.
    let trace = run(&s);
    assert_eq!(daemon_set_done_at(&trace), Some(12.0));
}

#[test]
fn nodes_added_and_removed_mid_rollout() {
    let rest = "events:\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 6, addNode: true}\n  - {at: 7, removeNode: node-3}\nuntil: 40\n";
    let s = with_archive(daemon_set(3, "{}", rest));
    // 6: node-1's old pod is gone and node-4 joins: both get a new pod at once (the manage
    // loop). 7: node-3 leaves with its pod. 8: the new pods are available: node-2's old pod
    // goes, 9: its new pod. node-3's pod was deleted by the pod GC, not by the controller.
    assert_eq!(
        daemon_events(&s),
        at(&[
            (5.0, "delete node-1"),
            (6.0, "create node-1"),
            (6.0, "create node-4"),
            (8.0, "delete node-2"),
            (9.0, "create node-2"),
        ])
    );
    let trace = run(&s);
    assert_eq!(daemon_set_done_at(&trace), Some(11.0));
    assert_eq!(final_status(&trace).0, 3, "node-1, node-2 and node-4");
}

/// A node whose kubelet stops reporting: its pod is not Ready, so the update deletes it first
/// (an unavailable old pod is always replaced), the deletion never completes, and the node
/// counts as unavailable for ever: the rollout stalls until the node is deleted.
#[test]
fn a_not_ready_node_stalls_the_daemon_set_until_it_is_deleted() {
    let rest = "events:\n  - {at: 2, nodeNotReady: node-2}\n  - {at: 5, setImage: 'web:v2'}\n  - {at: 20, removeNode: node-2}\nuntil: 40\n";
    let s = with_archive(daemon_set(3, "{}", rest));
    assert_eq!(
        daemon_events(&s),
        at(&[
            (5.0, "delete node-2"),
            (20.0, "delete node-1"),
            (21.0, "create node-1"),
            (23.0, "delete node-3"),
            (24.0, "create node-3"),
        ])
    );
    let trace = run(&s);
    let lines = status_lines(&trace);
    // The NotReady node no longer should run the pod: 2 desired.
    assert!(lines.contains(&(
        5.0,
        "Waiting for daemon set \"agent\" rollout to finish: 0 out of 2 new pods have been updated...".to_string()
    )), "{lines:?}");
    assert_eq!(daemon_set_done_at(&trace), Some(26.0));
}

#[test]
fn validation_in_kubernetes_words() {
    let err = |yaml: &str| {
        rollout_engine::manifest::parse_deployment(yaml)
            .unwrap_err()
            .to_string()
    };
    let ds = |strategy: &str| {
        format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent}}\nspec:\n  selector: {{matchLabels: {{app: a}}}}\n  updateStrategy: {strategy}\n  template: {{metadata: {{labels: {{app: a}}}}, spec: {{containers: [{{name: a, image: a}}]}}}}\n")
    };
    assert_eq!(
        err(&ds("{rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}")),
        "The DaemonSet \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"
    );
    assert_eq!(
        err(&ds("{rollingUpdate: {maxUnavailable: 1, maxSurge: '10%'}}")),
        "The DaemonSet \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"10%\"}: may not be set when maxUnavailable is non-zero"
    );
    let sts = |spec: &str| {
        format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web}}\nspec:\n  serviceName: web\n  selector: {{matchLabels: {{app: a}}}}\n{spec}  template: {{metadata: {{labels: {{app: a}}}}, spec: {{containers: [{{name: a, image: a}}]}}}}\n")
    };
    assert_eq!(
        err(&sts("  updateStrategy: {rollingUpdate: {partition: -1}}\n")),
        "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"
    );
    assert_eq!(
        err(&sts("  podManagementPolicy: Sometimes\n")),
        "The StatefulSet \"web\" is invalid: spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'"
    );
    assert_eq!(
        err(&sts("  updateStrategy: {rollingUpdate: {maxUnavailable: 0}}\n")),
        "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0"
    );
    assert!(
        err("apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata: {name: web}\n")
            .contains("no matches for kind \"StatefulSet\" in version \"apps/v1beta1\"")
    );
}

#[test]
fn a_saved_workload_reads_back_the_same() {
    for s in [
        stateful_set(
            3,
            "    podManagementPolicy: Parallel\n    updateStrategy: {rollingUpdate: {partition: 1, maxUnavailable: '50%'}}\n",
            SET_IMAGE_AT_5,
        ),
        stateful_set(2, "    updateStrategy: {type: OnDelete}\n", SET_IMAGE_AT_5),
        daemon_set(4, "{rollingUpdate: {maxUnavailable: 0, maxSurge: '25%'}}", SET_IMAGE_AT_5),
    ] {
        let back = rollout_engine::Scenario::from_value(&s.to_value()).unwrap();
        assert_eq!(back, s);
        let yaml = rollout_engine::sim::scenario::workload_yaml(&s);
        let loaded = rollout_engine::manifest::parse_deployment(&yaml).unwrap();
        assert_eq!(loaded.kind, s.kind);
        assert_eq!(loaded.workload, s.workload);
    }
}

#[test]
fn the_partition_stages_of_the_sweep() {
    use rollout_engine::sim::sweep::workloads::partition_after;
    // 5 replicas in 2 stages: ceil(5/2) = 3 ordinals first (partition 2), then the rest.
    assert_eq!(partition_after(5, 1, 2), 2);
    assert_eq!(partition_after(5, 2, 2), 0);
    // 4 stages of 4: one ordinal each.
    assert_eq!(
        (1..=4)
            .map(|k| partition_after(4, k, 4))
            .collect::<Vec<_>>(),
        [3, 2, 1, 0]
    );
}

#[test]
fn sweeps_over_the_workloads_own_knobs() {
    use rollout_engine::sim::sweep::workloads::{sweep_daemon_set, sweep_stateful_set};
    let sts = sweep_stateful_set(&stateful_set(4, "", SET_IMAGE_AT_5));
    let cell = |cells: &[rollout_engine::sim::sweep::workloads::WorkloadCell], name: &str| {
        cells
            .iter()
            .find(|c| c.setting == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .outcome
    };
    // One stage: the ordered trace above, 5 s to 17 s.
    let one = cell(&sts, "1 stage, maxUnavailable unset (1)");
    assert_eq!((one.duration, one.lowest_available), (Some(12.0), 3));
    // Four stages of one ordinal: each replaced in 3 s (gone 1 s, Ready 2 s), three holds of
    // 30 s between them: 4 × 3 + 90 = 102 s.
    let four = cell(&sts, "4 stages, maxUnavailable unset (1)");
    assert_eq!(four.duration, Some(102.0));
    assert_eq!(cell(&sts, "1 stage, maxUnavailable 2").lowest_available, 2);

    let ds = sweep_daemon_set(&daemon_set(4, "{}", SET_IMAGE_AT_5));
    // maxSurge 1 on 4 nodes: a node every 2 s from 5 s, the last old pod gone at 14 s: 9 s;
    // at 7 s node-1's old pod is still terminating beside node-1's and node-2's new ones:
    // 6 pods; never fewer than 4 available.
    let surge = cell(&ds, "maxUnavailable 0, maxSurge 1");
    assert_eq!(
        (surge.duration, surge.peak_pods, surge.lowest_available),
        (Some(9.0), 6, 4)
    );
    // maxUnavailable 25% of 4 nodes rounds up to 1: the same run as 1.
    assert_eq!(
        cell(&ds, "maxUnavailable 25%, maxSurge 0"),
        cell(&ds, "maxUnavailable 1, maxSurge 0")
    );
    // 100%: every old pod at once; none available until the new ones are.
    let all = cell(&ds, "maxUnavailable 100%, maxSurge 0");
    assert_eq!((all.duration, all.lowest_available), (Some(3.0), 0));
}

#[test]
fn kubectl_apply_may_not_change_what_kubernetes_keeps_and_drain_leaves_daemon_pods() {
    let manifest = |service: &str, partition: i32| {
        format!("{{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: web}}, spec: {{replicas: 3, serviceName: {service}, selector: {{matchLabels: {{app: web}}}}, updateStrategy: {{rollingUpdate: {{partition: {partition}}}}}, template: {{metadata: {{labels: {{app: web}}}}, spec: {{containers: [{{name: web, image: 'web:v1'}}]}}}}}}}}")
    };
    let rest = format!(
        "events:\n  - {{at: 5, apply: {}}}\n  - {{at: 6, apply: {}}}\nuntil: 10\n",
        manifest("other", 0),
        manifest("web", 2)
    );
    let s = stateful_set(3, "", &rest);
    let mut sim = rollout_engine::Simulation::new(&s);
    sim.run_until(sim.until);
    let outputs: Vec<String> = sim
        .cluster
        .log
        .iter()
        .filter_map(|r| match r {
            Record::Action { output, .. } => Some(output.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        outputs[0],
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
    // A change of the partition alone is a change of the spec: the generation moves.
    assert_eq!(outputs[1], "statefulset.apps/web configured");
    assert_eq!(sim.cluster.deployment.meta.generation, 2);

    let d = with_archive(daemon_set(
        2,
        "{}",
        "events:\n  - {at: 5, drain: node-1}\nuntil: 20\n",
    ));
    let trace = run(&d);
    let drain = trace
        .iter()
        .find_map(|r| match r {
            Record::Action { output, .. } => Some(output.clone()),
            _ => None,
        })
        .unwrap();
    assert!(
        drain.starts_with(
            "node/node-1 cordoned\nWarning: ignoring DaemonSet-managed Pods: default/agent-"
        ),
        "{drain}"
    );
    assert!(
        daemon_events(&d).is_empty(),
        "the DaemonSet's pods stay where they are"
    );
}
