//! Starting from a cluster's state ([`ClusterState`]) instead of a finished rollout: its
//! ReplicaSets and pods as they were when the List was taken (t = 0). What happens next to a
//! pod that is not Ready yet is drawn from its image's behaviour, counted from its start, as for
//! any pod; a deleted pod goes when its grace period or its image's stop time says.

use crate::api::{Fate, Millis, Pod};
use crate::cluster::Cluster;
use crate::import::{ClusterState, Waiting};
use crate::trace::Record;

/// Fills an empty cluster with the state's objects.
pub(super) fn restore_state(c: &mut Cluster, s: &ClusterState, edited: bool) {
    let d = &mut c.deployment;
    d.meta.creation = s.created;
    // An edit of the spec since the List was taken is a write the controller has not seen.
    d.meta.generation = s.generation + i64::from(edited);
    d.status = s.status.clone();
    c.recorded_conditions = d
        .status
        .conditions
        .iter()
        .map(|cond| (cond.kind, cond.status, cond.reason.clone()))
        .collect();
    // The List's nodes, by name, then the scenario's others; each as the scenario shapes them.
    for (i, name) in s.nodes.iter().enumerate() {
        if i == c.nodes.len() {
            let mut extra = c.nodes[0].clone();
            extra.autoscaled = false;
            c.nodes.push(extra);
        }
        c.nodes[i].name = name.clone();
    }
    for rs in &s.replica_sets {
        let mut rs = rs.clone();
        rs.meta.uid = c.next_uid();
        c.replica_sets.push(rs);
    }
    for p in &s.pods {
        restore_pod(c, p);
    }
    let now = c.now;
    for (i, rs) in c.replica_sets.clone().iter().enumerate() {
        if rs.meta.deletion.is_some() {
            continue;
        }
        let pods = c
            .pods
            .iter()
            .filter(|p| p.owner == i && p.exists(now))
            .count() as i32;
        c.record(Record::Initial {
            t: 0.0,
            replica_set: rs.meta.name.clone(),
            revision: rs.revision(),
            image: rs.spec.template.first_image().to_string(),
            replicas: pods,
        });
    }
}

fn restore_pod(c: &mut Cluster, p: &crate::import::StatePod) {
    let uid = c.next_uid();
    let image = c.replica_sets[p.owner]
        .spec
        .template
        .first_image()
        .to_string();
    let grace_ms = c.replica_sets[p.owner].spec.template.grace_period_ms();
    let behaviour = c.behaviours.of(&image);
    let fate = match (p.waiting, p.ready_since) {
        (Some(Waiting::CrashLoopBackOff), _) => Fate::CrashLoop,
        (Some(Waiting::ImagePullBackOff), _) => Fate::PullError,
        (_, Some(_)) => Fate::Healthy,
        _ => behaviour.pod_fate(c.seed, uid),
    };
    let times = behaviour.pod_times(c.seed, uid);
    let scheduled = p.node.is_some();
    // When it was scheduled: its container starts halfway to Ready.
    let base = p
        .started
        .map(|s| s - times.start_after)
        .unwrap_or(p.created);
    let started = match (scheduled, p.started) {
        (false, _) => Millis::MAX,
        (true, Some(s)) => s,
        (true, None) => base + times.start_after,
    };
    let ready = match (p.ready_since, fate, scheduled) {
        (Some(r), ..) => Some(r),
        (None, Fate::Healthy, true) => Some((base + times.ready_after).max(c.now)),
        _ => None,
    };
    let stop = behaviour.stop_after_ms(c.seed, uid, i64::MAX / 2000);
    let gone = p.deleted.map(|d| {
        let grace = p.grace_seconds.map_or(grace_ms, |g| g.max(0) * 1000);
        if scheduled {
            d + (c.pre_stop_ms + stop).min(grace)
        } else {
            d
        }
    });
    if gone.is_some_and(|g| g <= c.now) {
        return; // gone before the List's moment
    }
    let slow = times.slow && p.ready_since.is_none();
    let name_prefix = c.name_prefix(&c.replica_sets[p.owner].meta.name.clone());
    let pod = Pod {
        name_prefix,
        uid,
        owner: p.owner,
        created: p.created,
        node: p.node,
        fate,
        started,
        ready,
        serving: ready,
        slow,
        deleted: p.deleted,
        gone,
        pod_deletion_cost: p.deletion_cost,
        unready: None,
    };
    if let (Some(n), true) = (p.node, started <= c.now) {
        let cache = c.node_images.entry(image).or_default();
        cache.entry(n).or_insert(started.min(c.now));
    }
    for t in [started, ready.unwrap_or(0), gone.unwrap_or(0)] {
        if t != Millis::MAX {
            c.wake_at(t);
        }
    }
    c.pod_names.insert(uid, p.name.clone());
    c.pods.push(pod);
    c.rs_queue.forget_counts();
}
