//! The built `rollout-lab` binary: where its output goes and how it exits.

use std::process::Command;

fn rollout_lab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rollout-lab"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}

/// What a run that must succeed printed (its standard error shown if it did not).
fn stdout_of(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn help_goes_to_standard_output_and_exits_0() {
    for flag in ["--help", "-h", "help"] {
        let out = rollout_lab(&[flag]);
        assert!(out.status.success(), "{flag}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("usage: rollout-lab run INPUT"));
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn a_usage_mistake_goes_to_standard_error_and_exits_2() {
    let out = rollout_lab(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: missing INPUT"));
}

#[test]
fn a_bad_scenario_exits_1_naming_the_file() {
    let out = rollout_lab(&["run", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read no/such/file.yaml")
    );
}

#[test]
fn run_prints_the_story() {
    let out = rollout_lab(&["run", "scenarios/story.yaml", "--format", "jsonl"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().last().unwrap().contains("\"kind\":\"final\""));
}

#[test]
fn a_lesson_file_runs_its_scenario() {
    let out = rollout_lab(&["run", "lessons/03-percent-rounding.yaml"]);
    let text = stdout_of(&out);
    // The lesson's Deployment is `web` at 4 replicas, updated to web:v2 at t = 1 s.
    assert!(text.contains("web"), "{text}");
    assert!(text.contains("web:v2"), "{text}");
    // A file that is neither gets the scenario file's error.
    let out = rollout_lab(&["run", "README.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: README.md: "));
}

#[test]
fn a_manifest_or_a_clusters_state_runs_with_flags() {
    let out = rollout_lab(&[
        "run",
        "examples/rolling-update-test.yaml",
        "--set-image",
        "hello=hello:v2",
        "--ready-after",
        "lognormal(5s,20s)",
        "--seeds",
        "10",
    ]);
    let text = stdout_of(&out);
    assert!(
        text.starts_with("10 runs of maxSurge 1, maxUnavailable 0 (seeds 1 to 10)"),
        "{text}"
    );
    assert!(text.contains("duration: median"), "{text}");

    let out = rollout_lab(&[
        "run",
        "engine/tests/data/cluster-mid-rollout.yaml",
        "--format",
        "jsonl",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(first.contains("rolling-update-test-5d4597bc54"), "{first}");

    let out = rollout_lab(&[
        "run",
        "examples/rolling-update-test.yaml",
        "--set-image",
        "web=hello:v2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--set-image: Invalid value: \"web\": the Deployment has no container of that name (it has hello)"));
}

#[test]
fn a_drain_sweep_finds_the_pair_the_arithmetic_gives() {
    // Lesson 19: a cloud load balancer (1 s + 10 s until the last new request), 0.5 s
    // requests: preStop 12 s and a grace period of 13 s lose nothing.
    let out = rollout_lab(&[
        "sweep",
        "lessons/19-cloud-lb-drain.yaml",
        "--axes",
        "preStop,grace",
        "--max",
        "13",
        "--grace-max",
        "14",
    ]);
    let text = stdout_of(&out);
    assert!(
        text.contains("zero failed requests, finishing first: preStop 12 s, terminationGracePeriodSeconds 13 s"),
        "{text}"
    );
    // `run` names the causes and the same pair.
    let out = rollout_lab(&["run", "lessons/19-cloud-lb-drain.yaml"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sent to a pod that had stopped"), "{text}");
    assert!(
        text.contains("zero failed requests when pods go (cloudLoadBalancer): endpoints 1 s + deregistration 10 s = 11 s"),
        "{text}"
    );
}

#[test]
fn run_accepts_an_argo_rollout_manifest_and_compare_and_the_canary_sweep_print_tables() {
    let out = stdout_of(&rollout_lab(&[
        "run",
        "examples/rolling-update-test-rollout.yaml",
        "--set-image",
        "hello=hello:v2",
    ]));
    assert!(out.contains("$ kubectl argo rollouts set image rolling-update-test hello=hello:v2"));
    assert!(out.contains("rollout status: Paused - CanaryPauseStep"));
    assert!(out.contains("$ kubectl argo rollouts get rollout rolling-update-test"));
    assert!(out.contains("Status:          ✔ Healthy"));
    let out = stdout_of(&rollout_lab(&["compare", "scenarios/bad-version.yaml"]));
    let rows: Vec<&str> = out.lines().take(4).collect();
    assert!(rows[0].starts_with("STRATEGY"));
    assert!(rows[2].starts_with("Argo canary with analysis") && rows[2].ends_with("aborted"));
    let out = stdout_of(&rollout_lab(&[
        "sweep",
        "scenarios/bad-version.yaml",
        "--axes",
        "weight,pause",
    ]));
    assert_eq!(
        out.lines()
            .filter(|l| l.ends_with(" s") && l.contains('%'))
            .count(),
        20
    );
    // Without traffic there is nothing to count.
    let out = rollout_lab(&["compare", "examples/rolling-update-test-rollout.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("traffic"));
}

#[test]
fn statefulsets_and_daemonsets_run_and_sweep() {
    let out = stdout_of(&rollout_lab(&[
        "run",
        "examples/web-statefulset.yaml",
        "--set-image",
        "hello=hello:v2",
    ]));
    // From the top ordinal down, then kubectl's own words for a done StatefulSet.
    let deleted: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("SuccessfulDelete"))
        .filter_map(|l| l.split_whitespace().nth(7))
        .collect();
    assert_eq!(deleted, ["web-2", "web-1", "web-0"], "{out}");
    assert!(out.contains("partitioned roll out complete: 3 new pods have been updated..."));
    assert!(out.contains("$ kubectl rollout history statefulset/web"));
    let out = stdout_of(&rollout_lab(&["run", "examples/node-agent-daemonset.yaml"]));
    assert!(out.contains("$ kubectl get daemonset"), "{out}");
    let out = stdout_of(&rollout_lab(&["sweep", "scenarios/daemonset.yaml"]));
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("maxUnavailable "))
            .count(),
        10,
        "{out}"
    );
}
