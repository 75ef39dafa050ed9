//! A minimal scheduler: binds pods to the least-loaded node while the Deployment's capacity
//! allows; beyond it pods stay Pending, as in a full cluster or under a tight ResourceQuota.

use crate::api::{Millis, Pod};
use crate::cluster::Cluster;

/// What the scheduler knows within one instant: each node's pod count, and from which pod on
/// some may still wait for a node. Pods go away only between instants, so within one the load
/// only grows (by binds) and the unbound pods are at or after the mark.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchedulerCache {
    at: Option<Millis>,
    load: Vec<u32>,
    first_unbound: usize,
}

/// Binds every Pending pod that fits, oldest first. Returns whether any pod was bound.
pub fn schedule_pending(c: &mut Cluster) -> bool {
    let now = c.now;
    if c.scheduler.at != Some(now) {
        c.scheduler = SchedulerCache {
            at: Some(now),
            load: node_load(c),
            first_unbound: 0,
        };
    }
    let mut bound = false;
    let mut used: u32 = c.scheduler.load.iter().sum();
    let mut i = c.scheduler.first_unbound;
    while i < c.pods.len() {
        let pod = &c.pods[i];
        if pod.node.is_some() || !pod.is_active(now) {
            i += 1;
            continue;
        }
        if c.capacity.is_some_and(|cap| used >= cap) {
            break;
        }
        let node = least_loaded(&c.scheduler.load);
        c.scheduler.load[node as usize] += 1;
        used += 1;
        bind(c, i, node);
        bound = true;
        i += 1;
    }
    c.scheduler.first_unbound = i;
    bound
}

fn node_load(c: &Cluster) -> Vec<u32> {
    let mut load = vec![0u32; c.nodes.max(1) as usize];
    for p in c.existing_pods() {
        if let Some(n) = p.node {
            load[n as usize] += 1;
        }
    }
    load
}

fn least_loaded(load: &[u32]) -> u32 {
    let mut best = 0;
    for (i, &l) in load.iter().enumerate() {
        if l < load[best] {
            best = i;
        }
    }
    best as u32
}

/// Binds a pod at `now` and fixes its future from its draws of the image's behaviour: the pull
/// (if the node does not have the image yet, or is still pulling it), then its start, Ready
/// and serving times.
fn bind(c: &mut Cluster, i: usize, node: u32) {
    let now: Millis = c.now;
    let (owner, uid) = (c.pods[i].owner, c.pods[i].uid);
    let image = c.replica_sets[owner].spec.template.first_image();
    let behaviour = c.behaviours.of(image);
    let times = behaviour.pod_times(c.seed, uid);
    let pulled = match c.node_images.get(image).and_then(|n| n.get(&node)) {
        Some(&at) => at.max(now),
        None => {
            let at = now + behaviour.pull_ms(c.seed, uid);
            let image = image.to_string();
            c.node_images.entry(image).or_default().insert(node, at);
            at
        }
    };
    let pod: &mut Pod = &mut c.pods[i];
    pod.node = Some(node);
    pod.started = pulled + times.start_after;
    pod.slow = times.slow;
    pod.ready = match pod.fate {
        crate::api::Fate::Healthy => Some(pulled + times.ready_after),
        _ => None,
    };
    pod.serving = match pod.fate {
        crate::api::Fate::Healthy | crate::api::Fate::NeverReady => {
            Some(pulled + times.serve_after)
        }
        _ => None,
    };
    let (started, ready) = (pod.started, pod.ready);
    // The binding and every later change of the pod's status are pod updates, which the
    // ReplicaSet controller reacts to: wake for each.
    c.rs_queue.add(owner);
    c.wake_at(started);
    if let Some(r) = ready {
        c.wake_at(r);
    }
}
