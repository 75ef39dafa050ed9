//! Mirrors `pkg/controller/statefulset/stateful_set_utils.go`: the pod predicates and the
//! arithmetic the StatefulSet controller's update reads.

use crate::api::{Millis, Pod};
use crate::intstr::{get_scaled_value_from_int_or_percent, IntOrString};

/// Mirrors `getStatefulSetMaxUnavailable`: maxUnavailable (1 when unset) scaled on the replica
/// count rounding down, and at least 1. An integer is not capped by the replica count.
pub fn get_stateful_set_max_unavailable(
    max_unavailable: Option<&IntOrString>,
    replica_count: i32,
) -> Result<i32, crate::intstr::ScaleError> {
    let v = max_unavailable.cloned().unwrap_or(IntOrString::Int(1));
    let n = get_scaled_value_from_int_or_percent(Some(&v), replica_count, false)?;
    Ok(n.max(1))
}

/// Mirrors `isCreated`: the pod exists (the simulation has no pod without a phase).
pub fn is_created(p: &Pod, now: Millis) -> bool {
    p.exists(now)
}

/// Mirrors `isTerminating`: the pod has a deletionTimestamp.
pub fn is_terminating(p: &Pod, now: Millis) -> bool {
    p.is_terminating(now)
}

/// Mirrors `isRunningAndReady`: phase Running and the Ready condition True (a pod being
/// deleted stays Ready until its containers stop).
pub fn is_running_and_ready(p: &Pod, now: Millis) -> bool {
    p.phase(now) == crate::api::PodPhase::Running && p.ready_condition(now)
}

/// Mirrors `isRunningAndAvailable`: Running, Ready, and Ready for minReadySeconds.
pub fn is_running_and_available(p: &Pod, min_ready_seconds: i32, now: Millis) -> bool {
    p.phase(now) == crate::api::PodPhase::Running && p.available_condition(min_ready_seconds, now)
}

/// Mirrors `isHealthy`: running and ready, and not terminating.
pub fn is_healthy(p: &Pod, now: Millis) -> bool {
    is_running_and_ready(p, now) && !is_terminating(p, now)
}

/// Mirrors `isUnavailable`, which replaced `!isHealthy` in the update's waits in 1.34 (so
/// that minReadySeconds is respected): not available, or terminating.
pub fn is_unavailable(p: &Pod, min_ready_seconds: i32, now: Millis) -> bool {
    !is_running_and_available(p, min_ready_seconds, now) || is_terminating(p, now)
}

/// Mirrors `getPodName`: the set's name and the ordinal.
pub fn get_pod_name(set: &str, ordinal: i32) -> String {
    format!("{set}-{ordinal}")
}
