//! Mirrors `rollout/analysis.go` at the level of outcomes: an AnalysisRun's result is not
//! measured but set by the scenario (per AnalysisTemplate: the phase it ends in, after how many
//! measurements, how far apart). A failed or errored run aborts the rollout; an inconclusive one
//! pauses it.

use super::{rollout, state, state_mut, Context};
use crate::api::{Millis, PauseReason, Rollout};
use crate::cluster::Cluster;

/// How an AnalysisRun ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnalysisPhase {
    Successful,
    Failed,
    Inconclusive,
    Error,
}

impl AnalysisPhase {
    pub fn parse(s: &str) -> Option<AnalysisPhase> {
        Some(match s {
            "Successful" => AnalysisPhase::Successful,
            "Failed" => AnalysisPhase::Failed,
            "Inconclusive" => AnalysisPhase::Inconclusive,
            "Error" => AnalysisPhase::Error,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisPhase::Successful => "Successful",
            AnalysisPhase::Failed => "Failed",
            AnalysisPhase::Inconclusive => "Inconclusive",
            AnalysisPhase::Error => "Error",
        }
    }
}

/// The outcome the scenario sets for an AnalysisTemplate: `phase` after `measurements`
/// measurements taken `interval` seconds apart (the first at once).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnalysisOutcome {
    pub phase: AnalysisPhase,
    pub measurements: u32,
    pub interval: f64,
}

impl Default for AnalysisOutcome {
    fn default() -> Self {
        AnalysisOutcome {
            phase: AnalysisPhase::Successful,
            measurements: 1,
            interval: 60.0,
        }
    }
}

impl AnalysisOutcome {
    /// How long after its start the run ends.
    pub fn duration_ms(&self) -> Millis {
        (f64::from(self.measurements.saturating_sub(1)) * self.interval * 1000.0).round() as Millis
    }
}

/// Which analysis a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// An `analysis` step (its index).
    Step(i32),
    /// `strategy.canary.analysis`, running beside the steps.
    Background,
    /// Blue-green's `prePromotionAnalysis` (before the switch) and `postPromotionAnalysis`
    /// (after it, before the new ReplicaSet is the stable one).
    PrePromotion,
    PostPromotion,
}

impl RunKind {
    /// How the controller's events name it.
    fn label(self) -> &'static str {
        match self {
            RunKind::Step(_) => "Step",
            RunKind::Background => "Background",
            RunKind::PrePromotion => "PrePromotion",
            RunKind::PostPromotion => "PostPromotion",
        }
    }
}

/// An AnalysisRun: when it started, when it ends and how.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisRun {
    pub name: String,
    pub kind: RunKind,
    pub pod_hash: String,
    pub templates: Vec<String>,
    pub started: Millis,
    pub ends: Millis,
    pub phase: AnalysisPhase,
    pub message: String,
    /// Cancelled before it ended (the rollout aborted, was promoted, or moved on).
    pub terminated: Option<Millis>,
    /// Its unsuccessful outcome was acted on (an abort or a pause): the next time its step
    /// comes, a new run replaces it (`needsNewAnalysisRun`).
    pub acted: bool,
}

impl AnalysisRun {
    /// Its phase at `t`: `None` while running.
    pub fn phase_at(&self, t: Millis) -> Option<AnalysisPhase> {
        if self.terminated.is_some_and(|x| x <= t && x < self.ends) {
            return Some(AnalysisPhase::Successful);
        }
        (t >= self.ends).then_some(self.phase)
    }
}

/// The run's end: the earliest failing template's, else the last template's.
fn plan(state: &super::RolloutState, templates: &[String]) -> (AnalysisPhase, Millis, String) {
    let outcome = |t: &String| state.outcomes.get(t).copied().unwrap_or_default();
    let failing = templates
        .iter()
        .filter(|t| outcome(t).phase != AnalysisPhase::Successful)
        .min_by_key(|t| outcome(t).duration_ms());
    match failing {
        Some(t) => {
            let o = outcome(t);
            let n = o.measurements.max(1);
            let what = match o.phase {
                AnalysisPhase::Inconclusive => "inconclusive",
                AnalysisPhase::Error => "error",
                _ => "failed",
            };
            let limit = if o.phase == AnalysisPhase::Error {
                "consecutiveErrorLimit"
            } else if o.phase == AnalysisPhase::Inconclusive {
                "inconclusiveLimit"
            } else {
                "failureLimit"
            };
            let message = format!(
                "Metric \"{t}\" assessed {} due to {what} ({n}) > {limit} ({})",
                o.phase.as_str(),
                n - 1
            );
            (o.phase, o.duration_ms(), message)
        }
        None => {
            let end = templates
                .iter()
                .map(|t| outcome(t).duration_ms())
                .max()
                .unwrap_or(0);
            (AnalysisPhase::Successful, end, String::new())
        }
    }
}

/// Mirrors `reconcileAnalysisRuns`: no analysis on an aborted, fully promoted or first rollout;
/// the current step's run and the background run created as needed; their outcomes acted on.
pub fn reconcile_analysis_runs(c: &mut Cluster, ctx: &mut Context) {
    let ro = rollout(c);
    let hash = ro.status.current_pod_hash.clone().unwrap_or_default();
    if ctx.pause.is_aborted(&ro.status) || ro.status.promote_full || ro.status.stable_rs.is_none() {
        terminate(c, |_| true);
        return;
    }
    if let Some(bg) = ro.blue_green() {
        return reconcile_blue_green_runs(c, ctx, bg.clone(), &hash);
    }
    let Some(cs) = ro.canary() else { return };
    let fully_promoted = ro.status.stable_rs.as_deref() == Some(hash.as_str());
    // The step's run.
    let (step, index) = crate::argo::utils::canary::get_current_canary_step(&ro);
    let keep = !ro.status.pause_conditions.is_empty() || ro.status.abort;
    if !keep {
        match (step.and_then(|s| s.analysis.clone()), index) {
            (Some(templates), Some(i)) if !fully_promoted => {
                ensure_run(c, RunKind::Step(i), &hash, templates);
            }
            _ => terminate(c, |r| matches!(r.kind, RunKind::Step(_))),
        }
    }
    // The background run.
    if let Some(bg) = &cs.analysis {
        let started = index.unwrap_or(0) >= bg.starting_step.unwrap_or(0);
        if !fully_promoted && started {
            ensure_run(c, RunKind::Background, &hash, bg.templates.clone());
        }
    }
    let step_kind = index.map(RunKind::Step);
    act_on_ended(c, ctx, &hash, |k| {
        Some(k) == step_kind || k == RunKind::Background
    });
}

/// Mirrors `setPauseOrAbort` for the runs `which` picks: each run of the current pod hash that
/// ended unsuccessfully is acted on once (an event, then an abort or, inconclusive, a pause).
fn act_on_ended(c: &mut Cluster, ctx: &mut Context, hash: &str, which: impl Fn(RunKind) -> bool) {
    let now = c.now;
    let mut ended = Vec::new();
    for r in &mut state_mut(c).runs {
        let live = r.pod_hash == hash && r.terminated.is_none() && !r.acted && which(r.kind);
        if let (true, Some(phase)) = (live, r.phase_at(now)) {
            if phase != AnalysisPhase::Successful {
                r.acted = true;
                ended.push((r.kind, r.name.clone(), phase, r.message.clone()));
            }
        }
    }
    for (kind, name, phase, message) in ended {
        super::record_event(
            c,
            "AnalysisRunCompleted",
            format!(
                "{} Analysis Run '{name}' Status New: '{}' Previous: 'Running'",
                kind.label(),
                phase.as_str()
            ),
        );
        match phase {
            AnalysisPhase::Inconclusive => ctx
                .pause
                .add_pause_condition(PauseReason::InconclusiveAnalysis),
            _ => ctx.pause.add_abort(message),
        }
    }
}

/// Mirrors `reconcilePrePromotionAnalysisRun` and `reconcilePostPromotionAnalysisRun`: before
/// the switch, once the preview is saturated; after it, until the new ReplicaSet is stable.
fn reconcile_blue_green_runs(
    c: &mut Cluster,
    ctx: &mut Context,
    bg: crate::api::BlueGreenStrategy,
    hash: &str,
) {
    let ro = rollout(c);
    let st = &ro.status;
    let current = Some(hash.to_string());
    let saturated = ctx.new_rs.is_some_and(|i| {
        let rs = &c.replica_sets[i];
        let want = match bg.preview_replica_count {
            Some(n) if st.active_selector != current => n,
            _ => ro.replicas(),
        };
        rs.spec.replicas == want && rs.status.available_replicas == want
    });
    let promoted = st.stable_rs == current;
    let switched = st.active_selector == current;
    if let Some(t) = &bg.pre_promotion_analysis {
        if !promoted && !switched && st.active_selector.is_some() && saturated {
            ensure_run(c, RunKind::PrePromotion, hash, t.clone());
        }
    }
    if let Some(t) = &bg.post_promotion_analysis {
        if !promoted && switched && saturated {
            ensure_run(c, RunKind::PostPromotion, hash, t.clone());
        }
    }
    act_on_ended(c, ctx, hash, |k| {
        matches!(k, RunKind::PrePromotion | RunKind::PostPromotion)
    });
}

/// Whether the current pod hash's run of `kind` ended Successful (`None`: no such run).
pub fn run_successful(c: &Cluster, kind: RunKind, hash: &str) -> Option<bool> {
    state(c)
        .runs
        .iter()
        .rev()
        .find(|r| r.kind == kind && r.pod_hash == hash && r.terminated.is_none())
        .map(|r| !r.acted && r.phase_at(c.now) == Some(AnalysisPhase::Successful))
}

fn ensure_run(c: &mut Cluster, kind: RunKind, hash: &str, templates: Vec<String>) {
    let now = c.now;
    let name_of = |c: &Cluster| {
        let rev = state(c).revision;
        match kind {
            RunKind::Step(i) => format!("{}-{hash}-{rev}-{i}", c.deployment.meta.name),
            RunKind::Background => format!("{}-{hash}-{rev}", c.deployment.meta.name),
            RunKind::PrePromotion => format!("{}-{hash}-{rev}-pre", c.deployment.meta.name),
            RunKind::PostPromotion => format!("{}-{hash}-{rev}-post", c.deployment.meta.name),
        }
    };
    let base = name_of(c);
    // The run of this step and revision; one acted on is replaced by `NAME.1`, `NAME.2`, ...
    let same: Vec<&AnalysisRun> = state(c)
        .runs
        .iter()
        .filter(|r| r.name == base || r.name.starts_with(&format!("{base}.")))
        .collect();
    if same.last().is_some_and(|r| !r.acted) {
        return;
    }
    let name = match same.len() {
        0 => base,
        n => format!("{base}.{n}"),
    };
    let (phase, duration, message) = plan(state(c), &templates);
    let run = AnalysisRun {
        name: name.clone(),
        kind,
        pod_hash: hash.to_string(),
        templates,
        started: now,
        ends: now + duration,
        phase,
        message,
        terminated: None,
        acted: false,
    };
    c.wake_at(run.ends);
    state_mut(c).runs.push(run);
    super::record_event(
        c,
        "AnalysisRunRunning",
        format!(
            "{} Analysis Run '{name}' Status New: 'Running' Previous: ''",
            kind.label()
        ),
    );
}

fn terminate(c: &mut Cluster, which: impl Fn(&AnalysisRun) -> bool) {
    let now = c.now;
    for r in &mut state_mut(c).runs {
        if r.terminated.is_none() && r.ends > now && which(r) {
            r.terminated = Some(now);
        }
    }
}

/// Whether the current analysis step's run has ended Successful.
pub fn step_run_successful(c: &Cluster, ro: &Rollout) -> bool {
    let (_, index) = crate::argo::utils::canary::get_current_canary_step(ro);
    let hash = ro.status.current_pod_hash.clone().unwrap_or_default();
    state(c).runs.iter().any(|r| {
        Some(r.kind) == index.map(RunKind::Step)
            && r.pod_hash == hash
            && r.terminated.is_none()
            && !r.acted
            && r.phase_at(c.now) == Some(AnalysisPhase::Successful)
    })
}
