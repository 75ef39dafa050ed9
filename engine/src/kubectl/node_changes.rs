//! Changes to the cluster's nodes that a scenario can make during a rollout: a node joins,
//! leaves (`kubectl delete node`), or stops reporting (its kubelet is down), and
//! `kubectl delete pod`.

use crate::api::{Millis, Node};
use crate::cluster::Cluster;

/// A node joins: named `node-N` after the nodes there are, shaped as the scenario's nodes,
/// Ready at once.
pub fn add_node(c: &mut Cluster) -> Result<String, String> {
    let name = format!("node-{}", c.nodes.len() + 1);
    c.nodes.push(Node {
        name: name.clone(),
        allocatable: c.node_template,
        ready_at: c.now,
        unschedulable: false,
        to_be_deleted: None,
        removed: None,
        autoscaled: false,
        not_ready: None,
    });
    Ok(format!("node/{name} joined the cluster (Ready)"))
}

fn find_node(c: &Cluster, name: &str) -> Result<usize, String> {
    let now = c.now;
    c.nodes
        .iter()
        .position(|n| n.name == name && n.removed.is_none_or(|r| r > now))
        .ok_or_else(|| format!("Error from server (NotFound): nodes {name:?} not found"))
}

/// `kubectl delete node NAME`: the node leaves; the pod garbage collector force-deletes the
/// pods bound to it (`gcOrphaned`), which go at once.
pub fn remove_node(c: &mut Cluster, name: &str) -> Result<String, String> {
    let n = find_node(c, name)?;
    let now = c.now;
    c.nodes[n].removed = Some(now);
    for i in 0..c.pods.len() {
        let p = &c.pods[i];
        if p.node == Some(n as u32) && p.exists(now) {
            force_delete(c, i, now);
        }
    }
    Ok(format!("node {name:?} deleted"))
}

fn force_delete(c: &mut Cluster, i: usize, now: Millis) {
    let p = &mut c.pods[i];
    p.deleted.get_or_insert(now);
    p.gone = Some(now);
    let (owner, node) = (p.owner, p.node);
    c.rs_queue.pod_written(&c.pods[i]);
    c.rs_queue.add(owner);
    c.gone_due = Some(now);
    c.scheduler.pod_deleted(owner, node, now, now);
}

/// The node's kubelet stops reporting: the node lifecycle controller marks the node NotReady
/// and its pods' Ready condition False (`MarkPodsNotReady`); a pod deleted there stays
/// Terminating, as no kubelet confirms it.
pub fn node_not_ready(c: &mut Cluster, name: &str) -> Result<String, String> {
    let n = find_node(c, name)?;
    let now = c.now;
    c.nodes[n].not_ready = Some(now);
    for i in 0..c.pods.len() {
        let p = &mut c.pods[i];
        if p.node != Some(n as u32) || !p.exists(now) {
            continue;
        }
        p.unready = Some(now);
        if p.is_terminating(now) {
            p.gone = None;
        }
        let owner = p.owner;
        c.rs_queue.pod_written(&c.pods[i]);
        c.rs_queue.add(owner);
    }
    Ok(format!(
        "node/{name}: kubelet stopped posting node status (NotReady)"
    ))
}

/// `kubectl delete pod NAME`: deleted as its controller would delete it (graceful).
pub fn delete_pod(c: &mut Cluster, name: &str) -> Result<String, String> {
    let now = c.now;
    let found = (0..c.pods.len())
        .find(|&i| c.pods[i].is_active(now) && c.pod_name(&c.pods[i]) == name)
        .ok_or_else(|| format!("Error from server (NotFound): pods {name:?} not found"))?;
    crate::controller::replicaset::delete_pod(c, found);
    Ok(format!("pod {name:?} deleted"))
}

/// Applies a node change, as the trace shows it: the command (or what happened), and the
/// answer.
pub fn apply(c: &mut Cluster, action: &crate::sim::scenario::Action) -> super::actions::Answer {
    use crate::sim::scenario::Action;
    let (command, result) = match action {
        Action::AddNode => ("# a node joins the cluster".to_string(), add_node(c)),
        Action::RemoveNode(n) => (format!("kubectl delete node {n}"), remove_node(c, n)),
        Action::NodeNotReady(n) => (
            format!("# the kubelet on {n} stops reporting"),
            node_not_ready(c, n),
        ),
        Action::DeletePod(p) => (format!("kubectl delete pod {p}"), delete_pod(c, p)),
        other => (format!("{other:?}"), Err("error: not a node change".into())),
    };
    super::actions::Answer::of(command, result)
}
