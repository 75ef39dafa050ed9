//! Where a StatefulSet's or DaemonSet's pods go across a lane: a StatefulSet's by ordinal (the
//! partition drawn as a line between the ordinals it holds and those it updates), a
//! DaemonSet's by node. The same column in the old and the new lane is the same ordinal or
//! node, so a pod's replacement shows straight below or above it. Pure.

use rollout_engine::cluster::Cluster;

/// The columns of the lanes, and what is drawn with them.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    /// How many columns (ordinals, or nodes).
    pub count: usize,
    /// What the columns are, for the line above them: "ordinal" or "node".
    pub kind: &'static str,
    /// Each column's label (the ordinal, or the node's name).
    pub labels: Vec<String>,
    /// The partition: the first column it updates, and what to write by its line.
    pub partition: Option<(usize, String)>,
}

/// The columns, when the workload is a StatefulSet or a DaemonSet.
pub fn columns(c: &Cluster) -> Option<Columns> {
    if let Some(st) = &c.stateful {
        let highest = st.ordinals.values().copied().max().unwrap_or(-1);
        let count = (c.deployment.spec.replicas.max(0) as usize).max((highest + 1) as usize);
        let partition = st.strategy.partition.filter(|&p| p > 0).map(|p| {
            (
                p as usize,
                crate::i18n::trf(
                    "partition {p}: ordinals ≥ {p} update, below it they stay",
                    &[("p", &p)],
                ),
            )
        });
        return Some(Columns {
            count,
            kind: "ordinal",
            labels: (0..count).map(|k| k.to_string()).collect(),
            partition,
        });
    }
    c.daemon.as_ref()?;
    Some(Columns {
        count: c.nodes.len(),
        kind: "node",
        // `node-3` is labelled 3 (the line above the labels says "node").
        labels: c
            .nodes
            .iter()
            .map(|n| n.name.strip_prefix("node-").unwrap_or(&n.name).to_string())
            .collect(),
        partition: None,
    })
}

/// A pod's column: its ordinal, or its node.
pub fn column_of(c: &Cluster, uid: u64, node: Option<u32>) -> Option<usize> {
    if c.stateful.is_some() {
        return rollout_engine::controller::statefulset::ordinal_of(c, uid)
            .map(|o| o.max(0) as usize);
    }
    c.daemon.as_ref()?;
    node.map(|n| n as usize)
}
