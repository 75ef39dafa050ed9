//! `pkg/controller/deployment/sync.go`: finding and creating ReplicaSets, proportional scaling,
//! history cleanup and status.

use super::util::{self, max_surge, max_unavailable};
use crate::api::{
    annotations, new_deployment_condition, reasons, ConditionStatus, ConditionType, Deployment,
    DeploymentStatus, ReplicaSet, StrategyType,
};
use crate::cluster::Cluster;
use crate::hash::compute_hash;
use crate::sentence::Sentence;
use crate::trace::{seconds, Record};

/// Mirrors `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created if asked and
/// missing) and all the old ones, as cluster indices.
pub fn get_all_replica_sets_and_sync_revision(
    c: &mut Cluster,
    rs_list: &[usize],
    create_if_not_existed: bool,
) -> (Option<usize>, Vec<usize>) {
    let refs = c.refs(rs_list);
    let (old, _) = util::find_old_replica_sets(&c.deployment, &refs);
    let old: Vec<usize> = old.into_iter().map(|i| rs_list[i]).collect();
    let new = get_new_replica_set(c, rs_list, &old, create_if_not_existed);
    (new, old)
}

/// Mirrors `getNewReplicaSet`: syncs the existing new ReplicaSet's revision and minReadySeconds,
/// or creates it sized by `NewRSNewReplicas`.
pub fn get_new_replica_set(
    c: &mut Cluster,
    rs_list: &[usize],
    old: &[usize],
    create_if_not_existed: bool,
) -> Option<usize> {
    let refs = c.refs(rs_list);
    let existing = util::find_new_replica_set(&c.deployment, &refs).map(|i| rs_list[i]);
    let new_revision = util::max_revision(old.iter().map(|&i| &c.replica_sets[i])) + 1;

    if let Some(i) = existing {
        // Updated in place, not on a copy per sync. Upstream updates its copy only when
        // SetNewReplicaSetAnnotations reports a change, and it reports none (discarding what it
        // copied) when the revision annotation does not parse: such a ReplicaSet is left as is.
        let rs = &mut c.replica_sets[i];
        let revision_parses = rs
            .meta
            .annotations
            .get(annotations::REVISION)
            .is_none_or(|v| v.is_empty() || v.parse::<i64>().is_ok());
        if revision_parses {
            util::set_new_replica_set_annotations(
                &c.deployment,
                rs,
                new_revision,
                true,
                util::MAX_REV_HISTORY_LENGTH_IN_CHARS,
            );
        }
        if rs.spec.min_ready_seconds != c.deployment.spec.min_ready_seconds {
            rs.spec.min_ready_seconds = c.deployment.spec.min_ready_seconds;
            rs.meta.generation += 1;
        }
        let revision = c.replica_sets[i].revision().to_string();
        set_deployment_revision(&mut c.deployment, revision);
        if util::has_progress_deadline(&c.deployment)
            && c.deployment
                .status
                .condition(ConditionType::Progressing)
                .is_none()
        {
            let msg = format!("Found new replica set {:?}", c.replica_sets[i].meta.name);
            let cond = new_deployment_condition(
                ConditionType::Progressing,
                ConditionStatus::True,
                reasons::FOUND_NEW_RS,
                msg,
                c.now,
            );
            c.deployment.status.set_condition(cond);
        }
        return Some(i);
    }
    if !create_if_not_existed {
        return None;
    }
    Some(create_new_replica_set(c, old, new_revision))
}

fn set_deployment_revision(d: &mut Deployment, revision: String) {
    if d.meta.annotations.get(annotations::REVISION) != Some(&revision) {
        d.meta
            .annotations
            .insert(annotations::REVISION.to_string(), revision);
    }
}

fn create_new_replica_set(c: &mut Cluster, old: &[usize], new_revision: i64) -> usize {
    let d = &c.deployment;
    let template = d.spec.template.clone();
    // A name taken by a ReplicaSet with another template is a hash collision: bump and retry.
    let mut collision_count = 0u32;
    let name = loop {
        let candidate = format!(
            "{}-{}",
            d.meta.name,
            compute_hash(&template, collision_count)
        );
        if !c.replica_sets.iter().any(|rs| rs.meta.name == candidate) {
            break candidate;
        }
        collision_count += 1;
    };
    let mut rs = ReplicaSet::created(name.clone(), 0, template, d.spec.min_ready_seconds, c.now);
    util::set_new_replica_set_annotations(
        d,
        &mut rs,
        new_revision,
        false,
        util::MAX_REV_HISTORY_LENGTH_IN_CHARS,
    );
    let mut all: Vec<&ReplicaSet> = old.iter().map(|&i| &c.replica_sets[i]).collect();
    all.push(&rs);
    let sizing = util::new_rs_new_replicas(d, &all, 0);
    let (new_replicas, why) = match &sizing {
        Ok(w) => (w.new_replicas, explain_new_replicas(d, w, 0)),
        Err(e) => (
            0,
            Sentence::plain(format!("maxSurge could not be resolved: {e}")),
        ),
    };
    rs.spec.replicas = new_replicas;
    rs.meta.uid = c.next_uid();
    let revision = rs.revision();
    let image = rs.spec.template.first_image().to_string();
    c.replica_sets.push(rs);
    let idx = c.replica_sets.len() - 1;
    // Upstream records "Scaled up replica set X to N" only when N > 0: a ReplicaSet created
    // with 0 replicas (a rollover at the surge limit, maxSurge 0) has no scale to report.
    if new_replicas > 0 {
        let t = seconds(c.now);
        c.record(Record::Scale {
            t,
            replica_set: name.clone(),
            revision,
            image,
            from: 0,
            to: new_replicas,
            why,
        });
        record_scaling_event(
            c,
            format!("Scaled up replica set {name} from 0 to {new_replicas}"),
        );
    }
    set_deployment_revision(&mut c.deployment, new_revision.to_string());
    if util::has_progress_deadline(&c.deployment) {
        let cond = new_deployment_condition(
            ConditionType::Progressing,
            ConditionStatus::True,
            reasons::NEW_RS_CREATED,
            format!("Created new replica set {name:?}"),
            c.now,
        );
        c.deployment.status.set_condition(cond);
        // getNewReplicaSet writes this status at once.
        super::record_condition_changes(c);
    }
    idx
}

/// The "Why?" of a `NewRSNewReplicas` decision, in plain words.
pub fn explain_new_replicas(d: &Deployment, w: &util::NewReplicasWhy, from: i32) -> Sentence {
    if d.spec.strategy.kind == StrategyType::Recreate {
        return Sentence::new(
            "Recreate: the new ReplicaSet gets all {replicas} replicas at once",
            &[("replicas", &d.spec.replicas)],
        );
    }
    if w.current >= w.max_total {
        return Sentence::new(
            "total may reach {max} = {replicas} + surge {surge}; {current} already exist; so the new ReplicaSet stays at {from}",
            &[
                ("max", &w.max_total),
                ("replicas", &d.spec.replicas),
                ("surge", &w.max_surge),
                ("current", &w.current),
                ("from", &from),
            ],
        );
    }
    Sentence::new(
        "total may reach {max} = {replicas} + surge {surge}; {current} exist; so the new ReplicaSet grows by min({room} room, {missing} still missing) = {grows}",
        &[
            ("max", &w.max_total),
            ("replicas", &d.spec.replicas),
            ("surge", &w.max_surge),
            ("current", &w.current),
            ("room", &(w.max_total - w.current)),
            ("missing", &(d.spec.replicas - from)),
            ("grows", &(w.new_replicas - from)),
        ],
    )
}

fn record_scaling_event(c: &mut Cluster, message: String) {
    let object = format!("deployment/{}", c.deployment.meta.name);
    c.record(Record::Event {
        t: seconds(c.now),
        kind: "Normal".into(),
        reason: "ScalingReplicaSet".into(),
        object,
        message,
    });
}

/// Mirrors `scaleReplicaSetAndRecordEvent`: scales only when the size differs.
pub fn scale_replica_set_and_record_event(
    c: &mut Cluster,
    idx: usize,
    new_scale: i32,
    why: impl Into<Sentence>,
) -> bool {
    let current = c.replica_sets[idx].spec.replicas;
    if current == new_scale {
        return false;
    }
    let op = if current < new_scale { "up" } else { "down" };
    scale_replica_set(c, idx, new_scale, op, why.into());
    true
}

/// Mirrors `scaleReplicaSet`: writes the size and the desired/max annotations; an event when the
/// size changed.
pub fn scale_replica_set(c: &mut Cluster, idx: usize, new_scale: i32, op: &str, why: Sentence) {
    let desired = c.deployment.spec.replicas;
    let max = desired + max_surge(&c.deployment);
    let rs = &mut c.replica_sets[idx];
    let from = rs.spec.replicas;
    let size_needs_update = from != new_scale;
    let annotations_need_update = util::replicas_annotations_need_update(rs, desired, max);
    if !size_needs_update && !annotations_need_update {
        return;
    }
    rs.spec.replicas = new_scale;
    util::set_replicas_annotations(rs, desired, max);
    if !size_needs_update {
        return;
    }
    rs.meta.generation += 1;
    let name = rs.meta.name.clone();
    let why = match crate::controller::replicaset::late_availability_note(c) {
        Some(note) => Sentence::plain(format!("{why} (waited for availability: {note})")),
        None => why,
    };
    let rs = &c.replica_sets[idx];
    let record = Record::Scale {
        t: seconds(c.now),
        replica_set: name.clone(),
        revision: rs.revision(),
        image: rs.spec.template.first_image().to_string(),
        from,
        to: new_scale,
        why,
    };
    c.record(record);
    record_scaling_event(
        c,
        format!("Scaled {op} replica set {name} from {from} to {new_scale}"),
    );
}

/// Mirrors `FindActiveOrLatest`: the one active ReplicaSet, or the latest when none is active.
/// Like upstream it sorts `old` in place, newest first (`sort.Reverse(ReplicaSetsByCreationTimestamp)`),
/// and its caller goes on with that order.
pub fn find_active_or_latest(c: &Cluster, new: Option<usize>, old: &mut [usize]) -> Option<usize> {
    if new.is_none() && old.is_empty() {
        return None;
    }
    old.sort_by(|&a, &b| util::by_creation_timestamp(&c.replica_sets[b], &c.replica_sets[a]));
    let active: Vec<usize> = old
        .iter()
        .copied()
        .chain(new)
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .collect();
    match active.len() {
        0 => new.or(old.first().copied()),
        1 => Some(active[0]),
        _ => None,
    }
}

/// Mirrors `DeploymentController.scale`: proportional scaling of the active ReplicaSets when
/// spec.replicas changes (or while paused).
pub fn scale(c: &mut Cluster, new: Option<usize>, old: &[usize]) {
    let replicas = c.deployment.spec.replicas;
    let mut old = old.to_vec();
    if let Some(rs) = find_active_or_latest(c, new, &mut old) {
        if c.replica_sets[rs].spec.replicas == replicas {
            return;
        }
        let why = Sentence::new(
            "the only active ReplicaSet follows spec.replicas = {replicas}",
            &[("replicas", &replicas)],
        );
        scale_replica_set_and_record_event(c, rs, replicas, why);
        return;
    }
    // `old` is now newest first: a saturated new ReplicaSet zeroes the newest old one first.
    if util::is_saturated(&c.deployment, new.map(|i| &c.replica_sets[i])) {
        for &i in &old {
            if c.replica_sets[i].spec.replicas > 0 {
                let why =
                    "the new ReplicaSet is saturated (all replicas available): old ones go to 0, newest first"
                        .to_string();
                scale_replica_set_and_record_event(c, i, 0, why);
            }
        }
        return;
    }
    if c.deployment.spec.strategy.kind != StrategyType::RollingUpdate {
        return;
    }
    let mut all: Vec<usize> = old
        .iter()
        .copied()
        .chain(new)
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .collect();
    let all_rss_replicas: i32 = all.iter().map(|&i| c.replica_sets[i].spec.replicas).sum();
    let surge = max_surge(&c.deployment);
    let allowed = if replicas > 0 { replicas + surge } else { 0 };
    let to_add = allowed - all_rss_replicas;
    let op = match to_add.cmp(&0) {
        std::cmp::Ordering::Greater => {
            all.sort_by(|&a, &b| util::by_size_newer(&c.replica_sets[a], &c.replica_sets[b]));
            "up"
        }
        std::cmp::Ordering::Less => {
            all.sort_by(|&a, &b| util::by_size_older(&c.replica_sets[a], &c.replica_sets[b]));
            "down"
        }
        std::cmp::Ordering::Equal => "",
    };
    let mut added = 0;
    let mut sizes: Vec<i32> = Vec::with_capacity(all.len());
    for &i in &all {
        let rs = &c.replica_sets[i];
        if to_add != 0 {
            let p = util::get_proportion(Some(rs), &c.deployment, to_add, added);
            sizes.push(rs.spec.replicas + p);
            added += p;
        } else {
            sizes.push(rs.spec.replicas);
        }
    }
    for (n, &i) in all.iter().enumerate() {
        if n == 0 && to_add != 0 {
            sizes[0] = (sizes[0] + to_add - added).max(0);
        }
        let (add, size) = (format!("{to_add:+}"), c.replica_sets[i].spec.replicas);
        let args: &[(&'static str, &dyn std::fmt::Display)] = &[
            ("add", &add),
            ("allowed", &allowed),
            ("replicas", &replicas),
            ("surge", &surge),
            ("active", &all_rss_replicas),
            ("size", &size),
            ("share", &sizes[n]),
        ];
        let why = if n == 0 && to_add != 0 {
            Sentence::new("proportional scaling: {add} replicas to share = allowed {allowed} ({replicas} + surge {surge}) - {active} in active ReplicaSets; this one's share of {size} is {share} (the largest takes the rounding leftover)", args)
        } else {
            Sentence::new("proportional scaling: {add} replicas to share = allowed {allowed} ({replicas} + surge {surge}) - {active} in active ReplicaSets; this one's share of {size} is {share}", args)
        };
        scale_replica_set(c, i, sizes[n], op, why);
    }
}

/// Mirrors `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from
/// spec.replicas.
pub fn is_scaling_event(c: &mut Cluster, rs_list: &[usize]) -> bool {
    let (new, old) = get_all_replica_sets_and_sync_revision(c, rs_list, false);
    let replicas = c.deployment.spec.replicas;
    old.iter().copied().chain(new).any(|i| {
        let rs = &c.replica_sets[i];
        rs.spec.replicas > 0
            && util::get_non_negative_int32_from_annotation(rs, annotations::DESIRED_REPLICAS)
                .is_some_and(|desired| desired != replicas)
    })
}

/// Mirrors `DeploymentController.sync`: scaling and status for a paused Deployment or a scaling
/// event; never a rollout step.
pub fn sync(c: &mut Cluster, rs_list: &[usize]) {
    let (new, old) = get_all_replica_sets_and_sync_revision(c, rs_list, false);
    scale(c, new, &old);
    if c.deployment.spec.paused {
        cleanup_deployment(c, &old);
    }
    let all: Vec<usize> = old.iter().copied().chain(new).collect();
    sync_deployment_status(c, &all, new);
}

/// Mirrors `cleanupDeployment`: deletes the oldest fully scaled-down ReplicaSets beyond
/// revisionHistoryLimit; one that still has pods is skipped, not replaced.
pub fn cleanup_deployment(c: &mut Cluster, old: &[usize]) {
    let Some(limit) = c
        .deployment
        .spec
        .revision_history_limit
        .filter(|&l| l != i32::MAX)
    else {
        return;
    };
    let mut alive: Vec<usize> = old
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].meta.deletion.is_none())
        .collect();
    let diff = alive.len() as i64 - i64::from(limit);
    if diff <= 0 {
        return;
    }
    alive.sort_by(|&a, &b| util::by_revision(&c.replica_sets[a], &c.replica_sets[b]));
    for &i in alive.iter().take(diff as usize) {
        let rs = &c.replica_sets[i];
        if rs.status.replicas != 0
            || rs.spec.replicas != 0
            || rs.meta.generation > rs.status.observed_generation
            || rs.meta.deletion.is_some()
        {
            continue;
        }
        c.replica_sets[i].meta.deletion = Some(c.now);
    }
}

/// Mirrors `calculateStatus` of the Deployment controller.
pub fn calculate_status(
    d: &Deployment,
    all: &[&ReplicaSet],
    new: Option<&ReplicaSet>,
) -> DeploymentStatus {
    let available = util::get_available_replica_count_for_replica_sets(all.iter().copied());
    let total = util::get_replica_count_for_replica_sets(all.iter().copied());
    DeploymentStatus {
        observed_generation: d.meta.generation,
        replicas: util::get_actual_replica_count_for_replica_sets(all.iter().copied()),
        updated_replicas: new.map_or(0, |rs| rs.status.replicas),
        ready_replicas: util::get_ready_replica_count_for_replica_sets(all.iter().copied()),
        available_replicas: available,
        unavailable_replicas: (total - available).max(0),
        conditions: d.status.conditions.clone(),
    }
}

/// Sets the Available condition on a freshly calculated status (the tail of `calculateStatus`).
pub fn set_available_condition(
    d: &Deployment,
    status: &mut DeploymentStatus,
    now: crate::api::Millis,
) {
    let cond = if status.available_replicas >= d.spec.replicas - max_unavailable(d) {
        new_deployment_condition(
            ConditionType::Available,
            ConditionStatus::True,
            reasons::MIN_AVAILABLE,
            "Deployment has minimum availability.".into(),
            now,
        )
    } else {
        new_deployment_condition(
            ConditionType::Available,
            ConditionStatus::False,
            reasons::MIN_UNAVAILABLE,
            "Deployment does not have minimum availability.".into(),
            now,
        )
    };
    status.set_condition(cond);
}

/// The status as the Deployment controller computes it, Available condition included.
pub fn new_status(c: &Cluster, all: &[usize], new: Option<usize>) -> DeploymentStatus {
    let refs = c.refs(all);
    let mut status = calculate_status(&c.deployment, &refs, new.map(|i| &c.replica_sets[i]));
    set_available_condition(&c.deployment, &mut status, c.now);
    status
}

/// Mirrors `syncDeploymentStatus`: writes the status when it changed.
pub fn sync_deployment_status(c: &mut Cluster, all: &[usize], new: Option<usize>) {
    let status = new_status(c, all, new);
    if c.deployment.status != status {
        c.deployment.status = status;
    }
}

/// Mirrors `checkPausedConditions`: Progressing=Unknown with DeploymentPaused or
/// DeploymentResumed, which also restarts the deadline clock.
pub fn check_paused_conditions(c: &mut Cluster) {
    if !util::has_progress_deadline(&c.deployment) {
        return;
    }
    let cond = c.deployment.status.condition(ConditionType::Progressing);
    if cond.is_some_and(|c| c.reason == reasons::TIMED_OUT) {
        return;
    }
    let paused_exists = cond.is_some_and(|c| c.reason == reasons::PAUSED);
    let (reason, message) = if c.deployment.spec.paused && !paused_exists {
        (reasons::PAUSED, "Deployment is paused")
    } else if !c.deployment.spec.paused && paused_exists {
        (reasons::RESUMED, "Deployment is resumed")
    } else {
        return;
    };
    let cond = new_deployment_condition(
        ConditionType::Progressing,
        ConditionStatus::Unknown,
        reason,
        message.into(),
        c.now,
    );
    c.deployment.status.set_condition(cond);
}
