//! The cluster autoscaler (kubernetes/autoscaler, cluster-autoscaler/core): every scan
//! interval it adds nodes for pods the scheduler could not place (`ScaleUp`) and removes nodes
//! that stayed unneeded long enough (`ScaleDown`). One node group of like nodes.
//! Simplified: the estimator packs pending pods first-fit onto the upcoming and new nodes (it
//! is a first-fit bin packing upstream too); a node is Ready a fixed provisioning delay after
//! the decision; nodes go one non-empty node at a time (empty ones all at once), and the node's
//! pods are evicted through the eviction API (a node whose budget forbids it is left alone).

mod scale_down;
mod scale_up;

use crate::api::Millis;
use crate::cluster::Cluster;
use crate::sim::scenario::AutoscalerConfig;
use std::collections::{BTreeMap, BTreeSet};

/// `--scan-interval`: how often the autoscaler looks (10 s).
pub const SCAN_INTERVAL_MS: Millis = 10_000;
/// `--scale-down-utilization-threshold`: below it a node may go (0.5).
pub const UTILIZATION_THRESHOLD: f64 = 0.5;
/// The node group's name in the autoscaler's events.
pub const NODE_GROUP: &str = "default-pool";

/// The autoscaler's settings and what it remembers between scans.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoscaler {
    pub min_nodes: u32,
    pub max_nodes: u32,
    pub provision_ms: Millis,
    pub unneeded_ms: Millis,
    pub delay_after_add_ms: Millis,
    /// When it last added nodes.
    pub last_scale_up: Option<Millis>,
    /// Since when each node (by index) has been unneeded.
    pub unneeded_since: BTreeMap<usize, Millis>,
    /// Pods already told why they did or did not trigger a scale-up (the event is not repeated).
    pub told: BTreeSet<u64>,
    /// Nodes being emptied before they go.
    pub draining: BTreeSet<usize>,
}

impl Autoscaler {
    pub fn new(config: &AutoscalerConfig, min_nodes: u32) -> Self {
        let ms = |s: f64| (s * 1000.0).round() as Millis;
        Autoscaler {
            min_nodes,
            max_nodes: config.max_nodes,
            provision_ms: ms(config.provision_seconds),
            unneeded_ms: ms(config.unneeded_seconds),
            delay_after_add_ms: ms(config.delay_after_add_seconds),
            last_scale_up: None,
            unneeded_since: BTreeMap::new(),
            told: BTreeSet::new(),
            draining: BTreeSet::new(),
        }
    }
}

/// Nodes that count toward the group's size: there, or on their way.
pub fn group_size(c: &Cluster) -> u32 {
    c.nodes.iter().filter(|n| n.removed.is_none()).count() as u32
}

/// Mirrors one iteration of `StaticAutoscaler.RunOnce` at a scan instant: finish removing
/// drained nodes, scale up for unschedulable pods, or else look for nodes to remove. Returns
/// whether it changed anything the controllers must see.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn run_once(c: &mut Cluster) -> bool {
    if c.autoscaler.is_none() || c.now % SCAN_INTERVAL_MS != 0 {
        return false;
    }
    let mut changed = scale_down::remove_drained(c);
    if scale_up::scale_up(c) {
        changed = true;
    } else {
        changed |= scale_down::scale_down(c);
    }
    wake_for_next_scan(c);
    changed
}

/// Asks for the next scan while the autoscaler has something to watch: pods waiting for a
/// node, or more nodes than the group's minimum.
pub fn wake_for_next_scan(c: &mut Cluster) {
    let Some(a) = &c.autoscaler else {
        return;
    };
    let watching = !c.unschedulable.is_empty() || group_size(c) > a.min_nodes;
    if watching {
        let next = (c.now.div_euclid(SCAN_INTERVAL_MS) + 1) * SCAN_INTERVAL_MS;
        c.wake_at(next);
    }
}
