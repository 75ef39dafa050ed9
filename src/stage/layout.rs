//! Where each ReplicaSet's lane and each pod go, for a canvas of a given width. Pure: the same
//! cluster and width give the same layout.

use rollout_engine::api::{Millis, PodState};
use rollout_engine::cluster::Cluster;

/// Below this cell size pods are drawn in aggregate (a bar per lane), not one by one.
pub const MIN_CELL: f64 = 4.0;
const MAX_CELL: f64 = 30.0;
pub const LANE_HEADER: f64 = 26.0;
pub const LANE_GAP: f64 = 14.0;
pub const SERVICE_HEIGHT: f64 = 54.0;
pub const PAD: f64 = 12.0;

/// One pod to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PodDot {
    pub uid: u64,
    pub x: f64,
    pub y: f64,
    pub state: PodState,
    /// 0..1: fading in after creation, out while terminating.
    pub alpha: f64,
    pub ready: bool,
    /// Drawn slower than 9 in 10 of its image's pods and not Ready yet: outlined dashed.
    pub slow: bool,
}

/// One ReplicaSet's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub y: f64,
    pub height: f64,
    pub title: String,
    pub is_new: bool,
    /// Pods by state, for the aggregate bar.
    pub by_state: Vec<(PodState, u32)>,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub cell: f64,
    pub aggregate: bool,
    pub lanes: Vec<Lane>,
    pub pods: Vec<PodDot>,
    pub endpoints: u32,
    pub service: String,
    /// The nodes under the lanes, when the scenario models them: laid out from y = 0 for a
    /// canvas of their own (repainted only when they change, not at every frame).
    pub nodes: Option<super::nodes::NodesBand>,
}

/// How long a pod takes to fade in, and the shortest fade-out, in simulated milliseconds.
const FADE_MS: f64 = 400.0;

/// Lays out the cluster's pods for a canvas `width` CSS pixels wide. `motion` false (reduced
/// motion) draws every pod at full strength.
pub fn layout(c: &Cluster, width: f64, motion: bool) -> Layout {
    layout_scaled(c, width, motion, 1.0)
}

/// [`layout`] with pods up to `zoom` times larger (presenter mode).
pub fn layout_scaled(c: &Cluster, width: f64, motion: bool, zoom: f64) -> Layout {
    let now: Millis = c.now;
    let live = c.live_replica_sets();
    // Pods per lane, oldest first, so that a pod keeps its place while it exists.
    let mut lanes_pods: Vec<Vec<usize>> = vec![Vec::new(); live.len()];
    let slot_of = |owner: usize| live.iter().position(|&i| i == owner);
    for (i, p) in c.pods.iter().enumerate() {
        if p.exists(now) {
            if let Some(slot) = slot_of(p.owner) {
                lanes_pods[slot].push(i);
            }
        }
    }
    // Lanes with no pods and no replicas left are not worth a row.
    let shown: Vec<usize> = (0..live.len())
        .filter(|&k| !lanes_pods[k].is_empty() || c.replica_sets[live[k]].spec.replicas > 0)
        .collect();
    let total: usize = shown.iter().map(|&k| lanes_pods[k].len()).sum();
    let inner = (width - 2.0 * PAD).max(50.0);
    let max_cell = MAX_CELL * zoom;
    let cell = if total == 0 {
        max_cell
    } else {
        (inner * 220.0 * zoom * zoom / total as f64)
            .sqrt()
            .clamp(1.0, max_cell)
    };
    let aggregate = cell < MIN_CELL;
    let per_row = ((inner / cell).floor() as usize).max(1);

    let mut y = SERVICE_HEIGHT + PAD;
    let mut lanes = Vec::new();
    let mut pods = Vec::with_capacity(if aggregate { 0 } else { total });
    let mut endpoints = 0;
    for &k in &shown {
        let rs = &c.replica_sets[live[k]];
        let mut counts = [0u32; PodState::ALL.len()];
        let rows = if aggregate {
            1
        } else {
            lanes_pods[k].len().div_ceil(per_row).max(1)
        };
        let body = if aggregate { 18.0 } else { rows as f64 * cell };
        for (n, &i) in lanes_pods[k].iter().enumerate() {
            let p = &c.pods[i];
            let state = p.state(rs.spec.min_ready_seconds, now);
            counts[PodState::ALL.iter().position(|s| *s == state).unwrap_or(0)] += 1;
            let ready = p.is_ready(now);
            endpoints += u32::from(ready);
            if aggregate {
                continue;
            }
            let alpha = if !motion {
                1.0
            } else if let (Some(del), Some(gone)) = (p.deleted, p.gone) {
                if now >= del {
                    let span = ((gone - del) as f64).max(FADE_MS);
                    (1.0 - (now - del) as f64 / span).clamp(0.25, 1.0)
                } else {
                    ((now - p.created) as f64 / FADE_MS).clamp(0.35, 1.0)
                }
            } else {
                ((now - p.created) as f64 / FADE_MS).clamp(0.35, 1.0)
            };
            pods.push(PodDot {
                uid: p.uid,
                x: PAD + (n % per_row) as f64 * cell + cell / 2.0,
                y: y + LANE_HEADER + (n / per_row) as f64 * cell + cell / 2.0,
                state,
                alpha,
                ready,
                slow: p.slow && !ready && state != PodState::Terminating,
            });
        }
        let revision = rs.revision();
        let tags = match c.argo {
            Some(_) => rollout_engine::kubectl::argo::get::rs_tags(c, live[k]),
            None => Vec::new(),
        };
        let title = format!(
            "{}  ·  {}{}  ·  {} desired  ·  {} pods{}",
            rs.meta.name,
            if revision > 0 {
                format!("revision {revision}  ·  ")
            } else {
                String::new()
            },
            rs.spec.template.first_image(),
            rs.spec.replicas,
            lanes_pods[k].len(),
            if tags.is_empty() {
                String::new()
            } else {
                format!("  ·  {}", tags.join(", "))
            }
        );
        lanes.push(Lane {
            y,
            height: LANE_HEADER + body + 8.0,
            title,
            is_new: rollout_engine::sim::snapshot::runs_current_template(c, rs),
            by_state: PodState::ALL
                .iter()
                .copied()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .collect(),
            total: lanes_pods[k].len() as u32,
        });
        y += LANE_HEADER + body + 8.0 + LANE_GAP;
    }
    let service = match c.argo {
        Some(_) => rollout_engine::kubectl::argo::get::service_line(c),
        None => format!(
            "Service {}  →  {} ready endpoints",
            c.deployment.meta.name, endpoints
        ),
    };
    let nodes = super::nodes::layout_nodes(c, width, 0.0, PAD);
    Layout {
        width,
        nodes,
        height: y.max(SERVICE_HEIGHT + 2.0 * PAD + 40.0),
        cell,
        aggregate,
        lanes,
        pods,
        endpoints,
        service,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::{Scenario, Simulation};

    fn sim(replicas: i32) -> Simulation {
        Simulation::new(&Scenario::example(replicas, "25%", "25%"))
    }

    #[test]
    fn pods_are_grouped_by_replica_set_and_counted_as_endpoints() {
        let mut s = sim(10);
        s.run_until(1_000);
        let l = layout(&s.cluster, 800.0, true);
        assert_eq!(l.lanes.len(), 2);
        assert!(l.lanes[1].is_new && !l.lanes[0].is_new);
        assert_eq!(l.lanes[0].total + l.lanes[1].total, l.pods.len() as u32);
        assert_eq!(
            l.endpoints, 8,
            "the 8 old pods left are ready; the 5 new ones are not yet"
        );
        assert!(l.pods.iter().all(|p| p.x > 0.0 && p.x < 800.0));
    }

    #[test]
    fn large_populations_are_drawn_in_aggregate() {
        let s = sim(10_000);
        assert!(
            !layout(&s.cluster, 1200.0, true).aggregate,
            "10,000 pods still fit one by one on a wide canvas"
        );
        let l = layout(&s.cluster, 400.0, true);
        assert!(l.aggregate, "cells of {} px are too small to see", l.cell);
        assert!(l.pods.is_empty());
        assert_eq!(l.lanes[0].total, 10_000);
    }

    #[test]
    fn reduced_motion_draws_every_pod_at_full_strength() {
        let mut s = sim(4);
        s.run_until(1_100);
        assert!(layout(&s.cluster, 600.0, false)
            .pods
            .iter()
            .all(|p| p.alpha == 1.0));
        assert!(layout(&s.cluster, 600.0, true)
            .pods
            .iter()
            .any(|p| p.alpha < 1.0));
    }
}
