//! The NodeResourcesFit plugin (pkg/scheduler/framework/plugins/noderesources/fit.go and
//! least_allocated.go): the filter that a pod's requests fit what is left of a node, and the
//! default profile's LeastAllocated score.

use super::NodeInfo;
use crate::api::{Allocatable, Requests};

/// Every reason a node cannot take a pod (all are kept, not only the first), as flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Insufficient(u8);

impl Insufficient {
    const PODS: u8 = 1;
    const CPU: u8 = 2;
    const MEMORY: u8 = 4;

    pub fn fits(self) -> bool {
        self.0 == 0
    }

    /// The reasons in upstream's order and words.
    pub fn reasons(self) -> impl Iterator<Item = &'static str> {
        [
            (Self::PODS, "Too many pods"),
            (Self::CPU, "Insufficient cpu"),
            (Self::MEMORY, "Insufficient memory"),
        ]
        .into_iter()
        .filter(move |(bit, _)| self.0 & bit != 0)
        .map(|(_, reason)| reason)
    }
}

/// Mirrors `fitsRequest`: why the node cannot take the pod (nothing when it can).
pub fn fits_request(pod: Requests, node: &NodeInfo, alloc: &Allocatable) -> Insufficient {
    let mut why = 0;
    if alloc.pods.is_some_and(|max| node.pods + 1 > max) {
        why |= Insufficient::PODS;
    }
    let (cpu, memory) = pod.actual();
    // A pod that requests nothing is checked for the pod count only.
    if cpu == 0 && memory == 0 {
        return Insufficient(why);
    }
    if alloc.cpu.is_some_and(|a| cpu > 0 && cpu > a - node.cpu) {
        why |= Insufficient::CPU;
    }
    if alloc
        .memory
        .is_some_and(|a| memory > 0 && memory > a - node.memory)
    {
        why |= Insufficient::MEMORY;
    }
    Insufficient(why)
}

/// Mirrors `leastRequestedScore`: the share left free after placing the pod, 0 to 100.
fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * 100 / capacity
}

/// Mirrors `leastResourceScorer` with the default weights (cpu 1, memory 1), over the
/// non-zero requests (`useRequested` false): a resource the node does not limit is skipped.
pub fn least_allocated(pod: Requests, node: &NodeInfo, alloc: &Allocatable) -> i64 {
    let (cpu, memory) = pod.non_zero();
    let mut sum = 0;
    let mut weights = 0;
    for (requested, capacity) in [
        (node.non_zero_cpu + cpu, alloc.cpu),
        (node.non_zero_memory + memory, alloc.memory),
    ] {
        if let Some(capacity) = capacity.filter(|&c| c > 0) {
            sum += least_requested_score(requested, capacity);
            weights += 1;
        }
    }
    if weights == 0 {
        0
    } else {
        sum / weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(cpu: i64, memory: i64, pods: u32) -> NodeInfo {
        NodeInfo {
            cpu,
            memory,
            non_zero_cpu: cpu,
            non_zero_memory: memory,
            pods,
        }
    }

    const SMALL: Allocatable = Allocatable {
        cpu: Some(1000),
        memory: Some(2 << 30),
        pods: Some(3),
    };

    #[test]
    fn every_reason_is_reported_in_upstreams_order() {
        let pod = Requests {
            cpu: Some(600),
            memory: Some(2 << 30),
        };
        assert_eq!(
            fits_request(pod, &node(500, 1 << 30, 3), &SMALL)
                .reasons()
                .collect::<Vec<_>>(),
            ["Too many pods", "Insufficient cpu", "Insufficient memory"]
        );
        assert!(fits_request(pod, &node(400, 0, 2), &SMALL).fits());
        // A pod that requests nothing only needs a pod slot.
        assert!(fits_request(Requests::default(), &node(1000, 2 << 30, 2), &SMALL).fits());
    }

    #[test]
    fn least_allocated_scores_the_share_left_with_non_zero_defaults() {
        // cpu: (1000 - 300 - 100 default) * 100 / 1000 = 60;
        // memory: (2 GiB - 1 GiB - 200 MiB) * 100 / 2 GiB = 40 (integer division);
        // (60 + 40) / 2 = 50.
        let n = node(300, 1 << 30, 1);
        assert_eq!(least_allocated(Requests::default(), &n, &SMALL), 50);
        // An unlimited node scores 0 on every resource.
        assert_eq!(
            least_allocated(Requests::default(), &n, &Allocatable::default()),
            0
        );
    }
}
