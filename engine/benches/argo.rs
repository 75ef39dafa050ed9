//! The Argo Rollouts figures: a 10,000-replica canary's whole run, the three-strategy
//! comparison and the canary sweep on `scenarios/bad-version.yaml`.

use rollout_engine::sim::compare::compare_strategies;
use rollout_engine::sim::sweep::canary::{sweep_canary, CanaryAxes};
use rollout_engine::{Scenario, Simulation};

/// A canary Rollout of `replicas` (setWeight 10, pause 30 s, setWeight 50, pause 30 s) updated
/// at t = 1, for 600 s.
fn canary(replicas: i32) -> Scenario {
    Scenario::parse(&format!(
        "deployment:
  apiVersion: argoproj.io/v1alpha1
  kind: Rollout
  metadata: {{name: web}}
  spec:
    replicas: {replicas}
    selector: {{matchLabels: {{app: web}}}}
    template:
      metadata: {{labels: {{app: web}}}}
      spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
    strategy:
      canary:
        steps: [{{setWeight: 10}}, {{pause: {{duration: 30}}}}, {{setWeight: 50}}, {{pause: {{duration: 30}}}}]
events: [{{at: 1, setImage: 'web:v2'}}]
until: 600"
    ))
    .expect("the canary scenario is valid")
}

pub fn run(best_of: &dyn Fn(usize, &mut dyn FnMut()) -> f64, keep: &mut dyn FnMut(&str, f64)) {
    let big = canary(10_000);
    let mut records = 0;
    let secs = best_of(10, &mut || records = Simulation::new(&big).run().len());
    keep("argo_canary_10000_ms", secs * 1e3);
    println!(
        "an Argo canary of 10,000 replicas (4 steps, 600 s): {:.1} ms (best of 10), {records} trace records",
        secs * 1e3
    );
    let bad = Scenario::parse(include_str!("../../scenarios/bad-version.yaml"))
        .expect("scenarios/bad-version.yaml");
    let mut line = String::new();
    let secs = best_of(3, &mut || {
        line = compare_strategies(&bad)
            .iter()
            .map(|(_, o)| format!("{} {} failed", o.strategy, o.failed))
            .collect::<Vec<_>>()
            .join(", ");
    });
    keep("argo_compare_ms", secs * 1e3);
    println!(
        "Deployment vs canary vs blue-green on the bad version, with traffic: {:.0} ms (best of 3): {line}",
        secs * 1e3
    );
    let axes = CanaryAxes::default();
    let mut cells = 0;
    let secs = best_of(3, &mut || {
        cells = sweep_canary(&bad, &axes).map_or(0, |c| c.len())
    });
    keep("argo_canary_sweep_ms", secs * 1e3);
    println!(
        "the canary sweep (first weight x pause, {cells} settings, 2 runs each): {:.0} ms (best of 3)",
        secs * 1e3
    );
}
