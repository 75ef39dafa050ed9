use super::{Millis, ObjectMeta, PodTemplate};
use crate::intstr::IntOrString;
use std::collections::BTreeMap;

/// `spec.strategy.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrategyType {
    RollingUpdate,
    Recreate,
}

impl StrategyType {
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyType::RollingUpdate => "RollingUpdate",
            StrategyType::Recreate => "Recreate",
        }
    }
}

/// `spec.strategy.rollingUpdate`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RollingUpdateDeployment {
    pub max_surge: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
}

/// `spec.strategy`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeploymentStrategy {
    pub kind: StrategyType,
    pub rolling_update: Option<RollingUpdateDeployment>,
}

impl DeploymentStrategy {
    /// The apps/v1 default: RollingUpdate with 25% / 25%.
    pub fn rolling(max_surge: IntOrString, max_unavailable: IntOrString) -> Self {
        DeploymentStrategy {
            kind: StrategyType::RollingUpdate,
            rolling_update: Some(RollingUpdateDeployment {
                max_surge: Some(max_surge),
                max_unavailable: Some(max_unavailable),
            }),
        }
    }
}

/// `spec` of a Deployment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeploymentSpec {
    pub replicas: i32,
    /// `spec.selector.matchLabels` (matchExpressions are not modelled); `None` when absent,
    /// which validation refuses. Immutable through apps/v1 and apps/v1beta2.
    pub selector: Option<BTreeMap<String, String>>,
    pub template: PodTemplate,
    pub strategy: DeploymentStrategy,
    pub min_ready_seconds: i32,
    pub revision_history_limit: Option<i32>,
    pub progress_deadline_seconds: Option<i32>,
    pub paused: bool,
}

/// The condition types of a Deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConditionType {
    Available,
    Progressing,
    ReplicaFailure,
}

impl ConditionType {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionType::Available => "Available",
            ConditionType::Progressing => "Progressing",
            ConditionType::ReplicaFailure => "ReplicaFailure",
        }
    }
}

/// `True`, `False` or `Unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

impl ConditionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionStatus::True => "True",
            ConditionStatus::False => "False",
            ConditionStatus::Unknown => "Unknown",
        }
    }
}

/// Condition reasons used by the Deployment controller (`util/deployment_util.go`).
pub mod reasons {
    pub const NEW_RS_AVAILABLE: &str = "NewReplicaSetAvailable";
    pub const RS_UPDATED: &str = "ReplicaSetUpdated";
    pub const NEW_RS_CREATED: &str = "NewReplicaSetCreated";
    pub const FOUND_NEW_RS: &str = "FoundNewReplicaSet";
    pub const TIMED_OUT: &str = "ProgressDeadlineExceeded";
    pub const PAUSED: &str = "DeploymentPaused";
    pub const RESUMED: &str = "DeploymentResumed";
    pub const MIN_AVAILABLE: &str = "MinimumReplicasAvailable";
    pub const MIN_UNAVAILABLE: &str = "MinimumReplicasUnavailable";
}

/// One entry of `status.conditions`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentCondition {
    pub kind: ConditionType,
    pub status: ConditionStatus,
    pub reason: String,
    pub message: String,
    pub last_update: Millis,
    pub last_transition: Millis,
}

/// `status` of a Deployment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentStatus {
    pub observed_generation: i64,
    pub replicas: i32,
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub unavailable_replicas: i32,
    pub conditions: Vec<DeploymentCondition>,
}

impl DeploymentStatus {
    /// Mirrors `deploymentutil.GetDeploymentCondition`.
    pub fn condition(&self, kind: ConditionType) -> Option<&DeploymentCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// Mirrors `deploymentutil.SetDeploymentCondition`: no change when status and reason are
    /// the same; the transition time is kept when only the reason changes.
    pub fn set_condition(&mut self, mut condition: DeploymentCondition) {
        if let Some(current) = self.condition(condition.kind) {
            if current.status == condition.status && current.reason == condition.reason {
                return;
            }
            if current.status == condition.status {
                condition.last_transition = current.last_transition;
            }
        }
        self.remove_condition(condition.kind);
        self.conditions.push(condition);
    }

    /// Mirrors `deploymentutil.RemoveDeploymentCondition`.
    pub fn remove_condition(&mut self, kind: ConditionType) {
        self.conditions.retain(|c| c.kind != kind);
    }
}

/// An apps/v1 Deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub meta: ObjectMeta,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

/// Builds a condition stamped with `now` for both times (`deploymentutil.NewDeploymentCondition`).
/// The times are `metav1.Time`, stored with whole seconds: what the controller reads back (and
/// measures the progress deadline from) is `now` rounded down to the second.
pub fn new_deployment_condition(
    kind: ConditionType,
    status: ConditionStatus,
    reason: &str,
    message: String,
    now: Millis,
) -> DeploymentCondition {
    DeploymentCondition {
        kind,
        status,
        reason: reason.to_string(),
        message,
        last_update: now.div_euclid(1000) * 1000,
        last_transition: now.div_euclid(1000) * 1000,
    }
}
