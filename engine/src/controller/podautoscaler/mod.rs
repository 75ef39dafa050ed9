//! The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler). So far its replica
//! calculator, checked against upstream's tables; the controller loop that acts on a
//! Deployment is not simulated yet.

pub mod replica_calculator;
