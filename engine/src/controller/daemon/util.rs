//! Mirrors `pkg/controller/daemon/util/daemonset_util.go`: how many nodes may surge or be
//! unavailable.

use crate::api::{DaemonSetStrategy, UpdateStrategyType};
use crate::intstr::{get_scaled_value_from_int_or_percent, ScaleError};

/// Mirrors `SurgeCount`: maxSurge of the nodes that should run the pod, rounded up; 0 unless
/// the strategy is RollingUpdate.
pub fn surge_count(s: &DaemonSetStrategy, number_to_schedule: i32) -> Result<i32, ScaleError> {
    if s.update_type != UpdateStrategyType::RollingUpdate {
        return Ok(0);
    }
    get_scaled_value_from_int_or_percent(Some(&s.max_surge), number_to_schedule, true)
}

/// Mirrors `UnavailableCount`: maxUnavailable of the nodes that should run the pod, rounded
/// up; 0 unless the strategy is RollingUpdate.
pub fn unavailable_count(
    s: &DaemonSetStrategy,
    number_to_schedule: i32,
) -> Result<i32, ScaleError> {
    if s.update_type != UpdateStrategyType::RollingUpdate {
        return Ok(0);
    }
    get_scaled_value_from_int_or_percent(Some(&s.max_unavailable), number_to_schedule, true)
}
