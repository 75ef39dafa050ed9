//! What one setting's runs add up to: duration percentiles (a run that never finishes counts as
//! slower than any that does), the worst peak and the worst availability, how often the service
//! dropped below a floor, failed requests.

use super::Outcome;
use serde::Serialize;

/// One setting over its runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub max_surge: i32,
    pub max_unavailable: i32,
    pub runs: usize,
    /// Runs that never finished before the scenario's end.
    pub stuck: usize,
    /// The durations of the runs that finished, seconds, fastest first.
    pub durations: Vec<f64>,
    /// The most pods bound at once, in the worst run.
    pub peak_pods: u32,
    /// The fewest available pods, in the worst run.
    pub lowest_available: u32,
    /// Each run's fewest available pods, in run order.
    pub lowest_each: Vec<u32>,
    /// Failed requests per run, fewest first (traffic model on).
    pub failed: Option<Vec<u64>>,
    /// The most nodes at once, in the worst run.
    pub peak_nodes: u32,
    /// The most pods waiting for room at once, in the worst run.
    pub peak_pending: u32,
}

/// The nearest-rank `q`-quantile's index in `n` sorted values.
fn rank(q: f64, n: usize) -> usize {
    ((q * n as f64).ceil() as usize).clamp(1, n.max(1)) - 1
}

impl Summary {
    /// Sums up the runs of one setting (at least one).
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let first = outcomes.first().copied().unwrap_or_default();
        let mut durations: Vec<f64> = outcomes.iter().filter_map(|o| o.duration).collect();
        durations.sort_by(f64::total_cmp);
        let failed = first.failed_requests.map(|_| {
            let mut f: Vec<u64> = outcomes.iter().filter_map(|o| o.failed_requests).collect();
            f.sort_unstable();
            f
        });
        Summary {
            max_surge: first.max_surge,
            max_unavailable: first.max_unavailable,
            runs: outcomes.len(),
            stuck: outcomes.len() - durations.len(),
            durations,
            peak_pods: outcomes.iter().map(|o| o.peak_pods).max().unwrap_or(0),
            lowest_available: outcomes
                .iter()
                .map(|o| o.lowest_available)
                .min()
                .unwrap_or(0),
            lowest_each: outcomes.iter().map(|o| o.lowest_available).collect(),
            failed,
            peak_nodes: outcomes.iter().map(|o| o.peak_nodes).max().unwrap_or(0),
            peak_pending: outcomes.iter().map(|o| o.peak_pending).max().unwrap_or(0),
        }
    }

    /// The `q`-quantile of the duration (nearest rank); `None` when the runs at that rank never
    /// finished.
    pub fn duration_quantile(&self, q: f64) -> Option<f64> {
        self.durations.get(rank(q, self.runs)).copied()
    }

    pub fn p50(&self) -> Option<f64> {
        self.duration_quantile(0.5)
    }

    pub fn p95(&self) -> Option<f64> {
        self.duration_quantile(0.95)
    }

    /// The slowest run's duration; `None` if any run never finished.
    pub fn worst(&self) -> Option<f64> {
        if self.stuck > 0 {
            None
        } else {
            self.durations.last().copied()
        }
    }

    /// The share of runs whose availability dropped below `floor` pods.
    pub fn share_below(&self, floor: u32) -> f64 {
        if self.runs == 0 {
            return 0.0;
        }
        let below = self.lowest_each.iter().filter(|&&l| l < floor).count();
        below as f64 / self.runs as f64
    }

    /// The 95th percentile of failed requests (traffic model on).
    pub fn failed_p95(&self) -> Option<u64> {
        self.failed
            .as_ref()
            .and_then(|f| f.get(rank(0.95, f.len())).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(duration: Option<f64>, lowest: u32, peak: u32) -> Outcome {
        Outcome::measured((2, 1), duration, peak, lowest)
    }

    #[test]
    fn percentiles_are_nearest_rank_and_stuck_runs_are_slowest() {
        // 20 runs: 1..=19 s and one stuck.
        let mut runs: Vec<Outcome> = (1..=19).map(|d| run(Some(d as f64), 9, 12)).collect();
        runs.push(run(None, 8, 13));
        let s = Summary::of(&runs);
        assert_eq!((s.runs, s.stuck), (20, 1));
        assert_eq!(s.p50(), Some(10.0), "the 10th of 20");
        assert_eq!(s.p95(), Some(19.0), "the 19th of 20");
        assert_eq!(s.duration_quantile(0.99), None, "the 20th never finished");
        assert_eq!(s.worst(), None);
        assert_eq!((s.peak_pods, s.lowest_available), (13, 8));
        assert_eq!(s.share_below(9), 0.05);
        assert_eq!(s.share_below(8), 0.0);
    }

    #[test]
    fn one_run_is_every_percentile() {
        let s = Summary::of(&[run(Some(42.0), 10, 11)]);
        assert_eq!(
            (s.p50(), s.p95(), s.worst()),
            (Some(42.0), Some(42.0), Some(42.0))
        );
    }
}
