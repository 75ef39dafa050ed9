//! The traffic model's controls: request rate, endpoint propagation delay, preStop sleep, the
//! app's drain time, with the outcome stated.

use rollout_engine::explain::format_number;
use rollout_engine::traffic::TrafficConfig;
use std::collections::BTreeMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficPanelProps {
    pub config: Option<TrafficConfig>,
    /// The traffic report's summary for the whole run.
    pub summary: Option<AttrValue>,
    pub on_change: Callback<Option<TrafficConfig>>,
}

/// One numeric setting: its input id, label, step, and its field in the scenario's `traffic`.
struct NumberField {
    id: &'static str,
    label: &'static str,
    step: &'static str,
    name: &'static str,
}

const FIELDS: [NumberField; 5] = [
    NumberField {
        id: "traffic-rate",
        label: "requests per second",
        step: "1",
        name: "rate",
    },
    NumberField {
        id: "traffic-delay",
        label: "endpoint propagation delay (s)",
        step: "0.1",
        name: "propagationDelay",
    },
    NumberField {
        id: "traffic-prestop",
        label: "preStop sleep (s)",
        step: "0.5",
        name: "preStopSleep",
    },
    NumberField {
        id: "traffic-drain",
        label: "app drain time after SIGTERM (s)",
        step: "0.5",
        name: "drainTime",
    },
    NumberField {
        id: "traffic-duration",
        label: "request duration (s)",
        step: "0.01",
        name: "requestDuration",
    },
];

#[function_component(TrafficPanel)]
pub fn traffic_panel(p: &TrafficPanelProps) -> Html {
    // What is wrong with each field the user typed into, by input id; the scenario keeps its
    // last valid value meanwhile.
    let errors = use_state(BTreeMap::<&'static str, String>::new);
    let toggle = {
        let (cb, on, errors) = (p.on_change.clone(), p.config.is_some(), errors.clone());
        Callback::from(move |_| {
            errors.set(BTreeMap::new());
            cb.emit(if on {
                None
            } else {
                Some(TrafficConfig::default())
            })
        })
    };
    let fields = match &p.config {
        None => html! {},
        Some(cfg) => html! {
            <div class="traffic-fields">
                { for FIELDS.iter().map(|f| {
                    let shown = format_number(cfg.field(f.name));
                    let (cfg, cb, errors_set, id, name) =
                        (cfg.clone(), p.on_change.clone(), errors.clone(), f.id, f.name);
                    let onchange = Callback::from(move |e: Event| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        let mut now = (*errors_set).clone();
                        match cfg.with_field_text(name, &input.value()) {
                            Ok(next) => {
                                now.remove(id);
                                cb.emit(Some(next));
                            }
                            Err(err) => {
                                now.insert(id, err.to_string());
                            }
                        }
                        errors_set.set(now);
                    });
                    let error = errors.get(f.id).cloned();
                    let error_id = format!("{}-error", f.id);
                    html! {
                        <label for={f.id} class={classes!(error.is_some().then_some("invalid"))}>{ f.label }
                            <input id={f.id} type="number" min="0" step={f.step} value={shown} {onchange}
                                aria-invalid={error.is_some().to_string()}
                                aria-describedby={error.is_some().then(|| error_id.clone())} />
                            if let Some(err) = error {
                                <span id={error_id} class="error" role="alert">{ err }</span>
                            }
                        </label>
                    }
                }) }
            </div>
        },
    };
    html! {
        <section class="card" aria-labelledby="traffic-title">
            <h2 id="traffic-title">{ "Traffic" }</h2>
            <label class="check" for="traffic-on">
                <input id="traffic-on" type="checkbox" checked={p.config.is_some()} onchange={toggle} />
                { " send requests through the Ingress and the Service" }
            </label>
            { fields }
            if let Some(s) = &p.summary { <p class="outcome" id="traffic-outcome">{ s.clone() }</p> }
        </section>
    }
}
