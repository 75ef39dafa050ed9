//! The traffic over time, aligned with the pod chart: each version's share of the responses
//! and the error rate, per simulated second.

use super::plot::{legend_key, Plot, W};
use crate::i18n::{tr, trf};
use crate::player::PlayerHandle;
use rollout_engine::api::Millis;
use rollout_engine::traffic::TrafficSample;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficChartProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub until: Millis,
    pub on_seek: Callback<Millis>,
}

const H: f64 = 120.0;
const TOP: f64 = 6.0;

struct Lines {
    /// Each version's class, name and line.
    shares: Vec<(String, String, String)>,
    errors: String,
}

/// A second's requests: all of them, at least one (a share of none is 0).
fn total(s: &TrafficSample) -> f64 {
    (s.served.values().sum::<u64>() + s.failed).max(1) as f64
}

fn y_of(frac: f64) -> f64 {
    H - frac * (H - TOP)
}

fn lines(player: &PlayerHandle, until: Millis) -> Option<Lines> {
    let timeline = player.0.borrow().timeline.clone();
    let report = timeline.traffic.as_ref()?;
    let x = |t: Millis| (t as f64 + 500.0) / until.max(1) as f64 * W;
    let path = |f: &dyn Fn(&TrafficSample) -> f64| -> String {
        let mut d = String::new();
        for (i, s) in report.per_second.iter().enumerate() {
            d.push_str(&format!(
                "{}{:.1},{:.1} ",
                if i == 0 { "M" } else { "L" },
                x(s.t),
                y_of(f(s))
            ));
        }
        d
    };
    let shares = report
        .served
        .keys()
        .enumerate()
        .map(|(i, v)| {
            (
                format!("share-{}", i % 4),
                v.clone(),
                path(&|s| *s.served.get(v).unwrap_or(&0) as f64 / total(s)),
            )
        })
        .collect();
    let errors = path(&|s| s.failed as f64 / total(s));
    Some(Lines { shares, errors })
}

/// The second of traffic at `t`, as "v1 60% · v2 40% · failed 0% of 20 requests".
fn readout(s: &TrafficSample) -> String {
    let pct = |n: u64| format!("{:.0}%", n as f64 / total(s) * 100.0);
    let mut parts: Vec<String> = s
        .served
        .iter()
        .map(|(v, n)| format!("{v} {}", pct(*n)))
        .collect();
    parts.push(trf("failed {pct}", &[("pct", &pct(s.failed))]));
    trf(
        "{parts} of {n} requests",
        &[
            ("parts", &parts.join(" · ")),
            ("n", &(s.served.values().sum::<u64>() + s.failed)),
        ],
    )
}

#[function_component(TrafficChart)]
pub fn traffic_chart(p: &TrafficChartProps) -> Html {
    let data = {
        let player = p.player.clone();
        use_memo((p.version, p.until), move |(_, until)| {
            lines(&player, *until)
        })
    };
    let hidden = use_state(Vec::<String>::new);
    let Some(data) = data.as_ref() else {
        return html! {};
    };
    let shown = |class: &str| !hidden.iter().any(|c| c == class);
    let y_ticks: Vec<_> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|f| (y_of(*f), format!("{:.0}%", f * 100.0)))
        .collect();
    let readout = {
        let timeline = p.player.0.borrow().timeline.clone();
        Callback::from(move |t: Millis| {
            timeline
                .traffic
                .as_ref()
                .and_then(|r| r.per_second.iter().find(|s| s.t <= t && t < s.t + 1000))
                .map_or_else(|| tr("no requests").to_string(), readout)
        })
    };
    html! {
        <figure class="chart traffic-chart">
            <Plot id="traffic-chart" height={H} {y_ticks} until={p.until} playhead={p.playhead} on_seek={p.on_seek.clone()} {readout}
                label={tr("Share of responses by version and the error rate, per second; drag to move the playhead")}>
                { for data.shares.iter().filter(|(class, ..)| shown(class)).map(|(class, _, d)| html! { <path class={classes!("series", class.clone())} d={d.clone()} /> }) }
                if shown("errors") { <path class="series errors" d={data.errors.clone()} /> }
            </Plot>
            <figcaption class="legend">
                { for data.shares.iter().map(|(class, v, _)| legend_key(&hidden, class, &trf("share: {version}", &[("version", v)]))) }
                { legend_key(&hidden, "errors", tr("failed requests")) }
                <span class="scale">{ tr("% of requests, per second") }</span>
            </figcaption>
        </figure>
    }
}
