//! The app's state and the actions that change it. Components dispatch actions; nothing else
//! changes the state. The scenario is the source of truth: the simulation is replayed from it.

mod loading;

pub use loading::{file_too_large, FileRead};
#[cfg(test)]
mod tests;

use crate::settings::{Field, Settings, StrategyChoice};
use rollout_engine::api::validation::{replicas_from_text, FieldError};
use rollout_engine::api::Millis;
use rollout_engine::behaviour::ImageBehaviour;
use rollout_engine::explain::{explain_fenceposts, Fenceposts};
use rollout_engine::intstr::IntOrString;
use rollout_engine::sim::Action as KubectlAction;
use rollout_engine::Scenario;
use std::rc::Rc;
use yew::Reducible;

/// The playback speeds offered, slowest first.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// The most undo steps kept.
const UNDO_DEPTH: usize = 50;

/// A message for the user, with how serious it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// Data the user can download from the notice (what could not be read, kept aside).
    pub export: Option<std::rc::Rc<String>>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
            export: None,
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
            export: None,
        }
    }
}

/// The scenario as components get it: compared by its version, never by its content, so that
/// a component re-renders when the scenario changes and not when anything else does.
#[derive(Clone, Debug)]
pub struct ScenarioRef {
    pub scenario: Rc<Scenario>,
    pub version: u64,
}

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl std::ops::Deref for ScenarioRef {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.scenario
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The last valid scenario; invalid edits never replace it.
    pub scenario: Rc<Scenario>,
    /// Bumped on every change of the scenario, for caches keyed on it.
    pub version: u64,
    pub settings: Settings,
    pub errors: Vec<FieldError>,
    pub playhead: Millis,
    pub playing: bool,
    pub speed: f64,
    pub notice: Option<Notice>,
    pub undo: Vec<Rc<Scenario>>,
    /// The user's own scenario, the one kept in local storage: what they last edited (or what
    /// was stored). A link or a lesson shows another scenario without replacing it.
    pub own: Rc<Scenario>,
    /// Bumped when `own` changes by the user's hand: the page saves it then, and only then.
    pub own_version: u64,
    pub presenter: bool,
    /// A second setting (maxSurge, maxUnavailable) or strategy compared with the current one.
    pub compare: Option<crate::player::CompareWith>,
    /// The lesson being followed: (lesson index, step index).
    pub lesson: Option<(usize, usize)>,
    /// The learner left the lesson to play freely (and can come back).
    pub lesson_left: bool,
}

/// Everything the user can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetField(Field, String),
    /// A field of the cluster form (nodes, autoscaler, requests).
    SetClusterField(crate::settings::cluster::ClusterField, String),
    SetStrategy(StrategyChoice),
    /// An edit of an Argo Rollout's steps or strategy settings.
    EditRollout(crate::settings::rollout::ArgoEdit),
    /// An edit of a StatefulSet's or DaemonSet's own settings.
    EditWorkload(crate::settings::workloads::WorkloadEdit),
    SetImageBehaviour(String, ImageBehaviour),
    /// The seed every pod's draws come from.
    SetSeed(u64),
    /// Turns the traffic model on (with these settings) or off.
    SetTraffic(Option<rollout_engine::traffic::TrafficConfig>),
    /// A kubectl command at the playhead.
    Kubectl(KubectlAction),
    TogglePlay,
    /// Wall-clock milliseconds since the last frame.
    Tick(f64),
    Seek(Millis),
    SetSpeed(f64),
    /// A whole new scenario the user loaded, with what to tell them.
    Load(Rc<Scenario>, Notice),
    /// A pasted manifest: loaded into the scenario, or why not (nothing changes then).
    LoadManifest(String),
    /// A scenario file's text, or why it could not be read.
    LoadScenarioFile(Rc<loading::FileRead>),
    /// To the previous (`false`) or next (`true`) of these times, from the playhead.
    Step(bool, Rc<Vec<Millis>>),
    /// Shows the user's own scenario again (after a link or a lesson showed another).
    BackToOwn,
    Notify(Notice),
    DismissNotice,
    Undo,
    TogglePresenter,
    /// Loads a setting from the tuning sweep into the main view (RollingUpdate, integers).
    UsePair(i32, i32),
    Compare(Option<crate::player::CompareWith>),
    SetCapacity(Option<u32>),
    /// Opens a lesson at a step (loading its scenario, stopping at the step's moment).
    OpenLesson(usize, usize),
    /// Leaves the lesson to play freely, keeping what is on screen.
    LeaveLesson,
    CloseLesson,
}

impl AppState {
    /// The page showing the user's own scenario.
    pub fn new(scenario: Scenario, notice: Option<Notice>) -> AppState {
        let scenario = Rc::new(scenario);
        AppState {
            settings: Settings::from_scenario(&scenario),
            own: scenario.clone(),
            scenario,
            own_version: 0,
            version: 0,
            errors: Vec::new(),
            playhead: 0,
            playing: false,
            speed: 1.0,
            notice,
            undo: Vec::new(),
            presenter: false,
            compare: None,
            lesson: None,
            lesson_left: false,
        }
    }

    /// The scenario and its version, for components.
    pub fn scenario_ref(&self) -> ScenarioRef {
        ScenarioRef {
            scenario: self.scenario.clone(),
            version: self.version,
        }
    }

    /// The page showing a linked scenario; the user's own stays stored, one Undo (or "Back to
    /// your scenario") away.
    pub fn linked(shown: Scenario, own: Scenario, notice: Option<Notice>) -> AppState {
        let mut s = AppState::new(own, notice);
        s.replace_scenario(shown, false);
        s.settings = Settings::from_scenario(&s.scenario);
        s
    }

    /// Whether the page shows something other than the user's own scenario.
    pub fn away_from_own(&self) -> bool {
        !Rc::ptr_eq(&self.scenario, &self.own)
    }

    pub fn until(&self) -> Millis {
        (self.scenario.until * 1000.0) as Millis
    }

    /// The messages for one field, joined.
    pub fn error_for(&self, path: &str) -> Option<String> {
        let msgs: Vec<String> = self
            .errors
            .iter()
            .filter(|e| e.field == path)
            .map(|e| e.to_string())
            .collect();
        (!msgs.is_empty()).then(|| msgs.join("\n"))
    }

    /// Shows `next`, the current scenario going on the undo stack. An `edit` is the user's
    /// hand: it makes the scenario their own (and so the one saved).
    fn replace_scenario(&mut self, next: Scenario, edit: bool) {
        self.show(Rc::new(next), edit);
    }

    fn show(&mut self, next: Rc<Scenario>, edit: bool) {
        // Changing the scenario of a lesson is playing freely; the lesson waits to be returned to.
        if self.lesson.is_some() && edit {
            self.lesson_left = true;
        }
        self.undo.push(self.scenario.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.scenario = next;
        self.version += 1;
        if edit {
            self.own = self.scenario.clone();
            self.own_version += 1;
        }
    }

    fn apply_settings(&mut self) {
        match self.settings.apply(&self.scenario) {
            Ok(next) => {
                self.errors.clear();
                if next != *self.scenario {
                    self.replace_scenario(next, true);
                }
            }
            Err(errors) => self.errors = errors,
        }
    }

    /// A new scenario the user loaded: shown from its start, the form filled in from it.
    fn load(&mut self, scenario: Rc<Scenario>, notice: Notice) {
        self.show(scenario, true);
        self.settings = Settings::from_scenario(&self.scenario);
        self.errors.clear();
        self.playhead = 0;
        self.playing = false;
        self.notice = Some(notice);
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetField(f, v) => {
                s.settings.set(f, v);
                s.apply_settings();
            }
            Action::SetClusterField(f, v) => {
                s.settings.cluster.set(f, v);
                s.apply_settings();
            }
            Action::SetStrategy(choice) => {
                s.settings.strategy = choice;
                s.apply_settings();
            }
            Action::EditRollout(edit) => {
                s.settings.argo.edit(edit);
                s.apply_settings();
            }
            Action::EditWorkload(edit) => {
                s.settings.workload.edit(edit);
                s.apply_settings();
            }
            Action::SetImageBehaviour(image, behaviour) => {
                let mut next = (*s.scenario).clone();
                next.images.0.insert(image, behaviour);
                s.replace_scenario(next, true);
            }
            Action::SetSeed(seed) => {
                let mut next = (*s.scenario).clone();
                next.seed = seed;
                s.replace_scenario(next, true);
            }
            Action::SetTraffic(t) => {
                let mut next = (*s.scenario).clone();
                // A readiness gate or a longer drain can make the rollout outlast the end the
                // scenario had: the end moves with it (never earlier).
                let timing = |t: &Option<rollout_engine::traffic::TrafficConfig>| {
                    t.as_ref().map(|c| {
                        (
                            c.readiness_gate,
                            c.registration_seconds().to_bits(),
                            c.pre_stop_sleep.to_bits(),
                        )
                    })
                };
                let retimed = timing(&next.traffic) != timing(&t);
                next.traffic = t;
                if retimed && !next.events.is_empty() {
                    let first = next
                        .events
                        .iter()
                        .map(|e| e.at)
                        .fold(f64::INFINITY, f64::min);
                    next.until = next.until.max(next.settled_after(first));
                }
                s.replace_scenario(next, true);
            }
            Action::Kubectl(a) => {
                let at = s.playhead as f64 / 1000.0;
                let next = s.scenario.with_action_at(at, a);
                s.replace_scenario(next, true);
                s.notice = None;
            }
            Action::TogglePlay => {
                if !s.playing && s.playhead >= s.until() {
                    s.playhead = 0;
                }
                s.playing = !s.playing;
            }
            Action::Tick(dt) => {
                if !s.playing {
                    return self;
                }
                let step = (dt.clamp(0.0, 250.0) * s.speed).round() as Millis;
                s.playhead = (s.playhead + step).min(s.until());
                if s.playhead >= s.until() {
                    s.playing = false;
                }
            }
            Action::Seek(t) => s.playhead = t.clamp(0, s.until()),
            Action::SetSpeed(v) => s.speed = v.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Action::Load(scenario, notice) => s.load(scenario, notice),
            Action::LoadManifest(text) => match loading::manifest(&s.scenario, &text) {
                Ok((scenario, notice)) => s.load(Rc::new(scenario), notice),
                Err(notice) => s.notice = Some(notice),
            },
            Action::LoadScenarioFile(read) => match loading::scenario_file(&read) {
                Ok(scenario) => s.load(
                    Rc::new(scenario),
                    Notice::info(crate::i18n::tr("Loaded the scenario file.")),
                ),
                Err(notice) => s.notice = Some(notice),
            },
            Action::Step(forward, times) => {
                let now = s.playhead;
                s.playhead = if forward {
                    times
                        .iter()
                        .copied()
                        .find(|&t| t > now)
                        .unwrap_or(s.until())
                } else {
                    times.iter().rev().copied().find(|&t| t < now).unwrap_or(0)
                };
            }
            Action::BackToOwn => {
                if s.away_from_own() {
                    let own = s.own.clone();
                    s.show(own, false);
                    s.settings = Settings::from_scenario(&s.scenario);
                    s.errors.clear();
                    s.lesson = None;
                    s.lesson_left = false;
                    s.compare = None;
                    s.playhead = 0;
                    s.playing = false;
                    s.notice = Some(Notice::info(crate::i18n::tr("Back to your scenario.")));
                }
            }
            Action::Notify(n) => s.notice = Some(n),
            Action::DismissNotice => s.notice = None,
            Action::Undo => {
                if let Some(prev) = s.undo.pop() {
                    // Undoing the user's own edits walks their scenario back (and saves it);
                    // undoing away from a link or a lesson leaves their scenario as it is.
                    if !s.away_from_own() {
                        s.own = prev.clone();
                        s.own_version += 1;
                    }
                    s.scenario = prev;
                    s.version += 1;
                    s.settings = Settings::from_scenario(&s.scenario);
                    s.errors.clear();
                    s.playhead = s.playhead.min(s.until());
                }
            }
            Action::TogglePresenter => s.presenter = !s.presenter,
            Action::UsePair(surge, unavailable) => {
                s.settings.strategy = StrategyChoice::RollingUpdate;
                s.settings.set(Field::MaxSurge, surge.to_string());
                s.settings
                    .set(Field::MaxUnavailable, unavailable.to_string());
                s.apply_settings();
            }
            Action::Compare(pair) => s.compare = pair,
            Action::OpenLesson(index, step) => {
                let Some(lesson) = crate::lessons::get(index) else {
                    return self;
                };
                let step = step.min(lesson.steps.len() - 1);
                let same = s.lesson.is_some_and(|(i, _)| i == index) && !s.lesson_left;
                if !same {
                    s.replace_scenario(lesson.scenario.clone(), false);
                    s.settings = Settings::from_scenario(&s.scenario);
                    s.errors.clear();
                }
                // A step may show a second setting beside the lesson's.
                s.compare = lesson.steps[step]
                    .compare
                    .map(|c| crate::player::CompareWith::Pair(c.max_surge, c.max_unavailable));
                s.lesson = Some((index, step));
                s.lesson_left = false;
                s.playing = false;
                s.playhead =
                    ((lesson.steps[step].at * 1000.0).round() as Millis).clamp(0, s.until());
                s.notice = None;
            }
            Action::LeaveLesson => s.lesson_left = true,
            Action::CloseLesson => {
                s.lesson = None;
                s.lesson_left = false;
            }
            Action::SetCapacity(capacity) => {
                let mut next = (*s.scenario).clone();
                next.cluster.capacity = capacity;
                if next != *s.scenario {
                    s.replace_scenario(next, true);
                }
            }
        }
        Rc::new(s)
    }
}

/// How the form's maxSurge and maxUnavailable resolve for its replicas (ResolveFenceposts).
pub fn fenceposts_of(settings: &Settings) -> Result<Fenceposts, Vec<FieldError>> {
    let replicas = replicas_from_text(settings.get(Field::Replicas)).map_err(|e| vec![e])?;
    explain_fenceposts(
        replicas,
        &IntOrString::parse_input(settings.get(Field::MaxSurge)),
        &IntOrString::parse_input(settings.get(Field::MaxUnavailable)),
    )
}
