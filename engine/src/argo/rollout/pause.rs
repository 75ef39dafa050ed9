//! Mirrors `rollout/pause.go`: what one reconcile asks of the pause conditions and the abort,
//! applied together when the status is written (`CalculatePauseStatus`).

use crate::api::{Millis, PauseCondition, PauseReason, RolloutStatus};

/// Mirrors `pauseContext`: the requests of one reconcile.
#[derive(Clone, Debug, Default)]
pub struct PauseContext {
    add_pause_reasons: Vec<PauseReason>,
    remove_pause_reasons: Vec<PauseReason>,
    clear_pause_conditions: bool,
    add_abort: bool,
    remove_abort: bool,
    /// The abort's message (an AnalysisRun's, or the progress deadline's).
    pub abort_message: String,
}

impl PauseContext {
    /// Mirrors `IsAborted`.
    pub fn is_aborted(&self, status: &RolloutStatus) -> bool {
        !self.remove_abort && (self.add_abort || status.abort)
    }

    pub fn add_abort(&mut self, message: String) {
        self.add_abort = true;
        self.abort_message = message;
    }

    pub fn remove_abort(&mut self) {
        self.remove_abort = true;
    }

    pub fn add_pause_condition(&mut self, reason: PauseReason) {
        self.add_pause_reasons.push(reason);
    }

    pub fn remove_pause_condition(&mut self, reason: PauseReason) {
        self.remove_pause_reasons.push(reason);
    }

    pub fn clear_pause_conditions(&mut self) {
        self.clear_pause_conditions = true;
    }

    /// Mirrors `HasAddPause`.
    pub fn has_add_pause(&self) -> bool {
        !self.add_pause_reasons.is_empty()
    }

    /// Mirrors `CalculatePauseStatus`: the abort (which drops every pause), or the pause
    /// conditions kept, removed and added (added ones start now and set `controllerPause`).
    pub fn calculate_pause_status(
        &self,
        old: &RolloutStatus,
        new: &mut RolloutStatus,
        now: Millis,
    ) {
        let aborted_at = old.aborted_at.unwrap_or(now);
        new.pause_conditions.clear();
        new.controller_pause = false;
        if self.add_abort || (!self.remove_abort && old.abort) {
            new.abort = true;
            new.aborted_at = Some(aborted_at);
            return;
        }
        new.abort = false;
        new.aborted_at = None;
        if self.clear_pause_conditions {
            return;
        }
        let mut controller_pause = old.controller_pause;
        let mut conditions: Vec<PauseCondition> = old
            .pause_conditions
            .iter()
            .filter(|c| !self.remove_pause_reasons.contains(&c.reason))
            .cloned()
            .collect();
        for &reason in &self.add_pause_reasons {
            if !conditions.iter().any(|c| c.reason == reason) {
                conditions.push(PauseCondition {
                    reason,
                    start_time: now,
                });
                controller_pause = true;
            }
        }
        if conditions.is_empty() {
            return;
        }
        new.controller_pause = controller_pause;
        new.pause_conditions = conditions;
    }
}

/// The pause condition of a reason, if the rollout has one.
pub fn get_pause_condition(status: &RolloutStatus, reason: PauseReason) -> Option<&PauseCondition> {
    status.pause_conditions.iter().find(|c| c.reason == reason)
}
