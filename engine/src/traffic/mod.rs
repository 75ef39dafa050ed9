//! What the users of the service see during a rollout: requests through an Ingress to the
//! Service, spread at random over its ready endpoints as kube-proxy does, answered by each pod
//! with its version's text, or failed. Deterministic for a given seed.
//!
//! The model, on top of the pods' lives from the simulation:
//! - a pod joins the endpoints `propagationDelay` after it turns Ready (minReadySeconds does not
//!   delay traffic); after it is deleted the front end ([`FrontEnd`]) goes on sending it new
//!   requests for the endpoint propagation, its own deregistration and reused connections
//!   (`keepAlive`), or until its health check notices a pod that stopped answering;
//! - a deleted pod keeps accepting for its preStop sleep plus the app's drain time, bounded by
//!   terminationGracePeriodSeconds; requests routed to it after that fail (502);
//! - a request in flight when the pod stops accepting fails (502), unless the app shuts down
//!   gracefully (`gracefulShutdown`): then it finishes, unless SIGKILL at the end of the grace
//!   period comes first;
//! - with no endpoint, the Ingress answers 503.

mod config;
mod endpoints;
pub mod front_end;
pub mod load;
pub mod recommend;
mod report;

pub use config::TrafficConfig;
pub use endpoints::response_text;
pub use front_end::FrontEnd;
pub use report::{Failure, Response, TrafficReport, TrafficSample};

use crate::api::Millis;
use crate::cluster::Cluster;
use endpoints::{endpoint_events, PodLife};

/// A small deterministic generator (SplitMix64), so that a seed gives the same choices on every
/// platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A set of endpoints (pod indices) with O(1) joins, leaves and random picks.
struct EndpointSet {
    members: Vec<usize>,
    pos: Vec<Option<usize>>,
}

impl EndpointSet {
    fn new(pods: usize) -> Self {
        EndpointSet {
            members: Vec::new(),
            pos: vec![None; pods],
        }
    }

    fn apply(&mut self, pod: usize, join: bool) {
        if join && self.pos[pod].is_none() {
            self.pos[pod] = Some(self.members.len());
            self.members.push(pod);
        } else if !join {
            if let Some(i) = self.pos[pod].take() {
                let last = self.members.pop().expect("a member");
                if last != pod {
                    self.members[i] = last;
                    self.pos[last] = Some(i);
                }
            }
        }
    }

    fn pick(&self, rng: &mut Rng) -> Option<usize> {
        (!self.members.is_empty()).then(|| self.members[rng.below(self.members.len())])
    }
}

/// Runs the traffic model over a finished (or partial) run whose cluster kept its pods
/// (`archive`), from `from` to `until`. With `record`, every request's outcome is kept (8 bytes
/// each) for the "refresh the browser" pane; the counts cover every request either way.
pub fn simulate(
    c: &Cluster,
    cfg: &TrafficConfig,
    from: Millis,
    until: Millis,
    record: bool,
) -> TrafficReport {
    let lives: Vec<PodLife> = c.all_pods().map(|p| PodLife::of(c, p, cfg)).collect();
    let events = endpoint_events(&lives);
    let mut report = TrafficReport::new(&lives, from * 1000, cfg.interval_micros());
    let mut rng = Rng(cfg.seed);
    // The endpoint set as kube-proxy sees it: pod indices, with each one's position for O(1) removal.
    let mut set = EndpointSet::new(lives.len());
    // A Rollout's Services and router pick among the endpoints of some ReplicaSets only: the
    // endpoints are kept per ReplicaSet too.
    let routes = c.argo.as_ref().map(|a| &a.routes);
    let owners: Vec<usize> = c.all_pods().map(|p| p.owner).collect();
    let mut by_owner: Vec<EndpointSet> = match routes {
        Some(_) => (0..c.replica_sets.len())
            .map(|_| EndpointSet::new(lives.len()))
            .collect(),
        None => Vec::new(),
    };
    let hash_owner: std::collections::BTreeMap<&str, usize> = c
        .replica_sets
        .iter()
        .enumerate()
        .map(|(i, rs)| (crate::argo::utils::replicaset::pod_hash(rs), i))
        .collect();
    let owner_of_hash = |hash: &str| hash_owner.get(hash).copied();
    let mut next_route = 0;
    let propagation = crate::behaviour::seconds_to_millis(cfg.propagation_delay);
    let mut route = crate::argo::rollout::Route::AllPods;
    let mut next_event = 0;
    let interval = cfg.interval_micros();
    if interval == 0 {
        return report;
    }
    let duration_ms = cfg.request_duration_ms();
    let mut t_us: i64 = from * 1000;
    while t_us < until * 1000 {
        let t = t_us / 1000;
        while next_event < events.len() && events[next_event].0 <= t {
            let (_, pod, join) = events[next_event];
            set.apply(pod, join);
            if let Some(s) = by_owner.get_mut(owners[pod]) {
                s.apply(pod, join);
            }
            next_event += 1;
        }
        // A Service's new selector or a router's new weight reaches the proxies as a pod's
        // endpoint does, after the propagation delay.
        if let Some(routes) = routes {
            while next_route < routes.len() && routes[next_route].0.saturating_add(propagation) <= t
            {
                route = routes[next_route].1.clone();
                next_route += 1;
            }
        }
        let chosen = match &route {
            crate::argo::rollout::Route::AllPods => set.pick(&mut rng),
            crate::argo::rollout::Route::Selector(hash) => owner_of_hash(hash)
                .and_then(|o| by_owner.get(o))
                .and_then(|s| s.pick(&mut rng)),
            crate::argo::rollout::Route::Weighted {
                canary_hash,
                stable_hash,
                canary,
                max,
            } => {
                let to_canary = (rng.below((*max).max(1) as usize) as i32) < *canary;
                let hash = if to_canary { canary_hash } else { stable_hash };
                owner_of_hash(hash)
                    .and_then(|o| by_owner.get(o))
                    .and_then(|s| s.pick(&mut rng))
            }
        };
        let outcome = match chosen {
            None => Err(Failure::NoEndpoints),
            Some(pod) => {
                let life = &lives[pod];
                let ends = t + duration_ms;
                if t < life.serving_from {
                    Err(Failure::NotServingYet)
                } else if t >= life.serving_until {
                    Err(Failure::StoppedAccepting)
                } else if cfg.graceful_shutdown {
                    // Accepted: the app finishes it, unless SIGKILL comes first.
                    if ends > life.killed_at {
                        Err(Failure::KilledAtGrace)
                    } else {
                        Ok(pod)
                    }
                } else if ends > life.serving_until {
                    // The app exits when it stops accepting, taking its requests with it.
                    Err(if life.cut_by_grace {
                        Failure::KilledAtGrace
                    } else {
                        Failure::KilledInFlight
                    })
                } else {
                    Ok(pod)
                }
            }
        };
        // A bad version answers some requests with an error of its own.
        let outcome = match outcome {
            Ok(pod)
                if lives[pod].error_rate > 0.0
                    && t >= lives[pod].errors_from
                    && rng.unit() < lives[pod].error_rate =>
            {
                Err(Failure::AppError)
            }
            other => other,
        };
        report.count(t, chosen, outcome, record);
        t_us += interval;
    }
    let grace = c.deployment.spec.template.grace_period_ms() / 1000;
    report.finish(cfg, grace);
    report
}

#[cfg(test)]
mod tests;
