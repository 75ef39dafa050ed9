//! What the command line prints, for any front end to use: a scenario's trace as text in
//! kubectl's words or as jsonl, a sweep as a table, the fencepost arithmetic as JSON. The
//! argument parsing is the `rollout-lab` binary's (the `cli/` crate).

mod render;
mod resolve;
mod sweep;

pub use render::{escape_controls, render, run_text, trace_with_traffic};
pub use resolve::resolve_json;
pub use sweep::sweep_text;

/// Output formats of `rollout-lab run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}
