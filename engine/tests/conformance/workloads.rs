//! Conformance for StatefulSets and DaemonSets: every case of upstream's tables in
//! `tests/data/workload-vectors.json` (or the file named by `ROLLOUT_LAB_WORKLOAD_VECTORS`) run
//! against the engine's `controller::statefulset` and `controller::daemon`. The two
//! procedural tables drive the controller as upstream's tests do: one pass of the update over
//! a prepared set of pods, or a whole simulated update run to its end.

use crate::strict::J;
use crate::support::check;
use crate::tables::{run_tables, Runner, TableReport};
use rollout_engine::api::{
    DaemonSetStrategy, Fate, Node, Pod, PodManagementPolicy, ReplicaSet, StatefulSetStrategy,
    UpdateStrategyType,
};
use rollout_engine::cluster::Cluster;
use rollout_engine::controller::daemon::{daemon_controller, update};
use rollout_engine::controller::statefulset::{
    stateful_set_control, stateful_set_utils, StatefulSetState,
};
use rollout_engine::intstr::IntOrString;
use rollout_engine::sim::{Scenario, Simulation};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn runner(table: &str) -> Option<Runner> {
    Some(match table {
        "TestGetUnavailableNumbers" => updated_desired_node_counts,
        "TestGetStatefulSetMaxUnavailable" => stateful_set_max_unavailable,
        "TestStatefulSetControlRollingUpdateWithMaxUnavailableInOrderedModeVerifyInvariant" => {
            after_invariant_established
        }
        "TestStatefulSetControlRollingUpdateWithPartition" => rolling_update_with_partition,
        _ => return None,
    })
}

fn update_type(j: &J) -> UpdateStrategyType {
    match j.str() {
        "RollingUpdate" | "" => UpdateStrategyType::RollingUpdate,
        "OnDelete" => UpdateStrategyType::OnDelete,
        other => panic!("{}: unknown update strategy type {other:?}", j.path()),
    }
}

fn policy(j: &J) -> PodManagementPolicy {
    match j.str() {
        "" | "OrderedReady" => PodManagementPolicy::OrderedReady,
        "Parallel" => PodManagementPolicy::Parallel,
        other => panic!("{}: unknown podManagementPolicy {other:?}", j.path()),
    }
}

/// A node as the vectors write it: its Ready condition and taints are what the daemon
/// controller reads; labels, and allocatable, do not matter to it without a nodeSelector.
fn node(j: &J) -> Node {
    let ready = j
        .at("conditions")
        .array()
        .iter()
        .any(|c| c.at("type").str() == "Ready" && c.at("status").str() == "True");
    assert!(
        j.at("taints").array().is_empty(),
        "{}: taints are not modelled",
        j.path()
    );
    assert!(
        j.at("labels").is_null(),
        "{}: labels are not modelled",
        j.path()
    );
    j.at("allocatable").ignore(&["pods"]);
    Node {
        name: j.at("name").str().to_string(),
        allocatable: Default::default(),
        ready_at: 0,
        unschedulable: false,
        to_be_deleted: None,
        removed: None,
        autoscaled: false,
        not_ready: (!ready).then_some(0),
    }
}

/// `(*DaemonSetsController).updatedDesiredNodeCounts`, with the nodes that should run the pod
/// decided by `NodeShouldRunDaemonPod`.
fn updated_desired_node_counts(i: &J, e: &J) -> Result<(), String> {
    let ds = i.at("ds");
    ds.ignore(&["name"]);
    let spec = ds.at("spec");
    let template = spec.at("template").at("spec");
    for k in ["nodeSelector", "affinity", "tolerations"] {
        assert!(template.at(k).is_null(), "{k} is not modelled");
    }
    assert_eq!(spec.at("minReadySeconds").int(), 0);
    let strategy = spec.at("updateStrategy");
    let ru = strategy.at("rollingUpdate");
    let s = DaemonSetStrategy {
        update_type: update_type(&strategy.at("type")),
        max_unavailable: ru
            .at("maxUnavailable")
            .go_ios()
            .unwrap_or(IntOrString::Int(1)),
        max_surge: ru.at("maxSurge").go_ios().unwrap_or(IntOrString::Int(0)),
    };
    let nodes: Vec<(String, bool)> = i
        .at("nodes")
        .array()
        .iter()
        .map(|n| {
            let node = node(n);
            let run = daemon_controller::node_should_run_daemon_pod(&node, 0).0;
            (node.name, run)
        })
        .collect();
    let mut map: BTreeMap<String, Vec<()>> = BTreeMap::new();
    for (name, pods) in i.at("nodeToDaemonPods").entries() {
        let pods = pods.array();
        for p in &pods {
            p.ignore(&["generateName", "ready", "deletionTimestamp"]);
            assert_eq!(p.at("nodeName").str(), name);
        }
        map.insert(name.to_string(), vec![(); pods.len()]);
    }
    let (surge, unavailable, desired) =
        update::updated_desired_node_counts(&s, &nodes, &mut map).map_err(|e| format!("{e:?}"))?;
    check("maxSurge", surge, e.at("maxSurge").int())?;
    check("maxUnavailable", unavailable, e.at("maxUnavailable").int())?;
    check(
        "desiredNumberScheduled",
        desired,
        e.at("desiredNumberScheduled").int(),
    )?;
    let empty = map.values().filter(|p| p.is_empty()).count() as i32;
    check("emptyNodes", empty, e.at("emptyNodes").int())
}

/// `getStatefulSetMaxUnavailable`.
fn stateful_set_max_unavailable(i: &J, e: &J) -> Result<(), String> {
    let got = stateful_set_utils::get_stateful_set_max_unavailable(
        i.at("maxUnavailable").go_ios().as_ref(),
        i.at("replicaCount").int(),
    )
    .map_err(|e| format!("{e:?}"))?;
    check("maxUnavailable", got, e.at("maxUnavailable").int())
}

/// A Running and Ready pod of revision `owner`, at `ordinal`, made long before `now`.
fn ready_pod(c: &mut Cluster, st: &mut StatefulSetState, owner: usize, ordinal: i32) -> Pod {
    let uid = c.next_uid();
    let mut p = Pod::created(0, uid, owner, -10_000, Fate::Healthy);
    p.node = Some(0);
    p.started = -9_000;
    p.ready = Some(-8_000);
    st.ordinals.insert(uid, ordinal);
    p
}

/// One call of `updateStatefulSetAfterInvariantEstablished` over six Running and Ready pods of
/// the current revision, the terminating ordinals replaced by terminating pods of no revision:
/// the pods left after it.
fn after_invariant_established(i: &J, e: &J) -> Result<(), String> {
    let set = i.at("statefulSet");
    let spec = set.at("spec");
    let replicas = spec.at("replicas").int();
    check(
        "status.replicas",
        set.at("status").at("replicas").int(),
        replicas,
    )?;
    assert_eq!(spec.at("minReadySeconds").int(), 0);
    let strategy = spec.at("updateStrategy");
    let ru = strategy.at("rollingUpdate");
    let gates = i.at("featureGates");
    if !gates.at("MaxUnavailableStatefulSet").bool() {
        return Err(
            "the case runs with MaxUnavailableStatefulSet off, which this path needs on".into(),
        );
    }
    i.at("pods").str();
    let update_name = i.at("updateRevision").at("name").str();
    let mut st = StatefulSetState::new(StatefulSetStrategy {
        pod_management_policy: policy(&spec.at("podManagementPolicy")),
        update_type: update_type(&strategy.at("type")),
        partition: ru.at("partition").opt_int(),
        max_unavailable: ru.at("maxUnavailable").go_ios(),
        service_name: String::new(),
    });
    let d = crate::support::deployment(replicas, None, None, "RollingUpdate");
    let mut c = Cluster::new(d, Default::default());
    // Revision 0 is the current one the pods carry; revision 1 the update revision, named as
    // the case names it ("" is also what a pod without the label reads as).
    for name in ["current", update_name] {
        let uid = c.next_uid();
        let r = ReplicaSet::created(name.into(), uid, Default::default(), 0, -10_000);
        c.replica_sets.push(r);
    }
    let terminating: Vec<i32> = i
        .at("terminatingOrdinals")
        .array()
        .iter()
        .map(J::int)
        .collect();
    for ord in 0..replicas {
        let mut p = if terminating.contains(&ord) {
            let mut p = ready_pod(&mut c, &mut st, 1, ord);
            p.deleted = Some(-1_000);
            p.gone = Some(60_000);
            p
        } else {
            ready_pod(&mut c, &mut st, 0, ord)
        };
        p.name_prefix = 0;
        c.pods.push(p);
    }
    let ordered: Vec<usize> = (0..c.pods.len()).collect();
    let before = c.pods.iter().filter(|p| p.deleted.is_none()).count();
    let deleted = stateful_set_control::update_stateful_set_after_invariant_established(
        &mut c, &st, &ordered, 1,
    );
    let deleted_now = before - c.pods.iter().filter(|p| p.deleted.is_none()).count();
    check("pods deleted (counted)", deleted, deleted_now)?;
    check(
        "podCountAfterUpdate",
        (c.pods.len() - deleted) as i32,
        e.at("podCountAfterUpdate").int(),
    )
}

/// A StatefulSet of `initialReplicas` pods runs; its image changes (and its replicas, maybe)
/// with a partition; the simulated controller runs until nothing changes: which ordinals run
/// which image.
fn rolling_update_with_partition(i: &J, e: &J) -> Result<(), String> {
    let initial = i.at("initialReplicas").int();
    let policy = i.at("podManagementPolicy").str();
    let strategy = i.at("updateStrategy");
    let ru = strategy.at("rollingUpdate");
    let (from, to) = i
        .at("update")
        .at("templateImageChange")
        .str()
        .split_once(" -> ")
        .expect("`old -> new`");
    let replicas = i.at("update").at("replicas").int();
    let manifest = |image: &str, replicas: i32| {
        let mut rolling = json!({ "partition": ru.at("partition").int() });
        if let Some(m) = ru.at("maxUnavailable").go_ios() {
            rolling["maxUnavailable"] = serde_json::to_value(m).unwrap();
        }
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "foo"},
            "spec": {
                "replicas": replicas,
                "podManagementPolicy": if policy.is_empty() { "OrderedReady" } else { policy },
                "selector": {"matchLabels": {"app": "foo"}},
                "updateStrategy": {"type": strategy.at("type").str(), "rollingUpdate": rolling},
                "template": {"metadata": {"labels": {"app": "foo"}},
                    "spec": {"containers": [{"name": "nginx", "image": image}]}}
            }
        })
    };
    let scenario = json!({
        "deployment": manifest(from, initial),
        "images": {from: {"readyAfter": 1}, to: {"readyAfter": 1}},
        "events": [{"at": 1, "apply": manifest(to, replicas)}],
        "until": 600
    });
    let s = Scenario::from_value(&scenario).map_err(|e| e.to_string())?;
    let mut sim = Simulation::new(&s);
    sim.run_until(sim.until);
    let c = &sim.cluster;
    let now = c.now;
    let mut by_ordinal: Vec<(i32, String)> = c
        .existing_pods()
        .filter(|p| !p.is_terminating(now))
        .map(|p| {
            let ord = rollout_engine::controller::statefulset::ordinal_of(c, p.uid).unwrap();
            (
                ord,
                c.replica_sets[p.owner]
                    .spec
                    .template
                    .first_image()
                    .to_string(),
            )
        })
        .collect();
    by_ordinal.sort();
    let ordinals = |image: &str| -> Vec<i32> {
        by_ordinal
            .iter()
            .filter(|(_, i)| i == image)
            .map(|(o, _)| *o)
            .collect()
    };
    let want = |k: &str| -> Vec<i32> { e.at(k).array().iter().map(J::int).collect() };
    check(
        "ordinalsWithOriginalImage",
        ordinals(from),
        want("ordinalsWithOriginalImage"),
    )?;
    check(
        "ordinalsWithUpdatedImage",
        ordinals(to),
        want("ordinalsWithUpdatedImage"),
    )
}

fn workload_vectors_path() -> String {
    crate::vectors_path_or("ROLLOUT_LAB_WORKLOAD_VECTORS", "workload-vectors.json")
}

fn run_workload_vectors(doc: &Value, path: &str) -> TableReport {
    run_tables(doc, path, "workloads", runner, &[])
}

#[test]
fn statefulset_and_daemonset_unit_test_tables() {
    let path = workload_vectors_path();
    let report = run_workload_vectors(&crate::read_vectors(&path), &path);
    assert!(
        report.failures.is_empty(),
        "{} failures:\n{}",
        report.failures.len(),
        report.failures.join("\n")
    );
    assert_eq!(report.ran, 26, "every case of the four tables ran");
}

/// The harness refuses what it cannot check: a changed expectation, a missing field, an unread
/// field and a table without a runner each fail the run.
#[test]
fn the_workload_run_fails_on_what_it_cannot_check() {
    let doc = crate::read_vectors(&workload_vectors_path());
    let fails = |change: &dyn Fn(&mut Value), want: &str| {
        let mut d = doc.clone();
        change(&mut d);
        let r = run_workload_vectors(&d, "mutated");
        assert!(
            r.failures.iter().any(|f| f.contains(want)),
            "expected a failure containing {want:?}, got {:?}",
            r.failures
        );
    };
    fails(
        &|d| d["tables"][1]["cases"][5]["expected"]["maxUnavailable"] = Value::from(3),
        "maxUnavailable: got 2, want 3",
    );
    fails(
        &|d| d["tables"][2]["cases"][1]["expected"]["podCountAfterUpdate"] = Value::from(4),
        "podCountAfterUpdate: got 5, want 4",
    );
    fails(
        &|d| d["tables"][3]["cases"][0]["expected"]["ordinalsWithUpdatedImage"] = json!([1, 2]),
        "ordinalsWithUpdatedImage",
    );
    fails(
        &|d| {
            d["tables"][1]["cases"][0]["input"]
                .as_object_mut()
                .unwrap()
                .remove("replicaCount");
        },
        "input.replicaCount",
    );
    fails(
        &|d| d["tables"][0]["cases"][0]["input"]["surprise"] = Value::from(1),
        "unread field(s): input.surprise",
    );
    fails(
        &|d| d["tables"][0]["name"] = Value::from("TestSomethingElse"),
        "no runner",
    );
}
