//! Guided lessons: a scenario plus steps that stop the timeline at the moments that matter,
//! say what just happened, and state claims the engine can check ("the new ReplicaSet is at 3
//! now"). The same claims are checked by the tests, so a lesson cannot teach a wrong number.

use crate::api::validation::FieldError;
use crate::intstr::IntOrString;
use crate::sim::snapshot::counts;
use crate::sim::{Scenario, Simulation};
use crate::trace::Record;
use serde::Deserialize;
use serde_json::Value;

/// A lesson file (`lessons/*.yaml`).
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub scenario: Scenario,
    pub steps: Vec<Step>,
}

/// Which part of the page a step points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Pane {
    #[default]
    Stage,
    Chart,
    Kubectl,
    Why,
    Fenceposts,
    Traffic,
    Settings,
    Cluster,
}

impl Pane {
    pub fn id(self) -> &'static str {
        match self {
            Pane::Stage => "stage",
            Pane::Chart => "chart",
            Pane::Kubectl => "kubectl",
            Pane::Why => "why",
            Pane::Fenceposts => "fenceposts",
            Pane::Traffic => "traffic",
            Pane::Settings => "settings",
            Pane::Cluster => "cluster",
        }
    }
}

/// One stop of a lesson.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Where the timeline stops, in seconds.
    pub at: f64,
    #[serde(default)]
    pub pane: Pane,
    pub text: String,
    /// A manifest the step shows as written (read by the engine with its own API version's
    /// defaults, with what a cluster of today says of it).
    #[serde(default)]
    pub manifest: Option<String>,
    /// A second setting shown beside the lesson's (maxSurge, maxUnavailable).
    #[serde(default)]
    pub compare: Option<ComparePair>,
    #[serde(default)]
    pub checks: Vec<Claim>,
}

/// maxSurge and maxUnavailable of a setting compared with the lesson's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComparePair {
    pub max_surge: i32,
    pub max_unavailable: i32,
}

/// A claim about the cluster at the step's moment (or about the whole run, for traffic and
/// the fencepost arithmetic).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Claim {
    /// The ReplicaSet of `revision` (or, for a ReplicationController, of `image`).
    ReplicaSet {
        #[serde(default)]
        revision: Option<i64>,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        desired: Option<i32>,
        #[serde(default)]
        ready: Option<i32>,
        #[serde(default)]
        available: Option<i32>,
        /// `true`: no such ReplicaSet exists (deleted by history cleanup, or never created).
        #[serde(default)]
        absent: bool,
    },
    /// Pods now: `total` (terminating included), `counted`, `available`, `terminating`,
    /// `pending`, `endpoints` (ready pods), `new`, `old`.
    Pods(PodCounts),
    /// A Deployment condition's current reason (and status).
    Condition {
        #[serde(rename = "type")]
        kind: String,
        reason: String,
        #[serde(default)]
        status: Option<String>,
    },
    /// The current `kubectl rollout status` line (for an Argo Rollout, `kubectl argo rollouts
    /// status`).
    RolloutStatus(String),
    /// An Argo Rollout now, as `kubectl argo rollouts get rollout` shows it: its phase, a part of
    /// its message, the step (`2/4`), SetWeight and ActualWeight, the traffic router's weight.
    Rollout {
        #[serde(default)]
        phase: Option<String>,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        step: Option<String>,
        #[serde(default)]
        set_weight: Option<i32>,
        #[serde(default)]
        actual_weight: Option<i32>,
        /// Which ReplicaSet the active Service selects (blue-green): its revision.
        #[serde(default)]
        active_revision: Option<i64>,
    },
    /// What the controller resolves for these values, or Kubernetes' error.
    Fenceposts {
        replicas: i32,
        max_surge: IntOrString,
        max_unavailable: IntOrString,
        #[serde(default)]
        surge: Option<i32>,
        #[serde(default)]
        unavailable: Option<i32>,
        #[serde(default)]
        error: Option<String>,
    },
    /// Traffic over the whole run.
    Traffic {
        #[serde(default)]
        failed: Option<u64>,
        #[serde(default)]
        failed_at_least: Option<u64>,
        #[serde(default)]
        no_endpoints_at_least: Option<u64>,
    },
    /// The response a user refreshing the page gets now.
    Response(String),
    /// The output of the last kubectl command, or a part of it.
    KubectlSaid(String),
    /// What the scheduler says of a pod waiting for a node now, or a part of it.
    SchedulerSaid(String),
    /// The PodDisruptionBudget's status now.
    Pdb {
        #[serde(default)]
        allowed: Option<i32>,
        #[serde(default)]
        healthy: Option<i32>,
        #[serde(default)]
        desired: Option<i32>,
    },
    /// The smallest preStop sleep and grace period that lose no request, as the Traffic panel
    /// recommends them for the scenario's front end; and that the whole run with them loses
    /// none.
    ZeroDowntime { pre_stop: i64, grace: i64 },
    /// The HorizontalPodAutoscaler now: the replicas it saw and set at its last sync, the CPU
    /// utilization it read, and a part of that sync's arithmetic.
    Hpa {
        #[serde(default)]
        current: Option<i32>,
        #[serde(default)]
        desired: Option<i32>,
        #[serde(default)]
        utilization: Option<i32>,
        #[serde(default)]
        said: Option<String>,
    },
    /// The nodes now: `ready` (registered, removed ones not counted), `provisioning` (asked
    /// for by the autoscaler, not Ready yet), `removed` (by the autoscaler, so far).
    Nodes {
        #[serde(default)]
        ready: Option<u32>,
        #[serde(default)]
        provisioning: Option<u32>,
        #[serde(default)]
        removed: Option<u32>,
    },
    /// What the step's manifest means: its API version and the values its defaults give.
    ManifestReads {
        api_version: String,
        max_surge: IntOrString,
        max_unavailable: IntOrString,
        /// `null`: unset (every old ReplicaSet kept).
        #[serde(default)]
        revision_history_limit: Option<i32>,
        #[serde(default)]
        progress_deadline_seconds: Option<i32>,
    },
    /// The whole rollout over `seeds` seeds: its duration's median and 95th percentile, with
    /// the lesson's setting or another pair, and its own image behaviour or, given,
    /// `readyAfter` (text form, e.g. `10s` or `lognormal(10s,60s)`) for the images it rolls
    /// out to.
    Odds {
        seeds: u32,
        #[serde(default)]
        max_surge: Option<i32>,
        #[serde(default)]
        max_unavailable: Option<i32>,
        #[serde(default)]
        ready_after: Option<String>,
        #[serde(default)]
        p50_at_least: Option<f64>,
        #[serde(default)]
        p50_at_most: Option<f64>,
        #[serde(default)]
        p95_at_least: Option<f64>,
        #[serde(default)]
        p95_at_most: Option<f64>,
        /// p95 / p50 at least this much (the tail's weight).
        #[serde(default)]
        p95_over_p50_at_least: Option<f64>,
    },
    /// A StatefulSet's ordinals whose pod (not terminating) runs `image`, lowest first.
    Ordinals { image: String, ordinals: Vec<i32> },
    /// A node's pods now (terminating ones included), and how many run `image`.
    NodePods {
        node: String,
        pods: u32,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        of_image: Option<u32>,
    },
    /// The whole rollout measured (seconds from the first action to completion, fewest
    /// available pods, most pods), with the lesson's setting or, given, another pair.
    Measured {
        #[serde(default)]
        max_surge: Option<i32>,
        #[serde(default)]
        max_unavailable: Option<i32>,
        #[serde(default)]
        duration: Option<f64>,
        #[serde(default)]
        lowest_available: Option<u32>,
        #[serde(default)]
        peak_pods: Option<u32>,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PodCounts {
    pub total: Option<u32>,
    pub counted: Option<u32>,
    pub available: Option<u32>,
    pub terminating: Option<u32>,
    pub pending: Option<u32>,
    pub endpoints: Option<u32>,
    pub new: Option<u32>,
    pub old: Option<u32>,
    /// Pods drawn slower than 9 in 10 of their image's, not Ready yet.
    pub slow: Option<u32>,
}

/// A lesson file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFile {
    id: String,
    title: String,
    summary: String,
    scenario: Value,
    steps: Vec<Step>,
}

/// A lesson's words in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    id: String,
    title: String,
    summary: String,
    #[serde(default)]
    description: Option<String>,
    /// The description of each of the scenario's events, in order (`null` keeps the event's
    /// own: a kubectl command stays as it is).
    #[serde(default)]
    events: Vec<Option<String>>,
    steps: Vec<StepText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepText {
    text: String,
}

/// The first YAML document of `text` read as a `T`; `empty` says what is missing without one.
fn read_file<T: serde::de::DeserializeOwned>(text: &str, empty: &str) -> Result<T, String> {
    let value: Value = crate::manifest::parse_documents(text)
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or(empty)?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

impl Lesson {
    pub fn parse(text: &str) -> Result<Lesson, String> {
        let file: LessonFile = read_file(text, "the lesson is empty")?;
        let scenario =
            Scenario::from_value(&file.scenario).map_err(|e| format!("scenario: {e}"))?;
        if file.steps.is_empty() {
            return Err("a lesson needs at least one step".into());
        }
        Ok(Lesson {
            id: file.id,
            title: file.title,
            summary: file.summary,
            scenario,
            steps: file.steps,
        })
    }

    /// The lesson with its words in another language, from a translation file (`id`, `title`,
    /// `summary`, the scenario's `description` where it has one, its events' descriptions, and
    /// each step's `text` in order): what is checked (the scenario, the times, the claims) stays the same.
    pub fn translated(&self, text: &str) -> Result<Lesson, String> {
        let file: TranslationFile = read_file(text, "the translation is empty")?;
        if file.id != self.id {
            return Err(format!(
                "the translation is of lesson {:?}, not {:?}",
                file.id, self.id
            ));
        }
        if file.steps.len() != self.steps.len() {
            return Err(format!(
                "lesson {:?} has {} steps, its translation {}",
                self.id,
                self.steps.len(),
                file.steps.len()
            ));
        }
        if file.description.is_some() != self.scenario.description.is_some() {
            return Err(format!(
                "lesson {:?}: the scenario's description and the translation's differ in being there",
                self.id
            ));
        }
        if !file.events.is_empty() && file.events.len() != self.scenario.events.len() {
            return Err(format!(
                "lesson {:?} has {} events, its translation {}",
                self.id,
                self.scenario.events.len(),
                file.events.len()
            ));
        }
        let mut out = self.clone();
        for (event, text) in out.scenario.events.iter_mut().zip(file.events) {
            if text.is_some() {
                event.description = text;
            }
        }
        out.title = file.title;
        out.summary = file.summary;
        if file.description.is_some() {
            out.scenario.description = file.description;
        }
        for (step, t) in out.steps.iter_mut().zip(file.steps) {
            step.text = t.text;
        }
        Ok(out)
    }

    /// Checks every claim of every step against the engine. Returns the claims checked.
    pub fn verify(&self) -> Result<usize, String> {
        let traffic = crate::sim::runner::traffic_report(&self.scenario, true);
        let mut checked = 0;
        for (n, step) in self.steps.iter().enumerate() {
            let mut sim = Simulation::new(&self.scenario);
            sim.run_until((step.at * 1000.0).round() as i64);
            let ctx = Context {
                sim: &sim,
                traffic: traffic.as_ref(),
                scenario: &self.scenario,
                step,
            };
            for claim in &step.checks {
                check(claim, &ctx).map_err(|e| {
                    format!("lesson {:?}, step {} (t={}): {e}", self.id, n + 1, step.at)
                })?;
                checked += 1;
            }
        }
        Ok(checked)
    }
}

fn expect<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: T,
    want: Option<T>,
) -> Result<(), String> {
    match want {
        Some(w) if w != got => Err(format!("{what} is {got:?}, not {w:?}")),
        _ => Ok(()),
    }
}

/// What a claim is checked against: the simulation stopped at the step's moment, the whole
/// run's traffic, the lesson's scenario and the step.
pub struct Context<'a> {
    pub sim: &'a Simulation,
    pub traffic: Option<&'a crate::traffic::TrafficReport>,
    pub scenario: &'a Scenario,
    pub step: &'a Step,
}

/// Checks one claim.
pub fn check(claim: &Claim, ctx: &Context) -> Result<(), String> {
    let (sim, traffic) = (ctx.sim, ctx.traffic);
    let c = &sim.cluster;
    match claim {
        Claim::ManifestReads {
            api_version,
            max_surge,
            max_unavailable,
            revision_history_limit,
            progress_deadline_seconds,
        } => {
            let text = ctx
                .step
                .manifest
                .as_deref()
                .ok_or("the step has no manifest")?;
            let loaded = crate::manifest::parse_deployment(text).map_err(|e| e.to_string())?;
            let spec = &loaded.deployment.spec;
            let ru = spec
                .strategy
                .rolling_update
                .as_ref()
                .ok_or("no rollingUpdate")?;
            expect(
                "apiVersion",
                loaded.api_version.as_str(),
                Some(api_version.as_str()),
            )?;
            expect("maxSurge", ru.max_surge.as_ref(), Some(Some(max_surge)))?;
            expect(
                "maxUnavailable",
                ru.max_unavailable.as_ref(),
                Some(Some(max_unavailable)),
            )?;
            expect(
                "revisionHistoryLimit",
                spec.revision_history_limit,
                Some(*revision_history_limit),
            )?;
            expect(
                "progressDeadlineSeconds",
                spec.progress_deadline_seconds,
                Some(*progress_deadline_seconds),
            )
        }
        Claim::Measured {
            max_surge,
            max_unavailable,
            duration,
            lowest_available,
            peak_pods,
        } => {
            let o = match (max_surge, max_unavailable) {
                (Some(s), Some(u)) => crate::sim::sweep::run_pair(ctx.scenario, *s, *u),
                _ => crate::sim::sweep::measure(ctx.scenario),
            };
            let setting = format!("{}/{}", o.max_surge, o.max_unavailable);
            expect(
                &format!("duration at {setting}"),
                o.duration,
                duration.map(Some),
            )?;
            expect(
                &format!("lowest available at {setting}"),
                o.lowest_available,
                *lowest_available,
            )?;
            expect(&format!("peak pods at {setting}"), o.peak_pods, *peak_pods)
        }
        Claim::Odds {
            seeds,
            max_surge,
            max_unavailable,
            ready_after,
            p50_at_least,
            p50_at_most,
            p95_at_least,
            p95_at_most,
            p95_over_p50_at_least,
        } => check_odds(
            ctx.scenario,
            *seeds,
            (*max_surge, *max_unavailable),
            ready_after.as_deref(),
            [
                *p50_at_least,
                *p50_at_most,
                *p95_at_least,
                *p95_at_most,
                *p95_over_p50_at_least,
            ],
        ),
        Claim::ReplicaSet {
            revision,
            image,
            desired,
            ready,
            available,
            absent,
        } => {
            let found = c
                .live_replica_sets()
                .into_iter()
                .map(|i| &c.replica_sets[i])
                .find(|rs| {
                    revision.is_none_or(|r| rs.revision() == r)
                        && image
                            .as_deref()
                            .is_none_or(|i| rs.spec.template.first_image() == i)
                });
            match (found, absent) {
                (None, true) => Ok(()),
                (Some(rs), true) => Err(format!("ReplicaSet {} still exists", rs.meta.name)),
                (None, false) => Err(format!(
                    "no ReplicaSet with revision {revision:?} image {image:?}"
                )),
                (Some(rs), false) => {
                    expect(
                        &format!("{} desired", rs.meta.name),
                        rs.spec.replicas,
                        *desired,
                    )?;
                    expect(
                        &format!("{} ready", rs.meta.name),
                        rs.status.ready_replicas,
                        *ready,
                    )?;
                    expect(
                        &format!("{} available", rs.meta.name),
                        rs.status.available_replicas,
                        *available,
                    )
                }
            }
        }
        Claim::Pods(want) => {
            let k = counts(c);
            let pending = c.existing_pods().filter(|p| p.node.is_none()).count() as u32;
            expect("pods (all)", k.total, want.total)?;
            expect("pods counted", k.counted, want.counted)?;
            expect("available pods", k.available, want.available)?;
            expect("terminating pods", k.terminating, want.terminating)?;
            expect("pending pods", pending, want.pending)?;
            expect("endpoints (ready pods)", k.ready, want.endpoints)?;
            expect("new pods", k.new, want.new)?;
            expect("old pods", k.old, want.old)?;
            let now = c.now;
            let slow = c
                .existing_pods()
                .filter(|p| p.slow && !p.is_ready(now))
                .count() as u32;
            expect("slow pods not Ready yet", slow, want.slow)
        }
        Claim::Condition {
            kind,
            reason,
            status,
        } => {
            // A Deployment's conditions, or an Argo Rollout's.
            let argo = c.argo.as_ref().and_then(|a| {
                a.rollout
                    .status
                    .conditions
                    .iter()
                    .find(|x| x.kind.as_str() == kind)
                    .map(|x| (x.reason.clone(), x.status))
            });
            let cond = c
                .deployment
                .status
                .conditions
                .iter()
                .find(|x| x.kind.as_str() == kind)
                .map(|x| (x.reason.clone(), x.status))
                .or(argo);
            let Some((reason_now, status_now)) = cond else {
                return Err(format!("no {kind} condition"));
            };
            expect(
                &format!("{kind} reason"),
                reason_now.as_str(),
                Some(reason.as_str()),
            )?;
            expect(
                &format!("{kind} status"),
                status_now.as_str(),
                status.as_deref(),
            )
        }
        Claim::Ordinals { image, ordinals } => {
            let got = crate::kubectl::workload_get::ordinals_running(c, image);
            expect(&format!("ordinals running {image}"), &got, Some(ordinals))
        }
        Claim::NodePods {
            node,
            pods,
            image,
            of_image,
        } => {
            let on = crate::kubectl::workload_get::pods_on_node(c, node);
            expect(&format!("pods on {node}"), on.len() as u32, Some(*pods))?;
            let of = image
                .as_deref()
                .map_or(0, |i| on.iter().filter(|img| *img == i).count())
                as u32;
            expect(&format!("pods on {node} running {image:?}"), of, *of_image)
        }
        Claim::RolloutStatus(want) => {
            let got = match (c.argo.as_ref(), c.stateful.is_some() || c.daemon.is_some()) {
                (Some(_), _) => crate::kubectl::argo::get::status_line(c),
                (None, true) => crate::kubectl::workload_status::status_line(c),
                (None, false) => crate::kubectl::rollout_status::status_line(&c.deployment),
            };
            expect("rollout status", got.as_str(), Some(want.as_str()))
        }
        Claim::Rollout {
            phase,
            message,
            step,
            set_weight,
            actual_weight,
            active_revision,
        } => check_rollout(
            c,
            phase,
            message,
            step,
            *set_weight,
            *actual_weight,
            *active_revision,
        ),
        Claim::Fenceposts {
            replicas,
            max_surge,
            max_unavailable,
            surge,
            unavailable,
            error,
        } => {
            match (
                crate::explain::explain_fenceposts(*replicas, max_surge, max_unavailable),
                error,
            ) {
                (Ok(f), None) => {
                    expect("surge", f.surge.value, *surge)?;
                    expect("unavailable", f.unavailable.value, *unavailable)
                }
                (Ok(_), Some(e)) => Err(format!(
                    "expected the error {e:?}, but the values are accepted"
                )),
                (Err(errs), Some(e)) => {
                    let all: Vec<String> = errs.iter().map(FieldError::to_string).collect();
                    if all.iter().any(|x| x.contains(e.as_str())) {
                        Ok(())
                    } else {
                        Err(format!("errors {all:?} do not contain {e:?}"))
                    }
                }
                (Err(errs), None) => Err(format!("rejected: {}", errs[0])),
            }
        }
        Claim::ZeroDowntime { pre_stop, grace } => {
            let cfg = ctx
                .scenario
                .traffic
                .as_ref()
                .ok_or("the scenario has no traffic")?;
            let r = crate::traffic::recommend::recommend(cfg);
            expect(
                "the recommended (preStop, grace)",
                (r.pre_stop_seconds, r.grace_seconds),
                Some((*pre_stop, *grace)),
            )?;
            let with = crate::sim::sweep::drain::with_drain(ctx.scenario, *pre_stop, *grace);
            let failed =
                crate::sim::runner::traffic_report(&with, false).map_or(0, |t| t.failed_total());
            expect("requests failed with them", failed, Some(0))
        }
        Claim::Traffic {
            failed,
            failed_at_least,
            no_endpoints_at_least,
        } => {
            let r = traffic.ok_or("the scenario has no traffic")?;
            expect("failed requests", r.failed_total(), *failed)?;
            if let Some(min) = failed_at_least {
                if r.failed_total() < *min {
                    return Err(format!(
                        "{} requests failed, fewer than {min}",
                        r.failed_total()
                    ));
                }
            }
            if let Some(min) = no_endpoints_at_least {
                let n = r
                    .failed
                    .get(&crate::traffic::Failure::NoEndpoints)
                    .copied()
                    .unwrap_or(0);
                if n < *min {
                    return Err(format!("{n} requests found no endpoint, fewer than {min}"));
                }
            }
            Ok(())
        }
        Claim::Response(want) => {
            let r = traffic.ok_or("the scenario has no traffic")?;
            let latest = r.responses_until(c.now, 1).pop().ok_or("no request yet")?;
            let got = match &latest.result {
                Ok(body) => body.clone(),
                Err(f) => f.describe().to_string(),
            };
            expect("latest response", got.as_str(), Some(want.as_str()))
        }
        Claim::SchedulerSaid(want) => {
            let said = crate::scheduler::waiting_messages(c);
            if said.iter().any(|m| m.contains(want.as_str())) {
                Ok(())
            } else {
                Err(format!("the scheduler said {said:?}, not {want:?}"))
            }
        }
        Claim::Pdb {
            allowed,
            healthy,
            desired,
        } => {
            let st = crate::controller::disruption::try_sync(c)
                .ok_or("the scenario has no PodDisruptionBudget")?;
            expect("disruptions allowed", st.disruptions_allowed, *allowed)?;
            expect("healthy pods", st.current_healthy, *healthy)?;
            expect("desired healthy", st.desired_healthy, *desired)
        }
        Claim::Hpa {
            current,
            desired,
            utilization,
            said,
        } => {
            let h = c.hpa.as_ref().ok_or("the scenario has no HPA")?;
            let last = h.decisions.last().ok_or("the HPA has not synced yet")?;
            expect("the HPA's current replicas", last.current, *current)?;
            expect("the HPA's desired replicas", last.desired, *desired)?;
            if utilization.is_some() {
                expect(
                    "the HPA's CPU utilization",
                    last.utilization,
                    Some(*utilization),
                )?;
            }
            match said {
                Some(w) if !last.why.to_string().contains(w.as_str()) => Err(format!(
                    "the HPA's arithmetic is {:?}, without {w:?}",
                    last.why
                )),
                _ => Ok(()),
            }
        }
        Claim::Nodes {
            ready,
            provisioning,
            removed,
        } => {
            let now = c.now;
            let count = |f: &dyn Fn(&crate::api::Node) -> bool| {
                c.nodes.iter().filter(|n| f(n)).count() as u32
            };
            expect("Ready nodes", count(&|n| n.is_ready(now)), *ready)?;
            expect(
                "nodes being provisioned",
                count(&|n| n.removed.is_none() && n.ready_at > now),
                *provisioning,
            )?;
            expect(
                "nodes removed",
                count(&|n| n.removed.is_some_and(|r| r <= now)),
                *removed,
            )
        }
        Claim::KubectlSaid(want) => {
            let last = c
                .log
                .iter()
                .rev()
                .find_map(|r| match r {
                    Record::Action { output, .. } if !output.is_empty() => Some(output.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            if last.contains(want.as_str()) {
                Ok(())
            } else {
                Err(format!("kubectl said {last:?}, not {want:?}"))
            }
        }
    }
}

/// Checks an [`Claim::Odds`]: `bounds` are p50 at least / at most, p95 at least / at most, and
/// p95 over p50 at least.
/// [`Claim::Rollout`]: the Rollout's phase, message, step and weights now.
fn check_rollout(
    c: &crate::cluster::Cluster,
    phase: &Option<String>,
    message: &Option<String>,
    step: &Option<String>,
    set_weight: Option<i32>,
    actual_weight: Option<i32>,
    active_revision: Option<i64>,
) -> Result<(), String> {
    let Some(a) = c.argo.as_ref() else {
        return Err("the workload is not an Argo Rollout".into());
    };
    let ro = crate::argo::rollout::rollout(c);
    let st = &ro.status;
    let got_phase = st.phase.map(|p| p.as_str()).unwrap_or("");
    expect("phase", got_phase, phase.as_deref())?;
    if let Some(m) = message {
        if !st.message.contains(m.as_str()) {
            return Err(format!("message is {:?}, not containing {m:?}", st.message));
        }
    }
    let steps = ro.canary().map_or(0, |cs| cs.steps.len());
    let got_step = st.current_step_index.map(|i| format!("{i}/{steps}"));
    expect("step", got_step.as_deref().unwrap_or(""), step.as_deref())?;
    let sw = crate::argo::utils::canary::get_current_set_weight(&ro);
    expect("SetWeight", sw, set_weight)?;
    let aw = crate::kubectl::argo::get::actual_weight(c);
    expect("ActualWeight", aw, actual_weight)?;
    if let Some(rev) = active_revision {
        let active = a.active_service.clone().unwrap_or_default();
        let got = c
            .live_replica_sets()
            .into_iter()
            .map(|i| &c.replica_sets[i])
            .find(|rs| crate::argo::utils::replicaset::pod_hash(rs) == active)
            .map(crate::argo::rollout::rs_revision);
        expect("active Service's revision", got.unwrap_or(0), Some(rev))?;
    }
    Ok(())
}

fn check_odds(
    scenario: &Scenario,
    seeds: u32,
    pair: (Option<i32>, Option<i32>),
    ready_after: Option<&str>,
    bounds: [Option<f64>; 5],
) -> Result<(), String> {
    use crate::sim::sweep::{run_seeds, with_pair, Summary};
    let mut s = match pair {
        (Some(su), Some(un)) => with_pair(scenario, su, un),
        _ => scenario.clone(),
    };
    if let Some(text) = ready_after {
        crate::report::set_ready_after(&mut s, &crate::behaviour::Dist::parse(text)?);
    }
    let summary = Summary::of(&run_seeds(&s, seeds));
    let (Some(p50), Some(p95)) = (summary.p50(), summary.p95()) else {
        return Err(format!(
            "{} of {} runs never finish",
            summary.stuck, summary.runs
        ));
    };
    let [p50_min, p50_max, p95_min, p95_max, ratio_min] = bounds;
    let fail = |what: &str, got: f64, op: &str, bound: f64| {
        Err(format!("{what} is {got} s, not {op} {bound}"))
    };
    if let Some(b) = p50_min.filter(|b| p50 < *b) {
        return fail("the median duration", p50, "at least", b);
    }
    if let Some(b) = p50_max.filter(|b| p50 > *b) {
        return fail("the median duration", p50, "at most", b);
    }
    if let Some(b) = p95_min.filter(|b| p95 < *b) {
        return fail("the 95th percentile", p95, "at least", b);
    }
    if let Some(b) = p95_max.filter(|b| p95 > *b) {
        return fail("the 95th percentile", p95, "at most", b);
    }
    if let Some(b) = ratio_min.filter(|b| p95 < b * p50) {
        return Err(format!(
            "p95 ({p95} s) is less than {b} times the median ({p50} s)"
        ));
    }
    Ok(())
}
