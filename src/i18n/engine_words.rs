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
