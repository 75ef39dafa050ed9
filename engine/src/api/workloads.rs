//! apps/v1 StatefulSet and DaemonSet, reduced to what their controllers read and write. The
//! fields they share with a Deployment (name, selector, template, replicas, minReadySeconds,
//! revisionHistoryLimit) stay in the workload object the simulation keeps; these are the rest.

use crate::intstr::IntOrString;

/// `spec.podManagementPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PodManagementPolicy {
    /// One pod at a time, in ordinal order, each Running and Ready before the next.
    #[default]
    OrderedReady,
    /// Pods created and deleted at once (`burst` in the controller's words).
    Parallel,
}

impl PodManagementPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PodManagementPolicy::OrderedReady => "OrderedReady",
            PodManagementPolicy::Parallel => "Parallel",
        }
    }
}

/// `spec.updateStrategy.type` of a StatefulSet or a DaemonSet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UpdateStrategyType {
    #[default]
    RollingUpdate,
    /// Pods are replaced only when the user deletes them.
    OnDelete,
}

impl UpdateStrategyType {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateStrategyType::RollingUpdate => "RollingUpdate",
            UpdateStrategyType::OnDelete => "OnDelete",
        }
    }
}

/// A StatefulSet's own spec fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetStrategy {
    pub pod_management_policy: PodManagementPolicy,
    pub update_type: UpdateStrategyType,
    /// `rollingUpdate.partition`: ordinals below it keep the current revision. Defaulted to 0
    /// when the strategy type is left out; `None` when the manifest says `type: RollingUpdate`
    /// with no `rollingUpdate` (then the defaults leave it nil).
    pub partition: Option<i32>,
    /// `rollingUpdate.maxUnavailable`: `Some` turns the MaxUnavailableStatefulSet feature gate
    /// on for the run (on by default in 1.35.0 to 1.35.3 and again from 1.37; off in 1.35.4+
    /// and 1.36, where the API server drops the field).
    pub max_unavailable: Option<IntOrString>,
    /// `spec.serviceName`, the headless Service that names the pods (kept for export).
    pub service_name: String,
}

/// A DaemonSet's own spec fields.
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetStrategy {
    pub update_type: UpdateStrategyType,
    /// `rollingUpdate.maxUnavailable`, of the nodes that should run the pod (defaulted to 1).
    pub max_unavailable: IntOrString,
    /// `rollingUpdate.maxSurge` (defaulted to 0).
    pub max_surge: IntOrString,
}

impl StatefulSetStrategy {
    /// The partition the controller reads (`updateMin`): 0 when unset.
    pub fn update_min(&self) -> i32 {
        self.partition.unwrap_or(0).max(0)
    }
}

impl Default for DaemonSetStrategy {
    fn default() -> Self {
        DaemonSetStrategy {
            update_type: UpdateStrategyType::RollingUpdate,
            max_unavailable: IntOrString::Int(1),
            max_surge: IntOrString::Int(0),
        }
    }
}

/// What a workload other than a Deployment adds to the fields it shares with one.
#[derive(Clone, Debug, PartialEq)]
pub enum AppsWorkload {
    StatefulSet(StatefulSetStrategy),
    DaemonSet(DaemonSetStrategy),
}

/// `status` of a StatefulSet, as its controller writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatefulSetStatus {
    pub observed_generation: i64,
    pub replicas: i32,
    pub ready_replicas: i32,
    pub current_replicas: i32,
    pub updated_replicas: i32,
    pub available_replicas: i32,
    pub current_revision: String,
    pub update_revision: String,
}

/// `status` of a DaemonSet, as its controller writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    pub observed_generation: i64,
    pub desired_number_scheduled: i32,
    pub current_number_scheduled: i32,
    pub number_misscheduled: i32,
    pub number_ready: i32,
    pub updated_number_scheduled: i32,
    pub number_available: i32,
    pub number_unavailable: i32,
}
