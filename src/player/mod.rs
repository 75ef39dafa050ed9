//! The simulation behind the page, kept at the playhead. The engine is deterministic, so going
//! back in time restores the nearest checkpoint of the run and replays from there; going
//! forward only plays the difference.

use rollout_engine::api::Millis;
use rollout_engine::kubectl::{describe, get};
use rollout_engine::sentence::{Joint, Sentence};
use rollout_engine::sim::rewind::Rewinder;
use rollout_engine::sim::snapshot::{self, Counts, ReplicaSetView};
use rollout_engine::trace::Record;
use rollout_engine::traffic::TrafficReport;
use rollout_engine::{Scenario, Simulation};
use std::rc::Rc;

/// What a whole run looks like, for the chart and for stepping between controller actions.
#[derive(Debug)]
pub struct Timeline {
    pub samples: Vec<Counts>,
    pub trace: Vec<Record>,
    /// The traffic model over the whole run, when the scenario has one.
    pub traffic: Option<TrafficReport>,
    /// The scenario's words for its events: (time, description).
    pub descriptions: Vec<(Millis, String)>,
    /// Why the run stopped before its end, if it did.
    pub error: Option<String>,
    /// Checkpoints of the run: going back restores the nearest one instead of replaying.
    pub rewinder: Rewinder,
}

/// Requests above which responses are counted but not kept one by one.
const MAX_RECORDED_REQUESTS: f64 = 2_000_000.0;

impl Timeline {
    /// Runs the scenario to its end once (and its traffic, if any).
    pub fn of(s: &Scenario) -> Timeline {
        let mut samples = Vec::new();
        let (rewinder, sim) =
            Rewinder::record(s, |sim| samples.push(snapshot::counts(&sim.cluster)));
        let until = sim.until;
        let traffic = s.traffic.as_ref().map(|cfg| {
            let record = cfg.rate * s.until <= MAX_RECORDED_REQUESTS;
            rollout_engine::traffic::simulate(&sim.cluster, cfg, 0, until, record)
        });
        let error = sim.error().map(|e| e.to_string());
        let descriptions = s
            .events
            .iter()
            .filter_map(|e| {
                let t = (e.at * 1000.0).round() as Millis;
                e.description.clone().map(|d| (t, d))
            })
            .collect();
        Timeline {
            samples,
            trace: sim.finish(),
            traffic,
            descriptions,
            error,
            rewinder,
        }
    }

    /// Instants at which a controller (or kubectl) changed a ReplicaSet's size.
    pub fn action_times(&self) -> Vec<Millis> {
        let mut times: Vec<Millis> = self
            .trace
            .iter()
            .filter_map(|r| match r {
                Record::Scale { t, .. } => Some((t * 1000.0).round() as Millis),
                _ => None,
            })
            .collect();
        times.dedup();
        times
    }

    /// The user's actions, for the chart's markers: (time, command, with the scenario's
    /// description of it when it has one).
    pub fn user_actions(&self) -> Vec<(Millis, String)> {
        self.trace
            .iter()
            .filter_map(|r| match r {
                Record::Action { t, command, .. }
                    if command != "kubectl rolling-update"
                        && command != rollout_engine::kubectl::drain::CONTINUED =>
                {
                    let t = (t * 1000.0).round() as Millis;
                    let label = match self.descriptions.iter().find(|(at, _)| *at == t) {
                        Some((_, d)) => format!("{command} — {d}"),
                        None => command.clone(),
                    };
                    Some((t, label))
                }
                _ => None,
            })
            .collect()
    }
}

/// Lines of kubectl's output kept in the commands pane (the latest).
const COMMAND_LINES: usize = 60;

/// The user's commands and kubectl's output up to now, one block per command, each line
/// stamped with when it was printed.
fn commands_so_far(c: &rollout_engine::cluster::Cluster) -> String {
    let mut lines: Vec<String> = Vec::new();
    for r in &c.log {
        if let rollout_engine::trace::Record::Action {
            t, command, output, ..
        } = r
        {
            let continued = command == rollout_engine::kubectl::drain::CONTINUED
                || command == "kubectl rolling-update";
            let stamp = format!("[{:>5}s] ", rollout_engine::explain::format_number(*t));
            if !continued {
                lines.push(format!("{stamp}$ {command}"));
            }
            for l in output.lines() {
                lines.push(format!("{stamp}{l}"));
            }
        }
    }
    if lines.is_empty() {
        return format!(
            "{}\n",
            crate::i18n::tr("(no command yet: act from \"kubectl, now\" or a scenario's events)")
        );
    }
    let skip = lines.len().saturating_sub(COMMAND_LINES);
    let mut out = lines[skip..].join("\n");
    out.push('\n');
    out
}

/// While playing, the text panes follow the playhead at most this often (wall time, ms).
pub const PANES_WHILE_PLAYING_MS: f64 = 200.0;

/// Pods listed per node in `describe nodes`.
const NODE_POD_ROWS: usize = 12;

/// How many pods wait for a node now, and what the scheduler said of the last one.
fn pending(c: &rollout_engine::cluster::Cluster) -> Option<(usize, String)> {
    let waiting = rollout_engine::scheduler::waiting_messages(c);
    waiting.last().map(|m| (waiting.len(), m.to_string()))
}

/// The text of the kubectl panes at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Panes {
    /// The moment they show.
    pub at: Millis,
    pub get_deploy: String,
    pub get_rs: String,
    pub get_pods: String,
    pub get_nodes: String,
    pub get_pdb: String,
    pub get_hpa: String,
    pub describe_hpa: String,
    /// The HorizontalPodAutoscaler's latest sync: (time, replicas before, after, CPU
    /// utilization read, its arithmetic).
    pub hpa_decision: Option<(
        f64,
        i32,
        i32,
        Option<i32>,
        rollout_engine::sentence::Sentence,
    )>,
    /// Requests failed so far, by cause (in the outcome's words), when traffic is on.
    pub failed_so_far: Vec<(&'static str, u64)>,
    /// The user's kubectl commands so far and what kubectl printed (a drain goes on printing).
    pub commands: String,
    /// The registered nodes and whether each is cordoned.
    pub nodes: Vec<(String, bool)>,
    pub describe_nodes: String,
    /// Pods the scheduler could not place now, and the latest of their messages.
    pub pending: Option<(usize, String)>,
    pub rollout_status: Vec<(f64, String)>,
    pub history: String,
    pub describe: String,
    /// The latest change of a ReplicaSet's size: (time, ReplicaSet, from, to, why).
    pub decision: Option<(f64, String, i32, i32, rollout_engine::sentence::Sentence)>,
    pub replica_sets: Vec<ReplicaSetView>,
    pub counts: Counts,
    pub legacy: bool,
    pub paused: bool,
    pub revisions: Vec<i64>,
    /// An Argo Rollout's phase, steps, weights and the plugin's views.
    pub rollout: Option<rollout_engine::kubectl::argo::get::RolloutView>,
    /// A StatefulSet's or DaemonSet's own views: (resource, `get`, `get controllerrevision`,
    /// `describe`).
    pub workload: Option<(&'static str, String, String, String)>,
    /// The names of the pods not being deleted, by name (what `kubectl delete pod` takes), the
    /// first [`DELETABLE_PODS`] of them; a StatefulSet's or DaemonSet's only.
    pub pod_names: Vec<String>,
}

/// Rows of `kubectl get pods` shown at most.
const POD_ROWS: usize = 40;

pub struct Player {
    version: Option<u64>,
    pub scenario: Rc<Scenario>,
    pub sim: Simulation,
    pub timeline: Rc<Timeline>,
    panes: Option<(PanesKey, Rc<Panes>)>,
    /// When (wall time, ms) the panes were last built while playing.
    panes_built_at: Option<f64>,
    compare: Option<(CompareKey, Rc<Comparison>)>,
    /// B's simulation at the playhead, while comparing.
    pub sim_b: Option<Simulation>,
}

/// What B is: the current scenario with another (maxSurge, maxUnavailable) pair, or rolled out
/// with another strategy (the `n`th of `sim::compare::strategy_scenarios`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareWith {
    Pair(i32, i32),
    Strategy(usize),
}

/// A comparison is valid for one scenario version and one B.
type CompareKey = (u64, CompareWith);

/// A second setting run beside the current one.
#[derive(Debug)]
pub struct Comparison {
    pub with: CompareWith,
    /// B's caption on the stage.
    pub label: Sentence,
    /// The current scenario as B runs it.
    pub scenario: Scenario,
    pub timeline: Timeline,
    /// "B is faster by ...": the short verdict.
    pub verdict: Sentence,
}

impl Player {
    /// The player of scenario `version`, at t = 0 (its run recorded once, here).
    pub fn new(s: &Scenario, version: u64) -> Player {
        Player {
            version: Some(version),
            scenario: Rc::new(s.clone()),
            sim: Simulation::new(s),
            timeline: Rc::new(Timeline::of(s)),
            panes: None,
            panes_built_at: None,
            compare: None,
            sim_b: None,
        }
    }

    /// Brings the simulation to `playhead` for scenario `version`.
    pub fn sync(&mut self, scenario: &Scenario, version: u64, playhead: Millis) {
        if self.version != Some(version) {
            self.version = Some(version);
            self.scenario = Rc::new(scenario.clone());
            self.sim = Simulation::new(scenario);
            self.timeline = Rc::new(Timeline::of(scenario));
            self.panes = None;
        }
        self.timeline.rewinder.seek(&mut self.sim, playhead);
    }

    /// The current scenario run again as `with` says.
    pub fn comparison(&mut self, with: CompareWith) -> Rc<Comparison> {
        let key = (self.version.unwrap_or(0), with);
        if let Some((k, c)) = &self.compare {
            if *k == key {
                return c.clone();
            }
        }
        let scenario = &self.scenario;
        let (label, scenario_b, verdict) = match with {
            CompareWith::Pair(surge, unavailable) => {
                use rollout_engine::sim::sweep::{measure, run_pair, with_pair};
                let a = measure(scenario);
                let b = run_pair(scenario, surge, unavailable);
                (
                    Sentence::new(
                        "B: maxSurge {surge}, maxUnavailable {unavailable}",
                        &[("surge", &surge), ("unavailable", &unavailable)],
                    ),
                    with_pair(scenario, surge, unavailable),
                    compare_verdict(&a, &b),
                )
            }
            CompareWith::Strategy(n) => {
                let mut runs = rollout_engine::sim::compare::compare_strategies(scenario);
                let (b, o) = runs.swap_remove(n.min(runs.len() - 1));
                let took = o.took.map_or(Sentence::plain("-".into()), |t| {
                    Sentence::new(
                        "{ended} after {s} s",
                        &[
                            ("ended", &o.ended),
                            ("s", &rollout_engine::explain::format_number(t)),
                        ],
                    )
                });
                (
                    Sentence::plain(format!("B: {}", o.strategy)),
                    b,
                    Sentence::new(
                        "B ({strategy}): {failed} failed requests ({app_errors} the new version's own), {extra} extra pods at peak, {took}.",
                        &[
                            ("strategy", &o.strategy),
                            ("failed", &o.failed),
                            ("app_errors", &o.app_errors),
                            ("extra", &o.extra_pods),
                        ],
                    )
                    .with("took", took),
                )
            }
        };
        let timeline = Timeline::of(&scenario_b);
        self.sim_b = None;
        let c = Rc::new(Comparison {
            with,
            label,
            scenario: scenario_b,
            timeline,
            verdict,
        });
        self.compare = Some((key, c.clone()));
        c
    }

    /// Brings B's simulation to `playhead`: the two timelines are locked together.
    pub fn sync_compare(&mut self, with: CompareWith, playhead: Millis) {
        let c = self.comparison(with);
        let sim = self
            .sim_b
            .get_or_insert_with(|| Simulation::new(&c.scenario));
        c.timeline.rewinder.seek(sim, playhead);
    }

    /// B's pod counts at the playhead, while comparing.
    pub fn counts_b(&self) -> Option<snapshot::Counts> {
        self.sim_b.as_ref().map(|b| snapshot::counts(&b.cluster))
    }

    /// The panes at the current moment, recomputed only when something they show changed.
    pub fn panes(&mut self) -> Rc<Panes> {
        self.panes_at_most_every(None)
    }

    /// [`Self::panes`] while playing: text that changes many times a second cannot be read,
    /// and building it for a thousand pods at every frame took the frame's time; so the panes
    /// follow the playhead at most every [`PANES_WHILE_PLAYING_MS`] of wall time (`now`, in
    /// ms). Paused, scrubbed or stepped, they show the moment exactly.
    pub fn panes_while_playing(&mut self, now: f64) -> Rc<Panes> {
        self.panes_at_most_every(Some(now))
    }

    fn panes_at_most_every(&mut self, playing_now: Option<f64>) -> Rc<Panes> {
        let c = &self.sim.cluster;
        // In the page's language too (the commands pane says so when there is none).
        let key = (
            self.version.unwrap_or(0),
            self.sim.instants,
            c.now / 1000,
            crate::i18n::lang(),
        );
        if let Some((k, p)) = &self.panes {
            let recent = match (playing_now, self.panes_built_at) {
                (Some(now), Some(at)) => now - at < PANES_WHILE_PLAYING_MS && k.0 == key.0,
                _ => false,
            };
            if *k == key || recent {
                return p.clone();
            }
        }
        self.panes_built_at = playing_now;
        let legacy = self.sim.kind == rollout_engine::manifest::WorkloadKind::ReplicationController;
        let decision = snapshot::latest_decision(c).and_then(|r| match r {
            Record::Scale {
                t,
                replica_set,
                from,
                to,
                why,
                ..
            } => Some((*t, replica_set.clone(), *from, *to, why.clone())),
            _ => None,
        });
        let panes = Rc::new(Panes {
            at: c.now,
            get_deploy: get::get_deployments(c),
            get_rs: get::get_replica_sets(c),
            get_pods: get::get_pods(c, POD_ROWS),
            get_nodes: rollout_engine::kubectl::nodes::get_nodes(c),
            get_pdb: get::get_pdb(c),
            failed_so_far: self
                .timeline
                .traffic
                .as_ref()
                .map(|r| {
                    r.failed_until(c.now)
                        .into_iter()
                        .map(|(f, n)| (f.cause(), n))
                        .collect()
                })
                .unwrap_or_default(),
            get_hpa: rollout_engine::kubectl::hpa::get_hpa(c),
            describe_hpa: rollout_engine::kubectl::hpa::describe_hpa(c),
            hpa_decision: c.hpa.as_ref().and_then(|h| h.decisions.last()).map(|d| {
                (
                    d.t as f64 / 1000.0,
                    d.current,
                    d.desired,
                    d.utilization,
                    d.why.clone(),
                )
            }),
            commands: commands_so_far(c),
            nodes: c
                .nodes
                .iter()
                // In the API: joined and not removed (a NotReady node too, to delete it).
                .filter(|n| n.ready_at <= c.now && n.removed.is_none_or(|r| r > c.now))
                .map(|n| (n.name.clone(), n.unschedulable))
                .collect(),
            describe_nodes: rollout_engine::kubectl::nodes::describe_nodes(c, NODE_POD_ROWS),
            pending: pending(c),
            rollout_status: snapshot::rollout_status_lines(c),
            history: get::rollout_history(c),
            describe: describe::describe_deployment(c),
            decision,
            replica_sets: snapshot::replica_set_views(c),
            counts: snapshot::counts(c),
            legacy,
            paused: c.deployment.spec.paused,
            revisions: get::listed_replica_sets(c)
                .iter()
                .map(|rs| rs.revision())
                .filter(|r| *r > 0)
                .collect(),
            rollout: c
                .argo
                .as_ref()
                .map(|_| rollout_engine::kubectl::argo::get::view(c, NODE_POD_ROWS)),
            workload: workload_views(c),
            // Offered for a StatefulSet's or a DaemonSet's pods only (a Deployment's page has
            // no `kubectl delete pod`).
            pod_names: if c.stateful.is_some() || c.daemon.is_some() {
                deletable_pods(c)
            } else {
                Vec::new()
            },
        });
        self.panes = Some((key, panes.clone()));
        panes
    }
}

/// Pods `kubectl delete pod` offers at most: the first by name (a list of 100,000 names is of
/// no use to anyone, and sorting and drawing it cost a scrub at that size 100 ms).
const DELETABLE_PODS: usize = 200;

/// The first [`DELETABLE_PODS`] pods not being deleted, by name.
fn deletable_pods(c: &rollout_engine::cluster::Cluster) -> Vec<String> {
    let mut names: Vec<String> = c
        .existing_pods()
        .filter(|p| p.is_active(c.now))
        .map(|p| c.pod_name(p))
        .collect();
    if names.len() > DELETABLE_PODS {
        names.select_nth_unstable(DELETABLE_PODS);
        names.truncate(DELETABLE_PODS);
    }
    names.sort_unstable();
    names
}

/// A StatefulSet's or DaemonSet's `get`, `get controllerrevision` and `describe`.
fn workload_views(
    c: &rollout_engine::cluster::Cluster,
) -> Option<(&'static str, String, String, String)> {
    use rollout_engine::kubectl::workload_get as w;
    let (resource, get) = if c.stateful.is_some() {
        ("statefulset", w::get_stateful_sets(c))
    } else if c.daemon.is_some() {
        ("daemonset", w::get_daemon_sets(c))
    } else {
        return None;
    };
    Some((
        resource,
        get,
        w::get_controller_revisions(c),
        w::describe_workload(c),
    ))
}

/// Panes compared by identity: a new `Rc` is made only when their content changed.
#[derive(Clone)]
pub struct PanesRef(pub Rc<Panes>);

impl PartialEq for PanesRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A shared handle on the page's player; props compare it by identity.
/// What the panes were built for: the scenario's version, the simulation's instants, the
/// second, and the page's language.
type PanesKey = (u64, u64, Millis, crate::i18n::Lang);

#[derive(Clone)]
pub struct PlayerHandle(pub Rc<std::cell::RefCell<Player>>);

impl PartialEq for PlayerHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// "B (maxSurge 2, maxUnavailable 0) against A: faster by 3 s, ..." in plain words, said in
/// the page's language where it is shown.
pub fn compare_verdict(
    a: &rollout_engine::sim::sweep::Outcome,
    b: &rollout_engine::sim::sweep::Outcome,
) -> Sentence {
    use rollout_engine::explain::format_number;
    let mut parts = Vec::new();
    parts.push(match (a.duration, b.duration) {
        (Some(x), Some(y)) if y < x => {
            Sentence::new("faster by {s} s", &[("s", &format_number(x - y))])
        }
        (Some(x), Some(y)) if y > x => {
            Sentence::new("slower by {s} s", &[("s", &format_number(y - x))])
        }
        (Some(_), Some(_)) => Sentence::new("as fast", &[]),
        (Some(_), None) => Sentence::new("never finishes", &[]),
        (None, Some(_)) => Sentence::new("finishes where the current setting does not", &[]),
        (None, None) => Sentence::new("neither finishes", &[]),
    });
    let peak = i64::from(b.peak_pods) - i64::from(a.peak_pods);
    parts.push(match peak {
        0 => Sentence::new("the same pods at peak", &[]),
        p if p > 0 => Sentence::new("{p} more pods at peak", &[("p", &p)]),
        p => Sentence::new("{p} fewer pods at peak", &[("p", &-p)]),
    });
    let low = i64::from(b.lowest_available) - i64::from(a.lowest_available);
    parts.push(match low {
        0 => Sentence::new("the same available at worst", &[]),
        l if l < 0 => Sentence::new("{l} fewer available at worst", &[("l", &-l)]),
        l => Sentence::new("{l} more available at worst", &[("l", &l)]),
    });
    Sentence::new(
        "B (maxSurge {b_surge}, maxUnavailable {b_unavailable}) against A (the current setting, {a_surge} and {a_unavailable}): {parts}.",
        &[
            ("b_surge", &b.max_surge),
            ("b_unavailable", &b.max_unavailable),
            ("a_surge", &a.max_surge),
            ("a_unavailable", &a.max_unavailable),
        ],
    )
    .with_list("parts", Joint::Comma, parts)
}

#[cfg(test)]
mod tests;
