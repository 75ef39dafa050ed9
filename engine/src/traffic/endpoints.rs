//! Each pod's life as the traffic sees it, and when it joins and leaves the endpoints.

use super::TrafficConfig;
use crate::api::{Millis, Pod};
use crate::behaviour::seconds_to_millis;
use crate::cluster::Cluster;

/// What the traffic needs of one pod.
#[derive(Clone, Debug)]
pub struct PodLife {
    pub name: String,
    pub uid: u64,
    /// The text it answers with.
    pub version: String,
    /// When kube-proxy routes to it, and until when (`None`: never / still).
    pub joins: Option<Millis>,
    pub leaves: Option<Millis>,
    /// From when the app answers (before that, a request is refused).
    pub serving_from: Millis,
    /// Until when it accepts requests.
    pub serving_until: Millis,
    /// SIGKILL at the end of the grace period (`Millis::MAX / 4` while not deleted).
    pub killed_at: Millis,
    /// It stopped accepting because the grace period ran out (preStop and drain did not fit).
    pub cut_by_grace: bool,
    /// The share of its answers that are errors, and from when (its image's `errorRate`).
    pub error_rate: f64,
    pub errors_from: Millis,
}

/// The response text of an image: its `response`, or `This is version N.` from its tag.
pub fn response_text(image: &str, configured: Option<&str>) -> String {
    if let Some(r) = configured {
        return r.to_string();
    }
    let tag = image.rsplit_once(':').map_or(image, |(_, t)| t);
    let digits: String = tag
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.is_empty() {
        format!("This is {image}.")
    } else {
        format!("This is version {}.", digits.trim_end_matches('.'))
    }
}

/// When the front end routes requests to a pod and until when it accepts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Routing {
    /// When the front end starts and stops choosing it (`None`: never / still).
    pub joins: Option<Millis>,
    pub leaves: Option<Millis>,
    /// Until when it accepts requests.
    pub serving_until: Millis,
    /// preStop plus the app's drain, and the grace period.
    keep: Millis,
    grace: Millis,
}

/// Mirrors the traffic model's rules for one pod: it joins once the front end has registered
/// it (with a readiness gate its Ready already waited for that); it accepts until its preStop
/// sleep and drain are over (bounded by the grace period and by its being gone); the front end
/// stops choosing it once the endpoint change has reached it, it has deregistered the pod and
/// reused connections have closed, or sooner if a health check notices it stopped answering.
pub fn routing(c: &Cluster, p: &Pod, cfg: &TrafficConfig) -> Routing {
    let grace = c.replica_sets[p.owner].spec.template.grace_period_ms();
    RouteParams::of(cfg).route(p, grace)
}

/// The traffic settings [`routing`] reads, in milliseconds: worked out once for many pods.
#[derive(Clone, Copy, Debug)]
pub struct RouteParams {
    registration: Millis,
    keep: Millis,
    delay: Millis,
    routing: Millis,
    health: Option<Millis>,
}

impl RouteParams {
    pub fn of(cfg: &TrafficConfig) -> RouteParams {
        RouteParams {
            registration: if cfg.readiness_gate {
                0
            } else {
                seconds_to_millis(cfg.registration_seconds())
            },
            keep: seconds_to_millis(cfg.pre_stop_sleep) + seconds_to_millis(cfg.drain_time),
            delay: seconds_to_millis(cfg.propagation_delay),
            routing: seconds_to_millis(cfg.routing_stop_seconds()),
            health: cfg.health_check_seconds().map(seconds_to_millis),
        }
    }

    /// The latest a pod deleted at `deleted` can still be chosen by the front end.
    pub fn last_chosen(&self, deleted: Millis) -> Millis {
        deleted + self.routing.max(self.delay)
    }

    /// [`routing`] for a pod whose template's grace period is `grace` (ms).
    pub fn route(&self, p: &Pod, grace: Millis) -> Routing {
        let joins = p
            .ready
            .filter(|&r| p.deleted.is_none_or(|d| r < d))
            .map(|r| r + self.registration);
        let keep = self.keep;
        let serving_until = match p.deleted {
            None => Millis::MAX / 4,
            Some(d) => (d + keep.min(grace)).min(p.gone.unwrap_or(Millis::MAX / 4).max(d)),
        };
        let leaves = p.deleted.map(|d| {
            let by_routing = d + self.routing.max(self.delay);
            match self.health {
                Some(h) => by_routing.min(serving_until + h),
                None => by_routing,
            }
        });
        Routing {
            joins,
            leaves,
            serving_until,
            keep,
            grace,
        }
    }
}

impl PodLife {
    pub fn of(c: &Cluster, p: &Pod, cfg: &TrafficConfig) -> PodLife {
        let image = c.replica_sets[p.owner].spec.template.first_image();
        let behaviour = c.behaviours.of(image);
        let r = routing(c, p, cfg);
        PodLife {
            name: c.pod_name(p),
            uid: p.uid,
            serving_from: match behaviour.serve_after {
                // The pod's own draw, counted from when it was scheduled.
                Some(_) => p.serving.unwrap_or(Millis::MAX / 4),
                None => p.ready.unwrap_or(Millis::MAX / 4),
            },
            version: response_text(image, behaviour.response.as_deref()),
            joins: r.joins,
            leaves: r.leaves,
            serving_until: r.serving_until,
            killed_at: p.deleted.map_or(Millis::MAX / 4, |d| d + r.grace),
            cut_by_grace: p.deleted.is_some() && r.keep >= r.grace,
            error_rate: behaviour.error_rate,
            errors_from: p.serving.or(p.ready).map_or(Millis::MAX / 4, |s| {
                s + seconds_to_millis(behaviour.errors_after)
            }),
        }
    }
}

/// Endpoint changes in time order: (time, pod, joins).
pub fn endpoint_events(lives: &[PodLife]) -> Vec<(Millis, usize, bool)> {
    let mut events = Vec::new();
    for (i, l) in lives.iter().enumerate() {
        if let Some(j) = l.joins {
            if l.leaves.is_none_or(|x| j < x) {
                events.push((j, i, true));
            }
        }
        if let Some(x) = l.leaves {
            events.push((x, i, false));
        }
    }
    // Leaves before joins at the same instant; then by pod, for determinism.
    events.sort_by_key(|&(t, i, join)| (t, join, i));
    events
}
