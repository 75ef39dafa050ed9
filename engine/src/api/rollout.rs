//! argoproj.io/v1alpha1 `Rollout`: the strategy and status fields Argo Rollouts' controller reads
//! and writes (`pkg/apis/rollouts/v1alpha1/types.go`). The pod template, selector and the other
//! fields a Rollout shares with a Deployment live in the cluster's workload object.

use super::Millis;
use crate::intstr::IntOrString;

/// The label Argo Rollouts puts on a Rollout's ReplicaSets and pods (`DefaultRolloutUniqueLabelKey`).
pub const POD_HASH_LABEL: &str = "rollouts-pod-template-hash";
/// The annotation of a ReplicaSet's revision (`annotations.RevisionAnnotation`).
pub const REVISION_ANNOTATION: &str = "rollout.argoproj.io/revision";
/// When a scaled-down-later ReplicaSet goes to zero (`v1alpha1.DefaultReplicaSetScaleDownDeadlineAnnotationKey`).
pub const SCALE_DOWN_DEADLINE_ANNOTATION: &str = "scale-down-deadline";

/// `spec.strategy.canary.steps[]`: as upstream, a struct of optional parts of which validation
/// lets exactly one be set (only the kinds the simulation models).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanaryStep {
    /// `setWeight: N`.
    pub set_weight: Option<i32>,
    /// `pause: {}` (waits for `promote`) or `pause: {duration: 30s}`.
    pub pause: Option<RolloutPause>,
    /// `setCanaryScale`: replicas, or weight, or matchTrafficWeight.
    pub set_canary_scale: Option<SetCanaryScale>,
    /// `analysis: {templates: [...]}`: an AnalysisRun whose outcome the scenario sets.
    pub analysis: Option<Vec<String>>,
}

impl CanaryStep {
    pub fn set_weight(w: i32) -> Self {
        CanaryStep {
            set_weight: Some(w),
            ..Default::default()
        }
    }

    pub fn pause(duration: Option<i64>) -> Self {
        CanaryStep {
            pause: Some(RolloutPause { duration }),
            ..Default::default()
        }
    }
}

/// `steps[].pause`: a duration in seconds, or none (until promoted).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RolloutPause {
    pub duration: Option<i64>,
}

/// `steps[].setCanaryScale`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetCanaryScale {
    pub replicas: Option<i32>,
    pub weight: Option<i32>,
    pub match_traffic_weight: bool,
}

/// `spec.strategy.canary.trafficRouting`: a router sends exact weights (which router does not
/// matter to the replica arithmetic).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrafficRouting {
    /// `maxTrafficWeight` (nil: 100).
    pub max_traffic_weight: Option<i32>,
}

/// `spec.strategy.canary.replicaProgressThreshold`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReplicaProgressThreshold {
    Percent(i32),
    Pods(i32),
}

/// `spec.strategy.canary`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanaryStrategy {
    pub max_surge: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
    pub steps: Vec<CanaryStep>,
    pub traffic_routing: Option<TrafficRouting>,
    pub dynamic_stable_scale: bool,
    /// Seconds; `None`: the default (30 s with traffic routing).
    pub abort_scale_down_delay_seconds: Option<i32>,
    /// `scaleDownDelaySeconds` (traffic routing only; default 30).
    pub scale_down_delay_seconds: Option<i32>,
    pub min_pods_per_replica_set: Option<i32>,
    pub replica_progress_threshold: Option<ReplicaProgressThreshold>,
    /// `analysis`: a background AnalysisRun's templates, from `startingStep` (0-based).
    pub analysis: Option<BackgroundAnalysis>,
}

/// `spec.strategy.canary.analysis`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackgroundAnalysis {
    pub templates: Vec<String>,
    pub starting_step: Option<i32>,
}

/// `spec.strategy.blueGreen`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlueGreenStrategy {
    pub active_service: String,
    pub preview_service: Option<String>,
    pub preview_replica_count: Option<i32>,
    /// `autoPromotionEnabled` (nil: true).
    pub auto_promotion_enabled: Option<bool>,
    pub auto_promotion_seconds: i32,
    /// `scaleDownDelaySeconds` (nil: 30).
    pub scale_down_delay_seconds: Option<i32>,
    pub abort_scale_down_delay_seconds: Option<i32>,
    pub max_unavailable: Option<IntOrString>,
    /// `prePromotionAnalysis` / `postPromotionAnalysis`: their AnalysisTemplates' names.
    pub pre_promotion_analysis: Option<Vec<String>>,
    pub post_promotion_analysis: Option<Vec<String>>,
}

/// `spec.strategy`: one of the two (`Unset`: neither, which validation refuses; upstream's
/// helpers still answer for it).
#[derive(Clone, Debug, PartialEq)]
pub enum RolloutStrategy {
    Canary(CanaryStrategy),
    BlueGreen(BlueGreenStrategy),
    Unset,
}

/// The Rollout-specific part of `spec`.
#[derive(Clone, Debug, PartialEq)]
pub struct RolloutSpec {
    /// `spec.replicas` (nil: 1).
    pub replicas: Option<i32>,
    pub paused: bool,
    pub strategy: RolloutStrategy,
    /// `progressDeadlineAbort`: a rollout past its deadline is aborted.
    pub progress_deadline_abort: bool,
}

/// `status.pauseConditions[].reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PauseReason {
    CanaryPauseStep,
    BlueGreenPause,
    InconclusiveAnalysis,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseReason::CanaryPauseStep => "CanaryPauseStep",
            PauseReason::BlueGreenPause => "BlueGreenPause",
            PauseReason::InconclusiveAnalysis => "InconclusiveAnalysisRun",
        }
    }
}

/// `status.pauseConditions[]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PauseCondition {
    pub reason: PauseReason,
    pub start_time: Millis,
}

/// `status.canary.weights`: what the traffic router was last told.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrafficWeights {
    pub canary: i32,
    pub stable: i32,
}

/// `status.phase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutPhase {
    Progressing,
    Paused,
    Degraded,
    Healthy,
}

impl RolloutPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutPhase::Progressing => "Progressing",
            RolloutPhase::Paused => "Paused",
            RolloutPhase::Degraded => "Degraded",
            RolloutPhase::Healthy => "Healthy",
        }
    }
}

/// The Rollout-specific part of `status`. Pod hashes name ReplicaSets (`rollouts-pod-template-hash`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RolloutStatus {
    pub stable_rs: Option<String>,
    pub current_pod_hash: Option<String>,
    pub current_step_index: Option<i32>,
    pub current_step_hash: Option<String>,
    pub pause_conditions: Vec<PauseCondition>,
    /// `controllerPause`: the controller (not the user) paused it.
    pub controller_pause: bool,
    pub abort: bool,
    pub aborted_at: Option<Millis>,
    pub promote_full: bool,
    /// `status.blueGreen.activeSelector` / `previewSelector`.
    pub active_selector: Option<String>,
    pub preview_selector: Option<String>,
    pub scale_up_preview_check_point: bool,
    pub weights: Option<TrafficWeights>,
    /// `status.observedGeneration`.
    pub observed_generation: i64,
    pub phase: Option<RolloutPhase>,
    pub message: String,
    pub conditions: Vec<RolloutCondition>,
}

/// The condition types of a Rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RolloutConditionType {
    Progressing,
    Available,
    Paused,
    Healthy,
    Completed,
    ReplicaFailure,
}

impl RolloutConditionType {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutConditionType::Progressing => "Progressing",
            RolloutConditionType::Available => "Available",
            RolloutConditionType::Paused => "Paused",
            RolloutConditionType::Healthy => "Healthy",
            RolloutConditionType::Completed => "Completed",
            RolloutConditionType::ReplicaFailure => "ReplicaFailure",
        }
    }
}

/// One entry of a Rollout's `status.conditions`.
#[derive(Clone, Debug, PartialEq)]
pub struct RolloutCondition {
    pub kind: RolloutConditionType,
    pub status: super::ConditionStatus,
    pub reason: String,
    pub message: String,
    pub last_update: Millis,
    pub last_transition: Millis,
}

impl RolloutStatus {
    /// Mirrors `conditions.GetRolloutCondition`.
    pub fn condition(&self, kind: RolloutConditionType) -> Option<&RolloutCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// Mirrors `conditions.SetRolloutCondition`: no change (false) when the status and reason are
    /// the same; the transition time is kept when only the reason changes.
    pub fn set_condition(&mut self, mut c: RolloutCondition) -> bool {
        if let Some(cur) = self.condition(c.kind) {
            if cur.status == c.status && cur.reason == c.reason {
                return false;
            }
            if cur.status == c.status {
                c.last_transition = cur.last_transition;
            }
        }
        self.remove_condition(c.kind);
        self.conditions.push(c);
        true
    }

    /// Mirrors `conditions.RemoveRolloutCondition`.
    pub fn remove_condition(&mut self, kind: RolloutConditionType) {
        self.conditions.retain(|c| c.kind != kind);
    }
}

/// An argoproj.io/v1alpha1 Rollout, reduced to what its controller reads and writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollout {
    pub spec: RolloutSpec,
    pub status: RolloutStatus,
}

impl Rollout {
    /// The canary strategy, if that is the strategy.
    pub fn canary(&self) -> Option<&CanaryStrategy> {
        match &self.spec.strategy {
            RolloutStrategy::Canary(c) => Some(c),
            _ => None,
        }
    }

    /// The blue-green strategy, if that is the strategy.
    pub fn blue_green(&self) -> Option<&BlueGreenStrategy> {
        match &self.spec.strategy {
            RolloutStrategy::BlueGreen(b) => Some(b),
            _ => None,
        }
    }

    /// `defaults.GetReplicasOrDefault(spec.replicas)`.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }
}
