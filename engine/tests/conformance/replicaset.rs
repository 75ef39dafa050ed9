//! Tables of `controller_utils_test.go` and `replica_set_test.go`: which pods go first.

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

fn time(v: &Value) -> Option<i64> {
    let s = v.as_str()?;
    Some(match s {
        "now" => NOW,
        "now-1month" => NOW - 30 * 24 * HOUR,
        "now-2h" => NOW - 2 * HOUR,
        "now-5h" => NOW - 5 * HOUR,
        "now-8h" => NOW - 8 * HOUR,
        other => panic!("unknown time {other}"),
    })
}

/// Node names as ids, the empty name as unscheduled.
fn node_id(name: &str) -> Option<u32> {
    (!name.is_empty()).then(|| {
        name.bytes()
            .fold(17u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
    })
}

fn pod(v: &Value, rank: usize) -> RankedPod {
    RankedPod {
        node: node_id(v["node"].as_str().unwrap()),
        phase: match v["phase"].as_str().unwrap() {
            "Pending" => PodPhase::Pending,
            "Running" => PodPhase::Running,
            _ => PodPhase::Unknown,
        },
        ready: v["ready"].as_bool().unwrap(),
        ready_since: time(&v["readySince"]),
        deletion_cost: int(&v["deletionCost"]),
        restarts: v["restarts"]
            .as_array()
            .unwrap()
            .iter()
            .map(int)
            .max()
            .unwrap_or(0),
        created: time(&v["created"]),
        uid: 0,
        rank,
    }
}

fn name(v: &Value) -> String {
    v["name"].as_str().unwrap().to_string()
}

pub fn sorting_active_pods(_: &Value, case: &Value) -> Result<(), String> {
    let pods: Vec<(String, RankedPod)> = case["inputs"]["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (name(v), pod(v, 0)))
        .collect();
    let want: Vec<String> = case["expected"]["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().into())
        .collect();
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

pub fn sorting_active_pods_with_ranks(group: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let e = &case["expected"];
    let gates = Gates {
        logarithmic_scale_down: i["featureGates"]["LogarithmicScaleDown"]
            .as_bool()
            .unwrap_or(true),
        pod_deletion_cost: i["featureGates"]["PodDeletionCost"]
            .as_bool()
            .unwrap_or(true),
    };
    let named = |key: &Value, rank: usize| pod(&group["pods"][key.as_str().unwrap()], rank);
    let now = Some(NOW);
    if !i["p1"].is_null() {
        let ranks = i["ranks"].as_array().unwrap();
        let (p1, p2) = (
            named(&i["p1"], int(&ranks[0]) as usize),
            named(&i["p2"], int(&ranks[1]) as usize),
        );
        check(
            "less(p1,p2)",
            less(&p1, &p2, now, gates),
            e["less(p1,p2)"].as_bool().unwrap(),
        )?;
        check(
            "less(p2,p1)",
            less(&p2, &p1, now, gates),
            e["less(p2,p1)"].as_bool().unwrap(),
        )
    } else {
        let lesser = named(&i["lesser"], int(&i["lesserRank"]) as usize);
        let greater = named(&i["greater"], int(&i["greaterRank"]) as usize);
        check(
            "less(lesser,greater)",
            less(&lesser, &greater, now, gates),
            e["less(lesser,greater)"].as_bool().unwrap(),
        )?;
        check(
            "less(greater,lesser)",
            less(&greater, &lesser, now, gates),
            e["less(greater,lesser)"].as_bool().unwrap(),
        )
    }
}

pub fn get_pods_to_delete(group: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let names: Vec<String> = i["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let related: Vec<String> = match &i["related"] {
        Value::Array(r) => r.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        _ => names.clone(),
    };
    let node = |n: &String| node_id(group["pods"][n]["node"].as_str().unwrap());
    let nodes: Vec<Option<u32>> = names.iter().map(node).collect();
    let related_nodes: Vec<Option<u32>> = related.iter().map(node).collect();
    let ranks = ranks_by_related_pods_on_same_node(&nodes, &related_nodes);
    let pods: Vec<RankedPod> = names
        .iter()
        .zip(ranks)
        .map(|(n, r)| pod(&group["pods"][n], r))
        .collect();
    let chosen = pods_to_delete(&pods, i["diff"].as_u64().unwrap() as usize, Some(NOW));
    let got: Vec<String> = chosen.into_iter().map(|k| names[k].clone()).collect();
    let want: Vec<String> = case["expected"]["podsToDelete"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    check("podsToDelete", got, want)
}

pub fn slow_start_batch(_: &Value, case: &Value) -> Result<(), String> {
    let i = &case["inputs"];
    let limit = i["callLimit"].as_u64().unwrap() as usize;
    let mut calls = 0;
    let (successes, made, failed) = batch(
        i["count"].as_u64().unwrap() as usize,
        i["initialBatchSize"].as_u64().unwrap() as usize,
        || {
            calls += 1;
            calls <= limit
        },
    );
    let e = &case["expected"];
    check(
        "successes",
        successes as u64,
        e["successes"].as_u64().unwrap(),
    )?;
    check("calls", made as u64, e["calls"].as_u64().unwrap())?;
    check("error", failed, e["error"].as_bool().unwrap())
}
