//! The user's kubectl commands, applied to the simulated API server with kubectl's answers.

use super::rollback::{rollback, RollbackOutcome};
use crate::api::validation::{format_invalid, validate_deployment, BadValue, FieldError};
use crate::cluster::Cluster;
use crate::manifest::{self, WorkloadKind};
use crate::sim::scenario::Action;

/// What kubectl printed for a command.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub command: String,
    pub output: String,
    pub ok: bool,
}

impl Answer {
    /// The command and what it printed: its output, or its error.
    pub fn of(command: String, result: Result<String, String>) -> Answer {
        let (output, ok) = match result {
            Ok(o) => (o, true),
            Err(e) => (e, false),
        };
        Answer {
            command,
            output,
            ok,
        }
    }
}

/// Applies a user action to the Deployment as the API server would: validated, generation
/// bumped on a spec change, nothing changed on an error.
pub fn apply_action(c: &mut Cluster, action: &Action) -> Answer {
    let name = c.deployment.meta.name.clone();
    let object = format!("deployment.apps/{name}");
    let before = c.deployment.clone();
    if matches!(
        action,
        Action::DeletePod(_) | Action::AddNode | Action::RemoveNode(_) | Action::NodeNotReady(_)
    ) {
        return super::node_changes::apply(c, action);
    }
    let (command, result) = match action {
        // A drain goes on after its command: kept with the cluster, moved on at each instant.
        Action::Drain(node) => {
            let command = format!("kubectl drain {node} --ignore-daemonsets");
            let result = super::drain::start(c, node).map(|(drain, output)| {
                c.drains.push(drain);
                output
            });
            return Answer::of(command, result);
        }
        Action::Uncordon(node) => {
            let command = format!("kubectl uncordon {node}");
            return Answer::of(command, super::drain::uncordon(c, node));
        }
        Action::SetImage { container, image } => {
            let (target, r) = set_image(c, container.as_deref(), image);
            let cmd = format!("kubectl set image deployment/{name} {target}={image}");
            (cmd, r.map(|()| format!("{object} image updated")))
        }
        Action::Scale(n) => (
            format!("kubectl scale deployment/{name} --replicas={n}"),
            scale(c, *n).map(|()| format!("{object} scaled")),
        ),
        Action::Pause => {
            let r = if c.deployment.spec.paused {
                Err(format!(
                    "error: deployments.apps {name:?} is already paused"
                ))
            } else {
                c.deployment.spec.paused = true;
                Ok(format!("{object} paused"))
            };
            (format!("kubectl rollout pause deployment/{name}"), r)
        }
        Action::Resume => {
            let r = if !c.deployment.spec.paused {
                Err(format!("error: deployments.apps {name:?} is not paused"))
            } else {
                c.deployment.spec.paused = false;
                Ok(format!("{object} resumed"))
            };
            (format!("kubectl rollout resume deployment/{name}"), r)
        }
        Action::Undo { to_revision } => {
            let cmd = match to_revision {
                Some(r) => format!("kubectl rollout undo deployment/{name} --to-revision={r}"),
                None => format!("kubectl rollout undo deployment/{name}"),
            };
            let live = c.live_replica_sets();
            let rss: Vec<_> = live.iter().map(|&i| c.replica_sets[i].clone()).collect();
            let refs: Vec<_> = rss.iter().collect();
            let r = match rollback(&mut c.deployment, &refs, to_revision.unwrap_or(0)) {
                Ok(RollbackOutcome::RolledBack) => Ok(format!("{object} rolled back")),
                Ok(RollbackOutcome::Skipped(rev)) => Ok(format!(
                    "{object} skipped rollback (current template already matches revision {rev})"
                )),
                Err(e) => Err(format!("error: {e}")),
            };
            (cmd, r)
        }
        Action::Apply(doc) => (
            "kubectl apply -f manifest.yaml".to_string(),
            apply_manifest(c, doc, &object),
        ),
        Action::DeletePod(_)
        | Action::AddNode
        | Action::RemoveNode(_)
        | Action::NodeNotReady(_) => {
            unreachable!("handled above")
        }
        Action::Promote { .. } | Action::Abort | Action::Retry => {
            let verb = match action {
                Action::Promote { full: true } => "promote --full",
                Action::Promote { full: false } => "promote",
                Action::Abort => "abort",
                _ => "retry",
            };
            (
                format!("kubectl argo rollouts {verb} {name}"),
                Err(format!(
                    "Error: rollouts.argoproj.io {name:?} not found (the workload is a Deployment: promote, abort and retry act on an Argo Rollout)"
                )),
            )
        }
    };
    let mut result = result;
    if result.is_ok() && c.deployment.spec != before.spec {
        let errors = validate_deployment(&c.deployment);
        if errors.is_empty() {
            if !matches!(action, Action::Undo { .. }) {
                c.deployment.meta.generation += 1;
            }
        } else {
            // kubectl prints an Invalid status as is, without `error: `.
            result = Err(format_invalid("Deployment", &name, &errors));
        }
    }
    if result.is_err() {
        c.deployment = before;
    }
    Answer::of(command, result)
}

/// `set image`'s change: the named container (the first if none is named) gets `image`.
/// Returns the container's name, and kubectl's error when there is no such container.
pub(crate) fn set_image(
    c: &mut Cluster,
    container: Option<&str>,
    image: &str,
) -> (String, Result<(), String>) {
    let containers = &mut c.deployment.spec.template.containers;
    let target = container
        .map(str::to_string)
        .or_else(|| containers.first().map(|k| k.name.clone()))
        .unwrap_or_default();
    let r = match containers.iter_mut().find(|k| k.name == target) {
        None => Err(format!("error: unable to find container named {target:?}")),
        Some(k) => {
            k.image = image.to_string();
            Ok(())
        }
    };
    (target, r)
}

/// `scale`'s change, with kubectl's own check before any request.
pub(crate) fn scale(c: &mut Cluster, n: i32) -> Result<(), String> {
    if n < 0 {
        return Err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0".into());
    }
    c.deployment.spec.replicas = n;
    Ok(())
}

fn apply_manifest(
    c: &mut Cluster,
    doc: &serde_json::Value,
    object: &str,
) -> Result<String, String> {
    let loaded = manifest::deployment_from_documents(vec![doc.clone()])
        .map_err(|e| format!("error: {e}"))?;
    if loaded.kind != WorkloadKind::Deployment {
        return Err("error: only a Deployment can be applied here".into());
    }
    let d = loaded.deployment;
    if d.meta.name != c.deployment.meta.name {
        return Err(format!(
            "error: the manifest names deployment {:?}; this scenario's is {:?}",
            d.meta.name, c.deployment.meta.name
        ));
    }
    // The registry's ValidateUpdate: apps/v1 and apps/v1beta2 may not change the selector.
    if d.spec.selector != c.deployment.spec.selector {
        if !loaded.api_version.selector_mutable() {
            let err = FieldError::invalid(
                "spec.selector",
                BadValue::Selector(d.spec.selector.clone()),
                "field is immutable",
            );
            return Err(format_invalid("Deployment", &d.meta.name, &[err]));
        }
        return Err(format!(
            "error: {} lets an update change spec.selector, and the ReplicaSets it no longer selects are orphaned with their pods; Rollout Lab does not simulate orphaning",
            loaded.api_version.as_str()
        ));
    }
    let mut annotations = c.deployment.meta.annotations.clone();
    annotations.extend(d.meta.annotations);
    if d.spec == c.deployment.spec && annotations == c.deployment.meta.annotations {
        return Ok(format!("{object} unchanged"));
    }
    c.deployment.spec = d.spec;
    c.deployment.meta.annotations = annotations;
    Ok(format!("{object} configured"))
}
