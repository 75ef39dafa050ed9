//! Known attacks and oddities, each with the message a user gets.

use rollout_engine::manifest::parse_deployment;
use rollout_engine::Scenario;

fn manifest(name: &str, replicas: &str, surge: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  strategy: {{type: RollingUpdate, rollingUpdate: {{maxSurge: {surge}, maxUnavailable: 1}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: web, image: {image}}}]}}
"
    )
}

fn error(text: &str) -> String {
    parse_deployment(text)
        .map(|_| ())
        .expect_err("must be rejected")
        .to_string()
}

#[test]
fn a_yaml_alias_bomb_is_refused_not_expanded() {
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let e = error(&bomb);
    assert!(e.contains("budget"), "{e}");
    assert!(Scenario::parse(&bomb).is_err());
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(error(&deep).contains("recursion limit"), "{}", error(&deep));
    let json = format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    assert!(Scenario::parse(&json).is_err());
}

#[test]
fn a_10_mb_paste_is_refused_with_the_limit() {
    let big = format!(
        "{}\n# {}",
        manifest("web", "3", "1", "web:v1"),
        "x".repeat(10 << 20)
    );
    assert!(
        error(&big).contains("at most 1048576 are accepted"),
        "{}",
        error(&big)
    );
}

#[test]
fn numbers_beyond_32_bits_and_fractions_are_refused_as_the_api_server_decodes_them() {
    let decode = |what: &str| {
        format!("Error from server (BadRequest): Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal {what} into Go struct field DeploymentSpec.spec.replicas of type int32")
    };
    assert_eq!(
        error(&manifest("web", "5000000000", "1", "w")),
        decode("number 5000000000")
    );
    assert_eq!(
        error(&manifest("web", "2.5", "1", "w")),
        decode("number 2.5")
    );
    assert_eq!(error(&manifest("web", "'3'", "1", "w")), decode("string"));
    assert!(error(&manifest("web", "-3", "1", "w"))
        .contains("spec.replicas: Invalid value: -3: must be greater than or equal to 0"));
    assert!(error(&manifest("web", "200000", "1", "w"))
        .contains("Rollout Lab simulates at most 100000 replicas"));
    let labels = error(
        &manifest("web", "3", "1", "w").replace("{app: web}}\n    spec", "{app: 5}}\n    spec"),
    );
    assert!(
        labels.ends_with("json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string"),
        "{labels}"
    );
}

#[test]
fn bad_percentages_get_the_percent_message() {
    for surge in ["'25.5%'", "'%'", "'-5%'", "'25 %'", "'abc'"] {
        let e = error(&manifest("web", "3", surge, "w"));
        assert!(
            e.contains("spec.strategy.rollingUpdate.maxSurge: Invalid value:")
                && e.contains("a valid percent string"),
            "{surge}: {e}"
        );
    }
    // maxSurge may exceed 100% (only maxUnavailable may not).
    assert!(parse_deployment(&manifest("web", "3", "'150%'", "w")).is_ok());
}

#[test]
fn unicode_and_control_characters_in_names_are_invalid_names() {
    for name in [
        "wëb",
        "web\u{7}",
        "\u{202e}bew",
        "Web",
        "-web",
        &"a".repeat(254),
    ] {
        let quoted = serde_json::to_string(name).unwrap();
        let e = error(&manifest(&quoted, "3", "1", "w"));
        assert!(e.contains("metadata.name: Invalid value:"), "{name:?}: {e}");
    }
}

#[test]
fn an_image_with_surrounding_whitespace_is_accepted_but_its_pods_are_refused() {
    // ValidateDeployment does not look at whitespace (only Pod creation does), so the
    // Deployment is accepted and its new ReplicaSet reports FailedCreate.
    let text = format!(
        "deployment:\n{}events: [{{at: 1, setImage: ' web:v2'}}]\nuntil: 30\n",
        manifest("web", "2", "1", "web:v1")
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let s = Scenario::parse(&text).unwrap();
    let trace = rollout_engine::Simulation::new(&s).run();
    let failed = trace.iter().find_map(|r| match r {
        rollout_engine::trace::Record::Event {
            reason, message, ..
        } if reason == "FailedCreate" => Some(message.clone()),
        _ => None,
    });
    let failed = failed.expect("a FailedCreate event");
    assert!(
        failed.starts_with("Error creating: Pod \"web-")
            && failed.ends_with("is invalid: spec.containers[0].image: Invalid value: \" web:v2\": must not have leading or trailing whitespace"),
        "{failed}"
    );
    assert!(trace.iter().any(|r| matches!(r,
        rollout_engine::trace::Record::Condition { kind, reason, .. } if kind == "ReplicaFailure" && reason == "FailedCreate")));
    // Kubernetes accepts other characters in an image name; so does Rollout Lab, as text.
    let d = parse_deployment(&manifest("web", "3", "1", "\"web:\\a<b>ë\""))
        .map_err(|e| e.to_string())
        .unwrap();
    assert_eq!(
        d.deployment.spec.template.containers[0].image,
        "web:\u{7}<b>ë"
    );
}

#[test]
fn the_command_line_escapes_control_characters_in_its_text() {
    let s = format!(
        "deployment:\n{}events: [{{at: 1, setImage: \"web:\\e[31mred\"}}]\nuntil: 5\n",
        manifest("web", "2", "1", "w")
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let out = rollout_engine::report::run_text(&s, rollout_engine::report::Format::Text).unwrap();
    assert!(
        !out.contains('\u{1b}'),
        "no raw escape sequence reaches the terminal"
    );
    assert!(out.contains("web:\\u{1b}[31mred"), "{out}");
    // Bidirectional controls too: the image name reads as written, not reversed.
    let s = s.replace("web:\\e[31mred", "web:\\u202Eder\\u2066x\\u2069");
    let out = rollout_engine::report::run_text(&s, rollout_engine::report::Format::Text).unwrap();
    for c in ['\u{202e}', '\u{2066}', '\u{2069}'] {
        assert!(!out.contains(c), "{c:?} is escaped");
    }
    assert!(out.contains("web:\\u{202e}der\\u{2066}x\\u{2069}"), "{out}");
}

#[test]
fn scenario_limits_are_enforced_with_messages() {
    let base = manifest("web", "2", "1", "w")
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect::<String>();
    let e = Scenario::parse(&format!("deployment:\n{base}until: -5"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("until: Invalid value") && e.contains("must be between 0 and 86400 seconds"),
        "{e}"
    );
    let e = Scenario::parse(&format!(
        "deployment:\n{base}events: [{{at: 1, scale: 9999999999}}]"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("events[0].scale") && e.contains("32-bit"), "{e}");
    let e = Scenario::parse(&format!(
        "deployment:\n{base}events: [{{at: 1, scale: 2, pause: true}}]"
    ))
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("events[0]") && e.contains("exactly one action"),
        "{e}"
    );
    let e = Scenario::parse(&format!("deployment:\n{base}traffic: {{rate: -1}}"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("traffic.rate: Invalid value: -1"), "{e}");
    let e = Scenario::parse(&format!("deployment:\n{base}surprise: 1"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("surprise: Unsupported value"), "{e}");
}
