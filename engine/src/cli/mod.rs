//! The `rollout-lab` command line: argument parsing and output, kept apart from `main` so that
//! tests can drive it.

mod render;
mod resolve;
mod sweep;

pub use render::{escape_controls, render, run_text, trace_with_traffic};
pub use resolve::resolve_json;
pub use sweep::sweep_text;

use crate::sim::Scenario;

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
