//! The Kubernetes objects the simulation keeps: Deployments, ReplicaSets and Pods, reduced to the
//! fields the rollout controllers read or write. Times are simulated milliseconds.

mod deployment;
pub mod go_syntax;
pub mod hpa;
mod node;
mod pdb;
mod pod;
pub mod quantity;
mod replicaset;
mod rollout;
pub mod validation;
mod workloads;

pub use deployment::*;
pub use node::*;
pub use pdb::*;
pub use pod::*;
pub use replicaset::*;
pub use rollout::*;
pub use workloads::*;

use std::collections::BTreeMap;

/// Simulated time in milliseconds since the scenario started (negative before it).
pub type Millis = i64;

/// The metadata every object carries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    pub name: String,
    pub uid: u64,
    pub generation: i64,
    pub creation: Millis,
    pub annotations: BTreeMap<String, String>,
    pub deletion: Option<Millis>,
}

/// One container of a pod template.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// `resources.requests` (cpu and memory).
    pub requests: Requests,
}

/// The pod template of a Deployment or ReplicaSet. Equality is `EqualIgnoreHash`: the
/// `pod-template-hash` label is never stored in it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PodTemplate {
    pub labels: BTreeMap<String, String>,
    pub containers: Vec<Container>,
    pub termination_grace_period_seconds: i64,
}

impl PodTemplate {
    /// The grace period its pods get: a negative value is accepted with a warning and treated
    /// as 1 second (since Kubernetes 1.27).
    pub fn grace_period_ms(&self) -> Millis {
        let s = self.termination_grace_period_seconds;
        if s < 0 {
            1000
        } else {
            s.saturating_mul(1000)
        }
    }

    /// What each of its pods requests: the sum over its containers (`computePodResourceRequest`
    /// without init containers and overhead, which the simulation does not read).
    pub fn requests(&self) -> Requests {
        self.containers
            .iter()
            .fold(Requests::default(), |sum, c| sum.plus(c.requests))
    }

    /// The image of the first container, as the trace and `kubectl get rs -o wide` show it.
    pub fn first_image(&self) -> &str {
        self.containers
            .first()
            .map(|c| c.image.as_str())
            .unwrap_or("")
    }
}

/// Annotation keys the Deployment controller reads and writes (`util/deployment_util.go`).
pub mod annotations {
    pub const REVISION: &str = "deployment.kubernetes.io/revision";
    pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
    pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
    pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
    pub const ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";
    pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
    pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
}
