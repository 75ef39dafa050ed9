//! policy/v1 PodDisruptionBudget, reduced to what evictions and the disruption controller read.
//! Its selector is the Deployment's: it covers every pod of the Deployment.

use crate::intstr::IntOrString;

/// `spec.unhealthyPodEvictionPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnhealthyPodEvictionPolicy {
    /// The default: a pod that is not Ready may be evicted only while the budget is met.
    #[default]
    IfHealthyBudget,
    /// A pod that is not Ready may always be evicted.
    AlwaysAllow,
}

impl UnhealthyPodEvictionPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            UnhealthyPodEvictionPolicy::IfHealthyBudget => "IfHealthyBudget",
            UnhealthyPodEvictionPolicy::AlwaysAllow => "AlwaysAllow",
        }
    }
}

/// The budget: exactly one of `min_available` and `max_unavailable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodDisruptionBudgetSpec {
    pub min_available: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
    pub unhealthy_pod_eviction_policy: UnhealthyPodEvictionPolicy,
}

/// `status`, as the disruption controller writes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodDisruptionBudgetStatus {
    pub expected_pods: i32,
    pub current_healthy: i32,
    pub desired_healthy: i32,
    pub disruptions_allowed: i32,
}
