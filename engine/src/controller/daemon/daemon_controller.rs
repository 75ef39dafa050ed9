//! Mirrors `pkg/controller/daemon/daemon_controller.go`: which nodes should run the pod, the
//! pods made and deleted to match (`manage`, `syncNodes`), and the status.

use super::NodePods;
use crate::api::{DaemonSetStatus, Node};
use crate::cluster::Cluster;

/// Mirrors `NodeShouldRunDaemonPod` for the nodes the simulation has: (should run, should
/// continue running). A daemon pod tolerates the cordon (`unschedulable`) and the NoExecute
/// not-ready taint, but not the NoSchedule taints of a node that is not Ready or that the
/// cluster autoscaler is removing: such a node gets no new pod, and keeps the one it has.
pub fn node_should_run_daemon_pod(node: &Node, now: crate::api::Millis) -> (bool, bool) {
    let not_ready = node.not_ready.is_some_and(|t| t <= now);
    if not_ready || node.to_be_deleted.is_some() {
        (false, true)
    } else {
        (true, true)
    }
}

/// The nodes in the API now (joined, not removed), by index.
fn nodes_in_api(c: &Cluster) -> impl Iterator<Item = (u32, &Node)> {
    let now = c.now;
    c.nodes
        .iter()
        .enumerate()
        .filter(move |(_, n)| n.ready_at <= now && n.removed.is_none_or(|r| r > now))
        .map(|(i, n)| (i as u32, n))
}

/// The nodes and the daemon pods on each (`getNodesToDaemonPods`).
pub fn node_pods(c: &Cluster) -> NodePods {
    let now = c.now;
    let mut out = NodePods::default();
    for (i, n) in nodes_in_api(c) {
        out.should_run.insert(i, node_should_run_daemon_pod(n, now));
    }
    for (k, p) in c.pods.iter().enumerate() {
        if let (true, Some(node)) = (p.exists(now), p.node) {
            out.pods.entry(node).or_default().push(k);
        }
    }
    out
}

/// Mirrors `manage` with `podsShouldBeOnNode`: a pod is made on each node that should run one
/// and has none; a node with more than it should keep loses the extra ones (without surge, all
/// but the oldest; with surge, all but the oldest new and oldest old, and the old one too once
/// it is not Ready or the new one is available); a node that should not run the pod loses it.
/// Returns whether it made or deleted a pod.
pub fn manage(c: &mut Cluster, s: &crate::api::DaemonSetStrategy, update: usize) -> bool {
    let now = c.now;
    let min_ready = c.deployment.spec.min_ready_seconds;
    // `AllowsSurge`: a RollingUpdate whose maxSurge is not 0.
    let surge = s.update_type == crate::api::UpdateStrategyType::RollingUpdate
        && crate::api::validation::get_int_or_percent_value(&s.max_surge) != 0;
    let nodes = node_pods(c);
    let mut create_on = Vec::new();
    let mut delete = Vec::new();
    for (&node, &(should_run, should_continue)) in &nodes.should_run {
        let pods = nodes.pods.get(&node);
        match pods {
            None if should_run => create_on.push(node),
            _ if should_continue => {
                let mut running: Vec<usize> = pods
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&i| !c.pods[i].is_terminating(now))
                    .collect();
                // podByCreationTimestampAndPhase: the oldest first.
                running.sort_by_key(|&i| (c.pods[i].created, c.pods[i].uid));
                if !surge {
                    delete.extend(running.iter().skip(1));
                    continue;
                }
                if running.len() <= 1 {
                    if running.is_empty() && should_run {
                        create_on.push(node);
                    }
                    continue;
                }
                let (mut oldest_new, mut oldest_old) = (None, None);
                for &i in &running {
                    let slot = if c.pods[i].owner == update {
                        &mut oldest_new
                    } else {
                        &mut oldest_old
                    };
                    match slot {
                        None => *slot = Some(i),
                        Some(_) => delete.push(i),
                    }
                }
                if let (Some(n), Some(o)) = (oldest_new, oldest_old) {
                    if !c.pods[o].is_ready(now) || c.pods[n].is_available(min_ready, now) {
                        delete.push(o);
                    }
                }
            }
            Some(pods) => delete.extend(
                pods.iter()
                    .copied()
                    .filter(|&i| !c.pods[i].is_terminating(now)),
            ),
            None => {}
        }
    }
    let changed = !create_on.is_empty() || !delete.is_empty();
    sync_nodes(c, &delete, &create_on, update);
    changed
}

/// Mirrors `syncNodes`: pods made on the nodes named (bound to their node, as the node
/// affinity the controller writes makes the scheduler do) and the pods named deleted, each
/// with its event.
pub fn sync_nodes(c: &mut Cluster, delete: &[usize], create_on: &[u32], update: usize) {
    let set = c.deployment.meta.name.clone();
    for &node in create_on {
        let prefix = c.name_prefix(&set);
        let i = crate::controller::replicaset::create_pod(c, update, prefix);
        crate::scheduler::bind_to(c, i, node);
        let name = c.pod_name(&c.pods[i]);
        record_event(c, "SuccessfulCreate", format!("Created pod: {name}"));
    }
    for &i in delete {
        let name = c.pod_name(&c.pods[i]);
        crate::controller::replicaset::delete_pod(c, i);
        record_event(c, "SuccessfulDelete", format!("Deleted pod: {name}"));
    }
}

fn record_event(c: &mut Cluster, reason: &str, message: String) {
    let object = format!("daemonset/{}", c.deployment.meta.name);
    c.normal_event(object, reason, message);
}

/// Mirrors `updateDaemonSetStatus`: over the nodes, the oldest pod on each that should run it
/// counts as scheduled, Ready, available and updated; a pod on a node that should not run it
/// is misscheduled.
pub fn update_daemon_set_status(c: &Cluster, update: usize) -> DaemonSetStatus {
    let now = c.now;
    let min_ready = c.deployment.spec.min_ready_seconds;
    let nodes = node_pods(c);
    let mut s = DaemonSetStatus {
        observed_generation: c.deployment.meta.generation,
        ..Default::default()
    };
    for (node, &(should_run, _)) in &nodes.should_run {
        let pods = nodes.pods.get(node).filter(|p| !p.is_empty());
        if !should_run {
            s.number_misscheduled += i32::from(pods.is_some());
            continue;
        }
        s.desired_number_scheduled += 1;
        let Some(pods) = pods else {
            continue;
        };
        s.current_number_scheduled += 1;
        let &oldest = pods
            .iter()
            .min_by_key(|&&i| (c.pods[i].created, c.pods[i].uid))
            .expect("not empty");
        let p = &c.pods[oldest];
        if p.ready_condition(now) {
            s.number_ready += 1;
            s.number_available += i32::from(p.available_condition(min_ready, now));
        }
        s.updated_number_scheduled += i32::from(p.owner == update);
    }
    s.number_unavailable = s.desired_number_scheduled - s.number_available;
    s
}
