//! The settings form's conversion: text in, a Deployment (or Kubernetes' errors) out.

use super::*;
use rollout_engine::api::validation::ErrorKind;

fn story() -> Scenario {
    crate::persist::default_scenario()
}

fn form(edits: &[(Field, &str)]) -> Settings {
    let mut s = Settings::from_scenario(&story());
    for (f, v) in edits {
        s.set(*f, v.to_string());
    }
    s
}

fn paths(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn the_form_filled_from_a_scenario_gives_the_same_scenario_back() {
    let story = story();
    let settings = Settings::from_scenario(&story);
    assert_eq!(settings.get(Field::Replicas), "3");
    assert_eq!(settings.get(Field::MaxSurge), "25%");
    assert_eq!(settings.get(Field::ProgressDeadlineSeconds), "600");
    let back = settings.apply(&story).expect("the story is valid");
    assert_eq!(back.deployment, story.deployment);
    assert_eq!(back.kind, story.kind);
}

#[test]
fn integers_and_percentages_keep_their_form() {
    let s = form(&[(Field::MaxSurge, "2"), (Field::MaxUnavailable, " 10% ")])
        .apply(&story())
        .unwrap();
    let ru = s.deployment.spec.strategy.rolling_update.unwrap();
    assert_eq!(ru.max_surge, Some(IntOrString::Int(2)));
    assert_eq!(ru.max_unavailable, Some(IntOrString::String("10%".into())));
}

#[test]
fn empty_optional_fields_mean_unset() {
    let s = form(&[
        (Field::ProgressDeadlineSeconds, ""),
        (Field::RevisionHistoryLimit, " "),
    ])
    .apply(&story())
    .unwrap();
    assert_eq!(s.deployment.spec.progress_deadline_seconds, None);
    assert_eq!(s.deployment.spec.revision_history_limit, None);
    // An empty count of replicas or seconds is not "unset": it is not an integer.
    let errors = form(&[(Field::MinReadySeconds, "")])
        .apply(&story())
        .unwrap_err();
    assert_eq!(paths(&errors), ["spec.minReadySeconds"]);
}

#[test]
fn every_bad_field_is_reported_at_once_with_its_path() {
    let errors = form(&[
        (Field::Replicas, "-1"),
        (Field::MinReadySeconds, "abc"),
        (Field::TerminationGracePeriodSeconds, "4294967296"),
    ])
    .apply(&story())
    .unwrap_err();
    assert_eq!(
        paths(&errors),
        [
            "spec.replicas",
            "spec.minReadySeconds",
            "spec.template.spec.terminationGracePeriodSeconds"
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
    assert!(errors[2]
        .to_string()
        .ends_with("must fit in a 32-bit integer"));
}

#[test]
fn both_zero_is_refused_as_the_api_server_refuses_it() {
    let errors = form(&[(Field::MaxSurge, "0"), (Field::MaxUnavailable, "0%")])
        .apply(&story())
        .unwrap_err();
    assert_eq!(
        paths(&errors),
        ["spec.strategy.rollingUpdate.maxUnavailable"]
    );
    assert!(matches!(errors[0].kind, ErrorKind::Invalid(_)));
    assert!(errors[0]
        .to_string()
        .ends_with("may not be 0 when `maxSurge` is 0"));
}

#[test]
fn recreate_has_no_rolling_parameters_and_legacy_is_a_replication_controller() {
    let mut recreate = form(&[]);
    recreate.strategy = StrategyChoice::Recreate;
    let s = recreate.apply(&story()).unwrap();
    assert_eq!(s.deployment.spec.strategy.kind, StrategyType::Recreate);
    assert_eq!(s.deployment.spec.strategy.rolling_update, None);

    // kubectl rolling-update ignores the form's surge and unavailability, so bad ones do not
    // block it.
    let mut legacy = form(&[(Field::MaxSurge, "0"), (Field::MaxUnavailable, "0")]);
    legacy.strategy = StrategyChoice::LegacyRollingUpdate;
    let s = legacy.apply(&story()).unwrap();
    assert_eq!(s.kind, WorkloadKind::ReplicationController);
    assert_eq!(
        Settings::from_scenario(&s).strategy,
        StrategyChoice::LegacyRollingUpdate
    );
    assert_eq!(
        StrategyChoice::from_value("legacy"),
        StrategyChoice::LegacyRollingUpdate
    );
    assert_eq!(
        StrategyChoice::from_value("nonsense"),
        StrategyChoice::RollingUpdate
    );
}

fn lesson_scenario(file: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{}/lessons/{file}", env!("CARGO_MANIFEST_DIR")))
        .expect("the lesson");
    rollout_engine::lesson::Lesson::parse(&text)
        .expect("a valid lesson")
        .scenario
}

#[test]
fn a_rollout_stays_a_rollout_through_the_form_and_its_steps_read_back() {
    let abort = lesson_scenario("21-abort.yaml");
    let settings = Settings::from_scenario(&abort);
    assert_eq!(settings.strategy, StrategyChoice::ArgoCanary);
    assert_eq!(settings.argo.steps.len(), 5);
    assert_eq!(
        settings.argo.templates(true),
        vec!["success-rate".to_string()]
    );
    let back = settings.apply(&abort).expect("valid");
    assert_eq!(back.kind, WorkloadKind::Rollout);
    assert_eq!(back.rollout, abort.rollout);
    assert_eq!(back.analysis, abort.analysis);
    let bg = lesson_scenario("22-blue-green.yaml");
    let back = Settings::from_scenario(&bg).apply(&bg).expect("valid");
    assert_eq!(back.rollout, bg.rollout);
}

#[test]
fn rollout_edits_are_checked_with_argo_rollouts_words_and_by_field() {
    use crate::settings::rollout::{ArgoEdit, ArgoFlag, StepKind};
    let abort = lesson_scenario("21-abort.yaml");
    let mut s = Settings::from_scenario(&abort);
    s.argo.edit(ArgoEdit::StepValue(0, "120".into()));
    s.argo.edit(ArgoEdit::AnalysisMeasurements(
        "success-rate".into(),
        "none".into(),
    ));
    let errors = s.apply(&abort).unwrap_err();
    assert_eq!(
        paths(&errors),
        vec![
            "spec.strategy.canary.steps[0].setWeight",
            "analysis.success-rate.measurements"
        ]
    );
    assert!(errors[0]
        .to_string()
        .contains("SetWeight needs to be between 0 and 100"));
    // A good edit: the first step at 50%, an extra pause, a Failed analysis after 5, abort on
    // the deadline.
    let mut s = Settings::from_scenario(&abort);
    s.argo.edit(ArgoEdit::StepValue(0, "50".into()));
    s.argo.edit(ArgoEdit::AddStep);
    s.argo.edit(ArgoEdit::StepKind(5, StepKind::Pause));
    s.argo.edit(ArgoEdit::StepValue(5, "1m".into()));
    s.argo.edit(ArgoEdit::AnalysisMeasurements(
        "success-rate".into(),
        "5".into(),
    ));
    s.argo
        .edit(ArgoEdit::Flag(ArgoFlag::ProgressDeadlineAbort, true));
    let next = s.apply(&abort).expect("valid");
    let ro = next.rollout.expect("a Rollout");
    let c = ro.canary().expect("a canary");
    assert_eq!(c.steps[0].set_weight, Some(50));
    assert_eq!(c.steps[5].pause.and_then(|p| p.duration), Some(60));
    assert!(ro.spec.progress_deadline_abort);
    assert_eq!(next.analysis["success-rate"].measurements, 5);
    // Switching a Deployment to blue-green gives a Rollout with the default Services.
    let mut s = Settings::from_scenario(&story());
    s.strategy = StrategyChoice::ArgoBlueGreen;
    let bg = s.apply(&story()).expect("valid");
    assert_eq!(bg.kind, WorkloadKind::Rollout);
    assert_eq!(
        bg.rollout.unwrap().blue_green().unwrap().active_service,
        "active"
    );
}

#[test]
fn the_form_keeps_what_it_does_not_show() {
    // Every strategy field set, most of them not in the form: applying the form unchanged gives
    // the same Rollout back.
    let rich = Scenario::parse(
        "deployment:
  apiVersion: argoproj.io/v1alpha1
  kind: Rollout
  metadata: {name: web}
  spec:
    replicas: 4
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: 'web:v1'}]}
    progressDeadlineAbort: true
    strategy:
      canary:
        maxSurge: 1
        trafficRouting: {maxTrafficWeight: 1000}
        dynamicStableScale: true
        scaleDownDelaySeconds: 5
        minPodsPerReplicaSet: 2
        analysis: {templates: [{templateName: bg}], startingStep: 1}
        steps:
        - setCanaryScale: {weight: 20}
        - setCanaryScale: {matchTrafficWeight: true}
        - setCanaryScale: {replicas: 3}
        - pause: {duration: 90s}
until: 30",
    )
    .expect("valid");
    let back = Settings::from_scenario(&rich).apply(&rich).expect("valid");
    assert_eq!(back.rollout, rich.rollout);
    let bg = Scenario::parse(
        "deployment:
  apiVersion: argoproj.io/v1alpha1
  kind: Rollout
  metadata: {name: web}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: 'web:v1'}]}
    strategy:
      blueGreen: {activeService: a, autoPromotionEnabled: true, maxUnavailable: 1, prePromotionAnalysis: {templates: [{templateName: p}]}}
until: 30",
    )
    .expect("valid");
    let back = Settings::from_scenario(&bg).apply(&bg).expect("valid");
    assert_eq!(back.rollout, bg.rollout);
}

#[test]
fn a_statefulset_or_daemonset_round_trips_through_the_form_and_is_checked_in_kubernetes_words() {
    use crate::settings::workloads::WorkloadEdit;
    use rollout_engine::api::{AppsWorkload, PodManagementPolicy};
    let sts = Scenario::parse(include_str!("../../scenarios/statefulset.yaml")).unwrap();
    let settings = Settings::from_scenario(&sts);
    assert_eq!(settings.strategy, StrategyChoice::StatefulSet);
    let back = settings.apply(&sts).expect("valid");
    assert_eq!((back.kind, &back.workload), (sts.kind, &sts.workload));
    assert_eq!(back.deployment, sts.deployment);

    // Parallel, partition 2, maxUnavailable 50%: the StatefulSet the form describes.
    let mut edited = settings.clone();
    edited
        .workload
        .edit(WorkloadEdit::Policy(PodManagementPolicy::Parallel));
    edited.workload.edit(WorkloadEdit::Partition("2".into()));
    edited
        .workload
        .edit(WorkloadEdit::MaxUnavailable("50%".into()));
    let Some(AppsWorkload::StatefulSet(st)) = edited.apply(&sts).unwrap().workload else {
        panic!("a StatefulSet");
    };
    assert_eq!(st.pod_management_policy, PodManagementPolicy::Parallel);
    assert_eq!(st.partition, Some(2));
    assert_eq!(st.max_unavailable, Some(IntOrString::String("50%".into())));

    let mut bad = settings.clone();
    bad.workload.edit(WorkloadEdit::Partition("-1".into()));
    let errors = bad.apply(&sts).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"
    );

    // A Deployment switched to a DaemonSet keeps its template; its surge and unavailability
    // are the DaemonSet's, which may not both be set.
    let mut ds = Settings::from_scenario(&story());
    ds.strategy = StrategyChoice::DaemonSet;
    ds.set(Field::MaxSurge, "1".into());
    ds.set(Field::MaxUnavailable, "1".into());
    let errors = ds.apply(&story()).unwrap_err();
    assert_eq!(
        paths(&errors),
        ["spec.updateStrategy.rollingUpdate.maxSurge"],
        "{errors:?}"
    );
    ds.set(Field::MaxUnavailable, "0".into());
    let s = ds.apply(&story()).expect("valid");
    assert_eq!(s.kind, WorkloadKind::DaemonSet);
    assert_eq!(s.deployment.spec.template, story().deployment.spec.template);
    let Some(AppsWorkload::DaemonSet(d)) = &s.workload else {
        panic!("a DaemonSet");
    };
    assert_eq!(d.max_surge, IntOrString::Int(1));
}
