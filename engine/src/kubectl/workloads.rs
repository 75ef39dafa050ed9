//! kubectl's commands on a StatefulSet or DaemonSet: `set image`, `scale`, `rollout undo`
//! (`StatefulSetRollbacker` / `DaemonSetRollbacker`: the template of a ControllerRevision
//! patched back), `apply`, `delete pod`; and the node changes. What each changes, and what
//! kubectl prints.

use super::actions::{scale, set_image, Answer};
use crate::api::validation::{format_invalid, validate_deployment, FieldError};
use crate::api::AppsWorkload;
use crate::cluster::Cluster;
use crate::controller::history;
use crate::sim::scenario::Action;

/// The kind as kubectl names it: (resource for commands, `kind.group` for output, Kind).
fn names(c: &Cluster) -> (&'static str, &'static str, &'static str) {
    if c.daemon.is_some() {
        ("daemonset", "daemonsets.apps", "DaemonSet")
    } else {
        ("statefulset", "statefulsets.apps", "StatefulSet")
    }
}

/// Applies a user action to the StatefulSet or DaemonSet as kubectl and the API server would:
/// validated, generation bumped on a spec change, nothing changed on an error.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn apply_action(c: &mut Cluster, action: &Action) -> Answer {
    let name = c.deployment.meta.name.clone();
    let (resource, group, kind) = names(c);
    let object = format!("{resource}.apps/{name}");
    let before = (c.deployment.clone(), c.stateful.clone(), c.daemon.clone());
    let (command, result) = match action {
        Action::Drain(_) | Action::Uncordon(_) => {
            return super::actions::apply_action(c, action);
        }
        Action::SetImage { container, image } => {
            let (target, r) = set_image(c, container.as_deref(), image);
            let cmd = format!("kubectl set image {resource}/{name} {target}={image}");
            (cmd, r.map(|()| format!("{object} image updated")))
        }
        Action::Scale(n) => {
            let cmd = format!("kubectl scale {resource}/{name} --replicas={n}");
            let r = if c.daemon.is_some() {
                Err("Error from server (NotFound): the server could not find the requested resource".into())
            } else {
                scale(c, *n).map(|()| format!("{object} scaled"))
            };
            (cmd, r)
        }
        Action::Pause | Action::Resume => {
            let verb = if matches!(action, Action::Pause) {
                ("pause", "pausing")
            } else {
                ("resume", "resuming")
            };
            (
                format!("kubectl rollout {} {resource}/{name}", verb.0),
                Err(format!("error: {group} {name:?} {} is not supported", verb.1)),
            )
        }
        Action::Undo { to_revision } => {
            let cmd = match to_revision {
                Some(r) => format!("kubectl rollout undo {resource}/{name} --to-revision={r}"),
                None => format!("kubectl rollout undo {resource}/{name}"),
            };
            (
                cmd,
                rollback(c, to_revision.unwrap_or(0)).map(|o| format!("{object} {o}")),
            )
        }
        Action::Apply(doc) => (
            "kubectl apply -f manifest.yaml".into(),
            apply(c, doc, kind, &object),
        ),
        Action::DeletePod(pod) => (
            format!("kubectl delete pod {pod}"),
            super::node_changes::delete_pod(c, pod),
        ),
        Action::AddNode | Action::RemoveNode(_) | Action::NodeNotReady(_) => {
            return super::node_changes::apply(c, action);
        }
        Action::Promote { .. } | Action::Abort | Action::Retry => (
            format!("kubectl argo rollouts {action:?} {name}").to_lowercase(),
            Err(format!(
                "Error: rollouts.argoproj.io {name:?} not found (the workload is a {kind}: promote, abort and retry act on an Argo Rollout)"
            )),
        ),
    };
    let mut result = result;
    // Any change of the spec bumps the generation: the shared fields or the set's own.
    let own_changed = c.stateful.as_ref().map(|s| &s.strategy)
        != before.1.as_ref().map(|s| &s.strategy)
        || c.daemon.as_ref().map(|d| &d.strategy) != before.2.as_ref().map(|d| &d.strategy);
    if result.is_ok() && (c.deployment.spec != before.0.spec || own_changed) {
        let errors = validate_deployment(&c.deployment);
        if errors.is_empty() {
            c.deployment.meta.generation += 1;
        } else {
            result = Err(format_invalid(kind, &name, &errors));
        }
    }
    if result.is_err() {
        c.deployment = before.0;
        c.stateful = before.1;
        c.daemon = before.2;
    }
    Answer::of(command, result)
}

/// Mirrors `StatefulSetRollbacker.Rollback` and `DaemonSetRollbacker.Rollback`: revision 0 is
/// the one before the latest; the set's template is patched back to the revision's, unless it
/// already is that.
pub fn rollback(c: &mut Cluster, to_revision: i64) -> Result<String, String> {
    if to_revision < 0 {
        return Err(format!(
            "error: unable to find specified revision {to_revision} in history"
        ));
    }
    let revisions = history::sorted_revisions(c);
    let target = if to_revision == 0 {
        if revisions.len() <= 1 {
            return Err("error: no last revision to roll back to".into());
        }
        revisions[revisions.len() - 2]
    } else {
        *revisions
            .iter()
            .find(|&&i| history::revision_number(&c.replica_sets[i]) == to_revision)
            .ok_or_else(|| {
                format!("error: unable to find specified revision {to_revision} in history")
            })?
    };
    let template = c.replica_sets[target].spec.template.clone();
    if template == c.deployment.spec.template {
        return Ok(format!(
            "skipped rollback (current template already matches revision {to_revision})"
        ));
    }
    c.deployment.spec.template = template;
    Ok("rolled back".into())
}

/// `kubectl apply -f` of the set's manifest: template, replicas, minReadySeconds and the update
/// strategy replaced. A StatefulSet's podManagementPolicy (and its other fields) may not change.
fn apply(
    c: &mut Cluster,
    doc: &serde_json::Value,
    kind: &str,
    object: &str,
) -> Result<String, String> {
    let (d, w) = crate::manifest::workloads::workload_from_value(doc, kind)
        .map_err(|e| format!("error: {e}"))?;
    if d.meta.name != c.deployment.meta.name {
        return Err(format!(
            "error: the manifest names {} {:?}; this scenario's is {:?}",
            kind.to_lowercase(),
            d.meta.name,
            c.deployment.meta.name
        ));
    }
    let unchanged;
    match (w, c.stateful.as_deref_mut(), c.daemon.as_deref_mut()) {
        (AppsWorkload::StatefulSet(s), Some(st), _) => {
            // ValidateStatefulSetUpdate: only replicas, ordinals, template, updateStrategy,
            // the claims' retention policy and minReadySeconds may change.
            let current = &c.deployment.spec;
            if s.pod_management_policy != st.strategy.pod_management_policy
                || s.service_name != st.strategy.service_name
                || d.spec.selector != current.selector
                || d.spec.revision_history_limit != current.revision_history_limit
            {
                let err = FieldError::forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
                return Err(format_invalid(kind, &d.meta.name, &[err]));
            }
            unchanged = d.spec == c.deployment.spec && s == st.strategy;
            st.strategy = s;
        }
        (AppsWorkload::DaemonSet(s), _, Some(ds)) => {
            if d.spec.selector != c.deployment.spec.selector {
                let err = FieldError::invalid(
                    "spec.selector",
                    crate::api::validation::BadValue::Selector(d.spec.selector.clone()),
                    "field is immutable",
                );
                return Err(format_invalid(kind, &d.meta.name, &[err]));
            }
            let mut spec = d.spec.clone();
            spec.replicas = c.deployment.spec.replicas;
            unchanged = spec == c.deployment.spec && s == ds.strategy;
            ds.strategy = s;
        }
        _ => return Err(format!("error: the manifest is not a {kind}")),
    }
    let replicas = c.deployment.spec.replicas;
    c.deployment.spec = d.spec;
    if c.daemon.is_some() {
        c.deployment.spec.replicas = replicas;
    }
    Ok(if unchanged {
        format!("{object} unchanged")
    } else {
        format!("{object} configured")
    })
}
