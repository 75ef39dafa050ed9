//! The traffic over time, aligned with the pod chart: each version's share of the responses
//! and the error rate, per simulated second.

use crate::player::PlayerHandle;
use rollout_engine::api::Millis;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficChartProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub until: Millis,
}

const W: f64 = 1000.0;
const H: f64 = 120.0;

struct Lines {
    shares: Vec<(String, String)>,
    errors: String,
}

fn lines(player: &PlayerHandle, until: Millis) -> Option<Lines> {
    let timeline = player.0.borrow().timeline.clone();
    let report = timeline.traffic.as_ref()?;
    let versions: Vec<String> = report.served.keys().cloned().collect();
    let x = |t: Millis| (t as f64 + 500.0) / until.max(1) as f64 * W;
    let y = |frac: f64| H - frac * (H - 6.0);
    let path = |f: &dyn Fn(&rollout_engine::traffic::TrafficSample) -> f64| -> String {
        let mut d = String::new();
        for (i, s) in report.per_second.iter().enumerate() {
            d.push_str(&format!(
                "{}{:.1},{:.1} ",
                if i == 0 { "M" } else { "L" },
                x(s.t),
                y(f(s))
            ));
        }
        d
    };
    let total = |s: &rollout_engine::traffic::TrafficSample| {
        (s.served.values().sum::<u64>() + s.failed).max(1) as f64
    };
    let shares = versions
        .iter()
        .map(|v| {
            (
                v.clone(),
                path(&|s| *s.served.get(v).unwrap_or(&0) as f64 / total(s)),
            )
        })
        .collect();
    let errors = path(&|s| s.failed as f64 / total(s));
    Some(Lines { shares, errors })
}

#[function_component(TrafficChart)]
pub fn traffic_chart(p: &TrafficChartProps) -> Html {
    let data = {
        let player = p.player.clone();
        use_memo((p.version, p.until), move |(_, until)| {
            lines(&player, *until)
        })
    };
    let Some(data) = data.as_ref() else {
        return html! {};
    };
    let cursor = p.playhead as f64 / p.until.max(1) as f64 * W;
    html! {
        <figure class="chart traffic-chart">
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img" id="traffic-chart"
                aria-label="Share of responses by version and the error rate, per second">
                { for data.shares.iter().enumerate().map(|(i, (_, d))| html! { <path class={classes!("series", format!("share-{}", i % 4))} d={d.clone()} /> }) }
                <path class="series errors" d={data.errors.clone()} />
                <line class="cursor" x1={cursor.to_string()} x2={cursor.to_string()} y1="0" y2={H.to_string()} />
            </svg>
            <figcaption class="legend">
                { for data.shares.iter().enumerate().map(|(i, (v, _))| html! { <span class={classes!("key", format!("share-{}", i % 4))}>{ format!("share: {v}") }</span> }) }
                <span class="key errors">{ "failed requests" }</span>
                <span class="scale">{ "0 – 100% of requests" }</span>
            </figcaption>
        </figure>
    }
}
