//! Where each ReplicaSet's lane and each pod go, for a canvas of a given width. Pure: the same
//! cluster and width give the same layout.

use crate::i18n::{n_, tr, trf};
use rollout_engine::api::{Millis, PodState};
use rollout_engine::cluster::Cluster;

/// Below this cell size pods are drawn in aggregate (a bar per lane), not one by one.
pub const MIN_CELL: f64 = 4.0;
const MAX_CELL: f64 = 30.0;
pub const LANE_HEADER: f64 = 26.0;
pub const LANE_GAP: f64 = 14.0;
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
    /// Of the ReplicaSet that runs the current template: drawn in the new version's colour.
    pub is_new: bool,
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
    /// The Ingress in front of the Service: its host.
    pub ingress: String,
    /// The nodes under the lanes, when the scenario models them: laid out from y = 0 for a
    /// canvas of their own (repainted only when they change, not at every frame).
    pub nodes: Option<super::nodes::NodesBand>,
    /// A StatefulSet's ordinals or a DaemonSet's nodes as the lanes' columns: the labels
    /// above them (x, text), the partition's line (x, label), and the line above the lanes.
    pub columns: Option<ColumnMarks>,
}

/// What is drawn of the columns of a StatefulSet's or DaemonSet's lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnMarks {
    /// The line of labels, between the Service and the first lane.
    pub y: f64,
    pub title: String,
    /// Each column's label at its centre (left out when the columns are too narrow to read).
    pub labels: Vec<(f64, String)>,
    /// The partition: its x (between two columns), the spans it is drawn over (each lane's
    /// pods, under the lane's title), and its label.
    pub partition: Option<PartitionLine>,
}

/// The partition's line: its x, the spans (top, bottom) it is drawn over, and its label.
pub type PartitionLine = (f64, Vec<(f64, f64)>, String);

/// Height of the line of column labels.
pub const COLUMN_LABELS: f64 = 18.0;

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
    let columns = super::columns::columns(c);
    // Columns (ordinals, nodes) fit one row where they can: the cell shrinks to them.
    let cell = match &columns {
        Some(k) if k.count > 0 => cell.min(inner / k.count as f64).max(1.0),
        _ => cell,
    };
    let aggregate = cell < MIN_CELL;
    let per_row = ((inner / cell).floor() as usize).max(1);

    let front = super::front::Front::of(width);
    let mut y = front.height + PAD;
    let labels_y = y;
    if columns.is_some() {
        y += COLUMN_LABELS;
    }
    let mut lanes = Vec::new();
    let mut pods = Vec::with_capacity(if aggregate { 0 } else { total });
    let mut endpoints = 0;
    for &k in &shown {
        let rs = &c.replica_sets[live[k]];
        let is_new = rollout_engine::sim::snapshot::runs_current_template(c, rs);
        let mut counts = [0u32; PodState::ALL.len()];
        let slots = match &columns {
            Some(cols) => cols.count.max(lanes_pods[k].len()),
            None => lanes_pods[k].len(),
        };
        let rows = if aggregate {
            1
        } else {
            slots.div_ceil(per_row).max(1)
        };
        let body = if aggregate { 18.0 } else { rows as f64 * cell };
        let column = |n: usize, i: usize| match &columns {
            Some(_) => super::columns::column_of(c, c.pods[i].uid, c.pods[i].node).unwrap_or(n),
            None => n,
        };
        for (n, &i) in lanes_pods[k].iter().enumerate() {
            let n = column(n, i);
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
                is_new,
                slow: p.slow && !ready && state != PodState::Terminating,
            });
        }
        let revision = rs.revision();
        let tags = match c.argo {
            Some(_) => rollout_engine::kubectl::argo::get::rs_tags(c, live[k]),
            None => Vec::new(),
        };
        // A ControllerRevision has no size of its own: it is the current or the update one.
        let tags = match (&c.stateful, &c.daemon) {
            (Some(st), _) => [
                (st.current, n_("current revision")),
                (st.update, n_("update revision")),
            ]
            .iter()
            .filter(|(i, _)| *i == Some(live[k]))
            .map(|(_, t)| tr(t).to_string())
            .collect(),
            (_, Some(ds)) if ds.update == Some(live[k]) => vec![tr("update revision").to_string()],
            _ => tags,
        };
        let desired = if c.stateful.is_some() || c.daemon.is_some() {
            String::new()
        } else {
            trf("{n} desired  ·  ", &[("n", &rs.spec.replicas)])
        };
        let title = format!(
            "{}  ·  {}{}  ·  {desired}{}{}",
            rs.meta.name,
            if revision > 0 {
                trf("revision {n}  ·  ", &[("n", &revision)])
            } else {
                String::new()
            },
            rs.spec.template.first_image(),
            trf("{n} pods", &[("n", &lanes_pods[k].len())]),
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
            is_new,
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
        Some(_) => crate::i18n::say(&rollout_engine::kubectl::argo::get::service_line(c)),
        None => trf(
            "Service {name}  →  {n} ready endpoints",
            &[("name", &c.deployment.meta.name), ("n", &endpoints)],
        ),
    };
    let nodes = super::nodes::layout_nodes(c, width, 0.0, PAD);
    let spans: Vec<(f64, f64)> = lanes
        .iter()
        .map(|l| (l.y + LANE_HEADER - 4.0, l.y + l.height - 2.0))
        .collect();
    let columns = columns.map(|k| column_marks(&k, cell, per_row, labels_y, spans));
    Layout {
        ingress: format!("{}.traefik.io", c.deployment.meta.name),
        columns,
        width,
        nodes,
        height: y.max(front.height + 2.0 * PAD + 40.0),
        cell,
        aggregate,
        lanes,
        pods,
        endpoints,
        service,
    }
}

/// The labels and the partition's line of the columns: labels when a column is wide enough to
/// read one, the line when the columns fit one row.
fn column_marks(
    k: &super::columns::Columns,
    cell: f64,
    per_row: usize,
    y: f64,
    spans: Vec<(f64, f64)>,
) -> ColumnMarks {
    let x = |col: usize| PAD + col as f64 * cell;
    // About 7 px a character at the labels' 11 px font.
    let widest = k.labels.iter().map(|l| l.len()).max().unwrap_or(1) as f64 * 7.0;
    let readable = k.count <= per_row && cell >= widest.max(12.0);
    let labels = if readable {
        k.labels
            .iter()
            .enumerate()
            .map(|(i, l)| (x(i) + cell / 2.0, l.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let partition = k
        .partition
        .as_ref()
        .filter(|(p, _)| *p < k.count && k.count <= per_row)
        .map(|(p, label)| (x(*p), spans, label.clone()));
    let title = match (k.kind, readable) {
        ("ordinal", true) => tr("ordinals").to_string(),
        ("ordinal", false) => trf(
            "ordinals 0 to {last}, left to right",
            &[("last", &k.count.saturating_sub(1))],
        ),
        (_, true) => tr("nodes").to_string(),
        _ => trf("{n} nodes, left to right", &[("n", &k.count)]),
    };
    ColumnMarks {
        y,
        title,
        labels,
        partition,
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

    #[test]
    fn a_statefulsets_pods_stand_in_their_ordinals_column_and_the_partition_is_a_line() {
        let mut sc = Scenario::parse(include_str!("../../scenarios/statefulset.yaml")).unwrap();
        if let Some(rollout_engine::api::AppsWorkload::StatefulSet(st)) = sc.workload.as_mut() {
            st.partition = Some(2);
        }
        let mut s = Simulation::new(&sc);
        // 9 s: web-3 replaced (new lane), web-2 just made again (new lane), 0 and 1 old.
        s.run_until(9_500);
        let l = layout(&s.cluster, 800.0, false);
        assert_eq!(l.lanes.len(), 2);
        let cols = l.columns.as_ref().expect("columns");
        assert_eq!(cols.labels.len(), 4);
        let x_of = |ord: usize| cols.labels[ord].0;
        let c = &s.cluster;
        for dot in &l.pods {
            let ord = rollout_engine::controller::statefulset::ordinal_of(c, dot.uid).unwrap();
            assert_eq!(dot.x, x_of(ord as usize), "web-{ord} stands in its column");
        }
        let (x, ..) = cols.partition.clone().expect("the partition's line");
        assert!(x_of(1) < x && x < x_of(2), "between ordinals 1 and 2");
    }

    #[test]
    fn a_daemonsets_pods_stand_in_their_nodes_column() {
        let sc = Scenario::parse(include_str!("../../scenarios/daemonset.yaml")).unwrap();
        let mut s = Simulation::new(&sc);
        // 5.5 s: node-1 runs its old pod and the surge pod beside it.
        s.run_until(5_500);
        let l = layout(&s.cluster, 800.0, false);
        let cols = l.columns.as_ref().expect("columns");
        assert_eq!(cols.title, "nodes");
        let on_first: Vec<_> = l.pods.iter().filter(|d| d.x == cols.labels[0].0).collect();
        assert_eq!(
            on_first.len(),
            2,
            "old and new pod in node-1's column, one per lane"
        );
        assert_ne!(on_first[0].y, on_first[1].y);
    }
}
