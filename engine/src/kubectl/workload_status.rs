//! Mirrors kubectl's `StatefulSetStatusViewer` and `DaemonSetStatusViewer`
//! (`polymorphichelpers/rollout_status.go`): what `kubectl rollout status` prints for them.

use crate::api::{DaemonSetStatus, StatefulSetStatus, StatefulSetStrategy, UpdateStrategyType};

/// What a status viewer returns: the message, whether the rollout is done, or the error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusView {
    pub message: String,
    pub done: bool,
    pub error: Option<String>,
}

fn waiting(message: String) -> StatusView {
    StatusView {
        message,
        done: false,
        error: None,
    }
}

fn done(message: String) -> StatusView {
    StatusView {
        message,
        done: true,
        error: None,
    }
}

fn only_rolling_update() -> StatusView {
    StatusView {
        message: String::new(),
        done: true,
        error: Some("rollout status is only available for RollingUpdate strategy type".into()),
    }
}

/// Mirrors `StatefulSetStatusViewer.Status`.
pub fn stateful_set_status_viewer(
    generation: i64,
    replicas: i32,
    strategy: &StatefulSetStrategy,
    status: &StatefulSetStatus,
) -> StatusView {
    if strategy.update_type != UpdateStrategyType::RollingUpdate {
        return only_rolling_update();
    }
    if status.observed_generation == 0 || generation > status.observed_generation {
        return waiting("Waiting for statefulset spec update to be observed...\n".into());
    }
    if status.ready_replicas < replicas {
        return waiting(format!(
            "Waiting for {} pods to be ready...\n",
            replicas - status.ready_replicas
        ));
    }
    if let Some(partition) = strategy.partition {
        if status.updated_replicas < replicas - partition {
            return waiting(format!(
                "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n",
                status.updated_replicas,
                replicas - partition
            ));
        }
        return done(format!(
            "partitioned roll out complete: {} new pods have been updated...\n",
            status.updated_replicas
        ));
    }
    if status.update_revision != status.current_revision {
        return waiting(format!(
            "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
            status.updated_replicas, status.update_revision
        ));
    }
    done(format!(
        "statefulset rolling update complete {} pods at revision {}...\n",
        status.current_replicas, status.current_revision
    ))
}

/// Mirrors `DaemonSetStatusViewer.Status`.
pub fn daemon_set_status_viewer(
    name: &str,
    generation: i64,
    update_type: UpdateStrategyType,
    status: &DaemonSetStatus,
) -> StatusView {
    if update_type != UpdateStrategyType::RollingUpdate {
        return only_rolling_update();
    }
    if generation > status.observed_generation {
        return waiting("Waiting for daemon set spec update to be observed...\n".into());
    }
    if status.updated_number_scheduled < status.desired_number_scheduled {
        return waiting(format!(
            "Waiting for daemon set {name:?} rollout to finish: {} out of {} new pods have been updated...\n",
            status.updated_number_scheduled, status.desired_number_scheduled
        ));
    }
    if status.number_available < status.desired_number_scheduled {
        return waiting(format!(
            "Waiting for daemon set {name:?} rollout to finish: {} of {} updated pods are available...\n",
            status.number_available, status.desired_number_scheduled
        ));
    }
    done(format!("daemon set {name:?} successfully rolled out\n"))
}

/// The line `kubectl rollout status` prints for the cluster's StatefulSet or DaemonSet (empty
/// when it has neither): the message, or `error: ...`.
pub fn status_line(c: &crate::cluster::Cluster) -> String {
    let d = &c.deployment;
    let view = if let Some(st) = &c.stateful {
        stateful_set_status_viewer(d.meta.generation, d.spec.replicas, &st.strategy, &st.status)
    } else if let Some(ds) = &c.daemon {
        daemon_set_status_viewer(
            &d.meta.name,
            d.meta.generation,
            ds.strategy.update_type,
            &ds.status,
        )
    } else {
        return String::new();
    };
    match view.error {
        Some(e) => format!("error: {e}"),
        None => view.message.trim_end().to_string(),
    }
}
