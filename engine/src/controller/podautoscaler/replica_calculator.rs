//! The HorizontalPodAutoscaler's replica calculator for a resource metric
//! (pkg/controller/podautoscaler/replica_calculator.go, v1.28): from the pods and their usage,
//! how many replicas bring utilization to the target, with the tolerance and the rules for
//! pods that are not ready, missing metrics and pods to ignore.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// `defaultTestingTolerance` and the controller's `--horizontal-pod-autoscaler-tolerance`.
pub const DEFAULT_TOLERANCE: f64 = 0.1;

/// A pod's phase as the calculator reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Failed,
}

/// What the calculator knows of one pod, known by `name` (the pod's name in the conformance
/// tables; any cheap key in the simulation).
#[derive(Clone, Debug, PartialEq)]
pub struct PodSample<K = String> {
    pub name: K,
    pub phase: Phase,
    /// Has a deletionTimestamp.
    pub deleted: bool,
    /// For CPU: not Ready, or still in its CPU initialization period without a full metric
    /// window since it became Ready (`groupPods`' test, worked out by the caller).
    pub unready: bool,
    /// Its request of the resource (millicores), or the first container that leaves it out
    /// and the pod's name, for the message.
    pub request: Result<i64, (String, String)>,
}

/// Why no recommendation could be made, in upstream's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalcError {
    /// The metrics API answered nothing (the metrics client's error, as the calculator wraps it).
    NoMetricsReturned(String),
    NoPods,
    NoMetricsForTargetedPods,
    MissingRequest {
        resource: String,
        container: String,
        pod: String,
    },
    NoMetricsMatchedKnownPods,
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalcError::NoMetricsReturned(resource) => write!(
                f,
                "unable to get metrics for resource {resource}: no metrics returned from resource metrics API"
            ),
            CalcError::NoPods => {
                f.write_str("no pods returned by selector while calculating replica count")
            }
            CalcError::NoMetricsForTargetedPods => {
                f.write_str("did not receive metrics for targeted pods (pods might be unready)")
            }
            CalcError::MissingRequest {
                resource,
                container,
                pod,
            } => write!(
                f,
                "missing request for {resource} in container {container} of Pod {pod}"
            ),
            CalcError::NoMetricsMatchedKnownPods => {
                f.write_str("no metrics returned matched known pods")
            }
        }
    }
}

impl std::error::Error for CalcError {}

/// The recommendation: replicas, utilization (percent of requests) and the raw average usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub replicas: i32,
    pub utilization: i32,
    pub raw_average: i64,
}

/// Mirrors `groupPods`: deleted and failed pods are ignored, Pending and (for CPU) unready
/// ones set aside, pods without a metric missing; the rest are counted ready.
pub fn group_pods<K: Ord + Clone>(
    pods: &[PodSample<K>],
    metrics: &BTreeMap<K, i64>,
) -> (usize, BTreeSet<K>, BTreeSet<K>, BTreeSet<K>) {
    let (mut ready, mut unready, mut missing, mut ignored) =
        (0, BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for p in pods {
        if p.deleted || p.phase == Phase::Failed {
            ignored.insert(p.name.clone());
        } else if p.phase == Phase::Pending {
            unready.insert(p.name.clone());
        } else if !metrics.contains_key(&p.name) {
            missing.insert(p.name.clone());
        } else if p.unready {
            unready.insert(p.name.clone());
        } else {
            ready += 1;
        }
    }
    (ready, unready, missing, ignored)
}

/// Mirrors `metricsclient.GetResourceUtilizationRatio`: usage over requests of the pods that
/// have both, as a ratio to the target; the utilization truncated to a whole percent.
pub fn get_resource_utilization_ratio<K: Ord>(
    metrics: &BTreeMap<K, i64>,
    requests: &BTreeMap<K, i64>,
    target_utilization: i32,
) -> Result<(f64, i32, i64), CalcError> {
    let (mut used, mut requested, mut n) = (0i64, 0i64, 0i64);
    for (pod, value) in metrics {
        if let Some(r) = requests.get(pod) {
            used += value;
            requested += r;
            n += 1;
        }
    }
    if requested == 0 {
        return Err(CalcError::NoMetricsMatchedKnownPods);
    }
    let utilization = (used * 100 / requested) as i32;
    Ok((
        f64::from(utilization) / f64::from(target_utilization),
        utilization,
        used / n,
    ))
}

/// How the calculator got to its recommendation, for the "why" of a decision.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Working {
    /// Pods counted with their metric, set aside as unready, without a metric, ignored.
    pub ready: usize,
    pub unready: usize,
    pub missing: usize,
    pub ignored: usize,
    /// Utilization over the target, from the ready pods' metrics.
    pub ratio: f64,
    /// When unready or missing pods were filled in: the ratio again, and over how many pods.
    pub adjusted: Option<(f64, usize)>,
    /// Within the tolerance, or a direction that would flip: the replicas stay.
    pub held: bool,
}

/// Mirrors `GetResourceReplicas` after the metrics are fetched: `metrics` is each pod's usage
/// (millicores), by name.
pub fn get_resource_replicas<K: Ord + Clone>(
    current_replicas: i32,
    target_utilization: i32,
    resource: &str,
    pods: &[PodSample<K>],
    metrics: BTreeMap<K, i64>,
    tolerance: f64,
) -> Result<Recommendation, CalcError> {
    get_resource_replicas_working(
        current_replicas,
        target_utilization,
        resource,
        pods,
        metrics,
        tolerance,
    )
    .map(|(r, _)| r)
}

/// [`get_resource_replicas`], with the working that led to its answer.
pub fn get_resource_replicas_working<K: Ord + Clone>(
    current_replicas: i32,
    target_utilization: i32,
    resource: &str,
    pods: &[PodSample<K>],
    mut metrics: BTreeMap<K, i64>,
    tolerance: f64,
) -> Result<(Recommendation, Working), CalcError> {
    if metrics.is_empty() {
        return Err(CalcError::NoMetricsReturned(resource.to_string()));
    }
    if pods.is_empty() {
        return Err(CalcError::NoPods);
    }
    let (ready, unready, missing, ignored) = group_pods(pods, &metrics);
    metrics.retain(|name, _| !ignored.contains(name) && !unready.contains(name));
    if metrics.is_empty() {
        return Err(CalcError::NoMetricsForTargetedPods);
    }
    // calculatePodRequests: every pod listed, each must request the resource.
    let mut requests = BTreeMap::new();
    for p in pods {
        let r = p
            .request
            .clone()
            .map_err(|(container, pod)| CalcError::MissingRequest {
                resource: resource.to_string(),
                container,
                pod,
            })?;
        requests.insert(p.name.clone(), r);
    }
    let (ratio, utilization, raw_average) =
        get_resource_utilization_ratio(&metrics, &requests, target_utilization)?;
    let mut working = Working {
        ready,
        unready: unready.len(),
        missing: missing.len(),
        ignored: ignored.len(),
        ratio,
        adjusted: None,
        held: false,
    };
    let recommend = |replicas, working: Working| {
        (
            Recommendation {
                replicas,
                utilization,
                raw_average,
            },
            working,
        )
    };
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && missing.is_empty() {
        if (1.0 - ratio).abs() <= tolerance {
            working.held = true;
            return Ok(recommend(current_replicas, working));
        }
        return Ok(recommend((ratio * ready as f64).ceil() as i32, working));
    }
    if !missing.is_empty() {
        if ratio < 1.0 {
            // A pod without a metric is taken at the target (at least 100%) on a scale-down.
            let fallback = i64::from(target_utilization.max(100));
            for name in &missing {
                metrics.insert(name.clone(), requests[name] * fallback / 100);
            }
        } else if ratio > 1.0 {
            // And at 0 on a scale-up.
            for name in &missing {
                metrics.insert(name.clone(), 0);
            }
        }
    }
    if scale_up_with_unready {
        for name in &unready {
            metrics.insert(name.clone(), 0);
        }
    }
    let (new_ratio, _, _) =
        get_resource_utilization_ratio(&metrics, &requests, target_utilization)?;
    working.adjusted = Some((new_ratio, metrics.len()));
    if (1.0 - new_ratio).abs() <= tolerance
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        working.held = true;
        return Ok(recommend(current_replicas, working));
    }
    let new_replicas = (new_ratio * metrics.len() as f64).ceil() as i32;
    if (new_ratio < 1.0 && new_replicas > current_replicas)
        || (new_ratio > 1.0 && new_replicas < current_replicas)
    {
        working.held = true;
        return Ok(recommend(current_replicas, working));
    }
    Ok(recommend(new_replicas, working))
}
