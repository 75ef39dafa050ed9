//! `rollout-lab run`: a scenario played and written out, as text in kubectl's words or as jsonl.

use super::Format;
use crate::kubectl::{describe, get};
use crate::manifest::WorkloadKind;
use crate::sim::{Scenario, SimError, Simulation};
use crate::trace::Record;
use std::fmt::Write as _;

/// Runs a scenario's text and renders the trace.
pub fn run_text(scenario_text: &str, format: Format) -> Result<String, String> {
    let scenario = Scenario::parse(scenario_text).map_err(|e| e.to_string())?;
    render(&scenario, format).map_err(|e| e.to_string())
}

/// Plays a scenario to its end and renders the trace, or says why the run stopped early.
pub fn render(scenario: &Scenario, format: Format) -> Result<String, SimError> {
    match format {
        Format::Jsonl => {
            let mut out = String::new();
            for r in trace_with_traffic(scenario)? {
                out.push_str(&r.to_json());
                out.push('\n');
            }
            Ok(out)
        }
        Format::Text => render_text(scenario),
    }
}

/// The whole trace, with the traffic model's records (when the scenario has traffic) before the
/// final status.
pub fn trace_with_traffic(scenario: &Scenario) -> Result<Vec<Record>, SimError> {
    let mut sim = Simulation::new(scenario);
    sim.run_until(sim.until);
    if let Some(e) = sim.error() {
        return Err(e.clone());
    }
    let report = scenario
        .traffic
        .as_ref()
        .map(|cfg| crate::traffic::simulate(&sim.cluster, cfg, 0, sim.until, false));
    let until = crate::trace::seconds(sim.until);
    let mut records = sim.finish();
    if let Some(r) = report {
        let last = records.pop();
        records.extend(r.per_second.iter().map(|s| Record::Traffic {
            t: crate::trace::seconds(s.t),
            served: s.served.clone(),
            failed: s.failed,
        }));
        records.push(Record::TrafficSummary {
            t: until,
            requests: r.requests,
            served: r.served.clone(),
            failed: r
                .failed
                .iter()
                .map(|(k, v)| (format!("{k:?}"), *v))
                .collect(),
            summary: r.summary.to_string(),
        });
        records.extend(last);
    }
    Ok(records)
}

fn render_text(scenario: &Scenario) -> Result<String, SimError> {
    let mut sim = Simulation::new(scenario);
    sim.run_until(sim.until);
    let mut out = String::new();
    // A Deployment of a removed API version: what a cluster of today says, and what to use.
    let file = format!("{}.yaml", scenario.deployment.meta.name);
    let note = crate::manifest::legacy::notice(
        scenario.api_version,
        &[crate::sim::scenario::workload_value(scenario)],
        &scenario.deployment,
        &file,
    );
    if !note.is_empty() {
        let _ = writeln!(out, "note: {note}\n");
    }
    for w in crate::api::validation::warnings_on_create(&scenario.deployment) {
        let _ = writeln!(out, "Warning: {w}");
    }
    let traffic = trace_with_traffic(scenario)?
        .into_iter()
        .filter(|r| matches!(r, Record::TrafficSummary { .. }));
    for r in sim
        .cluster
        .log
        .iter()
        .chain(traffic.collect::<Vec<_>>().iter())
    {
        let line = match r {
            Record::Initial {
                replica_set,
                revision,
                image,
                replicas,
                ..
            } => {
                let what = match sim.kind {
                    WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => "controller revision",
                    _ => "replica set",
                };
                format!("{what} {replica_set} (revision {revision}, {image}) runs {replicas} pods")
            }
            Record::Scale {
                replica_set,
                from,
                to,
                why,
                ..
            } => {
                format!("{replica_set}: {from} -> {to}   ({why})")
            }
            Record::Autoscale {
                hpa, from, to, why, ..
            } => format!("hpa/{hpa}: replicas {from} -> {to}   ({why})"),
            Record::Condition {
                kind,
                status,
                reason,
                message,
                ..
            } => {
                format!("condition {kind}={status} {reason}: {message}")
            }
            Record::Event {
                kind,
                reason,
                message,
                ..
            } => format!("event {kind} {reason}: {message}"),
            Record::Action {
                command,
                output,
                ok,
                ..
            } => {
                let mark = if *ok { "" } else { " (failed)" };
                if output.is_empty() {
                    format!("$ {command}")
                } else {
                    format!("$ {command}\n{:>9}{output}{mark}", "")
                }
            }
            Record::RolloutStatus { message, .. } => format!("rollout status: {message}"),
            Record::TrafficSummary {
                served, summary, ..
            } => {
                let served: Vec<String> =
                    served.iter().map(|(v, n)| format!("{n} x {v:?}")).collect();
                let mut line = format!("traffic: {summary} Served: {}.", served.join(", "));
                if let Some(cfg) = &scenario.traffic {
                    line.push_str(&zero_downtime_lines(scenario, cfg));
                }
                line
            }
            Record::Final { .. } | Record::Traffic { .. } => continue,
        };
        let _ = writeln!(
            out,
            "[{:>8}s] {}",
            crate::explain::format_number(r.t()),
            line
        );
    }
    if sim.cluster.argo.is_some() {
        let name = &sim.cluster.deployment.meta.name;
        let _ = writeln!(
            out,
            "\n$ kubectl get rollout\n{}",
            crate::kubectl::argo::get::get_rollouts(&sim.cluster)
        );
        let _ = writeln!(
            out,
            "$ kubectl argo rollouts get rollout {name}\n{}",
            crate::kubectl::argo::get::get_rollout(&sim.cluster, 12)
        );
    } else if matches!(
        sim.kind,
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
    ) {
        let c = &sim.cluster;
        let (resource, get) = if c.daemon.is_some() {
            (
                "daemonset",
                crate::kubectl::workload_get::get_daemon_sets(c),
            )
        } else {
            (
                "statefulset",
                crate::kubectl::workload_get::get_stateful_sets(c),
            )
        };
        let _ = writeln!(
            out,
            "\n$ kubectl get {resource}\n{get}$ kubectl get controllerrevision\n{}$ kubectl rollout history {resource}/{}\n{}$ kubectl get pods\n{}",
            crate::kubectl::workload_get::get_controller_revisions(c),
            c.deployment.meta.name,
            get::rollout_history(c),
            get::get_pods(c, 20),
        );
    } else {
        let _ = writeln!(
            out,
            "\n$ kubectl get deploy\n{}",
            get::get_deployments(&sim.cluster)
        );
        let _ = writeln!(
            out,
            "$ kubectl get rs\n{}",
            get::get_replica_sets(&sim.cluster)
        );
        let _ = writeln!(
            out,
            "$ kubectl describe deployment {}\n{}",
            sim.cluster.deployment.meta.name,
            describe::describe_deployment(&sim.cluster)
        );
    }
    if sim.cluster.hpa.is_some() {
        let _ = writeln!(
            out,
            "$ kubectl get hpa\n{}\n$ kubectl describe hpa {}\n{}",
            crate::kubectl::hpa::get_hpa(&sim.cluster),
            sim.cluster.deployment.meta.name,
            crate::kubectl::hpa::describe_hpa(&sim.cluster)
        );
    }
    Ok(escape_controls(&out))
}

/// The smallest preStop sleep and grace period for this front end, with the arithmetic, and
/// what is wrong with the current pair.
fn zero_downtime_lines(scenario: &Scenario, cfg: &crate::traffic::TrafficConfig) -> String {
    use crate::traffic::recommend::{grace_warning, recommend};
    let grace = scenario
        .deployment
        .spec
        .template
        .termination_grace_period_seconds;
    let r = recommend(cfg);
    let mut out = format!(
        "\n{:>11}zero failed requests when pods go ({}): {}",
        "",
        cfg.front_end.as_str(),
        r.arithmetic
    );
    if let Some(w) = grace_warning(cfg.pre_stop_sleep, grace) {
        let _ = write!(out, "\n{:>11}warning: {w}.", "");
    }
    out
}

/// Control characters and invisible format characters from user input (the bidirectional
/// controls U+202A to U+202E and U+2066 to U+2069 among them) shown as `\u{..}`, so that no
/// escape sequence reaches a terminal and no text reads other than it is (newlines kept).
pub fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c != '\n' && (c.is_control() || crate::api::go_syntax::is_format(c)) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
