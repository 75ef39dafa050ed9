//! `kubectl rollout status` (`pkg/polymorphichelpers/rollout_status.go`).

use crate::api::{reasons, ConditionType, Deployment};

/// What `DeploymentStatusViewer.Status` returns: the message, whether the rollout is done, or
/// the error kubectl prints as `error: ...` with a non-zero exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolloutStatus {
    pub message: String,
    pub done: bool,
    pub error: Option<String>,
}

/// Mirrors `DeploymentStatusViewer.Status`. `revision` is `--revision` (0: any).
pub fn deployment_status_viewer(d: &Deployment, revision: i64) -> RolloutStatus {
    let name = &d.meta.name;
    let ok = |message: String, done: bool| RolloutStatus {
        message,
        done,
        error: None,
    };
    if revision > 0 {
        let current: i64 = d
            .meta
            .annotations
            .get(crate::api::annotations::REVISION)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        if current != revision {
            return RolloutStatus {
                message: String::new(),
                done: false,
                error: Some(format!("desired revision ({revision}) is different from the running revision ({current})")),
            };
        }
    }
    if d.meta.generation > d.status.observed_generation {
        return ok(
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
        );
    }
    let s = &d.status;
    if s.condition(ConditionType::Progressing)
        .is_some_and(|c| c.reason == reasons::TIMED_OUT)
    {
        return RolloutStatus {
            message: String::new(),
            done: false,
            error: Some(format!(
                "deployment {name:?} exceeded its progress deadline"
            )),
        };
    }
    let spec = d.spec.replicas;
    if s.updated_replicas < spec {
        return ok(
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} out of {spec} new replicas have been updated...\n",
                s.updated_replicas
            ),
            false,
        );
    }
    if s.replicas > s.updated_replicas {
        return ok(
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n",
                s.replicas - s.updated_replicas
            ),
            false,
        );
    }
    if s.available_replicas < s.updated_replicas {
        return ok(
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n",
                s.available_replicas, s.updated_replicas
            ),
            false,
        );
    }
    ok(
        format!("deployment {name:?} successfully rolled out\n"),
        true,
    )
}

/// The line kubectl prints for a status: the message, or `error: ...`.
pub fn status_line(d: &Deployment) -> String {
    let s = deployment_status_viewer(d, 0);
    match s.error {
        Some(e) => format!("error: {e}"),
        None => s.message.trim_end().to_string(),
    }
}
