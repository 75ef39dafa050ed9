//! Axes for the charts: round tick values (1, 2 or 5 times a power of ten) for counts, and
//! time ticks in seconds or minutes; and placing their labels over a stretched plot. The
//! page's Content-Security-Policy allows no style attribute, so the labels carry their place
//! in `data-place` and [`place_labels`] sets it through the CSS object model.

use wasm_bindgen::JsCast;

/// About `count` round ticks from 0 to at least `max`: the tick values.
pub fn ticks(max: f64, count: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
        .max(1.0);
    let mut out = Vec::new();
    let mut v = 0.0;
    while v <= max + 1e-9 {
        out.push(v);
        v += step;
    }
    out
}

/// A time tick's label: seconds up to three minutes, else minutes.
pub fn time_label(ms: f64, until_ms: f64) -> String {
    if until_ms > 180_000.0 {
        crate::i18n::trf(
            "{n} min",
            &[("n", &rollout_engine::explain::format_number(ms / 60_000.0))],
        )
    } else {
        format!("{} s", rollout_engine::explain::format_number(ms / 1000.0))
    }
}

/// Time ticks from 0 to `until_ms`, in the unit the labels use.
pub fn time_ticks(until_ms: f64, count: usize) -> Vec<f64> {
    let unit = if until_ms > 180_000.0 {
        60_000.0
    } else {
        1000.0
    };
    ticks(until_ms / unit, count)
        .into_iter()
        .map(|t| t * unit)
        .filter(|t| *t <= until_ms)
        .collect()
}

/// Sets each labelled child's `data-place` (`top:12.5` or `left:40`, in percent) as its style,
/// for every element under `root`.
pub fn place_labels(root: &web_sys::Element) {
    let mut next = root.first_element_child();
    while let Some(el) = next {
        if let Some((prop, pct)) = el
            .get_attribute("data-place")
            .as_deref()
            .and_then(|p| p.split_once(':'))
        {
            if let Some(html) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = html.style().set_property(prop, &format!("{pct}%"));
            }
        }
        place_labels(&el);
        next = el.next_element_sibling();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(10.0, 5), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(3.3, 4), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(1100.0, 4), [0.0, 500.0, 1000.0]);
        assert_eq!(ticks(0.0, 4), [0.0, 1.0]);
        assert_eq!(
            time_ticks(30_000.0, 6),
            [0.0, 5000.0, 10000.0, 15000.0, 20000.0, 25000.0, 30000.0]
        );
        assert_eq!(time_label(20_000.0, 30_000.0), "20 s");
        assert_eq!(time_label(120_000.0, 600_000.0), "2 min");
        assert_eq!(
            time_ticks(600_000.0, 5).len(),
            6,
            "every 2 minutes up to 10"
        );
    }
}
