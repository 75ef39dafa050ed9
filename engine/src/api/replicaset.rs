use super::{annotations, ObjectMeta, PodTemplate};

/// `spec` of a ReplicaSet.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetSpec {
    pub replicas: i32,
    pub min_ready_seconds: i32,
    pub template: PodTemplate,
}

/// `status` of a ReplicaSet, as the ReplicaSet controller writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    pub replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub observed_generation: i64,
    /// Pods with a deletionTimestamp (KEP-3973, reported by later trees).
    pub terminating_replicas: Option<i32>,
    /// The `ReplicaFailure` condition: why pods could not be created (reason, message).
    pub replica_failure: Option<(String, String)>,
}

/// An apps/v1 ReplicaSet owned by the simulated Deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSet {
    pub meta: ObjectMeta,
    pub spec: ReplicaSetSpec,
    pub status: ReplicaSetStatus,
}

impl ReplicaSet {
    /// A ReplicaSet a controller just created: `name`, at 0 replicas, with no status yet.
    pub fn created(
        name: String,
        uid: u64,
        template: super::PodTemplate,
        min_ready_seconds: i32,
        now: super::Millis,
    ) -> ReplicaSet {
        ReplicaSet {
            meta: ObjectMeta {
                name,
                uid,
                generation: 1,
                creation: now,
                annotations: Default::default(),
                deletion: None,
            },
            spec: ReplicaSetSpec {
                replicas: 0,
                min_ready_seconds,
                template,
            },
            status: ReplicaSetStatus::default(),
        }
    }

    /// The `deployment.kubernetes.io/revision` annotation (for a Rollout's ReplicaSet,
    /// `rollout.argoproj.io/revision`); missing or unparsable counts as 0
    /// (`deploymentutil.Revision`).
    pub fn revision(&self) -> i64 {
        self.meta
            .annotations
            .get(annotations::REVISION)
            .or_else(|| self.meta.annotations.get(super::REVISION_ANNOTATION))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}
