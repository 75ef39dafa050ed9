//! A StatefulSet's or DaemonSet's own settings as the user types them: the pod management
//! policy, the update strategy's type and partition, a StatefulSet's maxUnavailable. (A
//! DaemonSet's maxUnavailable and maxSurge are the form's surge and unavailability fields.)
//! Checked with the engine's validation, in Kubernetes' words.

use rollout_engine::api::validation::{BadValue, FieldError};
use rollout_engine::api::{
    AppsWorkload, DaemonSetStrategy, PodManagementPolicy, StatefulSetStrategy, UpdateStrategyType,
};
use rollout_engine::intstr::IntOrString;
use rollout_engine::manifest::workloads::{
    validate_rolling_update_daemon_set, validate_rolling_update_stateful_set,
};
use rollout_engine::Scenario;

pub const PARTITION_PATH: &str = "spec.updateStrategy.rollingUpdate.partition";
pub const STS_MAX_UNAVAILABLE_PATH: &str = "spec.updateStrategy.rollingUpdate.maxUnavailable";

/// One edit of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkloadEdit {
    Partition(String),
    MaxUnavailable(String),
    Policy(PodManagementPolicy),
    OnDelete(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadForm {
    /// The partition as typed (empty: 0).
    pub partition: String,
    /// A StatefulSet's maxUnavailable as typed (empty: unset, the feature off).
    pub max_unavailable: String,
    pub policy: PodManagementPolicy,
    pub on_delete: bool,
    /// The headless Service that names the pods, kept as the manifest had it.
    service_name: String,
}

impl Default for WorkloadForm {
    fn default() -> Self {
        WorkloadForm {
            partition: "0".into(),
            max_unavailable: String::new(),
            policy: PodManagementPolicy::OrderedReady,
            on_delete: false,
            service_name: String::new(),
        }
    }
}

impl WorkloadForm {
    pub fn from_scenario(s: &Scenario) -> WorkloadForm {
        match &s.workload {
            Some(AppsWorkload::StatefulSet(st)) => WorkloadForm {
                partition: st.partition.unwrap_or(0).to_string(),
                max_unavailable: st
                    .max_unavailable
                    .as_ref()
                    .map_or(String::new(), ToString::to_string),
                policy: st.pod_management_policy,
                on_delete: st.update_type == UpdateStrategyType::OnDelete,
                service_name: st.service_name.clone(),
            },
            Some(AppsWorkload::DaemonSet(ds)) => WorkloadForm {
                on_delete: ds.update_type == UpdateStrategyType::OnDelete,
                ..WorkloadForm::default()
            },
            None => WorkloadForm::default(),
        }
    }

    pub fn edit(&mut self, e: WorkloadEdit) {
        match e {
            WorkloadEdit::Partition(v) => self.partition = v,
            WorkloadEdit::MaxUnavailable(v) => self.max_unavailable = v,
            WorkloadEdit::Policy(p) => self.policy = p,
            WorkloadEdit::OnDelete(b) => self.on_delete = b,
        }
    }

    fn update_type(&self) -> UpdateStrategyType {
        if self.on_delete {
            UpdateStrategyType::OnDelete
        } else {
            UpdateStrategyType::RollingUpdate
        }
    }

    /// The StatefulSet the form describes (named `name` where it has no Service name yet).
    pub fn stateful_set(&self, name: &str) -> Result<StatefulSetStrategy, Vec<FieldError>> {
        let text = self.partition.trim();
        let partition = if text.is_empty() {
            0
        } else {
            text.parse::<i32>().map_err(|_| {
                vec![FieldError::invalid(
                    PARTITION_PATH,
                    BadValue::Str(text.into()),
                    "must be an integer",
                )]
            })?
        };
        let mu = self.max_unavailable.trim();
        let max_unavailable = (!mu.is_empty()).then(|| IntOrString::parse_input(mu));
        let update_type = self.update_type();
        let partition = (update_type == UpdateStrategyType::RollingUpdate).then_some(partition);
        let errors = validate_rolling_update_stateful_set(partition, max_unavailable.as_ref());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(StatefulSetStrategy {
            pod_management_policy: self.policy,
            update_type,
            partition,
            max_unavailable: max_unavailable
                .filter(|_| update_type == UpdateStrategyType::RollingUpdate),
            service_name: if self.service_name.is_empty() {
                name.to_string()
            } else {
                self.service_name.clone()
            },
        })
    }

    /// The DaemonSet the form describes, with its maxUnavailable and maxSurge as typed.
    pub fn daemon_set(
        &self,
        max_unavailable: &str,
        max_surge: &str,
    ) -> Result<DaemonSetStrategy, Vec<FieldError>> {
        let s = DaemonSetStrategy {
            update_type: self.update_type(),
            max_unavailable: IntOrString::parse_input(max_unavailable),
            max_surge: IntOrString::parse_input(max_surge),
        };
        if s.update_type == UpdateStrategyType::RollingUpdate {
            let errors = validate_rolling_update_daemon_set(&s.max_unavailable, &s.max_surge);
            if !errors.is_empty() {
                return Err(errors);
            }
        }
        Ok(s)
    }
}
