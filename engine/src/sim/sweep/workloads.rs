//! Tuning a StatefulSet or a DaemonSet over its own knobs. A StatefulSet: how many stages the
//! update goes in (the partition lowered stage by stage, each stage held a while once its
//! ordinals are Ready, as an operator would watch the first ones before going on) × its
//! maxUnavailable. A DaemonSet: maxUnavailable or maxSurge (exactly one of them is non-zero,
//! as validation demands), as numbers of nodes and as percentages of them.

use super::{run_scenario_driven, Outcome};
use crate::api::{AppsWorkload, UpdateStrategyType};
use crate::intstr::IntOrString;
use crate::sim::runner::Simulation;
use crate::sim::scenario::Action;
use crate::sim::Scenario;

/// One setting's label and its run.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadCell {
    /// What the setting is, as it would be written in the manifest.
    pub setting: String,
    pub outcome: Outcome,
}

/// Seconds each stage is held, once its ordinals are Ready, before the partition is lowered.
pub const STAGE_HOLD_SECONDS: f64 = 30.0;

/// The StatefulSet sweep's settings: stages × maxUnavailable (`None`: the feature off).
pub const STAGES: [u32; 3] = [1, 2, 4];

fn max_unavailable_axis() -> Vec<Option<IntOrString>> {
    vec![
        None,
        Some(IntOrString::Int(2)),
        Some(IntOrString::String("50%".into())),
    ]
}

/// The partition after `stage` of `stages` (1-based): the ordinals from the top that are
/// updated by then are `ceil(replicas × stage / stages)`.
pub fn partition_after(replicas: i32, stage: u32, stages: u32) -> i32 {
    let stages = i64::from(stages.max(1));
    let done = (i64::from(replicas) * i64::from(stage) + stages - 1) / stages;
    (i64::from(replicas) - done).max(0) as i32
}

/// Runs the StatefulSet scenario in `stages` stages with `max_unavailable`.
pub fn run_staged(base: &Scenario, stages: u32, max_unavailable: Option<IntOrString>) -> Outcome {
    let mut s = base.clone();
    let replicas = s.deployment.spec.replicas;
    let Some(AppsWorkload::StatefulSet(st)) = s.workload.as_mut() else {
        return super::run_scenario(&s);
    };
    st.update_type = UpdateStrategyType::RollingUpdate;
    st.max_unavailable = max_unavailable;
    st.partition = Some(partition_after(replicas, 1, stages));
    let hold = crate::behaviour::seconds_to_millis(STAGE_HOLD_SECONDS);
    let mut stage = 1;
    // The partition asked for and not applied yet: the stage is held until then.
    let mut pending: Option<i32> = None;
    let template = s.deployment.spec.template.clone();
    let mut drive = |sim: &mut Simulation| {
        let c = &sim.cluster;
        let Some(state) = c.stateful.as_deref() else {
            return;
        };
        let partition = state.strategy.update_min();
        if pending.is_some_and(|p| p != partition) {
            return;
        }
        pending = None;
        if stage >= stages || c.deployment.spec.template == template {
            return;
        }
        let st = &state.status;
        let stage_done = st.updated_replicas >= replicas - partition
            && st.available_replicas >= replicas
            && st.observed_generation >= c.deployment.meta.generation;
        if !stage_done {
            return;
        }
        stage += 1;
        let mut strategy = state.strategy.clone();
        strategy.partition = Some(partition_after(replicas, stage, stages));
        let doc = crate::manifest::workloads::to_workload_value(
            &c.deployment,
            &AppsWorkload::StatefulSet(strategy),
        );
        pending = Some(partition_after(replicas, stage, stages));
        let at = c.now + hold;
        sim.schedule(at, Action::Apply(doc));
    };
    run_scenario_driven(&s, &mut drive)
}

/// Every StatefulSet setting, run once each on the scenario's seed.
pub fn sweep_stateful_set(base: &Scenario) -> Vec<WorkloadCell> {
    let mut out = Vec::new();
    for stages in STAGES {
        for mu in max_unavailable_axis() {
            let setting = format!(
                "{stages} stage{}, maxUnavailable {}",
                if stages == 1 { "" } else { "s" },
                mu.as_ref()
                    .map_or("unset (1)".to_string(), ToString::to_string)
            );
            out.push(WorkloadCell {
                setting,
                outcome: run_staged(base, stages, mu),
            });
        }
    }
    out
}

/// The DaemonSet sweep's settings: (maxUnavailable, maxSurge), one of them 0.
pub fn daemon_set_settings() -> Vec<(IntOrString, IntOrString)> {
    let values = [
        IntOrString::Int(1),
        IntOrString::Int(2),
        IntOrString::String("25%".into()),
        IntOrString::String("50%".into()),
        IntOrString::String("100%".into()),
    ];
    let zero = IntOrString::Int(0);
    let mut out: Vec<_> = values.iter().map(|v| (v.clone(), zero.clone())).collect();
    out.extend(values.iter().map(|v| (zero.clone(), v.clone())));
    out
}

/// Every DaemonSet setting, run once each on the scenario's seed.
pub fn sweep_daemon_set(base: &Scenario) -> Vec<WorkloadCell> {
    daemon_set_settings()
        .into_iter()
        .map(|(mu, ms)| {
            let mut s = base.clone();
            if let Some(AppsWorkload::DaemonSet(ds)) = s.workload.as_mut() {
                ds.update_type = UpdateStrategyType::RollingUpdate;
                ds.max_unavailable = mu.clone();
                ds.max_surge = ms.clone();
            }
            WorkloadCell {
                setting: format!("maxUnavailable {mu}, maxSurge {ms}"),
                outcome: super::run_scenario(&s),
            }
        })
        .collect()
}
