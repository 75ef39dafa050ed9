//! "Refresh the browser": what a user reloading the service's page sees at this moment.

use crate::i18n::tr;
use crate::player::PlayerHandle;
use rollout_engine::api::Millis;
use rollout_engine::explain::format_number;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RefreshProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub host: AttrValue,
}

/// Responses shown.
const SHOWN: usize = 12;

#[function_component(RefreshPane)]
pub fn refresh_pane(p: &RefreshProps) -> Html {
    let timeline = p.player.0.borrow().timeline.clone();
    let Some(report) = &timeline.traffic else {
        return html! {};
    };
    let responses = report.responses_until(p.playhead, SHOWN);
    html! {
        <section class="card refresh" aria-labelledby="refresh-title">
            <h2 id="refresh-title">{ tr("Refresh the browser") }</h2>
            <p class="url"><code>{ format!("http://{}/", p.host) }</code></p>
            <ol class="responses" id="responses" aria-live="off">
                { for responses.iter().rev().map(|r| {
                    let (class, text) = match &r.result {
                        Ok(body) => ("ok", format!("200  {body}")),
                        Err(f) => ("failed", f.describe().to_string()),
                    };
                    html! {
                        <li class={class}>
                            <span class="t">{ format!("{:>7}s", format_number(r.t as f64 / 1000.0)) }</span>
                            <span class="body">{ text }</span>
                            if let Some((pod, _)) = &r.pod { <span class="pod">{ pod.clone() }</span> }
                        </li>
                    }
                }) }
            </ol>
            if responses.is_empty() { <p class="muted">{ tr("No request yet.") }</p> }
        </section>
    }
}
