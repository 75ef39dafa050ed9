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
}
