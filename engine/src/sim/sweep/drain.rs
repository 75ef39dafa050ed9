//! A sweep of the pod's side of a zero-downtime deploy: every preStop sleep × grace period
//! pair, each run measured for failed requests and for how long the rollout takes (a longer
//! drain keeps old pods terminating, which the rollout waits for).

use super::Outcome;
use crate::sim::Scenario;

/// The grid: preStop sleeps and grace periods, whole seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct DrainAxes {
    pub pre_stops: Vec<i64>,
    pub graces: Vec<i64>,
}

impl DrainAxes {
    /// preStop 0..=`pre_stop_max`, grace 1..=`grace_max`.
    pub fn up_to(pre_stop_max: i64, grace_max: i64) -> DrainAxes {
        DrainAxes {
            pre_stops: (0..=pre_stop_max.max(0)).collect(),
            graces: (1..=grace_max.max(1)).collect(),
        }
    }

    /// Every pair, preStop major.
    pub fn pairs(&self) -> Vec<(i64, i64)> {
        self.pre_stops
            .iter()
            .flat_map(|&p| self.graces.iter().map(move |&g| (p, g)))
            .collect()
    }
}

/// One pair's run.
#[derive(Clone, Debug, PartialEq)]
pub struct DrainCell {
    pub pre_stop: i64,
    pub grace: i64,
    pub failed_requests: u64,
    /// Seconds from the first action to the rollout's end (`None`: it did not finish).
    pub duration: Option<f64>,
}

/// The scenario with this preStop sleep and grace period (the traffic model on).
pub fn with_drain(base: &Scenario, pre_stop: i64, grace: i64) -> Scenario {
    let mut s = base.clone();
    let mut cfg = s.traffic.clone().unwrap_or_default();
    cfg.pre_stop_sleep = pre_stop as f64;
    s.traffic = Some(cfg);
    s.deployment.spec.template.termination_grace_period_seconds = grace;
    s
}

/// Runs one pair.
pub fn run_drain_cell(base: &Scenario, pre_stop: i64, grace: i64) -> DrainCell {
    let o: Outcome = super::measure(&with_drain(base, pre_stop, grace));
    DrainCell {
        pre_stop,
        grace,
        failed_requests: o.failed_requests.unwrap_or(0),
        duration: o.duration,
    }
}

/// Runs every pair in order.
pub fn sweep_drain(base: &Scenario, axes: &DrainAxes) -> Vec<DrainCell> {
    axes.pairs()
        .into_iter()
        .map(|(p, g)| run_drain_cell(base, p, g))
        .collect()
}

/// The pair that loses no request and finishes first (ties: the shorter preStop, then the
/// shorter grace period), if any does. A pair whose preStop does not fit in the grace period
/// is not offered, even where it loses nothing here: the app never gets its SIGTERM.
pub fn best_drain(cells: &[DrainCell]) -> Option<&DrainCell> {
    cells
        .iter()
        .filter(|c| c.failed_requests == 0 && c.duration.is_some() && c.pre_stop < c.grace)
        .min_by(|a, b| {
            let d = |c: &DrainCell| c.duration.unwrap_or(f64::INFINITY);
            d(a).total_cmp(&d(b))
                .then(a.pre_stop.cmp(&b.pre_stop))
                .then(a.grace.cmp(&b.grace))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sweep_finds_the_boundary_the_recommendation_gives() {
        // kube-proxy, 0.5 s requests: preStop ≥ 1.5 s, so 2 s, with a grace period above it.
        let strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}";
        let s = Scenario::parse(&format!(
            "{}images: {{'web:v2': {{readyAfter: 2}}, 'web:v1': {{stopAfter: 200}}}}\nevents: [{{at: 5, setImage: 'web:v2'}}]\nuntil: 40\ntraffic: {{rate: 100, requestDuration: 0.5}}\n",
            crate::sim::scenario::deployment_yaml("web", 3, strategy)
        ))
        .unwrap();
        let cells = sweep_drain(&s, &DrainAxes::up_to(3, 4));
        assert_eq!(cells.len(), 4 * 4);
        let zero: Vec<(i64, i64)> = cells
            .iter()
            .filter(|c| c.failed_requests == 0)
            .map(|c| (c.pre_stop, c.grace))
            .collect();
        // preStop 2 or 3 s, with the app exiting before SIGKILL (grace above preStop) — or
        // grace equal to preStop: the kill then comes after the front end's last request ended.
        assert!(zero.contains(&(2, 3)) && zero.contains(&(3, 4)), "{zero:?}");
        assert!(zero.iter().all(|&(p, _)| p >= 2), "{zero:?}");
        let best = best_drain(&cells).unwrap();
        assert_eq!(best.pre_stop, 2);
        // The rollout ends when the last old pod is gone: deleted 6 s after the action, gone
        // at its grace period (its stopAfter, 200 s, is longer): a longer drain, a longer
        // rollout.
        let d = |p: i64, g: i64| {
            cells
                .iter()
                .find(|c| (c.pre_stop, c.grace) == (p, g))
                .and_then(|c| c.duration)
        };
        assert_eq!((d(2, 3), d(3, 4)), (Some(9.0), Some(10.0)));
        assert_eq!((best.pre_stop, best.grace), (2, 3));
    }
}
