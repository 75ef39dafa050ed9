//! Mirrors `rollout/bluegreen.go` and the blue-green half of `rollout/service.go`: the new
//! stack comes up beside the old, the preview Service selects it, the active Service switches
//! when it is whole (after a pause, if asked), and the old stack waits out its scale-down delay.

use super::pause::get_pause_condition;
use super::sync::{self, NewStatus};
use super::{rollout, state, state_mut, Context, Route};
use crate::api::{PauseReason, Rollout};
use crate::argo::utils::defaults::get_auto_promotion_enabled_or_default;
use crate::argo::utils::replicaset::{pod_hash, ready_for_pause};
use crate::cluster::Cluster;

/// Mirrors `rolloutBlueGreen`.
pub fn rollout_blue_green(c: &mut Cluster, ctx: &mut Context) {
    super::get_all_replica_sets_and_sync_revision(c, ctx, true);
    reconcile_preview_service(c, ctx);
    if sync::check_pod_spec_change(c, ctx) {
        return sync_rollout_status_blue_green(c, ctx);
    }
    reconcile_blue_green_replica_sets(c, ctx);
    reconcile_blue_green_pause(c, ctx);
    reconcile_active_service(c, ctx);
    super::analysis::reconcile_analysis_runs(c, ctx);
    sync_rollout_status_blue_green(c, ctx)
}

/// Mirrors `reconcileBlueGreenReplicaSets`: the active stack whole, the new one sized, the old
/// ones scaled down after their delay. Unlike a canary, every part runs in one reconcile.
pub fn reconcile_blue_green_replica_sets(c: &mut Cluster, ctx: &mut Context) {
    super::replicaset::remove_scale_down_deadlines(c, ctx);
    // reconcileBlueGreenStableReplicaSet: the ReplicaSet the active Service selects is whole.
    if let Some(active) = state(c).active_service.clone() {
        if let Some(i) = ctx
            .all
            .iter()
            .copied()
            .find(|&i| pod_hash(&c.replica_sets[i]) == active)
        {
            let n = c.deployment.spec.replicas;
            super::scale_replica_set_and_record_event(
                c,
                i,
                n,
                crate::sentence::Sentence::new(
                    "active to {n}: the active Service's ReplicaSet is kept whole",
                    &[("n", &n)],
                ),
            );
        }
    }
    super::replicaset::reconcile_new_replica_set(c, ctx);
    super::replicaset::reconcile_other_replica_sets(c, ctx);
}

/// Mirrors `reconcilePreviewService`: the preview Service selects the new ReplicaSet.
fn reconcile_preview_service(c: &mut Cluster, ctx: &Context) {
    let ro = rollout(c);
    if ro.blue_green().is_none_or(|b| b.preview_service.is_none()) || halted(c) {
        return;
    }
    if let Some(n) = ctx.new_rs {
        let hash = pod_hash(&c.replica_sets[n]).to_string();
        switch_service_selector(c, false, hash);
    }
}

fn halted(c: &Cluster) -> bool {
    super::canary::halt_progress(c).is_some()
}

/// Mirrors `needsBlueGreenControllerPause`.
fn needs_blue_green_controller_pause(ro: &Rollout) -> bool {
    let Some(b) = ro.blue_green() else {
        return false;
    };
    if b.auto_promotion_enabled == Some(false) {
        return true;
    }
    b.auto_promotion_seconds > 0
}

/// Mirrors `CompletedBlueGreenPause`.
fn completed_blue_green_pause(c: &Cluster, ctx: &Context, ro: &Rollout) -> bool {
    if ctx.pause.has_add_pause() {
        return false;
    }
    if ro.status.scale_up_preview_check_point || !needs_blue_green_controller_pause(ro) {
        return true;
    }
    let cond = get_pause_condition(&ro.status, PauseReason::BlueGreenPause);
    let secs = ro.blue_green().map_or(0, |b| b.auto_promotion_seconds);
    if get_auto_promotion_enabled_or_default(ro) {
        if secs == 0 {
            return true;
        }
        return cond.is_some_and(|p| c.now >= p.start_time + i64::from(secs) * 1000);
    }
    ro.status.controller_pause && cond.is_none()
}

/// Mirrors `completedPrePromotionAnalysis`: none asked for, or its run succeeded.
fn completed_pre_promotion_analysis(c: &Cluster, ro: &Rollout) -> bool {
    if ro
        .blue_green()
        .is_none_or(|b| b.pre_promotion_analysis.is_none())
    {
        return true;
    }
    let hash = ro.status.current_pod_hash.clone().unwrap_or_default();
    super::analysis::run_successful(c, super::analysis::RunKind::PrePromotion, &hash) == Some(true)
}

/// Mirrors `isBlueGreenFastTracked`.
fn is_fast_tracked(c: &Cluster, ctx: &Context, ro: &Rollout) -> bool {
    let new_hash = ctx.new_rs.map(|i| pod_hash(&c.replica_sets[i]).to_string());
    let new_has_deadline = ctx
        .new_rs
        .is_some_and(|i| state(c).scale_down_deadlines.contains_key(&i));
    new_has_deadline
        || ro.status.promote_full
        || state(c).active_service.is_none()
        || state(c).active_service == new_hash
}

/// Mirrors `reconcileBlueGreenPause`: once the preview stack is ready, a `BlueGreenPause` when
/// promotion is manual or delayed; removed when it is over.
fn reconcile_blue_green_pause(c: &mut Cluster, ctx: &mut Context) {
    let ro = rollout(c);
    if ro.status.abort {
        return;
    }
    let all = c.refs(&ctx.all);
    if !ready_for_pause(&ro, ctx.new_rs.map(|i| &c.replica_sets[i]), &all) || halted(c) {
        return;
    }
    if is_fast_tracked(c, ctx, &ro)
        || ro.status.scale_up_preview_check_point
        || !needs_blue_green_controller_pause(&ro)
    {
        ctx.pause
            .remove_pause_condition(PauseReason::BlueGreenPause);
        return;
    }
    if !completed_pre_promotion_analysis(c, &ro) {
        return;
    }
    match get_pause_condition(&ro.status, PauseReason::BlueGreenPause) {
        Some(cond) => {
            if !completed_blue_green_pause(c, ctx, &ro) {
                let secs = ro.blue_green().map_or(0, |b| b.auto_promotion_seconds);
                if secs > 0 {
                    c.wake_at(cond.start_time + i64::from(secs) * 1000);
                }
            } else {
                ctx.pause
                    .remove_pause_condition(PauseReason::BlueGreenPause);
            }
        }
        None if !ro.status.controller_pause => {
            ctx.pause.add_pause_condition(PauseReason::BlueGreenPause)
        }
        None => {}
    }
}

/// Mirrors `reconcileActiveService`: switches the active Service to the new ReplicaSet once it
/// is whole and available and the pause (if any) is over; back to the stable one on abort.
fn reconcile_active_service(c: &mut Cluster, ctx: &Context) {
    let ro = rollout(c);
    if halted(c) {
        return;
    }
    let Some(new_idx) = ctx.new_rs else { return };
    let all = c.refs(&ctx.all);
    let new_rs = &c.replica_sets[new_idx];
    let saturated =
        new_rs.spec.replicas == ro.replicas() && new_rs.status.available_replicas == ro.replicas();
    if !ready_for_pause(&ro, Some(new_rs), &all) || !saturated {
        return;
    }
    let new_hash = pod_hash(new_rs).to_string();
    let mut target = state(c).active_service.clone();
    if is_fast_tracked(c, ctx, &ro)
        || (completed_blue_green_pause(c, ctx, &ro) && completed_pre_promotion_analysis(c, &ro))
    {
        target = Some(new_hash);
    }
    if ro.status.abort {
        target = ro.status.stable_rs.clone();
    }
    if let Some(t) = target {
        switch_service_selector(c, true, t);
    }
}

/// Mirrors `switchServiceSelector`: the active (or preview) Service selects the pods of `hash`.
pub fn switch_service_selector(c: &mut Cluster, active: bool, hash: String) {
    let now = c.now;
    let s = state_mut(c);
    let slot = if active {
        &mut s.active_service
    } else {
        &mut s.preview_service
    };
    if slot.as_deref() == Some(hash.as_str()) {
        return;
    }
    let from = slot.replace(hash.clone()).unwrap_or_default();
    if active {
        s.routes.push((now, Route::Selector(hash.clone())));
    }
    let name = if active {
        s.rollout.blue_green().map(|b| b.active_service.clone())
    } else {
        s.rollout
            .blue_green()
            .and_then(|b| b.preview_service.clone())
    }
    .unwrap_or_default();
    super::record_event(
        c,
        "SwitchService",
        format!("Switched selector for service '{name}' from '{from}' to '{hash}'"),
    );
}

/// Mirrors `calculateScaleUpPreviewCheckPoint`.
fn calculate_scale_up_preview_check_point(c: &Cluster, ctx: &Context, ro: &Rollout) -> bool {
    let Some(preview) = ro.blue_green().and_then(|b| b.preview_replica_count) else {
        return false;
    };
    if ro.status.scale_up_preview_check_point {
        return true;
    }
    if !completed_blue_green_pause(c, ctx, ro) {
        return false;
    }
    ctx.new_rs
        .is_some_and(|i| c.replica_sets[i].status.available_replicas == preview)
}

/// Mirrors `syncRolloutStatusBlueGreen`: the Services' selectors into the status; full
/// promotion once the active Service selects the new ReplicaSet; the counts of the active one.
pub fn sync_rollout_status_blue_green(c: &mut Cluster, ctx: &mut Context) {
    let mut new = sync::calculate_base_status(c, ctx);
    let ro = rollout(c);
    new.status.stable_rs = ro.status.stable_rs.clone();
    if sync::check_pod_spec_change(c, ctx) {
        sync::reset_rollout_status(c, ctx, &mut new);
    }
    if ro.status.promote_full {
        ctx.pause.clear_pause_conditions();
        ctx.pause.remove_abort();
    }
    new.status.preview_selector = state(c).preview_service.clone();
    new.status.active_selector = state(c).active_service.clone();
    match sync::should_full_promote(c, ctx, &new) {
        Some(reason) => sync::promote_stable(c, ctx, &mut new, &reason),
        None => {
            new.status.scale_up_preview_check_point =
                calculate_scale_up_preview_check_point(c, ctx, &ro)
        }
    }
    let active = new.status.active_selector.clone().unwrap_or_default();
    if let Some(i) = ctx
        .all
        .iter()
        .copied()
        .find(|&i| pod_hash(&c.replica_sets[i]) == active)
    {
        let rs = &c.replica_sets[i];
        new.counts.available = rs.status.available_replicas;
        new.counts.ready = rs.status.ready_replicas;
    }
    finish(c, ctx, new);
}

fn finish(c: &mut Cluster, ctx: &mut Context, mut new: NewStatus) {
    sync::calculate_rollout_conditions(c, ctx, &mut new);
    sync::persist_rollout_status(c, ctx, new);
}
