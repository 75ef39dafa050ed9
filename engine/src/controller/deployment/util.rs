//! The pure helpers of `pkg/controller/deployment/util/deployment_util.go`, one function per rule.

use crate::api::{
    annotations, ConditionType, Deployment, DeploymentStatus, Millis, ReplicaSet, StrategyType,
};
use crate::intstr::{get_scaled_value_from_int_or_percent, IntOrString, ScaleError};
use std::cmp::Ordering;

/// Mirrors `ResolveFenceposts`: surge rounds up, unavailable rounds down, a nil value counts as
/// 0, and when both come out 0 unavailable becomes 1.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), ScaleError> {
    resolve_fenceposts_with(max_surge, max_unavailable, desired, |v, total, up| {
        get_scaled_value_from_int_or_percent(Some(v), total, up)
    })
}

/// The fencepost rule with a given int-or-percent parser (Argo Rollouts' `resolveFenceposts`
/// uses the deprecated, lenient one): nil is 0, surge rounds up, unavailable down, both 0
/// makes unavailable 1.
pub fn resolve_fenceposts_with(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
    scale: impl Fn(&IntOrString, i32, bool) -> Result<i32, ScaleError>,
) -> Result<(i32, i32), ScaleError> {
    let zero = IntOrString::Int(0);
    let surge = scale(max_surge.unwrap_or(&zero), desired, true)?;
    let unavailable = scale(max_unavailable.unwrap_or(&zero), desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

fn rolling_values(d: &Deployment) -> (Option<&IntOrString>, Option<&IntOrString>) {
    match &d.spec.strategy.rolling_update {
        Some(ru) => (ru.max_surge.as_ref(), ru.max_unavailable.as_ref()),
        None => (None, None),
    }
}

fn is_rolling(d: &Deployment) -> bool {
    d.spec.strategy.kind == StrategyType::RollingUpdate
}

/// Mirrors `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; capped at replicas.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !is_rolling(d) || d.spec.replicas == 0 {
        return 0;
    }
    let (s, u) = rolling_values(d);
    let (_, unavailable) = resolve_fenceposts(s, u, d.spec.replicas).unwrap_or((0, 0));
    unavailable.min(d.spec.replicas)
}

/// Mirrors `MinAvailable`: replicas minus MaxUnavailable for RollingUpdate, else 0.
pub fn min_available(d: &Deployment) -> i32 {
    if !is_rolling(d) {
        return 0;
    }
    d.spec.replicas - max_unavailable(d)
}

/// Mirrors `MaxSurge`: the resolved surge for RollingUpdate, else 0 (not capped).
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling(d) {
        return 0;
    }
    let (s, u) = rolling_values(d);
    resolve_fenceposts(s, u, d.spec.replicas)
        .map(|(s, _)| s)
        .unwrap_or(0)
}

/// Mirrors `GetReplicaCountForReplicaSets`: the sum of spec.replicas.
pub fn get_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.spec.replicas).sum()
}

/// Mirrors `GetActualReplicaCountForReplicaSets`: the sum of status.replicas.
pub fn get_actual_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.replicas).sum()
}

/// Mirrors `GetReadyReplicaCountForReplicaSets`.
pub fn get_ready_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.ready_replicas).sum()
}

/// Mirrors `GetAvailableReplicaCountForReplicaSets`.
pub fn get_available_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.available_replicas).sum()
}

/// How `NewRSNewReplicas` reached its answer, kept for the "Why?" pane.
#[derive(Clone, Debug, PartialEq)]
pub struct NewReplicasWhy {
    pub max_surge: i32,
    pub max_total: i32,
    pub current: i32,
    pub new_replicas: i32,
}

/// Mirrors `NewRSNewReplicas`: the size the new ReplicaSet may grow to now.
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs_replicas: i32,
) -> Result<NewReplicasWhy, ScaleError> {
    match d.spec.strategy.kind {
        StrategyType::RollingUpdate => {
            let (s, _) = rolling_values(d);
            let max_surge = get_scaled_value_from_int_or_percent(s, d.spec.replicas, true)?;
            let current = get_replica_count_for_replica_sets(all_rss.iter().copied());
            let max_total = d.spec.replicas + max_surge;
            let new_replicas = if current >= max_total {
                new_rs_replicas
            } else {
                let scale_up = (max_total - current).min(d.spec.replicas - new_rs_replicas);
                new_rs_replicas + scale_up
            };
            Ok(NewReplicasWhy {
                max_surge,
                max_total,
                current,
                new_replicas,
            })
        }
        StrategyType::Recreate => Ok(NewReplicasWhy {
            max_surge: 0,
            max_total: d.spec.replicas,
            current: get_replica_count_for_replica_sets(all_rss.iter().copied()),
            new_replicas: d.spec.replicas,
        }),
    }
}

/// Mirrors `DeploymentComplete`.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    status.updated_replicas == d.spec.replicas
        && status.replicas == d.spec.replicas
        && status.available_replicas == d.spec.replicas
        && status.observed_generation >= d.meta.generation
}

/// Mirrors `DeploymentProgressing`: compares the stored status with the new one.
pub fn deployment_progressing(d: &Deployment, new_status: &DeploymentStatus) -> bool {
    let old = &d.status;
    let old_status_old_replicas = old.replicas - old.updated_replicas;
    let new_status_old_replicas = new_status.replicas - new_status.updated_replicas;
    new_status.updated_replicas > old.updated_replicas
        || new_status_old_replicas < old_status_old_replicas
        || new_status.ready_replicas > d.status.ready_replicas
        || new_status.available_replicas > d.status.available_replicas
}

/// Mirrors `HasProgressDeadline`: set and not MaxInt32.
pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .progress_deadline_seconds
        .is_some_and(|s| s != i32::MAX)
}

/// Mirrors `DeploymentTimedOut`: the last progress plus the deadline is strictly before now.
pub fn deployment_timed_out(d: &Deployment, new_status: &DeploymentStatus, now: Millis) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(condition) = new_status.condition(ConditionType::Progressing) else {
        return false;
    };
    if condition.reason == crate::api::reasons::NEW_RS_AVAILABLE {
        return false;
    }
    if condition.reason == crate::api::reasons::TIMED_OUT {
        return true;
    }
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
    condition.last_update + deadline < now
}

/// The order `controller.ReplicaSetsByCreationTimestamp` sorts in: oldest first, then by name.
pub fn by_creation_timestamp(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    a.meta
        .creation
        .cmp(&b.meta.creation)
        .then_with(|| a.meta.name.cmp(&b.meta.name))
}

/// Mirrors `ReplicaSetsBySizeOlder`: larger first; ties go to the older, then the smaller name.
pub fn by_size_older(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.spec
        .replicas
        .cmp(&a.spec.replicas)
        .then_with(|| by_creation_timestamp(a, b))
}

/// Mirrors `ReplicaSetsBySizeNewer`: larger first; ties go to the newer, then the larger name.
pub fn by_size_newer(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    b.spec
        .replicas
        .cmp(&a.spec.replicas)
        .then_with(|| by_creation_timestamp(b, a))
}

/// Mirrors `ReplicaSetsByRevision`: by revision; a parse error or a tie falls back to creation.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    let parse = |rs: &ReplicaSet| -> Option<i64> {
        match rs.meta.annotations.get(annotations::REVISION) {
            None => Some(0),
            Some(v) => v.parse().ok(),
        }
    };
    match (parse(a), parse(b)) {
        (Some(ra), Some(rb)) if ra != rb => ra.cmp(&rb),
        _ => by_creation_timestamp(a, b),
    }
}

/// Mirrors `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's.
pub fn find_new_replica_set(d: &Deployment, rs_list: &[&ReplicaSet]) -> Option<usize> {
    let mut order: Vec<usize> = (0..rs_list.len()).collect();
    order.sort_by(|&a, &b| by_creation_timestamp(rs_list[a], rs_list[b]));
    order
        .into_iter()
        .find(|&i| rs_list[i].spec.template == d.spec.template)
}

/// Mirrors `FindOldReplicaSets`: every ReplicaSet that is not the new one, and those of them
/// with replicas.
pub fn find_old_replica_sets(d: &Deployment, rs_list: &[&ReplicaSet]) -> (Vec<usize>, Vec<usize>) {
    let new = find_new_replica_set(d, rs_list);
    let all: Vec<usize> = (0..rs_list.len()).filter(|&i| Some(i) != new).collect();
    let active = all
        .iter()
        .copied()
        .filter(|&i| rs_list[i].spec.replicas != 0)
        .collect();
    (all, active)
}

/// Mirrors `MaxRevision`.
pub fn max_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    rss.into_iter().map(ReplicaSet::revision).max().unwrap_or(0)
}

/// Mirrors `LastRevision`: the second-largest revision.
pub fn last_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    let (mut max, mut second) = (0, 0);
    for r in rss.into_iter().map(ReplicaSet::revision) {
        if r >= max {
            second = max;
            max = r;
        } else if r > second {
            second = r;
        }
    }
    second
}

/// Mirrors `getNonNegativeInt32FromAnnotation` of later trees: unsigned and at most MaxInt32.
pub fn get_non_negative_int32_from_annotation(rs: &ReplicaSet, key: &str) -> Option<i32> {
    parse_non_negative_int32(rs.meta.annotations.get(key)?).ok()
}

/// The parse behind it (`getNonNegativeInt32FromAnnotationVerbose`), with Go's error words.
pub fn parse_non_negative_int32(v: &str) -> Result<i32, String> {
    let syntax = || format!("strconv.ParseUint: parsing {v:?}: invalid syntax");
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(syntax());
    }
    let n: u32 = v
        .parse()
        .map_err(|_| format!("strconv.ParseUint: parsing {v:?}: value out of range"))?;
    i32::try_from(n).map_err(|_| format!("value {n} is out of range (higher than {})", i32::MAX))
}

/// Mirrors `RoundToInt32`: half away from zero.
pub fn round_to_int32(x: f64) -> i32 {
    if x < 0.0 {
        (x - 0.5) as i32
    } else {
        (x + 0.5) as i32
    }
}

/// Mirrors `getReplicaSetFraction`: how much this ReplicaSet should grow or shrink for its share
/// of a scaling event. A missing annotation falls back to the Deployment's status.replicas; a
/// zero divisor gives 0 (as later trees do; v1.28 would divide by zero).
pub fn get_replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    if d.spec.replicas == 0 {
        return -rs.spec.replicas;
    }
    let deployment_max_replicas = d.spec.replicas + max_surge(d);
    let annotated = get_non_negative_int32_from_annotation(rs, annotations::MAX_REPLICAS)
        .filter(|&v| v != 0)
        .unwrap_or(d.status.replicas);
    if annotated == 0 {
        return 0;
    }
    let new_size =
        f64::from(rs.spec.replicas) * f64::from(deployment_max_replicas) / f64::from(annotated);
    round_to_int32(new_size) - rs.spec.replicas
}

/// Mirrors `GetProportion`: this ReplicaSet's share of `to_add`, within what is still allowed.
pub fn get_proportion(rs: Option<&ReplicaSet>, d: &Deployment, to_add: i32, added: i32) -> i32 {
    let Some(rs) = rs else { return 0 };
    if rs.spec.replicas == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = get_replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// Mirrors `IsSaturated`: the new ReplicaSet has every replica, all of them available.
pub fn is_saturated(d: &Deployment, new_rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = new_rs else { return false };
    let desired = get_non_negative_int32_from_annotation(rs, annotations::DESIRED_REPLICAS);
    rs.spec.replicas == d.spec.replicas
        && desired == Some(d.spec.replicas)
        && rs.status.available_replicas == d.spec.replicas
}

/// Mirrors `ReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    let a = &rs.meta.annotations;
    a.get(annotations::DESIRED_REPLICAS) != Some(&desired.to_string())
        || a.get(annotations::MAX_REPLICAS) != Some(&max.to_string())
}

/// Mirrors `SetReplicasAnnotations`; returns whether anything changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let mut changed = false;
    for (key, value) in [
        (annotations::DESIRED_REPLICAS, desired),
        (annotations::MAX_REPLICAS, max),
    ] {
        let value = value.to_string();
        if rs.meta.annotations.get(key) != Some(&value) {
            rs.meta.annotations.insert(key.to_string(), value);
            changed = true;
        }
    }
    changed
}

/// The annotations a Deployment does not copy onto its ReplicaSets (`annotationsToSkip`).
pub fn skip_copy_annotation(key: &str) -> bool {
    matches!(
        key,
        annotations::LAST_APPLIED
            | annotations::REVISION
            | annotations::REVISION_HISTORY
            | annotations::DESIRED_REPLICAS
            | annotations::MAX_REPLICAS
            | annotations::ROLLBACK_TO
    )
}

/// Longest `revision-history` annotation kept (`maxRevHistoryLengthInChars`).
pub const MAX_REV_HISTORY_LENGTH_IN_CHARS: usize = 2000;

/// Mirrors `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the
/// revision to `new_revision` and appends the previous one to `revision-history`, dropping the
/// oldest entries to stay within `max_history_chars`.
pub fn set_new_replica_set_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: i64,
    exists: bool,
    max_history_chars: usize,
) -> bool {
    let mut changed = false;
    for (k, v) in &d.meta.annotations {
        if skip_copy_annotation(k) || rs.meta.annotations.get(k) == Some(v) {
            continue;
        }
        rs.meta.annotations.insert(k.clone(), v.clone());
        changed = true;
    }
    if !exists && set_replicas_annotations(rs, d.spec.replicas, d.spec.replicas + max_surge(d)) {
        changed = true;
    }
    let old_revision = rs.meta.annotations.get(annotations::REVISION).cloned();
    let old_revision_int: i64 = match old_revision.as_deref() {
        None | Some("") => 0,
        Some(v) => match v.parse() {
            Ok(n) => n,
            Err(_) => return false,
        },
    };
    if old_revision_int >= new_revision {
        return changed;
    }
    rs.meta
        .annotations
        .insert(annotations::REVISION.to_string(), new_revision.to_string());
    let Some(old) = old_revision else { return true };
    let history = rs
        .meta
        .annotations
        .get(annotations::REVISION_HISTORY)
        .cloned()
        .unwrap_or_default();
    let entries: Vec<&str> = history.split(',').collect();
    if entries[0].is_empty() {
        rs.meta
            .annotations
            .insert(annotations::REVISION_HISTORY.to_string(), old);
        return true;
    }
    let mut total = history.len() + old.len() + 1;
    let mut start = 0;
    while total > max_history_chars && start < entries.len() {
        total -= entries[start].len() + 1;
        start += 1;
    }
    if total <= max_history_chars {
        let mut kept: Vec<&str> = entries[start..].to_vec();
        kept.push(&old);
        rs.meta
            .annotations
            .insert(annotations::REVISION_HISTORY.to_string(), kept.join(","));
    }
    true
}

/// Mirrors `GetTerminatingReplicaCountForReplicaSets` (KEP-3973, later trees): the sum of
/// status.terminatingReplicas, `None` (unknown) when a synced ReplicaSet does not report it.
pub fn get_terminating_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> Option<i32> {
    let mut total = 0;
    for rs in rss {
        match rs.status.terminating_replicas {
            Some(n) => total += n,
            None if rs.status.observed_generation == 0 => {}
            None => return None,
        }
    }
    Some(total)
}
