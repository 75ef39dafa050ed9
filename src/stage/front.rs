//! Where the front of the stage goes: the Ingress, the Service and the share bar. On a wide
//! stage the Ingress stands beside the Service and the share bar at the Service's right; on a
//! narrow one (a phone) the Ingress stands above the Service and the share bar under the
//! Service's line, so that the whole path and the split stay in view. Pure geometry.

use super::layout::PAD;

/// Width of the Ingress box beside the Service.
pub const INGRESS_WIDTH: f64 = 230.0;
/// Width of the share bar.
pub const SHARE_WIDTH: f64 = 150.0;
/// Height of the Service's box (and of the Ingress' beside it).
const BOX_HEIGHT: f64 = 42.0;
/// A narrow stage's Ingress row, and the gap for the arrow down into the Service.
const INGRESS_ROW: f64 = 30.0;
const ARROW_GAP: f64 = 16.0;
/// A narrow stage's Service box: its line, then the share bar under it.
const STACKED_SERVICE: f64 = 58.0;

/// A rectangle on the stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
}

/// The front's geometry for a stage of a given width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Front {
    pub ingress: Rect,
    pub service: Rect,
    /// The baseline of the Service's line.
    pub service_text_y: f64,
    /// The share bar: its left, the top of its bar, its width.
    pub share: (f64, f64, f64),
    /// The Ingress above the Service (a narrow stage).
    pub stacked: bool,
    /// Where the lanes may start.
    pub height: f64,
}

impl Front {
    pub fn of(width: f64) -> Front {
        let top = PAD / 2.0;
        if width >= INGRESS_WIDTH + SHARE_WIDTH + 320.0 {
            let ingress = Rect {
                x: PAD,
                y: top,
                w: INGRESS_WIDTH,
                h: BOX_HEIGHT,
            };
            let x = ingress.right() + 26.0;
            let service = Rect {
                x,
                y: top,
                w: width - PAD - x,
                h: BOX_HEIGHT,
            };
            Front {
                ingress,
                service,
                service_text_y: top + BOX_HEIGHT / 2.0 + 5.0,
                // Left of the far right, where refused requests are marked.
                share: (
                    width - PAD - SHARE_WIDTH - 70.0,
                    top + BOX_HEIGHT / 2.0 - 6.0,
                    SHARE_WIDTH,
                ),
                stacked: false,
                height: BOX_HEIGHT + PAD,
            }
        } else {
            let w = (width - 2.0 * PAD).max(0.0);
            let ingress = Rect {
                x: PAD,
                y: top,
                w,
                h: INGRESS_ROW,
            };
            let service = Rect {
                x: PAD,
                y: ingress.bottom() + ARROW_GAP,
                w,
                h: STACKED_SERVICE,
            };
            Front {
                ingress,
                service,
                service_text_y: service.y + 20.0,
                share: (
                    service.x + 12.0,
                    service.y + 32.0,
                    SHARE_WIDTH.min(w - 24.0),
                ),
                stacked: true,
                height: service.bottom() + PAD / 2.0,
            }
        }
    }
}

/// Shares of a request's flight: to the Service's door, then through the Service to its
/// bottom; the rest is the way down to the pod.
const TO_SERVICE: f64 = 0.3;
const THROUGH_SERVICE: f64 = 0.4;

impl Front {
    /// Where a request is at `progress` (0 leaving the Ingress, 1 at the pod at `pod`): along
    /// the arrow into the Service, through it to the middle of its bottom, then to the pod.
    pub fn flight_point(&self, width: f64, pod: (f64, f64), progress: f64) -> (f64, f64) {
        let lerp = |a: (f64, f64), b: (f64, f64), t: f64| {
            let t = t.clamp(0.0, 1.0);
            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
        };
        let (exit, door) = if self.stacked {
            let x = self.ingress.x + 30.0;
            ((x, self.ingress.bottom()), (x, self.service.y))
        } else {
            let y = self.ingress.y + self.ingress.h / 2.0;
            ((self.ingress.right(), y), (self.service.x, y))
        };
        let bottom = (width / 2.0, self.service.bottom());
        if progress < TO_SERVICE {
            lerp(exit, door, progress / TO_SERVICE)
        } else if progress < THROUGH_SERVICE {
            lerp(
                door,
                bottom,
                (progress - TO_SERVICE) / (THROUGH_SERVICE - TO_SERVICE),
            )
        } else {
            lerp(
                bottom,
                pod,
                (progress - THROUGH_SERVICE) / (1.0 - THROUGH_SERVICE),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_stage_puts_the_ingress_beside_the_service() {
        let f = Front::of(1000.0);
        assert!(!f.stacked);
        assert_eq!(f.ingress.y, f.service.y);
        assert!(f.ingress.right() < f.service.x);
        // The share bar is inside the Service's box.
        assert!(f.share.0 > f.service.x && f.share.0 + f.share.2 < f.service.right());
    }

    #[test]
    fn a_phone_stacks_the_ingress_above_the_service_with_the_share_bar_under_its_line() {
        let f = Front::of(330.0);
        assert!(f.stacked);
        assert!(
            f.ingress.bottom() < f.service.y,
            "the Ingress above the Service"
        );
        assert!(f.ingress.right() <= 330.0 && f.service.right() <= 330.0);
        let (x, y, w) = f.share;
        assert!(
            y > f.service_text_y,
            "the share bar under the Service's line"
        );
        assert!(
            y + 8.0 + 10.0 <= f.service.bottom(),
            "bar and label inside the box"
        );
        assert!(x >= f.service.x && x + w <= f.service.right());
        assert!(f.height >= f.service.bottom());
    }

    #[test]
    fn a_request_flies_from_the_ingress_through_the_service_to_its_pod() {
        for width in [1000.0, 330.0] {
            let f = Front::of(width);
            let pod = (40.0, 200.0);
            let start = f.flight_point(width, pod, 0.0);
            assert!(
                (start.0 - f.ingress.x).abs() <= f.ingress.w + 1.0
                    && (start.1 - f.ingress.y).abs() <= f.ingress.h + 1.0,
                "{width}: it leaves from the Ingress"
            );
            let inside = f.flight_point(width, pod, 0.35);
            assert!(inside.0 >= f.service.x && inside.0 <= f.service.right());
            assert!(inside.1 >= f.service.y - 0.5 && inside.1 <= f.service.bottom() + 0.5);
            assert_eq!(f.flight_point(width, pod, 1.0), pod);
            // Downward all the way from the Service to the pod.
            let ys: Vec<f64> = (4..=10)
                .map(|k| f.flight_point(width, pod, f64::from(k) / 10.0).1)
                .collect();
            assert!(ys.windows(2).all(|w| w[0] <= w[1]), "{width}: {ys:?}");
        }
    }
}
