//! The frame both charts share: gridlines and tick labels for time and value, the playhead
//! drawn and dragged (or clicked to), and the values at the instant under the pointer.

use super::axes::{place_labels, time_label, time_ticks};
use crate::i18n::tr;
use rollout_engine::api::Millis;
use yew::prelude::*;

/// The plot's width in its own units (it is stretched to the page's width).
pub const W: f64 = 1000.0;

#[derive(Properties, PartialEq)]
pub struct PlotProps {
    pub id: AttrValue,
    /// What the plot shows, for screen readers.
    pub label: AttrValue,
    /// The plot's height in its own units.
    pub height: f64,
    /// The value gridlines: their y in the plot's units, and their labels.
    pub y_ticks: Vec<(f64, String)>,
    pub until: Millis,
    pub playhead: Millis,
    pub on_seek: Callback<Millis>,
    /// The values at an instant, as a line of text.
    pub readout: Callback<Millis, String>,
    /// The series (SVG elements in the plot's units).
    #[prop_or_default]
    pub children: Html,
}

/// The instant under the pointer, from its offset in the plot.
fn instant(e: &PointerEvent, until: Millis) -> Millis {
    let el: web_sys::Element = e.target_unchecked_into();
    let svg = el.closest("svg").ok().flatten().unwrap_or(el);
    let rect = svg.get_bounding_client_rect();
    let frac = ((f64::from(e.client_x()) - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0);
    (frac * until as f64).round() as Millis
}

#[function_component(Plot)]
pub fn plot(p: &PlotProps) -> Html {
    let hover = use_state(|| None::<Millis>);
    let dragging = use_mut_ref(|| false);
    // The labels' places, set after each render (no style attribute under the page's CSP).
    let frame = use_node_ref();
    {
        let frame = frame.clone();
        use_effect(move || {
            if let Some(el) = frame.cast::<web_sys::Element>() {
                place_labels(&el);
            }
        });
    }
    let until = p.until;
    let x_of = |t: f64| t / until.max(1) as f64 * W;
    let onpointerdown = {
        let (seek, dragging) = (p.on_seek.clone(), dragging.clone());
        Callback::from(move |e: PointerEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(svg) = el.closest("svg").ok().flatten() {
                let _ = svg.set_pointer_capture(e.pointer_id());
            }
            *dragging.borrow_mut() = true;
            seek.emit(instant(&e, until));
        })
    };
    let onpointermove = {
        let (seek, dragging, hover) = (p.on_seek.clone(), dragging.clone(), hover.clone());
        Callback::from(move |e: PointerEvent| {
            let t = instant(&e, until);
            if *dragging.borrow() {
                seek.emit(t);
            }
            hover.set(Some(t));
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| {
            if !*dragging.borrow() {
                hover.set(None);
            }
        })
    };
    let h = p.height;
    let times = time_ticks(until as f64, 6);
    let cursor = x_of(p.playhead as f64);
    let readout = hover.map(|t| {
        let pct = x_of(t as f64) / W * 100.0;
        // Anchored on the side with room, so that it never runs off the plot.
        let place = if pct < 50.0 {
            format!("left:{pct:.2}")
        } else {
            format!("right:{:.2}", 100.0 - pct)
        };
        // To a tenth of a second: a pixel is worth a few tens of milliseconds.
        let shown = (t as f64 / 100.0).round() * 100.0;
        let text = format!("{}: {}", time_label(shown, until as f64), p.readout.emit(t));
        (x_of(t as f64), place, text)
    });
    html! {
        <div class="plot" ref={frame}>
            <div class="area">
            <svg id={p.id.clone()} viewBox={format!("0 0 {W} {h}")} preserveAspectRatio="none" role="img"
                aria-label={p.label.clone()} {onpointerdown} {onpointermove} {onpointerup} {onpointerleave}>
                { for p.y_ticks.iter().map(|(y, _)| html! { <line class="grid" x1="0" x2={W.to_string()} y1={y.to_string()} y2={y.to_string()} /> }) }
                { for times.iter().map(|t| { let x = x_of(*t); html! { <line class="grid" x1={x.to_string()} x2={x.to_string()} y1="0" y2={h.to_string()} /> } }) }
                { p.children.clone() }
                if let Some((x, ..)) = &readout {
                    <line class="hover" x1={x.to_string()} x2={x.to_string()} y1="0" y2={h.to_string()} />
                }
                <line class="cursor" x1={cursor.to_string()} x2={cursor.to_string()} y1="0" y2={h.to_string()} />
            </svg>
            { for p.y_ticks.iter().map(|(y, label)| html! {
                <span class="tick y" aria-hidden="true" data-place={format!("top:{:.2}", y / h * 100.0)}>{ label.clone() }</span>
            }) }
            if let Some((_, place, text)) = readout {
                <output class="readout" data-place={place}>{ text }</output>
            }
            </div>
            <div class="x-axis" aria-hidden="true">
                { for times.iter().map(|t| html! {
                    <span class="tick x" data-place={format!("left:{:.2}", x_of(*t) / W * 100.0)}>{ time_label(*t, until as f64) }</span>
                }) }
            </div>
        </div>
    }
}

/// A legend key that hides and shows its series (`class`) in `hidden`.
pub fn legend_key(hidden: &UseStateHandle<Vec<String>>, class: &str, label: &str) -> Html {
    let off = hidden.iter().any(|c| c == class);
    let onclick = {
        let (hidden, class) = (hidden.clone(), class.to_string());
        Callback::from(move |_: MouseEvent| {
            let mut h = (*hidden).clone();
            match h.iter().position(|c| *c == class) {
                Some(i) => {
                    h.remove(i);
                }
                None => h.push(class.clone()),
            }
            hidden.set(h);
        })
    };
    html! {
        <button class={classes!("key", class.to_string(), off.then_some("off"))} aria-pressed={(!off).to_string()}
            title={tr("Show or hide this line")} {onclick}>{ label.to_string() }</button>
    }
}
