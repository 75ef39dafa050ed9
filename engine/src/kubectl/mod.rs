//! What kubectl does and prints: the user's commands, the client-side rollback, the legacy
//! `rolling-update`, and the `get`, `rollout status`, `rollout history` and `describe` views.

pub mod actions;
pub mod argo;
pub mod describe;
pub mod drain;
pub mod format;
pub mod get;
pub mod hpa;
pub mod node_changes;
pub mod nodes;
pub mod rollback;
pub mod rolling_update;
pub mod rollout_status;
pub mod workload_get;
pub mod workload_status;
pub mod workloads;
