//! autoscaling/v2 HorizontalPodAutoscaler, reduced to what the controller reads for a CPU
//! utilization target: min and max replicas, the target, and `behavior` with its API defaults
//! (pkg/apis/autoscaling/v2/defaults.go).

/// `HPAScalingPolicyType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalingPolicyType {
    Pods,
    Percent,
}

impl ScalingPolicyType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScalingPolicyType::Pods => "Pods",
            ScalingPolicyType::Percent => "Percent",
        }
    }
}

/// `HPAScalingPolicy`: at most `value` pods (or percent) per `period_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScalingPolicy {
    pub kind: ScalingPolicyType,
    pub value: i32,
    pub period_seconds: i32,
}

/// `ScalingPolicySelect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectPolicy {
    Max,
    Min,
    Disabled,
}

impl SelectPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            SelectPolicy::Max => "Max",
            SelectPolicy::Min => "Min",
            SelectPolicy::Disabled => "Disabled",
        }
    }
}

/// `HPAScalingRules`, fields as optional as the API has them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScalingRules {
    pub stabilization_window_seconds: Option<i32>,
    pub select_policy: Option<SelectPolicy>,
    pub policies: Vec<ScalingPolicy>,
}

impl ScalingRules {
    /// The policy select, `Max` when unset (the controller reads the defaulted object).
    pub fn select(&self) -> SelectPolicy {
        self.select_policy.unwrap_or(SelectPolicy::Max)
    }
}

/// `HorizontalPodAutoscalerBehavior`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Behavior {
    pub scale_up: Option<ScalingRules>,
    pub scale_down: Option<ScalingRules>,
}

/// The spec of an HPA whose target is the scenario's Deployment, on one metric: the pods' CPU
/// utilization (`type: Resource`, `name: cpu`, `target.type: Utilization`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HorizontalPodAutoscalerSpec {
    /// `minReplicas` (defaulted to 1).
    pub min_replicas: i32,
    pub max_replicas: i32,
    /// `averageUtilization`, percent of the pods' CPU requests (defaulted to 80).
    pub target_cpu_utilization: i32,
    /// `None`: the controller's older path (`normalizeDesiredReplicas`).
    pub behavior: Option<Behavior>,
}

/// Mirrors `SetDefaults_HorizontalPodAutoscaler`'s metric default.
pub const DEFAULT_CPU_UTILIZATION: i32 = 80;

/// Mirrors `GenerateHPAScaleUpRules`: the missing parts of the scale-up rules from the
/// defaults (no stabilization, `Max` of 4 pods and 100% per 15 s).
pub fn generate_hpa_scale_up_rules(rules: Option<&ScalingRules>) -> ScalingRules {
    let mut r = rules.cloned().unwrap_or_default();
    r.stabilization_window_seconds.get_or_insert(0);
    r.select_policy.get_or_insert(SelectPolicy::Max);
    if r.policies.is_empty() {
        r.policies = vec![
            ScalingPolicy {
                kind: ScalingPolicyType::Pods,
                value: 4,
                period_seconds: 15,
            },
            ScalingPolicy {
                kind: ScalingPolicyType::Percent,
                value: 100,
                period_seconds: 15,
            },
        ];
    }
    r
}

/// Mirrors `GenerateHPAScaleDownRules`: `Max` of 100% per 15 s; the stabilization window is left
/// unset (the controller fills in its `--horizontal-pod-autoscaler-downscale-stabilization`).
pub fn generate_hpa_scale_down_rules(rules: Option<&ScalingRules>) -> ScalingRules {
    let mut r = rules.cloned().unwrap_or_default();
    r.select_policy.get_or_insert(SelectPolicy::Max);
    if r.policies.is_empty() {
        r.policies = vec![ScalingPolicy {
            kind: ScalingPolicyType::Percent,
            value: 100,
            period_seconds: 15,
        }];
    }
    r
}

/// Mirrors `SetDefaults_HorizontalPodAutoscalerBehavior`: a behavior that is set gets both rule
/// sets filled in; an unset one stays unset.
pub fn default_behavior(b: Option<&Behavior>) -> Option<Behavior> {
    b.map(|b| Behavior {
        scale_up: Some(generate_hpa_scale_up_rules(b.scale_up.as_ref())),
        scale_down: Some(generate_hpa_scale_down_rules(b.scale_down.as_ref())),
    })
}
