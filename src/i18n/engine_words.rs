//! Words the engine gives the page as constants (a front end's name, a failure's cause) that
//! the page shows in its language: listed here so that the missing-translation test reads
//! them, with a test that the list is the engine's.

use super::n_;

/// `FrontEnd::label` of each front end, in `FrontEnd::ALL`'s order.
pub const FRONT_ENDS: [&str; 4] = [
    n_("kube-proxy only (a ClusterIP Service)"),
    n_("an ingress controller balancing over pod IPs"),
    n_("a cloud load balancer with pod targets"),
    n_("a load balancer whose deregistration takes minutes"),
];

/// `FrontEnd::source` of each front end, in `FrontEnd::ALL`'s order.
pub const FRONT_END_SOURCES: [&str; 4] = [
    n_("The endpoint change reaches every node's kube-proxy about 1 s after the pod's deletion (the EndpointSlice update, then kube-proxy's resync, whose --iptables-min-sync-period defaults to 1 s); 1 to 3 s on a busy cluster."),
    n_("The controller watches the same EndpointSlices (about 1 s) and then updates its own balancer: ingress-nginx, for one, pushes endpoint changes to its Lua balancer on a 1 s timer."),
    n_("The cloud's controller deregisters the target when the endpoint changes, and the load balancer goes on sending new requests while that takes effect (AWS documents that it can take a few seconds; 10 s is assumed here). Its health check, every 15 s with 2 failures to mark a target unhealthy, notices sooner only a pod that stopped answering."),
    n_("Some load balancers take minutes to stop routing to a deregistered target (2 minutes is assumed here); health checks every 30 s, 3 failures."),
];

/// `Failure::cause` of each way a request fails.
pub const FAILURE_CAUSES: [&str; 6] = [
    n_("no ready endpoint"),
    n_("sent to a pod that had stopped"),
    n_("cut mid-flight"),
    n_("sent to a pod not listening yet"),
    n_("killed at the grace period"),
    n_("answered with an error by a bad version"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::traffic::{Failure, FrontEnd};

    #[test]
    fn the_lists_are_the_engines_words() {
        let labels: Vec<&str> = FrontEnd::ALL.iter().map(|f| f.label()).collect();
        assert_eq!(labels, FRONT_ENDS);
        let sources: Vec<&str> = FrontEnd::ALL.iter().map(|f| f.source()).collect();
        assert_eq!(sources, FRONT_END_SOURCES);
        let causes: Vec<&str> = [
            Failure::NoEndpoints,
            Failure::StoppedAccepting,
            Failure::KilledInFlight,
            Failure::NotServingYet,
            Failure::KilledAtGrace,
            Failure::AppError,
        ]
        .iter()
        .map(|f| f.cause())
        .collect();
        assert_eq!(causes, FAILURE_CAUSES);
    }
}
