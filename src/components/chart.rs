//! Pod counts over the whole rollout: total, available, old and new, with the two bounds
//! (replicas + surge, replicas - unavailable) and markers for the user's actions.

use super::plot::{legend_key, Plot, W};
use crate::i18n::{n_, tr};
use crate::player::PlayerHandle;
use rollout_engine::api::Millis;
use rollout_engine::sim::snapshot::Counts;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub until: Millis,
    pub on_seek: Callback<Millis>,
    /// A second setting to overlay (dashed), its timeline locked to this one.
    #[prop_or_default]
    pub compare: Option<crate::player::CompareWith>,
}

const H: f64 = 220.0;
const TOP: f64 = 10.0;

struct Series {
    lines: Vec<(&'static str, &'static str, String)>,
    /// Setting B's lines, drawn dashed over A's.
    compare_lines: Vec<(&'static str, &'static str, String)>,
    markers: Vec<(f64, String)>,
    max_y: f64,
}

fn step_path(
    samples: &[Counts],
    until: Millis,
    max_y: f64,
    value: impl Fn(&Counts) -> f64,
) -> String {
    let x = |t: Millis| (t as f64 / until.max(1) as f64 * W).clamp(0.0, W);
    let y = |v: f64| TOP + (H - TOP) * (1.0 - v / max_y);
    let mut d = String::new();
    let mut prev: Option<f64> = None;
    for s in samples {
        let v = value(s);
        match prev {
            None => d.push_str(&format!("M{:.1},{:.1}", x(s.t.max(0)), y(v))),
            Some(p) => {
                d.push_str(&format!(" L{:.1},{:.1}", x(s.t), y(p)));
                d.push_str(&format!(" L{:.1},{:.1}", x(s.t), y(v)));
            }
        }
        prev = Some(v);
    }
    if let Some(p) = prev {
        d.push_str(&format!(" L{W:.1},{:.1}", y(p)));
    }
    d
}

/// One line of the chart: its CSS class, its legend, and the count it follows.
type Line = (&'static str, &'static str, fn(&Counts) -> f64);

const LINES: [Line; 6] = [
    ("total", n_("pods (all)"), |s| f64::from(s.total)),
    ("available", n_("available"), |s| f64::from(s.available)),
    ("old", n_("old version"), |s| f64::from(s.old)),
    ("new", n_("new version"), |s| f64::from(s.new)),
    ("bound-max", n_("replicas + surge"), |s| {
        f64::from(s.max_total)
    }),
    ("bound-min", n_("replicas − unavailable"), |s| {
        f64::from(s.min_available)
    }),
];

/// Setting B's lines, drawn dashed over A's.
const COMPARE_LINES: [Line; 2] = [
    ("available", n_("B: available"), |s| f64::from(s.available)),
    ("new", n_("B: new version"), |s| f64::from(s.new)),
];

fn series(player: &PlayerHandle, until: Millis, compare: Option<&[Counts]>) -> Series {
    let timeline = player.0.borrow().timeline.clone();
    let samples = &timeline.samples;
    let max_y = samples
        .iter()
        .chain(compare.unwrap_or(&[]))
        .map(|s| f64::from(s.total).max(f64::from(s.max_total)))
        .fold(1.0, f64::max)
        * 1.1;
    let draw = |samples: &[Counts], lines: &[Line]| -> Vec<(&'static str, &'static str, String)> {
        lines
            .iter()
            .map(|(class, label, value)| {
                let d = step_path(samples, until, max_y, value);
                (*class, *label, d)
            })
            .collect()
    };
    let lines = draw(samples, &LINES);
    let compare_lines = compare.map_or_else(Vec::new, |b| draw(b, &COMPARE_LINES));
    let markers = timeline
        .user_actions()
        .into_iter()
        .map(|(t, cmd)| (t as f64 / until.max(1) as f64 * W, cmd))
        .collect();
    Series {
        lines,
        compare_lines,
        markers,
        max_y,
    }
}

#[function_component(Chart)]
pub fn chart(p: &ChartProps) -> Html {
    // Built when the scenario, the end or the compared pair changes; not per frame.
    let data = {
        let player = p.player.clone();
        use_memo(
            (p.version, p.until, p.compare),
            move |(_, until, compare)| {
                let comparison = compare.map(|with| player.0.borrow_mut().comparison(with));
                let series = series(
                    &player,
                    *until,
                    comparison.as_ref().map(|c| c.timeline.samples.as_slice()),
                );
                (series, comparison.map(|c| c.verdict.clone()))
            },
        )
    };
    let (data, verdict) = (&data.0, &data.1);
    // Series the legend has turned off.
    let hidden = use_state(Vec::<String>::new);
    let shown = |class: &str| !hidden.iter().any(|c| c == class);
    let y_of = |v: f64| TOP + (H - TOP) * (1.0 - v / data.max_y);
    let y_ticks: Vec<_> = super::axes::ticks(data.max_y / 1.1, 4)
        .into_iter()
        .map(|v| (y_of(v), format!("{v:.0}")))
        .collect();
    let readout = {
        let timeline = p.player.0.borrow().timeline.clone();
        let hidden = (*hidden).clone();
        let shown = move |class: &str| !hidden.iter().any(|c| c == class);
        Callback::from(move |t: Millis| {
            let Some(s) = timeline.samples.iter().take_while(|s| s.t <= t).last() else {
                return String::new();
            };
            LINES
                .iter()
                .filter(|(class, ..)| shown(class))
                .map(|(_, label, value)| format!("{} {}", tr(label), value(s)))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    html! {
        <figure class="chart">
            <Plot id="pod-chart" height={H} {y_ticks} until={p.until} playhead={p.playhead} on_seek={p.on_seek.clone()} {readout}
                label={tr("Pod counts over time, with the bounds replicas + surge and replicas − unavailable; drag to move the playhead")}>
                { for data.lines.iter().filter(|(class, ..)| shown(class)).map(|(class, _, d)| html! { <path class={classes!("series", *class)} d={d.clone()} /> }) }
                { for data.compare_lines.iter().map(|(class, _, d)| html! { <path class={classes!("series", "compare", *class)} d={d.clone()} /> }) }
                { for data.markers.iter().map(|(x, cmd)| html! {
                    <line class="marker" x1={x.to_string()} x2={x.to_string()} y1="0" y2={H.to_string()}><title>{ cmd.clone() }</title></line>
                }) }
            </Plot>
            <figcaption class="legend">
                { for data.lines.iter().map(|(class, label, _)| legend_key(&hidden, class, tr(label))) }
                { for data.compare_lines.iter().map(|(class, label, _)| html! { <span class={classes!("key", "compare", *class)}>{ tr(label) }</span> }) }
                <span class="key marker">{ tr("your actions") }</span>
                <span class="scale">{ tr("pods, over time") }</span>
            </figcaption>
            if let Some(v) = verdict { <p class="outcome" id="compare-verdict">{ crate::i18n::say(v) }</p> }
        </figure>
    }
}
