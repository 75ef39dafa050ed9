//! The same service and the same update rolled out three ways: a Deployment's rolling update,
//! an Argo canary with analysis, and an Argo blue-green; for each, the requests that failed,
//! the pods it needed beyond `replicas`, and how long until it finished or stopped.

use super::scenario::{Action, Scenario};
use super::Simulation;
use crate::api::{
    BlueGreenStrategy, CanaryStep, CanaryStrategy, DeploymentStrategy, Rollout, RolloutSpec,
    RolloutStrategy,
};
use crate::argo::rollout::{AnalysisOutcome, AnalysisPhase};
use crate::intstr::IntOrString;
use crate::manifest::WorkloadKind;
use crate::trace::Record;

/// The AnalysisTemplate the compared canary runs at each step.
pub const ANALYSIS_TEMPLATE: &str = "error-rate";

/// How one strategy did.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyOutcome {
    pub strategy: &'static str,
    /// Requests that failed over the run, and those answered with the new version's errors.
    pub failed: u64,
    pub app_errors: u64,
    /// The most pods that existed at once, and how many of them were beyond `replicas`.
    pub peak_pods: u32,
    pub extra_pods: u32,
    /// From the image change until the rollout finished (or was aborted), seconds; `None`:
    /// still going at the end.
    pub took: Option<f64>,
    /// How it ended: "completed", "aborted" or "still rolling out".
    pub ended: &'static str,
}

/// The three scenarios compared: `base`'s workload, service, images, traffic and events, as a
/// Deployment (25%/25% unless it is one already), as an Argo canary (the base's canary, or
/// setWeight 20 → analysis → setWeight 50 → analysis) and as an Argo blue-green.
pub fn strategy_scenarios(base: &Scenario) -> Vec<(&'static str, Scenario)> {
    let mut deployment = base.clone();
    deployment.kind = WorkloadKind::Deployment;
    deployment.rollout = None;
    if base.kind != WorkloadKind::Deployment {
        deployment.deployment.spec.strategy = DeploymentStrategy::rolling(
            IntOrString::String("25%".into()),
            IntOrString::String("25%".into()),
        );
    }
    let as_rollout = |strategy: RolloutStrategy| as_rollout(base, strategy);
    let canary = match base.rollout.as_ref().and_then(Rollout::canary) {
        Some(c) => c.clone(),
        None => {
            let analysis = CanaryStep {
                analysis: Some(vec![ANALYSIS_TEMPLATE.into()]),
                ..Default::default()
            };
            CanaryStrategy {
                steps: vec![
                    CanaryStep::set_weight(20),
                    analysis.clone(),
                    CanaryStep::set_weight(50),
                    analysis,
                ],
                ..Default::default()
            }
        }
    };
    let mut canary = as_rollout(RolloutStrategy::Canary(canary));
    if !canary.analysis.contains_key(ANALYSIS_TEMPLATE) {
        canary
            .analysis
            .insert(ANALYSIS_TEMPLATE.into(), default_analysis(base));
    }
    let blue_green = as_rollout(RolloutStrategy::BlueGreen(BlueGreenStrategy {
        active_service: base.deployment.meta.name.clone(),
        ..Default::default()
    }));
    vec![
        ("Deployment (RollingUpdate)", deployment),
        ("Argo canary with analysis", canary),
        ("Argo blue-green", blue_green),
    ]
}

/// `base`'s workload as an Argo Rollout with `strategy` (promote, abort and retry events left
/// out: the comparison runs without a person's hand).
fn as_rollout(base: &Scenario, strategy: RolloutStrategy) -> Scenario {
    let mut s = base.clone();
    s.kind = WorkloadKind::Rollout;
    s.rollout = Some(Rollout {
        spec: RolloutSpec {
            replicas: Some(base.deployment.spec.replicas),
            paused: false,
            strategy,
            progress_deadline_abort: false,
        },
        status: Default::default(),
    });
    s.events.retain(|e| {
        !matches!(
            e.action,
            Action::Promote { .. } | Action::Abort | Action::Retry
        )
    });
    s
}

/// One Rollout strategy on `base`'s update, its analysis ending as `analysis`, played until it
/// settles (at least `base.until`) and measured.
pub fn compare_strategies_with(
    base: &Scenario,
    strategy: &RolloutStrategy,
    analysis: AnalysisOutcome,
) -> StrategyOutcome {
    let mut s = as_rollout(base, strategy.clone());
    s.analysis.insert(ANALYSIS_TEMPLATE.into(), analysis);
    let last_event = base.events.iter().map(|e| e.at).fold(0.0, f64::max);
    s.until = s.settled_after(last_event).max(base.until);
    measure("Argo canary", &s)
}

/// Seconds after a pod serves until a bad version's errors start: the soonest of the scenario's
/// images with an `errorRate`; `None` when none has one.
pub fn errors_onset(base: &Scenario) -> Option<f64> {
    base.images()
        .iter()
        .map(|i| base.images.of(i))
        .filter(|b| b.error_rate > 0.0)
        .map(|b| b.errors_after)
        .reduce(f64::min)
}

/// The analysis a canary runs when the scenario sets none: measurements 10 s apart, from when
/// the canary's pod serves. With a new image that answers with errors (its `errorRate`), the
/// run fails at the first measurement taken after its errors have started (`errorsAfter`), the
/// first whose window holds some;
/// otherwise it succeeds after three.
fn default_analysis(base: &Scenario) -> AnalysisOutcome {
    const INTERVAL: f64 = 10.0;
    match errors_onset(base) {
        Some(after) => AnalysisOutcome {
            phase: AnalysisPhase::Failed,
            measurements: (after / INTERVAL).floor() as u32 + 2,
            interval: INTERVAL,
        },
        None => AnalysisOutcome {
            phase: AnalysisPhase::Successful,
            measurements: 3,
            interval: INTERVAL,
        },
    }
}

/// Plays each strategy to the end with the scenario's traffic (the base must have a `traffic`
/// section and an image change) and measures it. All run for the same time: the scenario's, or
/// longer, until the slowest has settled.
pub fn compare_strategies(base: &Scenario) -> Vec<(Scenario, StrategyOutcome)> {
    let mut variants = strategy_scenarios(base);
    let last_event = base.events.iter().map(|e| e.at).fold(0.0, f64::max);
    let until = variants
        .iter()
        .map(|(_, s)| s.settled_after(last_event))
        .fold(base.until, f64::max);
    for (_, s) in &mut variants {
        s.until = until;
    }
    variants
        .into_iter()
        .map(|(name, s)| {
            let outcome = measure(name, &s);
            (s, outcome)
        })
        .collect()
}

fn measure(name: &'static str, s: &Scenario) -> StrategyOutcome {
    let mut sim = Simulation::new(s);
    let replicas = s.deployment.spec.replicas.max(0) as u32;
    let mut peak = 0u32;
    while let Some(_t) = sim.step() {
        peak = peak.max(sim.cluster.existing_pods().count() as u32);
    }
    let traffic = s
        .traffic
        .as_ref()
        .map(|cfg| crate::traffic::simulate(&sim.cluster, cfg, 0, sim.until, false));
    let started = s
        .events
        .iter()
        .find(|e| matches!(e.action, Action::SetImage { .. } | Action::Apply(_)))
        .map_or(0.0, |e| e.at);
    let trace = sim.finish();
    let mut ended = "still rolling out";
    let mut took = None;
    for r in &trace {
        match r {
            Record::Condition {
                t, kind, reason, ..
            } if kind == "Progressing" && *t >= started => match reason.as_str() {
                "NewReplicaSetAvailable" if took.is_none() && *t > started => {
                    ended = "completed";
                    took = Some(t - started);
                }
                "RolloutAborted" if took.is_none() => {
                    ended = "aborted";
                    took = Some(t - started);
                }
                _ => {}
            },
            _ => {}
        }
    }
    let (failed, app_errors) = traffic.map_or((0, 0), |r| {
        (
            r.failed_total(),
            r.failed
                .get(&crate::traffic::Failure::AppError)
                .copied()
                .unwrap_or(0),
        )
    });
    StrategyOutcome {
        strategy: name,
        failed,
        app_errors,
        peak_pods: peak,
        extra_pods: peak.saturating_sub(replicas),
        took,
        ended,
    }
}
