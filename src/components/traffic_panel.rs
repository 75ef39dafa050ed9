//! The traffic model's controls: request rate, what routes requests to the pods (a preset with
//! its delays), preStop sleep, the app's drain and graceful shutdown, with the outcome stated
//! and the smallest preStop sleep and grace period that lose nothing.

use crate::i18n::{n_, tr};
use rollout_engine::explain::format_number;
use rollout_engine::traffic::recommend::{grace_warning, recommend, snippet};
use rollout_engine::traffic::{FrontEnd, TrafficConfig};
use std::collections::BTreeMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficPanelProps {
    pub config: Option<TrafficConfig>,
    /// The traffic report's summary for the whole run.
    pub summary: Option<AttrValue>,
    pub on_change: Callback<Option<TrafficConfig>>,
    /// The pod template's terminationGracePeriodSeconds.
    pub grace_seconds: i64,
    /// The first container's name, for the YAML snippet.
    pub container: AttrValue,
    /// Sets terminationGracePeriodSeconds (the recommendation's "Apply").
    pub on_grace: Callback<String>,
}

/// One numeric setting: its input id, label, step, and its field in the scenario's `traffic`.
struct NumberField {
    id: &'static str,
    label: &'static str,
    step: &'static str,
    name: &'static str,
}

const FIELDS: [NumberField; 9] = [
    NumberField {
        id: "traffic-rate",
        label: n_("requests per second"),
        step: "1",
        name: "rate",
    },
    NumberField {
        id: "traffic-delay",
        label: n_("endpoint propagation delay (s)"),
        step: "0.1",
        name: "propagationDelay",
    },
    NumberField {
        id: "traffic-prestop",
        label: n_("preStop sleep (s)"),
        step: "0.5",
        name: "preStopSleep",
    },
    NumberField {
        id: "traffic-drain",
        label: n_("app drain time after SIGTERM (s)"),
        step: "0.5",
        name: "drainTime",
    },
    NumberField {
        id: "traffic-duration",
        label: n_("request duration (s)"),
        step: "0.01",
        name: "requestDuration",
    },
    NumberField {
        id: "traffic-deregistration",
        label: n_("front end's deregistration (s)"),
        step: "0.5",
        name: "deregistrationDelay",
    },
    NumberField {
        id: "traffic-health-interval",
        label: n_("health check every (s, 0: none)"),
        step: "1",
        name: "healthCheckInterval",
    },
    NumberField {
        id: "traffic-unhealthy-threshold",
        label: n_("failed checks to mark unhealthy"),
        step: "1",
        name: "unhealthyThreshold",
    },
    NumberField {
        id: "traffic-keep-alive",
        label: n_("reused connections last (s)"),
        step: "0.5",
        name: "keepAlive",
    },
];

#[derive(Properties, PartialEq)]
struct FrontEndProps {
    config: TrafficConfig,
    on_change: Callback<Option<TrafficConfig>>,
}

/// The front-end preset and the app's shutdown.
#[function_component(FrontEndFields)]
fn front_end_fields(p: &FrontEndProps) -> Html {
    let on_preset = {
        let (cfg, cb) = (p.config.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(f) = FrontEnd::parse(&v) {
                cb.emit(Some(cfg.with_front_end(f)));
            }
        })
    };
    let flag = |set: fn(&mut TrafficConfig, bool)| {
        let (cfg, cb) = (p.config.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let mut next = cfg.clone();
            set(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            );
            cb.emit(Some(next))
        })
    };
    let f = p.config.front_end;
    html! {
        <div class="front-end">
            <label for="traffic-front-end">{ tr("in front of the pods") }
                <select id="traffic-front-end" onchange={on_preset}>
                    { for FrontEnd::ALL.iter().map(|x| html! {
                        <option value={x.as_str()} selected={*x == f}>{ crate::i18n::tr(x.label()) }</option>
                    }) }
                </select>
            </label>
            <p class="hint" id="traffic-front-end-source">{ tr(f.source()) }</p>
            <label class="check" for="traffic-graceful">
                <input id="traffic-graceful" type="checkbox" checked={p.config.graceful_shutdown}
                    onchange={flag(|c, on| c.graceful_shutdown = on)} />
                { tr(" the app finishes its requests in flight after SIGTERM (graceful shutdown)") }
            </label>
            <label class="check" for="traffic-readiness-gate">
                <input id="traffic-readiness-gate" type="checkbox" checked={p.config.readiness_gate}
                    onchange={flag(|c, on| c.readiness_gate = on)} />
                { crate::i18n::trf(" the pods carry the front end's readiness gate (Ready once it sends them requests: {seconds} s later)",
                    &[("seconds", &format_number(p.config.registration_seconds()))]) }
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AdviceProps {
    config: TrafficConfig,
    grace_seconds: i64,
    container: AttrValue,
    on_change: Callback<Option<TrafficConfig>>,
    on_grace: Callback<String>,
}

/// The smallest preStop sleep and grace period that lose nothing, with the arithmetic, the
/// YAML to paste, and a warning when preStop does not fit in the grace period.
#[function_component(DrainAdvice)]
fn drain_advice(p: &AdviceProps) -> Html {
    let rec = use_memo(p.config.clone(), recommend);
    let warning = grace_warning(p.config.pre_stop_sleep, p.grace_seconds);
    let fits = p.config.pre_stop_sleep == rec.pre_stop_seconds as f64
        && p.grace_seconds >= rec.grace_seconds;
    let apply = {
        let (cfg, cb, grace_cb) = (p.config.clone(), p.on_change.clone(), p.on_grace.clone());
        let (pre_stop, grace) = (rec.pre_stop_seconds, rec.grace_seconds.max(p.grace_seconds));
        Callback::from(move |_: MouseEvent| {
            cb.emit(Some(TrafficConfig {
                pre_stop_sleep: pre_stop as f64,
                ..cfg.clone()
            }));
            grace_cb.emit(grace.to_string());
        })
    };
    html! {
        <div class="drain-advice" id="drain-recommendation">
            <h3>{ tr("Zero failed requests when pods go") }</h3>
            <p class="arithmetic" id="drain-arithmetic">{ crate::i18n::say(&rec.arithmetic) }</p>
            if let Some(w) = warning { <p class="error" role="alert" id="grace-warning">{ crate::i18n::trf("{sentence}.", &[("sentence", &crate::i18n::say(&w))]) }</p> }
            <pre class="snippet" id="drain-yaml">{ snippet(rec.pre_stop_seconds, rec.grace_seconds.max(p.grace_seconds), &p.container) }</pre>
            <button id="apply-drain" disabled={fits} onclick={apply}>
                { crate::i18n::trf("Use preStop {pre_stop} s and grace {grace} s", &[("pre_stop", &rec.pre_stop_seconds), ("grace", &rec.grace_seconds.max(p.grace_seconds))]) }
            </button>
        </div>
    }
}

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
                        <label for={f.id} class={classes!(error.is_some().then_some("invalid"))}>{ tr(f.label) }
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
            <h2 id="traffic-title">{ tr("Traffic") }</h2>
            <label class="check" for="traffic-on">
                <input id="traffic-on" type="checkbox" checked={p.config.is_some()} onchange={toggle} />
                { tr(" send requests through the Ingress and the Service") }
            </label>
            if let Some(cfg) = &p.config {
                <FrontEndFields config={cfg.clone()} on_change={p.on_change.clone()} />
            }
            { fields }
            if let Some(s) = &p.summary { <p class="outcome" id="traffic-outcome">{ s.clone() }</p> }
            if let Some(cfg) = &p.config {
                <DrainAdvice config={cfg.clone()} grace_seconds={p.grace_seconds} container={p.container.clone()}
                    on_change={p.on_change.clone()} on_grace={p.on_grace.clone()} />
            }
        </section>
    }
}
