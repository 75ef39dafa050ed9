//! `pkg/controller/deployment/rollback.go`: the controller-side rollback of extensions/v1beta1
//! and apps/v1beta1, asked for with `spec.rollbackTo` (carried as the annotation
//! `deprecated.deployment.rollback.to`). kubectl's `rollout undo` is client-side instead.

use super::sync::get_all_replica_sets_and_sync_revision;
use super::util;
use crate::api::annotations::ROLLBACK_TO;
use crate::cluster::Cluster;
use crate::trace::{seconds, Record};

/// Mirrors `getRollbackTo`: the revision asked for, if any (an unparsable value is none).
pub fn get_rollback_to(c: &Cluster) -> Option<i64> {
    c.deployment
        .meta
        .annotations
        .get(ROLLBACK_TO)
        .and_then(|v| v.parse().ok())
}

/// Mirrors `DeploymentController.rollback`: revision 0 is the last one (`LastRevision`); the
/// ReplicaSet of the revision gives its template and annotations to the Deployment (unless it is
/// the current template); in every case the request is cleared.
pub fn rollback(c: &mut Cluster, rs_list: &[usize]) {
    let (new, old) = get_all_replica_sets_and_sync_revision(c, rs_list, true);
    let all: Vec<usize> = old.into_iter().chain(new).collect();
    let mut revision = get_rollback_to(c).unwrap_or(0);
    if revision == 0 {
        revision = util::last_revision(all.iter().map(|&i| &c.replica_sets[i]));
        if revision == 0 {
            event(
                c,
                "Warning",
                "DeploymentRollbackRevisionNotFound",
                "Unable to find last revision.".into(),
            );
            return clear_rollback_to(c);
        }
    }
    let Some(target) = all
        .iter()
        .copied()
        .find(|&i| c.replica_sets[i].revision() == revision)
    else {
        event(
            c,
            "Warning",
            "DeploymentRollbackRevisionNotFound",
            "Unable to find the revision to rollback to.".into(),
        );
        return clear_rollback_to(c);
    };
    rollback_to_template(c, target, revision);
}

/// Mirrors `rollbackToTemplate`: copies the ReplicaSet's template and annotations
/// (`SetDeploymentAnnotationsTo`), or says the template is already the current one; then
/// clears the request.
fn rollback_to_template(c: &mut Cluster, rs: usize, revision: i64) {
    let name = c.deployment.meta.name.clone();
    let rs = &c.replica_sets[rs];
    if rs.spec.template == c.deployment.spec.template {
        let message = format!(
            "The rollback revision contains the same template as current deployment {name:?}"
        );
        event(c, "Warning", "DeploymentRollbackTemplateUnchanged", message);
        return clear_rollback_to(c);
    }
    let (template, annotations) = (rs.spec.template.clone(), rs.meta.annotations.clone());
    c.deployment.spec.template = template;
    for (k, v) in annotations {
        if !util::skip_copy_annotation(&k) {
            c.deployment.meta.annotations.insert(k, v);
        }
    }
    c.deployment.meta.generation += 1;
    event(
        c,
        "Normal",
        "DeploymentRollback",
        format!("Rolled back deployment {name:?} to revision {revision}"),
    );
    clear_rollback_to(c);
}

/// Mirrors `updateDeploymentAndClearRollbackTo`.
fn clear_rollback_to(c: &mut Cluster) {
    c.deployment.meta.annotations.remove(ROLLBACK_TO);
}

fn event(c: &mut Cluster, kind: &str, reason: &str, message: String) {
    let object = format!("deployment/{}", c.deployment.meta.name);
    c.record(Record::Event {
        t: seconds(c.now),
        kind: kind.into(),
        reason: reason.into(),
        object,
        message,
    });
}
