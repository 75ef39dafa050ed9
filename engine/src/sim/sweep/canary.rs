//! Tuning an Argo canary: its first step's weight × how long it pauses before analysis, against
//! a bad version (how many requests fail before the analysis stops it, and when) and the same
//! version without its bug (how long the whole rollout takes). Steps:
//! `setWeight W`, `pause P`, `analysis`, `setWeight 100`.

use crate::api::{CanaryStep, CanaryStrategy, RolloutPause, RolloutStrategy};
use crate::argo::rollout::{AnalysisOutcome, AnalysisPhase};
use crate::sim::compare::{compare_strategies_with, ANALYSIS_TEMPLATE};
use crate::sim::Scenario;

/// The analysis' measurements are this far apart, seconds.
pub const INTERVAL: f64 = 10.0;

/// The values swept.
#[derive(Clone, Debug, PartialEq)]
pub struct CanaryAxes {
    pub weights: Vec<i32>,
    /// Seconds.
    pub pauses: Vec<i64>,
}

impl Default for CanaryAxes {
    fn default() -> Self {
        CanaryAxes {
            weights: vec![5, 10, 20, 30, 50],
            pauses: vec![0, 30, 60, 120],
        }
    }
}

/// One setting's result.
#[derive(Clone, Debug, PartialEq)]
pub struct CanaryCell {
    pub weight: i32,
    pub pause: i64,
    /// With the bad version: requests it answered with errors, and when the rollout aborted
    /// (seconds after the update; `None`: it did not).
    pub bad_version_errors: u64,
    pub aborted_after: Option<f64>,
    /// With the version fixed: seconds until the rollout completed (`None`: not by the end).
    pub completed_after: Option<f64>,
}

/// The canary of a setting.
fn strategy(weight: i32, pause: i64) -> CanaryStrategy {
    CanaryStrategy {
        steps: vec![
            CanaryStep::set_weight(weight),
            CanaryStep {
                pause: Some(RolloutPause {
                    duration: Some(pause),
                }),
                ..Default::default()
            },
            CanaryStep {
                analysis: Some(vec![ANALYSIS_TEMPLATE.into()]),
                ..Default::default()
            },
            CanaryStep::set_weight(100),
        ],
        ..Default::default()
    }
}

/// The analysis against a version whose errors start `errors_after` seconds after its pods
/// serve, run after a pause of `pause`: it fails at the first measurement taken after the errors
/// start (at once if they started during the pause).
pub fn analysis_after_pause(errors_after: f64, pause: i64) -> AnalysisOutcome {
    let p = pause as f64;
    let measurements = if errors_after < p {
        1
    } else {
        ((errors_after - p) / INTERVAL).floor() as u32 + 2
    };
    AnalysisOutcome {
        phase: AnalysisPhase::Failed,
        measurements,
        interval: INTERVAL,
    }
}

/// Runs every setting against the scenario's bad version (a new image with an `errorRate`) and
/// against it fixed. `None` when no image of the scenario has an error rate.
pub fn sweep_canary(base: &Scenario, axes: &CanaryAxes) -> Option<Vec<CanaryCell>> {
    let errors_after = crate::sim::compare::errors_onset(base)?;
    let mut fixed = base.clone();
    for b in fixed.images.0.values_mut() {
        b.error_rate = 0.0;
    }
    let mut out = Vec::new();
    for &weight in &axes.weights {
        for &pause in &axes.pauses {
            let canary = RolloutStrategy::Canary(strategy(weight, pause));
            let bad =
                compare_strategies_with(base, &canary, analysis_after_pause(errors_after, pause));
            let good = compare_strategies_with(
                &fixed,
                &canary,
                AnalysisOutcome {
                    phase: AnalysisPhase::Successful,
                    measurements: 3,
                    interval: INTERVAL,
                },
            );
            out.push(CanaryCell {
                weight,
                pause,
                bad_version_errors: bad.app_errors,
                aborted_after: (bad.ended == "aborted").then_some(bad.took).flatten(),
                completed_after: (good.ended == "completed").then_some(good.took).flatten(),
            });
        }
    }
    Some(out)
}
