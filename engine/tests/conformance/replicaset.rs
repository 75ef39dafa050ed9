//! Tables of `controller_utils_test.go` and `replica_set_test.go`: which pods go first.

use crate::strict::J;
use crate::support::*;
use rollout_engine::api::PodPhase;
use rollout_engine::controller::replicaset::ranking::{
    get_pods_to_delete as pods_to_delete, less, less_unranked, ranks_by_related_pods_on_same_node,
    slow_start_batch as batch, sort_by_less, Gates, RankedPod,
};
use serde_json::Value;

/// "Now" of the tables: a fixed instant, in nanoseconds.
const NOW: i64 = 1_700_000_000_000_000_000;
const HOUR: i64 = 3_600_000_000_000;

/// A symbolic time; null is the zero time (`None`).
fn time(v: &J) -> Option<i64> {
    let s = v.opt_str()?;
    Some(match s {
        "now" => NOW,
        "now-1month" => NOW - 30 * 24 * HOUR,
        "now-2h" => NOW - 2 * HOUR,
        "now-5h" => NOW - 5 * HOUR,
        "now-8h" => NOW - 8 * HOUR,
        other => panic!("{}: unknown time {other}", v.path()),
    })
}

/// Node names as ids, the empty name as unscheduled.
fn node_id(name: &str) -> Option<u32> {
    (!name.is_empty()).then(|| {
        name.bytes()
            .fold(17u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
    })
}

fn pod(v: &J, rank: usize) -> RankedPod {
    RankedPod {
        node: node_id(v.at("node").str()),
        phase: match v.at("phase").str() {
            "Pending" => PodPhase::Pending,
            "Running" => PodPhase::Running,
            "Unknown" => PodPhase::Unknown,
            other => panic!("{}.phase: unknown phase {other}", v.path()),
        },
        ready: v.at("ready").bool(),
        ready_since: time(&v.at("readySince")),
        // Absent for the pods without a pod-deletion-cost annotation (cost 0).
        deletion_cost: v.at("deletionCost").opt_int().unwrap_or(0),
        // The most restarts of one container; a pod with no container status has none.
        restarts: v
            .at("restarts")
            .array()
            .iter()
            .map(|r| r.int())
            .max()
            .unwrap_or(0),
        created: time(&v.at("created")),
        uid: 0,
        rank,
    }
}

/// A pod of the table's `pods`, by its key.
fn group_pod<'a>(group: &J<'a>, key: &str) -> J<'a> {
    group
        .at("pods")
        .at(key)
        .opt()
        .unwrap_or_else(|| panic!("{}.pods has no pod {key}", group.path()))
}

/// `TestSortingActivePods`.
pub fn sorting_active_pods(_: &J, i: &J, e: &J) -> Result<(), String> {
    let pods: Vec<(String, RankedPod)> = i
        .at("pods")
        .array()
        .iter()
        .map(|v| (v.at("name").str().to_string(), pod(v, 0)))
        .collect();
    let want = strings(&e.at("order"));
    // Like the Go test: shuffle 20 times, the sorted order must always be the same.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..20 {
        let mut shuffled = pods.clone();
        for k in (1..shuffled.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            shuffled.swap(k, (seed % (k as u64 + 1)) as usize);
        }
        sort_by_less(
            &mut shuffled,
            &|a: &(String, RankedPod), b: &(String, RankedPod)| less_unranked(&a.1, &b.1),
        );
        let got: Vec<String> = shuffled.into_iter().map(|(n, _)| n).collect();
        check("order", got, want.clone())?;
    }
    Ok(())
}

/// `TestSortingActivePodsWithRanks`: pairs of the table's `pods`, either `p1`/`p2` with `ranks`
/// (equal or unordered pairs) or `lesser`/`greater` with their ranks.
pub fn sorting_active_pods_with_ranks(group: &J, i: &J, e: &J) -> Result<(), String> {
    let g = i.at("featureGates");
    let gates = Gates {
        logarithmic_scale_down: g.at("LogarithmicScaleDown").bool(),
        pod_deletion_cost: g.at("PodDeletionCost").bool(),
    };
    let named = |key: &J, rank: &J| pod(&group_pod(group, key.str()), count(rank));
    let now = Some(NOW);
    if let Some(p1) = i.at("p1").opt() {
        let ranks = i.at("ranks").array();
        check("number of ranks", ranks.len(), 2)?;
        let (p1, p2) = (named(&p1, &ranks[0]), named(&i.at("p2"), &ranks[1]));
        check(
            "less(p1,p2)",
            less(&p1, &p2, now, gates),
            e.at("less(p1,p2)").bool(),
        )?;
        check(
            "less(p2,p1)",
            less(&p2, &p1, now, gates),
            e.at("less(p2,p1)").bool(),
        )
    } else {
        let lesser = named(&i.at("lesser"), &i.at("lesserRank"));
        let greater = named(&i.at("greater"), &i.at("greaterRank"));
        check(
            "less(lesser,greater)",
            less(&lesser, &greater, now, gates),
            e.at("less(lesser,greater)").bool(),
        )?;
        check(
            "less(greater,lesser)",
            less(&greater, &lesser, now, gates),
            e.at("less(greater,lesser)").bool(),
        )
    }
}

/// `TestGetPodsToDelete`: `pods` and `related` name pods of the table's `pods`.
pub fn get_pods_to_delete(group: &J, i: &J, e: &J) -> Result<(), String> {
    let names = strings(&i.at("pods"));
    let related_j = i.at("related");
    let related: Vec<String> = match related_j.raw() {
        Value::String(s) if s == "same as pods" => names.clone(),
        Value::Array(_) => strings(&related_j),
        other => {
            return Err(format!(
                "{}: expected a list or \"same as pods\", found {other}",
                related_j.path()
            ))
        }
    };
    let node = |n: &String| node_id(group_pod(group, n).at("node").str());
    let nodes: Vec<Option<u32>> = names.iter().map(node).collect();
    let related_nodes: Vec<Option<u32>> = related.iter().map(node).collect();
    let ranks = ranks_by_related_pods_on_same_node(&nodes, &related_nodes);
    let pods: Vec<RankedPod> = names
        .iter()
        .zip(ranks)
        .map(|(n, r)| pod(&group_pod(group, n), r))
        .collect();
    let chosen = pods_to_delete(&pods, count(&i.at("diff")), Some(NOW));
    let got: Vec<String> = chosen.into_iter().map(|k| names[k].clone()).collect();
    check("podsToDelete", got, strings(&e.at("podsToDelete")))
}

/// `TestSlowStartBatch`.
pub fn slow_start_batch(_: &J, i: &J, e: &J) -> Result<(), String> {
    let limit = count(&i.at("callLimit"));
    let mut calls = 0;
    let (successes, made, failed) = batch(
        count(&i.at("count")),
        count(&i.at("initialBatchSize")),
        || {
            calls += 1;
            calls <= limit
        },
    );
    check("successes", successes, count(&e.at("successes")))?;
    check("calls", made, count(&e.at("calls")))?;
    check("error", failed, e.at("error").bool())
}
