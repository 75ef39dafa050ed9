//! What the pod colours mean.

use crate::stage::draw::css_name;
use rollout_engine::api::PodState;
use yew::prelude::*;

#[function_component(Legend)]
pub fn legend() -> Html {
    html! {
        <ul class="pod-legend" aria-label="Pod states">
            { for PodState::ALL.iter().map(|s| html! {
                <li><span class={classes!("swatch", format!("pod-{}", css_name(*s)))}></span>{ s.as_str() }</li>
            }) }
            <li><span class="swatch endpoint"></span>{ "white dot: a Service endpoint (Ready)" }</li>
            <li><span class="swatch slow"></span>{ "dashed ring: slower to Ready than 9 in 10 of its image's pods" }</li>
            <li><span class="mark-failed" aria-hidden="true">{ "×" }</span>{ " a request refused: at the pod it was sent to, at the Service when no pod was ready" }</li>
            <li><span class="swatch cut"></span>{ "red ring: a request cut mid-flight (the app exited, or SIGKILL)" }</li>
        </ul>
    }
}
