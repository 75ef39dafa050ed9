//! The command line's arguments, parsed with lexopt.

use lexopt::prelude::*;
use rollout_engine::behaviour::Dist;
use rollout_engine::report::{Format, Overrides};

pub const USAGE: &str = "usage: rollout-lab run INPUT [--format text|jsonl] [FLAGS] [--seeds N]
       rollout-lab sweep INPUT [--max N] [--seeds N] [--min-available N] [--max-pods N]
                         [--threads N] [--format table|jsonl] [FLAGS]
       rollout-lab sweep INPUT --axes preStop,grace [--max N] [--grace-max N] [--format ...]
       rollout-lab sweep INPUT --axes weight,pause
       rollout-lab resolve REPLICAS MAX_SURGE MAX_UNAVAILABLE
       rollout-lab compare INPUT [FLAGS]
       rollout-lab --help | --version

INPUT is a scenario file (YAML or JSON), a lesson (lessons/), or a manifest: a Deployment, an
Argo Rollout, or what `kubectl get deploy -o yaml` prints; - reads standard input.

run      simulates the rollout and prints what happened: a timeline in kubectl's words (text)
         or one JSON object per line (jsonl). With --seeds N, runs it over N seeds and prints
         the distribution of the outcome: duration median, p95 and worst, pods at peak,
         fewest available and how often it dropped below the floor.
sweep    plays every maxSurge x maxUnavailable pair from 0 to N (default 10), each over the
         seeds (default 20; one run when every pod's times are fixed), on every core, and
         prints per setting the duration p50/p95/worst, peak pods, fewest available, how
         often it dropped below the floor; then the settings no other beats on all three
         and the recommendation under the objective (--min-available, default what the
         scenario's own setting guarantees; --max-pods, default the cluster's capacity).
         With --axes preStop,grace: every preStop sleep from 0 to --max (default 10) s x
         terminationGracePeriodSeconds from 1 to --grace-max (default 30) s, one run each with
         the scenario's traffic: failed requests per pair, the pair that loses nothing and
         finishes first, and the arithmetic of the smallest one.
         With --axes weight,pause: an Argo canary (setWeight W, pause P, analysis, setWeight 100)
         for W in 5..50% x P in 0..120 s against the scenario's bad version (an image with an
         errorRate): its errors before the analysis aborts it, when; and the same version
         fixed: how long the rollout takes.
resolve  prints, as JSON, how maxSurge and maxUnavailable resolve for a replica count
         (ResolveFenceposts), with the arithmetic, or Kubernetes' validation errors.
compare  rolls the scenario's update out three ways with its traffic: a Deployment's rolling
         update, an Argo canary with analysis (the scenario's, or setWeight 20, analysis,
         setWeight 50, analysis) and an Argo blue-green; prints per strategy the requests that
         failed (and how many were the new version's own errors), the pods beyond replicas at
         the peak, and how long until it completed or aborted.

FLAGS    --set-image CONTAINER=IMAGE   roll out to IMAGE at t = 0
         --ready-after TIME            how long the new pods take to become Ready: 20s,
                                       uniform(10s,30s), normal(20s,5s), lognormal(20s,90s)
                                       (median, 99th percentile) or samples(12s,14s,31s)
         --seed N                      the first seed (default the scenario's, else 1)";

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Help,
    Version,
    Run {
        input: Input,
        format: Format,
        /// `--seeds N`: the distribution of the outcome over N seeds instead of one trace.
        seeds: Option<u32>,
    },
    Sweep {
        input: Input,
        max: i32,
        seeds: u32,
        min_available: Option<u32>,
        max_pods: Option<u32>,
        /// Worker threads (default: every core).
        threads: Option<usize>,
        jsonl: bool,
        /// `--axes preStop,grace`: the pod's drain instead of the rollout's pace, with the
        /// largest grace period.
        drain_grace_max: Option<i64>,
        /// `--axes weight,pause`: an Argo canary's first step and its pause before analysis.
        canary: bool,
    },
    Resolve {
        replicas: String,
        max_surge: String,
        max_unavailable: String,
    },
    /// `compare INPUT`: the update as a Deployment, an Argo canary and an Argo blue-green.
    Compare {
        input: Input,
    },
}

/// The input file and the flags that change what is read from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    pub path: String,
    pub overrides: Overrides,
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
        "compare" => compare(&mut p),
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
        return Err("only one INPUT may be given".into());
    }
    Ok(())
}

/// The flags every INPUT takes.
const INPUT_FLAGS: [&str; 3] = ["set-image", "ready-after", "seed"];

/// Reads the value of one of [`INPUT_FLAGS`].
fn input_flag(p: &mut lexopt::Parser, name: &str, input: &mut Input) -> Result<(), String> {
    match name {
        "set-image" => {
            let v = value(p)?;
            let (container, image) = v
                .split_once('=')
                .filter(|(c, i)| !c.is_empty() && !i.is_empty())
                .ok_or_else(|| format!("--set-image takes CONTAINER=IMAGE, not {v:?}"))?;
            input.overrides.set_image = Some((container.to_string(), image.to_string()));
        }
        "ready-after" => {
            let v = value(p)?;
            input.overrides.ready_after =
                Some(Dist::parse(&v).map_err(|e| format!("--ready-after: {e}"))?);
        }
        "seed" => {
            input.overrides.seed = Some(
                value(p)?
                    .parse()
                    .map_err(|_| "--seed must be a whole number")?,
            )
        }
        _ => {}
    }
    Ok(())
}

/// A positive count.
fn count(p: &mut lexopt::Parser, flag: &str, max: u32) -> Result<u32, String> {
    value(p)?
        .parse()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| format!("{flag} must be 1 to {max}"))
}

fn run(p: &mut lexopt::Parser) -> Result<Command, String> {
    let (mut path, mut format, mut seeds) = (None, Format::Text, None);
    let mut input = Input::default();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long(name) if INPUT_FLAGS.contains(&name) => {
                let name = name.to_string();
                input_flag(p, &name, &mut input)?
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("format") => {
                format = match value(p)?.as_str() {
                    "text" => Format::Text,
                    "jsonl" => Format::Jsonl,
                    other => return Err(format!("--format must be text or jsonl, not {other:?}")),
                }
            }
            Long("seeds") => seeds = Some(count(p, "--seeds", 10_000)?),
            Value(v) => path_arg(&mut path, text(v)?)?,
            other => return Err(other.unexpected().to_string()),
        }
    }
    input.path = path.ok_or("missing INPUT")?;
    Ok(Command::Run {
        input,
        format,
        seeds,
    })
}

fn sweep(p: &mut lexopt::Parser) -> Result<Command, String> {
    let (mut path, mut max, mut min_available, mut jsonl) = (None, 10, None, false);
    let (mut seeds, mut max_pods, mut threads) = (20, None, None);
    let (mut drain, mut grace_max, mut canary) = (false, 30, false);
    let mut input = Input::default();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long(name) if INPUT_FLAGS.contains(&name) => {
                let name = name.to_string();
                input_flag(p, &name, &mut input)?
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("max") => {
                max = value(p)?
                    .parse()
                    .ok()
                    .filter(|m| (0..=100).contains(m))
                    .ok_or("--max must be 0 to 100")?
            }
            Long("seeds") => seeds = count(p, "--seeds", 1_000)?,
            Long("axes") => {
                (drain, canary) = match value(p)?.as_str() {
                    "preStop,grace" => (true, false),
                    "maxSurge,maxUnavailable" => (false, false),
                    "weight,pause" => (false, true),
                    other => {
                        return Err(format!(
                            "--axes must be maxSurge,maxUnavailable, preStop,grace or weight,pause, not {other:?}"
                        ))
                    }
                }
            }
            Long("grace-max") => grace_max = i64::from(count(p, "--grace-max", 3_600)?),
            Long("threads") => threads = Some(count(p, "--threads", 256)? as usize),
            Long("min-available") => {
                min_available = Some(
                    value(p)?
                        .parse()
                        .map_err(|_| "--min-available must be a whole number")?,
                )
            }
            Long("max-pods") => {
                max_pods = Some(
                    value(p)?
                        .parse()
                        .map_err(|_| "--max-pods must be a whole number")?,
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
    input.path = path.ok_or("missing INPUT")?;
    Ok(Command::Sweep {
        input,
        max,
        seeds,
        min_available,
        max_pods,
        threads,
        jsonl,
        drain_grace_max: drain.then_some(grace_max),
        canary,
    })
}

fn compare(p: &mut lexopt::Parser) -> Result<Command, String> {
    let (mut path, mut input) = (None, Input::default());
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long(name) if INPUT_FLAGS.contains(&name) => {
                let name = name.to_string();
                input_flag(p, &name, &mut input)?
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            Value(v) => path_arg(&mut path, text(v)?)?,
            other => return Err(other.unexpected().to_string()),
        }
    }
    input.path = path.ok_or("missing INPUT")?;
    Ok(Command::Compare { input })
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

    fn input(path: &str) -> Input {
        Input {
            path: path.into(),
            overrides: Overrides::default(),
        }
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
                input: input("s.yaml"),
                format: Format::Jsonl,
                seeds: None,
            })
        );
        assert_eq!(
            parse(args("run - --format text --seeds 50")),
            Ok(Command::Run {
                input: input("-"),
                format: Format::Text,
                seeds: Some(50),
            })
        );
        let Ok(Command::Run { input: i, .. }) = parse(args(
            "run deploy.yaml --set-image hello=hello:v2 --ready-after lognormal(20s,90s) --seed 7",
        )) else {
            panic!("parses")
        };
        assert_eq!(
            i.overrides.set_image,
            Some(("hello".into(), "hello:v2".into()))
        );
        assert_eq!(
            i.overrides.ready_after,
            Some(Dist::LogNormal {
                p50: 20.0,
                p99: 90.0
            })
        );
        assert_eq!(i.overrides.seed, Some(7));
        assert_eq!(
            parse(args(
                "sweep s.yaml --max 4 --min-available 9 --format jsonl --seeds 5 --max-pods 12 --threads 1"
            )),
            Ok(Command::Sweep {
                input: input("s.yaml"),
                max: 4,
                seeds: 5,
                min_available: Some(9),
                max_pods: Some(12),
                threads: Some(1),
                jsonl: true,
                drain_grace_max: None,
                canary: false,
            })
        );
        // The pod's drain as the axes.
        assert!(matches!(
            parse(args(
                "sweep s.yaml --axes preStop,grace --max 15 --grace-max 20"
            )),
            Ok(Command::Sweep {
                max: 15,
                drain_grace_max: Some(20),
                canary: false,
                ..
            })
        ));
        assert!(parse(args("sweep s.yaml --axes surge")).is_err());
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
        assert_eq!(parse(args("run")), Err("missing INPUT".into()));
        assert_eq!(
            parse(args("run a.yaml b.yaml")),
            Err("only one INPUT may be given".into())
        );
        assert_eq!(
            parse(args("run a.yaml --set-image v2")),
            Err("--set-image takes CONTAINER=IMAGE, not \"v2\"".into())
        );
        assert_eq!(
            parse(args("run a.yaml --ready-after lognormal(90s,20s)")),
            Err("--ready-after: p99 must not be below p50".into())
        );
        assert_eq!(
            parse(args("sweep a.yaml --seeds 0")),
            Err("--seeds must be 1 to 1000".into())
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
