//! The Deployment's settings, each labelled with its Kubernetes field, with Kubernetes'
//! validation message beside any invalid value.

use crate::components::field::TextField;
use crate::components::rollout_form::RolloutForm;
use crate::components::workload_form::WorkloadForm;
use crate::i18n::tr;
use crate::settings::{Field, Settings, StrategyChoice};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub settings: Settings,
    /// Validation messages by field path.
    pub errors: Rc<Vec<(String, String)>>,
    pub on_field: Callback<(Field, String)>,
    pub on_strategy: Callback<StrategyChoice>,
    pub on_rollout: Callback<crate::settings::rollout::ArgoEdit>,
    pub on_workload: Callback<crate::settings::workloads::WorkloadEdit>,
}

#[function_component(SettingsPanel)]
pub fn settings_panel(p: &SettingsProps) -> Html {
    let error_for = |path: &str| crate::components::field::messages_for(&p.errors, path);
    let strategy = p.on_strategy.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        StrategyChoice::from_value(&sel.value())
    });
    let choice = p.settings.strategy;
    let rolling = matches!(
        choice,
        StrategyChoice::RollingUpdate | StrategyChoice::ArgoCanary
    ) || (choice == StrategyChoice::DaemonSet && !p.settings.workload.on_delete);
    let field = |f: Field| {
        let on_field = p.on_field.clone();
        // A canary's surge and unavailability are the Rollout's fields.
        let path = match (choice, f) {
            (StrategyChoice::ArgoCanary, Field::MaxSurge) => "spec.strategy.canary.maxSurge",
            (StrategyChoice::ArgoCanary, Field::MaxUnavailable) => {
                "spec.strategy.canary.maxUnavailable"
            }
            // A DaemonSet's, of the nodes that should run its pod.
            (StrategyChoice::DaemonSet, Field::MaxSurge) => {
                "spec.updateStrategy.rollingUpdate.maxSurge"
            }
            (StrategyChoice::DaemonSet, Field::MaxUnavailable) => {
                "spec.updateStrategy.rollingUpdate.maxUnavailable"
            }
            _ => f.path(),
        };
        html! {
            <TextField id={f.id()} label={f.name()} field={path} value={p.settings.get(f).to_string()}
                hint={if choice.is_apps_workload() && f == Field::RevisionHistoryLimit { tr("old ControllerRevisions kept") } else { f.hint() }} inputmode={if matches!(f, Field::MaxSurge | Field::MaxUnavailable) { "text" } else { "numeric" }}
                error={error_for(path)} on_input={Callback::from(move |v| on_field.emit((f, v)))} />
        }
    };
    html! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{ match choice {
                StrategyChoice::ArgoCanary | StrategyChoice::ArgoBlueGreen => "Rollout (argoproj.io/v1alpha1)",
                StrategyChoice::StatefulSet => "StatefulSet",
                StrategyChoice::DaemonSet => "DaemonSet",
                _ => "Deployment",
            } }</h2>
            // A DaemonSet runs a pod on each node: the nodes are in the cluster's settings.
            if choice != StrategyChoice::DaemonSet {
                { field(Field::Replicas) }
            }
            <div class="field">
                <label for="strategy"><span class="field-name">{ if choice.is_apps_workload() { tr("workload") } else { tr("strategy") } }</span><code class="field-path">{ if choice.is_apps_workload() { "kind" } else { "spec.strategy.type" } }</code></label>
                <select id="strategy" onchange={strategy}>
                    { for StrategyChoice::ALL.iter().map(|s| html! {
                        <option value={s.value()} selected={*s == p.settings.strategy}>{ tr(s.label()) }</option>
                    }) }
                </select>
                if p.settings.strategy == StrategyChoice::LegacyRollingUpdate {
                    <small class="hint">{ "kubectl rolling-update always used maxSurge 1 and maxUnavailable 0, and waited 1 minute between steps." }</small>
                }
            </div>
            if rolling {
                { field(Field::MaxSurge) }
                { field(Field::MaxUnavailable) }
            }
            if choice.is_apps_workload() {
                <WorkloadForm form={p.settings.workload.clone()} stateful={choice == StrategyChoice::StatefulSet}
                    errors={p.errors.clone()} on_edit={p.on_workload.clone()} />
            }
            if choice.is_argo() {
                <RolloutForm form={p.settings.argo.clone()} canary={choice == StrategyChoice::ArgoCanary}
                    errors={p.errors.clone()} on_edit={p.on_rollout.clone()} />
            }
            { field(Field::MinReadySeconds) }
            if p.settings.strategy != StrategyChoice::LegacyRollingUpdate && !choice.is_apps_workload() {
                { field(Field::ProgressDeadlineSeconds) }
            }
            if p.settings.strategy != StrategyChoice::LegacyRollingUpdate {
                { field(Field::RevisionHistoryLimit) }
            }
            { field(Field::TerminationGracePeriodSeconds) }
        </section>
    }
}
