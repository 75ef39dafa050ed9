//! `kubectl rollout undo` (`pkg/polymorphichelpers/rollback.go` `DeploymentRollbacker`): a
//! client-side patch of the Deployment's template back to a revision's.

use crate::api::{Deployment, ReplicaSet};
use crate::controller::deployment::util::skip_copy_annotation;

/// What the rollback did.
#[derive(Clone, Debug, PartialEq)]
pub enum RollbackOutcome {
    /// The template (and annotations) were patched: `deployment.apps/NAME rolled back`.
    RolledBack,
    /// The revision's template is the current one.
    Skipped(i64),
}

/// Mirrors `DeploymentRollbacker.Rollback`: finds the ReplicaSet of `to_revision` (0: the one
/// before the current) and copies its template into the Deployment.
pub fn rollback(
    d: &mut Deployment,
    rss: &[&ReplicaSet],
    to_revision: i64,
) -> Result<RollbackOutcome, String> {
    if to_revision < 0 {
        return Err(format!(
            "unable to find specified revision {to_revision} in history"
        ));
    }
    if d.spec.paused {
        return Err(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                .into(),
        );
    }
    let target = if to_revision == 0 {
        let mut revisions: Vec<(i64, &ReplicaSet)> =
            rss.iter().map(|rs| (rs.revision(), *rs)).collect();
        revisions.sort_by_key(|(r, _)| *r);
        if revisions.len() < 2 {
            return Err(format!(
                "no rollout history found for deployment {:?}",
                d.meta.name
            ));
        }
        revisions[revisions.len() - 2].1
    } else {
        rss.iter()
            .copied()
            .find(|rs| rs.revision() == to_revision)
            .ok_or_else(|| format!("unable to find specified revision {to_revision} in history"))?
    };
    if target.spec.template == d.spec.template {
        return Ok(RollbackOutcome::Skipped(target.revision()));
    }
    d.spec.template = target.spec.template.clone();
    for (k, v) in &target.meta.annotations {
        if !skip_copy_annotation(k) {
            d.meta.annotations.insert(k.clone(), v.clone());
        }
    }
    d.meta.generation += 1;
    Ok(RollbackOutcome::RolledBack)
}
