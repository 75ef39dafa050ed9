//! The pods' CPU as metrics-server would report it, from the traffic model's load
//! ([`crate::traffic::load`]): each pod's requests a second, each costing its image's
//! `cpuPerRequest`, on top of its `idleCpu`.
//!
//! Simplified: a scrape every `--metric-resolution` (15 s, metrics-server's default) reports
//! each running pod's average over the 15 s before it, sampled once a second; a pod has a
//! metric from the first scrape after its container starts. Noise is not modelled: equal pods
//! report equal usage.

use super::replica_calculator::{Phase, PodSample};
use crate::api::{Millis, Pod};
use crate::cluster::Cluster;
use crate::traffic::load::requests_per_second;
use crate::traffic::TrafficConfig;
use std::collections::BTreeMap;

/// metrics-server's `--metric-resolution`, and the window of each metric.
pub const METRIC_WINDOW_MS: Millis = 15_000;
/// `--horizontal-pod-autoscaler-cpu-initialization-period` (5 minutes).
pub const CPU_INITIALIZATION_PERIOD_MS: Millis = 300_000;
/// `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s).
pub const INITIAL_READINESS_DELAY_MS: Millis = 30_000;
/// Samples per window.
const SAMPLES: i64 = 15;

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

/// The pods of the Deployment at `now` and their CPU as the last scrape reported it, from the
/// traffic model's load (none without traffic: pods use their idle CPU only).
pub fn snapshot(c: &Cluster, traffic: Option<&TrafficConfig>) -> Snapshot {
    let now = c.now;
    let scrape = now.div_euclid(METRIC_WINDOW_MS) * METRIC_WINDOW_MS;
    let rates = traffic.map_or_else(BTreeMap::new, |cfg| {
        requests_per_second(c, cfg, scrape - METRIC_WINDOW_MS, scrape, SAMPLES)
    });
    let pods: Vec<&Pod> = c.existing_pods().collect();
    let mut samples = Vec::with_capacity(pods.len());
    let mut metrics = BTreeMap::new();
    // What a pod requests and costs depends on its ReplicaSet: worked out once for each.
    let mut per_owner: BTreeMap<usize, (Result<i64, String>, f64, f64)> = BTreeMap::new();
    for p in &pods {
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
            let busy = rates.get(&p.uid).copied().unwrap_or(0.0) * cpu_per_request;
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
