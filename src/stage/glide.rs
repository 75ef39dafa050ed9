//! Pods glide to their new places when the lanes reflow (a lane added or gone, a pod before
//! them deleted) instead of jumping there. Pure: the wall clock comes in as an argument.

use super::layout::PodDot;
use std::collections::HashMap;

/// How long a glide takes, in milliseconds of wall time.
pub const GLIDE_MS: f64 = 350.0;

/// One pod's way from where it was shown to its place in the layout.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Glide {
    from: (f64, f64),
    to: (f64, f64),
    start: f64,
}

impl Glide {
    /// Where it is shown at `now`: eased in and out between `from` and `to`.
    fn at(&self, now: f64) -> (f64, f64) {
        let t = ((now - self.start) / GLIDE_MS).clamp(0.0, 1.0);
        let e = if t < 0.5 {
            4.0 * t * t * t
        } else {
            1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
        };
        (
            self.from.0 + (self.to.0 - self.from.0) * e,
            self.from.1 + (self.to.1 - self.from.1) * e,
        )
    }

    fn moving(&self, now: f64) -> bool {
        now - self.start < GLIDE_MS && self.from != self.to
    }
}

/// Where each pod was last shown, for a stage of one width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Glides {
    width: f64,
    shown: HashMap<u64, Glide>,
}

impl Glides {
    /// Moves each of `pods` from where it was shown toward its place (a pod seen for the first
    /// time, or every pod after the stage changed width, is put in place at once); whether any
    /// is still on its way at `now`.
    pub fn apply(&mut self, pods: &mut [PodDot], width: f64, now: f64) -> bool {
        if width != self.width {
            self.width = width;
            self.shown.clear();
        }
        let mut moving = false;
        let mut next = HashMap::with_capacity(pods.len());
        for dot in pods.iter_mut() {
            let to = (dot.x, dot.y);
            let glide = match self.shown.get(&dot.uid) {
                Some(g) if g.to == to => *g,
                Some(g) => Glide {
                    from: g.at(now),
                    to,
                    start: now,
                },
                None => Glide {
                    from: to,
                    to,
                    start: now,
                },
            };
            (dot.x, dot.y) = glide.at(now);
            moving |= glide.moving(now);
            next.insert(dot.uid, glide);
        }
        self.shown = next;
        moving
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::api::PodState;

    fn dot(uid: u64, x: f64) -> PodDot {
        PodDot {
            uid,
            x,
            y: 10.0,
            state: PodState::Available,
            alpha: 1.0,
            ready: true,
            is_new: false,
            slow: false,
        }
    }

    #[test]
    fn a_pod_whose_place_changes_glides_there_and_arrives() {
        let mut g = Glides::default();
        let mut pods = [dot(1, 0.0), dot(2, 30.0)];
        assert!(!g.apply(&mut pods, 400.0, 0.0), "first seen: in place");
        assert_eq!(pods[0].x, 0.0);
        // Pod 1 is gone and pod 2 moves into its place.
        let mut pods = [dot(2, 0.0)];
        assert!(g.apply(&mut pods, 400.0, 1000.0));
        assert_eq!(pods[0].x, 30.0, "starts where it was");
        let mut pods = [dot(2, 0.0)];
        assert!(g.apply(&mut pods, 400.0, 1000.0 + GLIDE_MS / 2.0));
        assert!((pods[0].x - 15.0).abs() < 1e-9, "halfway at half time");
        let mut pods = [dot(2, 0.0)];
        assert!(!g.apply(&mut pods, 400.0, 1000.0 + GLIDE_MS));
        assert_eq!(pods[0].x, 0.0, "arrived");
    }

    #[test]
    fn a_new_width_or_a_new_pod_is_placed_at_once() {
        let mut g = Glides::default();
        g.apply(&mut [dot(1, 0.0)], 400.0, 0.0);
        let mut pods = [dot(1, 50.0), dot(3, 80.0)];
        assert!(!g.apply(&mut pods, 500.0, 10.0));
        assert_eq!((pods[0].x, pods[1].x), (50.0, 80.0));
    }
}
