//! Mirrors the plugin's views: `kubectl argo rollouts get rollout NAME` (`cmd/get/get_rollout.go`
//! and `info/`), `kubectl argo rollouts status NAME`, and `kubectl get rollout` (the CRD's
//! printer columns). Plain text, as with `--no-color`.

use super::super::format::{human_duration, table};
use super::super::get::pod_status_word;
use crate::api::{PodState, RolloutPhase, RolloutStrategy};
use crate::argo::rollout::{rollout, rs_revision, state, AnalysisPhase};
use crate::argo::utils::canary::{get_current_canary_step, get_current_set_weight};
use crate::argo::utils::replicaset::pod_hash;
use crate::cluster::Cluster;
use crate::sentence::Sentence;

fn phase_icon(p: RolloutPhase) -> &'static str {
    match p {
        RolloutPhase::Progressing => "◌",
        RolloutPhase::Paused => "॥",
        RolloutPhase::Healthy => "✔",
        RolloutPhase::Degraded => "✖",
    }
}

/// `kubectl argo rollouts status NAME`'s line: the phase, and its message if any.
pub fn status_line(c: &Cluster) -> String {
    let st = &state(c).rollout.status;
    let phase = st.phase.unwrap_or(RolloutPhase::Progressing).as_str();
    if st.message.is_empty() {
        phase.to_string()
    } else {
        format!("{phase} - {}", st.message)
    }
}

/// `ActualWeight`: the canary's share of available pods (no router), or the router's weight.
pub fn actual_weight(c: &Cluster) -> i32 {
    let ro = rollout(c);
    let (step, _) = get_current_canary_step(&ro);
    if step.is_none() {
        return 100;
    }
    let available = c.deployment.status.available_replicas;
    if available <= 0 {
        return 0;
    }
    match ro.canary().and_then(|cs| cs.traffic_routing.as_ref()) {
        None => {
            let current = ro.status.current_pod_hash.clone().unwrap_or_default();
            let canary = ro.status.stable_rs.as_deref() != Some(current.as_str());
            c.live_replica_sets()
                .into_iter()
                .rev()
                .map(|i| &c.replica_sets[i])
                .filter(|rs| canary && pod_hash(rs) == current)
                .map(|rs| rs.status.available_replicas * 100 / available)
                .next()
                .unwrap_or(0)
        }
        Some(_) => ro
            .status
            .weights
            .map_or_else(|| get_current_set_weight(&ro), |w| w.canary),
    }
}

/// The INFO tags of a ReplicaSet row: stable, canary / active / preview, delay.
pub fn rs_tags(c: &Cluster, idx: usize) -> Vec<String> {
    let s = state(c);
    let st = &s.rollout.status;
    let rs = &c.replica_sets[idx];
    let hash = Some(pod_hash(rs).to_string());
    let mut tags = Vec::new();
    match s.rollout.spec.strategy {
        RolloutStrategy::BlueGreen(_) => {
            if hash == st.stable_rs {
                tags.push("stable".to_string());
            }
            if hash == st.active_selector {
                tags.push("active".into());
            } else if hash == st.preview_selector {
                tags.push("preview".into());
            }
        }
        _ => {
            if hash == st.stable_rs {
                tags.push("stable".into());
            } else if hash == st.current_pod_hash {
                tags.push("canary".into());
            }
        }
    }
    if let Some(&d) = s.scale_down_deadlines.get(&idx) {
        tags.push(if d > c.now {
            format!("delay:{}", human_duration(d - c.now))
        } else {
            "delay:passed".into()
        });
    }
    tags
}

/// `kubectl argo rollouts get rollout NAME`: the summary, then the tree of revisions,
/// ReplicaSets, pods and AnalysisRuns (at most `pod_limit` pods per ReplicaSet).
pub fn get_rollout(c: &Cluster, pod_limit: usize) -> String {
    let ro = rollout(c);
    let s = state(c);
    let st = &ro.status;
    let now = c.now;
    let phase = st.phase.unwrap_or(RolloutPhase::Progressing);
    let name = &c.deployment.meta.name;
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(format!("{label:<17}{value}").trim_end());
        out.push('\n');
    };
    line("Name:", name.clone());
    line("Namespace:", "default".into());
    line(
        "Status:",
        format!("{} {}", phase_icon(phase), phase.as_str()),
    );
    if !st.message.is_empty() {
        line("Message:", st.message.clone());
    }
    match &ro.spec.strategy {
        RolloutStrategy::BlueGreen(_) => line("Strategy:", "BlueGreen".into()),
        _ => {
            line("Strategy:", "Canary".into());
            let steps = ro.canary().map_or(0, |cs| cs.steps.len());
            let step = match st.current_step_index {
                Some(i) if steps > 0 => format!("{i}/{steps}"),
                _ => String::new(),
            };
            line("  Step:", step);
            line("  SetWeight:", get_current_set_weight(&ro).to_string());
            line("  ActualWeight:", actual_weight(c).to_string());
        }
    }
    // Images: each ReplicaSet with pods, tagged.
    let mut images: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    let live = c.live_replica_sets();
    for &i in &live {
        let rs = &c.replica_sets[i];
        if rs.status.replicas > 0 {
            let tags = rs_tags(c, i)
                .into_iter()
                .filter(|t| !t.starts_with("delay"));
            images
                .entry(rs.spec.template.first_image().to_string())
                .or_default()
                .extend(tags);
        }
    }
    for (n, (image, tags)) in images.iter().enumerate() {
        let text = if tags.is_empty() {
            image.clone()
        } else {
            format!(
                "{image} ({})",
                tags.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        };
        line(if n == 0 { "Images:" } else { "" }, text);
    }
    let d = &c.deployment.status;
    line("Replicas:", String::new());
    line("  Desired:", ro.replicas().to_string());
    line("  Current:", d.replicas.to_string());
    line("  Updated:", d.updated_replicas.to_string());
    line("  Ready:", d.ready_replicas.to_string());
    line("  Available:", d.available_replicas.to_string());
    out.push('\n');

    // The tree.
    let mut rows: Vec<[String; 5]> = vec![[
        format!("⟳ {name}"),
        "Rollout".into(),
        format!("{} {}", phase_icon(phase), phase.as_str()),
        human_duration(now - c.deployment.meta.creation),
        String::new(),
    ]];
    let mut by_revision: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
    for &i in &live {
        by_revision
            .entry(rs_revision(&c.replica_sets[i]))
            .or_default()
            .push(i);
    }
    let revisions: Vec<_> = by_revision.into_iter().rev().collect();
    for (r, (rev, rss)) in revisions.iter().enumerate() {
        let last_rev = r + 1 == revisions.len();
        let (pre, sub) = prefixes(last_rev, "");
        rows.push([
            format!("{pre}# revision:{rev}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        let runs: Vec<_> = s
            .runs
            .iter()
            .filter(|run| {
                rss.iter()
                    .any(|&i| pod_hash(&c.replica_sets[i]) == run.pod_hash)
            })
            .filter(|run| run.started <= now)
            .collect();
        let children = rss.len() + runs.len();
        for (k, &i) in rss.iter().enumerate() {
            let rs = &c.replica_sets[i];
            let (rpre, rsub) = prefixes(k + 1 == children, &sub);
            let status = if rs.status.available_replicas < rs.spec.replicas {
                "◌ Progressing"
            } else if rs.spec.replicas == 0 {
                "• ScaledDown"
            } else {
                "✔ Healthy"
            };
            rows.push([
                format!("{rpre}⧉ {}", rs.meta.name),
                "ReplicaSet".into(),
                status.into(),
                human_duration(now - rs.meta.creation),
                rs_tags(c, i).join(","),
            ]);
            let pods: Vec<_> = c.existing_pods().filter(|p| p.owner == i).collect();
            let shown = pods.len().min(pod_limit);
            for (j, p) in pods.iter().take(shown).enumerate() {
                let last = j + 1 == shown && pods.len() <= pod_limit;
                let (ppre, _) = prefixes(last, &rsub);
                let state = p.state(rs.spec.min_ready_seconds, now);
                let word = pod_status_word(state);
                let icon = match state {
                    PodState::Running | PodState::Ready | PodState::Available => "✔",
                    PodState::CrashLoopBackOff => "✖",
                    PodState::ImagePullBackOff => "⚠",
                    _ => "◌",
                };
                let ready = if p.is_ready(now) { 1 } else { 0 };
                let mut info = format!("ready:{ready}/1");
                let restarts = p.restarts(now);
                if restarts > 0 {
                    info.push_str(&format!(",restarts:{restarts}"));
                }
                rows.push([
                    format!("{ppre}□ {}", c.pod_name(p)),
                    "Pod".into(),
                    format!("{icon} {word}"),
                    human_duration(now - p.created),
                    info,
                ]);
            }
            if pods.len() > pod_limit {
                let (ppre, _) = prefixes(true, &rsub);
                rows.push([
                    format!("{ppre}… {} more pods", pods.len() - pod_limit),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        for (k, run) in runs.iter().enumerate() {
            let (apre, _) = prefixes(rss.len() + k + 1 == children, &sub);
            let (icon, word) = match run.phase_at(now) {
                None => ("◌", "Running"),
                Some(AnalysisPhase::Successful) => ("✔", "Successful"),
                Some(AnalysisPhase::Failed) => ("✖", "Failed"),
                Some(AnalysisPhase::Inconclusive) => ("?", "Inconclusive"),
                Some(AnalysisPhase::Error) => ("⚠", "Error"),
            };
            rows.push([
                format!("{apre}α {}", run.name),
                "AnalysisRun".into(),
                format!("{icon} {word}"),
                human_duration(now - run.started),
                String::new(),
            ]);
        }
    }
    let headers = ["NAME", "KIND", "STATUS", "AGE", "INFO"];
    let widths: Vec<usize> = (0..5)
        .map(|k| {
            rows.iter()
                .map(|r| r[k].chars().count())
                .chain([headers[k].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut emit = |cells: [&str; 5]| {
        let mut l = String::new();
        for (k, cell) in cells.iter().enumerate() {
            l.push_str(cell);
            if k < 4 {
                l.push_str(&" ".repeat(widths[k] - cell.chars().count() + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    emit(headers);
    for r in &rows {
        emit([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
    out
}

/// `getPrefixes`: the branch of a tree row, and what its children are drawn under.
fn prefixes(last: bool, sub: &str) -> (String, String) {
    if last {
        (format!("{sub}└──"), format!("{sub}   "))
    } else {
        (format!("{sub}├──"), format!("{sub}│  "))
    }
}

/// `kubectl get rollout`: the CRD's printer columns (a zero count is an empty cell, as the
/// status omits it).
pub fn get_rollouts(c: &Cluster) -> String {
    let d = &c.deployment.status;
    let cell = |n: i32| if n == 0 { String::new() } else { n.to_string() };
    let rows = vec![vec![
        c.deployment.meta.name.clone(),
        c.deployment.spec.replicas.to_string(),
        cell(d.replicas),
        cell(d.updated_replicas),
        cell(d.available_replicas),
        human_duration(c.now - c.deployment.meta.creation),
    ]];
    table(
        &[
            "NAME",
            "DESIRED",
            "CURRENT",
            "UP-TO-DATE",
            "AVAILABLE",
            "AGE",
        ],
        &rows,
    )
}

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    Done,
    Current,
    Ahead,
}

/// What the page shows of a Rollout at a moment: the phase, the steps with the current one, the
/// weights, where requests go, and the plugin's views.
#[derive(Clone, Debug, PartialEq)]
pub struct RolloutView {
    pub strategy: &'static str,
    pub phase: String,
    pub message: String,
    pub steps: Vec<(String, StepState)>,
    pub set_weight: i32,
    pub actual_weight: i32,
    /// Where requests go now, in a sentence.
    pub route: Sentence,
    pub get_rollout: String,
    pub get_rollouts: String,
}

/// The Rollout at the cluster's moment, for the page.
pub fn view(c: &Cluster, pod_limit: usize) -> RolloutView {
    let ro = rollout(c);
    let st = &ro.status;
    let index = st.current_step_index.unwrap_or(0).max(0) as usize;
    let steps = ro
        .canary()
        .map(|cs| {
            cs.steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let state = match i.cmp(&index) {
                        std::cmp::Ordering::Less => StepState::Done,
                        std::cmp::Ordering::Equal => StepState::Current,
                        std::cmp::Ordering::Greater => StepState::Ahead,
                    };
                    (crate::argo::rollout::canary::step_string(s), state)
                })
                .collect()
        })
        .unwrap_or_default();
    RolloutView {
        strategy: if ro.blue_green().is_some() {
            "BlueGreen"
        } else {
            "Canary"
        },
        phase: st
            .phase
            .unwrap_or(RolloutPhase::Progressing)
            .as_str()
            .into(),
        message: st.message.clone(),
        steps,
        set_weight: get_current_set_weight(&ro),
        actual_weight: actual_weight(c),
        route: route_sentence(c),
        get_rollout: get_rollout(c, pod_limit),
        get_rollouts: get_rollouts(c),
    }
}

/// Where requests go now: the active Service's ReplicaSet, the router's split, or every ready
/// pod.
pub fn route_sentence(c: &Cluster) -> Sentence {
    use crate::argo::rollout::Route;
    let s = state(c);
    let revision_of = |hash: &str| revision_and_ready(c, hash).0;
    match s.route_at(c.now) {
        Route::AllPods => Sentence::new(
            "the Service spreads requests over every ready pod, old and new",
            &[],
        ),
        Route::Selector(hash) => Sentence::new(
            "the active Service selects revision {revision} ({hash})",
            &[("revision", &revision_of(&hash)), ("hash", &hash)],
        ),
        Route::Weighted {
            canary_hash,
            stable_hash,
            canary,
            max,
        } => {
            let pct = |w: i32| {
                crate::explain::format_number(f64::from(w) * 100.0 / f64::from(max.max(1)))
            };
            if canary_hash == stable_hash || canary == 0 {
                Sentence::new(
                    "the router sends every request to revision {revision}",
                    &[("revision", &revision_of(&stable_hash))],
                )
            } else {
                Sentence::new(
                    "the router sends {canary}% to the canary (revision {canary_revision}) and {stable}% to the stable (revision {stable_revision})",
                    &[
                        ("canary", &pct(canary)),
                        ("canary_revision", &revision_of(&canary_hash)),
                        ("stable", &pct(max - canary)),
                        ("stable_revision", &revision_of(&stable_hash)),
                    ],
                )
            }
        }
    }
}

/// The stage's Service line for a Rollout: what the active Service or the router selects now,
/// with the ready endpoints of each.
pub fn service_line(c: &Cluster) -> Sentence {
    use crate::argo::rollout::Route;
    let s = state(c);
    let ready_of = |hash: &str| revision_and_ready(c, hash);
    let name = &c.deployment.meta.name;
    match s.route_at(c.now) {
        Route::AllPods => {
            let ready = c.existing_pods().filter(|p| p.is_ready(c.now)).count();
            Sentence::new(
                "Service {name}  →  {ready} ready endpoints, old and new",
                &[("name", name), ("ready", &ready)],
            )
        }
        Route::Selector(hash) => {
            let (rev, ready) = ready_of(&hash);
            let svc = s
                .rollout
                .blue_green()
                .map_or(name.clone(), |b| b.active_service.clone());
            Sentence::new(
                "Service {name} (active)  →  revision {revision}: {ready} ready endpoints",
                &[("name", &svc), ("revision", &rev), ("ready", &ready)],
            )
        }
        Route::Weighted {
            canary_hash,
            stable_hash,
            canary,
            max,
        } => {
            let (srev, sready) = ready_of(&stable_hash);
            if canary_hash == stable_hash || canary == 0 {
                return Sentence::new(
                    "Router  →  100% to revision {revision} ({ready} ready)",
                    &[("revision", &srev), ("ready", &sready)],
                );
            }
            let (crev, cready) = ready_of(&canary_hash);
            let pct = |w: i32| {
                crate::explain::format_number(f64::from(w) * 100.0 / f64::from(max.max(1)))
            };
            Sentence::new(
                "Router  →  {canary}% to revision {canary_revision} ({canary_ready} ready)  ·  {stable}% to revision {stable_revision} ({stable_ready} ready)",
                &[
                    ("canary", &pct(canary)),
                    ("canary_revision", &crev),
                    ("canary_ready", &cready),
                    ("stable", &pct(max - canary)),
                    ("stable_revision", &srev),
                    ("stable_ready", &sready),
                ],
            )
        }
    }
}

/// The revision of the ReplicaSet of a pod hash and its ready pods now ((0, 0) when none).
fn revision_and_ready(c: &Cluster, hash: &str) -> (i64, usize) {
    let Some(i) = c
        .live_replica_sets()
        .into_iter()
        .find(|&i| pod_hash(&c.replica_sets[i]) == hash)
    else {
        return (0, 0);
    };
    let ready = c
        .existing_pods()
        .filter(|p| p.owner == i && p.is_ready(c.now))
        .count();
    (rs_revision(&c.replica_sets[i]), ready)
}
