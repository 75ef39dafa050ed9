//! Mirrors `utils/rollout/rolloututil.go`: a Rollout's phase and message, from its status.

use crate::api::{DeploymentStatus, Rollout, RolloutPhase, RolloutStrategy};

/// Mirrors `CalculateRolloutPhase`: Degraded on an abort or a deadline, Paused, Progressing with
/// what it waits for, or Healthy. `counts` holds the status's replica counts.
pub fn calculate_rollout_phase(
    ro: &Rollout,
    counts: &DeploymentStatus,
    _observed_generation: i64,
) -> (RolloutPhase, String) {
    let st = &ro.status;
    for cond in &st.conditions {
        if cond.reason == "RolloutAborted" || cond.reason == "ProgressDeadlineExceeded" {
            return (
                RolloutPhase::Degraded,
                format!("{}: {}", cond.reason, cond.message),
            );
        }
    }
    if ro.spec.paused {
        return (RolloutPhase::Paused, "manually paused".into());
    }
    if let Some(p) = st.pause_conditions.first() {
        return (RolloutPhase::Paused, p.reason.as_str().into());
    }
    let progressing = |m: &str| (RolloutPhase::Progressing, m.to_string());
    if counts.updated_replicas < ro.replicas() {
        return progressing("more replicas need to be updated");
    }
    if counts.available_replicas < counts.updated_replicas {
        return progressing("updated replicas are still becoming available");
    }
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            if st.active_selector.is_none() || st.active_selector != st.current_pod_hash {
                return progressing("active service cutover pending");
            }
            if st.stable_rs.is_none() || st.stable_rs != st.current_pod_hash {
                let post = ro
                    .blue_green()
                    .is_some_and(|b| b.post_promotion_analysis.is_some());
                return progressing(if post {
                    "waiting for analysis to complete"
                } else {
                    "waiting for post-promotion verification to complete"
                });
            }
        }
        RolloutStrategy::Canary(c) => {
            if c.traffic_routing.is_none() && counts.replicas > counts.updated_replicas {
                return progressing("old replicas are pending termination");
            }
            if st.stable_rs.is_none() || st.stable_rs != st.current_pod_hash {
                return progressing("waiting for all steps to complete");
            }
        }
        RolloutStrategy::Unset => {}
    }
    (RolloutPhase::Healthy, String::new())
}
