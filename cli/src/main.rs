//! `rollout-lab`: the engine on the command line. Arguments are parsed here ([`args`]); what is
//! printed comes from the engine's `report` module, the same the tests and the page use.

mod args;

use args::{Command, USAGE};
use rollout_engine::report::{render, resolve_json, scenario_or_lesson, sweep_text};
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

fn scenario(path: &str) -> Result<Scenario, String> {
    scenario_or_lesson(&read(path)?).map_err(|e| format!("error: {path}: {e}"))
}

/// Runs a command: what to print on standard output, or the error for standard error.
fn execute(command: Command) -> Result<String, String> {
    match command {
        Command::Help => Ok(format!("{USAGE}\n")),
        Command::Version => Ok(format!("rollout-lab {}\n", env!("CARGO_PKG_VERSION"))),
        Command::Run { path, format } => {
            let s = scenario(&path)?;
            render(&s, format).map_err(|e| format!("error: {path}: {e}"))
        }
        Command::Sweep {
            path,
            max,
            min_available,
            jsonl,
        } => Ok(sweep_text(&scenario(&path)?, max, min_available, jsonl)),
        Command::Resolve {
            replicas,
            max_surge,
            max_unavailable,
        } => resolve_json(&replicas, &max_surge, &max_unavailable).map(|j| j + "\n"),
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
