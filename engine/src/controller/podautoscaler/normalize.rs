//! From the metrics' proposal to the replicas the HPA writes (pkg/controller/podautoscaler/
//! horizontal.go, v1.28): the stabilization window over recent recommendations, then min, max
//! and the rate limits, with the conditions the controller sets on the way.

use super::scaling_rules::{
    calculate_scale_down_limit_with_behaviors, calculate_scale_up_limit,
    calculate_scale_up_limit_with_scaling_rules, get_longest_policy_period,
    mark_scale_events_outdated, ScaleEvent,
};
use crate::api::hpa::{Behavior, ScalingRules};
use crate::api::Millis;

/// `timestampedRecommendation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub recommendation: i32,
    pub timestamp: Millis,
}

/// What the controller keeps in memory for one HPA (its `recommendations`, `scaleUpEvents`
/// and `scaleDownEvents` maps, for one key).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Memory {
    pub recommendations: Vec<Recommendation>,
    pub scale_up_events: Vec<ScaleEvent>,
    pub scale_down_events: Vec<ScaleEvent>,
}

/// A reason and message of a condition the normalization sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reason {
    pub reason: &'static str,
    pub message: &'static str,
}

const WITHIN_RANGE: Reason = Reason {
    reason: "DesiredWithinRange",
    message: "the desired count is within the acceptable range",
};
const SCALE_UP_LIMIT: Reason = Reason {
    reason: "ScaleUpLimit",
    message: "the desired replica count is increasing faster than the maximum scale rate",
};
const TOO_MANY: Reason = Reason {
    reason: "TooManyReplicas",
    message: "the desired replica count is more than the maximum replica count",
};
const SCALE_DOWN_LIMIT: Reason = Reason {
    reason: "ScaleDownLimit",
    message: "the desired replica count is decreasing faster than the maximum scale rate",
};
const TOO_FEW: Reason = Reason {
    reason: "TooFewReplicas",
    message: "the desired replica count is less than the minimum replica count",
};
const READY_FOR_NEW_SCALE: Reason = Reason {
    reason: "ReadyForNewScale",
    message: "recommended size matches current size",
};
const SCALE_DOWN_STABILIZED: Reason = Reason {
    reason: "ScaleDownStabilized",
    message: "recent recommendations were higher than current one, applying the highest recent recommendation",
};
const SCALE_UP_STABILIZED: Reason = Reason {
    reason: "ScaleUpStabilized",
    message: "recent recommendations were lower than current one, applying the lowest recent recommendation",
};

/// The outcome of the normalization: the replicas, and the two conditions it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub replicas: i32,
    /// What the stabilization did (the recommendation it settled on, and why).
    pub stabilized: i32,
    pub able_to_scale: Reason,
    /// `ScalingLimited`: true when min, max or a rate changed the stabilized recommendation.
    pub limited: bool,
    pub limit: Reason,
}

/// `NormalizationArg`, with the behavior's rule sets already defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct NormalizationArg<'a> {
    pub scale_up: &'a ScalingRules,
    pub scale_down: &'a ScalingRules,
    pub min_replicas: i32,
    pub max_replicas: i32,
    pub current_replicas: i32,
    pub desired_replicas: i32,
}

/// Mirrors `convertDesiredReplicasWithRules`: min and max, and without `behavior` at most
/// double the current replicas (or 4) at once.
pub fn convert_desired_replicas_with_rules(
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
) -> (i32, Reason) {
    let scale_up_limit = calculate_scale_up_limit(current);
    let (maximum, why) = if max > scale_up_limit {
        (scale_up_limit, SCALE_UP_LIMIT)
    } else {
        (max, TOO_MANY)
    };
    if desired < min {
        (min, TOO_FEW)
    } else if desired > maximum {
        (maximum, why)
    } else {
        (desired, WITHIN_RANGE)
    }
}

impl Memory {
    /// Mirrors `recordInitialRecommendation`: the first sync remembers the current replicas.
    pub fn record_initial_recommendation(&mut self, current: i32, now: Millis) {
        if self.recommendations.is_empty() {
            self.recommendations.push(Recommendation {
                recommendation: current,
                timestamp: now,
            });
        }
    }

    /// Mirrors `stabilizeRecommendation`: the highest recommendation within the downscale
    /// stabilization window; the new one is recorded, over the slot of an old one if any.
    pub fn stabilize_recommendation(
        &mut self,
        prenormalized: i32,
        window_ms: Millis,
        now: Millis,
    ) -> i32 {
        let cutoff = now - window_ms;
        let mut max = prenormalized;
        let mut old = None;
        for (i, r) in self.recommendations.iter().enumerate() {
            if r.timestamp < cutoff {
                old = Some(i);
            } else if r.recommendation > max {
                max = r.recommendation;
            }
        }
        self.record(old, prenormalized, now);
        max
    }

    fn record(&mut self, slot: Option<usize>, recommendation: i32, now: Millis) {
        let r = Recommendation {
            recommendation,
            timestamp: now,
        };
        match slot {
            Some(i) => self.recommendations[i] = r,
            None => self.recommendations.push(r),
        }
    }

    /// Mirrors `normalizeDesiredReplicas` (an HPA without `behavior`).
    pub fn normalize_desired_replicas(
        &mut self,
        current: i32,
        prenormalized: i32,
        min: i32,
        max: i32,
        downscale_window_ms: Millis,
        now: Millis,
    ) -> Normalized {
        let stabilized = self.stabilize_recommendation(prenormalized, downscale_window_ms, now);
        let able_to_scale = if stabilized != prenormalized {
            SCALE_DOWN_STABILIZED
        } else {
            READY_FOR_NEW_SCALE
        };
        let (replicas, limit) = convert_desired_replicas_with_rules(current, stabilized, min, max);
        Normalized {
            replicas,
            stabilized,
            able_to_scale,
            limited: replicas != stabilized,
            limit,
        }
    }

    /// Mirrors `stabilizeRecommendationWithBehaviors`: the current replicas, raised to the
    /// lowest recommendation within the scale-up window and lowered to the highest within the
    /// scale-down window.
    pub fn stabilize_recommendation_with_behaviors(
        &mut self,
        args: &NormalizationArg,
        now: Millis,
    ) -> (i32, Reason) {
        let window =
            |r: &ScalingRules| i64::from(r.stabilization_window_seconds.unwrap_or(0)) * 1000;
        let up_cutoff = now - window(args.scale_up);
        let down_cutoff = now - window(args.scale_down);
        let (mut up, mut down) = (args.desired_replicas, args.desired_replicas);
        let mut old = None;
        for (i, r) in self.recommendations.iter().enumerate() {
            if r.timestamp > up_cutoff {
                up = up.min(r.recommendation);
            }
            if r.timestamp > down_cutoff {
                down = down.max(r.recommendation);
            }
            if r.timestamp < up_cutoff && r.timestamp < down_cutoff {
                old = Some(i);
            }
        }
        let recommendation = args.current_replicas.max(up).min(down);
        self.record(old, args.desired_replicas, now);
        let why = if args.desired_replicas >= args.current_replicas {
            SCALE_UP_STABILIZED
        } else {
            SCALE_DOWN_STABILIZED
        };
        (recommendation, why)
    }

    /// Mirrors `convertDesiredReplicasWithBehaviorRate`: the policies' limit on the change
    /// since each one's period began, then min and max.
    pub fn convert_desired_replicas_with_behavior_rate(
        &self,
        args: &NormalizationArg,
        now: Millis,
    ) -> (i32, Reason) {
        let (up, down) = (&self.scale_up_events, &self.scale_down_events);
        let current = args.current_replicas;
        if args.desired_replicas > current {
            let limit =
                calculate_scale_up_limit_with_scaling_rules(current, up, down, args.scale_up, now)
                    .max(current);
            let (maximum, why) = if args.max_replicas > limit {
                (limit, SCALE_UP_LIMIT)
            } else {
                (args.max_replicas, TOO_MANY)
            };
            if args.desired_replicas > maximum {
                return (maximum, why);
            }
        } else if args.desired_replicas < current {
            let limit =
                calculate_scale_down_limit_with_behaviors(current, up, down, args.scale_down, now)
                    .min(current);
            let (minimum, why) = if args.min_replicas < limit {
                (limit, SCALE_DOWN_LIMIT)
            } else {
                (args.min_replicas, TOO_FEW)
            };
            if args.desired_replicas < minimum {
                return (minimum, why);
            }
        }
        (args.desired_replicas, WITHIN_RANGE)
    }

    /// Mirrors `normalizeDesiredReplicasWithBehaviors`: stabilize, then limit.
    pub fn normalize_desired_replicas_with_behaviors(
        &mut self,
        mut args: NormalizationArg,
        now: Millis,
    ) -> Normalized {
        let prenormalized = args.desired_replicas;
        let (stabilized, why) = self.stabilize_recommendation_with_behaviors(&args, now);
        args.desired_replicas = stabilized;
        let able_to_scale = if stabilized != prenormalized {
            why
        } else {
            READY_FOR_NEW_SCALE
        };
        let (replicas, limit) = self.convert_desired_replicas_with_behavior_rate(&args, now);
        Normalized {
            replicas,
            stabilized,
            able_to_scale,
            limited: replicas != stabilized,
            limit,
        }
    }

    /// Mirrors `storeScaleEvent`: a change is remembered (over an outdated slot if any) only
    /// when the HPA has `behavior`, whose policies will read it.
    pub fn store_scale_event(
        &mut self,
        behavior: Option<&Behavior>,
        prev: i32,
        new: i32,
        now: Millis,
    ) {
        let Some(b) = behavior else {
            return;
        };
        let (events, rules, change) = if new > prev {
            (&mut self.scale_up_events, b.scale_up.as_ref(), new - prev)
        } else {
            (
                &mut self.scale_down_events,
                b.scale_down.as_ref(),
                prev - new,
            )
        };
        let longest = rules.map_or(0, get_longest_policy_period);
        mark_scale_events_outdated(events, longest, now);
        let event = ScaleEvent {
            replica_change: change,
            timestamp: now,
            outdated: false,
        };
        match events.iter().rposition(|e| e.outdated) {
            Some(i) => events[i] = event,
            None => events.push(event),
        }
    }
}
