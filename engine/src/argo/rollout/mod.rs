//! Argo Rollouts' Rollout controller (`rollout/`): one reconcile of the Rollout, as
//! `rolloutContext.reconcile` does it, over the cluster's ReplicaSets and pods.
//!
//! The Rollout's template, selector, replicas and the other fields it shares with a Deployment
//! live in the cluster's workload object (`Cluster::deployment`); its strategy and status, the
//! Services it switches, the AnalysisRuns and the scale-down deadlines live in
//! [`RolloutState`]. The ReplicaSet controller, the scheduler and the kubelet are the cluster's
//! own, shared with Deployments.

pub mod analysis;
pub mod bluegreen;
pub mod canary;
pub mod pause;
pub mod replicaset;
pub mod sync;
pub mod trafficrouting;

use crate::api::{
    Millis, ReplicaSet, Rollout, RolloutStatus, RolloutStrategy, POD_HASH_LABEL,
    REVISION_ANNOTATION,
};
use crate::argo::utils::canary::{get_other_rss, get_stable_rs};
use crate::argo::utils::replicaset::pod_hash;
use crate::argo::utils::rolloututil as phase;
use crate::cluster::Cluster;
use crate::sentence::Sentence;
use crate::trace::{seconds, Record};
pub use analysis::{AnalysisOutcome, AnalysisPhase, AnalysisRun};
use pause::PauseContext;
use std::collections::BTreeMap;

/// What the traffic sees of a Rollout at a moment: the pods of which ReplicaSets receive
/// requests, and in what share.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// Every ready pod of the Rollout, as a plain Service spreads requests (a canary without a
    /// traffic router).
    AllPods,
    /// The active Service selects the pods of one ReplicaSet (blue-green).
    Selector(String),
    /// A traffic router sends `canary` of `max` to the canary's pods, the rest to the stable's.
    Weighted {
        canary_hash: String,
        stable_hash: String,
        canary: i32,
        max: i32,
    },
}

/// A Rollout being simulated: the object, and what its controller keeps beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct RolloutState {
    pub rollout: Rollout,
    /// The analysis outcomes the scenario sets, by AnalysisTemplate name.
    pub outcomes: BTreeMap<String, AnalysisOutcome>,
    /// Every AnalysisRun created, in creation order.
    pub runs: Vec<AnalysisRun>,
    /// The pod hash the active Service (blue-green) and the preview Service select.
    pub active_service: Option<String>,
    pub preview_service: Option<String>,
    /// The `scale-down-deadline` annotation of ReplicaSets, by index.
    pub scale_down_deadlines: BTreeMap<usize, Millis>,
    /// How requests were routed, from each moment on.
    pub routes: Vec<(Millis, Route)>,
    /// The `rollout.argoproj.io/revision` annotation of the Rollout.
    pub revision: i64,
    /// The conditions as last recorded in the trace.
    recorded: Vec<(
        crate::api::RolloutConditionType,
        crate::api::ConditionStatus,
        String,
    )>,
    /// `metadata.generation`, raised by every spec change.
    pub generation: i64,
}

impl RolloutState {
    pub fn new(rollout: Rollout, outcomes: BTreeMap<String, AnalysisOutcome>) -> Self {
        RolloutState {
            rollout,
            outcomes,
            runs: Vec::new(),
            active_service: None,
            preview_service: None,
            scale_down_deadlines: BTreeMap::new(),
            routes: Vec::new(),
            revision: 1,
            recorded: Vec::new(),
            generation: 1,
        }
    }

    /// The route in force at `t`.
    pub fn route_at(&self, t: Millis) -> Route {
        self.routes
            .iter()
            .rev()
            .find(|(at, _)| *at <= t)
            .map_or(Route::AllPods, |(_, r)| r.clone())
    }
}

/// The ReplicaSets of one reconcile (`rolloutContext`), by index into the cluster's list.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub all: Vec<usize>,
    pub new_rs: Option<usize>,
    pub stable_rs: Option<usize>,
    /// Neither new nor stable (`otherRSs`).
    pub other: Vec<usize>,
    /// Every one but the new (`olderRSs`).
    pub older: Vec<usize>,
    pub pause: PauseContext,
    /// The traffic weights this reconcile set (`newStatus.Canary.Weights`).
    pub weights: Option<crate::api::TrafficWeights>,
}

/// The pod-template hash a template gets (`ComputePodTemplateHash`).
pub fn template_hash(c: &Cluster) -> String {
    crate::hash::compute_hash(&c.deployment.spec.template, 0)
}

/// The cluster's Rollout state (a Rollout scenario has one).
pub fn state(c: &Cluster) -> &RolloutState {
    c.argo.as_deref().expect("a Rollout scenario")
}

/// The cluster's Rollout state, to change.
pub fn state_mut(c: &mut Cluster) -> &mut RolloutState {
    c.argo.as_deref_mut().expect("a Rollout scenario")
}

/// The Rollout as the controller reads it: its replicas and pause from the workload object.
pub fn rollout(c: &Cluster) -> Rollout {
    let mut ro = state(c).rollout.clone();
    ro.spec.replicas = Some(c.deployment.spec.replicas);
    ro.spec.paused = c.deployment.spec.paused;
    ro
}

/// Mirrors `newRolloutContext`: the new ReplicaSet (its pod hash is the template's), the stable
/// one (`status.stableRS`), and the others.
pub fn new_context(c: &Cluster) -> Context {
    let ro = rollout(c);
    let all = c.live_replica_sets();
    let hash = template_hash(c);
    let new_rs = all
        .iter()
        .copied()
        .find(|&i| pod_hash(&c.replica_sets[i]) == hash);
    let older: Vec<usize> = all.iter().copied().filter(|&i| Some(i) != new_rs).collect();
    let older_refs = c.refs(&older);
    let stable =
        get_stable_rs(&ro, new_rs.map(|i| &c.replica_sets[i]), &older_refs).and_then(|s| {
            all.iter()
                .copied()
                .find(|&i| c.replica_sets[i].meta.name == s.meta.name)
        });
    let all_refs = c.refs(&all);
    let other_names: Vec<String> = get_other_rss(
        new_rs.map(|i| &c.replica_sets[i]),
        stable.map(|i| &c.replica_sets[i]),
        &all_refs,
    )
    .iter()
    .map(|rs| rs.meta.name.clone())
    .collect();
    let other = all
        .iter()
        .copied()
        .filter(|&i| other_names.contains(&c.replica_sets[i].meta.name))
        .collect();
    let mut ctx = Context {
        all,
        new_rs,
        stable_rs: stable,
        other,
        older,
        ..Context::default()
    };
    // A fully promoted rollout cannot stay aborted.
    let st = &state(c).rollout.status;
    if st.abort && st.stable_rs.is_some() && st.stable_rs == st.current_pod_hash {
        ctx.pause.remove_abort();
    }
    ctx
}

/// Mirrors `syncHandler` → `rolloutContext.reconcile`: checkPausedConditions, then a scaling
/// event's replica sync, or the strategy's reconcile. Returns whether it wrote anything.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn sync_rollout(c: &mut Cluster) -> bool {
    let before = written_state(c);
    sync::check_paused_conditions(c);
    let mut ctx = new_context(c);
    if sync::is_scaling_event(c, &ctx) {
        sync::sync_replicas_only(c, &mut ctx);
    } else {
        match state(c).rollout.spec.strategy {
            RolloutStrategy::BlueGreen(_) => bluegreen::rollout_blue_green(c, &mut ctx),
            _ => canary::rollout_canary(c, &mut ctx),
        }
    }
    sync::record_condition_changes(c);
    written_state(c) != before
}

/// A fingerprint of what the controller writes: ReplicaSets, the Rollout's status, Services.
fn written_state(c: &Cluster) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::Fingerprint::default();
    for rs in &c.replica_sets {
        crate::controller::replicaset::hash_written(rs, &mut h);
        rs.spec.template.labels.hash(&mut h);
    }
    c.replica_sets.len().hash(&mut h);
    let s = state(c);
    format!("{:?}", s.rollout.status).hash(&mut h);
    (
        &s.active_service,
        &s.preview_service,
        &s.scale_down_deadlines,
        s.revision,
    )
        .hash(&mut h);
    s.runs.len().hash(&mut h);
    let d = &c.deployment.status;
    (
        d.replicas,
        d.updated_replicas,
        d.ready_replicas,
        d.available_replicas,
    )
        .hash(&mut h);
    h.finish()
}

/// Mirrors `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet, created (at 0 replicas, with
/// the next revision) when asked and missing; its revision raised above the older ones'.
pub fn get_all_replica_sets_and_sync_revision(c: &mut Cluster, ctx: &mut Context, create: bool) {
    let max_old = ctx
        .older
        .iter()
        .map(|&i| rs_revision(&c.replica_sets[i]))
        .max()
        .unwrap_or(0);
    if let Some(i) = ctx.new_rs {
        if rs_revision(&c.replica_sets[i]) < max_old + 1 {
            c.replica_sets[i]
                .meta
                .annotations
                .insert(REVISION_ANNOTATION.into(), (max_old + 1).to_string());
        }
        let revision = rs_revision(&c.replica_sets[i]);
        set_rollout_revision(c, revision);
        return;
    }
    if !create {
        return;
    }
    let hash = template_hash(c);
    let name = format!("{}-{hash}", c.deployment.meta.name);
    let mut template = c.deployment.spec.template.clone();
    template.labels.insert(POD_HASH_LABEL.into(), hash);
    let uid = c.next_uid();
    let min_ready = c.deployment.spec.min_ready_seconds;
    let mut rs = ReplicaSet::created(name.clone(), uid, template, min_ready, c.now);
    let revision = max_old + 1;
    rs.meta
        .annotations
        .insert(REVISION_ANNOTATION.into(), revision.to_string());
    rs.meta.annotations.insert(
        DESIRED_REPLICAS_ANNOTATION.into(),
        c.deployment.spec.replicas.to_string(),
    );
    c.replica_sets.push(rs);
    let idx = c.replica_sets.len() - 1;
    c.rs_queue.add(idx);
    ctx.all.push(idx);
    ctx.new_rs = Some(idx);
    set_rollout_revision(c, revision);
    record_event(
        c,
        "NewReplicaSetCreated",
        format!("Created ReplicaSet {name} (revision {revision})"),
    );
    sync::set_progressing(
        c,
        crate::api::ConditionStatus::True,
        "NewReplicaSetCreated",
        format!("Created new replica set {name:?}"),
    );
}

/// `rollout.argoproj.io/desired-replicas`.
pub const DESIRED_REPLICAS_ANNOTATION: &str = "rollout.argoproj.io/desired-replicas";

/// The `rollout.argoproj.io/revision` of a ReplicaSet (0 when missing).
pub fn rs_revision(rs: &ReplicaSet) -> i64 {
    rs.meta
        .annotations
        .get(REVISION_ANNOTATION)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn set_rollout_revision(c: &mut Cluster, revision: i64) {
    let s = state_mut(c);
    if s.revision != revision {
        s.revision = revision;
        record_event(
            c,
            "RolloutUpdated",
            format!("Rollout updated to revision {revision}"),
        );
    }
}

/// Mirrors `scaleReplicaSetAndRecordEvent`: writes the size (and the desired-replicas
/// annotation); an event when the size changed. Returns whether it scaled.
pub fn scale_replica_set_and_record_event(
    c: &mut Cluster,
    idx: usize,
    new_scale: i32,
    why: Sentence,
) -> bool {
    let desired = c.deployment.spec.replicas.to_string();
    let rs = &mut c.replica_sets[idx];
    let from = rs.spec.replicas;
    let annotation_stale = rs.meta.annotations.get(DESIRED_REPLICAS_ANNOTATION) != Some(&desired);
    if from == new_scale && !annotation_stale {
        return false;
    }
    rs.meta
        .annotations
        .insert(DESIRED_REPLICAS_ANNOTATION.into(), desired);
    if from == new_scale {
        return false;
    }
    rs.spec.replicas = new_scale;
    rs.meta.generation += 1;
    c.rs_queue.add(idx);
    // Scaled to 0, its deadline goes, unless it is an aborted rollout's delayed one.
    if new_scale == 0 && !state(c).rollout.status.abort {
        state_mut(c).scale_down_deadlines.remove(&idx);
    }
    let rs = &c.replica_sets[idx];
    let (name, revision) = (rs.meta.name.clone(), rs_revision(rs));
    let op = if from < new_scale { "up" } else { "down" };
    let image = rs.spec.template.first_image().to_string();
    c.record(Record::Scale {
        t: seconds(c.now),
        replica_set: name.clone(),
        revision,
        image,
        from,
        to: new_scale,
        why,
    });
    record_event(
        c,
        "ScalingReplicaSet",
        format!("Scaled {op} ReplicaSet {name} (revision {revision}) from {from} to {new_scale}"),
    );
    true
}

/// Records an event of the Rollout, as `kubectl describe rollout` lists it.
pub fn record_event(c: &mut Cluster, reason: &str, message: String) {
    let object = format!("rollout/{}", c.deployment.meta.name);
    c.record(Record::Event {
        t: seconds(c.now),
        kind: if reason == "RolloutAborted" {
            "Warning".into()
        } else {
            "Normal".into()
        },
        reason: reason.into(),
        object,
        message,
    });
}

/// The status the rollout starts from: fully rolled out on its template long ago.
pub fn seed_status(c: &mut Cluster, hash: &str, rs_name: &str) {
    let replicas = c.deployment.spec.replicas;
    let long_ago = crate::sim::runner::HISTORY_MS.saturating_neg() + 1000;
    let s = state_mut(c);
    let ro = &mut s.rollout;
    let step_hash = sync::compute_step_hash(ro);
    ro.status = RolloutStatus {
        stable_rs: Some(hash.to_string()),
        current_pod_hash: Some(hash.to_string()),
        current_step_hash: Some(step_hash),
        observed_generation: 1,
        ..Default::default()
    };
    let steps = ro.canary().map_or(0, |c| c.steps.len() as i32);
    if ro.canary().is_some() && steps > 0 {
        ro.status.current_step_index = Some(steps);
    }
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(b) => {
            ro.status.active_selector = Some(hash.to_string());
            s.active_service = Some(hash.to_string());
            if b.preview_service.is_some() {
                ro.status.preview_selector = Some(hash.to_string());
                s.preview_service = Some(hash.to_string());
            }
            s.routes.push((i64::MIN, Route::Selector(hash.to_string())));
        }
        RolloutStrategy::Canary(cs) if cs.traffic_routing.is_some() => {
            ro.status.weights = Some(crate::api::TrafficWeights {
                canary: 0,
                stable: crate::argo::utils::defaults::max_traffic_weight(ro),
            });
            s.routes.push((
                i64::MIN,
                Route::Weighted {
                    canary_hash: hash.to_string(),
                    stable_hash: hash.to_string(),
                    canary: 0,
                    max: crate::argo::utils::defaults::max_traffic_weight(ro),
                },
            ));
        }
        _ => {}
    }
    use crate::api::{ConditionStatus as S, RolloutConditionType as T};
    let cond = |kind, reason: &str, message: String| crate::api::RolloutCondition {
        kind,
        status: S::True,
        reason: reason.into(),
        message,
        last_update: long_ago,
        last_transition: long_ago,
    };
    let st = &mut s.rollout.status;
    st.conditions = vec![
        cond(
            T::Progressing,
            "NewReplicaSetAvailable",
            format!("ReplicaSet {rs_name:?} has successfully progressed."),
        ),
        cond(
            T::Available,
            "AvailableReason",
            "Rollout has minimum availability".into(),
        ),
        cond(T::Healthy, "RolloutHealthy", "Rollout is healthy".into()),
        cond(T::Completed, "RolloutCompleted", "RolloutCompleted".into()),
    ];
    let _ = replicas;
    let ro = s.rollout.clone();
    let (phase, message) = phase::calculate_rollout_phase(&ro, &c.deployment.status, 1);
    let st = &mut state_mut(c).rollout.status;
    st.phase = Some(phase);
    st.message = message;
    let recorded = st
        .conditions
        .iter()
        .map(|k| (k.kind, k.status, k.reason.clone()))
        .collect();
    state_mut(c).recorded = recorded;
}
