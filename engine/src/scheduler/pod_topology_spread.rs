//! The PodTopologySpread plugin's scoring with the system default constraints
//! (pkg/scheduler/framework/plugins/podtopologyspread/scoring.go): spread a ReplicaSet's pods
//! over hostnames (maxSkew 3, ScheduleAnyway). The zone constraint (maxSkew 5) scores nothing
//! here: simulated nodes carry no zone label.

/// `maxSkew` of the default hostname constraint.
const HOSTNAME_MAX_SKEW: i64 = 3;

/// Mirrors `Score` for the hostname constraint: the node's count of the pod's siblings (pods of
/// the same ReplicaSet, terminating ones not counted) weighted by `log(nodes + 2)`, plus
/// `maxSkew - 1`, rounded.
pub fn score(siblings_on_node: u32, feasible_nodes: usize) -> i64 {
    let weight = ((feasible_nodes + 2) as f64).ln();
    (f64::from(siblings_on_node) * weight + (HOSTNAME_MAX_SKEW - 1) as f64).round() as i64
}

/// Mirrors `NormalizeScore` for one score, given the lowest and highest over the feasible
/// nodes: fewer siblings, higher score; `100 * (max + min - s) / max` (100 when all are 0).
pub fn normalized(s: i64, min: i64, max: i64) -> i64 {
    if max == 0 {
        100
    } else {
        100 * (max + min - s) / max
    }
}

/// [`normalized`] over every feasible node's score.
#[cfg(test)]
fn normalize(scores: &mut [i64]) {
    let (min, max) = scores
        .iter()
        .fold((i64::MAX, 0), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    for s in scores.iter_mut() {
        *s = normalized(*s, min, max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_siblings_score_higher() {
        // 3 nodes: weight ln 5 = 1.609; counts 0, 1, 2 score 2, 4 (3.61), 5 (5.22).
        let mut s: Vec<i64> = [0, 1, 2].iter().map(|&n| score(n, 3)).collect();
        assert_eq!(s, [2, 4, 5]);
        normalize(&mut s);
        // 100 * (5 + 2 - s) / 5: 100, 60, 40.
        assert_eq!(s, [100, 60, 40]);
        let mut even = vec![score(1, 3); 3];
        normalize(&mut even);
        assert_eq!(even, [100, 100, 100]);
    }
}
