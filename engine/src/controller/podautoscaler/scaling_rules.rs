//! The rate limits of `behavior` (pkg/controller/podautoscaler/horizontal.go, v1.28): how many
//! replicas a policy lets the HPA add or remove, given the scale changes it made within the
//! policy's period. Times are simulated milliseconds; "within" is strict, as Go's `After`.

use crate::api::hpa::{ScalingPolicyType, ScalingRules, SelectPolicy};
use crate::api::Millis;

/// A scale change the controller made (`timestampedScaleEvent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleEvent {
    /// Replicas added (in the scale-up list) or removed (in the scale-down list), positive.
    pub replica_change: i32,
    pub timestamp: Millis,
    /// Older than every policy's period: its slot may be reused.
    pub outdated: bool,
}

/// Mirrors `getReplicasChangePerPeriod`: the replicas changed by events within the last
/// `period_seconds`.
pub fn get_replicas_change_per_period(
    period_seconds: i32,
    events: &[ScaleEvent],
    now: Millis,
) -> i32 {
    let cutoff = now - i64::from(period_seconds) * 1000;
    events
        .iter()
        .filter(|e| e.timestamp > cutoff)
        .map(|e| e.replica_change)
        .sum()
}

/// Mirrors `markScaleEventsOutdated`: events older than the longest policy period are marked.
pub fn mark_scale_events_outdated(events: &mut [ScaleEvent], longest_period: i32, now: Millis) {
    let cutoff = now - i64::from(longest_period) * 1000;
    for e in events.iter_mut() {
        if e.timestamp < cutoff {
            e.outdated = true;
        }
    }
}

/// Mirrors `getLongestPolicyPeriod`.
pub fn get_longest_policy_period(rules: &ScalingRules) -> i32 {
    rules
        .policies
        .iter()
        .map(|p| p.period_seconds)
        .max()
        .unwrap_or(0)
        .max(0)
}

/// The replicas at the start of a policy's period: now's, less what was added since, plus what
/// was removed since.
fn period_start_replicas(
    current: i32,
    period_seconds: i32,
    up: &[ScaleEvent],
    down: &[ScaleEvent],
    now: Millis,
) -> i32 {
    current - get_replicas_change_per_period(period_seconds, up, now)
        + get_replicas_change_per_period(period_seconds, down, now)
}

/// The policies' proposals combined by the select policy: `Max` takes the one that changes
/// the most (`most_changed` picks it from two), `Min` the other; `Disabled` keeps `current`.
#[allow(clippy::too_many_arguments)]
fn combine(
    current: i32,
    up: &[ScaleEvent],
    down: &[ScaleEvent],
    rules: &ScalingRules,
    now: Millis,
    most_changed: fn(i32, i32) -> i32,
    least_changed: fn(i32, i32) -> i32,
    propose: fn(i32, &crate::api::hpa::ScalingPolicy) -> i32,
) -> i32 {
    let pick = match rules.select() {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => least_changed,
        SelectPolicy::Max => most_changed,
    };
    // Upstream starts from the pick's identity: MinInt32 for a max, MaxInt32 for a min.
    let identity = if pick(i32::MIN, i32::MAX) == i32::MAX {
        i32::MIN
    } else {
        i32::MAX
    };
    rules
        .policies
        .iter()
        .map(|p| {
            propose(
                period_start_replicas(current, p.period_seconds, up, down, now),
                p,
            )
        })
        .fold(identity, pick)
}

/// Mirrors `calculateScaleUpLimitWithScalingRules`: the most replicas the scale-up policies
/// allow now (`Max` picks the largest proposal, `Min` the smallest).
pub fn calculate_scale_up_limit_with_scaling_rules(
    current: i32,
    up: &[ScaleEvent],
    down: &[ScaleEvent],
    rules: &ScalingRules,
    now: Millis,
) -> i32 {
    combine(
        current,
        up,
        down,
        rules,
        now,
        i32::max,
        i32::min,
        |start, p| match p.kind {
            ScalingPolicyType::Pods => start + p.value,
            // Rounded up, or a small percentage would never add a pod.
            ScalingPolicyType::Percent => {
                (f64::from(start) * (1.0 + f64::from(p.value) / 100.0)).ceil() as i32
            }
        },
    )
}

/// Mirrors `calculateScaleDownLimitWithBehaviors`: the fewest replicas the scale-down policies
/// allow now (`Max` picks the largest change, so the smallest count).
pub fn calculate_scale_down_limit_with_behaviors(
    current: i32,
    up: &[ScaleEvent],
    down: &[ScaleEvent],
    rules: &ScalingRules,
    now: Millis,
) -> i32 {
    combine(
        current,
        up,
        down,
        rules,
        now,
        i32::min,
        i32::max,
        |start, p| match p.kind {
            ScalingPolicyType::Pods => start - p.value,
            // Truncated toward zero, as Go's int32 conversion.
            ScalingPolicyType::Percent => {
                (f64::from(start) * (1.0 - f64::from(p.value) / 100.0)) as i32
            }
        },
    )
}

/// `scaleUpLimitFactor` and `scaleUpLimitMinimum`: without `behavior`, at most double (or 4).
pub fn calculate_scale_up_limit(current: i32) -> i32 {
    (2.0 * f64::from(current)).max(4.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::hpa::ScalingPolicy;

    fn ev(change: i32, ago_s: i64) -> ScaleEvent {
        ScaleEvent {
            replica_change: change,
            timestamp: 100_000 - ago_s * 1000,
            outdated: false,
        }
    }

    #[test]
    fn an_event_exactly_one_period_old_no_longer_counts() {
        let events = [ev(3, 15), ev(2, 14)];
        assert_eq!(get_replicas_change_per_period(15, &events, 100_000), 2);
    }

    #[test]
    fn percent_rounds_up_on_the_way_up_and_down_on_the_way_down() {
        let rules = |kind, value| ScalingRules {
            stabilization_window_seconds: None,
            select_policy: None,
            policies: vec![ScalingPolicy {
                kind,
                value,
                period_seconds: 60,
            }],
        };
        let pct = rules(ScalingPolicyType::Percent, 10);
        // 3 × 1.1 = 3.3 → 4 up; 3 × 0.9 = 2.7 → 2 down.
        assert_eq!(
            calculate_scale_up_limit_with_scaling_rules(3, &[], &[], &pct, 0),
            4
        );
        assert_eq!(
            calculate_scale_down_limit_with_behaviors(3, &[], &[], &pct, 0),
            2
        );
        // A recent scale-up of 2 moves the period's start back to 1: 1 + 4 pods = 5.
        let pods = rules(ScalingPolicyType::Pods, 4);
        assert_eq!(
            calculate_scale_up_limit_with_scaling_rules(3, &[ev(2, 30)], &[], &pods, 100_000),
            5
        );
    }
}
