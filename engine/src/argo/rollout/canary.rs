//! Mirrors `rollout/canary.go`: the canary strategy's reconcile, one step at a time.

use super::pause::get_pause_condition;
use super::sync::{self, NewStatus};
use super::{rollout, state, Context};
use crate::api::{CanaryStep, PauseReason, Rollout};
use crate::argo::utils::canary::{
    at_desired_replica_counts_for_canary, calculate_replica_counts_for_basic_canary,
    calculate_replica_counts_for_traffic_routed_canary, check_stable_rs_exists,
    get_current_canary_step,
};
use crate::cluster::Cluster;
use crate::sentence::Sentence;

/// Mirrors `rolloutCanary`: a new template (or new steps) first resets the status; the next
/// reconcile creates the new ReplicaSet, routes traffic, runs analysis, scales one ReplicaSet
/// and (only when nothing was scaled) pauses at a pause step.
pub fn rollout_canary(c: &mut Cluster, ctx: &mut Context) {
    if sync::pod_template_or_steps_changed(c, ctx) {
        super::get_all_replica_sets_and_sync_revision(c, ctx, false);
        return sync_rollout_status_canary(c, ctx);
    }
    super::get_all_replica_sets_and_sync_revision(c, ctx, true);
    super::trafficrouting::reconcile_traffic_routing(c, ctx);
    super::analysis::reconcile_analysis_runs(c, ctx);
    if ctx.pause.has_add_pause() {
        return sync_rollout_status_canary(c, ctx);
    }
    if reconcile_canary_replica_sets(c, ctx) {
        // "Not finished reconciling ReplicaSets".
        return sync_rollout_status_canary(c, ctx);
    }
    reconcile_canary_pause(c, ctx);
    sync_rollout_status_canary(c, ctx)
}

/// Mirrors `haltProgress`: why the rollout may not move now (the user paused it, or an analysis
/// was inconclusive).
pub fn halt_progress(c: &Cluster) -> Option<&'static str> {
    if c.deployment.spec.paused {
        return Some("user paused");
    }
    get_pause_condition(&state(c).rollout.status, PauseReason::InconclusiveAnalysis)
        .map(|_| "inconclusive analysis")
}

/// Mirrors `reconcileCanaryReplicaSets`: the stable first, then the new, then the others; stops
/// at the first that scaled. Returns whether something was scaled.
pub fn reconcile_canary_replica_sets(c: &mut Cluster, ctx: &mut Context) -> bool {
    if halt_progress(c).is_some() {
        return false;
    }
    super::replicaset::remove_scale_down_deadlines(c, ctx);
    if reconcile_canary_stable_replica_set(c, ctx) {
        return true;
    }
    if super::replicaset::reconcile_new_replica_set(c, ctx) {
        return true;
    }
    super::replicaset::reconcile_other_replica_sets(c, ctx)
}

/// Mirrors `reconcileCanaryStableReplicaSet`: the stable sized as the step's arithmetic says
/// (with a router, from the weights persisted last time).
fn reconcile_canary_stable_replica_set(c: &mut Cluster, ctx: &Context) -> bool {
    let ro = rollout(c);
    let new_rs = ctx.new_rs.map(|i| &c.replica_sets[i]);
    let Some(stable) = ctx.stable_rs else {
        return false;
    };
    if !check_stable_rs_exists(new_rs, Some(&c.replica_sets[stable])) {
        return false;
    }
    let routed = ro.canary().is_some_and(|cs| cs.traffic_routing.is_some());
    let desired = if routed {
        calculate_replica_counts_for_traffic_routed_canary(
            &ro,
            new_rs,
            Some(&c.replica_sets[stable]),
            ro.status.weights.as_ref(),
        )
        .1
    } else {
        let others: Vec<_> = ctx
            .other
            .iter()
            .map(|&i| Some(&c.replica_sets[i]))
            .collect();
        calculate_replica_counts_for_basic_canary(
            &ro,
            new_rs,
            Some(&c.replica_sets[stable]),
            &others,
        )
        .1
    };
    let why = explain(&ro, Sentence::new("stable", &[]), desired);
    super::scale_replica_set_and_record_event(c, stable, desired, why)
}

/// The controller's reason for a size, in plain words.
pub fn explain(ro: &Rollout, which: Sentence, to: i32) -> Sentence {
    let (_, w) = crate::argo::utils::canary::get_canary_replicas_or_weight(ro);
    let index = ro.status.current_step_index.unwrap_or(0);
    let routed = ro.canary().is_some_and(|cs| cs.traffic_routing.is_some());
    let how = if routed {
        Sentence::new(
            "a traffic router sends the weight; the stable keeps its pods unless dynamicStableScale",
            &[],
        )
    } else {
        Sentence::new(
            "without a router the weight is the share of canary pods, within maxSurge and maxUnavailable",
            &[],
        )
    };
    Sentence::new(
        "{which} to {to}: step {index}, canary weight {w} of {replicas} replicas ({how})",
        &[
            ("to", &to),
            ("index", &index),
            ("w", &w),
            ("replicas", &ro.replicas()),
        ],
    )
    .with("which", which)
    .with("how", how)
}

/// Mirrors `reconcileCanaryPause`: at a pause step, the `CanaryPauseStep` pause condition (not
/// again once the user promoted); a timed pause wakes the controller when it ends.
fn reconcile_canary_pause(c: &mut Cluster, ctx: &mut Context) -> bool {
    let ro = rollout(c);
    if ro.spec.paused || ro.status.promote_full {
        return false;
    }
    let Some(cs) = ro.canary() else { return false };
    if cs.steps.is_empty() {
        return false;
    }
    let (step, _) = get_current_canary_step(&ro);
    let Some(pause) = step.and_then(|s| s.pause) else {
        return false;
    };
    match get_pause_condition(&ro.status, PauseReason::CanaryPauseStep) {
        None => {
            if !ro.status.controller_pause {
                ctx.pause.add_pause_condition(PauseReason::CanaryPauseStep);
            }
        }
        Some(cond) => {
            if let Some(d) = pause.duration {
                c.wake_at(cond.start_time + d * 1000);
            }
        }
    }
    true
}

/// Mirrors `completedCurrentCanaryStep`: whether the current step is done.
fn completed_current_canary_step(c: &Cluster, ctx: &Context) -> bool {
    let ro = rollout(c);
    if ro.spec.paused {
        return false;
    }
    let (Some(step), _) = get_current_canary_step(&ro) else {
        return false;
    };
    let at_desired = || {
        let others: Vec<_> = ctx
            .other
            .iter()
            .map(|&i| Some(&c.replica_sets[i]))
            .collect();
        at_desired_replica_counts_for_canary(
            &ro,
            ctx.new_rs.map(|i| &c.replica_sets[i]),
            ctx.stable_rs.map(|i| &c.replica_sets[i]),
            &others,
            ctx.weights.as_ref(),
        )
    };
    match step {
        CanaryStep { pause: Some(p), .. } => completed_canary_pause_step(c, &ro, p.duration),
        CanaryStep {
            set_canary_scale: Some(_),
            ..
        } => at_desired(),
        CanaryStep {
            set_weight: Some(_),
            ..
        } => at_desired(),
        CanaryStep {
            analysis: Some(_), ..
        } => super::analysis::step_run_successful(c, &ro),
        _ => false,
    }
}

/// Mirrors `CompletedCanaryPauseStep`: the user promoted (the controller's pause was cleared),
/// or the pause's duration has passed.
fn completed_canary_pause_step(c: &Cluster, ro: &Rollout, duration: Option<i64>) -> bool {
    let cond = get_pause_condition(&ro.status, PauseReason::CanaryPauseStep);
    if ro.status.controller_pause && cond.is_none() {
        return true;
    }
    match (duration, cond) {
        (Some(d), Some(cond)) => c.now >= cond.start_time + d * 1000,
        _ => false,
    }
}

/// `CanaryStepString`: a step as the event names it.
pub fn step_string(s: &CanaryStep) -> String {
    if let Some(w) = s.set_weight {
        return format!("setWeight: {w}");
    }
    if let Some(p) = s.pause {
        return match p.duration {
            Some(d) => format!("pause: {d}s"),
            None => "pause".into(),
        };
    }
    if let Some(scs) = &s.set_canary_scale {
        if let Some(w) = scs.weight {
            return format!("setCanaryScale{{weight: {w}}}");
        }
        if scs.match_traffic_weight {
            return "setCanaryScale{matchTrafficWeight: true}".into();
        }
        if let Some(r) = scs.replicas {
            return format!("setCanaryScale{{replicas: {r}}}");
        }
    }
    if s.analysis.is_some() {
        return "analysis".into();
    }
    "invalid".into()
}

/// Mirrors `syncRolloutStatusCanary`: resets on a new template; full promotion; an abort sends
/// the step index back; a completed step moves it on (one step per reconcile).
pub fn sync_rollout_status_canary(c: &mut Cluster, ctx: &mut Context) {
    let mut new = sync::calculate_base_status(c, ctx);
    let ro = rollout(c);
    let step_count = ro.canary().map_or(0, |cs| cs.steps.len() as i32);
    let (step, mut index) = get_current_canary_step(&ro);
    let step = step.cloned();
    new.status.stable_rs = ro.status.stable_rs.clone();
    new.status.current_step_hash = Some(sync::compute_step_hash(&ro));
    if sync::pod_template_or_steps_changed(c, ctx) {
        sync::reset_rollout_status(c, ctx, &mut new);
        if let Some(n) = ctx.new_rs {
            let hash = crate::argo::utils::replicaset::pod_hash(&c.replica_sets[n]).to_string();
            if step_count > 0 && ro.status.stable_rs.as_deref() == Some(hash.as_str()) {
                super::record_event(c, "SkipSteps", "Rollback to stable ReplicaSets".into());
                new.status.current_step_index = Some(step_count);
            }
        }
        return finish(c, ctx, new);
    }
    if ro.status.promote_full {
        ctx.pause.clear_pause_conditions();
        ctx.pause.remove_abort();
        if step_count > 0 {
            index = Some(step_count);
        }
    }
    if let Some(reason) = sync::should_full_promote(c, ctx, &new) {
        new.status.current_step_index = index;
        sync::promote_stable(c, ctx, &mut new, &reason);
        return finish(c, ctx, new);
    }
    if ctx.pause.is_aborted(&ro.status) {
        if step_count > 0 {
            new.status.current_step_index =
                Some(if new.status.stable_rs == new.status.current_pod_hash {
                    step_count
                } else {
                    0
                });
        }
        return finish(c, ctx, new);
    }
    if completed_current_canary_step(c, ctx) {
        let i = index.unwrap_or(0) + 1;
        index = Some(i);
        let what = step.as_ref().map(step_string).unwrap_or_default();
        super::record_event(
            c,
            "RolloutStepCompleted",
            format!("Rollout step {i}/{step_count} completed ({what})"),
        );
        ctx.pause
            .remove_pause_condition(PauseReason::CanaryPauseStep);
    }
    new.status.current_step_index = index;
    finish(c, ctx, new)
}

fn finish(c: &mut Cluster, ctx: &mut Context, mut new: NewStatus) {
    sync::calculate_rollout_conditions(c, ctx, &mut new);
    sync::persist_rollout_status(c, ctx, new);
}
