//! The `kubectl argo rollouts` plugin: its commands ([`commands`]) and its views of a Rollout
//! ([`get`]: `get rollout` and `status`; `kubectl get rollout`).

pub mod commands;
pub mod get;
