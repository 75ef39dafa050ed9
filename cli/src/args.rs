//! The command line's arguments, parsed with lexopt.

use lexopt::prelude::*;
use rollout_engine::report::Format;

pub const USAGE: &str = "usage: rollout-lab run SCENARIO [--format text|jsonl]
       rollout-lab sweep SCENARIO [--max N] [--min-available N] [--format table|jsonl]
       rollout-lab resolve REPLICAS MAX_SURGE MAX_UNAVAILABLE
       rollout-lab --help | --version

run      simulates the Kubernetes Deployment rollout a scenario file (YAML or JSON, or - for
         standard input) describes, and prints what happened: a timeline in kubectl's words
         (text) or one JSON object per line (jsonl). A lesson file (lessons/) runs its scenario.
sweep    plays the scenario with every maxSurge x maxUnavailable pair from 0 to N (default 10)
         and prints what each costs and keeps: duration, peak pods, lowest available, failed
         requests (with traffic), and why a setting misses the constraints; the best one last.
resolve  prints, as JSON, how maxSurge and maxUnavailable resolve for a replica count
         (ResolveFenceposts), with the arithmetic, or Kubernetes' validation errors.";

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Run {
        path: String,
        format: Format,
    },
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

/// Parses the arguments after the program's name; `Err` is the message to print with the usage.
pub fn parse(args: Vec<String>) -> Result<Command, String> {
    let mut p = lexopt::Parser::from_args(args);
    let command = match p.next().map_err(|e| e.to_string())? {
        None => return Err("no command given".into()),
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Long("version")) => return Ok(Command::Version),
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(other) => return Err(other.unexpected().to_string()),
    };
    match command.as_str() {
        "help" => Ok(Command::Help),
        "run" => run(&mut p),
        "sweep" => sweep(&mut p),
        "resolve" => resolve(&mut p),
        other => Err(format!("unknown command {other:?}")),
    }
}

fn text(v: std::ffi::OsString) -> Result<String, String> {
    v.into_string()
        .map_err(|v| format!("{v:?} is not valid UTF-8"))
}

fn value(p: &mut lexopt::Parser) -> Result<String, String> {
    text(p.value().map_err(|e| e.to_string())?)
}

/// A positional argument, or `-` (standard input), given once.
fn path_arg(path: &mut Option<String>, v: String) -> Result<(), String> {
    if path.replace(v).is_some() {
        return Err("only one SCENARIO may be given".into());
    }
    Ok(())
}

fn run(p: &mut lexopt::Parser) -> Result<Command, String> {
    let (mut path, mut format) = (None, Format::Text);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("format") => {
                format = match value(p)?.as_str() {
                    "text" => Format::Text,
                    "jsonl" => Format::Jsonl,
                    other => return Err(format!("--format must be text or jsonl, not {other:?}")),
                }
            }
            Value(v) => path_arg(&mut path, text(v)?)?,
            other => return Err(other.unexpected().to_string()),
        }
    }
    let path = path.ok_or("missing SCENARIO")?;
    Ok(Command::Run { path, format })
}

fn sweep(p: &mut lexopt::Parser) -> Result<Command, String> {
    let (mut path, mut max, mut min_available, mut jsonl) = (None, 10, None, false);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("max") => {
                max = value(p)?
                    .parse()
                    .ok()
                    .filter(|m| (0..=100).contains(m))
                    .ok_or("--max must be 0 to 100")?
            }
            Long("min-available") => {
                min_available = Some(
                    value(p)?
                        .parse()
                        .map_err(|_| "--min-available must be a whole number")?,
                )
            }
            Long("format") => {
                jsonl = match value(p)?.as_str() {
                    "table" => false,
                    "jsonl" => true,
                    other => return Err(format!("--format must be table or jsonl, not {other:?}")),
                }
            }
            Value(v) => path_arg(&mut path, text(v)?)?,
            other => return Err(other.unexpected().to_string()),
        }
    }
    let path = path.ok_or("missing SCENARIO")?;
    Ok(Command::Sweep {
        path,
        max,
        min_available,
        jsonl,
    })
}

fn resolve(p: &mut lexopt::Parser) -> Result<Command, String> {
    let mut values = Vec::new();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            // A negative number is a value here (`resolve 3 -1 1`), not a flag.
            Short(c) if c.is_ascii_digit() => {
                let rest = p
                    .optional_value()
                    .map(text)
                    .transpose()?
                    .unwrap_or_default();
                values.push(format!("-{c}{rest}"));
            }
            Value(v) => values.push(text(v)?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let [replicas, max_surge, max_unavailable]: [String; 3] = values
        .try_into()
        .map_err(|_| "resolve takes REPLICAS MAX_SURGE MAX_UNAVAILABLE".to_string())?;
    Ok(Command::Resolve {
        replicas,
        max_surge,
        max_unavailable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn commands_and_their_flags() {
        assert_eq!(parse(args("--help")), Ok(Command::Help));
        assert_eq!(parse(args("-h")), Ok(Command::Help));
        assert_eq!(parse(args("help")), Ok(Command::Help));
        assert_eq!(parse(args("run s.yaml --help")), Ok(Command::Help));
        assert_eq!(
            parse(args("run s.yaml --format=jsonl")),
            Ok(Command::Run {
                path: "s.yaml".into(),
                format: Format::Jsonl
            })
        );
        assert_eq!(
            parse(args("run - --format text")),
            Ok(Command::Run {
                path: "-".into(),
                format: Format::Text
            })
        );
        assert_eq!(
            parse(args(
                "sweep s.yaml --max 4 --min-available 9 --format jsonl"
            )),
            Ok(Command::Sweep {
                path: "s.yaml".into(),
                max: 4,
                min_available: Some(9),
                jsonl: true
            })
        );
        assert_eq!(
            parse(args("resolve 3 -1 25%")),
            Ok(Command::Resolve {
                replicas: "3".into(),
                max_surge: "-1".into(),
                max_unavailable: "25%".into()
            })
        );
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        assert_eq!(parse(args("")), Err("no command given".into()));
        assert_eq!(parse(args("fly")), Err("unknown command \"fly\"".into()));
        assert_eq!(parse(args("run")), Err("missing SCENARIO".into()));
        assert_eq!(
            parse(args("run a.yaml b.yaml")),
            Err("only one SCENARIO may be given".into())
        );
        assert_eq!(
            parse(args("run a.yaml --format xml")),
            Err("--format must be text or jsonl, not \"xml\"".into())
        );
        assert_eq!(
            parse(args("sweep a.yaml --max 101")),
            Err("--max must be 0 to 100".into())
        );
        assert!(parse(args("run a.yaml --colour"))
            .unwrap_err()
            .contains("--colour"));
        assert_eq!(
            parse(args("resolve 3 1")),
            Err("resolve takes REPLICAS MAX_SURGE MAX_UNAVAILABLE".into())
        );
    }
}
