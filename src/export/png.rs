//! The stage with the charts as one PNG: the stage's canvases as they are, each chart drawn
//! from its standalone SVG, on the page's background at the screen's pixel ratio.

use super::{computed, svg::charts_svg};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

/// One picture of the composition: a canvas of the stage or a chart's image, and its size in
/// CSS pixels.
enum Part {
    Canvas(HtmlCanvasElement, f64, f64),
    Image(HtmlImageElement, f64, f64),
}

impl Part {
    fn size(&self) -> (f64, f64) {
        match self {
            Part::Canvas(_, w, h) | Part::Image(_, w, h) => (*w, *h),
        }
    }
}

/// The stage's visible canvases (lanes, then the nodes band), at their CSS size.
fn stage_canvases() -> Vec<Part> {
    super::all("#pane-stage canvas.stage-canvas")
        .into_iter()
        .filter(|c| !c.has_attribute("hidden"))
        .filter_map(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        .filter_map(|c| {
            let r = c.get_bounding_client_rect();
            (r.width() > 0.0 && r.height() > 0.0).then(|| Part::Canvas(c, r.width(), r.height()))
        })
        .collect()
}

/// A chart's SVG as a decoded image.
async fn chart_image(svg: &str) -> Option<HtmlImageElement> {
    let img = HtmlImageElement::new().ok()?;
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    img.set_src(&url);
    JsFuture::from(img.decode()).await.ok()?;
    Some(img)
}

/// The composition as a PNG data URL: `caption` (what and when), what the stage shows, the
/// charts under it.
pub async fn stage_and_charts_png(caption: &str) -> Option<String> {
    let mut parts = stage_canvases();
    if let Some(svg) = charts_svg() {
        if let Some(img) = chart_image(&svg.text).await {
            parts.push(Part::Image(img, svg.width, svg.height));
        }
    }
    if parts.is_empty() {
        return None;
    }
    let gap = 12.0;
    let width = parts.iter().map(|p| p.size().0).fold(0.0, f64::max) + 2.0 * gap;
    let header = 30.0;
    let height = header + parts.iter().map(|p| p.size().1 + gap).sum::<f64>() + gap;
    let scale = gloo::utils::window().device_pixel_ratio().max(1.0);
    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width((width * scale).round() as u32);
    canvas.set_height((height * scale).round() as u32);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.scale(scale, scale).ok()?;
    let root = gloo::utils::document().document_element()?;
    ctx.set_fill_style_str(&computed(&root, None, "--card"));
    ctx.fill_rect(0.0, 0.0, width, height);
    ctx.set_fill_style_str(&computed(&root, None, "--text"));
    ctx.set_font("600 15px system-ui, sans-serif");
    let _ = ctx.fill_text(caption, gap, header - 6.0);
    let mut y = header + gap;
    for part in &parts {
        let (w, h) = part.size();
        let _ = match part {
            Part::Canvas(c, ..) => {
                ctx.draw_image_with_html_canvas_element_and_dw_and_dh(c, gap, y, w, h)
            }
            Part::Image(img, ..) => {
                ctx.draw_image_with_html_image_element_and_dw_and_dh(img, gap, y, w, h)
            }
        };
        y += h + gap;
    }
    canvas.to_data_url_with_type("image/png").ok()
}
