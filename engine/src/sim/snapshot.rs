//! Summaries of the cluster at a moment, for the chart, the stage and the tests.

use super::runner::Simulation;
use super::scenario::Scenario;
use crate::api::{Millis, PodState};
use crate::cluster::Cluster;
use crate::controller::deployment::util;

/// Pod counts at a moment. "Old" and "new" are relative to the Deployment's current template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub t: Millis,
    /// Every pod that exists, terminating ones included.
    pub total: u32,
    /// Pods bound to a node (holding its resources), terminating ones included.
    pub scheduled: u32,
    /// Pods the rolling-update arithmetic counts (not terminating).
    pub counted: u32,
    pub ready: u32,
    pub available: u32,
    pub old: u32,
    pub new: u32,
    pub terminating: u32,
    /// spec.replicas + resolved maxSurge: the most pods the arithmetic allows.
    pub max_total: i32,
    /// spec.replicas - resolved maxUnavailable: the fewest available it keeps.
    pub min_available: i32,
}

/// Counts the pods of the cluster now.
/// Whether a ReplicaSet runs the workload's current template (a Rollout's ReplicaSets add their
/// pod-template-hash label to it).
pub fn runs_current_template(c: &Cluster, rs: &crate::api::ReplicaSet) -> bool {
    let t = &c.deployment.spec.template;
    rs.spec.template == *t
        || (c.argo.is_some() && {
            let mut own = rs.spec.template.clone();
            own.labels.remove(crate::api::POD_HASH_LABEL);
            own == *t
        })
}

pub fn counts(c: &Cluster) -> Counts {
    let now = c.now;
    let d = &c.deployment;
    let (max_total, min_available) = match c.argo {
        // A Rollout's bounds are its strategy's (a blue-green surges a whole stack).
        Some(_) => {
            let ro = crate::argo::rollout::rollout(c);
            let surge = match ro.blue_green() {
                Some(_) => ro.replicas(),
                None => crate::argo::utils::replicaset::max_surge(&ro),
            };
            (
                ro.replicas() + surge,
                ro.replicas() - crate::argo::utils::replicaset::max_unavailable(&ro),
            )
        }
        None => match workload_bounds(c) {
            Some(bounds) => bounds,
            None => (d.spec.replicas + util::max_surge(d), util::min_available(d)),
        },
    };
    let mut k = Counts {
        t: now,
        max_total,
        min_available,
        ..Counts::default()
    };
    // Whether each ReplicaSet runs the current template, compared once rather than per pod (a
    // Rollout's ReplicaSets add their pod-template-hash label).
    let is_new: Vec<bool> = c
        .replica_sets
        .iter()
        .map(|rs| runs_current_template(c, rs))
        .collect();
    for p in c.existing_pods() {
        let rs = &c.replica_sets[p.owner];
        k.total += 1;
        k.scheduled += u32::from(p.node.is_some());
        if p.is_terminating(now) {
            k.terminating += 1;
            continue;
        }
        k.counted += 1;
        if p.is_ready(now) {
            k.ready += 1;
        }
        if p.is_available(rs.spec.min_ready_seconds, now) {
            k.available += 1;
        }
        if is_new[p.owner] {
            k.new += 1;
        } else {
            k.old += 1;
        }
    }
    k
}

/// A StatefulSet's or DaemonSet's bounds: (most pods, fewest available) its update allows. A
/// StatefulSet never surges and keeps all but maxUnavailable (1 without the feature); a
/// DaemonSet surges and loses nodes as its own rounding says.
fn workload_bounds(c: &Cluster) -> Option<(i32, i32)> {
    if let Some(st) = &c.stateful {
        let replicas = c.deployment.spec.replicas;
        let unavailable =
            crate::controller::statefulset::stateful_set_utils::get_stateful_set_max_unavailable(
                st.strategy.max_unavailable.as_ref(),
                replicas,
            )
            .unwrap_or(1);
        return Some((replicas, (replicas - unavailable).max(0)));
    }
    let ds = c.daemon.as_ref()?;
    let desired = ds.status.desired_number_scheduled;
    let nodes: Vec<(u32, bool)> = (0..desired.max(0) as u32).map(|n| (n, true)).collect();
    let mut map = std::collections::BTreeMap::<u32, Vec<()>>::new();
    let (surge, unavailable, _) = crate::controller::daemon::update::updated_desired_node_counts(
        &ds.strategy,
        &nodes,
        &mut map,
    )
    .unwrap_or((0, 1, desired));
    Some((desired + surge, (desired - unavailable).max(0)))
}

/// Counts after every instant of a whole run, for the chart of pod counts over time.
pub fn timeline(s: &Scenario) -> Vec<Counts> {
    let mut sim = Simulation::new(s);
    let mut out = vec![counts(&sim.cluster)];
    while sim.step().is_some() {
        out.push(counts(&sim.cluster));
    }
    out
}

/// One ReplicaSet as the stage groups pods: its name, revision, image and pods by state.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetView {
    pub name: String,
    pub revision: i64,
    pub image: String,
    pub desired: i32,
    pub is_new: bool,
    pub by_state: Vec<(PodState, u32)>,
    /// Pods drawn slower than 9 in 10 of the image's, not Ready yet.
    pub slow: u32,
}

/// The live ReplicaSets with their pods counted by state, oldest first.
pub fn replica_set_views(c: &Cluster) -> Vec<ReplicaSetView> {
    let now = c.now;
    let live = c.live_replica_sets();
    let mut by_owner = vec![[0u32; PodState::ALL.len()]; c.replica_sets.len()];
    let mut slow = vec![0u32; c.replica_sets.len()];
    for p in c.existing_pods() {
        let min_ready = c.replica_sets[p.owner].spec.min_ready_seconds;
        let state = p.state(min_ready, now);
        let slot = PodState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        by_owner[p.owner][slot] += 1;
        slow[p.owner] += u32::from(p.slow && !p.is_ready(now) && !p.is_terminating(now));
    }
    live.into_iter()
        .map(|i| {
            let rs = &c.replica_sets[i];
            ReplicaSetView {
                name: rs.meta.name.clone(),
                revision: rs.revision(),
                image: rs.spec.template.first_image().to_string(),
                desired: rs.spec.replicas,
                is_new: rs.spec.template == c.deployment.spec.template,
                by_state: PodState::ALL
                    .iter()
                    .copied()
                    .zip(by_owner[i])
                    .filter(|(_, n)| *n > 0)
                    .collect(),
                slow: slow[i],
            }
        })
        .collect()
}

/// The controller's latest decision at the cluster's moment: the last change of a ReplicaSet's
/// size, with its arithmetic.
pub fn latest_decision(c: &Cluster) -> Option<&crate::trace::Record> {
    let now = crate::trace::seconds(c.now);
    c.log
        .iter()
        .rev()
        .find(|r| matches!(r, crate::trace::Record::Scale { t, .. } if *t <= now))
}

/// Every `kubectl rollout status` line printed so far, with its time.
pub fn rollout_status_lines(c: &Cluster) -> Vec<(f64, String)> {
    c.log
        .iter()
        .filter_map(|r| match r {
            crate::trace::Record::RolloutStatus { t, message } => Some((*t, message.clone())),
            _ => None,
        })
        .collect()
}
