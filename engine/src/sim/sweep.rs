//! Runs a scenario over many maxSurge x maxUnavailable pairs: what each setting costs and
//! risks, the figures behind tuning. The work can be done a pair at a time ([`SweepJob::step`])
//! so that a page can spread it over frames and cancel it.

use super::runner::Simulation;
use super::scenario::{Action, Scenario};
use super::snapshot::counts;
use crate::api::validation::validate_rolling_update_deployment;
use crate::api::{RollingUpdateDeployment, StrategyType};
use crate::intstr::IntOrString;
use serde::Serialize;

/// What one setting cost and kept.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub max_surge: i32,
    pub max_unavailable: i32,
    /// Seconds from the first user action to the rollout's completion; `None` if it never
    /// completed before `until` (stuck).
    pub duration: Option<f64>,
    /// Most pods bound to nodes at once (terminating ones included): the capacity paid for.
    pub peak_pods: u32,
    /// Fewest available pods after the first action: the capacity kept.
    pub lowest_available: u32,
    /// Requests that failed, when the scenario models traffic.
    pub failed_requests: Option<u64>,
}

/// The scenario with maxSurge and maxUnavailable set to the given integers.
pub fn with_pair(base: &Scenario, max_surge: i32, max_unavailable: i32) -> Scenario {
    let mut s = base.clone();
    s.deployment.spec.strategy.kind = StrategyType::RollingUpdate;
    s.deployment.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
        max_surge: Some(IntOrString::Int(max_surge)),
        max_unavailable: Some(IntOrString::Int(max_unavailable)),
    });
    s
}

/// Plays `base` with maxSurge and maxUnavailable set to the given integers.
pub fn run_pair(base: &Scenario, max_surge: i32, max_unavailable: i32) -> Outcome {
    let mut o = run_scenario(&with_pair(base, max_surge, max_unavailable));
    o.max_surge = max_surge;
    o.max_unavailable = max_unavailable;
    o
}

fn run_scenario(s: &Scenario) -> Outcome {
    let start = s.events.iter().map(|e| e.at).fold(f64::INFINITY, f64::min);
    let start_ms = if start.is_finite() {
        (start * 1000.0) as i64
    } else {
        0
    };
    let mut sim = Simulation::new(s);
    let mut peak = 0;
    let mut lowest = u32::MAX;
    let mut done_at = None;
    while let Some(t) = sim.step() {
        let k = counts(&sim.cluster);
        peak = peak.max(k.scheduled);
        if t < start_ms {
            continue;
        }
        lowest = lowest.min(k.available);
        let d = &sim.cluster.deployment;
        let complete = crate::controller::deployment::util::deployment_complete(d, &d.status)
            && k.old == 0
            && k.terminating == 0
            && has_rolled(s, &sim);
        if !complete {
            done_at = None;
        } else if done_at.is_none() {
            done_at = Some((t - start_ms) as f64 / 1000.0);
        }
    }
    let failed_requests = s.traffic.as_ref().map(|cfg| {
        let until = sim.until;
        crate::traffic::simulate(&sim.cluster, cfg, start_ms.min(until), until, false)
            .failed_total()
    });
    Outcome {
        max_surge: 0,
        max_unavailable: 0,
        duration: done_at,
        peak_pods: peak,
        lowest_available: if lowest == u32::MAX { 0 } else { lowest },
        failed_requests,
    }
}

/// The rollout happened: the Deployment's template is no longer the initial one, or nothing
/// asked it to change.
fn has_rolled(s: &Scenario, sim: &Simulation) -> bool {
    let changes = s
        .events
        .iter()
        .any(|e| matches!(e.action, Action::SetImage { .. } | Action::Apply(_)));
    !changes || sim.cluster.deployment.spec.template != s.deployment.spec.template
}

/// Whether Kubernetes accepts the pair (both literally 0 is rejected).
pub fn valid_pair(max_surge: i32, max_unavailable: i32) -> bool {
    validate_rolling_update_deployment(
        &IntOrString::Int(max_surge),
        &IntOrString::Int(max_unavailable),
        "spec",
    )
    .is_empty()
}

/// Every valid pair from 0 to `bound` on both axes, row by row (maxUnavailable major).
pub fn sweep(base: &Scenario, bound: i32) -> Vec<Outcome> {
    let mut job = SweepJob::new(base.clone(), bound);
    while job.step() {}
    job.outcomes().copied().collect()
}

/// What the user needs of a setting.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constraints {
    /// The fewest available pods the service tolerates.
    pub min_available: Option<u32>,
    /// The most failed requests tolerated (traffic model on).
    pub max_failed_requests: Option<u64>,
}

/// Why a setting does not meet the constraints, in plain words; `Ok` if it does.
pub fn verdict(o: &Outcome, c: &Constraints, capacity: Option<u32>) -> Result<(), String> {
    if o.duration.is_none() {
        return Err(match capacity {
            Some(cap) => format!(
                "stuck: it never finishes; with room for only {}, surge pods stay Pending and maxUnavailable {} frees no room",
                pods(cap),
                o.max_unavailable
            ),
            None => "stuck: it never finishes before the end of the scenario".into(),
        });
    }
    if let Some(min) = c.min_available {
        if o.lowest_available < min {
            return Err(format!(
                "availability drops to {}, below the {min} tolerated",
                pods(o.lowest_available)
            ));
        }
    }
    if let (Some(max), Some(failed)) = (c.max_failed_requests, o.failed_requests) {
        if failed > max {
            return Err(format!(
                "{failed} requests fail, more than the {max} tolerated"
            ));
        }
    }
    Ok(())
}

fn pods(n: u32) -> String {
    if n == 1 {
        "1 pod".into()
    } else {
        format!("{n} pods")
    }
}

/// Measures a whole scenario as it stands (its own strategy values, resolved).
pub fn measure(s: &Scenario) -> Outcome {
    let d = &s.deployment;
    let (surge, unavailable) = (
        crate::controller::deployment::util::max_surge(d),
        crate::controller::deployment::util::max_unavailable(d),
    );
    let mut o = run_scenario(s);
    o.max_surge = surge;
    o.max_unavailable = unavailable;
    o
}

/// The fastest setting that meets the constraints; ties go to fewer pods at peak, then to more
/// available at worst.
pub fn best<'a>(
    outcomes: impl IntoIterator<Item = &'a Outcome>,
    c: &Constraints,
    capacity: Option<u32>,
) -> Option<Outcome> {
    outcomes
        .into_iter()
        .filter(|o| verdict(o, c, capacity).is_ok())
        .min_by(|a, b| {
            let d = |o: &Outcome| o.duration.unwrap_or(f64::INFINITY);
            d(a).total_cmp(&d(b))
                .then(a.peak_pods.cmp(&b.peak_pods))
                .then(b.lowest_available.cmp(&a.lowest_available))
        })
        .copied()
}

/// One setting of a sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// Not run (yet, or the sweep was cancelled before it).
    NotRun,
    /// Kubernetes refuses the pair (maxSurge and maxUnavailable both 0).
    Rejected,
    Ran(Outcome),
}

impl Cell {
    pub fn outcome(&self) -> Option<&Outcome> {
        match self {
            Cell::Ran(o) => Some(o),
            _ => None,
        }
    }
}

/// A sweep in progress, one pair per [`step`](SweepJob::step).
#[derive(Clone, Debug)]
pub struct SweepJob {
    base: Scenario,
    pub bound: i32,
    next: usize,
    /// One cell per pair, maxUnavailable major: `cells[u * (bound + 1) + s]`.
    pub cells: Vec<Cell>,
}

impl SweepJob {
    pub fn new(base: Scenario, bound: i32) -> SweepJob {
        let bound = bound.max(0);
        let n = ((bound + 1) * (bound + 1)) as usize;
        SweepJob {
            base,
            bound,
            next: 0,
            cells: vec![Cell::NotRun; n],
        }
    }

    pub fn total(&self) -> usize {
        self.cells.len()
    }

    pub fn done(&self) -> usize {
        self.next
    }

    pub fn is_finished(&self) -> bool {
        self.next >= self.cells.len()
    }

    /// Runs the next pair. Returns false when there is none left.
    pub fn step(&mut self) -> bool {
        if self.is_finished() {
            return false;
        }
        let side = (self.bound + 1) as usize;
        let (u, s) = ((self.next / side) as i32, (self.next % side) as i32);
        self.cells[self.next] = if valid_pair(s, u) {
            Cell::Ran(run_pair(&self.base, s, u))
        } else {
            Cell::Rejected
        };
        self.next += 1;
        true
    }

    pub fn cell(&self, max_surge: i32, max_unavailable: i32) -> Option<&Outcome> {
        let side = self.bound + 1;
        if !(0..side).contains(&max_surge) || !(0..side).contains(&max_unavailable) {
            return None;
        }
        self.cells[(max_unavailable * side + max_surge) as usize].outcome()
    }

    /// The outcomes of the settings run so far.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.cells.iter().filter_map(Cell::outcome)
    }

    /// How many settings Kubernetes refused, of those looked at so far.
    pub fn rejected(&self) -> usize {
        self.cells.iter().filter(|c| **c == Cell::Rejected).count()
    }
}

/// The chosen strategy as a snippet to paste into a Deployment manifest.
pub fn strategy_snippet(max_surge: i32, max_unavailable: i32, min_ready_seconds: i32) -> String {
    format!(
        "spec:\n  minReadySeconds: {min_ready_seconds}\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {max_surge}\n      maxUnavailable: {max_unavailable}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(capacity: &str) -> Scenario {
        let deployment = crate::sim::scenario::deployment_yaml("web", 10, "{type: RollingUpdate}");
        Scenario::parse(&format!(
            "{deployment}events: [{{at: 1, setImage: 'web:v2'}}]\nuntil: 200\n{capacity}"
        ))
        .unwrap()
    }

    #[test]
    fn every_valid_pair_is_run_and_0_0_is_skipped() {
        let out = sweep(&base(""), 3);
        assert_eq!(out.len(), 15);
        assert!(!out
            .iter()
            .any(|o| o.max_surge == 0 && o.max_unavailable == 0));
        // surge 1 / unavailable 0: one pod at a time, a step a second from t=1; the last old pod
        // goes at t=11 and is gone at t=12 (11 s). At peak 10 + 1 surge + 1 terminating pods.
        let one = out
            .iter()
            .find(|o| (o.max_surge, o.max_unavailable) == (1, 0))
            .unwrap();
        assert_eq!(
            (one.duration, one.peak_pods, one.lowest_available),
            (Some(11.0), 12, 10)
        );
    }

    #[test]
    fn with_no_room_for_surge_pods_only_unavailability_makes_progress() {
        let s = base("cluster: {capacity: 10}");
        let stuck = run_pair(&s, 2, 0);
        assert_eq!(
            stuck.duration, None,
            "surge pods stay Pending and nothing may go"
        );
        assert!(verdict(&stuck, &Constraints::default(), Some(10))
            .unwrap_err()
            .starts_with("stuck"));
        let moving = run_pair(&s, 0, 2);
        assert!(moving.duration.is_some());
        assert!(moving.peak_pods <= 10);
    }

    #[test]
    fn the_best_setting_is_the_fastest_that_meets_the_constraints() {
        let out = sweep(&base(""), 4);
        let c = Constraints {
            min_available: Some(9),
            max_failed_requests: None,
        };
        let b = best(&out, &c, None).unwrap();
        assert!(b.lowest_available >= 9);
        let fastest_ok = out
            .iter()
            .filter(|o| o.lowest_available >= 9)
            .filter_map(|o| o.duration)
            .fold(f64::INFINITY, f64::min);
        assert_eq!(b.duration, Some(fastest_ok));
        assert!(out
            .iter()
            .any(|o| verdict(o, &c, None).is_err_and(|e| e.contains("below the 9 tolerated"))));
    }

    #[test]
    fn a_job_tells_settings_not_run_from_refused_ones() {
        let mut job = SweepJob::new(base(""), 2);
        assert!(job.cells.iter().all(|c| *c == Cell::NotRun));
        job.step();
        assert_eq!(job.cells[0], Cell::Rejected, "0/0 is refused");
        job.step();
        assert!(matches!(job.cells[1], Cell::Ran(_)));
        assert_eq!((job.done(), job.total()), (2, 9));
        assert_eq!(job.outcomes().count(), 1);
        assert_eq!(job.rejected(), 1);
        assert!(job.cells[2..].iter().all(|c| *c == Cell::NotRun));
    }

    #[test]
    fn the_snippet_pastes_into_a_manifest() {
        let snippet = strategy_snippet(2, 1, 5);
        let v: serde_json::Value = serde_saphyr::from_str(&snippet).unwrap();
        assert_eq!(v["spec"]["strategy"]["rollingUpdate"]["maxSurge"], 2);
        assert_eq!(v["spec"]["minReadySeconds"], 5);
    }
}
