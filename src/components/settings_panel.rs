//! The Deployment's settings, each labelled with its Kubernetes field, with Kubernetes'
//! validation message beside any invalid value.

use crate::components::field::TextField;
use crate::components::rollout_form::RolloutForm;
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
    );
    let field = |f: Field| {
        let on_field = p.on_field.clone();
        // A canary's surge and unavailability are the Rollout's fields.
        let path = match (choice, f) {
            (StrategyChoice::ArgoCanary, Field::MaxSurge) => "spec.strategy.canary.maxSurge",
            (StrategyChoice::ArgoCanary, Field::MaxUnavailable) => {
                "spec.strategy.canary.maxUnavailable"
            }
            _ => f.path(),
        };
        html! {
            <TextField id={f.id()} label={f.name()} field={path} value={p.settings.get(f).to_string()}
                hint={f.hint()} inputmode={if matches!(f, Field::MaxSurge | Field::MaxUnavailable) { "text" } else { "numeric" }}
                error={error_for(path)} on_input={Callback::from(move |v| on_field.emit((f, v)))} />
        }
    };
    html! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{ if choice.is_argo() { "Rollout (argoproj.io/v1alpha1)" } else { "Deployment" } }</h2>
            { field(Field::Replicas) }
            <div class="field">
                <label for="strategy"><span class="field-name">{ "strategy" }</span><code class="field-path">{ "spec.strategy.type" }</code></label>
                <select id="strategy" onchange={strategy}>
                    { for StrategyChoice::ALL.iter().map(|s| html! {
                        <option value={s.value()} selected={*s == p.settings.strategy}>{ s.label() }</option>
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
            if choice.is_argo() {
                <RolloutForm form={p.settings.argo.clone()} canary={choice == StrategyChoice::ArgoCanary}
                    errors={p.errors.clone()} on_edit={p.on_rollout.clone()} />
            }
            { field(Field::MinReadySeconds) }
            if p.settings.strategy != StrategyChoice::LegacyRollingUpdate {
                { field(Field::ProgressDeadlineSeconds) }
                { field(Field::RevisionHistoryLimit) }
            }
            { field(Field::TerminationGracePeriodSeconds) }
        </section>
    }
}
