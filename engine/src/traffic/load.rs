//! The load on each pod, as the traffic model spreads the requests (the HPA's metric source):
//! requests per second over a window, sampled each second, each routed pod taking an equal
//! share at each sample (kube-proxy's random choice, in expectation).

use super::endpoints::RouteParams;
use super::TrafficConfig;
use crate::api::{Millis, Pod};
use crate::cluster::Cluster;
use std::collections::BTreeMap;

/// The average requests per second each existing pod got over `[from, to)`, by uid; `samples`
/// instants spread evenly over the window. Pods gone since count toward the endpoints (the
/// cluster keeps them while a traffic model runs).
pub fn requests_per_second(
    c: &Cluster,
    cfg: &TrafficConfig,
    from: Millis,
    to: Millis,
    samples: i64,
) -> BTreeMap<u64, f64> {
    let step = ((to - from) / samples.max(1)).max(1);
    let instants: Vec<Millis> = (0..samples).map(|k| from + step / 2 + k * step).collect();
    let params = RouteParams::of(cfg);
    let graces: Vec<Millis> = c
        .replica_sets
        .iter()
        .map(|rs| rs.spec.template.grace_period_ms())
        .collect();
    let route = |p: &Pod| params.route(p, graces[p.owner]);
    // Routed: counted among the endpoints (from, until).
    let mut counts = vec![0usize; instants.len()];
    // Pods deleted long before the window (most of the archive) cannot be among its endpoints.
    let in_window = |p: &&Pod| p.deleted.is_none_or(|d| params.last_chosen(d) >= from);
    for p in c.all_pods().filter(in_window) {
        let r = route(p);
        if let Some(a) = r.joins {
            let z = r.leaves.unwrap_or(Millis::MAX);
            for (n, &s) in counts.iter_mut().zip(&instants) {
                *n += usize::from(a <= s && s < z);
            }
        }
    }
    // Serving: doing the work of its share.
    let mut out = BTreeMap::new();
    for p in c.existing_pods() {
        let r = route(p);
        let Some(a) = r.joins else {
            out.insert(p.uid, 0.0);
            continue;
        };
        let z = r.leaves.unwrap_or(Millis::MAX).min(r.serving_until.max(a));
        let got: f64 = instants
            .iter()
            .zip(&counts)
            .filter(|&(&s, &n)| a <= s && s < z && n > 0 && s >= p.started)
            .map(|(_, &n)| cfg.rate / n as f64)
            .sum();
        out.insert(p.uid, got / instants.len().max(1) as f64);
    }
    out
}
