//! The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler, v1.28): the replica
//! calculator, the metrics it reads (from the traffic model's load), the normalization by
//! `behavior`, and the loop that writes the Deployment's `spec.replicas`.

pub mod horizontal;
pub mod metrics;
pub mod normalize;
pub mod replica_calculator;
pub mod scaling_rules;
