//! The controllers, one module per upstream controller. Each function mirrors the upstream
//! function it is named after and says so in its doc line.

pub mod daemon;
pub mod deployment;
pub mod disruption;
pub mod history;
pub mod podautoscaler;
pub mod replicaset;
pub mod statefulset;
