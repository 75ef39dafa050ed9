//! The pod eviction subresource (pkg/registry/core/pod/storage/eviction.go, v1.28): an
//! eviction deletes the pod as a delete would, unless its PodDisruptionBudget forbids it.

use crate::api::UnhealthyPodEvictionPolicy;
use crate::cluster::Cluster;

/// Why an eviction was refused: HTTP 429 with the API server's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyRequests;

impl std::fmt::Display for TooManyRequests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cannot evict pod as it would violate the pod's disruption budget.")
    }
}

/// Mirrors `EvictionREST.Create` for pod `i`: a pod already being deleted or not yet running
/// (Pending) is deleted without asking the budget (`canIgnorePDB`); a pod that is not Ready
/// goes if the policy is AlwaysAllow, or (IfHealthyBudget) while the budget is met; a Ready
/// pod goes only if a disruption is allowed (`checkAndDecrement`).
pub fn evict(c: &mut Cluster, i: usize) -> Result<(), TooManyRequests> {
    let now = c.now;
    let p = &c.pods[i];
    let ignore_budget = p.is_terminating(now) || p.phase(now) == crate::api::PodPhase::Pending;
    if !ignore_budget {
        if let (Some(spec), Some(status)) =
            (c.pdb.as_ref(), crate::controller::disruption::try_sync(c))
        {
            let allowed = if c.pods[i].is_ready(now) {
                status.disruptions_allowed > 0
            } else {
                spec.unhealthy_pod_eviction_policy == UnhealthyPodEvictionPolicy::AlwaysAllow
                    || (status.current_healthy >= status.desired_healthy
                        && status.desired_healthy > 0)
            };
            if !allowed {
                return Err(TooManyRequests);
            }
        }
    }
    if !c.pods[i].is_terminating(now) {
        crate::controller::replicaset::delete_pod(c, i);
        let owner = c.pods[i].owner;
        c.rs_queue.add(owner);
    }
    Ok(())
}
