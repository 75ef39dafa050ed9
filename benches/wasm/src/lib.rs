//! The engine's benchmark workloads, exported to JavaScript so that Node (or a browser)
//! can time them as compiled to WebAssembly. The native twins are in `engine/benches/engine.rs`.

use rollout_engine::sim::rewind::Rewinder;
use rollout_engine::sim::sweep::sweep;
use rollout_engine::{Scenario, Simulation};
use wasm_bindgen::prelude::*;

fn scenario(replicas: i32) -> Scenario {
    Scenario::example(replicas, "25%", "25%")
}

/// A 10,000-replica rollout at 25%/25%, whole trace; returns the number of trace records.
#[wasm_bindgen]
pub fn rollout_10k() -> usize {
    Simulation::new(&scenario(10_000)).run().len()
}

/// Every maxSurge x maxUnavailable pair from 0 to 100 at 100 replicas; returns the runs made.
#[wasm_bindgen]
pub fn sweep_100() -> usize {
    sweep(&scenario(100), 100, 1).summaries().len()
}

/// A 100,000-replica rollout at 25%/25%, whole trace; returns the number of trace records.
#[wasm_bindgen]
pub fn rollout_100k() -> usize {
    Simulation::new(&scenario(100_000)).run().len()
}

/// A 100,000-replica rollout recorded with checkpoints, as the page's player keeps it, so that
/// Node can time going back in it.
#[wasm_bindgen]
pub struct Recorded {
    rewinder: Rewinder,
    sim: Simulation,
}

#[wasm_bindgen]
impl Recorded {
    /// Runs the rollout once, keeping checkpoints.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Recorded {
        let (rewinder, sim) = Rewinder::record(&scenario(100_000), |_| {});
        Recorded { rewinder, sim }
    }

    /// Checkpoints kept.
    pub fn checkpoints(&self) -> usize {
        self.rewinder.len()
    }

    /// Brings the simulation to `t` ms (back from a checkpoint, or forward).
    pub fn seek(&mut self, t: f64) {
        self.rewinder.seek(&mut self.sim, t as i64);
    }
}

impl Default for Recorded {
    fn default() -> Self {
        Recorded::new()
    }
}

/// The jsonl trace of what the command line's `run` reads (a scenario, a lesson, a manifest or a
/// cluster's List), for comparing native and wasm byte for byte.
#[wasm_bindgen]
pub fn trace_jsonl(scenario_text: &str) -> String {
    let no_flags = rollout_engine::report::Overrides::default();
    match rollout_engine::report::scenario_from_input(scenario_text, &no_flags) {
        Ok(s) => rollout_engine::report::render(&s, rollout_engine::report::Format::Jsonl)
            .unwrap_or_else(|e| format!("error: {e}")),
        Err(e) => format!("error: {e}"),
    }
}

/// Bytes of linear memory now; it never shrinks, so after the workloads it is their peak.
#[wasm_bindgen]
pub fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size::<0>() * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
