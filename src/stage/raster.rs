//! Round marks (pods, the nodes band's dots) rasterized in Rust into an RGBA buffer that the
//! canvas takes in one `putImageData`. A software-rendered 2D canvas rasterizes every `arc`
//! (or stamps every `drawImage`) through a call across the JS boundary and Skia's general
//! path code: a thousand pods took most of a frame. Pure: tested natively.

/// An RGBA colour, not premultiplied (as `ImageData` holds it).
pub type Rgba = [u8; 4];

/// Parses `#rgb` or `#rrggbb` (the page's CSS custom properties); grey otherwise.
pub fn parse_color(css: &str) -> Rgba {
    let hex = css.trim().trim_start_matches('#');
    let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
    let parsed = match hex.len() {
        3 => (|| Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17, 255]))(),
        6 => (|| Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?, 255]))(),
        _ => None,
    };
    parsed.unwrap_or([136, 136, 136, 255])
}

/// A transparent picture of `width` x `height` device pixels, and the coverage masks of the
/// marks drawn so far (a frame draws a thousand marks of a few shapes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    masks: Vec<(Shape, Mask)>,
}

/// A mark's shape in hundredths of a device pixel: a radius, and a line width where it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Disc(u32),
    Ring(u32, u32),
    /// The lower half of a disc (a pod started, not Ready yet).
    LowerHalf(u32),
    /// A horizontal bar across a disc (a pod terminating).
    Bar(u32, u32),
    /// An X inside a disc (a pod failing).
    Cross(u32, u32),
}

/// Coverage (0 to 255) of a `side` x `side` square of pixels centred on the mark.
#[derive(Clone, Debug, Default, PartialEq)]
struct Mask {
    side: usize,
    coverage: Vec<u8>,
}

impl Mask {
    /// Each pixel's coverage for the offset (dx, dy) of its centre from the square's centre.
    fn of(reach: f64, coverage: impl Fn(f64, f64) -> f64) -> Mask {
        let side = (2.0 * reach).ceil() as usize + 1;
        let c = side as f64 / 2.0;
        let coverage = (0..side * side)
            .map(|k| {
                let (dx, dy) = ((k % side) as f64 + 0.5 - c, (k / side) as f64 + 0.5 - c);
                (coverage(dx, dy).clamp(0.0, 1.0) * 255.0).round() as u8
            })
            .collect();
        Mask { side, coverage }
    }
}

/// Hundredths, as a key.
fn key(v: f64) -> u32 {
    (v * 100.0).round().clamp(0.0, 1e9) as u32
}

/// The most shapes kept: a frame uses a handful.
const MAX_MASKS: usize = 64;

impl Raster {
    pub fn new(width: u32, height: u32) -> Raster {
        let mut r = Raster::default();
        r.reset(width, height);
        r
    }

    /// Makes it a transparent `width` x `height` picture again, keeping its memory.
    pub fn reset(&mut self, width: u32, height: u32) {
        self.width = width;
        self.height = height;
        self.pixels.clear();
        self.pixels.resize(width as usize * height as usize * 4, 0);
    }

    /// A disc centred at (x, y) of radius `r` (device pixels), anti-aliased over one pixel.
    pub fn disc(&mut self, x: f64, y: f64, r: f64, color: Rgba, alpha: f64) {
        let shape = Shape::Disc(key(r));
        self.stamp(shape, x, y, color, alpha, || {
            Mask::of(r + 0.5, |dx, dy| inside(r, dx, dy))
        });
    }

    /// The lower half of the disc of radius `r` centred at (x, y).
    pub fn lower_half(&mut self, x: f64, y: f64, r: f64, color: Rgba, alpha: f64) {
        self.stamp(Shape::LowerHalf(key(r)), x, y, color, alpha, || {
            Mask::of(r + 0.5, |dx, dy| {
                inside(r, dx, dy) * (dy + 0.5).clamp(0.0, 1.0)
            })
        });
    }

    /// A horizontal bar of height `w` across the disc of radius `r`, ends inside it.
    pub fn bar(&mut self, x: f64, y: f64, r: f64, w: f64, color: Rgba, alpha: f64) {
        self.stamp(Shape::Bar(key(r), key(w)), x, y, color, alpha, || {
            Mask::of(r + 0.5, |dx, dy| {
                (w / 2.0 + 0.5 - dy.abs()).clamp(0.0, 1.0) * (r + 0.5 - dx.abs()).clamp(0.0, 1.0)
            })
        });
    }

    /// An X of line width `w` whose arms end on the circle of radius `r`.
    pub fn cross(&mut self, x: f64, y: f64, r: f64, w: f64, color: Rgba, alpha: f64) {
        self.stamp(Shape::Cross(key(r), key(w)), x, y, color, alpha, || {
            Mask::of(r + 0.5, |dx, dy| {
                let off = (dx - dy).abs().min((dx + dy).abs()) / std::f64::consts::SQRT_2;
                (w / 2.0 + 0.5 - off).clamp(0.0, 1.0) * inside(r, dx, dy)
            })
        });
    }

    /// A ring of line width `w` centred on the circle of radius `r`.
    pub fn ring(&mut self, x: f64, y: f64, r: f64, w: f64, color: Rgba, alpha: f64) {
        let shape = Shape::Ring(key(r), key(w));
        let half = w / 2.0;
        self.stamp(shape, x, y, color, alpha, || {
            Mask::of(r + half + 0.5, |dx, dy| {
                half + 0.5 - ((dx * dx + dy * dy).sqrt() - r).abs()
            })
        });
    }

    /// Blends `color` at `alpha` through the shape's mask centred at (x, y) (to the nearest
    /// half pixel at which the mask is centred).
    fn stamp(
        &mut self,
        shape: Shape,
        x: f64,
        y: f64,
        color: Rgba,
        alpha: f64,
        make: impl FnOnce() -> Mask,
    ) {
        let k = match self.masks.iter().position(|(s, _)| *s == shape) {
            Some(k) => k,
            None => {
                if self.masks.len() >= MAX_MASKS {
                    self.masks.clear();
                }
                self.masks.push((shape, make()));
                self.masks.len() - 1
            }
        };
        let mask = &self.masks[k].1;
        let a = (alpha.clamp(0.0, 1.0) * f64::from(color[3])).round() as u32;
        if a == 0 {
            return;
        }
        let half = mask.side as f64 / 2.0;
        let (left, top) = ((x - half).round() as i64, (y - half).round() as i64);
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        for my in 0..mask.side as i64 {
            let py = top + my;
            if py < 0 || py >= h {
                continue;
            }
            for mx in 0..mask.side as i64 {
                let px = left + mx;
                if px < 0 || px >= w {
                    continue;
                }
                let cov = u32::from(mask.coverage[(my as usize) * mask.side + mx as usize]);
                if cov == 0 {
                    continue;
                }
                let i = ((py * w + px) * 4) as usize;
                blend(&mut self.pixels[i..i + 4], color, (cov * a + 127) / 255);
            }
        }
    }
}

/// How much of a pixel at (dx, dy) from a disc's centre the disc of radius `r` covers
/// (anti-aliased over one pixel).
fn inside(r: f64, dx: f64, dy: f64) -> f64 {
    (r + 0.5 - (dx * dx + dy * dy).sqrt()).clamp(0.0, 1.0)
}

/// Source-over of `color` at opacity `a` (0 to 255) onto one non-premultiplied RGBA pixel.
fn blend(dst: &mut [u8], color: Rgba, a: u32) {
    let da = u32::from(dst[3]);
    if da == 0 {
        dst.copy_from_slice(&[color[0], color[1], color[2], a as u8]);
        return;
    }
    // out = a + da (1 - a), in 255ths; each channel weighted by its share of it.
    let under = da * (255 - a) / 255;
    let out = a + under;
    if out == 0 {
        return;
    }
    for k in 0..3 {
        let v = (u32::from(color[k]) * a + u32::from(dst[k]) * under + out / 2) / out;
        dst[k] = v.min(255) as u8;
    }
    dst[3] = out.min(255) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(r: &Raster, x: u32, y: u32) -> Rgba {
        let i = ((y * r.width + x) * 4) as usize;
        [
            r.pixels[i],
            r.pixels[i + 1],
            r.pixels[i + 2],
            r.pixels[i + 3],
        ]
    }

    #[test]
    fn colors_parse_from_css_hex() {
        assert_eq!(parse_color("#1f9d8f"), [0x1f, 0x9d, 0x8f, 255]);
        assert_eq!(parse_color(" #fff "), [255, 255, 255, 255]);
        assert_eq!(parse_color("rebeccapurple"), [136, 136, 136, 255]);
    }

    #[test]
    fn a_disc_covers_its_area_with_soft_edges() {
        let mut r = Raster::new(20, 20);
        r.disc(10.0, 10.0, 4.0, [200, 0, 0, 255], 1.0);
        assert_eq!(at(&r, 10, 10), [200, 0, 0, 255]);
        assert_eq!(at(&r, 16, 10)[3], 0);
        assert_eq!(at(&r, 0, 0)[3], 0);
        let alphas: Vec<u8> = r.pixels.chunks(4).map(|p| p[3]).collect();
        let area: f64 = alphas.iter().map(|&a| f64::from(a) / 255.0).sum();
        assert!(
            (area - std::f64::consts::PI * 16.0).abs() < 1.5,
            "area {area}"
        );
        assert!(
            alphas.iter().any(|&a| a > 0 && a < 255),
            "anti-aliased edge"
        );
    }

    #[test]
    fn a_ring_leaves_its_centre_empty_and_alpha_fades_it() {
        let mut r = Raster::new(20, 20);
        r.ring(10.0, 10.0, 5.0, 2.0, [0, 0, 255, 255], 0.5);
        assert_eq!(at(&r, 10, 10)[3], 0);
        let on = at(&r, 15, 10);
        assert!(on[2] == 255 && (100..=130).contains(&on[3]), "{on:?}");
    }

    #[test]
    fn state_shapes_cover_their_part_of_the_disc() {
        let c = [0, 0, 0, 255];
        let mut half = Raster::new(21, 21);
        half.lower_half(10.5, 10.5, 6.0, c, 1.0);
        assert_eq!(at(&half, 10, 14)[3], 255, "below the centre: filled");
        assert_eq!(at(&half, 10, 6)[3], 0, "above: empty");

        let mut bar = Raster::new(21, 21);
        bar.bar(10.5, 10.5, 6.0, 2.0, c, 1.0);
        assert_eq!(at(&bar, 6, 10)[3], 255, "along the middle: filled");
        assert_eq!(at(&bar, 10, 6)[3], 0, "above the bar: empty");

        let mut x = Raster::new(21, 21);
        x.cross(10.5, 10.5, 6.0, 2.0, c, 1.0);
        assert_eq!(at(&x, 13, 13)[3], 255, "on a diagonal: filled");
        assert_eq!(at(&x, 10, 14)[3], 0, "between the arms: empty");
        assert_eq!(at(&x, 19, 19)[3], 0, "past the circle: empty");
    }

    #[test]
    fn marks_blend_over_each_other_and_clip_at_the_edges() {
        let mut r = Raster::new(8, 8);
        r.disc(0.0, 0.0, 3.0, [255, 0, 0, 255], 1.0);
        r.disc(0.0, 0.0, 1.0, [0, 0, 255, 255], 0.5);
        let p = at(&r, 0, 0);
        assert_eq!(p[3], 255);
        assert!(p[0] > 100 && p[2] > 100, "{p:?}");
        r.disc(100.0, 100.0, 3.0, [0, 0, 0, 255], 1.0);
    }
}
