//! The smallest preStop sleep and grace period that lose no request to a pod going away, for
//! the front end and the request profile of the traffic model, with the arithmetic.
//!
//! Derived from the model in [`super`]: after its deletion, a pod gets new requests until the
//! front end stops choosing it (the endpoint propagation, the front end's deregistration and
//! reused connections: `route`); it accepts them until its preStop sleep and the app's drain
//! are over (`preStop + drain`); an app without graceful shutdown exits then, cutting what it
//! was serving; SIGKILL comes at the grace period.
//! - Nothing sent to a pod that stopped: `preStop + drain ≥ route`.
//! - Nothing cut mid-flight (no graceful shutdown): the last request, sent just before
//!   `route`, ends before the app exits: `preStop + drain ≥ route + request`.
//! - Nothing killed at the grace period: the app exits before SIGKILL, `grace > preStop +
//!   drain`; with graceful shutdown, the last request accepted ends by then: `grace ≥ preStop +
//!   drain + request`.

use super::TrafficConfig;
use crate::explain::format_number;
use crate::sentence::{Joint, Sentence};

/// The recommended settings, in whole seconds as the fields take them.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    pub pre_stop_seconds: i64,
    pub grace_seconds: i64,
    /// How they follow from the front end and the requests.
    pub arithmetic: Sentence,
}

fn secs(x: f64) -> String {
    format!("{} s", format_number((x * 1000.0).round() / 1000.0))
}

/// The recommendation for these traffic settings.
pub fn recommend(cfg: &TrafficConfig) -> Recommendation {
    let route = cfg.routing_stop_seconds();
    let request = cfg.request_duration;
    let drain = cfg.drain_time;
    let mut parts = vec![Sentence::new(
        "endpoints {s}",
        &[("s", &secs(cfg.propagation_delay))],
    )];
    if cfg.deregistration_delay > 0.0 {
        parts.push(Sentence::new(
            "deregistration {s}",
            &[("s", &secs(cfg.deregistration_delay))],
        ));
    }
    if cfg.keep_alive > 0.0 {
        parts.push(Sentence::new(
            "reused connections {s}",
            &[("s", &secs(cfg.keep_alive))],
        ));
    }
    let until = Sentence::new(
        "{parts} = {route} until the last new request",
        &[("route", &secs(route))],
    )
    .with_list("parts", Joint::Plus, parts);
    let (needed, grace_needed, how) = if cfg.graceful_shutdown {
        let pre_stop = (route - drain).max(0.0);
        (
            pre_stop,
            pre_stop.ceil() + drain + request,
            Sentence::new(
                "the app drains what it accepted, so preStop + drain {drain} must cover it; grace must outlast preStop, drain and the last request ({request})",
                &[("drain", &secs(drain)), ("request", &secs(request))],
            ),
        )
    } else {
        let pre_stop = (route + request - drain).max(0.0);
        (
            pre_stop,
            pre_stop.ceil() + drain,
            Sentence::new(
                "the app exits when it stops accepting, so preStop + drain {drain} must cover it plus a request in flight ({request}); grace must outlast preStop and drain",
                &[("drain", &secs(drain)), ("request", &secs(request))],
            ),
        )
    };
    let pre_stop_seconds = needed.ceil() as i64;
    // Whole seconds. Without graceful shutdown the app must exit strictly before SIGKILL;
    // with it, the last request may end at SIGKILL's moment.
    let grace = if cfg.graceful_shutdown {
        grace_needed.ceil() as i64
    } else {
        grace_needed.floor() as i64 + 1
    };
    let grace_seconds = grace.max(pre_stop_seconds + 1);
    let arithmetic = Sentence::new(
        "{until}; {how}: preStop {pre_stop} s, terminationGracePeriodSeconds at least {grace} s.",
        &[("pre_stop", &pre_stop_seconds), ("grace", &grace_seconds)],
    )
    .with("until", until)
    .with("how", how);
    Recommendation {
        pre_stop_seconds,
        grace_seconds,
        arithmetic,
    }
}

/// What is wrong with a preStop sleep against the grace period, if anything.
pub fn grace_warning(pre_stop_seconds: f64, grace_seconds: i64) -> Option<Sentence> {
    (pre_stop_seconds >= grace_seconds as f64).then(|| {
        Sentence::new(
            "preStop sleeps {pre_stop} but terminationGracePeriodSeconds is {grace} s: the grace period counts the preStop hook too, so the kubelet kills the container mid-sleep, before the app ever gets SIGTERM",
            &[("pre_stop", &secs(pre_stop_seconds)), ("grace", &grace_seconds)],
        )
    })
}

/// The YAML to paste into the Deployment: a preStop sleep and a grace period.
pub fn snippet(pre_stop_seconds: i64, grace_seconds: i64, container: &str) -> String {
    format!(
        "spec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: {grace_seconds}\n      containers:\n      - name: {container}\n        lifecycle:\n          preStop:\n            exec:\n              command: [\"sleep\", \"{pre_stop_seconds}\"]\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::traffic::FrontEnd;

    #[test]
    fn a_cloud_load_balancer_needs_the_deregistration_covered() {
        // endpoints 1 + deregistration 10 = 11 s; a 2 s request in flight: 13 s; grace 14 s.
        let cfg = TrafficConfig {
            request_duration: 2.0,
            ..TrafficConfig::default()
        }
        .with_front_end(FrontEnd::CloudLoadBalancer);
        let r = recommend(&cfg);
        assert_eq!((r.pre_stop_seconds, r.grace_seconds), (13, 14));
        assert!(r
            .arithmetic
            .to_string()
            .starts_with("endpoints 1 s + deregistration 10 s = 11 s"));
        // With graceful shutdown the request need not fit before the exit, only before SIGKILL.
        let graceful = TrafficConfig {
            graceful_shutdown: true,
            ..cfg
        };
        let r = recommend(&graceful);
        assert_eq!((r.pre_stop_seconds, r.grace_seconds), (11, 13));
    }

    #[test]
    fn a_pre_stop_as_long_as_the_grace_period_is_flagged() {
        assert!(grace_warning(30.0, 30).is_some());
        assert!(grace_warning(29.0, 30).is_none());
    }
}
