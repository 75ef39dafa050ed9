//! Rollout Lab's engine: a pure, deterministic simulation of how Kubernetes rolls out a
//! Deployment. No web types, no wall clock: the browser app, the command line and the tests all
//! drive it the same way.
//!
//! - [`api`]: the objects (Deployment, ReplicaSet, Pod) and Kubernetes' validation of them.
//! - [`controller`]: the Deployment and ReplicaSet controllers, named after upstream functions.
//! - [`kubectl`]: the user's commands and what kubectl prints.
//! - [`sim`]: scenarios and the event loop over simulated time.
//! - [`report`]: what the command line prints (trace text or jsonl, sweeps, the fencepost arithmetic).

pub mod api;
pub mod argo;
pub mod autoscaler;
pub mod behaviour;
pub mod cluster;
pub mod controller;
pub mod explain;
pub mod hash;
pub mod import;
pub mod intstr;
pub mod kubectl;
pub mod lesson;
pub mod manifest;
pub mod registry;
pub mod report;
pub mod scheduler;
pub mod sentence;
pub mod sim;
pub mod trace;
pub mod traffic;
pub mod workqueue;

pub use sim::{Scenario, Simulation};
