//! Pictures to take away: the charts as standalone SVG, the stage with the charts as a PNG,
//! and a playthrough recorded as a WebM video. They read what the page shows (its canvases
//! and charts), never the app's state.

pub mod png;
pub mod svg;
pub mod video;

use wasm_bindgen::JsCast;

/// The page's charts, in the order shown.
pub fn chart_figures() -> Vec<web_sys::Element> {
    all("#pane-chart figure.chart")
}

/// Every element that matches `selector` under `root` (the document when `None`).
pub fn all_in(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    root.query_selector_all(selector)
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn all(selector: &str) -> Vec<web_sys::Element> {
    gloo::utils::document()
        .document_element()
        .map(|root| all_in(&root, selector))
        .unwrap_or_default()
}

/// Whether `el` has the class `name`.
pub fn has_class(el: &web_sys::Element, name: &str) -> bool {
    el.get_attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == name))
}

/// A computed style property of `el` (optionally of its `::before`), or "".
pub fn computed(el: &web_sys::Element, pseudo: Option<&str>, prop: &str) -> String {
    let window = gloo::utils::window();
    let style = match pseudo {
        Some(p) => window.get_computed_style_with_pseudo_elt(el, p),
        None => window.get_computed_style(el),
    };
    style
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value(prop).ok())
        .unwrap_or_default()
}

/// A file name for what is shown at `t` (simulated milliseconds): `rollout-lab-12.5s.png`.
pub fn file_name(t: i64, extension: &str) -> String {
    format!(
        "rollout-lab-{}s.{extension}",
        rollout_engine::explain::format_number(t as f64 / 1000.0)
    )
}
