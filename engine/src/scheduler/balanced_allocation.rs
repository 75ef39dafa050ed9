//! The NodeResourcesBalancedAllocation plugin (pkg/scheduler/framework/plugins/noderesources/
//! balanced_allocation.go, v1.28): prefers nodes whose cpu and memory would be used in equal
//! shares after placing the pod.

use super::NodeInfo;
use crate::api::{Allocatable, Requests};

/// Mirrors `balancedResourceScorer` over the actual requests (`useRequested` true): each
/// resource's share capped at 1; with two, the standard deviation is half their difference;
/// the score is `(1 - std) * 100`, truncated.
pub fn balanced_allocation(pod: Requests, node: &NodeInfo, alloc: &Allocatable) -> i64 {
    let (cpu, memory) = pod.actual();
    let fraction = |requested: i64, capacity: Option<i64>| {
        capacity
            .filter(|&c| c > 0)
            .map(|c| (requested as f64 / c as f64).min(1.0))
    };
    let std = match (
        fraction(node.cpu + cpu, alloc.cpu),
        fraction(node.memory + memory, alloc.memory),
    ) {
        (Some(a), Some(b)) => ((a - b) / 2.0).abs(),
        _ => 0.0,
    };
    ((1.0 - std) * 100.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_shares_score_100_and_unequal_ones_less() {
        let alloc = Allocatable {
            cpu: Some(1000),
            memory: Some(1000),
            pods: None,
        };
        let pod = Requests {
            cpu: Some(100),
            memory: Some(100),
        };
        let empty = NodeInfo::default();
        assert_eq!(balanced_allocation(pod, &empty, &alloc), 100);
        // cpu 0.6, memory 0.1: std 0.25, score 75.
        let cpu_heavy = NodeInfo {
            cpu: 500,
            ..NodeInfo::default()
        };
        assert_eq!(balanced_allocation(pod, &cpu_heavy, &alloc), 75);
        // One limited resource: no deviation.
        assert_eq!(
            balanced_allocation(pod, &cpu_heavy, &Allocatable::default()),
            100
        );
    }
}
