//! Going back in time without replaying from the start: a run recorded once keeps copies of
//! the simulation (checkpoints) wherever replaying would otherwise cost much, and a seek to an
//! earlier moment restores the nearest checkpoint at or before it and plays forward from there.

use super::runner::Simulation;
use super::scenario::Scenario;
use crate::api::Millis;

/// Work (pods looked at by the controllers' passes) between two checkpoints: replaying that
/// much takes a few milliseconds; a copy of a large cluster costs about as much.
pub const CHECKPOINT_WORK: u64 = 1_000_000;

/// The checkpoints of one run.
#[derive(Clone, Debug)]
pub struct Rewinder {
    /// Copies of the simulation after an instant, in time order; the first is the start.
    checkpoints: Vec<Simulation>,
}

impl Rewinder {
    /// Plays the scenario to its end, calling `each` after every instant (and once at the
    /// start), and keeps a checkpoint whenever `CHECKPOINT_WORK` has been done since the last.
    /// Returns the checkpoints and the finished simulation.
    pub fn record(s: &Scenario, each: impl FnMut(&Simulation)) -> (Rewinder, Simulation) {
        Rewinder::record_every(s, CHECKPOINT_WORK, each)
    }

    /// [`Rewinder::record`] with checkpoints every `work_between` of work.
    pub fn record_every(
        s: &Scenario,
        work_between: u64,
        mut each: impl FnMut(&Simulation),
    ) -> (Rewinder, Simulation) {
        let mut sim = Simulation::new(s);
        let mut checkpoints = vec![sim.clone()];
        each(&sim);
        while sim.step().is_some() {
            each(&sim);
            let last = checkpoints.last().map_or(0, |c| c.work);
            if sim.work - last >= work_between {
                checkpoints.push(sim.clone());
            }
        }
        (Rewinder { checkpoints }, sim)
    }

    /// How many checkpoints the run keeps.
    pub fn len(&self) -> usize {
        self.checkpoints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// Brings `sim` to `t`: forward by playing on, backward by restoring the latest checkpoint
    /// at or before `t` (or forward from one, when that is nearer than `sim`) and playing on.
    pub fn seek(&self, sim: &mut Simulation, t: Millis) {
        let start = self.checkpoints.iter().rev().find(|c| c.cluster.now <= t);
        if let Some(cp) = start {
            let behind = t < sim.cluster.now;
            let nearer = cp.work > sim.work && sim.cluster.now <= t;
            if behind || nearer {
                *sim = cp.clone();
            }
        }
        sim.run_until(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::snapshot::counts;

    /// Seeking anywhere, in any order, gives the state a fresh run to that moment gives.
    #[test]
    fn a_seek_lands_where_a_fresh_run_does() {
        let s = Scenario::example(3_000, "25%", "25%");
        let (rewinder, mut sim) = Rewinder::record_every(&s, 20_000, |_| {});
        assert!(rewinder.len() > 1, "a run this large keeps checkpoints");
        for t in [1_500, 500, 2_000, 0, 3_600_000, 1_000, 2_500] {
            rewinder.seek(&mut sim, t);
            let mut fresh = Simulation::new(&s);
            fresh.run_until(t);
            assert_eq!(counts(&sim.cluster), counts(&fresh.cluster), "at {t}");
            assert_eq!(sim.cluster.log, fresh.cluster.log, "at {t}");
        }
    }
}
