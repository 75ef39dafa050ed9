//! The page: the Deployment's rollout settings and what the controller makes of them.

use crate::components::fenceposts::FencepostPanel;
use crate::components::field::TextField;
use crate::state::{Action, AppState};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let result = state.fenceposts();
    let errors = result.as_ref().err().cloned().unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let msgs: Vec<String> = errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.to_string())
            .collect();
        (!msgs.is_empty()).then(|| msgs.join("\n").into())
    };
    let on = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |v: String| state.dispatch(make(v)))
    };
    html! {
        <>
            <header class="masthead">
                <h1>{ "Rollout Lab" }</h1>
                <p class="tagline">{ "How Kubernetes rolls out a Deployment, computed by the controller's own rules." }</p>
            </header>
            <main class="layout">
                <section class="card" aria-labelledby="settings-title">
                    <h2 id="settings-title">{ "Rollout settings" }</h2>
                    <TextField id="replicas" label="replicas" field="spec.replicas"
                        value={state.replicas.clone()} hint="an integer" inputmode="numeric"
                        error={error_for("spec.replicas")} on_input={on(Action::SetReplicas)} />
                    <TextField id="max-surge" label="maxSurge" field="spec.strategy.rollingUpdate.maxSurge"
                        value={state.max_surge.clone()} hint="an integer or a percentage, e.g. 25%"
                        error={error_for("spec.strategy.rollingUpdate.maxSurge")} on_input={on(Action::SetMaxSurge)} />
                    <TextField id="max-unavailable" label="maxUnavailable" field="spec.strategy.rollingUpdate.maxUnavailable"
                        value={state.max_unavailable.clone()} hint="an integer or a percentage, e.g. 25%"
                        error={error_for("spec.strategy.rollingUpdate.maxUnavailable")} on_input={on(Action::SetMaxUnavailable)} />
                </section>
                <FencepostPanel result={result.map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>())} />
            </main>
        </>
    }
}
