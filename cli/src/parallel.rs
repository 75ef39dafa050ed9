//! A sweep on every core: the settings are dealt to threads in turn (setting i to thread
//! i mod n, so that slow and fast settings spread evenly) and put back in place. Each setting's
//! runs are a pure function of the scenario, so the result is the same for any thread count.

use rollout_engine::sim::sweep::{run_cell, SweepJob};
use rollout_engine::Scenario;

/// The cores the machine offers (at least 1).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Every pair from 0 to `bound` over `seeds` seeds, on `threads` threads.
pub fn sweep(s: &Scenario, bound: i32, seeds: u32, threads: usize) -> SweepJob {
    let mut job = SweepJob::new(s.clone(), bound, seeds);
    let n = job.total();
    let threads = threads.clamp(1, n.max(1));
    let runs = job.runs;
    let results: Vec<Vec<_>> = std::thread::scope(|scope| {
        let job = &job;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..n)
                        .step_by(threads)
                        .map(|i| {
                            let (surge, unavailable) = job.pair(i);
                            (i, run_cell(job.base(), surge, unavailable, runs))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a sweep thread panicked"))
            .collect()
    });
    for (i, cell) in results.into_iter().flatten() {
        job.set(i, cell);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_thread_count_gives_the_same_sweep() {
        let mut s = Scenario::example(10, "25%", "25%");
        s.until = 300.0;
        s.images = rollout_engine::behaviour::Behaviours::from_value(&serde_json::json!({
            "web:v2": {"readyAfter": "lognormal(2s,8s)"}
        }))
        .unwrap();
        let one = sweep(&s, 3, 4, 1);
        let three = sweep(&s, 3, 4, 3);
        assert!(one.is_finished());
        assert_eq!(one.cells, three.cells);
        assert_eq!(one.runs, 4);
    }
}
