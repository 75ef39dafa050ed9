//! kube-scheduler (pkg/scheduler), reduced to the plugins that decide where a Deployment's pods
//! go: NodeUnschedulable and NodeResourcesFit filter the nodes; LeastAllocated,
//! BalancedAllocation and PodTopologySpread (the default constraints, by hostname) score them
//! with the default profile's weights; a pod no node takes stays Pending with upstream's
//! message. Simplified: the other default plugins score every simulated node alike (no taints,
//! affinities or zones; images are taken as small, under ImageLocality's 23 MB threshold), ties
//! go to the lowest-numbered node (upstream draws one of them at random), and an unschedulable
//! pod is tried again at every later instant (upstream waits for an event that may help: a pod
//! deleted, a node added; nothing else frees room here).

mod balanced_allocation;
mod fit_error;
mod node_resources_fit;
mod pod_topology_spread;

pub use fit_error::{fit_error, NodeRefusal};

use crate::api::{Millis, Pod, Requests};
use crate::cluster::Cluster;
use crate::trace::Record;
use std::sync::Arc;

/// What the scheduler's cache holds for a node (`framework.NodeInfo`): the requests of the
/// pods bound to it, terminating ones included until they are gone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeInfo {
    /// Millicores requested.
    pub cpu: i64,
    /// Bytes requested.
    pub memory: i64,
    /// The same with defaults for requests left out (`NonZeroRequested`).
    pub non_zero_cpu: i64,
    pub non_zero_memory: i64,
    pub pods: u32,
}

impl NodeInfo {
    /// Counts a pod with these requests on the node.
    pub fn add(&mut self, r: Requests) {
        let (cpu, memory) = r.actual();
        let (nz_cpu, nz_memory) = r.non_zero();
        self.cpu += cpu;
        self.memory += memory;
        self.non_zero_cpu += nz_cpu;
        self.non_zero_memory += nz_memory;
        self.pods += 1;
    }

    /// No longer counts a pod with these requests.
    pub fn remove(&mut self, r: Requests) {
        let (cpu, memory) = r.actual();
        let (nz_cpu, nz_memory) = r.non_zero();
        self.cpu -= cpu;
        self.memory -= memory;
        self.non_zero_cpu -= nz_cpu;
        self.non_zero_memory -= nz_memory;
        self.pods -= 1;
    }
}

/// The default profile's score weights (pkg/scheduler/apis/config/v1/default_plugins.go).
const WEIGHT_FIT: i64 = 1;
const WEIGHT_BALANCED: i64 = 1;
const WEIGHT_SPREAD: i64 = 2;

/// What the scheduler knows: each node's load, each ReplicaSet's pods per node, and from which
/// pod on some may still wait for a node. Pods go away only between instants, so within one
/// the load only grows (by binds) and a ReplicaSet whose pod did not fit will not fit again.
/// Across instants the same holds until a pod is deleted or goes, or a node changes: until
/// then the cache, the full ReplicaSets and the pods already looked at carry over, and an
/// instant with pods waiting for room costs nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchedulerCache {
    /// The instant the cache's nodes and siblings were last known right at.
    at: Option<Millis>,
    /// The instant `first_unbound` belongs to.
    scanned: Option<Millis>,
    /// A pod was deleted or went since `at`: the full ReplicaSets and the pods looked at are
    /// looked at again at the next instant.
    stale: bool,
    /// Pods deleted on a node, taken in at the start of the first instant from `at` on (within
    /// an instant the scheduler keeps what it took): at their deletion they stop counting for
    /// their ReplicaSet's spreading (`gone` false); once gone, their node no longer holds
    /// their requests (`gone` true).
    changes: Vec<Change>,
    /// Each node as the filters see it at `scanned` (Ready, cordoned, tainted for deletion).
    node_states: Vec<(bool, bool, Option<Millis>)>,
    nodes: Vec<NodeInfo>,
    /// `[owner][node]`: pods of the ReplicaSet on the node, terminating ones left out.
    siblings: Vec<Vec<u32>>,
    /// ReplicaSets whose pods fit nowhere at this instant, with the scheduler's message.
    full: Vec<Option<Arc<str>>>,
    /// Each ReplicaSet's last message, kept across instants: the same words are the same
    /// shared text, so a pod that was told them is recognised without comparing them.
    last: Vec<Option<Arc<str>>>,
    /// Every pod before it is bound or waits under `full`'s message.
    first_unbound: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    owner: usize,
    node: usize,
    at: Millis,
    gone: bool,
}

impl SchedulerCache {
    /// A pod was deleted at `now` and goes at `gone`: if it is bound, the cache takes both in
    /// at the instants they happen.
    pub fn pod_deleted(&mut self, owner: usize, node: Option<u32>, now: Millis, gone: Millis) {
        self.stale = true;
        if let Some(n) = node {
            let node = n as usize;
            self.changes.push(Change {
                owner,
                node,
                at: now,
                gone: false,
            });
            self.changes.push(Change {
                owner,
                node,
                at: gone,
                gone: true,
            });
        }
    }

    /// Takes in the changes due by `now`.
    fn apply_changes(&mut self, now: Millis, requests: impl Fn(usize) -> Requests) {
        let mut later = Vec::new();
        for ch in std::mem::take(&mut self.changes) {
            if ch.at > now {
                later.push(ch);
            } else if ch.gone {
                self.stale = true;
                if let Some(info) = self.nodes.get_mut(ch.node) {
                    info.remove(requests(ch.owner));
                }
            } else if let Some(n) = self
                .siblings
                .get_mut(ch.owner)
                .and_then(|s| s.get_mut(ch.node))
            {
                *n = n.saturating_sub(1);
            }
        }
        self.changes = later;
    }
}

/// Binds every Pending pod that fits, oldest first (the scheduling queue's order for pods of
/// equal priority). Returns whether any pod was bound.
pub fn schedule_pending(c: &mut Cluster) -> bool {
    let now = c.now;
    if c.scheduler.scanned != Some(now) {
        begin_instant(c);
    }
    // Most instants have no pod to place: then no snapshot is needed, and the next pass of
    // the instant looks only at pods created since.
    let from = c.scheduler.first_unbound;
    let Some(first) = c.pods[from.min(c.pods.len())..]
        .iter()
        .position(|p| p.node.is_none() && p.is_active(now))
        .map(|k| from + k)
    else {
        c.scheduler.first_unbound = c.pods.len();
        return false;
    };
    if c.scheduler.at != Some(now) {
        let keep = std::mem::take(&mut c.scheduler);
        c.scheduler = snapshot(c);
        c.scheduler.last = keep.last;
        c.scheduler.scanned = keep.scanned;
        c.scheduler.node_states = keep.node_states;
    }
    c.scheduler.first_unbound = first;
    // ReplicaSets and nodes created since the snapshot start empty.
    let (owners, nodes) = (c.replica_sets.len(), c.nodes.len());
    let cache = &mut c.scheduler;
    cache.full.resize(owners, None);
    cache.last.resize(owners, None);
    cache.nodes.resize(nodes, NodeInfo::default());
    cache.siblings.resize(owners, Vec::new());
    for row in &mut cache.siblings {
        row.resize(nodes, 0);
    }
    let mut bound = false;
    let mut i = c.scheduler.first_unbound;
    while i < c.pods.len() {
        let pod = &c.pods[i];
        if pod.node.is_some() || !pod.is_active(now) {
            i += 1;
            continue;
        }
        let owner = pod.owner;
        // Its siblings did not fit: neither does it (the cache only filled since).
        if let Some(message) = c.scheduler.full[owner].clone() {
            unschedulable(c, i, message);
            i += 1;
            continue;
        }
        match schedule_one(c, owner) {
            Ok(node) => {
                assume(c, owner, node);
                bind(c, i, node as u32);
                bound = true;
            }
            Err(text) => {
                let message = match &c.scheduler.last.get(owner).cloned().flatten() {
                    Some(m) if **m == *text => m.clone(),
                    _ => Arc::from(text),
                };
                c.scheduler.full[owner] = Some(message.clone());
                c.scheduler.last[owner] = Some(message.clone());
                unschedulable(c, i, message);
            }
        }
        i += 1;
    }
    // Pods of a full ReplicaSet wait, told why; the rest of the pods before them are bound.
    c.scheduler.first_unbound = i;
    bound
}

/// The start of an instant: the cache takes in the pods deleted and gone since; the full
/// ReplicaSets and the pods looked at carry over when there were none and every node looks to
/// the filters as it did (so the ReplicaSets that were full still are and their pods are
/// already told why); otherwise every pod is looked at again.
fn begin_instant(c: &mut Cluster) {
    let now = c.now;
    let states: Vec<_> = c
        .nodes
        .iter()
        .map(|n| (n.is_ready(now), n.unschedulable, n.to_be_deleted))
        .collect();
    if c.scheduler.at.is_none() {
        // The next snapshot counts what was deleted or went by then, and what is to come.
        c.scheduler.changes.clear();
    } else {
        let replica_sets = &c.replica_sets;
        c.scheduler
            .apply_changes(now, |owner| replica_sets[owner].spec.template.requests());
        c.scheduler.at = Some(now);
        debug_assert!(
            c.scheduler.same_load(&snapshot(c)),
            "the scheduler cache differs from the pods at {now}: {:?} vs {:?}",
            (&c.scheduler.nodes, &c.scheduler.siblings),
            {
                let s = snapshot(c);
                (s.nodes, s.siblings)
            }
        );
    }
    let cache = &mut c.scheduler;
    let keep = cache.at.is_some() && !cache.stale && cache.node_states == states;
    cache.stale = false;
    cache.scanned = Some(now);
    cache.node_states = states;
    if !keep {
        cache.full.iter_mut().for_each(|f| *f = None);
        cache.first_unbound = 0;
    }
}

/// Why a pod with these requests does not fit a node holding `info` (NodeResourcesFit's
/// reasons; none when it fits).
pub fn fits(pod: Requests, info: &NodeInfo, alloc: &crate::api::Allocatable) -> Vec<&'static str> {
    node_resources_fit::fits_request(pod, info, alloc)
        .reasons()
        .collect()
}

/// Mirrors the scheduler cache's `AssumePod`: the node holds the pod from the decision on.
fn assume(c: &mut Cluster, owner: usize, node: usize) {
    let r = c.replica_sets[owner].spec.template.requests();
    c.scheduler.nodes[node].add(r);
    c.scheduler.siblings[owner][node] += 1;
}

/// The messages of the pods waiting for a node now (Pending, marked unschedulable), in pod
/// order.
pub fn waiting_messages(c: &Cluster) -> Vec<&Arc<str>> {
    let now = c.now;
    c.existing_pods()
        .filter(|p| p.node.is_none() && p.is_active(now))
        .filter_map(|p| c.unschedulable.get(&p.uid))
        .collect()
}

/// Whether a pod with these requests fits a node holding `info`.
pub fn fits_in(pod: Requests, info: &NodeInfo, alloc: &crate::api::Allocatable) -> bool {
    node_resources_fit::fits_request(pod, info, alloc).fits()
}

/// Places the pods of the initial state, created long before t = 0, as the scheduler placed
/// them then (one after another, each seeing the ones before); a pod that fits nowhere stays
/// Pending, never Ready. Returns how many were placed.
pub fn place_initial(c: &mut Cluster) -> usize {
    c.rs_queue.forget_counts();
    // On nodes that limit nothing every score ties but the spreading's, so the pods of the one
    // ReplicaSet go round the nodes in order: the same placement, without scoring each pod (a
    // sweep starts thousands of runs).
    if c.nodes.iter().all(|n| n.allocatable.is_unlimited()) && !c.nodes.is_empty() {
        let n = c.nodes.len();
        for (k, p) in c.pods.iter_mut().filter(|p| p.node.is_none()).enumerate() {
            p.node = Some((k % n) as u32);
        }
        return c.pods.iter().filter(|p| p.node.is_some()).count();
    }
    c.scheduler = snapshot(c);
    let mut placed = 0;
    for i in 0..c.pods.len() {
        let owner = c.pods[i].owner;
        if c.pods[i].node.is_some() {
            continue;
        }
        match schedule_one(c, owner) {
            Ok(node) => {
                assume(c, owner, node);
                c.pods[i].node = Some(node as u32);
                placed += 1;
            }
            Err(message) => {
                let p = &mut c.pods[i];
                p.ready = None;
                p.serving = None;
                c.unschedulable.insert(p.uid, Arc::from(message));
            }
        }
    }
    c.scheduler = SchedulerCache::default();
    placed
}

/// The cache rebuilt from the pods that exist now.
fn snapshot(c: &Cluster) -> SchedulerCache {
    let now = c.now;
    let n = c.nodes.len();
    let owners = c.replica_sets.len();
    let requests: Vec<Requests> = c
        .replica_sets
        .iter()
        .map(|rs| rs.spec.template.requests())
        .collect();
    let mut nodes = vec![NodeInfo::default(); n];
    let mut siblings = vec![vec![0u32; n]; owners];
    // Deletions and departures still to come, taken in when they happen.
    let mut changes = Vec::new();
    for p in c.existing_pods() {
        if let Some(node) = p.node {
            let node = node as usize;
            nodes[node].add(requests[p.owner]);
            if !p.is_terminating(now) {
                siblings[p.owner][node] += 1;
            }
            let owner = p.owner;
            if let Some(d) = p.deleted.filter(|&d| d > now) {
                changes.push(Change {
                    owner,
                    node,
                    at: d,
                    gone: false,
                });
            }
            if let Some(g) = p.gone.filter(|&g| g > now) {
                changes.push(Change {
                    owner,
                    node,
                    at: g,
                    gone: true,
                });
            }
        }
    }
    SchedulerCache {
        at: Some(now),
        nodes,
        siblings,
        changes,
        full: vec![None; owners],
        ..SchedulerCache::default()
    }
}

impl SchedulerCache {
    /// The same nodes' load and ReplicaSets' spreading as `other` (ReplicaSets and nodes
    /// neither has seen yet count as empty).
    fn same_load(&self, other: &SchedulerCache) -> bool {
        let padded = |rows: &[Vec<u32>], k: usize| -> Vec<u32> {
            let mut r = rows.get(k).cloned().unwrap_or_default();
            r.resize(other.nodes.len().max(self.nodes.len()), 0);
            r
        };
        let owners = self.siblings.len().max(other.siblings.len());
        let nodes = self.nodes.len().max(other.nodes.len());
        let node = |c: &SchedulerCache, i: usize| c.nodes.get(i).copied().unwrap_or_default();
        (0..nodes).all(|i| node(self, i) == node(other, i))
            && (0..owners).all(|k| padded(&self.siblings, k) == padded(&other.siblings, k))
    }
}

/// Mirrors `schedulePod` for a pod of `owner`: the nodes that pass the filters, scored, and the
/// best one (`selectHost`); or the FitError's message.
fn schedule_one(c: &Cluster, owner: usize) -> Result<usize, String> {
    let now = c.now;
    let pod = c.replica_sets[owner].spec.template.requests();
    let cache = &c.scheduler;
    // The filters (NodeUnschedulable, TaintToleration for the autoscaler's taint,
    // NodeResourcesFit), as a test of one node: the common path allocates nothing.
    let feasible = |i: usize| {
        let node = &c.nodes[i];
        node.is_ready(now)
            && !node.unschedulable
            && node.to_be_deleted.is_none()
            && node_resources_fit::fits_request(pod, &cache.nodes[i], &node.allocatable).fits()
    };
    let feasible: Vec<usize> = (0..c.nodes.len()).filter(|&i| feasible(i)).collect();
    match feasible[..] {
        [] => return Err(fit_error(&refusals(c, pod))),
        // One feasible node is chosen without scoring.
        [only] => return Ok(only),
        _ => {}
    }
    let count = feasible.len();
    let raw: Vec<i64> = feasible
        .iter()
        .map(|&i| pod_topology_spread::score(cache.siblings[owner][i], count))
        .collect();
    let (min, max) = raw
        .iter()
        .fold((i64::MAX, 0), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    let mut best = (i64::MIN, 0);
    for (&i, &raw) in feasible.iter().zip(&raw) {
        let (info, alloc) = (&cache.nodes[i], &c.nodes[i].allocatable);
        let total = WEIGHT_FIT * node_resources_fit::least_allocated(pod, info, alloc)
            + WEIGHT_BALANCED * balanced_allocation::balanced_allocation(pod, info, alloc)
            + WEIGHT_SPREAD * pod_topology_spread::normalized(raw, min, max);
        if total > best.0 {
            best = (total, i);
        }
    }
    Ok(best.1)
}

/// Why each Ready node refused the pod (the first filter that failed), for the FitError.
fn refusals(c: &Cluster, pod: Requests) -> Vec<NodeRefusal> {
    let now = c.now;
    c.nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.is_ready(now))
        .map(|(i, node)| {
            if node.unschedulable {
                NodeRefusal::Cordoned
            } else if let Some(at) = node.to_be_deleted {
                NodeRefusal::ToBeDeleted(at.div_euclid(1000))
            } else {
                NodeRefusal::Resources(node_resources_fit::fits_request(
                    pod,
                    &c.scheduler.nodes[i],
                    &node.allocatable,
                ))
            }
        })
        .collect()
}

/// Records that a pod fits nowhere: its PodScheduled condition's message, and a
/// FailedScheduling event when the message changes (the event recorder folds repeats into a
/// count).
fn unschedulable(c: &mut Cluster, i: usize, message: Arc<str>) {
    let uid = c.pods[i].uid;
    if c.unschedulable
        .get(&uid)
        .is_some_and(|m| Arc::ptr_eq(m, &message) || *m == message)
    {
        return;
    }
    let name = c.pod_name(&c.pods[i]);
    c.record(Record::Event {
        t: crate::trace::seconds(c.now),
        kind: "Warning".into(),
        reason: "FailedScheduling".into(),
        object: format!("pod/{name}"),
        message: message.to_string(),
    });
    c.unschedulable.insert(uid, message);
}

/// Binds a pod to the node its controller chose (a DaemonSet's pod, whose node affinity names
/// one node): its future is fixed as when the scheduler binds it.
pub(crate) fn bind_to(c: &mut Cluster, i: usize, node: u32) {
    bind(c, i, node);
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
    c.unschedulable.remove(&uid);
    let pod: &mut Pod = &mut c.pods[i];
    pod.node = Some(node);
    pod.started = pulled + times.start_after;
    pod.slow = times.slow;
    pod.ready = match pod.fate {
        crate::api::Fate::Healthy => Some(pulled + times.ready_after + c.readiness_gate_ms),
        _ => None,
    };
    pod.serving = match pod.fate {
        crate::api::Fate::Healthy | crate::api::Fate::NeverReady => {
            Some(pulled + times.serve_after)
        }
        _ => None,
    };
    let (started, ready) = (pod.started, pod.ready);
    c.rs_queue.pod_written(&c.pods[i]);
    // The binding and every later change of the pod's status are pod updates, which the
    // ReplicaSet controller reacts to: wake for each.
    c.rs_queue.add(owner);
    c.wake_at(started);
    if let Some(r) = ready {
        c.wake_at(r);
    }
}
