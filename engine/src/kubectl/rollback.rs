//! `kubectl rollout undo` (`pkg/polymorphichelpers/rollback.go` `DeploymentRollbacker`): a
//! client-side patch of the Deployment's template and annotations back to a revision's.

use crate::api::{Deployment, ReplicaSet};
use crate::controller::deployment::util::{by_creation_timestamp, skip_copy_annotation};
use std::fmt;

/// What the rollback did.
#[derive(Clone, Debug, PartialEq)]
pub enum RollbackOutcome {
    /// The template and annotations were patched: `deployment.apps/NAME rolled back`.
    RolledBack,
    /// The revision's template is the current one. Carries `--to-revision` as given (0 when
    /// omitted), which is what kubectl prints.
    Skipped(i64),
}

/// Why kubectl refused to roll back, in its words (printed after `error: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RollbackError {
    /// `unable to find specified revision N in history`
    RevisionNotFound(i64),
    /// `no rollout history found for deployment "NAME"`
    NoHistory(String),
    /// `you cannot rollback a paused deployment; resume it first with ...`
    Paused(String),
}

impl fmt::Display for RollbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RollbackError::RevisionNotFound(r) => {
                write!(f, "unable to find specified revision {r} in history")
            }
            RollbackError::NoHistory(name) => {
                write!(f, "no rollout history found for deployment {name:?}")
            }
            RollbackError::Paused(name) => write!(
                f,
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/{name}' and try again"
            ),
        }
    }
}

/// Mirrors kubectl's `deploymentRevision`: the ReplicaSet of `to_revision`, or with 0 the one
/// with the second-highest revision, walking the old ReplicaSets oldest first and the new one
/// last (`GetAllReplicaSets`), with kubectl's strict comparisons.
pub fn deployment_revision<'a>(
    d: &Deployment,
    rss: &[&'a ReplicaSet],
    to_revision: i64,
) -> Result<&'a ReplicaSet, RollbackError> {
    // FindNewReplicaSet: the oldest with the Deployment's template; every other is old.
    let mut sorted: Vec<&ReplicaSet> = rss.to_vec();
    sorted.sort_by(|a, b| by_creation_timestamp(a, b));
    let new = sorted
        .iter()
        .position(|rs| rs.spec.template == d.spec.template)
        .map(|i| sorted.remove(i));
    let all = sorted.into_iter().chain(new);
    type Seen<'r> = (i64, Option<&'r ReplicaSet>);
    let (mut latest, mut previous): (Seen, Seen) = ((-1, None), (-1, None));
    for rs in all {
        let v = rs.revision();
        if to_revision == 0 {
            if latest.0 < v {
                previous = latest;
                latest = (v, Some(rs));
            } else if previous.0 < v {
                previous = (v, Some(rs));
            }
        } else if to_revision == v {
            return Ok(rs);
        }
    }
    if to_revision > 0 {
        return Err(RollbackError::RevisionNotFound(to_revision));
    }
    previous
        .1
        .ok_or_else(|| RollbackError::NoHistory(d.meta.name.clone()))
}

/// Mirrors `DeploymentRollbacker.Rollback`: a negative revision is refused, the revision is
/// looked up, a paused Deployment is refused, a matching template is skipped; otherwise the
/// template is replaced and the annotations become the Deployment's own values of the keys
/// kubectl skips plus the ReplicaSet's other annotations (a JSON patch that replaces
/// `/metadata/annotations` whole, so the Deployment's other annotations go).
pub fn rollback(
    d: &mut Deployment,
    rss: &[&ReplicaSet],
    to_revision: i64,
) -> Result<RollbackOutcome, RollbackError> {
    if to_revision < 0 {
        return Err(RollbackError::RevisionNotFound(to_revision));
    }
    let target = deployment_revision(d, rss, to_revision)?;
    if d.spec.paused {
        return Err(RollbackError::Paused(d.meta.name.clone()));
    }
    if target.spec.template == d.spec.template {
        return Ok(RollbackOutcome::Skipped(to_revision));
    }
    d.spec.template = target.spec.template.clone();
    let mut annotations: std::collections::BTreeMap<String, String> = d
        .meta
        .annotations
        .iter()
        .filter(|(k, _)| skip_copy_annotation(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in &target.meta.annotations {
        if !skip_copy_annotation(k) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    d.meta.annotations = annotations;
    d.meta.generation += 1;
    Ok(RollbackOutcome::RolledBack)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::annotations;

    fn rs(revision: i64, image: &str, created: i64) -> ReplicaSet {
        let mut t = crate::api::PodTemplate::default();
        t.containers.push(crate::api::Container {
            name: "web".into(),
            image: image.into(),
            requests: Default::default(),
        });
        let mut meta = crate::api::ObjectMeta {
            name: format!("web-{revision}"),
            creation: created,
            ..Default::default()
        };
        meta.annotations
            .insert(annotations::REVISION.into(), revision.to_string());
        ReplicaSet {
            meta,
            spec: crate::api::ReplicaSetSpec {
                replicas: 0,
                min_ready_seconds: 0,
                template: t,
            },
            status: Default::default(),
        }
    }

    /// kubectl prints `--to-revision` as given: a plain undo whose previous revision has the
    /// current template says "revision 0".
    #[test]
    fn a_skipped_plain_undo_prints_revision_zero() {
        let (a, b) = (rs(1, "web:v1", 0), rs(2, "web:v1", 1));
        let mut d = crate::api::Deployment {
            meta: Default::default(),
            spec: crate::api::DeploymentSpec {
                replicas: 1,
                selector: None,
                template: b.spec.template.clone(),
                strategy: crate::manifest::rc_strategy(),
                min_ready_seconds: 0,
                revision_history_limit: None,
                progress_deadline_seconds: None,
                paused: false,
            },
            status: Default::default(),
        };
        assert_eq!(
            rollback(&mut d, &[&a, &b], 0),
            Ok(RollbackOutcome::Skipped(0))
        );
        assert_eq!(
            rollback(&mut d, &[&a, &b], 1),
            Ok(RollbackOutcome::Skipped(1))
        );
    }
}
