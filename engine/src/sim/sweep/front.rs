//! The settings worth considering and the one to recommend.
//!
//! The Pareto front is over three things a person tuning a rollout weighs: how long it takes in
//! 95 of 100 deploys, how many pods the cluster must hold at worst, and how few are available at
//! worst. A setting is on the front when no other is at least as good on all three and better on
//! one. The recommendation is the fastest (at p95) setting that meets the user's objective, and
//! says so as an objective: "finishes within 6 min in 95% of runs, never below 18 of 20
//! available, at most 25 pods".

use super::stats::Summary;
use crate::explain::format_number;
use crate::sentence::{Joint, Sentence};
use crate::sim::Scenario;

/// What the user needs of a rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Objective {
    /// The fewest available pods the service stands, in every run.
    pub floor: u32,
    /// The most pods the cluster holds for the Deployment.
    pub max_pods: Option<u32>,
    /// The most failed requests tolerated at p95 (traffic model on).
    pub max_failed_p95: Option<u64>,
}

impl Objective {
    /// Without the user's constraints: the availability the scenario's own setting guarantees
    /// (replicas - maxUnavailable, resolved), never "any", and the cluster's capacity.
    pub fn default_for(s: &Scenario) -> Objective {
        let d = &s.deployment;
        let unavailable = crate::controller::deployment::util::max_unavailable(d);
        Objective {
            floor: (d.spec.replicas - unavailable).max(0) as u32,
            max_pods: s.cluster.capacity,
            max_failed_p95: None,
        }
    }

    /// Why `s` misses the objective, in plain words; `None` if it meets it.
    pub fn misses(&self, s: &Summary) -> Option<Sentence> {
        if s.stuck > 0 {
            let stuck = Sentence::new(
                "stuck: {stuck} of {runs} runs never finish within an hour",
                &[("stuck", &s.stuck), ("runs", &s.runs)],
            );
            return Some(match self.max_pods {
                Some(cap) => Sentence::new(
                    "{stuck}: with room for {room}, surge pods stay Pending and maxUnavailable {max_unavailable} frees no room",
                    &[("max_unavailable", &s.max_unavailable)],
                )
                .with("stuck", stuck)
                .with("room", pods(cap)),
                None => stuck,
            });
        }
        if s.lowest_available < self.floor {
            return Some(Sentence::new(
                "drops to {lowest} available, below the {floor} it must keep, in {share} of runs",
                &[
                    ("lowest", &s.lowest_available),
                    ("floor", &self.floor),
                    ("share", &percent(s.share_below(self.floor))),
                ],
            ));
        }
        if let Some(cap) = self.max_pods {
            if s.peak_pods > cap {
                return Some(
                    Sentence::new(
                        "needs {pods} at peak, more than the {cap} the cluster holds",
                        &[("cap", &cap)],
                    )
                    .with("pods", pods(s.peak_pods)),
                );
            }
        }
        if let (Some(max), Some(failed)) = (self.max_failed_p95, s.failed_p95()) {
            if failed > max {
                return Some(Sentence::new(
                    "{failed} requests fail in 95% of runs, more than the {max} tolerated",
                    &[("failed", &failed), ("max", &max)],
                ));
            }
        }
        None
    }
}

/// `a` is at least as good as `b` on duration p95, peak pods and lowest availability, and
/// better on one.
fn dominates(a: &Summary, b: &Summary) -> bool {
    let (da, db) = (
        a.p95().unwrap_or(f64::INFINITY),
        b.p95().unwrap_or(f64::INFINITY),
    );
    let no_worse =
        da <= db && a.peak_pods <= b.peak_pods && a.lowest_available >= b.lowest_available;
    let better = da < db || a.peak_pods < b.peak_pods || a.lowest_available > b.lowest_available;
    no_worse && better
}

/// The settings no other beats on all three, fastest first; settings that do not finish in 95%
/// of their runs are left out. Equal settings keep the one with the smaller maxSurge, then
/// maxUnavailable.
pub fn pareto_front(summaries: &[Summary]) -> Vec<&Summary> {
    let finishing: Vec<&Summary> = summaries.iter().filter(|s| s.p95().is_some()).collect();
    let mut front: Vec<&Summary> = Vec::new();
    for s in &finishing {
        if finishing.iter().any(|o| dominates(o, s)) {
            continue;
        }
        let key = |x: &Summary| (x.p95(), x.peak_pods, x.lowest_available);
        if front.iter().any(|f| key(f) == key(s)) {
            continue;
        }
        front.push(s);
    }
    front.sort_by(|a, b| {
        a.p95()
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.p95().unwrap_or(f64::INFINITY))
            .then(a.peak_pods.cmp(&b.peak_pods))
    });
    front
}

/// What one front setting trades, in a line: its figures, and what it gains or gives up
/// against its neighbour on the front (the next faster one).
pub fn trade_line(front: &[&Summary], i: usize, replicas: i32) -> Sentence {
    let s = front[i];
    let fastest = i == 0;
    let leanest = front.iter().all(|o| s.peak_pods <= o.peak_pods);
    let safest = front
        .iter()
        .all(|o| s.lowest_available >= o.lowest_available);
    let mut tags = Vec::new();
    if fastest {
        tags.push(Sentence::new("the fastest", &[]));
    }
    if leanest {
        tags.push(Sentence::new("the fewest pods", &[]));
    }
    if safest {
        tags.push(Sentence::new("the most availability", &[]));
    }
    let mut against = None;
    if i > 0 {
        let prev = front[i - 1];
        let slower = s.p95().unwrap_or(0.0) - prev.p95().unwrap_or(0.0);
        let mut gains = Vec::new();
        if s.peak_pods < prev.peak_pods {
            gains.push(
                Sentence::new("{pods} fewer at peak", &[])
                    .with("pods", pods(prev.peak_pods - s.peak_pods)),
            );
        }
        if s.lowest_available > prev.lowest_available {
            gains.push(
                Sentence::new("{pods} more available", &[])
                    .with("pods", pods(s.lowest_available - prev.lowest_available)),
            );
        }
        if !gains.is_empty() {
            let cost = if slower > 0.0 {
                Sentence::new("for {duration} more", &[]).with("duration", duration(slower))
            } else {
                Sentence::new("at the same p95", &[])
            };
            against = Some(
                Sentence::new("; against the next faster: {gains} {cost}", &[])
                    .with_list("gains", Joint::And, gains)
                    .with("cost", cost),
            );
        }
    }
    let tags = if tags.is_empty() {
        Sentence::plain(String::new())
    } else {
        Sentence::new(" — {tags}", &[]).with_list("tags", Joint::Comma, tags)
    };
    Sentence::new(
        "maxSurge {max_surge}, maxUnavailable {max_unavailable}: {figures}{tags}{against}",
        &[
            ("max_surge", &s.max_surge),
            ("max_unavailable", &s.max_unavailable),
        ],
    )
    .with("figures", figures(s, replicas))
    .with("tags", tags)
    .with(
        "against",
        against.unwrap_or_else(|| Sentence::plain(String::new())),
    )
}

/// "95% within 42 s (median 30 s), at most 13 pods, never below 10 of 10 available".
pub fn figures(s: &Summary, replicas: i32) -> Sentence {
    let time = match (s.p95(), s.p50(), s.runs) {
        (Some(p95), _, 1) => {
            Sentence::new("done in {duration}", &[]).with("duration", duration(p95))
        }
        (Some(p95), Some(p50), _) => Sentence::new("95% within {p95} (median {p50})", &[])
            .with("p95", duration(p95))
            .with("p50", duration(p50)),
        _ => Sentence::new(
            "{stuck} of {runs} runs never finish",
            &[("stuck", &s.stuck), ("runs", &s.runs)],
        ),
    };
    let room = if s.peak_pending > 0 {
        Sentence::new(
            ", up to {pending} waiting for room on up to {nodes} nodes",
            &[("nodes", &s.peak_nodes)],
        )
        .with("pending", pods(s.peak_pending))
    } else {
        Sentence::plain(String::new())
    };
    Sentence::new(
        "{time}, at most {pods}, never below {lowest} of {replicas} available{room}",
        &[("lowest", &s.lowest_available), ("replicas", &replicas)],
    )
    .with("time", time)
    .with("pods", pods(s.peak_pods))
    .with("room", room)
}

/// The recommended setting: the fastest at p95 that meets the objective (ties: fewer pods,
/// then more available, then the faster median).
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    pub summary: Summary,
    /// The objective it meets, as a sentence.
    pub statement: Sentence,
    /// The strategy to paste into the manifest.
    pub snippet: String,
}

/// The recommendation under `objective`, or why none meets it.
pub fn recommend(
    summaries: &[Summary],
    objective: &Objective,
    s: &Scenario,
) -> Result<Recommendation, Sentence> {
    let best = summaries
        .iter()
        .filter(|x| objective.misses(x).is_none())
        .min_by(|a, b| {
            let inf = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
            inf(a.p95())
                .total_cmp(&inf(b.p95()))
                .then(a.peak_pods.cmp(&b.peak_pods))
                .then(b.lowest_available.cmp(&a.lowest_available))
                .then(inf(a.p50()).total_cmp(&inf(b.p50())))
        });
    let Some(best) = best else {
        return Err(match objective.max_pods {
            Some(m) => Sentence::new(
                "no setting meets the objective (never below {floor} available, at most {pods})",
                &[("floor", &objective.floor)],
            )
            .with("pods", pods(m)),
            None => Sentence::new(
                "no setting meets the objective (never below {floor} available)",
                &[("floor", &objective.floor)],
            ),
        });
    };
    let replicas = s.deployment.spec.replicas;
    let time = match (best.p95(), best.runs) {
        (Some(t), 1) => Sentence::new("finishes in {duration}", &[]).with("duration", duration(t)),
        (Some(t), n) => Sentence::new(
            "finishes within {duration} in 95% of {n} runs",
            &[("n", &n)],
        )
        .with("duration", duration(t)),
        (None, _) => Sentence::new("does not finish", &[]),
    };
    let statement = Sentence::new(
        "maxSurge {max_surge}, maxUnavailable {max_unavailable}: {time}, never below {lowest} of {replicas} available, at most {pods}",
        &[
            ("max_surge", &best.max_surge),
            ("max_unavailable", &best.max_unavailable),
            ("lowest", &best.lowest_available),
            ("replicas", &replicas),
        ],
    )
    .with("time", time)
    .with("pods", pods(best.peak_pods));
    Ok(Recommendation {
        snippet: super::strategy_snippet(
            best.max_surge,
            best.max_unavailable,
            s.deployment.spec.min_ready_seconds,
        ),
        summary: best.clone(),
        statement,
    })
}

/// "42 s", "6 min", "6 min 30 s".
pub fn duration(seconds: f64) -> Sentence {
    let whole = seconds.round() as i64;
    if seconds < 120.0 {
        let s = format_number((seconds * 10.0).round() / 10.0);
        return Sentence::new("{s} s", &[("s", &s)]);
    }
    match (whole / 60, whole % 60) {
        (m, 0) => Sentence::new("{m} min", &[("m", &m)]),
        (m, s) => Sentence::new("{m} min {s} s", &[("m", &m), ("s", &s)]),
    }
}

fn pods(n: u32) -> Sentence {
    if n == 1 {
        Sentence::new("1 pod", &[])
    } else {
        Sentence::new("{n} pods", &[("n", &n)])
    }
}

fn percent(share: f64) -> String {
    format!("{}%", format_number((share * 1000.0).round() / 10.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::sweep::Outcome;

    fn setting(s: i32, u: i32, duration: f64, peak: u32, lowest: u32) -> Summary {
        Summary::of(&[Outcome::measured((s, u), Some(duration), peak, lowest)])
    }

    #[test]
    fn the_front_keeps_only_settings_nothing_beats_on_all_three() {
        let all = vec![
            setting(1, 0, 60.0, 11, 10), // slow, lean, safe
            setting(3, 0, 30.0, 13, 10), // faster, more pods, safe
            setting(2, 0, 40.0, 13, 10), // beaten by 3/0: slower, same pods, same availability
            setting(3, 2, 20.0, 13, 8),  // fastest, less available
            setting(0, 1, 70.0, 10, 9),  // leanest
        ];
        let front = pareto_front(&all);
        let pairs: Vec<(i32, i32)> = front
            .iter()
            .map(|s| (s.max_surge, s.max_unavailable))
            .collect();
        assert_eq!(pairs, [(3, 2), (3, 0), (1, 0), (0, 1)]);
        let line = trade_line(&front, 1, 10).to_string();
        assert!(line.starts_with("maxSurge 3, maxUnavailable 0: done in 30 s, at most 13 pods, never below 10 of 10 available"), "{line}");
        assert!(
            line.ends_with("against the next faster: 2 pods more available for 10 s more"),
            "{line}"
        );
        assert!(trade_line(&front, 0, 10)
            .to_string()
            .contains("the fastest"));
        assert!(trade_line(&front, 3, 10)
            .to_string()
            .contains("the fewest pods"));
    }

    #[test]
    fn the_recommendation_is_the_fastest_that_meets_the_objective() {
        let s = Scenario::example(10, "25%", "25%");
        let all = vec![
            setting(1, 0, 60.0, 11, 10),
            setting(3, 0, 30.0, 13, 10),
            setting(3, 2, 20.0, 13, 8),
        ];
        // The story's own setting (25%/25% of 10: 3 and 2) guarantees 8 available.
        let default = Objective::default_for(&s);
        assert_eq!(default.floor, 8);
        let r = recommend(&all, &default, &s).unwrap();
        assert_eq!((r.summary.max_surge, r.summary.max_unavailable), (3, 2));
        let strict = Objective {
            floor: 10,
            max_pods: Some(12),
            max_failed_p95: None,
        };
        let r = recommend(&all, &strict, &s).unwrap();
        assert_eq!(
            r.statement.to_string(),
            "maxSurge 1, maxUnavailable 0: finishes in 60 s, never below 10 of 10 available, at most 11 pods"
        );
        assert!(r.snippet.contains("maxSurge: 1\n      maxUnavailable: 0"));
        assert!(strict
            .misses(&all[1])
            .unwrap()
            .to_string()
            .contains("more than the 12 the cluster holds"));
        assert!(strict
            .misses(&all[2])
            .unwrap()
            .to_string()
            .contains("below the 10 it must keep, in 100% of runs"));
        let none = Objective {
            floor: 11,
            max_pods: None,
            max_failed_p95: None,
        };
        assert!(recommend(&all, &none, &s)
            .unwrap_err()
            .to_string()
            .starts_with("no setting meets"));
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(42.0).to_string(), "42 s");
        assert_eq!(duration(12.34).to_string(), "12.3 s");
        assert_eq!(duration(360.0).to_string(), "6 min");
        assert_eq!(duration(390.0).to_string(), "6 min 30 s");
    }
}
