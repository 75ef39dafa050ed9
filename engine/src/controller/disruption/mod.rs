//! The disruption controller (pkg/controller/disruption): a PodDisruptionBudget's status from
//! the pods it covers. Simplified: it syncs at once (upstream after the pod events reach it),
//! so an eviction's pod, deleted at once, is already out of the healthy count and no
//! DisruptedPods map is needed.

use crate::api::{PodDisruptionBudgetSpec, PodDisruptionBudgetStatus};
use crate::cluster::Cluster;
use crate::intstr::get_scaled_value_from_int_or_percent;

/// Mirrors `getExpectedPodCount`: how many pods the budget expects and how many must be
/// healthy. maxUnavailable and a percentage minAvailable count from the controller's scale
/// (`getExpectedScale`: the Deployment's replicas); an integer minAvailable from the pods
/// there are.
pub fn get_expected_pod_count(spec: &PodDisruptionBudgetSpec, scale: i32, pods: i32) -> (i32, i32) {
    if let Some(max) = &spec.max_unavailable {
        let unavailable = get_scaled_value_from_int_or_percent(Some(max), scale, true).unwrap_or(0);
        return (scale, (scale - unavailable).max(0));
    }
    match &spec.min_available {
        Some(crate::intstr::IntOrString::Int(n)) => (pods, *n),
        Some(p) => (
            scale,
            get_scaled_value_from_int_or_percent(Some(p), scale, true).unwrap_or(0),
        ),
        None => (pods, 0),
    }
}

/// Mirrors `trySync` (`countHealthyPods`, `updatePdbStatus`): healthy pods are Ready and not
/// being deleted; disruptions allowed are the healthy ones beyond the desired, never below 0.
pub fn try_sync(c: &Cluster) -> Option<PodDisruptionBudgetStatus> {
    let spec = c.pdb.as_ref()?;
    let now = c.now;
    let pods: Vec<_> = c.existing_pods().collect();
    let current_healthy = pods
        .iter()
        .filter(|p| p.deleted.is_none_or(|d| d > now) && p.is_ready(now))
        .count() as i32;
    let (expected_pods, desired_healthy) =
        get_expected_pod_count(spec, c.deployment.spec.replicas, pods.len() as i32);
    let allowed = current_healthy - desired_healthy;
    Some(PodDisruptionBudgetStatus {
        expected_pods,
        current_healthy,
        desired_healthy,
        disruptions_allowed: if expected_pods <= 0 || allowed <= 0 {
            0
        } else {
            allowed
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intstr::IntOrString;

    fn spec(min: Option<IntOrString>, max: Option<IntOrString>) -> PodDisruptionBudgetSpec {
        PodDisruptionBudgetSpec {
            min_available: min,
            max_unavailable: max,
            unhealthy_pod_eviction_policy: Default::default(),
        }
    }

    #[test]
    fn expected_and_desired_as_upstream_counts_them() {
        // An integer minAvailable counts the pods there are (a surge included).
        assert_eq!(
            get_expected_pod_count(&spec(Some(IntOrString::Int(4)), None), 5, 7),
            (7, 4)
        );
        // A percentage rounds up, of the Deployment's replicas.
        let pct = IntOrString::String("50%".into());
        assert_eq!(
            get_expected_pod_count(&spec(Some(pct.clone()), None), 5, 7),
            (5, 3)
        );
        // maxUnavailable: replicas minus it, rounded up as a percentage.
        assert_eq!(
            get_expected_pod_count(&spec(None, Some(IntOrString::Int(1))), 5, 7),
            (5, 4)
        );
        assert_eq!(get_expected_pod_count(&spec(None, Some(pct)), 5, 7), (5, 2));
    }
}
