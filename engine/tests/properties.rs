//! Invariants of the rolling update over random scenarios. `PROPTEST_CASES` sets how many
//! (a long run: `PROPTEST_CASES=100000 cargo test --release -p rollout-engine --test properties`).

mod support;

use proptest::prelude::*;
use rollout_engine::controller::deployment::util::{max_surge, min_available};
use rollout_engine::sim::snapshot::counts;
use rollout_engine::trace::Record;
use rollout_engine::{Scenario, Simulation};

#[derive(Clone, Debug)]
struct Case {
    replicas: i32,
    surge: String,
    unavailable: String,
    ready_after: f64,
    stop_after: f64,
    min_ready: i32,
    second_image_at: Option<f64>,
    recreate: bool,
    /// Ready times drawn from a lognormal with this p99 / p50 ratio, instead of fixed.
    spread: Option<f64>,
    seed: u64,
}

fn int_or_percent() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..6i32).prop_map(|n| n.to_string()),
        (0..=100i32).prop_map(|p| format!("'{p}%'"))
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (
        0..40i32,
        int_or_percent(),
        int_or_percent(),
        1..40u32,
        0..30u32,
        0..4i32,
        prop::option::of(2..30u32),
        prop::bool::weighted(0.15),
        prop::option::of(1..8u32),
        0..1000u64,
    )
        .prop_filter("Kubernetes rejects both literally zero", |(_, s, u, ..)| {
            let zero = |v: &str| v == "0" || v == "'0%'";
            !(zero(s) && zero(u))
        })
        .prop_map(
            |(
                replicas,
                surge,
                unavailable,
                ready,
                stop,
                min_ready,
                second,
                recreate,
                spread,
                seed,
            )| Case {
                replicas,
                surge,
                unavailable,
                ready_after: f64::from(ready) / 4.0,
                stop_after: f64::from(stop) / 4.0,
                min_ready,
                second_image_at: second.map(f64::from),
                recreate,
                spread: spread.map(|x| 1.0 + f64::from(x) / 2.0),
                seed,
            },
        )
}

fn scenario(c: &Case) -> Scenario {
    let strategy = if c.recreate {
        "{type: Recreate}".to_string()
    } else {
        format!(
            "{{type: RollingUpdate, rollingUpdate: {{maxSurge: {}, maxUnavailable: {}}}}}",
            c.surge, c.unavailable
        )
    };
    let mut events = "  - {at: 1, setImage: 'web:v2'}\n".to_string();
    if let Some(t) = c.second_image_at {
        events.push_str(&format!("  - {{at: {t}, setImage: 'web:v3'}}\n"));
    }
    let ready = match c.spread {
        Some(x) => format!(
            "{{lognormal: {{p50: {}, p99: {}}}}}",
            c.ready_after,
            c.ready_after * x
        ),
        None => c.ready_after.to_string(),
    };
    let images = format!(
        "{{'web:v1': {{stopAfter: {s}}}, 'web:v2': {{readyAfter: {r}, stopAfter: {s}}}, 'web:v3': {{readyAfter: {r}, stopAfter: {s}}}}}",
        r = ready,
        s = c.stop_after
    );
    // Time enough for two full rollouts that move one pod per step (a lognormal draw beyond 3
    // times its p99 has odds far below one in a million).
    let slowest = c.ready_after * c.spread.map_or(1.0, |x| 3.0 * x);
    let step = slowest + f64::from(c.min_ready) + c.stop_after + 1.0;
    let until = 40.0 + 2.0 * f64::from(c.replicas + 2) * step;
    let mut s = support::deployment_scenario(
        c.replicas,
        &strategy,
        &format!("images: {images}\nevents:\n{events}until: {until}"),
    );
    s.deployment.spec.min_ready_seconds = c.min_ready;
    s.seed = c.seed;
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Counted pods never exceed replicas + surge; available never drops below
    /// replicas - unavailable while the old pods are healthy; a healthy new version completes.
    ///
    /// The availability floor is checked with minReadySeconds 0 only: with a minimum, a pod can
    /// be Ready but not yet available, and the ReplicaSet controller ranks pods by readiness and
    /// co-location, not availability, so Kubernetes itself may delete an available pod and dip
    /// below the floor (see `min_ready_seconds_can_dip_below_min_available` in scenarios.rs).
    #[test]
    fn rolling_update_invariants(c in case()) {
        let s = scenario(&c);
        let mut sim = Simulation::new(&s);
        let d = &sim.cluster.deployment;
        let (bound, floor) = (d.spec.replicas + max_surge(d), min_available(d));
        let mut reached = false;
        while let Some(t) = sim.step() {
            let k = counts(&sim.cluster);
            if !c.recreate {
                prop_assert!(k.counted as i32 <= bound, "t={t}: {} pods counted > {bound}", k.counted);
                reached |= k.available as i32 >= floor;
                if c.min_ready == 0 {
                    prop_assert!(!reached || k.available as i32 >= floor, "t={t}: {} available < {floor}", k.available);
                }
            }
        }
        let trace = sim.finish();
        let (replicas, updated, _, available, unavailable) = support::final_status(&trace);
        prop_assert_eq!((replicas, updated, available, unavailable), (c.replicas, c.replicas, c.replicas, 0));
        let done = trace.iter().rev().find_map(|r| match r {
            Record::RolloutStatus { message, .. } => Some(message.clone()),
            _ => None,
        });
        if c.replicas > 0 {
            prop_assert_eq!(done, Some("deployment \"web\" successfully rolled out".to_string()));
        }
    }

    /// The same scenario and seed give byte-identical jsonl traces; with drawn times, another
    /// seed gives another run.
    #[test]
    fn deterministic(c in case()) {
        let s = scenario(&c);
        let trace = |s: &Scenario| -> Vec<String> { Simulation::new(s).run().iter().map(Record::to_json).collect() };
        let a = trace(&s);
        prop_assert_eq!(&a, &trace(&s));
        if c.spread.is_some() && c.replicas >= 5 && !c.recreate {
            let mut other = s.clone();
            other.seed = s.seed + 1;
            prop_assert_ne!(a, trace(&other), "seed {} and {} gave the same run", s.seed, s.seed + 1);
        }
    }
}
