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
