//! Mirrors `rollout/replicaset.go`: sizing the new ReplicaSet, scaling down the others, and the
//! scale-down deadlines that keep a ReplicaSet up for a while.

use super::{rollout, rs_revision, state, state_mut, Context};
use crate::api::RolloutStrategy;
use crate::argo::utils::defaults::{
    get_abort_scale_down_delay_seconds_or_default, get_scale_down_delay_seconds_or_default,
};
use crate::argo::utils::replicaset::{max_unavailable, new_rs_new_replicas, pod_hash};
use crate::cluster::Cluster;
use crate::sentence::Sentence;

/// Mirrors `shouldDelayScaleDownOnAbort`: an aborted rollout with a router (or blue-green)
/// keeps the canary (preview) up for `abortScaleDownDelaySeconds` once the stable is whole.
pub fn should_delay_scale_down_on_abort(c: &Cluster, ctx: &Context) -> bool {
    let ro = rollout(c);
    if !ctx.pause.is_aborted(&ro.status) || ctx.stable_rs.is_none() {
        return false;
    }
    if let Some(cs) = ro.canary() {
        if cs.traffic_routing.is_none() {
            return false;
        }
        if cs.dynamic_stable_scale && cs.abort_scale_down_delay_seconds.is_none() {
            return false;
        }
    }
    get_abort_scale_down_delay_seconds_or_default(&ro).is_some()
}

/// Mirrors `removeScaleDownDeadlines`: the new ReplicaSet (unless it waits out an abort) and the
/// stable one lose their deadline.
pub fn remove_scale_down_deadlines(c: &mut Cluster, ctx: &Context) {
    let keep_new = should_delay_scale_down_on_abort(c, ctx);
    let mut drop = Vec::new();
    if let Some(n) = ctx.new_rs.filter(|_| !keep_new) {
        drop.push(n);
    }
    if let Some(s) = ctx.stable_rs {
        if Some(s) != ctx.new_rs {
            drop.push(s);
        }
    }
    let s = state_mut(c);
    for i in drop {
        s.scale_down_deadlines.remove(&i);
    }
}

/// Mirrors `reconcileNewReplicaSet`: the new ReplicaSet sized by `NewRSNewReplicas`; after an
/// abort with a delay, kept up until its scale-down deadline (set once the stable is whole).
pub fn reconcile_new_replica_set(c: &mut Cluster, ctx: &mut Context) -> bool {
    let Some(new_idx) = ctx.new_rs else {
        return false;
    };
    let ro = rollout(c);
    let all: Vec<_> = c.refs(&ctx.all);
    let mut n = match new_rs_new_replicas(&ro, &all, &c.replica_sets[new_idx], ctx.weights.as_ref())
    {
        Ok(n) => n,
        Err(_) => return false,
    };
    if should_delay_scale_down_on_abort(c, ctx) {
        let delay = get_abort_scale_down_delay_seconds_or_default(&ro);
        match state(c).scale_down_deadlines.get(&new_idx).copied() {
            Some(deadline) if deadline > c.now => {
                c.wake_at(deadline);
                return false;
            }
            Some(_) => n = 0,
            None => {
                if let (Some(d), Some(stable)) = (delay, ctx.stable_rs) {
                    if c.replica_sets[stable].status.available_replicas == ro.replicas() {
                        add_scale_down_delay(c, new_idx, d);
                    }
                }
                return false;
            }
        }
    }
    let why = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) if n != ro.replicas() => Sentence::new(
            "new to {n}: blue-green brings up the whole new stack (previewReplicaCount until promoted)",
            &[("n", &n)],
        ),
        RolloutStrategy::BlueGreen(_) => Sentence::new(
            "new to {n}: blue-green brings up the whole new stack",
            &[("n", &n)],
        ),
        _ => super::canary::explain(&ro, Sentence::new("new", &[]), n),
    };
    super::scale_replica_set_and_record_event(c, new_idx, n, why)
}

/// Sets a ReplicaSet's `scale-down-deadline` to `seconds` from now, and wakes then.
pub fn add_scale_down_delay(c: &mut Cluster, idx: usize, seconds: i32) {
    let deadline = c.now + i64::from(seconds) * 1000;
    if seconds == 0 {
        state_mut(c).scale_down_deadlines.remove(&idx);
        return;
    }
    state_mut(c).scale_down_deadlines.insert(idx, deadline);
    c.wake_at(deadline);
}

/// Mirrors `isReplicaSetReferenced`: a ReplicaSet that the status or a Service still points at.
fn is_replica_set_referenced(c: &Cluster, idx: usize) -> bool {
    let s = state(c);
    let st = &s.rollout.status;
    let hash = pod_hash(&c.replica_sets[idx]);
    if hash.is_empty() {
        return false;
    }
    let is = |v: &Option<String>| v.as_deref() == Some(hash);
    // The router's canary and stable (`status.canary.weights`' pod hashes).
    let routed = s.routes.last().is_some_and(|(_, r)| match r {
        super::Route::Weighted {
            canary_hash,
            stable_hash,
            ..
        } => canary_hash == hash || stable_hash == hash,
        _ => false,
    });
    routed
        || is(&st.stable_rs)
        || is(&st.current_pod_hash)
        || is(&st.active_selector)
        || is(&st.preview_selector)
        || is(&s.active_service)
        || is(&s.preview_service)
}

/// Mirrors `reconcileOtherReplicaSets`: the ReplicaSets that are neither new nor stable go down.
pub fn reconcile_other_replica_sets(c: &mut Cluster, ctx: &Context) -> bool {
    let others: Vec<usize> = ctx
        .other
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .collect();
    if others.is_empty() {
        return false;
    }
    match state(c).rollout.spec.strategy {
        RolloutStrategy::BlueGreen(_) => scale_down_old_replica_sets_for_blue_green(c, ctx, others),
        _ => scale_down_old_replica_sets_for_canary(c, ctx, others) > 0,
    }
}

/// Mirrors `scaleDownOldReplicaSetsForCanary`: without a router, older pods go only as far as
/// availability allows; with one, an RS no longer referenced waits out its scale-down delay.
fn scale_down_old_replica_sets_for_canary(
    c: &mut Cluster,
    ctx: &Context,
    mut old: Vec<usize>,
) -> i32 {
    let ro = rollout(c);
    // cleanupUnhealthyReplicas: an old ReplicaSet is first scaled to its available pods.
    let mut total = 0;
    old.sort_by_key(|&i| c.replica_sets[i].meta.creation);
    for &i in &old {
        let rs = &c.replica_sets[i];
        let (spec, available) = (rs.spec.replicas, rs.status.available_replicas);
        if spec != available && spec > available {
            let why = Sentence::new(
                "old to {available}: its unavailable pods go first (cleanupUnhealthyReplicas)",
                &[("available", &available)],
            );
            if super::scale_replica_set_and_record_event(c, i, available, why) {
                total += spec - available;
            }
        }
    }
    let available: i32 = ctx
        .all
        .iter()
        .map(|&i| c.replica_sets[i].status.available_replicas)
        .sum();
    let min_available = ro.replicas() - max_unavailable(&ro);
    let mut max_scale_down = available - min_available;
    if max_scale_down <= 0 {
        return total;
    }
    old.sort_by_key(|&i| std::cmp::Reverse(rs_revision(&c.replica_sets[i])));
    let routed = ro.canary().is_some_and(|cs| cs.traffic_routing.is_some());
    let dynamic = ro.canary().is_some_and(|cs| cs.dynamic_stable_scale);
    let fully_promoted =
        ro.status.stable_rs.is_some() && ro.status.stable_rs == ro.status.current_pod_hash;
    let mut annotated = 0;
    for i in old {
        if routed && is_replica_set_referenced(c, i) {
            continue;
        }
        if max_scale_down <= 0 {
            break;
        }
        let spec = c.replica_sets[i].spec.replicas;
        if spec == 0 {
            continue;
        }
        let mut desired = 0;
        if !routed {
            if spec > max_scale_down {
                desired = spec - max_scale_down;
            }
        } else if (fully_promoted || state(c).scale_down_deadlines.contains_key(&i)) && !dynamic {
            (annotated, desired) = scale_down_delay_helper(c, i, annotated, spec);
        }
        if spec == desired {
            continue;
        }
        let why = Sentence::new(
            "old to {desired}: not the new or the stable ReplicaSet",
            &[("desired", &desired)],
        );
        super::scale_replica_set_and_record_event(c, i, desired, why);
        max_scale_down -= spec - desired;
        total += spec - desired;
    }
    total
}

/// Mirrors `scaleDownOldReplicaSetsForBlueGreen`: each old ReplicaSet no longer selected is
/// kept whole until its scale-down deadline, then scaled to zero.
fn scale_down_old_replica_sets_for_blue_green(
    c: &mut Cluster,
    _ctx: &Context,
    mut old: Vec<usize>,
) -> bool {
    let ro = rollout(c);
    if super::pause::get_pause_condition(&ro.status, crate::api::PauseReason::InconclusiveAnalysis)
        .is_some()
    {
        return false;
    }
    old.sort_by_key(|&i| std::cmp::Reverse(rs_revision(&c.replica_sets[i])));
    let mut annotated = 0;
    let mut scaled = false;
    for i in old {
        if is_replica_set_referenced(c, i) {
            continue;
        }
        let spec = c.replica_sets[i].spec.replicas;
        if spec == 0 {
            continue;
        }
        let desired;
        (annotated, desired) = scale_down_delay_helper(c, i, annotated, ro.replicas());
        if spec != desired {
            let why = if desired == 0 {
                Sentence::new("old to 0: its scaleDownDelaySeconds have passed", &[])
            } else {
                Sentence::new(
                    "old to {desired}: kept whole until its scale-down deadline",
                    &[("desired", &desired)],
                )
            };
            scaled |= super::scale_replica_set_and_record_event(c, i, desired, why);
        }
    }
    scaled
}

/// Mirrors `scaleDownDelayHelper`: an RS without a deadline gets one (and keeps its pods); one
/// whose deadline has not come keeps `keep` pods; one past its deadline goes to zero.
fn scale_down_delay_helper(c: &mut Cluster, idx: usize, annotated: i32, keep: i32) -> (i32, i32) {
    let ro = rollout(c);
    let deadline = state(c).scale_down_deadlines.get(&idx).copied();
    match deadline {
        None if c.replica_sets[idx].spec.replicas > 0 => {
            let delay = get_scale_down_delay_seconds_or_default(&ro);
            add_scale_down_delay(c, idx, delay);
            (annotated + 1, c.replica_sets[idx].spec.replicas)
        }
        None => (annotated, 0),
        Some(d) if d > c.now => {
            c.wake_at(d);
            (annotated + 1, keep)
        }
        Some(_) => (annotated + 1, 0),
    }
}
