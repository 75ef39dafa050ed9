//! Mirrors `utils/replicaset/replicaset.go`: counting a Rollout's ReplicaSets, the surge and
//! unavailability bounds, and the size of a new ReplicaSet.

use super::bluegreen::get_replica_set_by_template_hash;
use super::canary::{calculate_replica_counts_for_canary, get_other_rss, get_stable_rs};
use super::defaults::{get_max_surge_or_default, get_max_unavailable_or_default};
use crate::api::{ReplicaSet, Rollout, RolloutStrategy, TrafficWeights, POD_HASH_LABEL};
use crate::intstr::{get_value_from_int_or_percent, IntOrString, ScaleError};

/// The `rollouts-pod-template-hash` of a ReplicaSet (its pod template's label).
pub fn pod_hash(rs: &ReplicaSet) -> &str {
    rs.spec
        .template
        .labels
        .get(POD_HASH_LABEL)
        .map_or("", String::as_str)
}

/// Mirrors `GetReplicaCountForReplicaSets`: the sum of `spec.replicas` (nil entries skipped).
pub fn get_replica_count_for_replica_sets(rss: &[Option<&ReplicaSet>]) -> i32 {
    rss.iter().flatten().map(|rs| rs.spec.replicas).sum()
}

/// Mirrors `GetActualReplicaCountForReplicaSets`: the sum of `status.replicas`.
pub fn get_actual_replica_count_for_replica_sets(rss: &[Option<&ReplicaSet>]) -> i32 {
    rss.iter().flatten().map(|rs| rs.status.replicas).sum()
}

/// Mirrors `GetReadyReplicaCountForReplicaSets`.
pub fn get_ready_replica_count_for_replica_sets(rss: &[Option<&ReplicaSet>]) -> i32 {
    rss.iter()
        .flatten()
        .map(|rs| rs.status.ready_replicas)
        .sum()
}

/// Mirrors `GetAvailableReplicaCountForReplicaSets`.
pub fn get_available_replica_count_for_replica_sets(rss: &[Option<&ReplicaSet>]) -> i32 {
    rss.iter()
        .flatten()
        .map(|rs| rs.status.available_replicas)
        .sum()
}

/// Mirrors `IsActive`: the ReplicaSet exists and wants pods.
pub fn is_active(rs: Option<&ReplicaSet>) -> bool {
    rs.is_some_and(|rs| rs.spec.replicas > 0)
}

/// Mirrors `FindActiveOrLatest`: the one ReplicaSet with pods wanted; with none, the new one or
/// else the newest old one; with several, none.
pub fn find_active_or_latest<'a>(
    new_rs: Option<&'a ReplicaSet>,
    old_rss: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    if new_rs.is_none() && old_rss.is_empty() {
        return None;
    }
    let mut all: Vec<&ReplicaSet> = old_rss.to_vec();
    all.extend(new_rs);
    // Newest first (`ReplicaSetsByCreationTimestamp`, reversed), ties by name.
    all.sort_by(|a, b| {
        b.meta
            .creation
            .cmp(&a.meta.creation)
            .then_with(|| a.meta.name.cmp(&b.meta.name))
    });
    let active: Vec<&ReplicaSet> = all
        .iter()
        .copied()
        .filter(|rs| rs.spec.replicas > 0)
        .collect();
    match active.len() {
        0 => new_rs.or_else(|| all.first().copied()),
        1 => Some(active[0]),
        _ => None,
    }
}

/// Mirrors `resolveFenceposts`: the legacy parser, surge rounded up and unavailability down;
/// both zero makes unavailability 1.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), ScaleError> {
    crate::controller::deployment::util::resolve_fenceposts_with(
        max_surge,
        max_unavailable,
        desired,
        get_value_from_int_or_percent,
    )
}

/// Mirrors `MaxUnavailable`: 0 with no replicas; at most `spec.replicas`. (Upstream ignores a
/// parse error here: validation has refused such a value.)
pub fn max_unavailable(ro: &Rollout) -> i32 {
    let replicas = ro.replicas();
    if replicas == 0 {
        return 0;
    }
    let unavailable = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            // `resolveFenceposts(nil, maxUnavailable)` for blue-green.
            resolve_fenceposts(None, Some(&get_max_unavailable_or_default(ro)), replicas)
                .map_or(0, |(_, u)| u)
        }
        RolloutStrategy::Canary(_) => resolve_fenceposts(
            Some(&get_max_surge_or_default(ro)),
            Some(&get_max_unavailable_or_default(ro)),
            replicas,
        )
        .map_or(0, |(_, u)| u),
        RolloutStrategy::Unset => 0,
    };
    unavailable.min(replicas)
}

/// Mirrors `MaxSurge`: only a canary surges.
pub fn max_surge(ro: &Rollout) -> i32 {
    if ro.canary().is_none() {
        return 0;
    }
    resolve_fenceposts(
        Some(&get_max_surge_or_default(ro)),
        Some(&get_max_unavailable_or_default(ro)),
        ro.replicas(),
    )
    .map_or(0, |(s, _)| s)
}

/// Mirrors `IsReplicaSetAvailable`: every wanted pod available (and some wanted).
pub fn is_replica_set_available(rs: Option<&ReplicaSet>) -> bool {
    rs.is_some_and(|rs| {
        rs.spec.replicas != 0
            && rs.status.available_replicas != 0
            && rs.spec.replicas <= rs.status.available_replicas
    })
}

/// Mirrors `IsReplicaSetPartiallyAvailable`.
pub fn is_replica_set_partially_available(rs: &ReplicaSet) -> bool {
    rs.status.available_replicas > 0
}

/// Why `NewRSNewReplicas` could not size the new ReplicaSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyError(pub String);

/// Mirrors `NewRSNewReplicas`: the size the new ReplicaSet should have now. Blue-green: the
/// full size, or `previewReplicaCount` while the new one is only previewed; canary: the
/// arithmetic of [`calculate_replica_counts_for_canary`].
pub fn new_rs_new_replicas(
    ro: &Rollout,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
    weights: Option<&TrafficWeights>,
) -> Result<i32, StrategyError> {
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(bg) => {
            let Some(preview) = bg.preview_replica_count else {
                return Ok(ro.replicas());
            };
            let active_hash = ro.status.active_selector.as_deref().unwrap_or("");
            let active = get_replica_set_by_template_hash(all_rss, active_hash);
            if active.is_none_or(|a| a.meta.name == new_rs.meta.name) || ro.status.promote_full {
                // Already promoted, or promoted fully: the full size.
                return Ok(ro.replicas());
            }
            if ro.status.current_pod_hash.as_deref().unwrap_or("") != pod_hash(new_rs) {
                // A brand new update.
                return Ok(preview);
            }
            let not_paused = !ro.spec.paused && ro.status.pause_conditions.is_empty();
            Ok(if not_paused && ro.status.scale_up_preview_check_point {
                ro.replicas()
            } else {
                preview
            })
        }
        RolloutStrategy::Canary(_) => {
            let stable = get_stable_rs(ro, Some(new_rs), all_rss);
            let others: Vec<Option<&ReplicaSet>> = get_other_rss(Some(new_rs), stable, all_rss)
                .into_iter()
                .map(Some)
                .collect();
            let (canary, _) =
                calculate_replica_counts_for_canary(ro, Some(new_rs), stable, &others, weights);
            Ok(canary)
        }
        RolloutStrategy::Unset => Err(StrategyError("no rollout strategy provided".into())),
    }
}

/// Mirrors `ReadyForPause`: the new ReplicaSet has the size it should have now, all available
/// (a blue-green rollout pauses for promotion only then).
pub fn ready_for_pause(ro: &Rollout, new_rs: Option<&ReplicaSet>, all_rss: &[&ReplicaSet]) -> bool {
    let Some(new_rs) = new_rs else { return false };
    match new_rs_new_replicas(ro, all_rss, new_rs, None) {
        Ok(n) => new_rs.spec.replicas == n && new_rs.status.available_replicas == n,
        Err(_) => false,
    }
}
