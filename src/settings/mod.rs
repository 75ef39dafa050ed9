//! The Deployment's settings as the user types them, and how they become a Deployment.

pub mod cluster;
pub mod rollout;
pub mod workloads;

use rollout_engine::api::validation::{
    replicas_from_text, validate_deployment, BadValue, FieldError,
};
use rollout_engine::api::{DeploymentStrategy, RollingUpdateDeployment, StrategyType};
use rollout_engine::intstr::IntOrString;
use rollout_engine::manifest::WorkloadKind;
use rollout_engine::Scenario;

/// The three ways to roll out the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyChoice {
    RollingUpdate,
    Recreate,
    /// A ReplicationController updated by the legacy client-side `kubectl rolling-update`.
    LegacyRollingUpdate,
    /// An Argo Rollout with the canary strategy.
    ArgoCanary,
    /// An Argo Rollout with the blue-green strategy.
    ArgoBlueGreen,
    /// A StatefulSet: pods by ordinal, updated from the highest down to the partition.
    StatefulSet,
    /// A DaemonSet: one pod per node.
    DaemonSet,
}

impl StrategyChoice {
    pub const ALL: [StrategyChoice; 7] = [
        StrategyChoice::RollingUpdate,
        StrategyChoice::Recreate,
        StrategyChoice::LegacyRollingUpdate,
        StrategyChoice::ArgoCanary,
        StrategyChoice::ArgoBlueGreen,
        StrategyChoice::StatefulSet,
        StrategyChoice::DaemonSet,
    ];

    /// Whether the workload is a StatefulSet or a DaemonSet.
    pub fn is_apps_workload(self) -> bool {
        matches!(
            self,
            StrategyChoice::StatefulSet | StrategyChoice::DaemonSet
        )
    }

    /// Whether the workload is an Argo Rollout.
    pub fn is_argo(self) -> bool {
        matches!(
            self,
            StrategyChoice::ArgoCanary | StrategyChoice::ArgoBlueGreen
        )
    }

    pub fn value(self) -> &'static str {
        match self {
            StrategyChoice::RollingUpdate => "RollingUpdate",
            StrategyChoice::Recreate => "Recreate",
            StrategyChoice::LegacyRollingUpdate => "legacy",
            StrategyChoice::ArgoCanary => "argo-canary",
            StrategyChoice::ArgoBlueGreen => "argo-blue-green",
            StrategyChoice::StatefulSet => "statefulset",
            StrategyChoice::DaemonSet => "daemonset",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StrategyChoice::RollingUpdate => "RollingUpdate",
            StrategyChoice::Recreate => "Recreate",
            StrategyChoice::LegacyRollingUpdate => {
                crate::i18n::n_("ReplicationController + kubectl rolling-update (legacy)")
            }
            StrategyChoice::ArgoCanary => crate::i18n::n_("Argo Rollout: canary"),
            StrategyChoice::ArgoBlueGreen => crate::i18n::n_("Argo Rollout: blue-green"),
            StrategyChoice::StatefulSet => crate::i18n::n_("StatefulSet: by ordinal, from the top"),
            StrategyChoice::DaemonSet => crate::i18n::n_("DaemonSet: one pod per node"),
        }
    }

    pub fn from_value(v: &str) -> StrategyChoice {
        StrategyChoice::ALL
            .into_iter()
            .find(|s| s.value() == v)
            .unwrap_or(StrategyChoice::RollingUpdate)
    }
}

/// One editable field: its id, short name and Kubernetes field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Replicas,
    MaxSurge,
    MaxUnavailable,
    MinReadySeconds,
    ProgressDeadlineSeconds,
    RevisionHistoryLimit,
    TerminationGracePeriodSeconds,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Replicas,
        Field::MaxSurge,
        Field::MaxUnavailable,
        Field::MinReadySeconds,
        Field::ProgressDeadlineSeconds,
        Field::RevisionHistoryLimit,
        Field::TerminationGracePeriodSeconds,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Field::Replicas => "replicas",
            Field::MaxSurge => "max-surge",
            Field::MaxUnavailable => "max-unavailable",
            Field::MinReadySeconds => "min-ready-seconds",
            Field::ProgressDeadlineSeconds => "progress-deadline-seconds",
            Field::RevisionHistoryLimit => "revision-history-limit",
            Field::TerminationGracePeriodSeconds => "termination-grace-period-seconds",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Replicas => "replicas",
            Field::MaxSurge => "maxSurge",
            Field::MaxUnavailable => "maxUnavailable",
            Field::MinReadySeconds => "minReadySeconds",
            Field::ProgressDeadlineSeconds => "progressDeadlineSeconds",
            Field::RevisionHistoryLimit => "revisionHistoryLimit",
            Field::TerminationGracePeriodSeconds => "terminationGracePeriodSeconds",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Field::Replicas => "spec.replicas",
            Field::MaxSurge => "spec.strategy.rollingUpdate.maxSurge",
            Field::MaxUnavailable => "spec.strategy.rollingUpdate.maxUnavailable",
            Field::MinReadySeconds => "spec.minReadySeconds",
            Field::ProgressDeadlineSeconds => "spec.progressDeadlineSeconds",
            Field::RevisionHistoryLimit => "spec.revisionHistoryLimit",
            Field::TerminationGracePeriodSeconds => {
                "spec.template.spec.terminationGracePeriodSeconds"
            }
        }
    }

    /// What the value counts, shown under the field.
    pub fn hint(self) -> &'static str {
        match self {
            Field::MaxSurge | Field::MaxUnavailable => {
                crate::i18n::n_("an integer or a percentage, e.g. 25%")
            }
            Field::Replicas => crate::i18n::n_("pods"),
            Field::RevisionHistoryLimit => crate::i18n::n_("old ReplicaSets kept (empty: all)"),
            Field::ProgressDeadlineSeconds => crate::i18n::n_("seconds (empty: no deadline)"),
            Field::MinReadySeconds | Field::TerminationGracePeriodSeconds => {
                crate::i18n::n_("seconds")
            }
        }
    }
}

/// What the user typed into the settings form, kept as text so that nothing typed is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub strategy: StrategyChoice,
    values: [String; 7],
    /// The nodes, the autoscaler and the pods' requests.
    pub cluster: cluster::ClusterForm,
    /// An Argo Rollout's steps and strategy settings.
    pub argo: rollout::ArgoForm,
    /// A StatefulSet's or DaemonSet's own settings.
    pub workload: workloads::WorkloadForm,
}

impl Settings {
    /// The form filled in from a scenario.
    pub fn from_scenario(s: &Scenario) -> Settings {
        let spec = &s.deployment.spec;
        let argo = s
            .rollout
            .as_ref()
            .filter(|_| s.kind == WorkloadKind::Rollout);
        let strategy = match (s.kind, spec.strategy.kind, argo) {
            (WorkloadKind::ReplicationController, ..) => StrategyChoice::LegacyRollingUpdate,
            (WorkloadKind::Rollout, _, Some(ro)) if ro.blue_green().is_some() => {
                StrategyChoice::ArgoBlueGreen
            }
            (WorkloadKind::Rollout, ..) => StrategyChoice::ArgoCanary,
            (WorkloadKind::StatefulSet, ..) => StrategyChoice::StatefulSet,
            (WorkloadKind::DaemonSet, ..) => StrategyChoice::DaemonSet,
            (_, StrategyType::Recreate, _) => StrategyChoice::Recreate,
            _ => StrategyChoice::RollingUpdate,
        };
        // A canary's surge and unavailability show in the same fields as a Deployment's.
        let daemon = match &s.workload {
            Some(rollout_engine::api::AppsWorkload::DaemonSet(ds)) => Some(ds),
            _ => None,
        };
        let (surge, unavailable) = match (argo.and_then(|ro| ro.canary()), daemon) {
            (Some(c), _) => (c.max_surge.clone(), c.max_unavailable.clone()),
            // A DaemonSet's show in them too.
            (None, Some(ds)) => (Some(ds.max_surge.clone()), Some(ds.max_unavailable.clone())),
            (None, None) => {
                let ru = spec.strategy.rolling_update.as_ref();
                (
                    ru.and_then(|r| r.max_surge.clone()),
                    ru.and_then(|r| r.max_unavailable.clone()),
                )
            }
        };
        let show = |v: Option<&IntOrString>| v.map_or("25%".to_string(), IntOrString::to_string);
        Settings {
            strategy,
            values: [
                spec.replicas.to_string(),
                show(surge.as_ref()),
                show(unavailable.as_ref()),
                spec.min_ready_seconds.to_string(),
                spec.progress_deadline_seconds
                    .map_or(String::new(), |v| v.to_string()),
                spec.revision_history_limit
                    .map_or(String::new(), |v| v.to_string()),
                spec.template.termination_grace_period_seconds.to_string(),
            ],
            cluster: cluster::ClusterForm::from_scenario(s),
            argo: argo
                .map_or_else(rollout::ArgoForm::default, |ro| {
                    let mut f = rollout::ArgoForm::from_strategy(&ro.spec.strategy);
                    f.flags[rollout::ArgoFlag::ProgressDeadlineAbort as usize] =
                        ro.spec.progress_deadline_abort;
                    f
                })
                .with_outcomes(&s.analysis),
            workload: workloads::WorkloadForm::from_scenario(s),
        }
    }

    pub fn get(&self, f: Field) -> &str {
        &self.values[f as usize]
    }

    pub fn set(&mut self, f: Field, v: String) {
        self.values[f as usize] = v;
    }

    /// `base` with these settings, or Kubernetes' validation errors (by field path).
    pub fn apply(&self, base: &Scenario) -> Result<Scenario, Vec<FieldError>> {
        let mut errors = Vec::new();
        // The same check as every other replica count: the engine's.
        let replicas = replicas_from_text(self.get(Field::Replicas)).unwrap_or_else(|e| {
            errors.push(e);
            0
        });
        let mut int = |f: Field| -> Option<i64> {
            let text = self.get(f).trim();
            if text.is_empty()
                && matches!(
                    f,
                    Field::ProgressDeadlineSeconds | Field::RevisionHistoryLimit
                )
            {
                return None;
            }
            match text.parse::<i64>() {
                Ok(v) if i32::try_from(v).is_ok() => Some(v),
                Ok(v) => {
                    errors.push(FieldError::invalid(
                        f.path(),
                        BadValue::Int(v),
                        "must fit in a 32-bit integer",
                    ));
                    None
                }
                Err(_) => {
                    errors.push(FieldError::invalid(
                        f.path(),
                        BadValue::Str(text.to_string()),
                        "must be an integer",
                    ));
                    None
                }
            }
        };
        let min_ready = int(Field::MinReadySeconds);
        let deadline = int(Field::ProgressDeadlineSeconds);
        let history = int(Field::RevisionHistoryLimit);
        let grace = int(Field::TerminationGracePeriodSeconds);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut s = base.clone();
        let spec = &mut s.deployment.spec;
        spec.replicas = replicas;
        spec.min_ready_seconds = min_ready.unwrap_or(0) as i32;
        spec.progress_deadline_seconds = deadline.map(|v| v as i32);
        spec.revision_history_limit = history.map(|v| v as i32);
        spec.template.termination_grace_period_seconds = grace.unwrap_or(30);
        let rolling = || RollingUpdateDeployment {
            max_surge: Some(IntOrString::parse_input(self.get(Field::MaxSurge))),
            max_unavailable: Some(IntOrString::parse_input(self.get(Field::MaxUnavailable))),
        };
        (s.kind, spec.strategy) = match self.strategy {
            StrategyChoice::RollingUpdate => (
                WorkloadKind::Deployment,
                DeploymentStrategy {
                    kind: StrategyType::RollingUpdate,
                    rolling_update: Some(rolling()),
                },
            ),
            StrategyChoice::Recreate => (
                WorkloadKind::Deployment,
                DeploymentStrategy {
                    kind: StrategyType::Recreate,
                    rolling_update: None,
                },
            ),
            StrategyChoice::LegacyRollingUpdate => (
                WorkloadKind::ReplicationController,
                rollout_engine::manifest::rc_strategy(),
            ),
            // The Deployment-shaped strategy is not read for a Rollout; the apps/v1 default.
            StrategyChoice::ArgoCanary | StrategyChoice::ArgoBlueGreen => (
                WorkloadKind::Rollout,
                DeploymentStrategy::rolling(
                    IntOrString::String("25%".into()),
                    IntOrString::String("25%".into()),
                ),
            ),
            // A StatefulSet's and a DaemonSet's strategies are their own.
            StrategyChoice::StatefulSet | StrategyChoice::DaemonSet => (
                if self.strategy == StrategyChoice::StatefulSet {
                    WorkloadKind::StatefulSet
                } else {
                    WorkloadKind::DaemonSet
                },
                DeploymentStrategy::rolling(
                    IntOrString::String("25%".into()),
                    IntOrString::String("25%".into()),
                ),
            ),
        };
        let mut workload_errors = Vec::new();
        s.workload = match self.strategy {
            StrategyChoice::StatefulSet => {
                s.deployment.spec.progress_deadline_seconds = None;
                match self.workload.stateful_set(&s.deployment.meta.name) {
                    Ok(st) => Some(rollout_engine::api::AppsWorkload::StatefulSet(st)),
                    Err(e) => {
                        workload_errors = e;
                        None
                    }
                }
            }
            StrategyChoice::DaemonSet => {
                s.deployment.spec.progress_deadline_seconds = None;
                match self
                    .workload
                    .daemon_set(self.get(Field::MaxUnavailable), self.get(Field::MaxSurge))
                {
                    Ok(ds) => Some(rollout_engine::api::AppsWorkload::DaemonSet(ds)),
                    Err(e) => {
                        workload_errors = e;
                        None
                    }
                }
            }
            _ => None,
        };
        let mut argo_errors = Vec::new();
        if self.strategy.is_argo() {
            // What the form does not show is kept from the current Rollout.
            let current = base.rollout.as_ref();
            let strategy = match self.strategy {
                StrategyChoice::ArgoCanary => self
                    .argo
                    .canary(
                        self.get(Field::MaxSurge),
                        self.get(Field::MaxUnavailable),
                        current.and_then(|r| r.canary()),
                    )
                    .map(rollout_engine::api::RolloutStrategy::Canary),
                _ => self
                    .argo
                    .blue_green(current.and_then(|r| r.blue_green()))
                    .map(rollout_engine::api::RolloutStrategy::BlueGreen),
            };
            match strategy {
                Ok(strategy) => {
                    let abort = self.argo.flag(rollout::ArgoFlag::ProgressDeadlineAbort);
                    let ro = rollout_engine::api::Rollout {
                        spec: rollout_engine::api::RolloutSpec {
                            replicas: Some(s.deployment.spec.replicas),
                            paused: false,
                            strategy,
                            progress_deadline_abort: abort,
                        },
                        status: Default::default(),
                    };
                    argo_errors = rollout_engine::manifest::rollout::validate_rollout_strategy(&ro);
                    s.rollout = Some(ro);
                    match self.argo.outcomes(&s.analysis) {
                        Ok(o) => s.analysis = o,
                        Err(mut e) => argo_errors.append(&mut e),
                    }
                }
                Err(e) => argo_errors = e,
            }
        } else {
            s.rollout = None;
        }
        let mut cluster_errors = Vec::new();
        self.cluster.apply(&mut s, &mut cluster_errors);
        let mut errors = validate_deployment(&s.deployment);
        if s.kind == WorkloadKind::ReplicationController {
            // kubectl rolling-update always uses maxSurge 1 and maxUnavailable 0.
            errors.retain(|e| {
                !e.field.starts_with("spec.strategy")
                    && !e.field.starts_with("spec.progressDeadline")
            });
        }
        if s.kind == WorkloadKind::Rollout {
            // The Deployment's own strategy fields are not the Rollout's.
            errors.retain(|e| !e.field.starts_with("spec.strategy"));
            errors.extend(argo_errors);
        }
        if matches!(s.kind, WorkloadKind::StatefulSet | WorkloadKind::DaemonSet) {
            errors.retain(|e| !e.field.starts_with("spec.strategy"));
            errors.extend(workload_errors);
        }
        errors.extend(cluster_errors);
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests;
