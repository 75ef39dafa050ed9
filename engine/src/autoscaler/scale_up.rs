//! Scale-up (cluster-autoscaler/core/scaleup): nodes for the pods the scheduler could not place,
//! estimated by packing them onto the nodes on their way and then onto new ones.

use super::{group_size, NODE_GROUP};
use crate::api::Node;
use crate::cluster::Cluster;
use crate::scheduler::NodeInfo;
use crate::trace::{seconds, Record};

/// The pods the scheduler marked unschedulable that still wait for a node.
pub fn unschedulable_pods(c: &Cluster) -> Vec<usize> {
    let now = c.now;
    (0..c.pods.len())
        .filter(|&i| {
            let p = &c.pods[i];
            p.node.is_none() && p.is_active(now) && c.unschedulable.contains_key(&p.uid)
        })
        .collect()
}

/// Mirrors `ScaleUp` with the binpacking estimator for one node group: each unschedulable pod
/// goes first-fit onto the upcoming nodes, then onto as many new ones as it takes, up to the
/// group's maximum. Each pod is told once whether it triggered a scale-up, as the autoscaler's
/// events say. Returns whether nodes were added.
pub fn scale_up(c: &mut Cluster) -> bool {
    let pending = unschedulable_pods(c);
    if pending.is_empty() {
        return false;
    }
    let Some((max_nodes, provision_ms)) =
        c.autoscaler.as_ref().map(|a| (a.max_nodes, a.provision_ms))
    else {
        return false;
    };
    let template = c.node_template;
    let now = c.now;
    let upcoming = c
        .nodes
        .iter()
        .filter(|n| n.removed.is_none() && n.ready_at > now)
        .count();
    let room = max_nodes.saturating_sub(group_size(c)) as usize;
    let mut bins: Vec<NodeInfo> = vec![NodeInfo::default(); upcoming];
    // For each pod: Ok(bin) or the reason it cannot be helped.
    let mut outcome: Vec<(usize, Result<usize, String>)> = Vec::new();
    for &i in &pending {
        let r = c.replica_sets[c.pods[i].owner].spec.template.requests();
        let alone = crate::scheduler::fits(r, &NodeInfo::default(), &template);
        if !alone.is_empty() {
            outcome.push((
                i,
                Err(format!(
                    "pod didn't trigger scale-up (it wouldn't fit if a new node is added): {}",
                    alone
                        .iter()
                        .map(|r| format!("1 {r}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
            continue;
        }
        let bin = match bins
            .iter()
            .position(|b| crate::scheduler::fits_in(r, b, &template))
        {
            Some(b) => Some(b),
            None if bins.len() < upcoming + room => {
                bins.push(NodeInfo::default());
                Some(bins.len() - 1)
            }
            None => None,
        };
        match bin {
            Some(b) => {
                bins[b].add(r);
                outcome.push((i, Ok(b)));
            }
            None => outcome.push((
                i,
                Err("pod didn't trigger scale-up: 1 max node group size reached".to_string()),
            )),
        }
    }
    let add = bins.len() - upcoming;
    let before = group_size(c);
    for _ in 0..add {
        let name = format!("node-{}", c.nodes.len() + 1);
        c.nodes.push(Node {
            name,
            allocatable: template,
            ready_at: now + provision_ms,
            unschedulable: false,
            to_be_deleted: None,
            removed: None,
            autoscaled: true,
            not_ready: None,
        });
    }
    let ready_at = now + provision_ms;
    if add > 0 {
        c.wake_at(ready_at);
    }
    let (max, after) = (max_nodes, before + add as u32);
    let mut told = Vec::new();
    for (i, result) in outcome {
        let uid = c.pods[i].uid;
        if c.autoscaler.as_ref().is_some_and(|a| a.told.contains(&uid)) {
            continue;
        }
        let (reason, message) = match result {
            // Helped by a node added now (a pod that fits on one already on its way waits).
            Ok(b) if b >= upcoming => (
                "TriggeredScaleUp",
                format!(
                    "pod triggered scale-up: [{{{NODE_GROUP} {before}->{after} (max: {max})}}]"
                ),
            ),
            Ok(_) => continue,
            Err(m) => ("NotTriggerScaleUp", m),
        };
        let object = format!("pod/{}", c.pod_name(&c.pods[i]));
        c.record(Record::Event {
            t: seconds(now),
            kind: "Normal".into(),
            reason: reason.into(),
            object,
            message,
        });
        told.push(uid);
    }
    if let Some(a) = c.autoscaler.as_mut() {
        a.told.extend(told);
        if add > 0 {
            a.last_scale_up = Some(now);
        }
    }
    add > 0
}
