//! The pods' CPU as metrics-server would report it, from the traffic model's load: the
//! clients' requests spread evenly over the Service's endpoints (kube-proxy picks one at
//! random, so each endpoint's expected share is equal), each costing its image's
//! `cpuPerRequest`, on top of its `idleCpu`.
//!
//! Simplified: a scrape every `--metric-resolution` (15 s, metrics-server's default) reports
//! each running pod's average over the 15 s before it, sampled once a second; a pod has a
//! metric from the first scrape after its container starts. Noise is not modelled: equal pods
//! report equal usage.

use super::replica_calculator::{Phase, PodSample};
use crate::api::{Millis, Pod};
use crate::behaviour::seconds_to_millis;
use crate::cluster::Cluster;
use std::collections::BTreeMap;

/// metrics-server's `--metric-resolution`, and the window of each metric.
pub const METRIC_WINDOW_MS: Millis = 15_000;
/// `--horizontal-pod-autoscaler-cpu-initialization-period` (5 minutes).
pub const CPU_INITIALIZATION_PERIOD_MS: Millis = 300_000;
/// `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s).
pub const INITIAL_READINESS_DELAY_MS: Millis = 30_000;
/// Samples per window.
const SAMPLES: i64 = 15;

/// The load on the Service, from the scenario's traffic section.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Load {
    /// Requests per second from the clients.
    pub rate: f64,
    /// Seconds for an endpoint change to reach kube-proxy.
    pub propagation_ms: Millis,
}

impl Load {
    pub fn of(traffic: Option<&crate::traffic::TrafficConfig>) -> Load {
        traffic.map_or(Load::default(), |t| Load {
            rate: t.rate,
            propagation_ms: seconds_to_millis(t.propagation_delay),
        })
    }
}

/// When a pod is an endpoint: from `propagation` after it turns Ready (if before its
/// deletion) until `propagation` after its deletion — the traffic model's rule.
fn endpoint_span(p: &Pod, propagation: Millis) -> Option<(Millis, Millis)> {
    let ready = p.ready.filter(|&r| p.deleted.is_none_or(|d| r < d))?;
    let leaves = p.deleted.map_or(Millis::MAX, |d| d + propagation);
    Some((ready + propagation, leaves))
}

/// What the HPA reads of the pods at a sync: each pod as the replica calculator sees it, and
/// the metrics of those that have one (millicores), both by pod uid.
pub struct Snapshot {
    pub pods: Vec<PodSample<u64>>,
    pub metrics: BTreeMap<u64, i64>,
}

/// Mirrors `groupPods`' CPU test for one pod with a metric: in its initialization period a pod
/// counts as unready until Ready for one metric window; after it, only if it went unready
/// within the readiness delay of its start and never became Ready.
pub fn cpu_unready(p: &Pod, now: Millis, metric_at: Millis, window: Millis) -> bool {
    let start = p.started;
    let ready = p.is_ready(now);
    // The Ready condition's last transition, in whole seconds: when it turned Ready, or the
    // container's start (the kubelet sets Ready=False then).
    let transition = if ready {
        p.ready.unwrap_or(start).div_euclid(1000) * 1000
    } else {
        start
    };
    if start + CPU_INITIALIZATION_PERIOD_MS > now {
        !ready || metric_at < transition + window
    } else {
        !ready && start + INITIAL_READINESS_DELAY_MS > transition
    }
}

/// The pods of the Deployment at `now` and their CPU as the last scrape reported it.
pub fn snapshot(c: &Cluster, load: Load) -> Snapshot {
    let now = c.now;
    let scrape = now.div_euclid(METRIC_WINDOW_MS) * METRIC_WINDOW_MS;
    let from = scrape - METRIC_WINDOW_MS;
    let step = METRIC_WINDOW_MS / SAMPLES;
    // Endpoints at each sample instant, counting pods gone since (the cluster keeps them
    // while a traffic model runs).
    let instants: Vec<Millis> = (0..SAMPLES).map(|k| from + step / 2 + k * step).collect();
    let mut counts = vec![0usize; instants.len()];
    for p in c.all_pods() {
        if let Some((a, z)) = endpoint_span(p, load.propagation_ms) {
            for (n, &s) in counts.iter_mut().zip(&instants) {
                *n += usize::from(a <= s && s < z);
            }
        }
    }
    let pods: Vec<&Pod> = c.existing_pods().collect();
    let spans: Vec<Option<(Millis, Millis)>> = pods
        .iter()
        .map(|p| endpoint_span(p, load.propagation_ms))
        .collect();
    let mut samples = Vec::with_capacity(pods.len());
    let mut metrics = BTreeMap::new();
    // What a pod requests and costs depends on its ReplicaSet: worked out once for each.
    let mut per_owner: BTreeMap<usize, (Result<i64, String>, f64, f64)> = BTreeMap::new();
    for (p, span) in pods.iter().zip(&spans) {
        let (request, cpu_per_request, idle) = per_owner
            .entry(p.owner)
            .or_insert_with(|| {
                let template = &c.replica_sets[p.owner].spec.template;
                let missing = template
                    .containers
                    .iter()
                    .find(|k| k.requests.cpu.is_none());
                let request = match (missing, template.requests().cpu) {
                    (None, Some(m)) => Ok(m),
                    (missing, _) => Err(missing.map_or_else(String::new, |k| k.name.clone())),
                };
                let b = c.behaviours.of(template.first_image());
                (request, b.cpu_per_request, b.idle_cpu)
            })
            .clone();
        let phase = if p.node.is_none() || p.started > now {
            Phase::Pending
        } else {
            Phase::Running
        };
        let has_metric = phase == Phase::Running && p.started < scrape;
        if has_metric {
            let mut share = 0.0;
            for (&s, &n) in instants.iter().zip(&counts) {
                let serving = span.is_some_and(|(a, z)| a <= s && s < z);
                if serving && n > 0 && s >= p.started {
                    share += load.rate / n as f64;
                }
            }
            let busy = share / SAMPLES as f64 * cpu_per_request;
            metrics.insert(p.uid, (idle + busy).round() as i64);
        }
        samples.push(PodSample {
            name: p.uid,
            phase,
            deleted: p.deleted.is_some_and(|d| d <= now),
            unready: has_metric && cpu_unready(p, now, scrape, METRIC_WINDOW_MS),
            // The pod's name only for the message of a missing request.
            request: request.map_err(|container| (container, c.pod_name(p))),
        });
    }
    Snapshot {
        pods: samples,
        metrics,
    }
}
