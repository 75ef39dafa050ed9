//! Which pods a ReplicaSet deletes first: `controller.ActivePodsWithRanks` and
//! `getPodsToDelete` (`pkg/controller/controller_utils.go`, `replicaset/replica_set.go`).

use crate::api::PodPhase;

/// What the ranking reads of a pod. Times are nanoseconds; `None` is Go's zero time.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedPod {
    /// The node it is bound to; `None` while unscheduled (Go's empty node name).
    pub node: Option<u32>,
    pub phase: PodPhase,
    pub ready: bool,
    pub ready_since: Option<i64>,
    pub deletion_cost: i32,
    pub restarts: i32,
    pub created: Option<i64>,
    pub uid: u64,
    /// Active pods of the same owner's family on the same node, this one included.
    pub rank: usize,
}

/// The feature gates the ranking reads; both are on by default in 1.28.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gates {
    pub logarithmic_scale_down: bool,
    pub pod_deletion_cost: bool,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            logarithmic_scale_down: true,
            pod_deletion_cost: true,
        }
    }
}

/// Mirrors `afterOrZero`: a zero time sorts first, otherwise the later time first.
fn after_or_zero(t1: Option<i64>, t2: Option<i64>) -> bool {
    match (t1, t2) {
        (None, _) | (_, None) => t1.is_none(),
        (Some(a), Some(b)) => a > b,
    }
}

/// Mirrors `logarithmicRankDiff`: compares floor(log2(now - t)) buckets.
fn logarithmic_rank_diff(t1: i64, t2: i64, now: i64) -> i64 {
    let bucket = |t: i64| -> i64 {
        let d = now - t;
        if d > 0 {
            (d as f64).log2() as i64
        } else {
            -1
        }
    };
    bucket(t1) - bucket(t2)
}

/// Compares two times the way rules 6 and 8 do, under LogarithmicScaleDown (on in 1.28).
/// `Some(true)`: `a` goes first; `None`: the times are equal.
fn newer_first(
    a: &RankedPod,
    ta: Option<i64>,
    b: &RankedPod,
    tb: Option<i64>,
    now: Option<i64>,
    gates: Gates,
) -> Option<bool> {
    if ta == tb {
        return None;
    }
    match (now, ta, tb) {
        (Some(now), Some(x), Some(y)) if gates.logarithmic_scale_down => {
            let diff = logarithmic_rank_diff(x, y, now);
            if diff == 0 {
                Some(a.uid < b.uid)
            } else {
                Some(diff < 0)
            }
        }
        _ => Some(after_or_zero(ta, tb)),
    }
}

/// Mirrors `ActivePodsWithRanks.Less`: true when `a` should be deleted before `b`.
pub fn less(a: &RankedPod, b: &RankedPod, now: Option<i64>, gates: Gates) -> bool {
    if a.node != b.node && (a.node.is_none() || b.node.is_none()) {
        return a.node.is_none();
    }
    if a.phase != b.phase {
        return a.phase < b.phase;
    }
    if a.ready != b.ready {
        return !a.ready;
    }
    if gates.pod_deletion_cost && a.deletion_cost != b.deletion_cost {
        return a.deletion_cost < b.deletion_cost;
    }
    if a.rank != b.rank {
        return a.rank > b.rank;
    }
    if a.ready && b.ready {
        if let Some(first) = newer_first(a, a.ready_since, b, b.ready_since, now, gates) {
            return first;
        }
    }
    if a.restarts != b.restarts {
        return a.restarts > b.restarts;
    }
    if let Some(first) = newer_first(a, a.created, b, b.created, now, gates) {
        return first;
    }
    false
}

/// Mirrors `controller.ActivePods.Less`, the unranked order: no cost, no rank, plain times.
pub fn less_unranked(a: &RankedPod, b: &RankedPod) -> bool {
    if a.node != b.node && (a.node.is_none() || b.node.is_none()) {
        return a.node.is_none();
    }
    if a.phase != b.phase {
        return a.phase < b.phase;
    }
    if a.ready != b.ready {
        return !a.ready;
    }
    if a.ready && b.ready && a.ready_since != b.ready_since {
        return after_or_zero(a.ready_since, b.ready_since);
    }
    if a.restarts != b.restarts {
        return a.restarts > b.restarts;
    }
    if a.created != b.created {
        return after_or_zero(a.created, b.created);
    }
    false
}

/// A stable merge sort by a `less` relation. Upstream's relation is not always transitive
/// (uid ties inside a log bucket), so a sort that may panic on such input is not an option.
pub fn sort_by_less<T: Clone>(items: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    if items.len() <= 1 {
        return;
    }
    let mid = items.len() / 2;
    sort_by_less(&mut items[..mid], less);
    sort_by_less(&mut items[mid..], less);
    let mut merged = Vec::with_capacity(items.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < items.len() {
        if less(&items[j], &items[i]) {
            merged.push(items[j].clone());
            j += 1;
        } else {
            merged.push(items[i].clone());
            i += 1;
        }
    }
    merged.extend_from_slice(&items[i..mid]);
    merged.extend_from_slice(&items[j..]);
    items.clone_from_slice(&merged);
}

/// Mirrors `getPodsToDelete`: when deleting fewer than all, rank by co-location and sort with
/// `ActivePodsWithRanks`; take the first `diff`. Returns positions in `pods`.
pub fn get_pods_to_delete(pods: &[RankedPod], diff: usize, now: Option<i64>) -> Vec<usize> {
    let less_at = |x: &usize, y: &usize| less(&pods[*x], &pods[*y], now, Gates::default());
    if diff >= pods.len() {
        return (0..pods.len()).collect();
    }
    if diff.saturating_mul(4) < pods.len() {
        return first_k(pods.len(), diff, &less_at);
    }
    let mut order: Vec<usize> = (0..pods.len()).collect();
    sort_by_less(&mut order, &less_at);
    order.truncate(diff);
    order
}

/// The first `k` of `0..n` in the order `less`, as a stable sort would put them, without sorting
/// everything: a sorted buffer of the best `k` seen so far (most candidates lose to the worst
/// kept and cost one comparison).
fn first_k(n: usize, k: usize, less: &impl Fn(&usize, &usize) -> bool) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::with_capacity(k + 1);
    for i in 0..n {
        if best.len() == k && !less(&i, &best[k - 1]) {
            continue;
        }
        // After every kept element that is not worse than it: stability for ties.
        let at = best.partition_point(|b| !less(&i, b));
        best.insert(at, i);
        best.truncate(k);
    }
    best
}

/// The rank of each pod: how many of the related pods share its node
/// (`getPodsRankedByRelatedPodsOnSameNode`); unscheduled pods share the empty node.
pub fn ranks_by_related_pods_on_same_node(
    nodes: &[Option<u32>],
    related_nodes: &[Option<u32>],
) -> Vec<usize> {
    // Counted by node id (slot 0 is "no node"): node ids are small and dense.
    let slot = |n: &Option<u32>| n.map_or(0, |n| n as usize + 1);
    let size = related_nodes
        .iter()
        .chain(nodes)
        .map(slot)
        .max()
        .map_or(1, |m| m + 1);
    let mut counts = vec![0usize; size];
    for n in related_nodes {
        counts[slot(n)] += 1;
    }
    nodes.iter().map(|n| counts[slot(n)]).collect()
}

/// Mirrors `slowStartBatch`: calls in batches of 1, 2, 4, ... stopping after the first batch
/// with a failure. Returns (successes, calls made).
pub fn slow_start_batch(
    count: usize,
    initial_batch_size: usize,
    mut call: impl FnMut() -> bool,
) -> (usize, usize, bool) {
    let mut remaining = count;
    let mut successes = 0;
    let mut calls = 0;
    let mut batch = initial_batch_size.min(remaining);
    while batch > 0 {
        let mut failed = false;
        for _ in 0..batch {
            calls += 1;
            if call() {
                successes += 1;
            } else {
                failed = true;
            }
        }
        if failed {
            return (successes, calls, true);
        }
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    (successes, calls, false)
}
