//! Argo Rollouts (`argoproj/argo-rollouts`): the Rollout controller's canary and blue-green
//! strategies, mirroring its layout: [`utils`] holds the replica and weight arithmetic of
//! `utils/`, [`rollout`] the reconciliation of `rollout/`.

pub mod rollout;
pub mod utils;
