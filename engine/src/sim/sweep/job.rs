//! A sweep in progress: every maxSurge x maxUnavailable pair from 0 to a bound, each run over
//! a number of seeds, one setting per [`SweepJob::step`]. Settings are independent, so a page
//! can hand ranges of them to workers ([`run_cell`]) and put the results back in place
//! ([`SweepJob::set`]); the result is the same however the work was split.

use super::stats::Summary;
use super::{run_scenario, valid_pair, with_pair, Outcome};
use crate::sim::Scenario;

/// One setting of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Not run (yet, or the sweep was cancelled before it).
    NotRun,
    /// Kubernetes refuses the pair (maxSurge and maxUnavailable both 0).
    Rejected,
    /// Its runs, one per seed.
    Ran(Vec<Outcome>),
}

impl Cell {
    pub fn runs(&self) -> Option<&[Outcome]> {
        match self {
            Cell::Ran(o) => Some(o),
            _ => None,
        }
    }
}

/// The seeds of a sweep's runs: the scenario's own, then the next ones.
pub fn seeds(base: &Scenario, runs: u32) -> impl Iterator<Item = u64> + '_ {
    (0..u64::from(runs.max(1))).map(|i| base.seed.wrapping_add(i))
}

/// Runs one setting over `runs` seeds.
pub fn run_cell(base: &Scenario, max_surge: i32, max_unavailable: i32, runs: u32) -> Cell {
    if !valid_pair(max_surge, max_unavailable) {
        return Cell::Rejected;
    }
    let mut s = with_pair(base, max_surge, max_unavailable);
    let outcomes = seeds(base, runs)
        .map(|seed| {
            s.seed = seed;
            let mut o = run_scenario(&s);
            o.max_surge = max_surge;
            o.max_unavailable = max_unavailable;
            o
        })
        .collect();
    Cell::Ran(outcomes)
}

/// Runs the scenario as it stands (its own strategy) over `runs` seeds; one run when every
/// pod's times are fixed.
pub fn run_seeds(base: &Scenario, runs: u32) -> Vec<Outcome> {
    let runs = if base.images.is_fixed() { 1 } else { runs };
    let mut s = base.clone();
    seeds(base, runs)
        .map(|seed| {
            s.seed = seed;
            super::measure(&s)
        })
        .collect()
}

/// A sweep, run a setting at a time.
#[derive(Clone, Debug)]
pub struct SweepJob {
    base: Scenario,
    pub bound: i32,
    /// Runs per setting: the seeds asked for, or 1 when every pod's times are fixed (every seed
    /// would give the same run).
    pub runs: u32,
    /// The seeds the user asked for.
    pub seeds_asked: u32,
    next: usize,
    /// One cell per pair, maxUnavailable major: `cells[u * (bound + 1) + s]`.
    pub cells: Vec<Cell>,
}

impl SweepJob {
    pub fn new(base: Scenario, bound: i32, seeds: u32) -> SweepJob {
        let bound = bound.max(0);
        let n = ((bound + 1) * (bound + 1)) as usize;
        let runs = if base.images.is_fixed() {
            1
        } else {
            seeds.max(1)
        };
        SweepJob {
            base,
            bound,
            runs,
            seeds_asked: seeds.max(1),
            next: 0,
            cells: vec![Cell::NotRun; n],
        }
    }

    /// The scenario swept.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// Settings in the grid.
    pub fn total(&self) -> usize {
        self.cells.len()
    }

    /// Settings looked at so far (run or refused).
    pub fn done(&self) -> usize {
        self.cells.iter().filter(|c| **c != Cell::NotRun).count()
    }

    /// Simulation runs the whole sweep takes: its size before it starts.
    pub fn total_runs(&self) -> usize {
        let side = self.bound + 1;
        let valid = (0..side * side)
            .filter(|i| valid_pair(i % side, i / side))
            .count();
        valid * self.runs as usize
    }

    /// About how many milliseconds the whole sweep's runs take, from one run timed at each of
    /// a few pairs: `(maxSurge, maxUnavailable, ms)`. A run's cost falls with the rollout's
    /// steps, about 1 / (maxSurge + maxUnavailable): it is fitted as `a + c / (s + u)` (least
    /// squares) and summed over every valid pair, rather than the timings averaged, which
    /// would weigh the slowest corner of the grid as one of three.
    pub fn estimate_ms(&self, timed: &[(i32, i32, f64)]) -> f64 {
        let x = |s: i32, u: i32| 1.0 / f64::from((s + u).max(1));
        let n = timed.len() as f64;
        let mean = |f: &dyn Fn(&(i32, i32, f64)) -> f64| timed.iter().map(f).sum::<f64>() / n;
        let (mx, my) = (mean(&|t| x(t.0, t.1)), mean(&|t| t.2));
        let sxx = mean(&|t| (x(t.0, t.1) - mx).powi(2));
        let sxy = mean(&|t| (x(t.0, t.1) - mx) * (t.2 - my));
        // A cost that does not fall with the steps (or too few points): the plain mean.
        let c = if sxx > 0.0 { (sxy / sxx).max(0.0) } else { 0.0 };
        let a = (my - c * mx).max(0.0);
        let side = self.bound + 1;
        let per_run: f64 = (0..side * side)
            .map(|i| (i % side, i / side))
            .filter(|&(s, u)| valid_pair(s, u))
            .map(|(s, u)| a + c * x(s, u))
            .sum();
        per_run * f64::from(self.runs)
    }

    pub fn is_finished(&self) -> bool {
        self.cells.iter().all(|c| *c != Cell::NotRun)
    }

    /// The pair of cell `index`: (maxSurge, maxUnavailable).
    pub fn pair(&self, index: usize) -> (i32, i32) {
        let side = (self.bound + 1) as usize;
        ((index % side) as i32, (index / side) as i32)
    }

    /// Runs the next setting not run yet. Returns false when there is none left.
    pub fn step(&mut self) -> bool {
        while self.next < self.cells.len() && self.cells[self.next] != Cell::NotRun {
            self.next += 1;
        }
        if self.next >= self.cells.len() {
            return false;
        }
        let (s, u) = self.pair(self.next);
        self.cells[self.next] = run_cell(&self.base, s, u, self.runs);
        self.next += 1;
        true
    }

    /// Puts a setting's result in place (from a worker).
    pub fn set(&mut self, index: usize, cell: Cell) {
        if let Some(c) = self.cells.get_mut(index) {
            *c = cell;
        }
    }

    /// The runs of one setting, if it ran.
    pub fn cell(&self, max_surge: i32, max_unavailable: i32) -> Option<&[Outcome]> {
        let side = self.bound + 1;
        if !(0..side).contains(&max_surge) || !(0..side).contains(&max_unavailable) {
            return None;
        }
        self.cells[(max_unavailable * side + max_surge) as usize].runs()
    }

    /// Every setting run so far, summed up.
    pub fn summaries(&self) -> Vec<Summary> {
        self.cells
            .iter()
            .filter_map(Cell::runs)
            .map(Summary::of)
            .collect()
    }

    /// How many settings Kubernetes refused, of those looked at so far.
    pub fn rejected(&self) -> usize {
        self.cells.iter().filter(|c| **c == Cell::Rejected).count()
    }
}

/// Every valid pair from 0 to `bound` on both axes over `seeds` seeds, run to the end.
pub fn sweep(base: &Scenario, bound: i32, seeds: u32) -> SweepJob {
    let mut job = SweepJob::new(base.clone(), bound, seeds);
    while job.step() {}
    job
}
