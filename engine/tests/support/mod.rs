//! Helpers for the scenario and property tests: scenarios written as YAML, traces reduced to the
//! decisions that matter.

#![allow(dead_code)]

use rollout_engine::trace::Record;
use rollout_engine::{Scenario, Simulation};

/// A scenario from YAML; panics with the engine's message if it does not parse.
pub fn scenario(yaml: &str) -> Scenario {
    Scenario::parse(yaml).unwrap_or_else(|e| panic!("{e}"))
}

/// A Deployment scenario: `replicas`, strategy lines, then the rest (images, events, until).
pub fn deployment_scenario(replicas: i32, strategy: &str, rest: &str) -> Scenario {
    scenario(&format!(
        "{}{rest}",
        rollout_engine::sim::scenario::deployment_yaml("web", replicas, strategy)
    ))
}

/// Every spec.replicas change as (t, revision, from, to).
pub fn scales(records: &[Record]) -> Vec<(f64, i64, i32, i32)> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Scale {
                t,
                revision,
                from,
                to,
                ..
            } => Some((*t, *revision, *from, *to)),
            _ => None,
        })
        .collect()
}

/// Every Progressing reason change as (t, reason).
pub fn progressing(records: &[Record]) -> Vec<(f64, String)> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Condition {
                t, kind, reason, ..
            } if kind == "Progressing" => Some((*t, reason.clone())),
            _ => None,
        })
        .collect()
}

/// The final status as (replicas, updated, ready, available, unavailable).
pub fn final_status(records: &[Record]) -> (i32, i32, i32, i32, i32) {
    match records.last() {
        Some(Record::Final {
            replicas,
            updated_replicas,
            ready_replicas,
            available_replicas,
            unavailable_replicas,
            ..
        }) => (
            *replicas,
            *updated_replicas,
            *ready_replicas,
            *available_replicas,
            *unavailable_replicas,
        ),
        other => panic!("the trace does not end with the final status: {other:?}"),
    }
}

/// Every event of `reason` as (t, message).
pub fn events(trace: &[Record], reason: &str) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::Event {
                t,
                reason: why,
                message,
                ..
            } if why == reason => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}

/// Every `kubectl rollout status` line (the plugin's, for a Rollout) as (t, line).
pub fn status_lines(trace: &[Record]) -> Vec<(f64, String)> {
    trace
        .iter()
        .filter_map(|r| match r {
            Record::RolloutStatus { t, message } => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}

pub fn run(s: &Scenario) -> Vec<Record> {
    Simulation::new(s).run()
}

/// The story as a v1 ReplicationController (3 replicas of hello:v1), for the legacy
/// `kubectl rolling-update`; `rest` adds the scenario's other sections.
pub fn replication_controller_story(rest: &str) -> Scenario {
    scenario(&format!(
        "deployment:
  apiVersion: v1
  kind: ReplicationController
  metadata: {{name: rolling-update-test}}
  spec:
    replicas: 3
    selector: {{app: rolling-update-test}}
    template:
      metadata: {{labels: {{app: rolling-update-test}}}}
      spec:
        containers: [{{name: hello, image: 'hello:v1'}}]
{rest}"
    ))
}
