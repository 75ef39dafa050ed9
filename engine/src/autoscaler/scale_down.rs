//! Scale-down (cluster-autoscaler/core/scaledown): a node whose pods' requests use less than
//! half of it and whose pods fit elsewhere is unneeded; unneeded for `--scale-down-unneeded-time`
//! (and no scale-up within `--scale-down-delay-after-add`), it is tainted, its pods are evicted,
//! and it goes when they are gone.

use super::UTILIZATION_THRESHOLD;
use crate::cluster::Cluster;
use crate::scheduler::NodeInfo;
use crate::trace::{seconds, Record};

/// Removes the nodes being drained whose pods are all gone. Returns whether one went.
pub fn remove_drained(c: &mut Cluster) -> bool {
    let Some(a) = c.autoscaler.as_ref() else {
        return false;
    };
    let empty: Vec<usize> = a
        .draining
        .iter()
        .copied()
        .filter(|&n| !c.existing_pods().any(|p| p.node == Some(n as u32)))
        .collect();
    for &n in &empty {
        remove(c, n);
    }
    if let Some(a) = c.autoscaler.as_mut() {
        for n in &empty {
            a.draining.remove(n);
        }
    }
    !empty.is_empty()
}

/// The node leaves the cluster (the node lifecycle controller's event).
fn remove(c: &mut Cluster, n: usize) {
    let name = c.nodes[n].name.clone();
    c.nodes[n].removed = Some(c.now);
    c.record(Record::Event {
        t: seconds(c.now),
        kind: "Normal".into(),
        reason: "RemovingNode".into(),
        object: format!("node/{name}"),
        message: format!("Node {name} event: Removing Node {name} from Controller"),
    });
}

/// Mirrors `utilization.Calculate`: the larger of the cpu and memory shares its pods request
/// (a resource the node does not limit counts 0).
fn utilization(info: &NodeInfo, alloc: &crate::api::Allocatable) -> f64 {
    let share =
        |used: i64, a: Option<i64>| a.filter(|&a| a > 0).map_or(0.0, |a| used as f64 / a as f64);
    share(info.cpu, alloc.cpu).max(share(info.memory, alloc.memory))
}

/// Mirrors `ScaleDown.UpdateUnneededNodes` and `TryToScaleDown`: marks the nodes that are
/// unneeded now (under the threshold, every pod fits on another node), and removes those
/// unneeded long enough: empty ones at once, else one node at a time, drained first. Returns
/// whether pods were evicted or nodes removed.
pub fn scale_down(c: &mut Cluster) -> bool {
    let now = c.now;
    let Some(a) = c.autoscaler.as_ref() else {
        return false;
    };
    // The scheduler's view: what each node holds, terminating pods included.
    let mut load = vec![NodeInfo::default(); c.nodes.len()];
    let mut pods_on: Vec<Vec<crate::api::Requests>> = vec![Vec::new(); c.nodes.len()];
    for p in c.existing_pods() {
        if let Some(n) = p.node {
            let r = c.replica_sets[p.owner].spec.template.requests();
            load[n as usize].add(r);
            if !p.is_terminating(now) {
                pods_on[n as usize].push(r);
            }
        }
    }
    let usable = |n: usize| {
        let node = &c.nodes[n];
        node.is_ready(now) && !node.unschedulable && !a.draining.contains(&n)
    };
    let mut unneeded: Vec<usize> = Vec::new();
    let mut planned = load.clone();
    for n in (0..c.nodes.len()).rev().filter(|&n| usable(n)) {
        let mut own = NodeInfo::default();
        for r in &pods_on[n] {
            own.add(*r);
        }
        if utilization(&own, &c.nodes[n].allocatable) >= UTILIZATION_THRESHOLD {
            continue;
        }
        // Every pod must fit on a node that stays (first fit, in node order).
        let mut trial = planned.clone();
        let movable = pods_on[n].iter().all(|r| {
            let target = (0..c.nodes.len()).find(|&m| {
                m != n
                    && usable(m)
                    && !unneeded.contains(&m)
                    && crate::scheduler::fits_in(*r, &trial[m], &c.nodes[m].allocatable)
            });
            target.map(|m| trial[m].add(*r)).is_some()
        });
        if movable {
            planned = trial;
            unneeded.push(n);
        }
    }
    let size = super::group_size(c);
    let a = c.autoscaler.as_mut().expect("checked above");
    a.unneeded_since.retain(|n, _| unneeded.contains(n));
    for &n in &unneeded {
        a.unneeded_since.entry(n).or_insert(now);
    }
    let cooling = a
        .last_scale_up
        .is_some_and(|t| now - t < a.delay_after_add_ms);
    if cooling || !a.draining.is_empty() {
        return false;
    }
    let mut spare = size.saturating_sub(a.min_nodes) as usize;
    let ripe: Vec<usize> = unneeded
        .iter()
        .copied()
        .filter(|n| {
            a.unneeded_since
                .get(n)
                .is_some_and(|&t| now - t >= a.unneeded_ms)
        })
        .collect();
    let mut changed = false;
    // Empty nodes go together.
    for &n in ripe.iter().filter(|&&n| pods_on[n].is_empty()) {
        if spare == 0 {
            return changed;
        }
        if c.existing_pods().any(|p| p.node == Some(n as u32)) {
            continue;
        }
        remove(c, n);
        spare -= 1;
        changed = true;
    }
    if changed || spare == 0 {
        return changed;
    }
    // Else one node with pods whose evictions its PodDisruptionBudget allows ("not enough pod
    // disruption budget" otherwise): tainted, then its pods evicted.
    let allowed = crate::controller::disruption::try_sync(c).map(|s| s.disruptions_allowed);
    let healthy_on = |n: usize| {
        c.existing_pods()
            .filter(|p| p.node == Some(n as u32) && p.is_ready(now) && !p.is_terminating(now))
            .count() as i32
    };
    let Some(&n) = ripe
        .iter()
        .find(|&&n| !pods_on[n].is_empty() && allowed.is_none_or(|a| healthy_on(n) <= a))
    else {
        return false;
    };
    drain(c, n);
    true
}

/// Taints the node ToBeDeletedByClusterAutoscaler and evicts its pods (their ReplicaSets
/// replace them elsewhere).
fn drain(c: &mut Cluster, n: usize) {
    let now = c.now;
    c.nodes[n].to_be_deleted = Some(now);
    let name = c.nodes[n].name.clone();
    c.record(Record::Event {
        t: seconds(now),
        kind: "Normal".into(),
        reason: "ScaleDown".into(),
        object: format!("node/{name}"),
        message: "marked the node as toBeDeleted/unschedulable".into(),
    });
    let victims: Vec<usize> = (0..c.pods.len())
        .filter(|&i| c.pods[i].node == Some(n as u32) && c.pods[i].is_active(now))
        .collect();
    for i in victims {
        let pod = format!("pod/{}", c.pod_name(&c.pods[i]));
        c.record(Record::Event {
            t: seconds(now),
            kind: "Normal".into(),
            reason: "ScaleDown".into(),
            object: pod,
            message: "deleting pod for node scale down".into(),
        });
        // Checked against the budget above; a refusal now leaves the pod for the next scan.
        let _ = crate::registry::eviction::evict(c, i);
    }
    if let Some(a) = c.autoscaler.as_mut() {
        a.draining.insert(n);
    }
}
