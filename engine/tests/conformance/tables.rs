//! The harness for vector files in the `tables` format (Argo Rollouts, workloads): each table
//! names its upstream test; each case has an `input` and an `expected`, read strictly (a field
//! a runner needs and does not find fails the case, and so does a field nobody read); the
//! case counts are checked against `meta.case_counts`; one line is printed per table.

use crate::strict::{Seen, J};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A table's runner: the case's `input` and `expected`.
pub type Runner = fn(&J, &J) -> Result<(), String>;

fn run_case(run: Runner, case: &Value) -> Result<(), String> {
    let seen = Seen::default();
    let input = seen.root(&case["input"], "input");
    let expected = seen.root(&case["expected"], "expected");
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        run(&input, &expected)?;
        let mut unknown = seen.unread(&case["input"], "input");
        unknown.extend(seen.unread(&case["expected"], "expected"));
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(format!("unread field(s): {}", unknown.join(", ")))
        }
    }));
    outcome.unwrap_or_else(|panic| {
        Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .map_or("panicked".into(), |m| format!("panicked: {m}")))
    })
}

/// What a run of a vectors file found.
pub struct TableReport {
    pub failures: Vec<String>,
    pub ran: usize,
    pub skipped: usize,
}

/// Runs every table of `doc` with the runner `runner` gives for its name; the tables in
/// `unreadable` are counted and reported as skipped, with their reason.
pub fn run_tables(
    doc: &Value,
    path: &str,
    label: &str,
    runner: fn(&str) -> Option<Runner>,
    unreadable: &[(&str, &str)],
) -> TableReport {
    let mut failures = Vec::new();
    let tables = doc["tables"].as_array().cloned().unwrap_or_default();
    if tables.is_empty() {
        failures.push("the file has no `tables`".to_string());
    }
    let counts = doc["meta"]["case_counts"].as_object();
    let (mut ran, mut passed, mut skipped) = (0, 0, 0);
    for table in &tables {
        let name = table["name"].as_str().unwrap_or("");
        let cases = table["cases"].as_array().cloned().unwrap_or_default();
        let want = counts.and_then(|c| c.get(name)).and_then(Value::as_u64);
        if want != Some(cases.len() as u64) {
            failures.push(format!(
                "{name}: {} cases, but meta.case_counts says {want:?}",
                cases.len()
            ));
        }
        if let Some((_, why)) = unreadable.iter().find(|(t, _)| *t == name) {
            skipped += cases.len();
            println!("{name}: {} skipped ({why})", cases.len());
            continue;
        }
        let Some(run) = runner(name) else {
            failures.push(format!("{name}: no runner for this table"));
            continue;
        };
        let mut table_passed = 0;
        for case in &cases {
            ran += 1;
            match run_case(run, case) {
                Ok(()) => table_passed += 1,
                Err(msg) => failures.push(format!("{name} {:?}: {msg}", case["name"])),
            }
        }
        passed += table_passed;
        println!("{name}: {table_passed} of {} passed", cases.len());
    }
    println!(
        "{label} conformance: {ran} cases ran, {passed} passed, {} failed, {skipped} skipped ({path})",
        ran - passed
    );
    TableReport {
        failures,
        ran,
        skipped,
    }
}
