//! The traffic model's controls: request rate, endpoint propagation delay, preStop sleep, the
//! app's drain time, with the outcome stated.

use rollout_engine::explain::format_number;
use rollout_engine::traffic::TrafficConfig;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficPanelProps {
    pub config: Option<TrafficConfig>,
    /// The traffic report's summary for the whole run.
    pub summary: Option<AttrValue>,
    pub on_change: Callback<Option<TrafficConfig>>,
}

/// One numeric setting: its input id, label, step, and how to read and write it.
struct NumberField {
    id: &'static str,
    label: &'static str,
    step: &'static str,
    get: fn(&TrafficConfig) -> f64,
    set: fn(&mut TrafficConfig, f64),
}

const FIELDS: [NumberField; 5] = [
    NumberField {
        id: "traffic-rate",
        label: "requests per second",
        step: "1",
        get: |c| c.rate,
        set: |c, v| c.rate = v,
    },
    NumberField {
        id: "traffic-delay",
        label: "endpoint propagation delay (s)",
        step: "0.1",
        get: |c| c.propagation_delay,
        set: |c, v| c.propagation_delay = v,
    },
    NumberField {
        id: "traffic-prestop",
        label: "preStop sleep (s)",
        step: "0.5",
        get: |c| c.pre_stop_sleep,
        set: |c, v| c.pre_stop_sleep = v,
    },
    NumberField {
        id: "traffic-drain",
        label: "app drain time after SIGTERM (s)",
        step: "0.5",
        get: |c| c.drain_time,
        set: |c, v| c.drain_time = v,
    },
    NumberField {
        id: "traffic-duration",
        label: "request duration (s)",
        step: "0.01",
        get: |c| c.request_duration,
        set: |c, v| c.request_duration = v,
    },
];

#[function_component(TrafficPanel)]
pub fn traffic_panel(p: &TrafficPanelProps) -> Html {
    let toggle = {
        let (cb, on) = (p.on_change.clone(), p.config.is_some());
        Callback::from(move |_| {
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
                    let shown = format_number((f.get)(cfg));
                    let (cfg, cb, set) = (cfg.clone(), p.on_change.clone(), f.set);
                    let onchange = Callback::from(move |e: Event| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        if let Ok(v) = input.value().trim().parse::<f64>() {
                            let mut next = cfg.clone();
                            set(&mut next, v);
                            if next.validate().is_ok() {
                                cb.emit(Some(next));
                            }
                        }
                    });
                    html! {
                        <label for={f.id}>{ f.label }
                            <input id={f.id} type="number" min="0" step={f.step} value={shown} {onchange} />
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
