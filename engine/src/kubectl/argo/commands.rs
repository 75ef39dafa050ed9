//! Mirrors the plugin's `promote`, `abort`, `retry`, `undo`, `pause` and `set image` (and
//! `kubectl scale rollout`, `kubectl apply`): what each patches, and what it prints.

use super::super::actions::{scale, set_image, Answer};
use crate::api::validation::{format_invalid, validate_deployment};
use crate::api::{RolloutStrategy, POD_HASH_LABEL};
use crate::argo::rollout::{rs_revision, state, state_mut};
use crate::cluster::Cluster;
use crate::sim::scenario::Action;

/// Applies a user action to the Rollout as the plugin (or kubectl) would; nothing changes on an
/// error.
// Out of line: the simulation's loop calls it for one kind of scenario only, and inlined there
// it would be part of the code the page needs for a Deployment's first view (scripts/split/).
#[inline(never)]
pub fn apply_action(c: &mut Cluster, action: &Action) -> Answer {
    if matches!(
        action,
        Action::Drain(_)
            | Action::Uncordon(_)
            | Action::DeletePod(_)
            | Action::AddNode
            | Action::RemoveNode(_)
            | Action::NodeNotReady(_)
    ) {
        return super::super::actions::apply_action(c, action);
    }
    let name = c.deployment.meta.name.clone();
    let before = (c.deployment.clone(), c.argo.clone());
    let plugin = |cmd: &str| format!("kubectl argo rollouts {cmd} {name}");
    let (command, result) = match action {
        Action::SetImage { container, image } => {
            let (target, r) = set_image(c, container.as_deref(), image);
            let cmd = format!("kubectl argo rollouts set image {name} {target}={image}");
            (cmd, r.map(|()| format!("rollout \"{name}\" image updated")))
        }
        Action::Scale(n) => (
            format!("kubectl scale rollout/{name} --replicas={n}"),
            scale(c, *n).map(|()| format!("rollout.argoproj.io/{name} scaled")),
        ),
        Action::Pause => {
            c.deployment.spec.paused = true;
            (plugin("pause"), Ok(format!("rollout '{name}' paused")))
        }
        Action::Resume | Action::Promote { full: false } => (plugin("promote"), promote(c, &name)),
        Action::Promote { full: true } => {
            let st = &mut state_mut(c).rollout.status;
            if st.current_pod_hash != st.stable_rs {
                st.promote_full = true;
            }
            (
                format!("kubectl argo rollouts promote {name} --full"),
                Ok(format!("rollout '{name}' fully promoted")),
            )
        }
        Action::Abort => {
            state_mut(c).rollout.status.abort = true;
            (plugin("abort"), Ok(format!("rollout '{name}' aborted")))
        }
        Action::Retry => {
            state_mut(c).rollout.status.abort = false;
            (
                format!("kubectl argo rollouts retry rollout {name}"),
                Ok(format!("rollout '{name}' retried")),
            )
        }
        Action::Undo { to_revision } => {
            let cmd = match to_revision {
                Some(r) => format!("kubectl argo rollouts undo {name} --to-revision={r}"),
                None => plugin("undo"),
            };
            (cmd, undo(c, &name, *to_revision))
        }
        Action::Apply(doc) => ("kubectl apply -f rollout.yaml".into(), apply(c, doc)),
        Action::Drain(_)
        | Action::Uncordon(_)
        | Action::DeletePod(_)
        | Action::AddNode
        | Action::RemoveNode(_)
        | Action::NodeNotReady(_) => unreachable!("handled above"),
    };
    let mut result = result;
    if result.is_ok() && c.deployment.spec != before.0.spec {
        let errors = validate_deployment(&c.deployment);
        if errors.is_empty() {
            state_mut(c).generation += 1;
        } else {
            result = Err(format_invalid("Rollout", &name, &errors));
        }
    }
    if result.is_err() {
        c.deployment = before.0;
        c.argo = before.1;
    }
    Answer::of(command, result)
}

/// Mirrors the plugin's `promote` patches: unpause the spec; else clear the controller's pause
/// conditions (the controller then sees it promoted); else, for a canary, skip the current step.
fn promote(c: &mut Cluster, name: &str) -> Result<String, String> {
    c.deployment.spec.paused = false;
    let s = state_mut(c);
    let steps = s.rollout.canary().map(|cs| cs.steps.len() as i32);
    let st = &mut s.rollout.status;
    let next = |st: &crate::api::RolloutStatus, n: i32| {
        let i = st.current_step_index.unwrap_or(0);
        Some(if i < n { i + 1 } else { i })
    };
    let inconclusive = st
        .pause_conditions
        .iter()
        .any(|p| p.reason == crate::api::PauseReason::InconclusiveAnalysis);
    match steps {
        // An inconclusive analysis step is skipped.
        Some(n) if inconclusive && st.controller_pause => {
            st.pause_conditions.clear();
            st.controller_pause = false;
            st.current_step_index = next(st, n);
        }
        _ if !st.pause_conditions.is_empty() => st.pause_conditions.clear(),
        // Not paused by the controller (a manual pause included): the current step is skipped.
        Some(n) => st.current_step_index = next(st, n),
        None => {}
    }
    Ok(format!("rollout '{name}' promoted"))
}

/// Mirrors the plugin's `undo`: the template of the ReplicaSet of that revision (default: the
/// one before the newest) becomes the Rollout's.
fn undo(c: &mut Cluster, name: &str, to_revision: Option<i64>) -> Result<String, String> {
    let live = c.live_replica_sets();
    let mut revisions: Vec<(i64, usize)> = live
        .iter()
        .map(|&i| (rs_revision(&c.replica_sets[i]), i))
        .collect();
    revisions.sort();
    let target = match to_revision.filter(|r| *r > 0) {
        Some(r) => revisions
            .iter()
            .find(|(rev, _)| *rev == r)
            .map(|&(_, i)| i)
            .ok_or_else(|| format!("error: unable to find specified revision {r} in history"))?,
        None => revisions
            .iter()
            .rev()
            .nth(1)
            .map(|&(_, i)| i)
            .ok_or_else(|| format!("error: no revision found for rollout {name:?}"))?,
    };
    let mut template = c.replica_sets[target].spec.template.clone();
    template.labels.remove(POD_HASH_LABEL);
    if template == c.deployment.spec.template {
        let rev = rs_revision(&c.replica_sets[target]);
        return Ok(format!(
            "skipped rollback (current template already matches revision {rev})"
        ));
    }
    c.deployment.spec.template = template;
    Ok(format!("rollout '{name}' undo"))
}

/// `kubectl apply -f` of the Rollout's manifest: template, replicas and strategy replaced.
fn apply(c: &mut Cluster, doc: &serde_json::Value) -> Result<String, String> {
    let (d, ro) = crate::manifest::rollout_from_value(doc).map_err(|e| format!("error: {e}"))?;
    if d.meta.name != c.deployment.meta.name {
        return Err(format!(
            "error: the manifest names rollout {:?}; this scenario's is {:?}",
            d.meta.name, c.deployment.meta.name
        ));
    }
    let same_kind = matches!(
        (&ro.spec.strategy, &state(c).rollout.spec.strategy),
        (RolloutStrategy::Canary(_), RolloutStrategy::Canary(_))
            | (RolloutStrategy::BlueGreen(_), RolloutStrategy::BlueGreen(_))
    );
    if !same_kind {
        return Err("error: Rollout Lab does not simulate switching a Rollout between canary and blue-green".into());
    }
    let unchanged = d.spec == c.deployment.spec && ro.spec == state(c).rollout.spec;
    c.deployment.spec = d.spec;
    let s = state_mut(c);
    s.rollout.spec = ro.spec;
    let name = &c.deployment.meta.name;
    Ok(if unchanged {
        format!("rollout.argoproj.io/{name} unchanged")
    } else {
        format!("rollout.argoproj.io/{name} configured")
    })
}
