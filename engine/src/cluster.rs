//! The simulated API server: the objects, the clock, what was recorded, and when to wake next;
//! with the controllers' work queues, which are what decide when a controller looks again.

use crate::api::{ConditionStatus, ConditionType, Deployment, Millis, Node, Pod, ReplicaSet};
use crate::behaviour::Behaviours;
use crate::controller::deployment::queue::DeploymentQueue;
use crate::controller::replicaset::ReplicaSetQueue;
use crate::scheduler::SchedulerCache;
use crate::trace::Record;
use std::collections::BTreeSet;

/// Everything the controllers read and write. Controllers take `&mut Cluster`, as they would take
/// a client and an informer cache; the simulation owns the clock.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub now: Millis,
    pub deployment: Deployment,
    /// Every ReplicaSet ever created, in creation order. A deleted one keeps its slot (pods refer
    /// to their owner by index) with `meta.deletion` set.
    pub replica_sets: Vec<ReplicaSet>,
    pub pods: Vec<Pod>,
    pub behaviours: Behaviours,
    /// The nodes, in the order they joined; a removed one keeps its slot (pods name it by
    /// index).
    pub nodes: Vec<Node>,
    /// The allocatable of the nodes the autoscaler adds (the scenario's node shape).
    pub node_template: crate::api::Allocatable,
    /// `kubectl drain` commands still going on.
    pub drains: Vec<crate::kubectl::drain::Drain>,
    /// The Deployment's PodDisruptionBudget, if it has one.
    pub pdb: Option<crate::api::PodDisruptionBudgetSpec>,
    /// The Deployment's HorizontalPodAutoscaler, with its controller's memory.
    pub hpa: Option<crate::controller::podautoscaler::horizontal::HorizontalPodAutoscaler>,
    /// The cluster autoscaler, when the scenario has one.
    pub autoscaler: Option<crate::autoscaler::Autoscaler>,
    /// Pods the scheduler could not place, by uid: their PodScheduled condition's message.
    pub unschedulable: std::collections::BTreeMap<u64, std::sync::Arc<str>>,
    /// Future instants at which something changes (pods ready, gone; deadlines).
    pub wakeups: BTreeSet<Millis>,
    pub log: Vec<Record>,
    /// The Deployment conditions as last recorded in the log (type, status, reason).
    pub recorded_conditions: Vec<(ConditionType, ConditionStatus, String)>,
    /// The pods' preStop hook sleep: a deleted pod waits this long before SIGTERM.
    pub pre_stop_ms: Millis,
    /// A readiness gate the front end sets: a new pod is Ready this long after its
    /// containers are.
    pub readiness_gate_ms: Millis,
    /// When `Some`, pods that are gone are kept here (the traffic model needs every pod's life).
    pub archive: Option<Vec<Pod>>,
    /// The ReplicaSet controller's work queue: which ReplicaSets sync now, and which later.
    pub rs_queue: ReplicaSetQueue,
    /// The Deployment controller's work queue.
    pub deployment_queue: DeploymentQueue,
    /// The prefixes of pod names (each ReplicaSet's name when it created pods).
    name_prefixes: Vec<String>,
    /// The names of pods that came from a cluster's state, by uid: kept as the cluster had them.
    pub pod_names: std::collections::BTreeMap<u64, String>,
    /// No pod goes before this moment (`None`: not known; `compact` finds out).
    pub gone_due: Option<Millis>,
    /// The scheduler's view within the current instant.
    pub scheduler: SchedulerCache,
    /// The Argo Rollout, when the workload is one (its strategy, status, Services, runs).
    pub argo: Option<Box<crate::argo::rollout::RolloutState>>,
    /// The StatefulSet, when the workload is one (its own fields, status, pods' ordinals).
    pub stateful: Option<Box<crate::controller::statefulset::StatefulSetState>>,
    /// The DaemonSet, when the workload is one.
    pub daemon: Option<Box<crate::controller::daemon::DaemonSetState>>,
    /// No trace is kept (a sweep measures the run and needs none): records are dropped.
    pub quiet: bool,
    /// The scenario's seed, from which every pod draws its times.
    pub seed: u64,
    /// When each image's pull completes on each node: later pods of the image on the node
    /// start from the cache.
    pub node_images: std::collections::BTreeMap<String, std::collections::BTreeMap<u32, Millis>>,
    next_uid: u64,
}

impl Cluster {
    pub fn new(deployment: Deployment, behaviours: Behaviours) -> Self {
        Cluster {
            now: 0,
            deployment,
            replica_sets: Vec::new(),
            pods: Vec::new(),
            behaviours,
            nodes: Vec::new(),
            node_template: crate::api::Allocatable::default(),
            autoscaler: None,
            pdb: None,
            hpa: None,
            drains: Vec::new(),
            unschedulable: std::collections::BTreeMap::new(),
            wakeups: BTreeSet::new(),
            log: Vec::new(),
            recorded_conditions: Vec::new(),
            pre_stop_ms: 0,
            readiness_gate_ms: 0,
            archive: None,
            rs_queue: ReplicaSetQueue::default(),
            deployment_queue: DeploymentQueue::default(),
            name_prefixes: Vec::new(),
            pod_names: std::collections::BTreeMap::new(),
            scheduler: SchedulerCache::default(),
            gone_due: None,
            argo: None,
            stateful: None,
            daemon: None,
            quiet: false,
            seed: 1,
            node_images: std::collections::BTreeMap::new(),
            next_uid: 1,
        }
    }

    pub fn next_uid(&mut self) -> u64 {
        let uid = self.next_uid;
        self.next_uid += 1;
        uid
    }

    /// The index of a pod-name prefix, added if new.
    pub fn name_prefix(&mut self, prefix: &str) -> u32 {
        match self.name_prefixes.iter().position(|p| p == prefix) {
            Some(i) => i as u32,
            None => {
                self.name_prefixes.push(prefix.to_string());
                (self.name_prefixes.len() - 1) as u32
            }
        }
    }

    /// A pod's name: its owner's name when it was created, and a suffix from its uid.
    pub fn pod_name(&self, p: &Pod) -> String {
        if let Some(name) = self.pod_names.get(&p.uid) {
            return name.clone();
        }
        let prefix = self
            .name_prefixes
            .get(p.name_prefix as usize)
            .map_or("", String::as_str);
        format!("{prefix}-{}", crate::hash::pod_suffix(p.uid))
    }

    /// Asks to be woken at `t` (ignored unless it is in the future).
    pub fn wake_at(&mut self, t: Millis) {
        if t > self.now {
            self.wakeups.insert(t);
        }
    }

    /// Asks to be woken when each Ready pod becomes available under `min_ready_seconds`, as
    /// the StatefulSet and DaemonSet controllers requeue their object then.
    pub fn wake_when_available(&mut self, min_ready_seconds: i32) {
        if min_ready_seconds <= 0 {
            return;
        }
        let now = self.now;
        let due: Vec<Millis> = self
            .pods
            .iter()
            .filter(|p| p.is_ready(now) && !p.is_available(min_ready_seconds, now))
            .filter_map(|p| p.available_at(min_ready_seconds))
            .collect();
        for t in due {
            self.wake_at(t);
        }
    }

    /// Indices of the ReplicaSets that exist (not deleted), oldest first.
    pub fn live_replica_sets(&self) -> Vec<usize> {
        (0..self.replica_sets.len())
            .filter(|&i| self.replica_sets[i].meta.deletion.is_none())
            .collect()
    }

    /// The ReplicaSet at each index, for the pure helpers that take references.
    pub fn refs(&self, idx: &[usize]) -> Vec<&ReplicaSet> {
        idx.iter().map(|&i| &self.replica_sets[i]).collect()
    }

    /// The pods that still exist now.
    pub fn existing_pods(&self) -> impl Iterator<Item = &Pod> {
        let now = self.now;
        self.pods.iter().filter(move |p| p.exists(now))
    }

    /// Forgets pods that are gone, so that long runs stay small.
    pub fn compact(&mut self) {
        let now = self.now;
        // Most instants lose no pod: then there is nothing to move, or even to look at.
        if self.gone_due.is_some_and(|due| due > now) {
            return;
        }
        let next_gone = |pods: &[Pod]| pods.iter().filter_map(|p| p.gone).min();
        if next_gone(&self.pods).is_none_or(|g| g > now) {
            self.gone_due = Some(next_gone(&self.pods).unwrap_or(Millis::MAX));
            return;
        }
        let is_gone = |p: &Pod| p.gone.is_some_and(|g| g <= now);
        let waiting = &mut self.unschedulable;
        let mut archive = self.archive.as_mut();
        // In place: no new vector each time a pod goes.
        self.pods.retain(|p| {
            if !is_gone(p) {
                return true;
            }
            // A pod gone is no longer waiting for a node; the traffic model keeps its life.
            waiting.remove(&p.uid);
            if let Some(a) = archive.as_mut() {
                a.push(p.clone());
            }
            false
        });
        self.gone_due = Some(next_gone(&self.pods).unwrap_or(Millis::MAX));
    }

    /// Every pod that ever existed (needs `archive` set before the run).
    pub fn all_pods(&self) -> impl Iterator<Item = &Pod> {
        self.archive.iter().flatten().chain(self.pods.iter())
    }

    /// Records a Normal event of `object` (`statefulset/web`), as a controller's recorder does.
    pub fn normal_event(&mut self, object: String, reason: &str, message: String) {
        let t = crate::trace::seconds(self.now);
        self.record(Record::Event {
            t,
            kind: "Normal".into(),
            reason: reason.into(),
            object,
            message,
        });
    }

    pub fn record(&mut self, record: Record) {
        if !self.quiet {
            self.log.push(record);
        }
    }
}
