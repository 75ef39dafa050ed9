//! Paints a [`Layout`] on a 2D canvas: one fill style per colour, set once per batch.

use super::front::Front;
use super::layout::{Layout, LANE_HEADER, PAD};
use super::nodes::{NodeStatus, NodesBand, BAND_HEADER};
use super::raster::{parse_color, Raster, Rgba};
use rollout_engine::api::PodState;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas's 2D context, its width in CSS pixels and the device pixel ratio.
pub fn context(el: &HtmlCanvasElement) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let (ctx, scale) = context_2d(el)?;
    Some((ctx, css_width(el), scale))
}

/// A canvas's 2D context and the device pixel ratio.
pub fn context_2d(el: &HtmlCanvasElement) -> Option<(CanvasRenderingContext2d, f64)> {
    use wasm_bindgen::JsCast;
    let ctx = el
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    let scale = gloo::utils::window().device_pixel_ratio().max(1.0);
    Some((ctx, scale))
}

/// A canvas's width in CSS pixels (at least 200). Reading it lays the page out if the DOM
/// changed since: a canvas drawn every frame measures it only when it may have changed.
pub fn css_width(el: &HtmlCanvasElement) -> f64 {
    f64::from(el.client_width().max(200))
}

/// The colours, read from the page's CSS custom properties so that the theme applies.
pub struct Palette {
    pub text: String,
    pub muted: String,
    pub line: String,
    pub card: String,
    pub accent: String,
    pub new_lane: String,
    pub old_lane: String,
    /// Failures: refused requests, failing pods, draining nodes.
    pub fail: String,
}

impl Palette {
    pub fn from_css(canvas: &HtmlCanvasElement) -> Palette {
        let style = gloo::utils::window()
            .get_computed_style(canvas)
            .ok()
            .flatten();
        let var = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            text: var("--text", "#1c2430"),
            muted: var("--muted", "#5b6676"),
            line: var("--line", "#d9dee5"),
            card: var("--card", "#ffffff"),
            accent: var("--accent", "#326ce5"),
            new_lane: var("--new", "#b35c00"),
            old_lane: var("--old", "#0072b2"),
            fail: var("--fail", "#c2185b"),
        }
    }

    /// A version's colour: the new ReplicaSet's, or the old ones'.
    pub fn version(&self, new: bool) -> &str {
        if new {
            &self.new_lane
        } else {
            &self.old_lane
        }
    }
}

/// How much of a pod's mark is filled in its state, where only a fill can tell states apart
/// (pods too small for shapes, a lane's bar): 0 (nothing yet) to 1 (available).
pub fn fill_level(s: PodState) -> f64 {
    match s {
        PodState::Pending => 0.15,
        PodState::ContainerCreating => 0.25,
        PodState::Running => 0.45,
        PodState::Ready => 0.7,
        PodState::Available => 1.0,
        PodState::CrashLoopBackOff | PodState::ImagePullBackOff => 0.45,
        PodState::Terminating => 0.3,
    }
}

/// Draws the whole stage. The canvas is sized to the layout at the device's pixel ratio.
pub fn draw(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    l: &Layout,
    p: &Palette,
    scale: f64,
) {
    prepare(canvas, ctx, l.width, l.height, scale);

    // The Service in front of the pods (the Ingress in front of it is drawn by `draw_front`).
    let front = Front::of(l.width);
    let b = front.service;
    ctx.set_fill_style_str(&p.card);
    ctx.set_stroke_style_str(&p.accent);
    ctx.set_line_width(1.5);
    round_rect(ctx, b.x, b.y, b.w, b.h, 8.0);
    ctx.fill();
    ctx.stroke();
    ctx.set_fill_style_str(&p.text);
    // Its line leaves room for the share bar beside it (under it on a narrow stage).
    let room = if front.stacked {
        b.w - 24.0
    } else {
        front.share.0 - b.x - 24.0
    };
    let service = fit_text(
        ctx,
        &l.service,
        room,
        "600 {}px system-ui, sans-serif",
        14.0,
    );
    let _ = ctx.fill_text(&service, b.x + 12.0, front.service_text_y);

    for lane in &l.lanes {
        let accent = p.version(lane.is_new);
        ctx.set_stroke_style_str(&p.line);
        ctx.set_line_width(1.0);
        round_rect(ctx, PAD / 2.0, lane.y, l.width - PAD, lane.height, 8.0);
        ctx.stroke();
        ctx.set_fill_style_str(accent);
        ctx.fill_rect(PAD / 2.0, lane.y + 4.0, 4.0, lane.height - 8.0);
        ctx.set_fill_style_str(&p.muted);
        let title = fit_text(
            ctx,
            &lane.title,
            l.width - 2.0 * PAD - 8.0,
            "{}px ui-monospace, monospace",
            12.0,
        );
        let _ = ctx.fill_text(&title, PAD + 4.0, lane.y + LANE_HEADER / 2.0 + 2.0);
        if l.aggregate {
            draw_bar(ctx, lane, l.width, p);
        }
    }
    if let Some(cols) = &l.columns {
        draw_columns(ctx, cols, p, l.width);
    }
    if !l.aggregate {
        draw_pods(ctx, l, p, scale);
    }
    ctx.set_global_alpha(1.0);
}

/// A StatefulSet's ordinals or a DaemonSet's nodes above the lanes, and the partition's line
/// through them.
fn draw_columns(
    ctx: &CanvasRenderingContext2d,
    cols: &super::layout::ColumnMarks,
    p: &Palette,
    width: f64,
) {
    ctx.set_fill_style_str(&p.muted);
    ctx.set_font("11px ui-monospace, monospace");
    let baseline = cols.y + super::layout::COLUMN_LABELS - 5.0;
    // What the columns are, at the right end of their line (the first labels start at the left).
    ctx.set_text_align("right");
    let _ = ctx.fill_text(&cols.title, width - PAD, baseline);
    ctx.set_text_align("center");
    for (x, label) in &cols.labels {
        let _ = ctx.fill_text(label, *x, baseline);
    }
    ctx.set_text_align("left");
    if let Some((x, spans, label)) = &cols.partition {
        ctx.set_stroke_style_str(&p.accent);
        ctx.set_line_width(2.0);
        let dash = js_sys::Array::of2(&6.0.into(), &4.0.into());
        let _ = ctx.set_line_dash(&dash);
        ctx.begin_path();
        for (top, bottom) in spans {
            ctx.move_to(*x, *top);
            ctx.line_to(*x, *bottom);
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        if let Some((_, bottom)) = spans.last() {
            ctx.set_fill_style_str(&p.accent);
            // Right of the line; left of it (right-aligned) where there is more room there,
            // as on a phone with the partition near the right end.
            const FONT: &str = "600 {}px system-ui, sans-serif";
            ctx.set_font(&FONT.replace("{}", "11"));
            let wide = ctx.measure_text(label).map_or(0.0, |m| m.width());
            let (right, left) = (width - PAD - (*x + 6.0), *x - 6.0 - PAD);
            if wide <= right || right >= left {
                let text = fit_text(ctx, label, right, FONT, 11.0);
                let _ = ctx.fill_text(&text, *x + 6.0, *bottom - 6.0);
            } else {
                let text = fit_text(ctx, label, left, FONT, 11.0);
                ctx.set_text_align("right");
                let _ = ctx.fill_text(&text, *x - 6.0, *bottom - 6.0);
                ctx.set_text_align("left");
            }
        }
    }
}

/// Sizes a canvas for `width` x `height` CSS pixels at `scale` and clears it.
fn prepare(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    width: f64,
    height: f64,
    scale: f64,
) {
    let (w, h) = (
        (width * scale).round() as u32,
        (height * scale).round() as u32,
    );
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let _ = canvas
            .style()
            .set_property("height", &format!("{height}px"));
    }
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    ctx.set_text_baseline("middle");
}

/// Paints the nodes band on its own canvas. When it shows `shown` (same width and colours),
/// only the node boxes that changed and the title are painted again: a rollout at speed
/// changes a few nodes between two paints, and the band is the stage's largest picture.
pub fn draw_band(
    canvas: &HtmlCanvasElement,
    ctx: &CanvasRenderingContext2d,
    band: &NodesBand,
    shown: Option<&NodesBand>,
    width: f64,
    p: &Palette,
    scale: f64,
) {
    let same_boxes = |old: &NodesBand| {
        old.height == band.height
            && old.y == band.y
            && old.boxes.len() == band.boxes.len()
            && old
                .boxes
                .iter()
                .zip(&band.boxes)
                .all(|(a, b)| (a.x, a.y, a.w, a.h) == (b.x, b.y, b.w, b.h))
    };
    let Some(old) = shown.filter(|old| same_boxes(old)) else {
        prepare(canvas, ctx, width, band.height, scale);
        draw_band_title(ctx, band, p);
        for b in &band.boxes {
            draw_node_box(ctx, b, p, scale);
        }
        return;
    };
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.set_text_baseline("middle");
    if old.title != band.title {
        ctx.clear_rect(0.0, band.y, width, BAND_HEADER);
        draw_band_title(ctx, band, p);
    }
    for (b, was) in band.boxes.iter().zip(&old.boxes) {
        if b != was {
            ctx.clear_rect(b.x - 2.0, b.y - 2.0, b.w + 4.0, b.h + 4.0);
            draw_node_box(ctx, b, p, scale);
        }
    }
}

fn draw_band_title(ctx: &CanvasRenderingContext2d, band: &NodesBand, p: &Palette) {
    ctx.set_fill_style_str(&p.text);
    ctx.set_font("600 13px system-ui, sans-serif");
    let _ = ctx.fill_text(&band.title, PAD, band.y + BAND_HEADER / 2.0);
}

/// The pods of a node's box, each marked as on the lanes: its version's colour, its state by
/// shape.
fn draw_node_dots(
    ctx: &CanvasRenderingContext2d,
    b: &super::nodes::NodeBox,
    p: &Palette,
    scale: f64,
) {
    if b.dots.is_empty() {
        return;
    }
    let colors = Colors::of(p);
    let region = (b.x - 2.0, b.y - 2.0, b.w + 4.0, b.h + 4.0);
    with_raster(ctx, region, scale, |raster| {
        for d in &b.dots {
            let (x, y) = ((d.x - region.0) * scale, (d.y - region.1) * scale);
            let mark = Mark {
                state: d.state,
                new_version: d.new_version,
                ready: matches!(d.state, PodState::Ready | PodState::Available),
                alpha: 1.0,
            };
            mark.paint(raster, &colors, x, y, 4.3 * scale, 1.2 * scale);
        }
    });
}

/// The palette's colours as RGBA, for the raster.
struct Colors {
    new_lane: Rgba,
    old_lane: Rgba,
    fail: Rgba,
    card: Rgba,
}

impl Colors {
    fn of(p: &Palette) -> Colors {
        Colors {
            new_lane: parse_color(&p.new_lane),
            old_lane: parse_color(&p.old_lane),
            fail: parse_color(&p.fail),
            card: parse_color(&p.card),
        }
    }
}

/// One pod's mark: the colour says its version, the shape its state, so both read at once
/// without telling colours apart by hue alone.
struct Mark {
    state: PodState,
    new_version: bool,
    /// A Ready endpoint of the Service: a light dot at the centre.
    ready: bool,
    alpha: f64,
}

impl Mark {
    /// Paints it at (x, y) with radius `r` and outline width `line` (device pixels): being
    /// created, a ring (faint while Pending); started, the ring half filled from below;
    /// Ready, filled lightly; available, filled; terminating, filled with a light bar across;
    /// failing (CrashLoopBackOff, ImagePullBackOff), the ring with an X in the failure colour.
    fn paint(&self, raster: &mut Raster, c: &Colors, x: f64, y: f64, r: f64, line: f64) {
        let v = if self.new_version {
            c.new_lane
        } else {
            c.old_lane
        };
        let a = self.alpha;
        let ring_r = r - line / 2.0;
        match self.state {
            PodState::Pending => raster.ring(x, y, ring_r, line * 0.7, v, a * 0.6),
            PodState::ContainerCreating => raster.ring(x, y, ring_r, line, v, a),
            PodState::Running => {
                raster.ring(x, y, ring_r, line, v, a);
                raster.lower_half(x, y, r, v, a);
            }
            PodState::Ready => {
                raster.disc(x, y, r, v, a * 0.5);
                raster.ring(x, y, ring_r, line, v, a);
            }
            PodState::Available => raster.disc(x, y, r, v, a),
            PodState::Terminating => {
                raster.disc(x, y, r, v, a);
                raster.bar(x, y, r * 0.62, (r * 0.32).max(1.0), c.card, a);
            }
            PodState::CrashLoopBackOff | PodState::ImagePullBackOff => {
                raster.ring(x, y, ring_r, line, v, a);
                raster.cross(x, y, r * 0.62, line.max(1.0), c.fail, a);
            }
        }
        if self.ready && self.state != PodState::Terminating {
            raster.disc(x, y, r * 0.28, c.card, a);
        }
    }
}

thread_local! {
    /// The raster and the offscreen canvas it goes through, kept from frame to frame.
    static RASTER: std::cell::RefCell<(Raster, Option<HtmlCanvasElement>)> =
        std::cell::RefCell::new((Raster::new(0, 0), None));
}

/// Lets `paint` draw marks into a transparent raster covering `region` (x, y, width, height
/// in CSS pixels; the raster's origin is its corner) at `scale`, then draws it over what
/// `ctx` shows there so far.
fn with_raster(
    ctx: &CanvasRenderingContext2d,
    region: (f64, f64, f64, f64),
    scale: f64,
    paint: impl FnOnce(&mut Raster),
) {
    let (left, top, width, height) = region;
    use wasm_bindgen::JsCast;
    let (w, h) = (
        (width * scale).round().max(1.0) as u32,
        (height * scale).round().max(1.0) as u32,
    );
    RASTER.with(|cell| {
        let (raster, offscreen) = &mut *cell.borrow_mut();
        raster.reset(w, h);
        paint(raster);
        if offscreen.is_none() {
            *offscreen = gloo::utils::document()
                .create_element("canvas")
                .ok()
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
        }
        let Some(off) = offscreen.as_ref() else {
            return;
        };
        if off.width() != w || off.height() != h {
            off.set_width(w);
            off.set_height(h);
        }
        let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&raster.pixels),
            w,
            h,
        );
        let off_ctx = off
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        if let (Ok(data), Some(off_ctx)) = (data, off_ctx) {
            let _ = off_ctx.put_image_data(&data, 0.0, 0.0);
            let _ = ctx
                .draw_image_with_html_canvas_element_and_dw_and_dh(off, left, top, width, height);
        }
    });
}

/// A node's box: its outline and name, its requested shares as bars (or what is happening to
/// it), its pods as dots filled by state and ringed by version.
fn draw_node_box(
    ctx: &CanvasRenderingContext2d,
    b: &super::nodes::NodeBox,
    p: &Palette,
    scale: f64,
) {
    {
        let (outline, note) = match b.status {
            NodeStatus::Ready => (p.line.as_str(), String::new()),
            NodeStatus::Provisioning(at) => (
                p.accent.as_str(),
                crate::i18n::trf("provisioning: Ready at {t} s", &[("t", &(at / 1000))]),
            ),
            NodeStatus::Draining => (
                p.fail.as_str(),
                crate::i18n::tr("draining: pods evicted").to_string(),
            ),
        };
        ctx.set_stroke_style_str(outline);
        ctx.set_line_width(1.2);
        let dashed = matches!(b.status, NodeStatus::Provisioning(_));
        if dashed {
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&5.0.into(), &4.0.into()));
        }
        round_rect(ctx, b.x, b.y, b.w, b.h, 6.0);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.set_fill_style_str(&p.muted);
        ctx.set_font("11px ui-monospace, monospace");
        let _ = ctx.fill_text(&b.title, b.x + 7.0, b.y + 10.0);
        // What is happening to the node, in place of its bars.
        if !note.is_empty() {
            ctx.set_fill_style_str(outline);
            ctx.set_font("600 11px system-ui, sans-serif");
            let _ = ctx.fill_text(&note, b.x + 7.0, b.y + 25.0);
        }
        // cpu and memory requested, as shares of allocatable.
        let bar_w = (b.w - 14.0) / 2.0 - 4.0;
        let bars = if note.is_empty() {
            vec![("cpu", b.cpu), ("mem", b.memory)]
        } else {
            Vec::new()
        };
        for (k, (label, share)) in bars.into_iter().enumerate() {
            let Some(share) = share else { continue };
            let x = b.x + 7.0 + k as f64 * (bar_w + 8.0);
            let y = b.y + 20.0;
            ctx.set_fill_style_str(&p.line);
            ctx.fill_rect(x, y, bar_w, 5.0);
            ctx.set_fill_style_str(if share > 0.999 { &p.fail } else { &p.accent });
            ctx.fill_rect(x, y, bar_w * share.min(1.0), 5.0);
            ctx.set_fill_style_str(&p.muted);
            ctx.set_font("10px system-ui, sans-serif");
            let _ = ctx.fill_text(&format!("{label} {:.0}%", share * 100.0), x, y + 10.5);
        }
        if b.more > 0 {
            ctx.set_fill_style_str(&p.muted);
            ctx.set_font("10px system-ui, sans-serif");
            let _ = ctx.fill_text(
                &format!("+{} more", b.more),
                b.x + b.w - 60.0,
                b.y + b.h - 7.0,
            );
        }
    }
    draw_node_dots(ctx, b, p, scale);
}

/// Requests answered lately, by who answered: the share bar beside the Service.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Share {
    pub old: u32,
    pub new: u32,
    pub failed: u32,
}

/// Sets `font` (a format with `{}` for the size in px) at the largest size up to `px` (and
/// down to 9 px) at which `text` fits `room`, and returns `text`, cut with "…" if it still
/// does not fit.
fn fit_text(ctx: &CanvasRenderingContext2d, text: &str, room: f64, font: &str, px: f64) -> String {
    const SMALLEST: f64 = 9.0;
    let width = |t: &str| ctx.measure_text(t).map_or(0.0, |m| m.width());
    ctx.set_font(&font.replace("{}", &px.to_string()));
    let wide = width(text);
    if wide <= room || wide <= 0.0 {
        return text.to_string();
    }
    let size = (px * room / wide).floor().max(SMALLEST);
    ctx.set_font(&font.replace("{}", &size.to_string()));
    if width(text) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let cut: String = chars[..mid].iter().chain(['…'].iter()).collect();
        if width(&cut) <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().chain(['…'].iter()).collect()
}

/// The front of the stage: the Ingress (its host) in front of the Service, an arrow between
/// them, and the share of the requests answered lately by each version (or "no traffic" when
/// the scenario has none: the path is drawn, idle). Beside the Service on a wide stage, above
/// it on a narrow one.
pub fn draw_front(ctx: &CanvasRenderingContext2d, l: &Layout, share: Option<&Share>, p: &Palette) {
    let front = Front::of(l.width);
    let i = front.ingress;
    ctx.set_fill_style_str(&p.card);
    ctx.set_stroke_style_str(&p.line);
    ctx.set_line_width(1.5);
    round_rect(ctx, i.x, i.y, i.w, i.h, 8.0);
    ctx.fill();
    ctx.stroke();
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str(&p.muted);
    if front.stacked {
        // One line: "Ingress  host".
        let _ = ctx.fill_text("Ingress", i.x + 10.0, i.y + i.h / 2.0 + 4.0);
        ctx.set_fill_style_str(&p.text);
        ctx.set_font("11px ui-monospace, monospace");
        let _ = ctx.fill_text(&l.ingress, i.x + 62.0, i.y + i.h / 2.0 + 4.0);
    } else {
        let _ = ctx.fill_text("Ingress", i.x + 10.0, i.y + 15.0);
        ctx.set_fill_style_str(&p.text);
        ctx.set_font("11px ui-monospace, monospace");
        let _ = ctx.fill_text(&l.ingress, i.x + 10.0, i.bottom() - 10.0);
    }
    // The arrow from the Ingress into the Service: across, or down.
    ctx.set_stroke_style_str(&p.accent);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    if front.stacked {
        let (x, y0) = (i.x + 30.0, i.bottom() + 2.0);
        let y1 = front.service.y - 2.0;
        ctx.move_to(x, y0);
        ctx.line_to(x, y1);
        ctx.move_to(x - 5.0, y1 - 6.0);
        ctx.line_to(x, y1);
        ctx.line_to(x + 5.0, y1 - 6.0);
    } else {
        let (x0, y) = (i.right() + 4.0, i.y + i.h / 2.0);
        ctx.move_to(x0, y);
        ctx.line_to(x0 + 18.0, y);
        ctx.move_to(x0 + 12.0, y - 5.0);
        ctx.line_to(x0 + 18.0, y);
        ctx.line_to(x0 + 12.0, y + 5.0);
    }
    ctx.stroke();
    draw_share(ctx, &front, share, p);
}

/// The share bar in the Service box: old, new and failed requests of late.
fn draw_share(ctx: &CanvasRenderingContext2d, front: &Front, share: Option<&Share>, p: &Palette) {
    let (x, top, w) = front.share;
    let y = top + 8.0;
    ctx.set_font("10px system-ui, sans-serif");
    ctx.set_fill_style_str(&p.muted);
    let Some(s) = share.filter(|s| s.old + s.new + s.failed > 0) else {
        let text = if share.is_some() {
            crate::i18n::tr("no requests just now")
        } else {
            crate::i18n::tr("no traffic (turn it on in Traffic)")
        };
        let _ = ctx.fill_text(text, x, y + 4.0);
        return;
    };
    let total = f64::from(s.old + s.new + s.failed);
    let mut at = x;
    for (n, color) in [
        (s.old, p.old_lane.as_str()),
        (s.new, p.new_lane.as_str()),
        (s.failed, p.fail.as_str()),
    ] {
        let part = w * f64::from(n) / total;
        ctx.set_fill_style_str(color);
        ctx.fill_rect(at, y - 8.0, part, 8.0);
        at += part;
    }
    ctx.set_fill_style_str(&p.muted);
    let pct = |n: u32| (100.0 * f64::from(n) / total).round();
    let mut label = crate::i18n::trf(
        "old {old}% · new {new}%",
        &[("old", &pct(s.old)), ("new", &pct(s.new))],
    );
    if s.failed > 0 {
        label.push_str(&crate::i18n::trf(
            " · failed {failed}%",
            &[("failed", &pct(s.failed))],
        ));
    }
    let _ = ctx.fill_text(&label, x, y + 10.0);
}

/// A request in flight on the stage: where it goes, how far along, and how it ends.
pub struct Flight {
    pub pod: Option<u64>,
    /// 0 at the Service, 1 at the pod.
    pub progress: f64,
    pub new_version: bool,
    /// Why it failed, if it did.
    pub failure: Option<rollout_engine::traffic::Failure>,
}

/// Requests flowing from the Ingress through the Service to the pods, coloured by version. A failed one is a red
/// mark where it failed: a cross at the pod it was sent to that had stopped (or was not
/// listening yet), a ring at the pod that was cut mid-request, a cross at the Service when no
/// pod could take it.
pub fn draw_requests(ctx: &CanvasRenderingContext2d, l: &Layout, flights: &[Flight], p: &Palette) {
    let front = Front::of(l.width);
    let sy = front.service.bottom();
    use rollout_engine::traffic::Failure;
    let mut failed_x = PAD + 16.0;
    let cross = |x: f64, y: f64| {
        ctx.set_stroke_style_str(&p.fail);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x - 4.0, y - 4.0);
        ctx.line_to(x + 4.0, y + 4.0);
        ctx.move_to(x + 4.0, y - 4.0);
        ctx.line_to(x - 4.0, y + 4.0);
        ctx.stroke();
    };
    for f in flights {
        let dot = f.pod.and_then(|uid| l.pods.iter().find(|d| d.uid == uid));
        let Some(dot) = dot.filter(|_| f.failure != Some(Failure::NoEndpoints)) else {
            if f.failure.is_some() {
                cross(l.width - failed_x, sy - 8.0);
                failed_x += 11.0;
            }
            continue;
        };
        let (x, y) = front.flight_point(l.width, (dot.x, dot.y), f.progress);
        match f.failure {
            None => {
                ctx.set_fill_style_str(p.version(f.new_version));
                ctx.begin_path();
                let _ = ctx.arc(x, y, 3.0, 0.0, std::f64::consts::TAU);
                ctx.fill();
            }
            // Accepted, then cut: a ring at the pod.
            Some(Failure::KilledInFlight | Failure::KilledAtGrace) => {
                ctx.set_stroke_style_str(&p.fail);
                ctx.set_line_width(2.0);
                ctx.begin_path();
                let _ = ctx.arc(x, y, 5.0, 0.0, std::f64::consts::TAU);
                ctx.stroke();
            }
            // Refused by the pod it was sent to.
            Some(_) => cross(x, y),
        }
    }
}

/// A lane's pods as one bar in the lane's version colour, a segment per state filled as far
/// as the state has come (for populations too large to draw one by one).
fn draw_bar(ctx: &CanvasRenderingContext2d, lane: &super::layout::Lane, width: f64, p: &Palette) {
    let inner = width - 2.0 * PAD - 8.0;
    let mut x = PAD + 4.0;
    let y = lane.y + LANE_HEADER;
    for (state, n) in &lane.by_state {
        let w = inner * f64::from(*n) / f64::from(lane.total.max(1));
        ctx.set_global_alpha(fill_level(*state));
        ctx.set_fill_style_str(p.version(lane.is_new));
        ctx.fill_rect(x, y, w, 16.0);
        ctx.set_global_alpha(1.0);
        if matches!(
            state,
            PodState::CrashLoopBackOff | PodState::ImagePullBackOff
        ) {
            ctx.set_fill_style_str(&p.fail);
            ctx.fill_rect(x, y + 13.0, w, 3.0);
        }
        ctx.set_fill_style_str(&p.card);
        ctx.fill_rect(x + w - 1.0, y, 1.0, 16.0);
        x += w;
    }
}

/// Every pod as its [`Mark`], faded in and out by its alpha. Pods too small for shapes are
/// squares in their version's colour, filled as far as their state has come.
fn draw_pods(ctx: &CanvasRenderingContext2d, l: &Layout, p: &Palette, scale: f64) {
    let r = (l.cell * 0.42).max(1.0);
    let round = l.cell >= 8.0;
    if !round {
        for dot in &l.pods {
            ctx.set_global_alpha(dot.alpha * fill_level(dot.state).max(0.3));
            ctx.set_fill_style_str(p.version(dot.is_new));
            ctx.fill_rect(dot.x - r, dot.y - r, 2.0 * r, 2.0 * r);
        }
        ctx.set_global_alpha(1.0);
        return;
    }
    let colors = Colors::of(p);
    let line = (l.cell * 0.12).clamp(1.0, 3.0) * scale;
    with_raster(ctx, (0.0, 0.0, l.width, l.height), scale, |raster| {
        for dot in &l.pods {
            let mark = Mark {
                state: dot.state,
                new_version: dot.is_new,
                ready: dot.ready,
                alpha: dot.alpha,
            };
            mark.paint(
                raster,
                &colors,
                dot.x * scale,
                dot.y * scale,
                r * scale,
                line,
            );
        }
    });
    // A slow pod (its Ready time drawn slower than 9 in 10 of its image's) gets a dashed ring.
    ctx.set_stroke_style_str(&p.accent);
    ctx.set_line_width((l.cell * 0.08).clamp(1.0, 2.0));
    let dash = js_sys::Array::of2(&(r * 0.35).into(), &(r * 0.3).into());
    let _ = ctx.set_line_dash(&dash);
    for dot in l.pods.iter().filter(|d| d.slow) {
        ctx.begin_path();
        let _ = ctx.arc(dot.x, dot.y, r * 1.25, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}

fn round_rect(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64, r: f64) {
    ctx.begin_path();
    ctx.move_to(x + r, y);
    ctx.line_to(x + w - r, y);
    ctx.quadratic_curve_to(x + w, y, x + w, y + r);
    ctx.line_to(x + w, y + h - r);
    ctx.quadratic_curve_to(x + w, y + h, x + w - r, y + h);
    ctx.line_to(x + r, y + h);
    ctx.quadratic_curve_to(x, y + h, x, y + h - r);
    ctx.line_to(x, y + r);
    ctx.quadratic_curve_to(x, y, x + r, y);
    ctx.close_path();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn painted(state: PodState, new_version: bool) -> Raster {
        let colors = Colors {
            new_lane: [200, 100, 0, 255],
            old_lane: [0, 100, 200, 255],
            fail: [200, 0, 100, 255],
            card: [255, 255, 255, 255],
        };
        let mut r = Raster::new(24, 24);
        let ready = matches!(state, PodState::Ready | PodState::Available);
        let mark = Mark {
            state,
            new_version,
            ready,
            alpha: 1.0,
        };
        mark.paint(&mut r, &colors, 12.0, 12.0, 10.0, 2.0);
        r
    }

    #[test]
    fn every_state_has_a_shape_of_its_own_in_the_versions_colour() {
        let shapes: Vec<(PodState, Vec<u8>)> = PodState::ALL
            .iter()
            .filter(|s| **s != PodState::ImagePullBackOff)
            .map(|s| {
                // Where the mark is (opaque) and in what (its version's colour or not):
                // what is left once hue is taken away.
                let sig = painted(*s, true)
                    .pixels
                    .chunks(4)
                    .map(|p| match (p[3] > 128, p[..3] == [200, 100, 0]) {
                        (false, _) => 0,
                        (true, true) => 1,
                        (true, false) => 2,
                    })
                    .collect();
                (*s, sig)
            })
            .collect();
        for (i, (a, pa)) in shapes.iter().enumerate() {
            for (b, pb) in &shapes[i + 1..] {
                assert_ne!(pa, pb, "{a:?} and {b:?} must differ by shape, not colour");
            }
        }
        // The colour is the version's: an available pod's body, off the centre dot.
        let at = |r: &Raster| r.pixels[(12 * 24 + 18) * 4..(12 * 24 + 18) * 4 + 3].to_vec();
        assert_eq!(at(&painted(PodState::Available, true)), vec![200, 100, 0]);
        assert_eq!(at(&painted(PodState::Available, false)), vec![0, 100, 200]);
    }
}
