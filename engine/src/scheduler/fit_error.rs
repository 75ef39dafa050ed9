//! The message of a pod no node can take: `FitError.Error()` (pkg/scheduler/framework/
//! types.go, v1.28) with the default preemption plugin's PostFilter message appended.

use super::node_resources_fit::Insufficient;
use std::collections::BTreeMap;

/// Why one node refused the pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeRefusal {
    /// NodeUnschedulable (a cordoned node): `UnschedulableAndUnresolvable`.
    Cordoned,
    /// TaintToleration: the autoscaler's ToBeDeletedByClusterAutoscaler taint, with its value
    /// (upstream: the Unix time it was set; here the simulated second). Unresolvable.
    ToBeDeleted(i64),
    /// NodeResourcesFit's reasons: `Unschedulable`, which preemption might resolve.
    Resources(Insufficient),
}

/// Mirrors `FitError.Error()`: "0/N nodes are available: " and the reasons' histogram (each
/// "count reason", sorted as strings), then the PostFilter message as 1.28 formats it: the
/// preemption plugin's own FitError prefixed "preemption: " and followed by another period
/// (hence the "..", fixed in 1.30). Every simulated pod has the same priority, so preemption
/// never finds a victim.
pub fn fit_error(refusals: &[NodeRefusal]) -> String {
    if refusals.is_empty() {
        // ErrNoNodesAvailable.
        return "no nodes available to schedule pods".to_string();
    }
    let n = refusals.len();
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let mut owned: BTreeMap<String, usize> = BTreeMap::new();
    let mut preemption: BTreeMap<&str, usize> = BTreeMap::new();
    for r in refusals {
        match r {
            NodeRefusal::Cordoned => {
                *reasons.entry("node(s) were unschedulable").or_default() += 1;
                *preemption
                    .entry("Preemption is not helpful for scheduling")
                    .or_default() += 1;
            }
            NodeRefusal::ToBeDeleted(at) => {
                let reason = format!(
                    "node(s) had untolerated taint {{ToBeDeletedByClusterAutoscaler: {at}}}"
                );
                *owned.entry(reason).or_default() += 1;
                *preemption
                    .entry("Preemption is not helpful for scheduling")
                    .or_default() += 1;
            }
            NodeRefusal::Resources(why) => {
                for r in why.reasons() {
                    *reasons.entry(r).or_default() += 1;
                }
                *preemption
                    .entry("No preemption victims found for incoming pod")
                    .or_default() += 1;
            }
        }
    }
    let histogram = |m: &BTreeMap<&str, usize>, more: &BTreeMap<String, usize>| {
        let mut parts: Vec<String> = m
            .iter()
            .map(|(r, c)| format!("{c} {r}"))
            .chain(more.iter().map(|(r, c)| format!("{c} {r}")))
            .collect();
        parts.sort();
        parts.join(", ")
    };
    format!(
        "0/{n} nodes are available: {}. preemption: 0/{n} nodes are available: {}..",
        histogram(&reasons, &owned),
        histogram(&preemption, &BTreeMap::new())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_upstreams_with_its_sorted_histogram() {
        let node = |cpu: i64, memory: i64| super::super::NodeInfo {
            cpu,
            memory,
            ..Default::default()
        };
        let alloc = crate::api::Allocatable {
            cpu: Some(1000),
            memory: Some(1000),
            pods: None,
        };
        let pod = crate::api::Requests {
            cpu: Some(500),
            memory: Some(500),
        };
        let fit = |n| super::super::node_resources_fit::fits_request(pod, &n, &alloc);
        let cpu = NodeRefusal::Resources(fit(node(600, 0)));
        assert_eq!(
            fit_error(&[cpu, cpu, cpu]),
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.."
        );
        let both = NodeRefusal::Resources(fit(node(600, 600)));
        assert_eq!(
            fit_error(&[both, cpu, NodeRefusal::Cordoned]),
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu. \
             preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.."
        );
        assert_eq!(fit_error(&[]), "no nodes available to schedule pods");
    }
}
