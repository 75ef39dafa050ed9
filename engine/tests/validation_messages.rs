//! Kubernetes' messages for an invalid Deployment, in the forms `field.Error` prints them
//! (v1.28): strings with `%q`, IntOrString values, label maps and LabelSelectors with `%#v`,
//! every error at once in upstream's order, and kubectl's bulleted summary.

use rollout_engine::manifest::parse_deployment;

fn error(spec: &str) -> String {
    let text =
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n{spec}");
    parse_deployment(&text)
        .map(|_| ())
        .expect_err("must be refused")
        .to_string()
}

const TEMPLATE: &str = "  template:\n    metadata: {labels: {app: web, tier: front}}\n    spec: {containers: [{name: web, image: 'web:1'}]}\n";

#[test]
fn a_missing_selector_is_required_and_matches_no_labels() {
    assert_eq!(
        error(TEMPLATE),
        "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"front\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn an_empty_selector_is_invalid_and_prints_as_a_label_selector() {
    assert_eq!(
        error(&format!("  selector: {{}}\n{TEMPLATE}")),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
    );
}

#[test]
fn int_or_string_values_print_as_the_go_struct() {
    let e = error(&format!(
        "  selector: {{matchLabels: {{app: web}}}}\n  strategy: {{rollingUpdate: {{maxSurge: 0, maxUnavailable: '150%'}}}}\n{TEMPLATE}"
    ));
    assert_eq!(
        e,
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"
    );
    let both_zero = error(&format!(
        "  selector: {{matchLabels: {{app: web}}}}\n  strategy: {{rollingUpdate: {{maxSurge: 0, maxUnavailable: '0%'}}}}\n{TEMPLATE}"
    ));
    assert!(both_zero.ends_with("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0"), "{both_zero}");
}

#[test]
fn an_unknown_strategy_type_is_unsupported_on_spec_strategy() {
    assert_eq!(
        error(&format!(
            "  selector: {{matchLabels: {{app: web}}}}\n  strategy: {{type: OnDelete}}\n{TEMPLATE}"
        )),
        "The Deployment \"web\" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"OnDelete\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""
    );
}

#[test]
fn every_error_is_reported_at_once_in_upstream_order() {
    let e = error(
        "  replicas: -1\n  minReadySeconds: 10\n  progressDeadlineSeconds: 5\n  selector: {matchLabels: {app: other}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: Web_1, image: ''}, {name: Web_1, image: x}]}\n",
    );
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines[0], "The Deployment \"web\" is invalid: ");
    let fields: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.trim_start_matches("* ").split(": ").next().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "spec.replicas",
            "spec.template.metadata.labels",
            "spec.template.spec.containers[0].name",
            "spec.template.spec.containers[0].image",
            "spec.template.spec.containers[1].name",
            "spec.template.spec.containers[1].name",
            "spec.progressDeadlineSeconds",
        ]
    );
    assert!(e.contains("spec.template.spec.containers[1].name: Duplicate value: \"Web_1\""));
    assert!(e.contains("a lowercase RFC 1123 label must consist of"));
}

#[test]
fn a_missing_name_says_name_or_generate_name() {
    let text = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n{TEMPLATE}");
    assert_eq!(
        parse_deployment(&text).map(|_| ()).unwrap_err().to_string(),
        "The Deployment \"\" is invalid: metadata.name: Required value: name or generateName is required"
    );
}

#[test]
fn a_negative_grace_period_is_a_warning_treated_as_one_second() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {terminationGracePeriodSeconds: -5, containers: [{name: web, image: 'web:1'}]}\n";
    let d = parse_deployment(text).expect("accepted").deployment;
    assert_eq!(
        rollout_engine::api::validation::warnings_on_create(&d),
        vec!["spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1".to_string()]
    );
    assert_eq!(d.spec.template.grace_period_ms(), 1000);
}
