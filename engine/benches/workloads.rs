//! The StatefulSet and DaemonSet figures: a 1,000-replica StatefulSet's whole update (OrderedReady
//! and Parallel with maxUnavailable 10%), a DaemonSet on 1,000 nodes (maxSurge 10%), and both
//! sweeps on `scenarios/statefulset.yaml` and `scenarios/daemonset.yaml`.

use rollout_engine::sim::sweep::workloads::{sweep_daemon_set, sweep_stateful_set};
use rollout_engine::{Scenario, Simulation};

fn stateful_set(replicas: i32, spec: &str) -> Scenario {
    Scenario::parse(&format!(
        "deployment:
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {{name: web}}
  spec:
    replicas: {replicas}
    serviceName: web
    selector: {{matchLabels: {{app: web}}}}
{spec}    template:
      metadata: {{labels: {{app: web}}}}
      spec: {{containers: [{{name: web, image: 'web:v1'}}]}}
images:
  web:v1: {{readyAfter: 2, stopAfter: 1}}
  web:v2: {{readyAfter: 2, stopAfter: 1}}
events: [{{at: 1, setImage: 'web:v2'}}]
until: 7200"
    ))
    .expect("the StatefulSet scenario is valid")
}

fn daemon_set(nodes: u32) -> Scenario {
    Scenario::parse(&format!(
        "deployment:
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: {{name: agent}}
  spec:
    selector: {{matchLabels: {{app: agent}}}}
    updateStrategy: {{rollingUpdate: {{maxUnavailable: 0, maxSurge: '10%'}}}}
    template:
      metadata: {{labels: {{app: agent}}}}
      spec: {{containers: [{{name: agent, image: 'web:v1'}}]}}
cluster: {{nodes: {nodes}}}
images:
  web:v1: {{readyAfter: 2, stopAfter: 1}}
  web:v2: {{readyAfter: 2, stopAfter: 1}}
events: [{{at: 1, setImage: 'web:v2'}}]
until: 600"
    ))
    .expect("the DaemonSet scenario is valid")
}

pub fn run(best_of: &dyn Fn(usize, &mut dyn FnMut()) -> f64, keep: &mut dyn FnMut(&str, f64)) {
    let cases = [
        (
            "statefulset_1000_ordered_ms",
            "a StatefulSet of 1,000 replicas, OrderedReady (one ordinal at a time, 3,000 s)",
            stateful_set(1000, ""),
        ),
        (
            "statefulset_1000_parallel_ms",
            "a StatefulSet of 1,000 replicas, Parallel, maxUnavailable 10%",
            stateful_set(
                1000,
                "    podManagementPolicy: Parallel\n    updateStrategy: {rollingUpdate: {maxUnavailable: '10%'}}\n",
            ),
        ),
        (
            "daemonset_1000_nodes_ms",
            "a DaemonSet on 1,000 nodes, maxSurge 10%",
            daemon_set(1000),
        ),
    ];
    for (key, what, s) in &cases {
        let mut last = String::new();
        let secs = best_of(3, &mut || {
            let mut sim = Simulation::new(s);
            sim.run_until(sim.until);
            last = rollout_engine::kubectl::workload_status::status_line(&sim.cluster);
        });
        keep(key, secs * 1e3);
        println!("{what}: {:.0} ms (best of 3), ends: {last}", secs * 1e3);
    }
    let sts = Scenario::parse(include_str!("../../scenarios/statefulset.yaml"))
        .expect("scenarios/statefulset.yaml");
    let ds = Scenario::parse(include_str!("../../scenarios/daemonset.yaml"))
        .expect("scenarios/daemonset.yaml");
    let mut n = 0;
    let secs = best_of(3, &mut || n = sweep_stateful_set(&sts).len());
    keep("statefulset_sweep_ms", secs * 1e3);
    println!(
        "the StatefulSet sweep ({n} settings): {:.1} ms (best of 3)",
        secs * 1e3
    );
    let secs = best_of(3, &mut || n = sweep_daemon_set(&ds).len());
    keep("daemonset_sweep_ms", secs * 1e3);
    println!(
        "the DaemonSet sweep ({n} settings): {:.1} ms (best of 3)",
        secs * 1e3
    );
}
