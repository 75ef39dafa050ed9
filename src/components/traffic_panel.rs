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

type Setter = fn(&mut TrafficConfig, f64);

const FIELDS: [(&str, &str, &str, Setter); 5] = [
    ("traffic-rate", "requests per second", "1", |c, v| {
        c.rate = v
    }),
    (
        "traffic-delay",
        "endpoint propagation delay (s)",
        "0.1",
        |c, v| c.propagation_delay = v,
    ),
    ("traffic-prestop", "preStop sleep (s)", "0.5", |c, v| {
        c.pre_stop_sleep = v
    }),
    (
        "traffic-drain",
        "app drain time after SIGTERM (s)",
        "0.5",
        |c, v| c.drain_time = v,
    ),
    (
        "traffic-duration",
        "request duration (s)",
        "0.01",
        |c, v| c.request_duration = v,
    ),
];

fn value(c: &TrafficConfig, id: &str) -> f64 {
    match id {
        "traffic-rate" => c.rate,
        "traffic-delay" => c.propagation_delay,
        "traffic-prestop" => c.pre_stop_sleep,
        "traffic-drain" => c.drain_time,
        _ => c.request_duration,
    }
}

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
                { for FIELDS.iter().map(|(id, label, step, set)| {
                    let shown = format_number(value(cfg, id));
                    let (cfg, cb, set) = (cfg.clone(), p.on_change.clone(), *set);
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
                        <label for={*id}>{ *label }
                            <input id={*id} type="number" min="0" step={*step} value={shown} {onchange} />
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
