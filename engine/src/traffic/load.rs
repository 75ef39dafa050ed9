//! The load on each pod, as the traffic model spreads the requests (the HPA's metric source):
//! requests per second over a window, sampled each second, each routed pod taking an equal
//! share at each sample (kube-proxy's random choice, in expectation).

use super::endpoints::routing;
use super::TrafficConfig;
use crate::api::Millis;
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
    // Routed: counted among the endpoints. Serving: doing the work of its share.
    let routed = |p| {
        let r = routing(c, p, cfg);
        r.joins.map(|a| (a, r.leaves.unwrap_or(Millis::MAX)))
    };
    let serving = |p| {
        let r = routing(c, p, cfg);
        r.joins.map(|a| {
            (
                a,
                r.leaves.unwrap_or(Millis::MAX).min(r.serving_until.max(a)),
            )
        })
    };
    let mut counts = vec![0usize; instants.len()];
    for p in c.all_pods() {
        if let Some((a, z)) = routed(p) {
            for (n, &s) in counts.iter_mut().zip(&instants) {
                *n += usize::from(a <= s && s < z);
            }
        }
    }
    let mut out = BTreeMap::new();
    for p in c.existing_pods() {
        let Some((a, z)) = serving(p) else {
            out.insert(p.uid, 0.0);
            continue;
        };
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
