//! `kubectl get nodes` and `kubectl describe nodes`, reduced to what the simulation knows:
//! status, allocatable resources, the pods on each node and what they request.

use super::format::{human_duration, table};
use crate::api::quantity::{format_bytes, format_milli};
use crate::cluster::Cluster;

/// The kubelet version the nodes report (the simulation mirrors v1.28's controllers).
const VERSION: &str = "v1.28.0";

/// `kubectl get nodes`: the nodes that are registered now (a node the autoscaler is still
/// provisioning is not yet).
pub fn get_nodes(c: &Cluster) -> String {
    let now = c.now;
    let rows: Vec<Vec<String>> = c
        .nodes
        .iter()
        .filter(|n| n.is_ready(now))
        .map(|n| {
            let status = if n.unschedulable {
                "Ready,SchedulingDisabled"
            } else {
                "Ready"
            };
            vec![
                n.name.clone(),
                status.to_string(),
                "<none>".to_string(),
                human_duration(now - n.ready_at),
                VERSION.to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return "No resources found\n".to_string();
    }
    table(&["NAME", "STATUS", "ROLES", "AGE", "VERSION"], &rows)
}

/// A request with its share of the allocatable, as `describe node` prints it
/// (`int64(request / allocatable * 100)`); no share where the node does not limit it.
fn with_share(text: String, requested: i64, allocatable: Option<i64>) -> String {
    match allocatable.filter(|&a| a > 0) {
        Some(a) => format!("{text} ({}%)", (requested as f64 / a as f64 * 100.0) as i64),
        None => text,
    }
}

/// `kubectl describe nodes`: each registered node's allocatable resources, its non-terminated
/// pods (terminating ones included: they hold their requests until gone) with their requests,
/// and the totals; at most `pods_per_node` pods listed a node.
pub fn describe_nodes(c: &Cluster, pods_per_node: usize) -> String {
    let now = c.now;
    // One pass over the pods: each node's pods, in creation order.
    let mut on_node: Vec<Vec<&crate::api::Pod>> = vec![Vec::new(); c.nodes.len()];
    for p in c.existing_pods() {
        if let Some(n) = p.node {
            on_node[n as usize].push(p);
        }
    }
    let mut out = String::new();
    for (index, n) in c.nodes.iter().enumerate() {
        if !n.is_ready(now) {
            continue;
        }
        let a = n.allocatable;
        out.push_str(&format!("Name:               {}\n", n.name));
        out.push_str("Roles:              <none>\n");
        out.push_str(&format!("Unschedulable:      {}\n", n.unschedulable));
        out.push_str("Allocatable:\n");
        out.push_str(&format!(
            "  cpu:     {}\n",
            a.cpu.map_or("(not limited here)".into(), format_milli)
        ));
        out.push_str(&format!(
            "  memory:  {}\n",
            a.memory.map_or("(not limited here)".into(), format_bytes)
        ));
        out.push_str(&format!(
            "  pods:    {}\n",
            a.pods
                .map_or("(not limited here)".into(), |p| p.to_string())
        ));
        let pods = &on_node[index];
        let (mut cpu, mut memory) = (0, 0);
        let mut rows = Vec::new();
        for p in pods {
            let (pc, pm) = c.replica_sets[p.owner].spec.template.requests().actual();
            cpu += pc;
            memory += pm;
            if rows.len() < pods_per_node {
                rows.push(vec![
                    "  default".to_string(),
                    c.pod_name(p),
                    with_share(format_milli(pc), pc, a.cpu),
                    with_share(format_bytes(pm), pm, a.memory),
                    human_duration(now - p.created),
                ]);
            }
        }
        out.push_str(&format!(
            "Non-terminated Pods:  ({} in total)\n",
            pods.len()
        ));
        if !rows.is_empty() {
            let listed = table(
                &[
                    "  Namespace",
                    "Name",
                    "CPU Requests",
                    "Memory Requests",
                    "Age",
                ],
                &rows,
            );
            out.push_str(&listed);
            if pods.len() > rows.len() {
                out.push_str(&format!(
                    "  ... and {} more pods\n",
                    pods.len() - rows.len()
                ));
            }
        }
        out.push_str("Allocated resources:\n");
        out.push_str(&table(
            &["  Resource", "Requests"],
            &[
                vec![
                    "  cpu".to_string(),
                    with_share(format_milli(cpu), cpu, a.cpu),
                ],
                vec![
                    "  memory".to_string(),
                    with_share(format_bytes(memory), memory, a.memory),
                ],
            ],
        ));
        out.push('\n');
    }
    out
}
