use super::*;

fn base(capacity: &str) -> Scenario {
    let deployment = crate::sim::scenario::deployment_yaml("web", 10, "{type: RollingUpdate}");
    Scenario::parse(&format!(
        "{deployment}events: [{{at: 1, setImage: 'web:v2'}}]\nuntil: 200\n{capacity}"
    ))
    .unwrap()
}

fn one(job: &SweepJob, s: i32, u: i32) -> Outcome {
    job.cell(s, u).expect("ran")[0]
}

#[test]
fn every_valid_pair_is_run_and_0_0_is_refused() {
    let job = sweep(&base(""), 3, 20);
    assert_eq!(job.summaries().len(), 15);
    assert_eq!(job.cells[0], Cell::Rejected);
    assert_eq!(job.runs, 1, "fixed timings: one run stands for every seed");
    // surge 1 / unavailable 0: one pod at a time, a step a second from t=1; the last old pod
    // goes at t=11 and is gone at t=12 (11 s). At peak 10 + 1 surge + 1 terminating pods.
    let o = one(&job, 1, 0);
    assert_eq!(
        (o.duration, o.peak_pods, o.lowest_available),
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
    let objective = Objective::default_for(&s);
    let summary = Summary::of(&[stuck]);
    assert!(objective
        .misses(&summary)
        .unwrap()
        .to_string()
        .starts_with("stuck: 1 of 1 runs never finish within an hour"));
    let moving = run_pair(&s, 0, 2);
    assert!(moving.duration.is_some());
    assert!(moving.peak_pods <= 10);
}

#[test]
fn a_job_tells_settings_not_run_from_refused_ones() {
    let mut job = SweepJob::new(base(""), 2, 1);
    assert!(job.cells.iter().all(|c| *c == Cell::NotRun));
    assert_eq!(job.total_runs(), 8);
    job.step();
    assert_eq!(job.cells[0], Cell::Rejected, "0/0 is refused");
    job.step();
    assert!(matches!(job.cells[1], Cell::Ran(_)));
    assert_eq!((job.done(), job.total()), (2, 9));
    assert_eq!(job.summaries().len(), 1);
    assert_eq!(job.rejected(), 1);
    assert!(job.cells[2..].iter().all(|c| *c == Cell::NotRun));
}

#[test]
fn cells_run_apart_and_put_back_equal_a_sweep_run_in_order() {
    let mut s = base("");
    s.images = crate::behaviour::Behaviours::from_value(&serde_json::json!({
        "web:v2": {"readyAfter": {"lognormal": {"p50": 2, "p99": 10}}}
    }))
    .unwrap();
    let whole = sweep(&s, 2, 5);
    assert_eq!(whole.runs, 5);
    let mut pieces = SweepJob::new(s.clone(), 2, 5);
    for i in (0..9).rev() {
        let (ms, mu) = pieces.pair(i);
        pieces.set(i, run_cell(&s, ms, mu, 5));
    }
    assert!(pieces.is_finished());
    assert_eq!(pieces.cells, whole.cells);
    // Different seeds give different runs: the seeds are the scenario's and the next four.
    let runs = whole.cell(1, 0).unwrap();
    assert_eq!(
        runs.iter().map(|o| o.seed).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let durations: std::collections::BTreeSet<u64> = runs
        .iter()
        .map(|o| (o.duration.unwrap() * 1000.0) as u64)
        .collect();
    assert!(durations.len() > 1, "{runs:?}");
}

#[test]
fn the_snippet_pastes_into_a_manifest() {
    let snippet = strategy_snippet(2, 1, 5);
    let v: serde_json::Value = serde_saphyr::from_str(&snippet).unwrap();
    assert_eq!(v["spec"]["strategy"]["rollingUpdate"]["maxSurge"], 2);
    assert_eq!(v["spec"]["minReadySeconds"], 5);
}

/// The estimate sums a cost `a + c / (s + u)` over every valid pair: timings that follow such a
/// cost exactly give that sum, and equal timings give their mean times the runs.
#[test]
fn a_sweeps_estimate_sums_the_fitted_cost_over_the_grid() {
    let job = SweepJob::new(base(""), 10, 1);
    let cost = |s: i32, u: i32| 2.0 + 30.0 / f64::from((s + u).max(1));
    let timed: Vec<_> = [(1, 0), (5, 5), (10, 10)]
        .map(|(s, u)| (s, u, cost(s, u)))
        .to_vec();
    let side = 11;
    let exact: f64 = (0..side * side)
        .map(|i| (i % side, i / side))
        .filter(|&(s, u)| s + u > 0)
        .map(|(s, u)| cost(s, u))
        .sum();
    assert!((job.estimate_ms(&timed) - exact).abs() < 1e-6 * exact);
    // The three timings averaged would say more than twice as much.
    let averaged = timed.iter().map(|t| t.2).sum::<f64>() / 3.0 * job.total_runs() as f64;
    assert!(averaged > 2.0 * exact, "{averaged} against {exact}");
    let flat = [(1, 0, 4.0), (5, 5, 4.0), (10, 10, 4.0)];
    assert!((job.estimate_ms(&flat) - 4.0 * job.total_runs() as f64).abs() < 1e-9);
}
