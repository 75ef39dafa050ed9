//! What routes requests to the pods, as presets whose delays are written out (and editable in
//! the scenario): how long after a pod's deletion the front end still sends it new requests.
//!
//! The delays are the model's assumptions, each with where it comes from; none is a
//! measurement of a particular cluster.

use serde::{Deserialize, Serialize};

/// The front end in front of the pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FrontEnd {
    /// A ClusterIP Service: kube-proxy's rules on every node.
    #[default]
    KubeProxy,
    /// An in-cluster ingress controller that balances over pod IPs itself.
    IngressController,
    /// A cloud load balancer with pods as its targets.
    CloudLoadBalancer,
    /// A load balancer whose deregistration takes minutes.
    SlowLoadBalancer,
}

/// A preset's delays, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    pub propagation_delay: f64,
    pub deregistration_delay: f64,
    pub health_check_interval: f64,
    pub unhealthy_threshold: f64,
    pub keep_alive: f64,
}

impl FrontEnd {
    pub const ALL: [FrontEnd; 4] = [
        FrontEnd::KubeProxy,
        FrontEnd::IngressController,
        FrontEnd::CloudLoadBalancer,
        FrontEnd::SlowLoadBalancer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FrontEnd::KubeProxy => "kubeProxy",
            FrontEnd::IngressController => "ingressController",
            FrontEnd::CloudLoadBalancer => "cloudLoadBalancer",
            FrontEnd::SlowLoadBalancer => "slowLoadBalancer",
        }
    }

    pub fn parse(s: &str) -> Option<FrontEnd> {
        FrontEnd::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FrontEnd::KubeProxy => "kube-proxy only (a ClusterIP Service)",
            FrontEnd::IngressController => "an ingress controller balancing over pod IPs",
            FrontEnd::CloudLoadBalancer => "a cloud load balancer with pod targets",
            FrontEnd::SlowLoadBalancer => "a load balancer whose deregistration takes minutes",
        }
    }

    /// The preset's delays.
    pub fn preset(self) -> Preset {
        let base = Preset {
            propagation_delay: 1.0,
            deregistration_delay: 0.0,
            health_check_interval: 0.0,
            unhealthy_threshold: 0.0,
            keep_alive: 0.0,
        };
        match self {
            FrontEnd::KubeProxy => base,
            FrontEnd::IngressController => Preset {
                deregistration_delay: 1.0,
                ..base
            },
            FrontEnd::CloudLoadBalancer => Preset {
                deregistration_delay: 10.0,
                health_check_interval: 15.0,
                unhealthy_threshold: 2.0,
                ..base
            },
            FrontEnd::SlowLoadBalancer => Preset {
                deregistration_delay: 120.0,
                health_check_interval: 30.0,
                unhealthy_threshold: 3.0,
                ..base
            },
        }
    }

    /// Where the preset's numbers come from.
    pub fn source(self) -> &'static str {
        match self {
            FrontEnd::KubeProxy => {
                "The endpoint change reaches every node's kube-proxy about 1 s after the pod's deletion (the EndpointSlice update, then kube-proxy's resync, whose --iptables-min-sync-period defaults to 1 s); 1 to 3 s on a busy cluster."
            }
            FrontEnd::IngressController => {
                "The controller watches the same EndpointSlices (about 1 s) and then updates its own balancer: ingress-nginx, for one, pushes endpoint changes to its Lua balancer on a 1 s timer."
            }
            FrontEnd::CloudLoadBalancer => {
                "The cloud's controller deregisters the target when the endpoint changes, and the load balancer goes on sending new requests while that takes effect (AWS documents that it can take a few seconds; 10 s is assumed here). Its health check, every 15 s with 2 failures to mark a target unhealthy, notices sooner only a pod that stopped answering."
            }
            FrontEnd::SlowLoadBalancer => {
                "Some load balancers take minutes to stop routing to a deregistered target (2 minutes is assumed here); health checks every 30 s, 3 failures."
            }
        }
    }
}
