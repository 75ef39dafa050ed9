//! The sweep's worker side. A Web Worker (`static/sweep-worker.js`) loads the page's own
//! WebAssembly and calls [`run_sweep_cells`] with a chunk of settings to run; the settings are
//! independent, so any number of workers give the same sweep as one.
//!
//! A request is JSON: `{"job": N, "scenario": {...}, "bound": B, "runs": R, "cells": [i, ...]}`,
//! the scenario sent with a worker's first chunk of a job only. The answer is JSON:
//! `{"cells": [{"i": i, "runs": [outcome, ...]} | {"i": i, "rejected": true}]}` or
//! `{"error": "..."}`.

use rollout_engine::sim::sweep::{run_cell, Cell, Outcome};
use rollout_engine::Scenario;
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The scenario of the job this worker is running: (job, scenario).
    static CURRENT: RefCell<Option<(u64, Scenario)>> = const { RefCell::new(None) };
}

/// Runs the settings a request names; called from the worker's script.
#[wasm_bindgen]
pub fn run_sweep_cells(request: &str) -> String {
    match answer(request) {
        Ok(v) => v.to_string(),
        Err(e) => json!({ "error": e }).to_string(),
    }
}

/// The answer to a request (also what the tests call natively).
pub fn answer(request: &str) -> Result<Value, String> {
    let req: Value = serde_json::from_str(request).map_err(|e| e.to_string())?;
    let job = req["job"].as_u64().ok_or("no job")?;
    if let Some(s) = req.get("scenario") {
        let scenario = Scenario::from_value(s).map_err(|e| e.to_string())?;
        CURRENT.with(|c| *c.borrow_mut() = Some((job, scenario)));
    }
    let bound = req["bound"].as_i64().ok_or("no bound")? as i32;
    let runs = req["runs"].as_u64().ok_or("no runs")? as u32;
    let side = (bound + 1) as usize;
    let cells = req["cells"].as_array().ok_or("no cells")?;
    CURRENT.with(|c| {
        let current = c.borrow();
        let scenario = match current.as_ref() {
            Some((j, s)) if *j == job => s,
            _ => return Err(format!("job {job}'s scenario was not sent")),
        };
        let out: Vec<Value> = cells
            .iter()
            .filter_map(Value::as_u64)
            .map(|i| {
                let i = i as usize;
                let (s, u) = ((i % side) as i32, (i / side) as i32);
                match run_cell(scenario, s, u, runs) {
                    Cell::Ran(runs) => json!({ "i": i, "runs": runs }),
                    _ => json!({ "i": i, "rejected": true }),
                }
            })
            .collect();
        Ok(json!({ "cells": out }))
    })
}

/// Reads an answer back into cells by index.
pub fn cells_of(answer: &str) -> Result<Vec<(usize, Cell)>, String> {
    let v: Value = serde_json::from_str(answer).map_err(|e| e.to_string())?;
    if let Some(e) = v.get("error").and_then(Value::as_str) {
        return Err(e.to_string());
    }
    v["cells"]
        .as_array()
        .ok_or("no cells in the answer")?
        .iter()
        .map(|c| {
            let i = c["i"].as_u64().ok_or("a cell without an index")? as usize;
            if c.get("rejected").is_some() {
                return Ok((i, Cell::Rejected));
            }
            let runs: Vec<Outcome> =
                serde_json::from_value(c["runs"].clone()).map_err(|e| e.to_string())?;
            Ok((i, Cell::Ran(runs)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::sim::sweep::SweepJob;

    #[test]
    fn chunks_run_by_workers_make_the_same_sweep() {
        let mut s = Scenario::example(10, "25%", "25%");
        s.until = 300.0;
        s.images = rollout_engine::behaviour::Behaviours::from_value(
            &json!({"web:v2": {"readyAfter": "lognormal(2s,8s)"}}),
        )
        .unwrap();
        let mut whole = SweepJob::new(s.clone(), 2, 3);
        while whole.step() {}
        let mut pieces = SweepJob::new(s.clone(), 2, 3);
        let first =
            json!({"job": 7, "scenario": s.to_value(), "bound": 2, "runs": 3, "cells": [0, 4, 8]});
        let rest = json!({"job": 7, "bound": 2, "runs": 3, "cells": [1, 2, 3, 5, 6, 7]});
        for req in [first, rest] {
            for (i, cell) in cells_of(&run_sweep_cells(&req.to_string())).unwrap() {
                pieces.set(i, cell);
            }
        }
        assert_eq!(pieces.cells, whole.cells);
        let stale = json!({"job": 8, "bound": 2, "runs": 3, "cells": [1]});
        assert_eq!(
            cells_of(&run_sweep_cells(&stale.to_string())).unwrap_err(),
            "job 8's scenario was not sent"
        );
    }
}
