//! What a run records: the trace the command line prints and the page animates.

use crate::api::Millis;
use serde::Serialize;

/// One line of the trace. `t` is in simulated seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Record {
    /// A ReplicaSet at t=0, before anything happened.
    #[serde(rename_all = "camelCase")]
    Initial {
        t: f64,
        replica_set: String,
        revision: i64,
        image: String,
        replicas: i32,
    },
    /// A change of a ReplicaSet's spec.replicas, creation included.
    #[serde(rename_all = "camelCase")]
    Scale {
        t: f64,
        replica_set: String,
        revision: i64,
        image: String,
        from: i32,
        to: i32,
        /// The controller's arithmetic, in plain words.
        why: crate::sentence::Sentence,
    },
    /// The HorizontalPodAutoscaler changed the Deployment's spec.replicas.
    #[serde(rename_all = "camelCase")]
    Autoscale {
        t: f64,
        hpa: String,
        from: i32,
        to: i32,
        /// Its arithmetic, in plain words.
        why: crate::sentence::Sentence,
    },
    /// A change of a Deployment condition's reason or status.
    #[serde(rename_all = "camelCase")]
    Condition {
        t: f64,
        #[serde(rename = "type")]
        kind: String,
        status: String,
        reason: String,
        message: String,
    },
    /// A Kubernetes event, as `kubectl describe` lists it.
    #[serde(rename_all = "camelCase")]
    Event {
        t: f64,
        #[serde(rename = "type")]
        kind: String,
        reason: String,
        object: String,
        message: String,
    },
    /// What the user did, and what kubectl answered.
    #[serde(rename_all = "camelCase")]
    Action {
        t: f64,
        command: String,
        output: String,
        ok: bool,
    },
    /// A new line of `kubectl rollout status`.
    #[serde(rename_all = "camelCase")]
    RolloutStatus { t: f64, message: String },
    /// Requests in one simulated second (traffic model): served by response text, and failed.
    #[serde(rename_all = "camelCase")]
    Traffic {
        t: f64,
        served: std::collections::BTreeMap<String, u64>,
        failed: u64,
    },
    /// The traffic model's totals and what they mean.
    #[serde(rename_all = "camelCase")]
    TrafficSummary {
        t: f64,
        requests: u64,
        served: std::collections::BTreeMap<String, u64>,
        failed: std::collections::BTreeMap<String, u64>,
        summary: String,
    },
    /// The Deployment status at the end.
    #[serde(rename_all = "camelCase")]
    Final {
        t: f64,
        replicas: i32,
        updated_replicas: i32,
        ready_replicas: i32,
        available_replicas: i32,
        unavailable_replicas: i32,
    },
}

impl Record {
    pub fn t(&self) -> f64 {
        match self {
            Record::Initial { t, .. }
            | Record::Scale { t, .. }
            | Record::Autoscale { t, .. }
            | Record::Condition { t, .. }
            | Record::Event { t, .. }
            | Record::Action { t, .. }
            | Record::RolloutStatus { t, .. }
            | Record::Traffic { t, .. }
            | Record::TrafficSummary { t, .. }
            | Record::Final { t, .. } => *t,
        }
    }

    /// The record as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Simulated milliseconds as the seconds a trace prints.
pub fn seconds(t: Millis) -> f64 {
    t as f64 / 1000.0
}
