//! Argo Rollouts' `utils/` packages: the replica arithmetic the controller's decisions rest on.

pub mod bluegreen;
pub mod canary;
pub mod defaults;
pub mod replicaset;
pub mod rolloututil;
