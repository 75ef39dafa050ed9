//! Fuzzing every parser that takes outside input (manifests, scenario files in YAML and JSON,
//! the page's URL and stored state, which are scenario JSON) with mutations of the corpus in
//! `tests/fuzz_corpus/`: no panic, and what parses runs. `FUZZ_CASES` sets how many inputs
//! (`scripts/test` runs the default; a long run: `FUZZ_CASES=1000000 cargo test --release -p
//! rollout-engine --test fuzz -- --nocapture`).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rollout_engine::manifest::parse_deployment;
use rollout_engine::{Scenario, Simulation};
use std::sync::atomic::{AtomicU64, Ordering};

fn corpus() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// Bytes that make parsers work: YAML and JSON syntax, anchors, tags, numbers, escapes.
const TOKENS: &[&str] = &[
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "---\n",
    "...\n",
    "\n  ",
    "#",
    "%",
    "25%",
    "-1",
    "0",
    "4294967296",
    "1e309",
    "2.5",
    "null",
    "true",
    "~",
    "\\u0000",
    "\u{7}",
    "ë",
    "\u{202e}",
    "<script>",
    "replicas: ",
    "maxSurge: ",
    "image: ",
    "at: ",
    "scale: ",
    "undo: ",
    "apply: ",
    "traffic: ",
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn apply(mut data: Vec<u8>, m: &[Mutation]) -> Vec<u8> {
    for m in m {
        let n = data.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if !data.is_empty() {
                    let i = i % n;
                    data[i] ^= b;
                }
            }
            Mutation::Insert(i, t) => {
                let i = i % (data.len() + 1);
                let tok = TOKENS[t % TOKENS.len()].as_bytes();
                data.splice(i..i, tok.iter().copied());
            }
            Mutation::Delete(i, len) => {
                let i = i % n;
                let end = (i + len % 64).min(data.len());
                if i < end {
                    data.drain(i..end);
                }
            }
            Mutation::Duplicate(i, len) => {
                let i = i % n;
                let end = (i + len % 200).min(data.len());
                if i < end {
                    let piece: Vec<u8> = data[i..end].to_vec();
                    data.splice(end..end, piece);
                }
            }
            Mutation::Truncate(i) => data.truncate(i % n),
        }
    }
    data
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, l)| Mutation::Delete(i, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, l)| Mutation::Duplicate(i, l)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Feeds one input to every parser; a scenario that parses is played (kept small).
fn exercise(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = parse_deployment(&text);
    // The fast reader of kubectl's YAML either defers or reads what the general parser reads.
    if let Some(fast) = rollout_engine::import::yaml::parse(&text) {
        let general = rollout_engine::manifest::parse_documents(&text);
        match general.as_deref() {
            Ok([one]) => assert_eq!(&fast, one, "the fast reader differs on {text:?}"),
            other => panic!("the fast reader read {text:?}, the general parser gave {other:?}"),
        }
    }
    let _ = rollout_engine::import::parse(&text);
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        let _ = Scenario::from_value(&v);
        let _ = Scenario::from_value(v.get("scenario").unwrap_or(&v));
    }
    if let Ok(mut s) = Scenario::parse(&text) {
        if s.deployment.spec.replicas <= 200 && s.events.len() <= 50 {
            s.until = s.until.min(120.0);
            if let Some(t) = s.traffic.as_mut() {
                t.rate = t.rate.min(100.0);
            }
            // Every scenario settles at every instant: a run that does not is a bug.
            let trace =
                rollout_engine::report::trace_with_traffic(&s).unwrap_or_else(|e| panic!("{e}"));
            assert!(matches!(
                trace.last(),
                Some(rollout_engine::trace::Record::Final { .. })
            ));
            let _ = Simulation::new(&s).run();
        }
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let seeds = corpus();
    assert!(!seeds.is_empty());
    let executions = AtomicU64::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..8));
    runner
        .run(&strategy, |(seed, muts)| {
            exercise(&apply(seeds[seed].clone(), &muts));
            executions.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    println!(
        "fuzz: {} mutated inputs from {} corpus files, no panic",
        executions.load(Ordering::Relaxed),
        seeds.len()
    );
}

#[test]
fn random_bytes_never_panic() {
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..400), |bytes| {
            exercise(&bytes);
            Ok(())
        })
        .unwrap();
}
