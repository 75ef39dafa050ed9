//! Mirrors `utils/defaults/defaults.go`: what a Rollout's unset fields mean.

use crate::api::{BlueGreenStrategy, CanaryStrategy, Rollout, RolloutStrategy};
use crate::intstr::IntOrString;

/// `DefaultMaxSurge` and `DefaultMaxUnavailable`: `"25"`, read as 25% by the legacy parser.
pub const DEFAULT_MAX_SURGE: &str = "25";
pub const DEFAULT_MAX_UNAVAILABLE: &str = "25";
/// `DefaultScaleDownDelaySeconds`, `DefaultAbortScaleDownDelaySeconds`.
pub const DEFAULT_SCALE_DOWN_DELAY_SECONDS: i32 = 30;
pub const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS: i32 = 30;
/// `DefaultProgressDeadlineSeconds`, `DefaultRevisionHistoryLimit`.
pub const DEFAULT_PROGRESS_DEADLINE_SECONDS: i32 = 600;
pub const DEFAULT_REVISION_HISTORY_LIMIT: i32 = 10;
/// `weightutil.MaxTrafficWeight`'s default.
pub const DEFAULT_MAX_TRAFFIC_WEIGHT: i32 = 100;

/// Mirrors `GetReplicasOrDefault`.
pub fn get_replicas_or_default(replicas: Option<i32>) -> i32 {
    replicas.unwrap_or(1)
}

/// Mirrors `GetMaxSurgeOrDefault`.
pub fn get_max_surge_or_default(ro: &Rollout) -> IntOrString {
    match ro.canary().and_then(|c| c.max_surge.clone()) {
        Some(v) => v,
        None => IntOrString::String(DEFAULT_MAX_SURGE.into()),
    }
}

/// Mirrors `GetMaxUnavailableOrDefault`: the blue-green or canary value, 25% when unset.
pub fn get_max_unavailable_or_default(ro: &Rollout) -> IntOrString {
    let set = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(b) => b.max_unavailable.clone(),
        RolloutStrategy::Canary(c) => c.max_unavailable.clone(),
        RolloutStrategy::Unset => None,
    };
    set.unwrap_or_else(|| IntOrString::String(DEFAULT_MAX_UNAVAILABLE.into()))
}

/// Mirrors `GetScaleDownDelaySecondsOrDefault`: blue-green always has one (30 s unless set);
/// a canary only with traffic routing.
pub fn get_scale_down_delay_seconds_or_default(ro: &Rollout) -> i32 {
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(b) => b
            .scale_down_delay_seconds
            .unwrap_or(DEFAULT_SCALE_DOWN_DELAY_SECONDS),
        RolloutStrategy::Canary(c) if c.traffic_routing.is_some() => c
            .scale_down_delay_seconds
            .unwrap_or(DEFAULT_SCALE_DOWN_DELAY_SECONDS),
        RolloutStrategy::Canary(_) | RolloutStrategy::Unset => 0,
    }
}

/// Mirrors `GetAbortScaleDownDelaySecondsOrDefault`: the delay before an aborted canary (with
/// traffic routing) or preview stack is scaled down: `None` when it is never scaled down (set to
/// 0); 0 for a canary without a router (its pods serve traffic, so they go at once).
pub fn get_abort_scale_down_delay_seconds_or_default(ro: &Rollout) -> Option<i32> {
    let (set, applies) = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(BlueGreenStrategy {
            abort_scale_down_delay_seconds,
            ..
        }) => (*abort_scale_down_delay_seconds, true),
        RolloutStrategy::Canary(CanaryStrategy {
            abort_scale_down_delay_seconds,
            traffic_routing,
            ..
        }) => (*abort_scale_down_delay_seconds, traffic_routing.is_some()),
        RolloutStrategy::Unset => (None, false),
    };
    if !applies {
        return Some(0);
    }
    match set.unwrap_or(DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS) {
        0 => None,
        s => Some(s),
    }
}

/// Mirrors `GetAutoPromotionEnabledOrDefault`.
pub fn get_auto_promotion_enabled_or_default(ro: &Rollout) -> bool {
    ro.blue_green()
        .and_then(|b| b.auto_promotion_enabled)
        .unwrap_or(true)
}

/// Mirrors `weightutil.MaxTrafficWeight`: the router's scale (100 unless set).
pub fn max_traffic_weight(ro: &Rollout) -> i32 {
    ro.canary()
        .and_then(|c| c.traffic_routing.as_ref())
        .and_then(|t| t.max_traffic_weight)
        .unwrap_or(DEFAULT_MAX_TRAFFIC_WEIGHT)
}
