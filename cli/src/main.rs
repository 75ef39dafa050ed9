//! `rollout-lab`: the engine on the command line. Arguments are parsed here ([`args`]); what is
//! printed comes from the engine's `report` module, the same the tests and the page use. A
//! sweep's settings are spread over every core ([`parallel`]); the result does not depend on
//! how many.

mod args;
mod parallel;

use args::{Command, Input, USAGE};
use rollout_engine::manifest::WorkloadKind;
use rollout_engine::report::{
    render, resolve_json, scenario_from_input, seeds_text, sweep_text, Format,
};
use rollout_engine::sim::sweep::Objective;
use rollout_engine::Scenario;
use std::io::Write;
use std::process::ExitCode;

fn read(path: &str) -> Result<String, String> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    text.map_err(|e| format!("error: cannot read {path}: {e}"))
}

fn scenario(input: &Input) -> Result<Scenario, String> {
    let path = &input.path;
    scenario_from_input(&read(path)?, &input.overrides).map_err(|e| format!("error: {path}: {e}"))
}

/// Runs a command: what to print on standard output, or the error for standard error.
fn execute(command: Command) -> Result<String, String> {
    match command {
        Command::Help => Ok(format!("{USAGE}\n")),
        Command::Version => Ok(format!("rollout-lab {}\n", env!("CARGO_PKG_VERSION"))),
        Command::Run {
            input,
            format,
            seeds: None,
        } => {
            let s = scenario(&input)?;
            render(&s, format).map_err(|e| format!("error: {}: {e}", input.path))
        }
        Command::Run {
            input,
            format,
            seeds: Some(n),
        } => {
            let s = scenario(&input)?;
            let objective = Objective::default_for(&s);
            Ok(seeds_text(&s, n, &objective, format == Format::Jsonl))
        }
        Command::Sweep {
            input,
            max,
            seeds,
            min_available,
            max_pods,
            threads,
            jsonl,
            drain_grace_max,
            canary,
        } => {
            let s = scenario(&input)?;
            if matches!(s.kind, WorkloadKind::StatefulSet | WorkloadKind::DaemonSet) {
                return rollout_engine::report::workload_sweep_text(&s)
                    .map_err(|e| format!("error: {}: {e}", input.path));
            }
            if canary {
                return rollout_engine::report::canary_sweep_text(&s)
                    .map_err(|e| format!("error: {}: {e}", input.path));
            }
            if let Some(grace_max) = drain_grace_max {
                use rollout_engine::sim::sweep::drain::{sweep_drain, DrainAxes};
                let axes = DrainAxes::up_to(i64::from(max), grace_max);
                let cells = sweep_drain(&s, &axes);
                return Ok(rollout_engine::report::drain_sweep_text(
                    &s, &axes, &cells, jsonl,
                ));
            }
            let mut objective = Objective::default_for(&s);
            if let Some(floor) = min_available {
                objective.floor = floor;
            }
            if max_pods.is_some() {
                objective.max_pods = max_pods;
            }
            let threads = threads.unwrap_or_else(parallel::cores);
            let job = parallel::sweep(&s, max, seeds, threads);
            Ok(sweep_text(&job, &objective, jsonl))
        }
        Command::Resolve {
            replicas,
            max_surge,
            max_unavailable,
        } => resolve_json(&replicas, &max_surge, &max_unavailable).map(|j| j + "\n"),
        Command::Compare { input } => {
            let s = scenario(&input)?;
            rollout_engine::report::compare_text(&s)
                .map_err(|e| format!("error: {}: {e}", input.path))
        }
    }
}

fn main() -> ExitCode {
    let command = match args::parse(std::env::args().skip(1).collect()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match execute(command) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
