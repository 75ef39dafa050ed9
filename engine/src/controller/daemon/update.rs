//! Mirrors `pkg/controller/daemon/update.go`: the rolling update of a DaemonSet's pods, node by
//! node, within maxUnavailable or maxSurge.

use super::util::{surge_count, unavailable_count};
use super::NodePods;
use crate::api::DaemonSetStrategy;
use crate::cluster::Cluster;
use crate::intstr::ScaleError;
use std::collections::BTreeMap;

/// Mirrors `updatedDesiredNodeCounts`: the nodes that should run the pod are counted (each gets
/// an entry in `node_to_daemon_pods`, empty if it has no pod); maxSurge and maxUnavailable are
/// scaled on that count rounding up; both 0 with a node to run on reads as 1 unavailable.
/// Returns (maxSurge, maxUnavailable, desiredNumberScheduled).
pub fn updated_desired_node_counts<K: Ord + Clone, P>(
    s: &DaemonSetStrategy,
    nodes: &[(K, bool)],
    node_to_daemon_pods: &mut BTreeMap<K, Vec<P>>,
) -> Result<(i32, i32, i32), ScaleError> {
    let mut desired = 0;
    for (name, should_run) in nodes {
        if !should_run {
            continue;
        }
        desired += 1;
        node_to_daemon_pods.entry(name.clone()).or_default();
    }
    let mut max_unavailable = unavailable_count(s, desired)?;
    let max_surge = surge_count(s, desired)?;
    // An impossible configuration (the API server refuses it) falls back to one unavailable.
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    Ok((max_surge, max_unavailable, desired))
}

/// Mirrors `findUpdatedPodsOnNode`: the node's one new and one old pod, leaving out those
/// terminating; `None` when it has two of either (the manage loop cleans it up first).
pub fn find_updated_pods_on_node(
    c: &Cluster,
    pods: &[usize],
    update: usize,
) -> Option<(Option<usize>, Option<usize>)> {
    let now = c.now;
    let (mut new, mut old) = (None, None);
    for &i in pods {
        let p = &c.pods[i];
        if p.is_terminating(now) {
            continue;
        }
        let slot = if p.owner == update {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(i);
    }
    Some((new, old))
}

/// What a rolling update pass decided: pods to delete, nodes to create a pod on.
#[derive(Debug, Default, PartialEq)]
pub struct Replacements {
    pub delete: Vec<usize>,
    pub create_on: Vec<u32>,
}

/// Mirrors `rollingUpdate`. Without surge, old pods are deleted (the unavailable ones always,
/// the available ones while fewer than maxUnavailable nodes are unavailable) and the manage
/// loop makes the new pod once the old is gone. With surge, a new pod is made beside the old
/// one (at once where the old is unavailable, else on at most maxSurge nodes at a time) and
/// the old pod goes when the new one is available. Nodes are taken in the order they joined
/// (upstream iterates a Go map, in no set order).
pub fn rolling_update(
    c: &Cluster,
    s: &DaemonSetStrategy,
    nodes: &NodePods,
    update: usize,
) -> Replacements {
    let now = c.now;
    let min_ready = c.deployment.spec.min_ready_seconds;
    let mut node_to_daemon_pods = nodes.pods.clone();
    let should: Vec<(u32, bool)> = nodes
        .should_run
        .iter()
        .map(|(&n, &(run, _))| (n, run))
        .collect();
    let Ok((max_surge, max_unavailable, desired)) =
        updated_desired_node_counts(s, &should, &mut node_to_daemon_pods)
    else {
        return Replacements::default();
    };
    let available = |i: usize| c.pods[i].is_available(min_ready, now);
    let mut out = Replacements::default();
    if max_surge == 0 {
        let mut num_unavailable = 0;
        let mut allowed_replacement = Vec::new();
        let mut candidates = Vec::new();
        for pods in node_to_daemon_pods.values() {
            let Some((new, old)) = find_updated_pods_on_node(c, pods, update) else {
                num_unavailable += 1;
                continue;
            };
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => num_unavailable += 1,
                (Some(n), None) => {
                    if !available(n) {
                        num_unavailable += 1;
                    }
                }
                (None, Some(o)) => {
                    if !available(o) {
                        allowed_replacement.push(o);
                        num_unavailable += 1;
                    } else if num_unavailable < max_unavailable {
                        candidates.push(o);
                    }
                }
            }
        }
        let remaining = (max_unavailable - num_unavailable).clamp(0, candidates.len() as i32);
        out.delete = allowed_replacement;
        out.delete.extend(&candidates[..remaining as usize]);
        return out;
    }
    let mut should_not_run_to_delete = Vec::new();
    let mut candidate_new_nodes = Vec::new();
    let mut allowed_new_nodes = Vec::new();
    let mut num_surge = 0;
    let mut num_available = 0;
    for (&node, pods) in &node_to_daemon_pods {
        let Some((new, old)) = find_updated_pods_on_node(c, pods, update) else {
            num_surge += 1;
            continue;
        };
        match (old, new) {
            (Some(o), _) if available(o) => num_available += 1,
            (None, Some(n)) if available(n) => num_available += 1,
            _ => {}
        }
        let should_run = nodes.should_run.get(&node).is_some_and(|&(run, _)| run);
        match (old, new) {
            (None, _) => {}
            (Some(o), None) => {
                if !available(o) {
                    if !should_run {
                        out.delete.push(o);
                        continue;
                    }
                    allowed_new_nodes.push(node);
                } else {
                    if !should_run {
                        should_not_run_to_delete.push(o);
                        continue;
                    }
                    if num_surge >= max_surge {
                        continue;
                    }
                    candidate_new_nodes.push(node);
                }
            }
            (Some(o), Some(n)) => {
                if !available(n) {
                    num_surge += 1;
                    continue;
                }
                out.delete.push(o);
            }
        }
    }
    // With surge the owner expects every node served: a pod on a node that should no longer
    // run it goes only while more pods are available than nodes want one.
    let deletable = (num_available - desired).clamp(0, should_not_run_to_delete.len() as i32);
    out.delete
        .extend(&should_not_run_to_delete[..deletable as usize]);
    let remaining = (max_surge - num_surge).clamp(0, candidate_new_nodes.len() as i32);
    out.create_on = allowed_new_nodes;
    out.create_on
        .extend(&candidate_new_nodes[..remaining as usize]);
    out
}
