//! Starting from the cluster you have: the List `kubectl get deploy,rs,pods -o yaml` prints (a
//! rollout caught halfway) read into the state the simulation starts from, and continued as the
//! controller would continue it.

mod support;

use rollout_engine::import::{self, ImportError};
use rollout_engine::{Scenario, Simulation};
use support::*;

const LIST: &str = include_str!("data/cluster-mid-rollout.yaml");

/// The fixture as a scenario, with the new image taking 30 s to become Ready.
fn caught_halfway() -> Scenario {
    let indented: String = LIST.lines().map(|l| format!("  {l}\n")).collect();
    scenario(&format!(
        "images: {{'hello:v2': {{readyAfter: 30}}}}\nuntil: 200\nstartFrom:\n{indented}"
    ))
}

#[test]
fn the_list_is_read_with_its_replica_sets_pods_and_conditions() {
    let (d, _, state) = import::parse(LIST).expect("the fixture reads");
    assert_eq!(d.meta.name, "rolling-update-test");
    assert_eq!(d.spec.template.first_image(), "hello:v2");
    assert_eq!(
        import::time::format_rfc3339(state.taken_at),
        "2024-05-01T12:00:29Z",
        "the latest timestamp in the List"
    );
    let sets: Vec<(String, i64, i32)> = state
        .replica_sets
        .iter()
        .map(|rs| (rs.meta.name.clone(), rs.revision(), rs.spec.replicas))
        .collect();
    assert_eq!(
        sets,
        [
            ("rolling-update-test-5d4597bc54".into(), 1, 5),
            ("rolling-update-test-6c8674945c".into(), 2, 8)
        ]
    );
    assert!(
        !state.replica_sets[1]
            .spec
            .template
            .labels
            .contains_key("pod-template-hash"),
        "the hash label is not part of the template compared"
    );
    assert_eq!(state.replica_sets[1].spec.template, d.spec.template);
    assert_eq!(state.pods.len(), 16);
    assert_eq!(state.pods.iter().filter(|p| p.deleted.is_some()).count(), 3);
    assert_eq!(state.not_ready(), 3);
    assert_eq!(state.nodes, ["node-a", "node-b", "node-c"]);
    assert_eq!(state.status.updated_replicas, 8);
    assert_eq!(
        state.summary(),
        "2 ReplicaSets and 16 pods (3 not yet Ready), as of 2024-05-01T12:00:29Z"
    );
}

#[test]
fn a_rollout_caught_halfway_continues_as_the_controller_would() {
    let s = caught_halfway();
    let trace = run(&s);
    let sc: Vec<(f64, i32, i32)> = scales(&trace)
        .into_iter()
        .map(|(t, _, from, to)| (t, from, to))
        .collect();
    // At t = 0 (the List's moment), 13 pods are counted (old 5 + new 8 = 10 + surge 3): no room
    // to grow. Available: 5 old + 5 new = 10; the new ReplicaSet misses 3; so 13 - 8 - 3 = 2 old
    // pods may go (reconcileOldReplicaSets), and then the new one grows by the 2 freed.
    assert_eq!(sc[0], (0.0, 5, 3));
    assert_eq!(sc[1], (0.0, 8, 10));
    // The two pods that were running but not Ready (started 9 s and 3 s before) become Ready 30 s
    // after they were scheduled, at 6 s and 12 s, and each lets one more old pod go.
    assert_eq!(sc[2], (6.0, 3, 2));
    assert_eq!(sc[3], (12.0, 2, 1));
    assert_eq!(final_status(&trace), (10, 10, 10, 10, 0));
    // The pods keep the names the cluster gave them.
    let mut sim = Simulation::new(&s);
    sim.run_until(0);
    let names: Vec<String> = sim
        .cluster
        .pods
        .iter()
        .map(|p| sim.cluster.pod_name(p))
        .collect();
    assert!(
        names.contains(&"rolling-update-test-6c8674945c-h6j2k".to_string()),
        "{names:?}"
    );
}

#[test]
fn a_scenario_from_a_clusters_state_is_saved_and_read_back() {
    let s = caught_halfway();
    let saved = s.to_value();
    assert!(
        saved.get("deployment").is_none(),
        "the List carries the Deployment"
    );
    assert_eq!(Scenario::from_value(&saved).unwrap(), s);
    // An edit of the spec is saved beside the List, and is a write the controller has to see.
    let mut edited = s.clone();
    edited.deployment.spec.replicas = 12;
    let saved = edited.to_value();
    assert_eq!(saved["deployment"]["spec"]["replicas"], 12);
    assert_eq!(Scenario::from_value(&saved).unwrap(), edited);
    let sim = Simulation::new(&edited);
    assert_eq!(sim.cluster.deployment.meta.generation, 3);
}

#[test]
fn what_the_server_adds_is_ignored_and_json_reads_like_yaml() {
    let yaml = import::parse(LIST).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(LIST).unwrap();
    let json = import::parse(&serde_json::to_string(&value).unwrap()).unwrap();
    assert_eq!(yaml, json);
}

fn refused(list: serde_json::Value) -> String {
    import::read_list(&[list]).unwrap_err().to_string()
}

#[test]
fn bad_lists_say_what_is_wrong_and_where() {
    let mut value: serde_json::Value = serde_saphyr::from_str(LIST).unwrap();
    let items = value["items"].as_array().unwrap().clone();
    let no_deployment = serde_json::json!({"kind": "List", "items": items[1..].to_vec()});
    assert_eq!(
        refused(no_deployment),
        "the List holds no Deployment (found Pod, ReplicaSet): run `kubectl get deploy,rs,pods -o yaml` with the Deployment's name or labels"
    );
    let mut two = items.clone();
    let mut other = items[0].clone();
    other["metadata"]["name"] = "other".into();
    two.push(other);
    assert!(refused(serde_json::json!({"kind": "List", "items": two}))
        .starts_with("the List holds 2 Deployments (rolling-update-test, other)"));
    // A pod of a ReplicaSet that is not in the List.
    value["items"][5]["metadata"]["ownerReferences"][0]["name"] = "web-123".into();
    assert_eq!(
        refused(value.clone()),
        "invalid cluster state: items[5].metadata.ownerReferences: Invalid value: \"web-123\": pod \"rolling-update-test-5d4597bc54-f2h4k\" belongs to ReplicaSet \"web-123\", which is not a ReplicaSet of Deployment \"rolling-update-test\" in the List"
    );
    let mut value: serde_json::Value = serde_saphyr::from_str(LIST).unwrap();
    value["items"][1]["metadata"]["ownerReferences"][0]["name"] = "api".into();
    assert!(refused(value).contains("items[1].metadata.ownerReferences: Invalid value: \"api\": ReplicaSet \"rolling-update-test-5d4597bc54\" belongs to Deployment \"api\", not to \"rolling-update-test\""));
    let mut value: serde_json::Value = serde_saphyr::from_str(LIST).unwrap();
    value["items"][3]["metadata"]["creationTimestamp"] = "yesterday".into();
    assert!(refused(value).contains("items[3].metadata.creationTimestamp: Invalid value: \"yesterday\": must be an RFC 3339 time"));
    assert!(matches!(
        import::read_list(&[serde_json::json!({"kind": "Deployment"})]),
        Err(ImportError::NotAList { .. })
    ));
}
