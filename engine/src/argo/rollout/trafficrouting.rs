//! Mirrors `rollout/trafficrouting.go`: the weight a canary with a traffic router sends to the
//! canary's pods. The weight moves to a step's `setWeight` only once the canary has the pods
//! for it; on abort it returns to the stable.

use super::{rollout, state_mut, Context, Route};
use crate::api::TrafficWeights;
use crate::argo::utils::canary::{
    at_desired_replica_counts_for_canary, get_current_canary_step, get_current_set_weight,
};
use crate::argo::utils::defaults::max_traffic_weight;
use crate::argo::utils::replicaset::pod_hash;
use crate::cluster::Cluster;

/// Mirrors `reconcileTrafficRouting` for one router.
pub fn reconcile_traffic_routing(c: &mut Cluster, ctx: &mut Context) {
    let ro = rollout(c);
    let Some(cs) = ro.canary().filter(|cs| cs.traffic_routing.is_some()) else {
        ctx.weights = None;
        return;
    };
    let max = max_traffic_weight(&ro);
    let (_, index) = get_current_canary_step(&ro);
    let new_rs = ctx.new_rs.map(|i| &c.replica_sets[i]);
    let stable_rs = ctx.stable_rs.map(|i| &c.replica_sets[i]);
    let fully_promoted =
        ro.status.stable_rs.is_some() && ro.status.stable_rs == ro.status.current_pod_hash;
    let desired = if fully_promoted {
        0
    } else if ctx.pause.is_aborted(&ro.status) {
        calculate_desired_weight_on_abort(c, ctx)
    } else if new_rs.is_none_or(|n| n.status.available_replicas == 0) {
        0
    } else if ro.status.promote_full {
        match (cs.dynamic_stable_scale, ro.status.weights) {
            (true, _) => {
                max * new_rs.map_or(0, |n| n.status.available_replicas) / ro.replicas().max(1)
            }
            (false, Some(w)) => w.canary,
            (false, None) => 0,
        }
    } else if let Some(index) = index {
        let others: Vec<_> = ctx
            .other
            .iter()
            .map(|&i| Some(&c.replica_sets[i]))
            .collect();
        let at_desired =
            at_desired_replica_counts_for_canary(&ro, new_rs, stable_rs, &others, None);
        if !at_desired {
            // The weight of the last setWeight step before this one.
            cs.steps[..(index.max(0) as usize).min(cs.steps.len())]
                .iter()
                .rev()
                .find_map(|s| s.set_weight)
                .unwrap_or(0)
        } else if index as usize != cs.steps.len() {
            get_current_set_weight(&ro)
        } else {
            max
        }
    } else {
        0
    };
    let weights = TrafficWeights {
        canary: desired,
        stable: max - desired,
    };
    ctx.weights = Some(weights);
    let stable_hash = stable_rs
        .map(|s| pod_hash(s).to_string())
        .unwrap_or_default();
    let canary_hash = match (fully_promoted, new_rs) {
        (false, Some(n)) => pod_hash(n).to_string(),
        _ => stable_hash.clone(),
    };
    let previous = ro.status.weights;
    let route = Route::Weighted {
        canary_hash,
        stable_hash,
        canary: desired,
        max,
    };
    if previous.map(|w| w.canary) != Some(desired) {
        let msg = match previous {
            Some(w) => format!("Traffic weight updated from {} to {desired}", w.canary),
            None => format!("Traffic weight updated to {desired}"),
        };
        super::record_event(c, "TrafficWeightUpdated", msg);
    }
    let now = c.now;
    let s = state_mut(c);
    if s.routes.last().map(|(_, r)| r) != Some(&route) {
        s.routes.push((now, route));
    }
}

/// Mirrors `calculateDesiredWeightOnAbortOrStableRollback`: without dynamic stable scaling the
/// weight goes straight to 0; with it, down as fast as the stable's available pods can take it.
fn calculate_desired_weight_on_abort(c: &Cluster, ctx: &Context) -> i32 {
    let ro = rollout(c);
    let max = max_traffic_weight(&ro);
    if !ro.canary().is_some_and(|cs| cs.dynamic_stable_scale) {
        return 0;
    }
    let available = ctx
        .stable_rs
        .map_or(0, |i| c.replica_sets[i].status.available_replicas);
    let weight = max - max * available / ro.replicas().max(1);
    weight
        .min(ro.status.weights.map_or(weight, |w| w.canary))
        .max(0)
}
