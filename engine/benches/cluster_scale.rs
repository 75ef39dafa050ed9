//! The cluster benchmark's scenario (`benches/cluster-scale.yaml`): a rollout on a cluster that
//! must grow, with an autoscaler and traffic.

pub const SCENARIO: &str = include_str!("../../benches/cluster-scale.yaml");
