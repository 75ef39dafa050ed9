//! Mirrors `utils/replicaset/canary.go`: how many pods the canary and the stable ReplicaSet get
//! at the current step, with or without a traffic router. Weights are in units of the router's
//! `maxTrafficWeight` (100 unless set: percent).

use super::defaults::{get_abort_scale_down_delay_seconds_or_default, max_traffic_weight};
use super::replicaset::{
    get_available_replica_count_for_replica_sets, get_replica_count_for_replica_sets, max_surge,
    max_unavailable, pod_hash,
};
use crate::api::{
    CanaryStep, ReplicaProgressThreshold, ReplicaSet, Rollout, SetCanaryScale, TrafficWeights,
};

/// Mirrors `allDesiredAreAvailable`.
pub fn all_desired_are_available(rs: Option<&ReplicaSet>, desired: i32) -> bool {
    rs.is_some_and(|rs| desired == rs.spec.replicas && desired == rs.status.available_replicas)
}

/// Mirrors `allDesiredAreCreated`.
pub fn all_desired_are_created(rs: Option<&ReplicaSet>, desired: i32) -> bool {
    rs.is_some_and(|rs| desired == rs.spec.replicas && desired == rs.status.replicas)
}

/// Mirrors `ReplicaProgressThresholdMet`: without a threshold, every desired pod available;
/// with one, that many pods (or that percent of `desired`, rounded up) available.
pub fn replica_progress_threshold_met(
    threshold: Option<ReplicaProgressThreshold>,
    rs: Option<&ReplicaSet>,
    desired: i32,
) -> bool {
    let Some(rs) = rs else { return false };
    match threshold {
        None => all_desired_are_available(Some(rs), desired),
        Some(ReplicaProgressThreshold::Pods(n)) => rs.status.available_replicas >= n,
        Some(ReplicaProgressThreshold::Percent(p)) => {
            let needed = (i64::from(desired) * i64::from(p) + 99).div_euclid(100);
            i64::from(rs.status.available_replicas) >= needed
        }
    }
}

/// Mirrors `AtDesiredReplicaCountsForCanary`: the canary has its pods, all available; the
/// stable has its pods (unless it scales with traffic); without a router, no older pod is left.
pub fn at_desired_replica_counts_for_canary(
    ro: &Rollout,
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    older_rss: &[Option<&ReplicaSet>],
    weights: Option<&TrafficWeights>,
) -> bool {
    let Some(canary) = ro.canary() else {
        return false;
    };
    let routed = canary.traffic_routing.is_some();
    let (desired_new, desired_stable) = if routed {
        calculate_replica_counts_for_traffic_routed_canary(ro, new_rs, stable_rs, weights)
    } else {
        calculate_replica_counts_for_basic_canary(ro, new_rs, stable_rs, older_rss)
    };
    if !replica_progress_threshold_met(canary.replica_progress_threshold, new_rs, desired_new) {
        return false;
    }
    if (!routed || !canary.dynamic_stable_scale)
        && !all_desired_are_created(stable_rs, desired_stable)
    {
        return false;
    }
    // Without a router older pods serve traffic, so they must be gone.
    routed || get_available_replica_count_for_replica_sets(older_rss) == 0
}

/// Dispatches as `NewRSNewReplicas` and `AtDesiredReplicaCountsForCanary` do: the routed or
/// the basic arithmetic.
pub fn calculate_replica_counts_for_canary(
    ro: &Rollout,
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    old_rss: &[Option<&ReplicaSet>],
    weights: Option<&TrafficWeights>,
) -> (i32, i32) {
    let routed = ro.canary().is_some_and(|c| c.traffic_routing.is_some());
    if routed {
        calculate_replica_counts_for_traffic_routed_canary(ro, new_rs, stable_rs, weights)
    } else {
        calculate_replica_counts_for_basic_canary(ro, new_rs, stable_rs, old_rss)
    }
}

/// Mirrors `CalculateReplicaCountsForBasicCanary`: the weight approximated by pod counts;
/// scale-ups within `replicas + maxSurge` (the stable first), scale-downs only once no older
/// ReplicaSet has pods and only while `replicas - maxUnavailable` stay available.
pub fn calculate_replica_counts_for_basic_canary(
    ro: &Rollout,
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    old_rss: &[Option<&ReplicaSet>],
) -> (i32, i32) {
    let spec_replicas = ro.replicas();
    let (_, desired_weight) = get_canary_replicas_or_weight(ro);
    let max_weight = max_traffic_weight(ro);
    let surge = max_surge(ro);
    let (mut desired_new, mut desired_stable) = approximate_weighted_canary_stable_replica_counts(
        spec_replicas,
        desired_weight,
        max_weight,
        surge,
    );
    let mut new_count = new_rs.map_or(0, |rs| rs.spec.replicas);
    let scale_stable = check_stable_rs_exists(new_rs, stable_rs);
    let mut stable_count = 0;
    let stable = stable_rs.filter(|_| scale_stable);
    match stable {
        Some(s) => stable_count = s.spec.replicas,
        None => {
            // No stable (or it is the new one): the new ReplicaSet goes to 100%.
            desired_new = spec_replicas;
            desired_stable = 0;
        }
    }
    let max_allowed = spec_replicas + surge;
    let mut all: Vec<Option<&ReplicaSet>> = old_rss.to_vec();
    all.push(new_rs);
    all.push(stable);
    let mut scale_up = max_allowed - get_replica_count_for_replica_sets(&all);

    if let Some(s) = stable {
        if s.spec.replicas < desired_stable && scale_up > 0 {
            if s.spec.replicas + scale_up < desired_stable {
                stable_count = s.spec.replicas + scale_up;
                scale_up = 0;
            } else {
                stable_count = desired_stable;
                scale_up -= desired_stable - s.spec.replicas;
            }
        }
    }
    if let Some(n) = new_rs {
        if n.spec.replicas < desired_new && scale_up > 0 {
            new_count = (n.spec.replicas + scale_up).min(desired_new);
        }
    }
    if get_replica_count_for_replica_sets(old_rss) > 0 {
        // Older ReplicaSets are scaled down first.
        return (new_count, stable_count);
    }
    let min_available = spec_replicas - max_unavailable(ro);
    // Growing the canary: the stable's availability may be ignored; shrinking it (an abort):
    // the canary's.
    let increasing = new_rs.is_none_or(|n| desired_new >= n.spec.replicas);
    let to_scale_down = get_replicas_for_scale_down(new_rs, !increasing)
        + get_replicas_for_scale_down(stable, increasing);
    if to_scale_down <= min_available {
        return (new_count, stable_count);
    }
    let scale_down = to_scale_down - min_available;
    if !increasing {
        new_count = calculate_scale_down_replica_count(new_rs, desired_new, scale_down, new_count);
        (new_count, stable_count) = adjust_replica_within_limits(
            new_rs,
            stable,
            new_count,
            stable_count,
            max_allowed,
            min_available,
        );
    } else if stable.is_some() {
        stable_count =
            calculate_scale_down_replica_count(stable, desired_stable, scale_down, stable_count);
        (stable_count, new_count) = adjust_replica_within_limits(
            stable,
            new_rs,
            stable_count,
            new_count,
            max_allowed,
            min_available,
        );
    }
    (new_count, stable_count)
}

/// Mirrors `approximateWeightedCanaryStableReplicaCounts`: of the canary counts that round the
/// weight up or down, over `replicas` or (when surge is allowed) `replicas + 1`, the one closest
/// to the weight; a tie of floor and ceiling picks the larger canary; a weight strictly between
/// 0 and max never gives zero pods unless one replica and no surge. Returns (canary, stable).
pub fn approximate_weighted_canary_stable_replica_counts(
    spec_replicas: i32,
    desired_weight: i32,
    max_weight: i32,
    max_surge: i32,
) -> (i32, i32) {
    if spec_replicas == 0 {
        return (0, 0);
    }
    let exact = f64::from(spec_replicas) * f64::from(desired_weight) / f64::from(max_weight);
    let ceil = exact.ceil() as i32;
    let floor = exact.floor() as i32;
    let zero_allowed = desired_weight == max_weight
        || desired_weight == 0
        || (spec_replicas == 1 && max_surge == 0);
    let mut options: Vec<(i32, i32)> = Vec::new();
    if ceil < spec_replicas || zero_allowed {
        options.push((ceil, spec_replicas));
    }
    if !floor_ceiling_tied(desired_weight, spec_replicas, max_weight)
        && (floor != 0 || zero_allowed)
    {
        options.push((floor, spec_replicas));
    }
    if max_surge > 0 {
        options.push((ceil, spec_replicas + 1));
        if !floor_ceiling_tied(desired_weight, spec_replicas + 1, max_weight)
            && (floor != 0 || zero_allowed)
        {
            options.push((floor, spec_replicas + 1));
        }
    }
    let Some(&first) = options.first() else {
        return (0, spec_replicas);
    };
    let delta = |(canary, total): (i32, i32)| {
        (f64::from(canary) * f64::from(max_weight) / f64::from(total) - f64::from(desired_weight))
            .abs()
    };
    let mut best = first;
    for &o in &options[1..] {
        if delta(o) < delta(best) {
            best = o;
        }
    }
    (best.0, best.1 - best.0)
}

/// Mirrors `floorCeilingTied`: the weight falls exactly halfway between two pod counts.
fn floor_ceiling_tied(desired_weight: i32, total: i32, max_weight: i32) -> bool {
    let x = f64::from(total) * (f64::from(desired_weight) / f64::from(max_weight));
    x - x.trunc() == 0.5
}

/// Mirrors `calculateScaleDownReplicaCount`: down towards the desired count by at most
/// `scale_down`.
fn calculate_scale_down_replica_count(
    drain: Option<&ReplicaSet>,
    desired: i32,
    scale_down: i32,
    count: i32,
) -> i32 {
    match drain {
        Some(rs) if rs.spec.replicas > desired => desired.max(rs.spec.replicas - scale_down),
        _ => count,
    }
}

/// Mirrors `adjustReplicaWithinLimits`: brings the other ReplicaSet's count back within
/// `maxSurge`, giving back what availability needs, and takes any excess from the drained one.
/// Returns (drain count, adjust count).
fn adjust_replica_within_limits(
    drain: Option<&ReplicaSet>,
    adjust: Option<&ReplicaSet>,
    mut drain_count: i32,
    mut adjust_count: i32,
    max_allowed: i32,
    min_available: i32,
) -> (i32, i32) {
    let mut over = (adjust_count + drain_count - max_allowed).max(0);
    let mut available = drain.map_or(0, |d| d.status.available_replicas.min(drain_count));
    if let Some(a) = adjust {
        adjust_count -= over;
        available += a.status.available_replicas.min(adjust_count);
        let lost = (a.status.available_replicas - adjust_count).max(0);
        let needed = (min_available - available).max(0);
        adjust_count += lost.min(needed);
        over = (adjust_count + drain_count - max_allowed).max(0);
        drain_count -= over;
    }
    (drain_count, adjust_count)
}

/// Mirrors `CheckMinPodsPerReplicaSet`: with a router, a ReplicaSet that has pods has at least
/// `minPodsPerReplicaSet`.
pub fn check_min_pods_per_replica_set(ro: &Rollout, count: i32) -> i32 {
    if count == 0 {
        return 0;
    }
    match ro.canary() {
        Some(c) if c.traffic_routing.is_some() => {
            c.min_pods_per_replica_set.map_or(count, |m| count.max(m))
        }
        _ => count,
    }
}

/// Mirrors `CalculateReplicaCountsForTrafficRoutedCanary`: the canary sized for its weight (or
/// `setCanaryScale`); the stable left at full size unless `dynamicStableScale`, then sized for
/// the larger of the stable's desired and actual weight (and, aborting, the canary kept while
/// traffic still goes to it).
pub fn calculate_replica_counts_for_traffic_routed_canary(
    ro: &Rollout,
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    weights: Option<&TrafficWeights>,
) -> (i32, i32) {
    let spec_replicas = ro.replicas();
    let max_weight = max_traffic_weight(ro);
    let (scale_replicas, desired_weight) = get_canary_replicas_or_weight(ro);
    let mut canary = match scale_replicas {
        Some(n) => n,
        None => check_min_pods_per_replica_set(
            ro,
            traffic_weight_to_replicas(spec_replicas, desired_weight, max_weight),
        ),
    };
    if !ro.canary().is_some_and(|c| c.dynamic_stable_scale) {
        return (canary, spec_replicas);
    }
    // Aborting, the stable is sized for the weight the canary steps back to, not at once for 0.
    let stable_weight = if ro.status.abort {
        max_weight - get_desired_canary_weight(ro, new_rs, stable_rs, weights)
    } else {
        max_weight - desired_weight
    };
    let mut stable = traffic_weight_to_replicas(spec_replicas, stable_weight, max_weight);
    if let Some(w) = weights {
        stable = stable.max(traffic_weight_to_replicas(
            spec_replicas,
            w.stable,
            max_weight,
        ));
        if ro.status.abort {
            canary = canary.max(traffic_weight_to_replicas(
                spec_replicas,
                w.canary,
                max_weight,
            ));
        }
    }
    (
        check_min_pods_per_replica_set(ro, canary),
        check_min_pods_per_replica_set(ro, stable),
    )
}

/// Mirrors `GetDesiredCanaryWeight` on an abort with `dynamicStableScale`: the canary's weight
/// steps down through the `setWeight` steps (the largest below its current weight, which is the
/// router's, or else the canary's share of available pods) rather than to 0 at once, so the
/// stable grows a step at a time; with an explicit `abortScaleDownDelaySeconds` it drops to 0
/// once the stable's available pods cover the rest. Without the ReplicaSets: 0. Upstream added
/// this after the sources Rollout Lab could read; the rule is the one its unit tests pin down
/// (`TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay` and the aborting cases of
/// `TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale`, all passing here), and it
/// always reaches 0: each step down frees the stable's next share.
pub fn get_desired_canary_weight(
    ro: &Rollout,
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    weights: Option<&TrafficWeights>,
) -> i32 {
    let Some(c) = ro.canary() else { return 0 };
    if !(ro.status.abort && c.dynamic_stable_scale) {
        return get_canary_replicas_or_weight(ro).1;
    }
    let (Some(canary), Some(stable)) = (new_rs, stable_rs) else {
        return 0;
    };
    let max_weight = max_traffic_weight(ro);
    let replicas = ro.replicas().max(1);
    let current = weights.or(ro.status.weights.as_ref()).map_or_else(
        || canary.status.available_replicas * max_weight / replicas,
        |w| w.canary,
    );
    let step_weight = c
        .steps
        .iter()
        .filter_map(|s| s.set_weight)
        .filter(|w| *w < current)
        .max()
        .unwrap_or(0);
    let stable_needed =
        traffic_weight_to_replicas(ro.replicas(), max_weight - step_weight, max_weight);
    if c.abort_scale_down_delay_seconds.is_some()
        && stable.status.available_replicas >= stable_needed
    {
        return 0;
    }
    step_weight
}

/// Mirrors `trafficWeightToReplicas`: `ceil(weight × replicas / maxWeight)`.
pub fn traffic_weight_to_replicas(replicas: i32, weight: i32, max_weight: i32) -> i32 {
    (f64::from(weight) * f64::from(replicas) / f64::from(max_weight)).ceil() as i32
}

/// Mirrors `BeforeStartingStep`: the background analysis has a starting step not reached yet.
pub fn before_starting_step(ro: &Rollout) -> bool {
    let Some(start) = ro
        .canary()
        .and_then(|c| c.analysis.as_ref())
        .and_then(|a| a.starting_step)
    else {
        return false;
    };
    get_current_canary_step(ro).1.is_some_and(|i| i < start)
}

/// Mirrors `CheckStableRSExists`: a stable ReplicaSet that is not the new one.
pub fn check_stable_rs_exists(new_rs: Option<&ReplicaSet>, stable_rs: Option<&ReplicaSet>) -> bool {
    match (stable_rs, new_rs) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(s), Some(n)) => s.meta.name != n.meta.name,
    }
}

/// Mirrors `GetReplicasForScaleDown`: what a ReplicaSet counts for when deciding how many pods
/// may go: its desired count when it is already shrinking or availability is ignored, else its
/// available pods.
pub fn get_replicas_for_scale_down(rs: Option<&ReplicaSet>, ignore_availability: bool) -> i32 {
    match rs {
        None => 0,
        Some(rs) if rs.spec.replicas < rs.status.available_replicas || ignore_availability => {
            rs.spec.replicas
        }
        Some(rs) => rs.status.available_replicas,
    }
}

/// Mirrors `GetCurrentCanaryStep`: the step at `status.currentStepIndex` (0 when unset), and
/// the index; no step once past the last (the index is still returned); neither without steps.
pub fn get_current_canary_step(ro: &Rollout) -> (Option<&CanaryStep>, Option<i32>) {
    let Some(c) = ro.canary().filter(|c| !c.steps.is_empty()) else {
        return (None, None);
    };
    let index = ro.status.current_step_index.unwrap_or(0);
    (
        usize::try_from(index).ok().and_then(|i| c.steps.get(i)),
        Some(index),
    )
}

/// Mirrors `GetCanaryReplicasOrWeight`: a fixed canary size from `setCanaryScale`, or the weight
/// (the full weight when promoted fully, with no stable yet, or when the stable is current).
pub fn get_canary_replicas_or_weight(ro: &Rollout) -> (Option<i32>, i32) {
    let stable = ro.status.stable_rs.as_deref().unwrap_or("");
    let current = ro.status.current_pod_hash.as_deref().unwrap_or("");
    if ro.status.promote_full || stable.is_empty() || current == stable {
        return (None, max_traffic_weight(ro));
    }
    if let Some(scs) = use_set_canary_scale(ro) {
        if let Some(n) = scs.replicas {
            return (Some(n), 0);
        }
        if let Some(w) = scs.weight {
            return (None, w);
        }
    }
    (None, get_current_set_weight(ro))
}

/// Mirrors `GetCurrentSetWeight`: 0 when aborted; the full weight past the last step; else the
/// last `setWeight` at or before the current step (0 if none).
pub fn get_current_set_weight(ro: &Rollout) -> i32 {
    if ro.status.abort {
        return 0;
    }
    let (step, index) = get_current_canary_step(ro);
    let (Some(_), Some(index), Some(c)) = (step, index, ro.canary()) else {
        return max_traffic_weight(ro);
    };
    c.steps[..=index as usize]
        .iter()
        .rev()
        .find_map(|s| s.set_weight)
        .unwrap_or(0)
}

/// Mirrors `UseSetCanaryScale`: the last `setCanaryScale` at or before the current step, with a
/// router only; none after a `matchTrafficWeight`, nor once aborted unless the canary is kept
/// up (`abortScaleDownDelaySeconds: 0`).
pub fn use_set_canary_scale(ro: &Rollout) -> Option<&SetCanaryScale> {
    let c = ro.canary().filter(|c| c.traffic_routing.is_some())?;
    if ro.status.abort && get_abort_scale_down_delay_seconds_or_default(ro).is_some() {
        return None;
    }
    let (Some(_), Some(index)) = get_current_canary_step(ro) else {
        return None;
    };
    let scs = c.steps[..=index as usize]
        .iter()
        .rev()
        .find_map(|s| s.set_canary_scale.as_ref())?;
    (!scs.match_traffic_weight).then_some(scs)
}

/// Mirrors `GetStableRS`: the ReplicaSet whose pod hash is `status.stableRS`.
pub fn get_stable_rs<'a>(
    ro: &Rollout,
    new_rs: Option<&'a ReplicaSet>,
    rs_list: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    let stable = ro.status.stable_rs.as_deref().filter(|s| !s.is_empty())?;
    if let Some(n) = new_rs.filter(|n| pod_hash(n) == stable) {
        return Some(n);
    }
    rs_list.iter().copied().find(|rs| pod_hash(rs) == stable)
}

/// Mirrors `GetOtherRSs`: every ReplicaSet that is neither the new nor the stable one.
pub fn get_other_rss<'a>(
    new_rs: Option<&ReplicaSet>,
    stable_rs: Option<&ReplicaSet>,
    all: &[&'a ReplicaSet],
) -> Vec<&'a ReplicaSet> {
    all.iter()
        .copied()
        .filter(|rs| stable_rs.is_none_or(|s| s.meta.name != rs.meta.name))
        .filter(|rs| new_rs.is_none_or(|n| n.meta.name != rs.meta.name))
        .collect()
}
