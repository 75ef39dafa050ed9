//! Mirrors `utils/replicaset/bluegreen.go`: what a blue-green rollout waits for.

use super::replicaset::pod_hash;
use crate::api::{ReplicaSet, Rollout};

/// Mirrors `GetReplicaSetByTemplateHash`: the ReplicaSet with that pod hash.
pub fn get_replica_set_by_template_hash<'a>(
    rss: &[&'a ReplicaSet],
    hash: &str,
) -> Option<&'a ReplicaSet> {
    if hash.is_empty() {
        return None;
    }
    rss.iter().copied().find(|rs| pod_hash(rs) == hash)
}

/// The ReplicaSet the active Service selects (`status.blueGreen.activeSelector`).
pub fn active_rs<'a>(ro: &Rollout, rss: &[&'a ReplicaSet]) -> Option<&'a ReplicaSet> {
    get_replica_set_by_template_hash(rss, ro.status.active_selector.as_deref().unwrap_or(""))
}
