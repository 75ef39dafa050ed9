//! Pod counts over the whole rollout: total, available, old and new, with the two bounds
//! (replicas + surge, replicas - unavailable) and markers for the user's actions.

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

const W: f64 = 1000.0;
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
    ("total", "pods (all)", |s| f64::from(s.total)),
    ("available", "available", |s| f64::from(s.available)),
    ("old", "old version", |s| f64::from(s.old)),
    ("new", "new version", |s| f64::from(s.new)),
    ("bound-max", "replicas + surge", |s| f64::from(s.max_total)),
    ("bound-min", "replicas − unavailable", |s| {
        f64::from(s.min_available)
    }),
];

/// Setting B's lines, drawn dashed over A's.
const COMPARE_LINES: [Line; 2] = [
    ("available", "B: available", |s| f64::from(s.available)),
    ("new", "B: new version", |s| f64::from(s.new)),
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
    let hidden = use_state(Vec::<&'static str>::new);
    let toggle = |class: &'static str| {
        let hidden = hidden.clone();
        Callback::from(move |_: MouseEvent| {
            let mut h = (*hidden).clone();
            match h.iter().position(|c| *c == class) {
                Some(i) => {
                    h.remove(i);
                }
                None => h.push(class),
            }
            hidden.set(h);
        })
    };
    let y_of = |v: f64| TOP + (H - TOP) * (1.0 - v / data.max_y);
    let count_ticks = super::axes::ticks(data.max_y / 1.1, 4);
    let until = p.until as f64;
    let time_ticks = super::axes::time_ticks(until, 6);
    // The labels' places, set after each render (no style attribute under the page's CSP).
    let figure = use_node_ref();
    {
        let figure = figure.clone();
        use_effect(move || {
            if let Some(el) = figure.cast::<web_sys::Element>() {
                super::axes::place_labels(&el);
            }
        });
    }
    let cursor = p.playhead as f64 / p.until.max(1) as f64 * W;
    let onclick = {
        let (seek, until) = (p.on_seek.clone(), p.until);
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            let svg = el.closest("svg").ok().flatten().unwrap_or(el);
            let rect = svg.get_bounding_client_rect();
            let frac =
                ((f64::from(e.client_x()) - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0);
            seek.emit((frac * until as f64).round() as Millis);
        })
    };
    html! {
        <figure class="chart" ref={figure}>
            <div class="plot">
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" {onclick} role="img"
                aria-label="Pod counts over time, with the bounds replicas + surge and replicas − unavailable">
                { for count_ticks.iter().map(|v| html! { <line class="grid" x1="0" x2={W.to_string()} y1={y_of(*v).to_string()} y2={y_of(*v).to_string()} /> }) }
                { for time_ticks.iter().map(|t| { let x = t / until.max(1.0) * W; html! { <line class="grid" x1={x.to_string()} x2={x.to_string()} y1={TOP.to_string()} y2={H.to_string()} /> } }) }
                { for data.lines.iter().filter(|(class, ..)| !hidden.contains(class)).map(|(class, _, d)| html! { <path class={classes!("series", *class)} d={d.clone()} /> }) }
                { for data.compare_lines.iter().map(|(class, _, d)| html! { <path class={classes!("series", "compare", *class)} d={d.clone()} /> }) }
                { for data.markers.iter().map(|(x, cmd)| html! {
                    <line class="marker" x1={x.to_string()} x2={x.to_string()} y1="0" y2={H.to_string()}><title>{ cmd.clone() }</title></line>
                }) }
                <line class="cursor" x1={cursor.to_string()} x2={cursor.to_string()} y1="0" y2={H.to_string()} />
            </svg>
            { for count_ticks.iter().map(|v| html! {
                <span class="tick y" aria-hidden="true" data-place={format!("top:{:.2}", y_of(*v) / H * 100.0)}>{ format!("{v:.0}") }</span>
            }) }
            </div>
            <div class="x-axis" aria-hidden="true">
                { for time_ticks.iter().map(|t| html! {
                    <span class="tick x" data-place={format!("left:{:.2}", t / until.max(1.0) * 100.0)}>{ super::axes::time_label(*t, until) }</span>
                }) }
            </div>
            <figcaption class="legend">
                { for data.lines.iter().map(|(class, label, _)| html! {
                    <button class={classes!("key", *class, hidden.contains(class).then_some("off"))} aria-pressed={(!hidden.contains(class)).to_string()}
                        title="Show or hide this line" onclick={toggle(class)}>{ *label }</button>
                }) }
                { for data.compare_lines.iter().map(|(class, label, _)| html! { <span class={classes!("key", "compare", *class)}>{ *label }</span> }) }
                <span class="key marker">{ "your actions" }</span>
                <span class="scale">{ "pods, over time" }</span>
            </figcaption>
            if let Some(v) = verdict { <p class="outcome" id="compare-verdict">{ v.clone() }</p> }
        </figure>
    }
}
