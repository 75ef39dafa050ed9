//! The event loop. Time jumps from one instant at which something changes (a pod turns ready or
//! goes, a deadline passes, the user acts) to the next; at each, the controllers run again until
//! a pass changes nothing, as a real cluster re-syncs within milliseconds.

use super::scenario::{Action, Scenario};
use crate::api::{
    annotations, new_deployment_condition, reasons, AppsWorkload, ConditionStatus, ConditionType,
    Deployment, Fate, Millis, ObjectMeta, Pod, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus,
};
use crate::behaviour::seconds_to_millis;
use crate::cluster::Cluster;
use crate::controller::daemon::DaemonSetState;
use crate::controller::deployment::{self, util};
use crate::controller::podautoscaler::horizontal::{
    reconcile_autoscaler, wake_for_next_sync, HorizontalPodAutoscaler,
};
use crate::controller::replicaset;
use crate::controller::statefulset::StatefulSetState;
use crate::hash::compute_hash;
use crate::kubectl::actions::apply_action;
use crate::kubectl::rolling_update::cluster_client::ClusterRollingUpdate;
use crate::kubectl::rollout_status::status_line;
use crate::manifest::WorkloadKind;
use crate::scheduler;
use crate::trace::{seconds, Record};

/// How long before t=0 the initial rollout finished ("since long ago").
pub const HISTORY_MS: Millis = 3_600_000;

/// Why a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The controllers kept changing something at one instant, pass after pass.
    NotSettled { t: Millis, passes: usize },
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NotSettled { t, passes } => write!(
                f,
                "the controllers did not settle at t={} s: they still changed something after {passes} passes, so the run stopped there (a Rollout Lab bug: please report the scenario)",
                crate::explain::format_number(seconds(*t))
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// A scenario being played. Deterministic: the same scenario always gives the same trace.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub cluster: Cluster,
    pub kind: WorkloadKind,
    events: Vec<(Millis, Action)>,
    next_event: usize,
    pub until: Millis,
    legacy: Option<ClusterRollingUpdate>,
    update_period: Millis,
    poll_interval: Millis,
    last_status: String,
    /// Instants processed so far.
    pub instants: u64,
    /// Work done so far, counted as pods looked at by the controllers' passes: a measure of how
    /// long replaying the run takes that is the same on every machine.
    pub work: u64,
    started: bool,
    /// Controller passes allowed at one instant before the run is stopped as not settling.
    settle_limit: usize,
    failure: Option<SimError>,
}

impl Simulation {
    /// Sets up t=0: the Deployment fully rolled out on its template, one ReplicaSet at revision
    /// 1, every pod Ready and Available since long ago.
    pub fn new(s: &Scenario) -> Self {
        let mut d: Deployment = s.deployment.clone();
        d.meta.creation = -HISTORY_MS;
        d.meta.generation = 1;
        let mut c = Cluster::new(d, s.images.clone());
        c.nodes = s.cluster.initial_nodes(-HISTORY_MS);
        c.node_template = s.cluster.node;
        c.pdb = s.cluster.pdb.clone();
        c.autoscaler = s
            .cluster
            .autoscaler
            .as_ref()
            .map(|a| crate::autoscaler::Autoscaler::new(a, s.cluster.nodes.max(1)));
        c.seed = s.seed;
        // A Rollout scenario carries its strategy; one built without it (a caller's mistake)
        // runs as the Deployment its workload object describes rather than stopping.
        let kind = match (s.kind, &s.rollout) {
            (WorkloadKind::Rollout, Some(ro)) => {
                c.argo = Some(Box::new(crate::argo::rollout::RolloutState::new(
                    ro.clone(),
                    s.analysis.clone(),
                )));
                WorkloadKind::Rollout
            }
            (WorkloadKind::Rollout, None) => WorkloadKind::Deployment,
            (k @ (WorkloadKind::StatefulSet | WorkloadKind::DaemonSet), _) => match &s.workload {
                Some(AppsWorkload::StatefulSet(st)) if k == WorkloadKind::StatefulSet => {
                    c.stateful = Some(Box::new(StatefulSetState::new(st.clone())));
                    k
                }
                Some(AppsWorkload::DaemonSet(ds)) if k == WorkloadKind::DaemonSet => {
                    c.daemon = Some(Box::new(DaemonSetState::new(ds.clone())));
                    k
                }
                _ => WorkloadKind::Deployment,
            },
            (k, _) => k,
        };
        c.hpa =
            s.cluster.hpa.as_ref().map(|h| {
                HorizontalPodAutoscaler::new(&s.deployment.meta.name, h, s.traffic.clone())
            });
        if let Some(t) = &s.traffic {
            c.archive = Some(Vec::new());
            c.pre_stop_ms = seconds_to_millis(t.pre_stop_sleep);
            if t.readiness_gate {
                c.readiness_gate_ms = seconds_to_millis(t.registration_seconds());
            }
        }
        match &s.start {
            Some(state) => {
                let edited = state.spec != s.deployment.spec;
                super::restore::restore_state(&mut c, state, edited);
            }
            None => seed_initial_state(&mut c, kind),
        }
        let mut events: Vec<(Millis, Action)> = s
            .events
            .iter()
            .map(|e| (seconds_to_millis(e.at), e.action.clone()))
            .collect();
        events.sort_by_key(|(t, _)| *t);
        let mut sim = Simulation {
            cluster: c,
            kind,
            events,
            next_event: 0,
            until: seconds_to_millis(s.until),
            legacy: None,
            update_period: seconds_to_millis(s.rolling_update.update_period),
            poll_interval: seconds_to_millis(s.rolling_update.poll_interval),
            last_status: String::new(),
            instants: 0,
            work: 0,
            started: false,
            settle_limit: 1_000
                + 4 * (s.deployment.spec.replicas.max(0) as usize / replicaset::BURST_REPLICAS),
            failure: None,
        };
        sim.last_status = sim.status_line();
        sim
    }

    fn status_line(&self) -> String {
        match self.kind {
            WorkloadKind::Deployment => status_line(&self.cluster.deployment),
            WorkloadKind::ReplicationController => String::new(),
            WorkloadKind::Rollout => crate::kubectl::argo::get::status_line(&self.cluster),
            WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => {
                crate::kubectl::workload_status::status_line(&self.cluster)
            }
        }
    }

    /// Adds a user action at `at` (not before the current instant): what a person watching the
    /// run would do next, decided from what they see (a sweep's staged partition).
    pub fn schedule(&mut self, at: Millis, action: Action) {
        let at = at.max(self.cluster.now);
        let pos = self.events[self.next_event..]
            .iter()
            .position(|(t, _)| *t > at)
            .map_or(self.events.len(), |k| self.next_event + k);
        self.events.insert(pos, (at, action));
    }

    /// Why the run stopped early, if it did.
    pub fn error(&self) -> Option<&SimError> {
        self.failure.as_ref()
    }

    /// Keeps no trace: what the controllers and kubectl would record is dropped, and the
    /// `rollout status` line is not followed. For runs that are measured, not read.
    pub fn quiet(&mut self) {
        self.cluster.quiet = true;
    }

    /// Sets how many controller passes one instant may take (for tests of the failure path).
    pub fn set_settle_limit(&mut self, passes: usize) {
        self.settle_limit = passes.max(1);
    }

    /// Runs to the end; the trace, or why the run stopped early.
    pub fn run_checked(mut self) -> Result<Vec<Record>, SimError> {
        self.run_until(self.until);
        match self.failure.clone() {
            Some(e) => Err(e),
            None => Ok(self.finish()),
        }
    }

    /// The next instant at which something will happen, if before `until` (none once the run
    /// has failed).
    pub fn next_instant(&self) -> Option<Millis> {
        if self.failure.is_some() {
            return None;
        }
        let first = !self.started;
        let wake = self.cluster.wakeups.iter().next().copied();
        let event = self.events.get(self.next_event).map(|(t, _)| *t);
        let legacy = self.legacy.as_ref().and_then(ClusterRollingUpdate::next_at);
        let next = [wake, event, legacy, first.then_some(0)]
            .into_iter()
            .flatten()
            .min()?;
        (next <= self.until).then_some(next)
    }

    /// Processes the next instant. Returns its time, or `None` when the run is over.
    pub fn step(&mut self) -> Option<Millis> {
        let t = self.next_instant()?;
        self.started = true;
        self.process(t.max(self.cluster.now));
        Some(t)
    }

    /// Processes every instant up to and including `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while self.next_instant().is_some_and(|n| n <= t) {
            self.step();
        }
        if t > self.cluster.now {
            self.cluster.now = t.min(self.until.max(self.cluster.now));
        }
    }

    /// Runs to the end and returns the whole trace, the final status last.
    pub fn run(mut self) -> Vec<crate::trace::Record> {
        self.run_until(self.until);
        self.finish()
    }

    /// The trace so far, with the final status record at `until`.
    pub fn finish(mut self) -> Vec<Record> {
        let s = &self.cluster.deployment.status;
        let final_record = Record::Final {
            t: seconds(self.until),
            replicas: s.replicas,
            updated_replicas: s.updated_replicas,
            ready_replicas: s.ready_replicas,
            available_replicas: s.available_replicas,
            unavailable_replicas: s.unavailable_replicas,
        };
        self.cluster.log.push(final_record);
        self.cluster.log
    }

    fn process(&mut self, t: Millis) {
        self.instants += 1;
        let c = &mut self.cluster;
        c.now = t;
        while c.wakeups.first().is_some_and(|&w| w <= t) {
            c.wakeups.pop_first();
        }
        replicaset::observe_pod_changes(c);
        c.compact();
        while let Some((at, action)) = self.events.get(self.next_event).cloned() {
            if at > t {
                break;
            }
            self.next_event += 1;
            self.act(&action);
        }
        self.settle();
        // Drains in progress: refused evictions retried, pods gone reported.
        if self.advance_drains() {
            self.settle();
        }
        // The cluster autoscaler's scan sees what the scheduler could not place.
        if crate::autoscaler::run_once(&mut self.cluster) {
            self.settle();
        }
        crate::autoscaler::wake_for_next_scan(&mut self.cluster);
        // The HPA's sync: it may write spec.replicas, which the controllers then act on.
        if reconcile_autoscaler(&mut self.cluster) {
            self.settle();
        }
        wake_for_next_sync(&mut self.cluster);
    }

    /// Moves every `kubectl drain` on; whether one evicted a pod.
    fn advance_drains(&mut self) -> bool {
        let c = &mut self.cluster;
        let mut drains = std::mem::take(&mut c.drains);
        let mut evicted = false;
        for d in &mut drains {
            evicted |= crate::kubectl::drain::advance(c, d);
        }
        drains.retain(|d| !d.is_done());
        c.drains = drains;
        evicted
    }

    fn act(&mut self, action: &Action) {
        if self.kind == WorkloadKind::ReplicationController {
            self.act_legacy(action);
            return;
        }
        let c = &mut self.cluster;
        let t = seconds(c.now);
        let answer = match self.kind {
            WorkloadKind::Rollout => crate::kubectl::argo::commands::apply_action(c, action),
            WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => {
                crate::kubectl::workloads::apply_action(c, action)
            }
            _ => apply_action(c, action),
        };
        c.record(Record::Action {
            t,
            command: answer.command,
            output: answer.output,
            ok: answer.ok,
        });
    }

    /// A ReplicationController scenario takes one action: setImage, as `kubectl rolling-update
    /// NAME --image=IMAGE`, one at a time. The command comes first in the trace, then what
    /// kubectl prints.
    fn act_legacy(&mut self, action: &Action) {
        let c = &mut self.cluster;
        let t = seconds(c.now);
        let refuse = |c: &mut Cluster, command: String, output: &str| {
            c.record(Record::Action {
                t,
                command,
                output: output.into(),
                ok: false,
            })
        };
        let busy = self.legacy.as_ref().is_some_and(|l| !l.is_done());
        let image = match action {
            Action::SetImage { image, .. } if !busy => image,
            other => {
                let msg = "error: a ReplicationController scenario takes only setImage (kubectl rolling-update), one at a time";
                return refuse(c, format!("{other:?}"), msg);
            }
        };
        let name = c.deployment.meta.name.clone();
        let command = format!("kubectl rolling-update {name} --image={image}");
        let Some(old) = c
            .live_replica_sets()
            .into_iter()
            .find(|&i| c.replica_sets[i].spec.replicas > 0)
        else {
            return refuse(c, command, "error: no controller to update");
        };
        let at = c.log.len();
        c.record(Record::Action {
            t,
            command: command.clone(),
            output: String::new(),
            ok: true,
        });
        match ClusterRollingUpdate::start(c, old, image, self.update_period, self.poll_interval) {
            Ok(l) => self.legacy = Some(l),
            Err(e) => {
                c.log.truncate(at);
                refuse(c, command, &e);
            }
        }
    }

    /// Runs the scheduler, the ReplicaSet controller and the Deployment controller (or the legacy
    /// kubectl client) until a pass changes nothing.
    fn settle(&mut self) {
        let limit = self.settle_limit;
        for _ in 0..limit {
            self.work += self.cluster.pods.len() as u64 + 1;
            let c = &mut self.cluster;
            let mut changed = scheduler::schedule_pending(c);
            // A StatefulSet or DaemonSet owns its pods itself: there are no ReplicaSets.
            if !matches!(
                self.kind,
                WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
            ) {
                changed |= replicaset::sync_replica_sets(c);
            }
            changed |= match (&mut self.legacy, self.kind) {
                (Some(l), WorkloadKind::ReplicationController) => l.advance(c),
                (None, WorkloadKind::ReplicationController) => false,
                (_, WorkloadKind::Deployment) => deployment::sync_deployment(c),
                (_, WorkloadKind::Rollout) => crate::argo::rollout::sync_rollout(c),
                (_, WorkloadKind::StatefulSet) => {
                    crate::controller::statefulset::sync_stateful_set(c)
                }
                (_, WorkloadKind::DaemonSet) => crate::controller::daemon::sync_daemon_set(c),
            };
            let line = if self.cluster.quiet {
                String::new()
            } else {
                self.status_line()
            };
            if line != self.last_status {
                let t = seconds(self.cluster.now);
                self.cluster.record(Record::RolloutStatus {
                    t,
                    message: line.clone(),
                });
                self.last_status = line;
            }
            if !changed {
                return;
            }
        }
        self.failure = Some(SimError::NotSettled {
            t: self.cluster.now,
            passes: limit,
        });
    }
}

/// Creates the state at t=0 without running the controllers: revision 1, every pod available.
fn seed_initial_state(c: &mut Cluster, kind: WorkloadKind) {
    let d = &c.deployment;
    let template = d.spec.template.clone();
    let replicas = d.spec.replicas;
    let name = match kind {
        WorkloadKind::Deployment => format!("{}-{}", d.meta.name, compute_hash(&template, 0)),
        WorkloadKind::ReplicationController => d.meta.name.clone(),
        WorkloadKind::Rollout => format!("{}-{}", d.meta.name, compute_hash(&template, 0)),
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => {
            crate::controller::history::controller_revision_name(
                &d.meta.name,
                &compute_hash(&template, 0),
            )
        }
    };
    // A DaemonSet runs one pod on each node that should run it.
    let replicas = if kind == WorkloadKind::DaemonSet {
        let now = -HISTORY_MS;
        c.nodes
            .iter()
            .filter(|n| {
                crate::controller::daemon::daemon_controller::node_should_run_daemon_pod(n, now).0
            })
            .count() as i32
    } else {
        replicas
    };
    let mut rs = ReplicaSet {
        meta: ObjectMeta {
            name: name.clone(),
            uid: 0,
            generation: 1,
            creation: -HISTORY_MS,
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas,
            min_ready_seconds: d.spec.min_ready_seconds,
            template,
        },
        status: ReplicaSetStatus {
            replicas,
            ready_replicas: replicas,
            available_replicas: replicas,
            observed_generation: 1,
            terminating_replicas: Some(0),
            replica_failure: None,
        },
    };
    if kind == WorkloadKind::Deployment {
        util::set_new_replica_set_annotations(
            d,
            &mut rs,
            1,
            false,
            util::MAX_REV_HISTORY_LENGTH_IN_CHARS,
        );
    }
    if kind == WorkloadKind::Rollout {
        let hash = compute_hash(&rs.spec.template, 0);
        rs.spec
            .template
            .labels
            .insert(crate::api::POD_HASH_LABEL.into(), hash);
        for (k, v) in [
            (crate::api::REVISION_ANNOTATION, "1".to_string()),
            (
                crate::argo::rollout::DESIRED_REPLICAS_ANNOTATION,
                replicas.to_string(),
            ),
        ] {
            rs.meta.annotations.insert(k.into(), v);
        }
    }
    if matches!(kind, WorkloadKind::StatefulSet | WorkloadKind::DaemonSet) {
        rs.meta
            .annotations
            .insert(annotations::REVISION.into(), "1".into());
    }
    rs.meta.uid = c.next_uid();
    let image = rs.spec.template.first_image().to_string();
    let revision = rs.revision();
    c.replica_sets.push(rs);
    let prefix = match kind {
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => c.deployment.meta.name.clone(),
        _ => name.clone(),
    };
    let name_prefix = c.name_prefix(&prefix);
    for _ in 0..replicas.max(0) as u32 {
        let uid = c.next_uid();
        let created = -HISTORY_MS;
        c.pods.push(Pod {
            name_prefix,
            uid,
            owner: 0,
            created,
            node: None,
            fate: Fate::Healthy,
            started: created,
            ready: Some(created + 1000),
            serving: Some(created + 1000),
            slow: false,
            deleted: None,
            gone: None,
            pod_deletion_cost: 0,
            unready: None,
        });
    }
    seed_workload_pods(c, kind);
    // Placed as the scheduler placed them long ago; those that fit nowhere are still Pending.
    let placed = crate::scheduler::place_initial(c);
    let rs = &mut c.replica_sets[0];
    rs.status.ready_replicas = placed as i32;
    rs.status.available_replicas = placed as i32;
    // Every node that runs the image has it in its cache.
    let mut cached = std::collections::BTreeMap::new();
    for p in &c.pods {
        if let Some(n) = p.node {
            cached.insert(n, -HISTORY_MS);
        }
    }
    c.node_images.insert(image.clone(), cached);
    c.record(Record::Initial {
        t: 0.0,
        replica_set: name.clone(),
        revision,
        image,
        replicas,
    });
    let d = &mut c.deployment;
    d.status.observed_generation = 1;
    d.status.replicas = replicas;
    d.status.updated_replicas = replicas;
    d.status.ready_replicas = replicas;
    d.status.available_replicas = replicas;
    if kind == WorkloadKind::Deployment {
        d.meta
            .annotations
            .insert(annotations::REVISION.into(), "1".into());
        let long_ago = -HISTORY_MS + 1000;
        d.status.conditions.push(new_deployment_condition(
            ConditionType::Available,
            ConditionStatus::True,
            reasons::MIN_AVAILABLE,
            "Deployment has minimum availability.".into(),
            long_ago,
        ));
        if util::has_progress_deadline(d) {
            d.status.conditions.push(new_deployment_condition(
                ConditionType::Progressing,
                ConditionStatus::True,
                reasons::NEW_RS_AVAILABLE,
                format!("ReplicaSet {name:?} has successfully progressed."),
                long_ago,
            ));
        }
    }
    if kind == WorkloadKind::Rollout {
        let hash = compute_hash(&c.deployment.spec.template, 0);
        crate::argo::rollout::seed_status(c, &hash, &name);
    }
    seed_workload_status(c, &name, placed as i32);
    c.recorded_conditions = c
        .deployment
        .status
        .conditions
        .iter()
        .map(|k| (k.kind, k.status, k.reason.clone()))
        .collect();
}

/// A StatefulSet's pods get their ordinals and names (`web-0`, ...); a DaemonSet's are bound
/// to the nodes that should run them, one each.
fn seed_workload_pods(c: &mut Cluster, kind: WorkloadKind) {
    let set = c.deployment.meta.name.clone();
    if let Some(st) = c.stateful.as_deref_mut() {
        for (ord, p) in c.pods.iter().enumerate() {
            st.ordinals.insert(p.uid, ord as i32);
            let name =
                crate::controller::statefulset::stateful_set_utils::get_pod_name(&set, ord as i32);
            c.pod_names.insert(p.uid, name);
        }
        st.current = Some(0);
        st.update = Some(0);
    }
    if kind == WorkloadKind::DaemonSet {
        let now = -HISTORY_MS;
        let nodes: Vec<u32> = (0..c.nodes.len())
            .filter(|&i| {
                crate::controller::daemon::daemon_controller::node_should_run_daemon_pod(
                    &c.nodes[i],
                    now,
                )
                .0
            })
            .map(|i| i as u32)
            .collect();
        for (p, n) in c.pods.iter_mut().zip(nodes) {
            p.node = Some(n);
        }
        c.deployment.spec.replicas = c.pods.len() as i32;
    }
}

/// The status of a StatefulSet or DaemonSet fully rolled out at t=0, with `placed` pods
/// running.
fn seed_workload_status(c: &mut Cluster, revision: &str, placed: i32) {
    let generation = c.deployment.meta.generation;
    let replicas = c.deployment.spec.replicas;
    if let Some(st) = c.stateful.as_deref_mut() {
        st.status = crate::api::StatefulSetStatus {
            observed_generation: generation,
            replicas,
            ready_replicas: placed,
            current_replicas: replicas,
            updated_replicas: replicas,
            available_replicas: placed,
            current_revision: revision.to_string(),
            update_revision: revision.to_string(),
        };
    }
    if let Some(ds) = c.daemon.as_deref_mut() {
        ds.update = Some(0);
        ds.status = crate::api::DaemonSetStatus {
            observed_generation: generation,
            desired_number_scheduled: replicas,
            current_number_scheduled: replicas,
            number_misscheduled: 0,
            number_ready: placed,
            updated_number_scheduled: replicas,
            number_available: placed,
            number_unavailable: replicas - placed,
        };
    }
}

/// Plays a scenario to its end and runs its traffic model over the whole run (`None` if the
/// scenario has no `traffic` section). With `record`, every response is kept.
pub fn traffic_report(s: &Scenario, record: bool) -> Option<crate::traffic::TrafficReport> {
    let cfg = s.traffic.as_ref()?;
    let mut sim = Simulation::new(s);
    // Only the pods' lives matter here: no trace is kept (the controllers never read it).
    sim.quiet();
    sim.run_until(sim.until);
    Some(crate::traffic::simulate(
        &sim.cluster,
        cfg,
        0,
        sim.until,
        record,
    ))
}
