//! The nodes band under the lanes: one box per node with its pods (coloured by state, ringed by
//! version), its cpu and memory requested against allocatable, and whether it is on its way
//! (the autoscaler provisioning it) or being drained. Shown when the scenario models nodes.
//! Pure, like the lanes' layout.

use rollout_engine::api::{Millis, PodState};
use rollout_engine::cluster::Cluster;

pub const BAND_HEADER: f64 = 22.0;
const BOX_MIN_WIDTH: f64 = 185.0;
const BOX_HEADER: f64 = 34.0;
const DOT: f64 = 11.0;
/// Pods drawn one by one in a box; beyond, only the count.
const MAX_DOTS: usize = 120;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeStatus {
    Ready,
    /// Asked for by the autoscaler, Ready at this time.
    Provisioning(Millis),
    /// Tainted by the autoscaler, its pods evicted.
    Draining,
}

/// One pod in a node's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeDot {
    pub x: f64,
    pub y: f64,
    pub state: PodState,
    pub new_version: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub title: String,
    pub status: NodeStatus,
    /// Requested over allocatable, where the node limits it.
    pub cpu: Option<f64>,
    pub memory: Option<f64>,
    pub dots: Vec<NodeDot>,
    /// Pods on the node not drawn one by one.
    pub more: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodesBand {
    pub y: f64,
    pub height: f64,
    pub title: String,
    pub boxes: Vec<NodeBox>,
}

/// Whether the scenario models its nodes (a shape, an autoscaler, or a capacity).
pub fn modelled(c: &Cluster) -> bool {
    c.autoscaler.is_some() || c.nodes.iter().any(|n| !n.allocatable.is_unlimited())
}

/// The band starting at `y` for a canvas `width` wide, or `None` when nodes are not modelled.
pub fn layout_nodes(c: &Cluster, width: f64, y: f64, pad: f64) -> Option<NodesBand> {
    if !modelled(c) {
        return None;
    }
    let now = c.now;
    let shown: Vec<usize> = (0..c.nodes.len())
        .filter(|&i| c.nodes[i].removed.is_none_or(|r| r > now))
        .collect();
    let inner = (width - 2.0 * pad).max(BOX_MIN_WIDTH);
    let per_row = ((inner / BOX_MIN_WIDTH).floor() as usize).clamp(1, shown.len().max(1));
    let w = inner / per_row as f64;
    let mut by_node: Vec<Vec<(PodState, bool, i64, i64)>> = vec![Vec::new(); c.nodes.len()];
    for p in c.existing_pods() {
        if let Some(n) = p.node {
            let rs = &c.replica_sets[p.owner];
            let (cpu, memory) = rs.spec.template.requests().actual();
            let new_version = rs.spec.template == c.deployment.spec.template;
            by_node[n as usize].push((
                p.state(rs.spec.min_ready_seconds, now),
                new_version,
                cpu,
                memory,
            ));
        }
    }
    let per_line = (((w - 16.0) / DOT).floor() as usize).max(1);
    let body = |n: usize| {
        let drawn = n.min(MAX_DOTS);
        (drawn.div_ceil(per_line).max(1) as f64) * DOT + 8.0
    };
    let row_heights: Vec<f64> = shown
        .chunks(per_row)
        .map(|row| {
            row.iter()
                .map(|&i| BOX_HEADER + body(by_node[i].len()))
                .fold(0.0, f64::max)
        })
        .collect();
    let mut boxes = Vec::new();
    let mut top = y + BAND_HEADER;
    for (r, row) in shown.chunks(per_row).enumerate() {
        for (k, &i) in row.iter().enumerate() {
            let node = &c.nodes[i];
            let pods = &by_node[i];
            let x = pad + k as f64 * w;
            let status = if node.to_be_deleted.is_some() {
                NodeStatus::Draining
            } else if node.ready_at > now {
                NodeStatus::Provisioning(node.ready_at)
            } else {
                NodeStatus::Ready
            };
            let (cpu, memory) = pods.iter().fold((0, 0), |(a, b), p| (a + p.2, b + p.3));
            let share =
                |used: i64, a: Option<i64>| a.filter(|&a| a > 0).map(|a| used as f64 / a as f64);
            let dots = pods
                .iter()
                .take(MAX_DOTS)
                .enumerate()
                .map(|(n, p)| NodeDot {
                    x: x + 10.0 + (n % per_line) as f64 * DOT + DOT / 2.0,
                    y: top + BOX_HEADER + (n / per_line) as f64 * DOT + DOT / 2.0,
                    state: p.0,
                    new_version: p.1,
                })
                .collect();
            let count = match node.allocatable.pods {
                Some(max) => format!("{}/{max} pods", pods.len()),
                None => format!("{} pods", pods.len()),
            };
            boxes.push(NodeBox {
                x: x + 3.0,
                y: top,
                w: w - 6.0,
                h: row_heights[r],
                title: format!("{}  ·  {count}", node.name),
                status,
                cpu: share(cpu, node.allocatable.cpu),
                memory: share(memory, node.allocatable.memory),
                dots,
                more: pods.len().saturating_sub(MAX_DOTS),
            });
        }
        top += row_heights[r] + 6.0;
    }
    let provisioning = boxes
        .iter()
        .filter(|b| matches!(b.status, NodeStatus::Provisioning(_)))
        .count();
    let mut title = format!("Nodes: {} Ready", shown.len() - provisioning);
    if provisioning > 0 {
        title.push_str(&format!(", {provisioning} being provisioned"));
    }
    Some(NodesBand {
        y,
        height: top - y + 4.0,
        title,
        boxes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::{Scenario, Simulation};

    fn scenario(cluster: &str) -> Scenario {
        let text = format!(
            "{}images: {{'web:v2': {{readyAfter: 5}}}}\nevents: [{{at: 1, setImage: 'web:v2'}}]\nuntil: 60\ncluster: {cluster}\n",
            rollout_engine::sim::scenario::deployment_yaml(
                "web",
                4,
                "{type: RollingUpdate, rollingUpdate: {maxSurge: 2, maxUnavailable: 0}}"
            )
        );
        Scenario::parse(&text).unwrap()
    }

    #[test]
    fn nodes_show_only_when_modelled_and_hold_their_pods() {
        let mut plain = Simulation::new(&scenario("{nodes: 2}"));
        plain.run_until(2_000);
        assert!(layout_nodes(&plain.cluster, 800.0, 0.0, 12.0).is_none());
        let mut sim = Simulation::new(&scenario("{nodes: 2, capacity: 5}"));
        sim.run_until(2_000);
        let band = layout_nodes(&sim.cluster, 800.0, 100.0, 12.0).unwrap();
        assert_eq!(band.boxes.len(), 2);
        // 4 old pods and the one surge pod that fits: 3 on node-1 (its 3 slots), 2 on node-2.
        let drawn: usize = band.boxes.iter().map(|b| b.dots.len()).sum();
        assert_eq!(drawn, 5);
        assert_eq!(band.boxes[0].title, "node-1  ·  3/3 pods");
        assert_eq!(band.boxes[1].title, "node-2  ·  2/2 pods");
        assert!(band.boxes.iter().all(|b| b.y >= 100.0 + BAND_HEADER));
        assert_eq!(
            band.boxes
                .iter()
                .flat_map(|b| &b.dots)
                .filter(|d| d.new_version)
                .count(),
            1
        );
    }
}
