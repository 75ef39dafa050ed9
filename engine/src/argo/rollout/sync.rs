//! Mirrors `rollout/sync.go`: the status a reconcile writes (counts, conditions, phase), full
//! promotion, and the paused conditions.

use super::{phase, rollout, state, state_mut, Context};
use crate::api::{
    ConditionStatus, Millis, Rollout, RolloutCondition, RolloutConditionType as T, RolloutStatus,
    RolloutStrategy,
};
use crate::argo::utils::defaults::DEFAULT_PROGRESS_DEADLINE_SECONDS;
use crate::argo::utils::replicaset::pod_hash;
use crate::cluster::Cluster;
use crate::trace::{seconds, Record};

/// The counts of a Rollout's status (written into the workload object's status, which views
/// and the trace's final line read).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub replicas: i32,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
}

/// A status being built by one reconcile (`newStatus`).
#[derive(Clone, Debug)]
pub struct NewStatus {
    pub status: RolloutStatus,
    pub counts: Counts,
}

/// Mirrors `ComputeStepHash`: a fingerprint of the canary steps ("" for blue-green).
pub fn compute_step_hash(ro: &Rollout) -> String {
    use std::hash::{Hash, Hasher};
    let Some(c) = ro.canary() else {
        return String::new();
    };
    let mut h = crate::hash::Fingerprint::default();
    format!("{:?}", c.steps).hash(&mut h);
    format!("{:x}", h.finish() & 0xffff_ffff)
}

/// Mirrors `PodTemplateOrStepsChanged` (steps) and `CheckPodSpecChange` (pod template).
pub fn pod_template_or_steps_changed(c: &Cluster, ctx: &Context) -> bool {
    let ro = &state(c).rollout;
    let steps_changed = match &ro.status.current_step_hash {
        None => true,
        Some(h) => *h != compute_step_hash(ro),
    };
    steps_changed || check_pod_spec_change(c, ctx)
}

/// Mirrors `CheckPodSpecChange`.
pub fn check_pod_spec_change(c: &Cluster, ctx: &Context) -> bool {
    let Some(current) = &state(c).rollout.status.current_pod_hash else {
        return false;
    };
    let hash = match ctx.new_rs {
        Some(i) => pod_hash(&c.replica_sets[i]).to_string(),
        None => super::template_hash(c),
    };
    *current != hash
}

/// Mirrors `calculateBaseStatus`: the counts from the ReplicaSets, the current pod hash; the
/// rest of the status starts fresh (weights and conditions carried over).
pub fn calculate_base_status(c: &Cluster, ctx: &Context) -> NewStatus {
    let old = &state(c).rollout.status;
    let current = match ctx.new_rs {
        Some(i) => pod_hash(&c.replica_sets[i]).to_string(),
        None => super::template_hash(c),
    };
    let sum = |f: fn(&crate::api::ReplicaSet) -> i32| -> i32 {
        ctx.all.iter().map(|&i| f(&c.replica_sets[i])).sum()
    };
    let counts = Counts {
        replicas: sum(|rs| rs.status.replicas),
        updated: ctx.new_rs.map_or(0, |i| c.replica_sets[i].status.replicas),
        ready: sum(|rs| rs.status.ready_replicas),
        available: sum(|rs| rs.status.available_replicas),
    };
    let status = RolloutStatus {
        promote_full: Some(current.as_str()) != old.stable_rs.as_deref() && old.promote_full,
        current_pod_hash: Some(current),
        conditions: old.conditions.clone(),
        weights: ctx.weights.or(old.weights),
        ..Default::default()
    };
    NewStatus { status, counts }
}

/// Mirrors `resetRolloutStatus`: a new template or new steps start from the first step.
pub fn reset_rollout_status(c: &Cluster, ctx: &mut Context, new: &mut NewStatus) {
    ctx.pause.clear_pause_conditions();
    ctx.pause.remove_abort();
    new.status.promote_full = false;
    new.status.scale_up_preview_check_point = false;
    let ro = &state(c).rollout;
    new.status.current_step_index = ro.canary().filter(|cs| !cs.steps.is_empty()).map(|_| 0);
}

/// Mirrors `shouldFullPromote`: why the new ReplicaSet becomes the stable one now ("" when not).
pub fn should_full_promote(c: &Cluster, ctx: &Context, new: &NewStatus) -> Option<String> {
    let ro = rollout(c);
    let Some(_) = ctx.stable_rs else {
        return Some("Initial deploy".into());
    };
    match &ro.spec.strategy {
        RolloutStrategy::Canary(cs) => {
            if ctx.pause.is_aborted(&ro.status) {
                return None;
            }
            let new_rs = ctx.new_rs.map(|i| &c.replica_sets[i])?;
            if new_rs.status.available_replicas != ro.replicas() {
                return None;
            }
            if ro.status.promote_full {
                return Some("Full promotion requested".into());
            }
            let index = ro.status.current_step_index;
            let n = cs.steps.len() as i32;
            (cs.steps.is_empty() || index == Some(n))
                .then(|| format!("Completed all {n} canary steps"))
        }
        RolloutStrategy::BlueGreen(_) => {
            let active = new.status.active_selector.as_deref()?;
            if Some(active) != new.status.current_pod_hash.as_deref() {
                return None;
            }
            if ro.status.promote_full {
                return Some("Full promotion requested".into());
            }
            if ctx.pause.is_aborted(&ro.status) {
                return None;
            }
            let post = ro
                .blue_green()
                .and_then(|b| b.post_promotion_analysis.as_ref());
            if post.is_some()
                && super::analysis::run_successful(
                    c,
                    super::analysis::RunKind::PostPromotion,
                    active,
                ) != Some(true)
            {
                return None;
            }
            Some("Completed blue-green update".into())
        }
        RolloutStrategy::Unset => None,
    }
}

/// Mirrors `promoteStable`: the current pod hash becomes the stable one.
pub fn promote_stable(c: &mut Cluster, ctx: &mut Context, new: &mut NewStatus, reason: &str) {
    ctx.pause.clear_pause_conditions();
    ctx.pause.remove_abort();
    new.status.promote_full = false;
    new.status.scale_up_preview_check_point = false;
    let ro = &state(c).rollout;
    if let Some(cs) = ro.canary() {
        let n = cs.steps.len() as i32;
        new.status.current_step_index = (n > 0).then_some(n);
    }
    if new.status.stable_rs != new.status.current_pod_hash {
        new.status.stable_rs = new.status.current_pod_hash.clone();
        let revision = state(c).revision;
        let hash = new.status.current_pod_hash.clone().unwrap_or_default();
        super::record_event(
            c,
            "RolloutCompleted",
            format!("Rollout completed update to revision {revision} ({hash}): {reason}"),
        );
    }
}

fn condition(
    kind: T,
    status: ConditionStatus,
    reason: &str,
    message: String,
    now: Millis,
) -> RolloutCondition {
    let t = now.div_euclid(1000) * 1000;
    RolloutCondition {
        kind,
        status,
        reason: reason.into(),
        message,
        last_update: t,
        last_transition: t,
    }
}

/// Sets the Progressing condition on the stored status at once (what a status patch does).
pub fn set_progressing(c: &mut Cluster, status: ConditionStatus, reason: &str, message: String) {
    let now = c.now;
    state_mut(c).rollout.status.set_condition(condition(
        T::Progressing,
        status,
        reason,
        message,
        now,
    ));
}

/// The progress deadline in seconds.
fn progress_deadline(c: &Cluster) -> i32 {
    c.deployment
        .spec
        .progress_deadline_seconds
        .unwrap_or(DEFAULT_PROGRESS_DEADLINE_SECONDS)
}

/// Mirrors `RolloutHealthy`.
fn rollout_healthy(ro: &Rollout, new: &NewStatus) -> bool {
    let replicas = ro.replicas();
    let st = &new.status;
    let completed = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(b) => {
            st.active_selector == st.current_pod_hash
                && (b.preview_service.is_none() || st.preview_selector == st.current_pod_hash)
        }
        RolloutStrategy::Canary(cs) => {
            let n = cs.steps.len() as i32;
            let all_steps = n == 0 || st.current_step_index.is_none_or(|i| i == n);
            all_steps
                && st.stable_rs.is_some()
                && st.stable_rs == st.current_pod_hash
                && new.counts.replicas == replicas
        }
        RolloutStrategy::Unset => false,
    };
    new.counts.updated == replicas && new.counts.available == replicas && completed
}

/// Mirrors `RolloutProgressing`: something moved since the stored status.
fn rollout_progressing(c: &Cluster, ro: &Rollout, new: &NewStatus) -> bool {
    let old = &ro.status;
    let oc = old_counts(c);
    let moved = new.counts.updated != oc.updated
        || new.counts.replicas - new.counts.updated < oc.replicas - oc.updated
        || new.counts.ready > oc.ready
        || new.counts.available > oc.available;
    let strategy = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            old.active_selector != new.status.active_selector
                || old.preview_selector != new.status.preview_selector
        }
        _ => {
            old.stable_rs != new.status.stable_rs
                || (old.current_step_index.is_some()
                    && new.status.current_step_index.is_some()
                    && old.current_step_index != new.status.current_step_index)
                || old.current_step_hash != new.status.current_step_hash
        }
    };
    moved || strategy
}

fn old_counts(c: &Cluster) -> Counts {
    let d = &c.deployment.status;
    Counts {
        replicas: d.replicas,
        updated: d.updated_replicas,
        ready: d.ready_replicas,
        available: d.available_replicas,
    }
}

/// Mirrors `isIndefiniteStep`: a pause or analysis step never times out.
fn is_indefinite_step(ro: &Rollout) -> bool {
    let (step, _) = crate::argo::utils::canary::get_current_canary_step(ro);
    step.is_some_and(|s| s.pause.is_some() || s.analysis.is_some())
}

/// Mirrors `calculateRolloutConditions`, in upstream's order: Healthy, the abort, Progressing
/// (or its deadline), Available, Completed.
pub fn calculate_rollout_conditions(c: &mut Cluster, ctx: &mut Context, new: &mut NewStatus) {
    let ro = rollout(c);
    let now = c.now;
    let name = c.deployment.meta.name.clone();
    let new_rs_name = ctx.new_rs.map(|i| c.replica_sets[i].meta.name.clone());
    let is_paused = !ro.status.pause_conditions.is_empty() || ro.spec.paused;
    let is_aborted = ctx.pause.is_aborted(&ro.status);
    let mut became_unhealthy = false;
    let healthy = rollout_healthy(&ro, new);
    let had_healthy = new.status.condition(T::Healthy).is_some();
    if !is_paused && healthy {
        new.status.set_condition(condition(
            T::Healthy,
            ConditionStatus::True,
            "RolloutHealthy",
            "Rollout is healthy".into(),
            now,
        ));
    } else if had_healthy {
        became_unhealthy = new.status.set_condition(condition(
            T::Healthy,
            ConditionStatus::False,
            "RolloutHealthy",
            "Rollout is not healthy".into(),
            now,
        ));
    }
    if is_aborted {
        let mut msg = format!("Rollout aborted update to revision {}", state(c).revision);
        if !ctx.pause.abort_message.is_empty() {
            msg = format!("{msg}: {}", ctx.pause.abort_message);
        }
        if new.status.set_condition(condition(
            T::Progressing,
            ConditionStatus::False,
            "RolloutAborted",
            msg.clone(),
            now,
        )) {
            super::record_event(c, "RolloutAborted", msg);
        }
    } else if healthy {
        let msg = match &new_rs_name {
            Some(n) => format!("ReplicaSet {n:?} has successfully progressed."),
            None => format!("Rollout {name:?} has successfully progressed."),
        };
        new.status.set_condition(condition(
            T::Progressing,
            ConditionStatus::True,
            "NewReplicaSetAvailable",
            msg,
            now,
        ));
    } else if rollout_progressing(c, &ro, new) || became_unhealthy {
        let (reason, msg) =
            if new.status.stable_rs == new.status.current_pod_hash && became_unhealthy {
                (
                    "ReplicaSetNotAvailable",
                    "Rollout does not have minimum availability".to_string(),
                )
            } else {
                (
                    "ReplicaSetUpdated",
                    match &new_rs_name {
                        Some(n) => format!("ReplicaSet {n:?} is progressing."),
                        None => format!("Rollout {name:?} is progressing."),
                    },
                )
            };
        let mut cond = condition(T::Progressing, ConditionStatus::True, reason, msg, now);
        if let Some(cur) = new.status.condition(T::Progressing) {
            if cur.status == ConditionStatus::True {
                cond.last_transition = cur.last_transition;
            }
        }
        new.status.remove_condition(T::Progressing);
        new.status.conditions.push(cond);
    } else if !is_indefinite_step(&ro) && timed_out(&new.status, progress_deadline(c), now) {
        let msg = match &new_rs_name {
            Some(n) => format!("ReplicaSet {n:?} has timed out progressing."),
            None => format!("Rollout {name:?} has timed out progressing."),
        };
        let changed = new.status.set_condition(condition(
            T::Progressing,
            ConditionStatus::False,
            "ProgressDeadlineExceeded",
            msg.clone(),
            now,
        ));
        if ro.spec.progress_deadline_abort && (changed || !ctx.pause.is_aborted(&ro.status)) {
            ctx.pause.add_abort(msg.clone());
            super::record_event(c, "RolloutAborted", msg);
        }
    }
    // Available.
    let available = match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            let active = new.status.active_selector.clone().unwrap_or_default();
            ctx.all.iter().any(|&i| {
                let rs = &c.replica_sets[i];
                pod_hash(rs) == active
                    && rs.spec.replicas == ro.replicas()
                    && rs.status.available_replicas == ro.replicas()
            })
        }
        _ => {
            ctx.all
                .iter()
                .map(|&i| c.replica_sets[i].status.available_replicas)
                .sum::<i32>()
                >= ro.replicas()
        }
    };
    let (status, message) = if available {
        (ConditionStatus::True, "Rollout has minimum availability")
    } else {
        (
            ConditionStatus::False,
            "Rollout does not have minimum availability",
        )
    };
    new.status.set_condition(condition(
        T::Available,
        status,
        "AvailableReason",
        message.into(),
        now,
    ));
    // Completed.
    let completed =
        new.status.stable_rs.is_some() && new.status.stable_rs == new.status.current_pod_hash;
    let status = if completed {
        ConditionStatus::True
    } else {
        ConditionStatus::False
    };
    if new.status.set_condition(condition(
        T::Completed,
        status,
        "RolloutCompleted",
        "RolloutCompleted".into(),
        now,
    )) && !completed
    {
        // The revision the update goes to: the new ReplicaSet's, or the next one.
        let revision = ctx
            .new_rs
            .map(|i| super::rs_revision(&c.replica_sets[i]))
            .filter(|r| *r > 1 && ctx.stable_rs != ctx.new_rs)
            .unwrap_or(state(c).revision + 1);
        let hash = new.status.current_pod_hash.clone().unwrap_or_default();
        super::record_event(
            c,
            "RolloutNotCompleted",
            format!("Rollout not completed, started update to revision {revision} ({hash})"),
        );
    }
}

/// Mirrors `RolloutTimedOut`: the Progressing condition last moved longer ago than the deadline.
fn timed_out(st: &RolloutStatus, deadline_s: i32, now: Millis) -> bool {
    let Some(p) = st.condition(T::Progressing) else {
        return false;
    };
    match p.reason.as_str() {
        "RolloutAborted" => false,
        "ProgressDeadlineExceeded" => true,
        _ => p.last_update + i64::from(deadline_s) * 1000 < now,
    }
}

/// Mirrors `persistRolloutStatus`: the pause bookkeeping, the observed generation, the phase
/// and message; then the write. A rollout that is still moving is woken at its deadline.
pub fn persist_rollout_status(c: &mut Cluster, ctx: &Context, mut new: NewStatus) {
    let now = c.now;
    let old = state(c).rollout.status.clone();
    ctx.pause.calculate_pause_status(&old, &mut new.status, now);
    new.status.observed_generation = state(c).generation;
    if new.status.current_step_hash.is_none() {
        new.status.current_step_hash = Some(compute_step_hash(&state(c).rollout));
    }
    let d = &mut c.deployment.status;
    d.replicas = new.counts.replicas;
    d.updated_replicas = new.counts.updated;
    d.ready_replicas = new.counts.ready;
    d.available_replicas = new.counts.available;
    d.unavailable_replicas = (c.deployment.spec.replicas - new.counts.available).max(0);
    let mut ro = rollout(c);
    ro.status = new.status;
    let (phase, message) =
        phase::calculate_rollout_phase(&ro, &c.deployment.status, ro.status.observed_generation);
    ro.status.phase = Some(phase);
    ro.status.message = message;
    // Events of pauses starting and ending.
    let was_paused = !old.pause_conditions.is_empty();
    let paused = !ro.status.pause_conditions.is_empty();
    if !was_paused && paused {
        let reason = ro.status.pause_conditions[0].reason.as_str();
        super::record_event(c, "RolloutPaused", format!("Rollout is paused ({reason})"));
    } else if was_paused && !paused && !ro.status.abort {
        super::record_event(c, "RolloutResumed", "Rollout is resumed".into());
    }
    // Requeue at the progress deadline while progressing.
    if let Some(p) = ro.status.condition(T::Progressing) {
        if p.status == ConditionStatus::True && p.reason != "NewReplicaSetAvailable" {
            c.wake_at(p.last_update + i64::from(progress_deadline(c)) * 1000 + 1000);
        }
    }
    state_mut(c).rollout.status = ro.status;
}

/// Mirrors `checkPausedConditions`: the Progressing and Paused conditions follow the pause at
/// once (a status patch before the reconcile).
pub fn check_paused_conditions(c: &mut Cluster) {
    let now = c.now;
    let paused_spec = c.deployment.spec.paused;
    let st = &mut state_mut(c).rollout.status;
    let prog = st.condition(T::Progressing).cloned();
    let prog_paused = prog.as_ref().is_some_and(|p| p.reason == "RolloutPaused");
    let is_paused = !st.pause_conditions.is_empty() || paused_spec;
    let abort_cond = prog.as_ref().is_some_and(|p| p.reason == "RolloutAborted");
    if is_paused != prog_paused && !abort_cond {
        let (reason, msg) = if is_paused {
            ("RolloutPaused", "Rollout is paused")
        } else {
            ("RolloutResumed", "Rollout is resumed")
        };
        st.set_condition(condition(
            T::Progressing,
            ConditionStatus::Unknown,
            reason,
            msg.into(),
            now,
        ));
    }
    if !st.abort && abort_cond {
        st.set_condition(condition(
            T::Progressing,
            ConditionStatus::Unknown,
            "RolloutRetry",
            "Retrying Rollout after abort".into(),
            now,
        ));
    }
    let pause_true = st
        .condition(T::Paused)
        .is_some_and(|p| p.status == ConditionStatus::True);
    if is_paused != pause_true && !abort_cond {
        let status = if is_paused {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        };
        st.set_condition(condition(
            T::Paused,
            status,
            "RolloutPaused",
            "Rollout is paused".into(),
            now,
        ));
    }
}

/// Mirrors `isScalingEvent`: an active ReplicaSet whose desired-replicas annotation is not the
/// Rollout's replicas (the user scaled the Rollout).
pub fn is_scaling_event(c: &Cluster, ctx: &Context) -> bool {
    let want = c.deployment.spec.replicas.to_string();
    ctx.all.iter().any(|&i| {
        let rs = &c.replica_sets[i];
        rs.spec.replicas > 0
            && rs
                .meta
                .annotations
                .get(super::DESIRED_REPLICAS_ANNOTATION)
                .is_some_and(|v| *v != want)
    })
}

/// Mirrors `syncReplicasOnly`: the strategy's ReplicaSet sizes, then the counts.
pub fn sync_replicas_only(c: &mut Cluster, ctx: &mut Context) {
    match state(c).rollout.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            super::bluegreen::reconcile_blue_green_replica_sets(c, ctx)
        }
        _ => {
            super::canary::reconcile_canary_replica_sets(c, ctx);
        }
    }
    let old = state(c).rollout.status.clone();
    let mut new = calculate_base_status(c, ctx);
    let conditions = new.status.conditions.clone();
    let counts = new.counts;
    new.status = old;
    new.status.conditions = conditions;
    new.counts = counts;
    persist_rollout_status(c, ctx, new);
}

/// Records each Rollout condition whose status or reason changed since the last record.
pub fn record_condition_changes(c: &mut Cluster) {
    if c.quiet {
        return;
    }
    let t = seconds(c.now);
    let s = state(c);
    let now: Vec<_> = s
        .rollout
        .status
        .conditions
        .iter()
        .map(|k| (k.kind, k.status, k.reason.clone()))
        .collect();
    let changed: Vec<Record> = s
        .rollout
        .status
        .conditions
        .iter()
        .filter(|k| {
            !s.recorded
                .iter()
                .any(|(a, b, r)| *a == k.kind && *b == k.status && *r == k.reason)
        })
        .map(|k| Record::Condition {
            t,
            kind: k.kind.as_str().into(),
            status: k.status.as_str().into(),
            reason: k.reason.clone(),
            message: k.message.clone(),
        })
        .collect();
    for r in changed {
        c.record(r);
    }
    state_mut(c).recorded = now;
}
