//! The scenario file format: what it accepts, keeps and refuses, in the words of its errors.

mod support;

use rollout_engine::sim::SimError;
use rollout_engine::{Scenario, Simulation};
use support::*;

fn base(rest: &str) -> String {
    format!(
        "{}{rest}",
        rollout_engine::sim::scenario::deployment_yaml("web", 3, "{type: RollingUpdate}")
    )
}

fn error(text: &str) -> String {
    Scenario::parse(text)
        .expect_err("must be refused")
        .to_string()
}

#[test]
fn descriptions_are_read_shown_and_kept_on_save() {
    let s = scenario(&base(
        "description: 'Why 25% of 3 surges one pod'\nevents: [{at: 5, setImage: 'web:v2', description: 'the new version'}]\n",
    ));
    assert_eq!(
        s.description.as_deref(),
        Some("Why 25% of 3 surges one pod")
    );
    assert_eq!(s.events[0].description.as_deref(), Some("the new version"));
    let again = Scenario::parse(&s.to_yaml()).unwrap();
    assert_eq!(again, s, "saved and read back the same");
    assert!(
        error(&base("description: 5\n")).contains("description: Invalid value: 5: must be text")
    );
}

#[test]
fn pause_false_and_resume_false_are_refused_not_acted_on() {
    assert_eq!(
        error(&base("events: [{at: 5, pause: false}]\n")),
        "invalid scenario: events[0].pause: Invalid value: \"false\": must be true (to resume, use `resume: true`)"
    );
    assert!(error(&base("events: [{at: 5, resume: false}]\n")).contains(
        "events[0].resume: Invalid value: \"false\": must be true (to pause, use `pause: true`)"
    ));
    // `pause: true` still pauses.
    let s = scenario(&base("events: [{at: 5, pause: true}]\n"));
    let mut sim = Simulation::new(&s);
    sim.run_until(6_000);
    assert!(sim.cluster.deployment.spec.paused);
}

#[test]
fn unknown_keys_are_refused_in_every_section() {
    assert_eq!(
        error(&base("cluster: {nodes: 3, capacty: 10}\n")),
        "invalid scenario: cluster.capacty: Unsupported value: \"capacty\": supported values: \"nodes\", \"capacity\", \"node\", \"autoscaler\", \"pdb\", \"hpa\""
    );
    assert!(error(&base("rollingUpdate: {period: 5}\n")).contains(
        "rollingUpdate.period: Unsupported value: \"period\": supported values: \"updatePeriod\", \"pollInterval\""
    ));
    assert!(error(&base("traffic: {rate: 5, prestop: 1}\n"))
        .contains("traffic.prestop: Unsupported value: \"prestop\": supported values: \"rate\""));
    assert!(error(&base("colour: red\n")).contains("colour: Unsupported value: \"colour\""));
}

#[test]
fn a_traffic_error_names_its_field() {
    assert_eq!(
        error(&base("traffic: {rate: -1}\n")),
        "invalid scenario: traffic.rate: Invalid value: -1: must be between 0 and 100000"
    );
    assert_eq!(
        error(&base("traffic: {preStopSleep: fast}\n")),
        "invalid scenario: traffic.preStopSleep: Invalid value: \"fast\": must be a number"
    );
    assert!(error(&base("traffic: {seed: -3}\n"))
        .starts_with("invalid scenario: traffic.seed: Invalid value: -3"));
}

#[test]
fn a_run_that_does_not_settle_reports_it() {
    let s = scenario(include_str!("../../scenarios/story.yaml"));
    let mut sim = Simulation::new(&s);
    // One controller pass per instant cannot hold the story's first step (the new ReplicaSet is
    // created, then its pod, then the status follows): the run stops there and says so.
    sim.set_settle_limit(1);
    let err = sim.run_checked().expect_err("it does not settle");
    assert_eq!(
        err,
        SimError::NotSettled {
            t: 5_000,
            passes: 1
        }
    );
    assert!(err
        .to_string()
        .starts_with("the controllers did not settle at t=5 s"));
    // With the default limit the story settles at every instant.
    assert!(Simulation::new(&s).run_checked().is_ok());
}

#[test]
fn an_old_api_version_is_saved_in_the_same_version() {
    let text = "deployment:
  apiVersion: extensions/v1beta1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 3
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: 'web:v1'}]}
";
    let s = scenario(text);
    assert_eq!(
        s.api_version,
        rollout_engine::manifest::ApiVersion::ExtensionsV1beta1
    );
    let saved = s.to_value();
    assert_eq!(saved["deployment"]["apiVersion"], "extensions/v1beta1");
    assert!(saved["deployment"]["spec"]
        .get("revisionHistoryLimit")
        .is_none());
    assert_eq!(Scenario::from_value(&saved).unwrap(), s);
}

#[test]
fn the_command_line_says_what_a_cluster_of_today_answers_an_old_manifest() {
    let text = "deployment:
  apiVersion: extensions/v1beta1
  kind: Deployment
  metadata: {name: rolling-update-test}
  spec:
    replicas: 3
    template:
      metadata: {labels: {app: rolling-update-test}}
      spec: {containers: [{name: hello, image: 'hello:v1'}]}
events: [{at: 5, setImage: 'hello:v2'}]
until: 20
";
    let out = rollout_engine::report::run_text(text, rollout_engine::report::Format::Text).unwrap();
    assert!(out.starts_with("note: This Deployment is written in extensions/v1beta1, which Kubernetes deprecated in 1.8 and stopped serving in 1.16."));
    assert!(out.contains("no matches for kind \"Deployment\" in version \"extensions/v1beta1\""));
    // The apps/v1 equivalent keeps the old behaviour: surge 1, unavailable 1, no limits.
    for line in [
        "apiVersion: apps/v1",
        "maxSurge: 1",
        "maxUnavailable: 1",
        "progressDeadlineSeconds: 2147483647",
        "revisionHistoryLimit: 2147483647",
    ] {
        assert!(out.contains(line), "{line}");
    }
}

#[test]
fn a_downloaded_manifest_loads_back_as_the_same_workload() {
    use rollout_engine::manifest::{parse_deployment, ApiVersion, WorkloadKind};
    use rollout_engine::sim::scenario::workload_yaml;
    let rc = replication_controller_story("");
    let old = scenario(
        "deployment:
  apiVersion: extensions/v1beta1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 4
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: 'web:v1'}]}
",
    );
    let story = scenario(&base(""));
    for (s, kind, api, first_line) in [
        (
            &rc,
            WorkloadKind::ReplicationController,
            ApiVersion::AppsV1,
            "apiVersion: v1\nkind: ReplicationController",
        ),
        (
            &old,
            WorkloadKind::Deployment,
            ApiVersion::ExtensionsV1beta1,
            "apiVersion: extensions/v1beta1\nkind: Deployment",
        ),
        (
            &story,
            WorkloadKind::Deployment,
            ApiVersion::AppsV1,
            "apiVersion: apps/v1\nkind: Deployment",
        ),
    ] {
        let text = workload_yaml(s);
        assert!(text.starts_with(first_line), "{text}");
        let loaded = parse_deployment(&text).expect("the download loads");
        assert_eq!(loaded.kind, kind);
        assert_eq!(loaded.api_version, api);
        assert_eq!(loaded.deployment, s.deployment, "{text}");
    }
}
