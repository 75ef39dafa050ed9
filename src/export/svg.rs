//! A chart as a standalone SVG file: the plot with its styles written out as attributes (the
//! page's stylesheet does not travel with the file), its tick labels and its legend as text.

use super::{all_in, computed, has_class};

/// The styles a chart's marks take from the stylesheet, written as attributes.
const STYLES: [&str; 6] = [
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "fill",
    "opacity",
    "vector-effect",
];
const LEFT: f64 = 40.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 18.0;
const LEGEND_LINE: f64 = 18.0;
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"11\"";

/// Escapes text for XML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number as SVG writes it.
fn n(v: f64) -> String {
    rollout_engine::explain::format_number((v * 100.0).round() / 100.0)
}

/// A label's place along its axis, as a fraction of the plot (`data-place="top:12.5"`).
fn place(el: &web_sys::Element) -> f64 {
    el.get_attribute("data-place")
        .and_then(|p| p.split_once(':')?.1.parse::<f64>().ok())
        .map_or(0.0, |pct| pct / 100.0)
}

/// A legend key: its text, and its swatch's colour and line style.
type Key = (String, String, String);

/// An SVG document and its size in CSS pixels.
pub struct Svg {
    pub text: String,
    pub width: f64,
    pub height: f64,
}

/// The page's charts, one under the other, as one SVG document; `None` without a chart.
pub fn charts_svg() -> Option<Svg> {
    let charts: Vec<Svg> = super::chart_figures()
        .iter()
        .filter_map(chart_svg)
        .collect();
    if charts.is_empty() {
        return None;
    }
    let width = charts.iter().map(|c| c.width).fold(0.0, f64::max);
    let height: f64 = charts.iter().map(|c| c.height).sum();
    let mut text = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n",
        n(width),
        n(height),
        n(width),
        n(height)
    );
    let mut y = 0.0;
    for c in &charts {
        text.push_str(
            &c.text
                .replacen("<svg ", &format!("<svg y=\"{}\" ", n(y)), 1),
        );
        y += c.height;
    }
    text.push_str("</svg>\n");
    Some(Svg {
        text,
        width,
        height,
    })
}

/// A chart `<figure>` as an `<svg>` element of its size on the page; `None` without a plot.
fn chart_svg(figure: &web_sys::Element) -> Option<Svg> {
    let plot = figure.query_selector(".area svg").ok().flatten()?;
    let rect = plot.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let text_color = computed(figure, None, "color");
    let muted = computed(&plot, None, "color");
    let background = computed(&plot, None, "background-color");
    let keys: Vec<Key> = all_in(figure, ".legend .key")
        .iter()
        .filter(|k| !has_class(k, "off"))
        .map(|k| {
            (
                k.text_content().unwrap_or_default(),
                computed(k, Some("::before"), "border-top-color"),
                computed(k, Some("::before"), "border-top-style"),
            )
        })
        .collect();
    // The legend's keys in rows as wide as the plot (11 px text: about 6.2 px a letter).
    let mut rows: Vec<Vec<(f64, &Key)>> = vec![Vec::new()];
    let mut x = 0.0;
    for key in &keys {
        let width = 26.0 + key.0.chars().count() as f64 * 6.2 + 14.0;
        if x + width > w && x > 0.0 {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, key));
        }
        x += width;
    }
    let legend_top = TOP + h + AXIS + 6.0;
    let total_w = LEFT + w + 12.0;
    let total_h = legend_top + rows.len() as f64 * LEGEND_LINE + 4.0;
    let (view_box, label) = (
        plot.get_attribute("viewBox").unwrap_or_default(),
        plot.get_attribute("aria-label").unwrap_or_default(),
    );
    let mut out = format!(
        "<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n<title>{}</title>\n",
        n(total_w),
        n(total_h),
        n(total_w),
        n(total_h),
        escape(&label)
    );
    let card = computed(figure, None, "--card").trim().to_string();
    out.push_str(&format!(
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        if card.is_empty() { &background } else { &card }
    ));
    out.push_str(&format!(
        "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"{}\" preserveAspectRatio=\"none\">\n<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        n(LEFT),
        n(TOP),
        n(w),
        n(h),
        escape(&view_box),
        background
    ));
    for mark in all_in(&plot, "line, path") {
        if has_class(&mark, "hover") {
            continue;
        }
        out.push_str(&mark_element(&mark));
    }
    out.push_str("</svg>\n");
    for tick in all_in(figure, ".tick.y") {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"{muted}\" {FONT}>{}</text>\n",
            n(LEFT - 5.0),
            n(TOP + place(&tick) * h),
            escape(&tick.text_content().unwrap_or_default())
        ));
    }
    for tick in all_in(figure, ".tick.x") {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{muted}\" {FONT}>{}</text>\n",
            n(LEFT + place(&tick) * w),
            n(TOP + h + 13.0),
            escape(&tick.text_content().unwrap_or_default())
        ));
    }
    for (r, row) in rows.iter().enumerate() {
        let y = legend_top + r as f64 * LEGEND_LINE + 9.0;
        for (x, (text, color, style)) in row {
            let dash = match style.as_str() {
                "dashed" => " stroke-dasharray=\"5 3\"",
                "dotted" => " stroke-dasharray=\"2 2\"",
                _ => "",
            };
            out.push_str(&format!(
                "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"3\"{dash}/>\n<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" fill=\"{text_color}\" {FONT}>{}</text>\n",
                n(LEFT + x),
                n(LEFT + x + 20.0),
                n(y),
                n(y),
                n(LEFT + x + 26.0),
                n(y),
                escape(text)
            ));
        }
    }
    out.push_str("</svg>\n");
    Some(Svg {
        text: out,
        width: total_w,
        height: total_h,
    })
}

/// One mark of the plot with its computed styles as attributes.
fn mark_element(mark: &web_sys::Element) -> String {
    let tag = mark.tag_name().to_lowercase();
    let mut attrs = String::new();
    for name in ["d", "x1", "x2", "y1", "y2"] {
        if let Some(v) = mark.get_attribute(name) {
            attrs.push_str(&format!(" {name}=\"{}\"", escape(&v)));
        }
    }
    if let Some(class) = mark.get_attribute("class") {
        attrs.push_str(&format!(" class=\"{}\"", escape(&class)));
    }
    for prop in STYLES {
        let v = computed(mark, None, prop);
        if !v.is_empty() && v != "none" || prop == "fill" {
            attrs.push_str(&format!(" {prop}=\"{}\"", escape(&v)));
        }
    }
    let title = mark
        .query_selector("title")
        .ok()
        .flatten()
        .and_then(|t| t.text_content())
        .map(|t| format!("<title>{}</title>", escape(&t)))
        .unwrap_or_default();
    format!("<{tag}{attrs}>{title}</{tag}>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape(r#"replicas − unavailable <"a" & b>"#),
            "replicas − unavailable &lt;&quot;a&quot; &amp; b&gt;"
        );
    }
}
