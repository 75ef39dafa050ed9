//! What the command line prints, for any front end to use: a scenario's trace as text in
//! kubectl's words or as jsonl, a sweep as a table, the fencepost arithmetic as JSON. The
//! argument parsing is the `rollout-lab` binary's (the `cli/` crate).

mod compare;
mod drain;
mod input;
mod render;
mod resolve;
mod sweep;
mod workload_sweep;

pub use compare::{canary_sweep_text, compare_text};
pub use drain::drain_sweep_text;
pub use input::{
    scenario_from_input, set_ready_after, InputError, Overrides, MANIFEST_UNTIL_SECONDS,
};
pub use render::{escape_controls, render, run_text, trace_with_traffic};
pub use resolve::resolve_json;
pub use sweep::{seeds_text, sweep_text};
pub use workload_sweep::workload_sweep_text;

/// A scenario file's scenario, or a lesson file's (a lesson is a scenario with steps). When the
/// text is neither, the error is the scenario file's.
pub fn scenario_or_lesson(text: &str) -> Result<crate::Scenario, crate::sim::ScenarioError> {
    crate::Scenario::parse(text).or_else(|e| {
        crate::lesson::Lesson::parse(text)
            .map(|l| l.scenario)
            .map_err(|_| e)
    })
}

/// Output formats of `rollout-lab run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}
