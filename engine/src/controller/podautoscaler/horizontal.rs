//! The HPA controller's loop for the scenario's one HPA (pkg/controller/podautoscaler/
//! horizontal.go, v1.28): every sync period it reads the Deployment's scale and its pods' CPU,
//! computes a recommendation, normalizes it, and writes `spec.replicas` through the scale
//! subresource; the Deployment controller then spreads the change over the ReplicaSets.

use super::metrics::snapshot;
use super::normalize::{Memory, NormalizationArg, Normalized};
use super::replica_calculator::{get_resource_replicas_working, Working, DEFAULT_TOLERANCE};
use crate::api::hpa::{default_behavior, Behavior, HorizontalPodAutoscalerSpec};
use crate::api::Millis;
use crate::cluster::Cluster;
use crate::sentence::{Joint, Sentence};
use crate::trace::{seconds, Record};

/// `--horizontal-pod-autoscaler-sync-period` (15 s).
pub const SYNC_PERIOD_MS: Millis = 15_000;
/// `--horizontal-pod-autoscaler-downscale-stabilization` (5 minutes): the scale-down window of
/// an HPA that leaves it unset.
pub const DOWNSCALE_STABILIZATION_MS: Millis = 300_000;
/// The metric's name in the controller's messages.
pub const METRIC_NAME: &str = "cpu resource utilization (percentage of request)";

/// One condition of the HPA's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HpaCondition {
    pub kind: &'static str,
    pub status: bool,
    pub reason: &'static str,
    pub message: String,
}

/// `status`, as the controller writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HpaStatus {
    pub current_replicas: i32,
    pub desired_replicas: i32,
    /// `currentMetrics[0].resource.current`: averageUtilization and averageValue (millicores).
    pub current_utilization: Option<i32>,
    pub current_average_value: Option<i64>,
    pub last_scale_time: Option<Millis>,
    /// AbleToScale, ScalingActive, ScalingLimited, in that order once set.
    pub conditions: Vec<HpaCondition>,
}

impl HpaStatus {
    /// Mirrors `setCondition`: replaces the condition of that type, or adds it.
    fn set(&mut self, kind: &'static str, status: bool, reason: &'static str, message: String) {
        let c = HpaCondition {
            kind,
            status,
            reason,
            message,
        };
        match self.conditions.iter_mut().find(|x| x.kind == kind) {
            Some(x) => *x = c,
            None => self.conditions.push(c),
        }
    }

    pub fn condition(&self, kind: &str) -> Option<&HpaCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }
}

/// What one sync decided, with its arithmetic in words (the page's "why").
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub t: Millis,
    pub current: i32,
    pub desired: i32,
    pub utilization: Option<i32>,
    pub why: Sentence,
}

/// The HPA object with what its controller keeps in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct HorizontalPodAutoscaler {
    pub name: String,
    pub spec: HorizontalPodAutoscalerSpec,
    /// The spec's behavior as the API server stores it (defaulted).
    pub behavior: Option<Behavior>,
    pub status: HpaStatus,
    pub memory: Memory,
    /// The traffic whose load the pods' CPU comes from.
    pub traffic: Option<crate::traffic::TrafficConfig>,
    /// Every sync's decision so far.
    pub decisions: Vec<Decision>,
    /// The last warning recorded (an event repeated each sync is recorded once).
    last_warning: Option<String>,
}

impl HorizontalPodAutoscaler {
    pub fn new(
        name: &str,
        spec: &HorizontalPodAutoscalerSpec,
        traffic: Option<crate::traffic::TrafficConfig>,
    ) -> Self {
        let mut behavior = default_behavior(spec.behavior.as_ref());
        // maybeInitScaleDownStabilizationWindow.
        if let Some(down) = behavior.as_mut().and_then(|b| b.scale_down.as_mut()) {
            down.stabilization_window_seconds
                .get_or_insert((DOWNSCALE_STABILIZATION_MS / 1000) as i32);
        }
        HorizontalPodAutoscaler {
            name: name.to_string(),
            spec: spec.clone(),
            behavior,
            status: HpaStatus::default(),
            memory: Memory::default(),
            traffic,
            decisions: Vec::new(),
            last_warning: None,
        }
    }
}

/// Asks to be woken at the next sync.
pub fn wake_for_next_sync(c: &mut Cluster) {
    if c.hpa.is_some() {
        let next = (c.now.div_euclid(SYNC_PERIOD_MS) + 1) * SYNC_PERIOD_MS;
        c.wake_at(next);
    }
}

/// Mirrors `reconcileAutoscaler` at a sync instant. Returns whether it changed the
/// Deployment's replicas.
pub fn reconcile_autoscaler(c: &mut Cluster) -> bool {
    if c.now % SYNC_PERIOD_MS != 0 {
        return false;
    }
    let Some(mut h) = c.hpa.take() else {
        return false;
    };
    let changed = reconcile(c, &mut h);
    c.hpa = Some(h);
    wake_for_next_sync(c);
    changed
}

fn reconcile(c: &mut Cluster, h: &mut HorizontalPodAutoscaler) -> bool {
    let now = c.now;
    let current = c.deployment.spec.replicas;
    h.status.set(
        "AbleToScale",
        true,
        "SucceededGetScale",
        "the HPA controller was able to get the target's current scale".into(),
    );
    h.memory.record_initial_recommendation(current, now);
    let (min, max) = (h.spec.min_replicas, h.spec.max_replicas);
    let why;
    let (desired, reason, rescale) = if current == 0 && min != 0 {
        h.status.set(
            "ScalingActive",
            false,
            "ScalingDisabled",
            "scaling is disabled since the replica count of the target is zero".into(),
        );
        why = Sentence::new(
            "spec.replicas is 0: the HPA does not scale a Deployment scaled to zero.",
            &[],
        );
        (0, String::new(), false)
    } else if current > max {
        why = Sentence::new(
            "spec.replicas {current} is above maxReplicas {max}: set to {max}.",
            &[("current", &current), ("max", &max)],
        );
        (
            max,
            "Current number of replicas above Spec.MaxReplicas".to_string(),
            true,
        )
    } else if current < min {
        why = Sentence::new(
            "spec.replicas {current} is below minReplicas {min}: set to {min}.",
            &[("current", &current), ("min", &min)],
        );
        (
            min,
            "Current number of replicas below Spec.MinReplicas".to_string(),
            true,
        )
    } else {
        let snap = snapshot(c, h.traffic.as_ref());
        let target = h.spec.target_cpu_utilization;
        match get_resource_replicas_working(
            current,
            target,
            "cpu",
            &snap.pods,
            snap.metrics,
            DEFAULT_TOLERANCE,
        ) {
            Err(e) => {
                let err = format!("failed to get cpu utilization: {e}");
                h.status.set(
                    "ScalingActive",
                    false,
                    "FailedGetResourceMetric",
                    format!("the HPA was unable to compute the replica count: {err}"),
                );
                warn(c, h, &err);
                h.status.current_replicas = current;
                h.decisions.push(Decision {
                    t: now,
                    current,
                    desired: current,
                    utilization: None,
                    why: Sentence::new(
                        "No recommendation: {err}. The replicas stay at {current}.",
                        &[("err", &err), ("current", &current)],
                    ),
                });
                return false;
            }
            Ok((rec, working)) => {
                h.last_warning = None;
                h.status.set(
                    "ScalingActive",
                    true,
                    "ValidMetricFound",
                    format!("the HPA was able to successfully calculate a replica count from {METRIC_NAME}"),
                );
                h.status.current_utilization = Some(rec.utilization);
                h.status.current_average_value = Some(rec.raw_average);
                let calculation = explain_calculation(
                    current,
                    target,
                    rec.utilization,
                    rec.raw_average,
                    rec.replicas,
                    &working,
                );
                let proposal = rec.replicas;
                let reason = if proposal > current {
                    format!("{METRIC_NAME} above target")
                } else if proposal < current {
                    "All metrics below target".to_string()
                } else {
                    String::new()
                };
                let n = normalize(h, current, proposal, now);
                why = Sentence::joined(
                    Joint::Space,
                    vec![calculation, explain_normalization(h, current, proposal, &n)],
                );
                (n.replicas, reason, n.replicas != current)
            }
        }
    };
    if rescale {
        c.deployment.spec.replicas = desired;
        c.deployment.meta.generation += 1;
        h.status.set(
            "AbleToScale",
            true,
            "SucceededRescale",
            format!("the HPA controller was able to update the target scale to {desired}"),
        );
        let object = format!("horizontalpodautoscaler/{}", h.name);
        c.record(Record::Event {
            t: seconds(now),
            kind: "Normal".into(),
            reason: "SuccessfulRescale".into(),
            object,
            message: format!("New size: {desired}; reason: {reason}"),
        });
        c.record(Record::Autoscale {
            t: seconds(now),
            hpa: h.name.clone(),
            from: current,
            to: desired,
            why: why.clone(),
        });
        h.memory
            .store_scale_event(h.behavior.as_ref(), current, desired, now);
        h.status.last_scale_time = Some(now);
    }
    let desired = if rescale { desired } else { current };
    h.status.current_replicas = current;
    h.status.desired_replicas = desired;
    h.decisions.push(Decision {
        t: now,
        current,
        desired,
        utilization: h.status.current_utilization,
        why,
    });
    rescale
}

/// `normalizeDesiredReplicas` or `normalizeDesiredReplicasWithBehaviors`, with the conditions
/// they set.
fn normalize(
    h: &mut HorizontalPodAutoscaler,
    current: i32,
    proposal: i32,
    now: Millis,
) -> Normalized {
    let (min, max) = (h.spec.min_replicas, h.spec.max_replicas);
    let n = match &h.behavior {
        None => h.memory.normalize_desired_replicas(
            current,
            proposal,
            min,
            max,
            DOWNSCALE_STABILIZATION_MS,
            now,
        ),
        Some(b) => {
            let default_up = crate::api::hpa::generate_hpa_scale_up_rules(None);
            let default_down = crate::api::hpa::generate_hpa_scale_down_rules(None);
            let args = NormalizationArg {
                scale_up: b.scale_up.as_ref().unwrap_or(&default_up),
                scale_down: b.scale_down.as_ref().unwrap_or(&default_down),
                min_replicas: min,
                max_replicas: max,
                current_replicas: current,
                desired_replicas: proposal,
            };
            h.memory
                .normalize_desired_replicas_with_behaviors(args, now)
        }
    };
    h.status.set(
        "AbleToScale",
        true,
        n.able_to_scale.reason,
        n.able_to_scale.message.into(),
    );
    h.status.set(
        "ScalingLimited",
        n.limited,
        n.limit.reason,
        n.limit.message.into(),
    );
    n
}

/// Records the two warnings of a failed metric, once until the error changes (a real cluster
/// counts the repeats on the event instead).
fn warn(c: &mut Cluster, h: &mut HorizontalPodAutoscaler, err: &str) {
    if h.last_warning.as_deref() == Some(err) {
        return;
    }
    let object = format!("horizontalpodautoscaler/{}", h.name);
    let all = format!("invalid metrics (1 invalid out of 1), first error is: {err}");
    for (reason, message) in [
        ("FailedGetResourceMetric", err),
        ("FailedComputeMetricsReplicas", all.as_str()),
    ] {
        c.record(Record::Event {
            t: seconds(c.now),
            kind: "Warning".into(),
            reason: reason.into(),
            object: object.clone(),
            message: message.into(),
        });
    }
    h.last_warning = Some(err.to_string());
}

fn ratio_text(r: f64) -> String {
    crate::explain::format_number((r * 100.0).round() / 100.0)
}

/// The replica calculator's arithmetic in words.
fn explain_calculation(
    current: i32,
    target: i32,
    utilization: i32,
    raw_average: i64,
    proposal: i32,
    w: &Working,
) -> Sentence {
    let args: &[(&'static str, &dyn std::fmt::Display)] = &[
        ("ready", &w.ready),
        ("raw_average", &raw_average),
        ("utilization", &utilization),
        ("target", &target),
        ("ratio", &ratio_text(w.ratio)),
    ];
    let mut parts = vec![if w.ready == 1 {
        Sentence::new(
            "{ready} pod with a metric use {raw_average}m CPU on average: {utilization}% of their requests against a target of {target}%, ratio {ratio}.",
            args,
        )
    } else {
        Sentence::new(
            "{ready} pods with a metric use {raw_average}m CPU on average: {utilization}% of their requests against a target of {target}%, ratio {ratio}.",
            args,
        )
    }];
    let mut aside = Vec::new();
    if w.unready > 0 {
        aside.push(Sentence::new(
            "{n} not ready or just ready",
            &[("n", &w.unready)],
        ));
    }
    if w.missing > 0 {
        aside.push(Sentence::new(
            "{n} without a metric yet",
            &[("n", &w.missing)],
        ));
    }
    if w.ignored > 0 {
        aside.push(Sentence::new("{n} terminating", &[("n", &w.ignored)]));
    }
    if !aside.is_empty() {
        parts.push(Sentence::new("Set aside: {aside}.", &[]).with_list(
            "aside",
            Joint::Comma,
            aside,
        ));
    }
    parts.push(match (w.adjusted, w.held) {
        (None, true) => Sentence::new(
            "|1 − {ratio}| ≤ the 10% tolerance: no change from {current}.",
            &[("ratio", &ratio_text(w.ratio)), ("current", &current)],
        ),
        (None, false) => Sentence::new(
            "ceil({ratio} × {ready}) = {proposal}.",
            &[
                ("ratio", &ratio_text(w.ratio)),
                ("ready", &w.ready),
                ("proposal", &proposal),
            ],
        ),
        (Some((r, n)), held) => {
            let filled = if w.ratio > 1.0 {
                Sentence::new(
                    "counted at 0% (a scale-up must not lean on pods that are not serving yet)",
                    &[],
                )
            } else {
                Sentence::new(
                    "counted at the target (a scale-down must not lean on pods it cannot see)",
                    &[],
                )
            };
            let args: &[(&'static str, &dyn std::fmt::Display)] = &[
                ("ratio", &ratio_text(r)),
                ("n", &n),
                ("current", &current),
                ("proposal", &proposal),
            ];
            if held {
                Sentence::new(
                    "Those pods {filled}: ratio {ratio} over {n} pods, within the tolerance or the other way: no change from {current}.",
                    args,
                )
            } else {
                Sentence::new(
                    "Those pods {filled}: ratio {ratio} over {n} pods, ceil({ratio} × {n}) = {proposal}.",
                    args,
                )
            }
            .with("filled", filled)
        }
    });
    Sentence::joined(Joint::Space, parts)
}

/// What the normalization did to the proposal, in words.
fn explain_normalization(
    h: &HorizontalPodAutoscaler,
    current: i32,
    proposal: i32,
    n: &Normalized,
) -> Sentence {
    let mut parts = Vec::new();
    if n.stabilized != proposal {
        let window = match &h.behavior {
            Some(b) if proposal >= current => b
                .scale_up
                .as_ref()
                .and_then(|r| r.stabilization_window_seconds)
                .unwrap_or(0),
            Some(b) => b
                .scale_down
                .as_ref()
                .and_then(|r| r.stabilization_window_seconds)
                .unwrap_or(0),
            None => (DOWNSCALE_STABILIZATION_MS / 1000) as i32,
        };
        parts.push(Sentence::new(
            "Stabilized to {n} ({reason}: the recommendations of the last {window} s).",
            &[
                ("n", &n.stabilized),
                ("reason", &n.able_to_scale.reason),
                ("window", &window),
            ],
        ));
    }
    if n.limited {
        parts.push(Sentence::new(
            "Limited to {n} ({reason}: {message}).",
            &[
                ("n", &n.replicas),
                ("reason", &n.limit.reason),
                ("message", &n.limit.message),
            ],
        ));
    }
    parts.push(if n.replicas != current {
        Sentence::new(
            "spec.replicas {current} → {n}.",
            &[("current", &current), ("n", &n.replicas)],
        )
    } else {
        Sentence::new("spec.replicas stays {current}.", &[("current", &current)])
    });
    Sentence::joined(Joint::Space, parts)
}
