//! The `rollout-lab` command line: argument parsing and output, kept apart from `main` so that
//! tests can drive it.

use crate::kubectl::{describe, get};
use crate::sim::{Scenario, Simulation};
use crate::trace::Record;
use std::fmt::Write as _;

/// Output formats of `rollout-lab run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

pub const USAGE: &str = "usage: rollout-lab run SCENARIO [--format text|jsonl]
       rollout-lab sweep SCENARIO [--max N] [--min-available N] [--format table|jsonl]
       rollout-lab resolve REPLICAS MAX_SURGE MAX_UNAVAILABLE

run      simulates the Kubernetes Deployment rollout a scenario file (YAML or JSON, or - for
         standard input) describes, and prints what happened: a timeline in kubectl's words
         (text) or one JSON object per line (jsonl).
sweep    plays the scenario with every maxSurge x maxUnavailable pair from 0 to N (default 10)
         and prints what each costs and keeps: duration, peak pods, lowest available, failed
         requests (with traffic), and why a setting misses the constraints; the best one last.
resolve  prints, as JSON, how maxSurge and maxUnavailable resolve for a replica count
         (ResolveFenceposts), with the arithmetic, or Kubernetes' validation errors.";

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Run(RunArgs),
    Sweep {
        path: String,
        max: i32,
        min_available: Option<u32>,
        jsonl: bool,
    },
    Resolve {
        replicas: String,
        max_surge: String,
        max_unavailable: String,
    },
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunArgs {
    pub path: String,
    pub format: Format,
}

/// Parses `run SCENARIO [--format F]` or `resolve R S U`.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("run") => {}
        Some("resolve") => {
            let rest: Vec<&String> = it.collect();
            let [r, s, u] = rest.as_slice() else {
                return Err(format!(
                    "resolve takes REPLICAS MAX_SURGE MAX_UNAVAILABLE\n\n{USAGE}"
                ));
            };
            return Ok(Command::Resolve {
                replicas: r.to_string(),
                max_surge: s.to_string(),
                max_unavailable: u.to_string(),
            });
        }
        Some("sweep") => return parse_sweep(&args[1..]),
        Some("-h" | "--help") | None => return Err(USAGE.into()),
        Some(other) => return Err(format!("unknown command {other:?}\n\n{USAGE}")),
    }
    let mut path = None;
    let mut format = Format::Text;
    while let Some(a) = it.next() {
        let value = match a.as_str() {
            "--format" => it.next().map(String::as_str),
            s if s.starts_with("--format=") => Some(&s["--format=".len()..]),
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("unknown flag {s:?}\n\n{USAGE}"))
            }
            s => {
                if path.replace(s.to_string()).is_some() {
                    return Err(format!("only one SCENARIO may be given\n\n{USAGE}"));
                }
                continue;
            }
        };
        format = match value {
            Some("text") => Format::Text,
            Some("jsonl") => Format::Jsonl,
            other => {
                return Err(format!(
                    "--format must be text or jsonl, not {:?}",
                    other.unwrap_or("")
                ))
            }
        };
    }
    let path = path.ok_or_else(|| format!("missing SCENARIO\n\n{USAGE}"))?;
    Ok(Command::Run(RunArgs { path, format }))
}

fn parse_sweep(args: &[String]) -> Result<Command, String> {
    let (mut path, mut max, mut min_available, mut jsonl) = (None, 10, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--max" => {
                max = value("--max")?
                    .parse()
                    .ok()
                    .filter(|m| (0..=100).contains(m))
                    .ok_or("--max must be 0 to 100")?
            }
            "--min-available" => {
                min_available = Some(
                    value("--min-available")?
                        .parse()
                        .map_err(|_| "--min-available must be a whole number")?,
                )
            }
            "--format" => match value("--format")?.as_str() {
                "table" => jsonl = false,
                "jsonl" => jsonl = true,
                other => return Err(format!("--format must be table or jsonl, not {other:?}")),
            },
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("unknown flag {s:?}\n\n{USAGE}"))
            }
            s => {
                if path.replace(s.to_string()).is_some() {
                    return Err(format!("only one SCENARIO may be given\n\n{USAGE}"));
                }
            }
        }
    }
    let path = path.ok_or_else(|| format!("missing SCENARIO\n\n{USAGE}"))?;
    Ok(Command::Sweep {
        path,
        max,
        min_available,
        jsonl,
    })
}

/// `sweep`: every pair's outcome as a table (or jsonl), with the verdicts and the best.
pub fn sweep_text(
    scenario: &Scenario,
    max: i32,
    min_available: Option<u32>,
    jsonl: bool,
) -> String {
    use crate::sim::sweep::{best, sweep, verdict, Constraints};
    let outcomes = sweep(scenario, max);
    let c = Constraints {
        min_available,
        max_failed_requests: None,
    };
    let capacity = scenario.cluster.capacity;
    let mut out = String::new();
    if jsonl {
        for o in &outcomes {
            let mut v = serde_json::to_value(o).unwrap_or_default();
            v["verdict"] = match verdict(o, &c, capacity) {
                Ok(()) => "ok".into(),
                Err(e) => e.into(),
            };
            out.push_str(&v.to_string());
            out.push('\n');
        }
        if let Some(b) = best(&outcomes, &c, capacity) {
            let mut v = serde_json::to_value(b).unwrap_or_default();
            v["kind"] = "best".into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
        return out;
    }
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            vec![
                o.max_surge.to_string(),
                o.max_unavailable.to_string(),
                o.duration
                    .map_or("stuck".into(), crate::explain::format_number),
                o.peak_pods.to_string(),
                o.lowest_available.to_string(),
                o.failed_requests.map_or("-".into(), |f| f.to_string()),
                verdict(o, &c, capacity)
                    .err()
                    .unwrap_or_else(|| "ok".into()),
            ]
        })
        .collect();
    out.push_str(&crate::kubectl::format::table(
        &[
            "MAXSURGE",
            "MAXUNAVAILABLE",
            "DURATION(S)",
            "PEAK PODS",
            "LOWEST AVAILABLE",
            "FAILED REQUESTS",
            "VERDICT",
        ],
        &rows,
    ));
    match best(&outcomes, &c, capacity) {
        Some(b) => out.push_str(&format!(
            "\nbest: maxSurge {} maxUnavailable {}: done in {} s, {} pods at peak, never fewer than {} available\n",
            b.max_surge,
            b.max_unavailable,
            b.duration.map_or("?".into(), crate::explain::format_number),
            b.peak_pods,
            b.lowest_available
        )),
        None => out.push_str("\nno setting meets the constraints\n"),
    }
    out
}

/// `resolve`: the fencepost arithmetic as JSON; `Err` carries the validation errors as JSON.
pub fn resolve_json(
    replicas: &str,
    max_surge: &str,
    max_unavailable: &str,
) -> Result<String, String> {
    use crate::intstr::IntOrString;
    let replicas: i32 = replicas.trim().parse().map_err(|_| {
        serde_json::json!({"errors": [format!("spec.replicas: Invalid value: {replicas:?}: must be an integer")]}).to_string()
    })?;
    match crate::explain::explain_fenceposts(
        replicas,
        &IntOrString::parse_input(max_surge),
        &IntOrString::parse_input(max_unavailable),
    ) {
        Ok(f) => Ok(serde_json::json!({
            "replicas": f.replicas,
            "surge": f.surge.value,
            "unavailable": f.unavailable.value,
            "maxTotal": f.max_total,
            "minAvailable": f.min_available,
            "bothZeroRule": f.both_zero_rule,
            "surgeWhy": f.surge.sentence,
            "unavailableWhy": f.unavailable.sentence,
            "warnings": f.warnings,
        })
        .to_string()),
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            Err(serde_json::json!({ "errors": errors }).to_string())
        }
    }
}

/// Runs a scenario's text and renders the trace.
pub fn run_text(scenario_text: &str, format: Format) -> Result<String, String> {
    let scenario = Scenario::parse(scenario_text).map_err(|e| e.to_string())?;
    Ok(render(&scenario, format))
}

/// Plays a scenario to its end and renders the trace.
pub fn render(scenario: &Scenario, format: Format) -> String {
    match format {
        Format::Jsonl => {
            let mut out = String::new();
            for r in trace_with_traffic(scenario) {
                out.push_str(&r.to_json());
                out.push('\n');
            }
            out
        }
        Format::Text => render_text(scenario),
    }
}

/// The whole trace, with the traffic model's records (when the scenario has traffic) before the
/// final status.
pub fn trace_with_traffic(scenario: &Scenario) -> Vec<Record> {
    let mut sim = Simulation::new(scenario);
    sim.run_until(sim.until);
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
            summary: r.summary.clone(),
        });
        records.extend(last);
    }
    records
}

fn render_text(scenario: &Scenario) -> String {
    let mut sim = Simulation::new(scenario);
    sim.run_until(sim.until);
    let mut out = String::new();
    let traffic = trace_with_traffic(scenario)
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
                format!(
                    "replica set {replica_set} (revision {revision}, {image}) runs {replicas} pods"
                )
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
                format!("traffic: {summary} Served: {}.", served.join(", "))
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
    escape_controls(&out)
}

/// Control characters from user input shown as `\u{..}`, so that no escape sequence reaches a
/// terminal (newlines kept).
pub fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The whole command: returns what to print and the exit code.
pub fn main_with_args(
    args: &[String],
    read: impl Fn(&str) -> std::io::Result<String>,
) -> (String, i32) {
    let run = match parse_args(args) {
        Ok(Command::Run(r)) => r,
        Ok(Command::Resolve {
            replicas,
            max_surge,
            max_unavailable,
        }) => {
            return match resolve_json(&replicas, &max_surge, &max_unavailable) {
                Ok(json) => (json + "\n", 0),
                Err(json) => (json, 1),
            };
        }
        Ok(Command::Sweep {
            path,
            max,
            min_available,
            jsonl,
        }) => {
            let text = match read(&path) {
                Ok(t) => t,
                Err(e) => return (format!("error: cannot read {path}: {e}"), 1),
            };
            return match Scenario::parse(&text) {
                Ok(s) => (sweep_text(&s, max, min_available, jsonl), 0),
                Err(e) => (format!("error: {path}: {e}"), 1),
            };
        }
        Err(usage) => return (usage, 2),
    };
    let text = match read(&run.path) {
        Ok(t) => t,
        Err(e) => return (format!("error: cannot read {}: {e}", run.path), 1),
    };
    match run_text(&text, run.format) {
        Ok(out) => (out, 0),
        Err(e) => (format!("error: {}: {e}", run.path), 1),
    }
}
