//! The page: settings and actions on the left; the stage, time controls, chart, "Why?" and
//! kubectl panes on the right. All state changes go through the reducer in `state.rs`.

use crate::components::lesson_panel::LessonPanel;
use crate::components::{
    actions_panel::ActionsPanel, chart::Chart, fenceposts::FencepostPanel,
    images_panel::ImagesPanel, legend::Legend, manifest_panel::ManifestPanel, notice::NoticeBar,
    panes::KubectlPanes, settings_panel::SettingsPanel, stage::Stage, stage_table::StageTable,
    timeline::TimelineControls, why::WhyPanel,
};
use crate::components::{
    refresh_pane::RefreshPane, traffic_chart::TrafficChart, traffic_panel::TrafficPanel,
    tuning::Tuning,
};
use crate::hooks::{use_animation_frame, use_keyboard};
use crate::persist;
use crate::player::{PanesRef, Player, PlayerHandle};
use crate::state::{Action, AppState, Notice};
use rollout_engine::api::Millis;
use rollout_engine::manifest::{self, WorkloadKind};
use rollout_engine::sim::Action as Kubectl;
use rollout_engine::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        if let Some((id, step)) = persist::lesson_link(&persist::current_hash()) {
            if let Some(index) = crate::lessons::find(&id) {
                let start = Rc::new(AppState::new(persist::default_scenario(), None));
                return (*yew::Reducible::reduce(start, Action::OpenLesson(index, step))).clone();
            }
        }
        let (scenario, notice) = persist::initial();
        AppState::new(scenario, notice)
    });
    let player = use_memo((), {
        let scenario = state.scenario.clone();
        move |_| PlayerHandle(Rc::new(RefCell::new(Player::new(&scenario))))
    });
    player
        .0
        .borrow_mut()
        .sync(&state.scenario, state.version, state.playhead);
    if let Some(pair) = state.compare {
        player.0.borrow_mut().sync_compare(pair, state.playhead);
    }
    let panes = PanesRef(player.0.borrow_mut().panes());
    let timeline = player.0.borrow().timeline.clone();

    // Persist every change of the scenario: URL and local storage. While a lesson is followed,
    // the address bar holds the lesson's stable link instead.
    let following = state.lesson.filter(|_| !state.lesson_left);
    use_effect_with((state.version, following), {
        let scenario = state.scenario.clone();
        move |(_, following)| {
            persist::save(&scenario);
            if let Some((index, step)) = *following {
                if let Some(l) = crate::lessons::all().get(index) {
                    persist::show_lesson_link(&l.id, step);
                }
            }
        }
    });
    let highlight =
        following.and_then(|(i, s)| crate::lessons::all().get(i).map(|l| l.steps[s].pane.id()));
    // The lesson's pane gets the `highlighted` class (no inline styles: the CSP forbids them).
    let pane = |id: &'static str| classes!((highlight == Some(id)).then_some("highlighted"));

    let dispatch = |a: Action| {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(a.clone()))
    };
    let tick = {
        let state = state.clone();
        Callback::from(move |dt: f64| state.dispatch(Action::Tick(dt)))
    };
    use_animation_frame(state.playing, tick);

    let action_times = timeline.action_times();
    let step = |forward: bool| {
        let (state, times) = (state.clone(), action_times.clone());
        Callback::from(move |_: ()| {
            let now = state.playhead;
            let target = if forward {
                times
                    .iter()
                    .copied()
                    .find(|&t| t > now)
                    .unwrap_or(state.until())
            } else {
                times.iter().rev().copied().find(|&t| t < now).unwrap_or(0)
            };
            state.dispatch(Action::Seek(target));
        })
    };
    let (step_back, step_next) = (step(false), step(true));
    {
        let (state, back, next) = (state.clone(), step_back.clone(), step_next.clone());
        use_keyboard(Callback::from(move |(key, ctrl): (String, bool)| {
            match (key.as_str(), ctrl) {
                (" ", false) => {
                    state.dispatch(Action::TogglePlay);
                    true
                }
                ("ArrowRight", false) => {
                    next.emit(());
                    true
                }
                ("ArrowLeft", false) => {
                    back.emit(());
                    true
                }
                ("z", true) => {
                    state.dispatch(Action::Undo);
                    true
                }
                _ => false,
            }
        }));
    }

    let on_seek = {
        let state = state.clone();
        Callback::from(move |t: Millis| state.dispatch(Action::Seek(t)))
    };
    let on_manifest = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(load_manifest(&state.scenario, &text)))
    };
    let on_scenario_file = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(load_scenario_file(&text)))
    };

    let scenario = &state.scenario;
    let name: AttrValue = scenario.deployment.meta.name.clone().into();
    let container: AttrValue = scenario
        .deployment
        .spec
        .template
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default()
        .into();
    let images: Vec<_> = scenario
        .images()
        .into_iter()
        .map(|i| (i.clone(), scenario.images.get(&i)))
        .collect();
    let errors: Vec<(String, String)> = state
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.to_string()))
        .collect();
    let fenceposts = state.fenceposts();
    let warnings = warnings(&state, &fenceposts);
    let legacy = scenario.kind == WorkloadKind::ReplicationController;
    let traffic_summary: Option<AttrValue> = timeline.traffic.as_ref().map(|r| {
        let served: Vec<String> = r
            .served
            .iter()
            .map(|(v, n)| format!("{n} × \"{v}\""))
            .collect();
        format!("{} Served: {}.", r.summary, served.join(", ")).into()
    });
    let manifest_yaml: AttrValue = manifest::to_yaml(&scenario.deployment).into();
    let scenario_yaml: AttrValue = scenario.to_yaml().into();

    html! {
        <div class={classes!("app", state.presenter.then_some("presenter"))}>
            <header class="masthead">
                <div>
                    <h1>{ "Rollout Lab" }</h1>
                    <p class="tagline">{ "How Kubernetes rolls out a Deployment, computed by the controller's own rules." }</p>
                </div>
                <div class="toolbar">
                    <button id="undo-edit" onclick={dispatch(Action::Undo).reform(|_: MouseEvent| ())} disabled={state.undo.is_empty()} title="Undo the last change (Ctrl+Z)">{ "↶ Undo" }</button>
                    <button id="copy-link" onclick={copy_link(&state)} title="Copy a link to this scenario">{ "Copy link" }</button>
                    <button id="presenter" aria-pressed={state.presenter.to_string()} onclick={dispatch(Action::TogglePresenter).reform(|_: MouseEvent| ())}>{ "Presenter mode" }</button>
                </div>
            </header>
            <NoticeBar notice={state.notice.clone()} on_dismiss={dispatch(Action::DismissNotice)} />
            if let Some(err) = timeline.error.clone() {
                <p class="notice error" role="alert" id="run-error">{ err }</p>
            }
            if let Some(d) = scenario.description.clone() {
                <p class="scenario-description" id="scenario-description">{ d }</p>
            }
            <main class="workspace">
                <aside class="controls">
                    <div id="pane-settings" class={pane("settings")}><SettingsPanel settings={state.settings.clone()} errors={errors}
                        on_field={{ let s = state.clone(); Callback::from(move |(f, v)| s.dispatch(Action::SetField(f, v))) }}
                        on_strategy={{ let s = state.clone(); Callback::from(move |c| s.dispatch(Action::SetStrategy(c))) }} /></div>
                    <ActionsPanel name={name.clone()} container={container} suggested_image={next_image(scenario)}
                        replicas={scenario.deployment.spec.replicas} paused={panes.0.paused} legacy={legacy}
                        revisions={panes.0.revisions.clone()}
                        on_action={{ let s = state.clone(); Callback::from(move |a: Kubectl| s.dispatch(Action::Kubectl(a))) }} />
                    <TrafficPanel config={scenario.traffic.clone()} summary={traffic_summary}
                        on_change={{ let s = state.clone(); Callback::from(move |t| s.dispatch(Action::SetTraffic(t))) }} />
                    <ImagesPanel images={images}
                        on_change={{ let s = state.clone(); Callback::from(move |(i, b)| s.dispatch(Action::SetImageBehaviour(i, b))) }} />
                    <ManifestPanel manifest_yaml={manifest_yaml} scenario_yaml={scenario_yaml} name={name.clone()}
                        on_manifest={on_manifest} on_scenario={on_scenario_file} />
                </aside>
                <section class="watch">
                    <LessonPanel lesson={state.lesson} left={state.lesson_left}
                        on_open={{ let s = state.clone(); Callback::from(move |(i, k)| s.dispatch(Action::OpenLesson(i, k))) }}
                        on_leave={dispatch(Action::LeaveLesson)} on_close={dispatch(Action::CloseLesson)} />
                    <div class={classes!("card", "stage-card", pane("stage"))} id="pane-stage">
                        <TimelineControls playing={state.playing} playhead={state.playhead} until={state.until()} speed={state.speed}
                            on_toggle={dispatch(Action::TogglePlay)} on_seek={on_seek.clone()}
                            on_speed={{ let s = state.clone(); Callback::from(move |v| s.dispatch(Action::SetSpeed(v))) }}
                            on_step_back={step_back} on_step_next={step_next} />
                        if let Some((sb, ub)) = state.compare {
                            <div class="compare-stages">
                                <figure>
                                    <figcaption>{ "A: the current setting" }</figcaption>
                                    <Stage player={(*player).clone()} version={state.version} playhead={state.playhead} presenter={state.presenter} />
                                </figure>
                                <figure>
                                    <figcaption>{ format!("B: maxSurge {sb}, maxUnavailable {ub}") }</figcaption>
                                    <Stage player={(*player).clone()} version={state.version} playhead={state.playhead} presenter={state.presenter} side_b=true />
                                </figure>
                            </div>
                        } else {
                            <Stage player={(*player).clone()} version={state.version} playhead={state.playhead} presenter={state.presenter} />
                        }
                        <Legend />
                        <StageTable panes={panes.clone()} />
                    </div>
                    <div class={classes!("card", pane("chart"))} id="pane-chart">
                        <Chart player={(*player).clone()} version={state.version} playhead={state.playhead} until={state.until()} on_seek={on_seek} compare={state.compare} />
                        if state.compare.is_some() {
                            <button id="stop-compare" onclick={dispatch(Action::Compare(None)).reform(|_: MouseEvent| ())}>{ "Stop comparing" }</button>
                        }
                        <TrafficChart player={(*player).clone()} version={state.version} playhead={state.playhead} until={state.until()} />
                    </div>
                    <div id="pane-traffic" class={pane("traffic")}><RefreshPane player={(*player).clone()} version={state.version} playhead={state.playhead} host={format!("{name}.traefik.io")} /></div>
                    <div class="pair-cards">
                        <div id="pane-why" class={pane("why")}><WhyPanel panes={panes.clone()} warnings={warnings} /></div>
                        <div id="pane-fenceposts" class={pane("fenceposts")}><FencepostPanel result={fenceposts.map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>())} /></div>
                    </div>
                    <div id="pane-kubectl" class={pane("kubectl")}><KubectlPanes panes={panes} name={name} /></div>
                    <Tuning scenario={state.scenario.clone()} version={state.version} min_ready_seconds={scenario.deployment.spec.min_ready_seconds}
                        on_use={{ let s = state.clone(); Callback::from(move |(a, b)| s.dispatch(Action::UsePair(a, b))) }}
                        on_compare={{ let s = state.clone(); Callback::from(move |c| s.dispatch(Action::Compare(c))) }}
                        on_capacity={{ let s = state.clone(); Callback::from(move |c| s.dispatch(Action::SetCapacity(c))) }} />
                </section>
            </main>
        </div>
    }
}

/// The next image a user would apply: the story's hello:v2 after hello:v1, or `:v(N+1)`.
fn next_image(s: &Scenario) -> AttrValue {
    let current = s.deployment.spec.template.first_image().to_string();
    let latest = s
        .events
        .iter()
        .rev()
        .find_map(|e| match &e.action {
            Kubectl::SetImage { image, .. } => Some(image.clone()),
            _ => None,
        })
        .unwrap_or(current);
    match latest
        .rsplit_once(":v")
        .and_then(|(base, n)| n.parse::<u32>().ok().map(|n| (base.to_string(), n)))
    {
        Some((base, n)) => format!("{base}:v{}", n + 1).into(),
        None => format!("{latest}-2").into(),
    }
}

/// The traps the current settings and images fall into.
fn warnings(
    state: &AppState,
    fenceposts: &Result<
        rollout_engine::explain::Fenceposts,
        Vec<rollout_engine::api::validation::FieldError>,
    >,
) -> Vec<String> {
    let mut out = Vec::new();
    if state.settings.strategy == crate::settings::StrategyChoice::RollingUpdate {
        if let Ok(f) = fenceposts {
            out.extend(f.warnings.iter().cloned());
        }
    }
    for image in state.scenario.images() {
        let b = state.scenario.images.get(&image);
        if b.never_ready || b.crash_loop || b.pull_error {
            out.push(format!(
                "{image} never becomes ready: a rollout to it stalls, Progressing turns False with ProgressDeadlineExceeded after progressDeadlineSeconds, and nothing rolls back on its own; `kubectl rollout undo` does."
            ));
        }
    }
    out
}

/// Loads a pasted manifest into the scenario, or says what is wrong and changes nothing.
fn load_manifest(current: &Scenario, text: &str) -> Action {
    if text.trim().is_empty() {
        return Action::Notify(Notice::error("Paste a Deployment manifest first."));
    }
    match manifest::parse_deployment(text) {
        Ok(loaded) => {
            let mut next = current.clone();
            let version_notice = loaded.version_notice("manifest.yaml");
            next.deployment = loaded.deployment;
            next.kind = loaded.kind;
            next.api_version = loaded.api_version;
            next.events.clear();
            next.until = next.until.max(60.0);
            let name = next.deployment.meta.name.clone();
            let mut text = format!("Loaded deployment {name:?} from the manifest.");
            for w in rollout_engine::api::validation::warnings_on_create(&next.deployment) {
                text = format!("{text} Warning: {w}.");
            }
            if !version_notice.is_empty() {
                text = format!("{text} {version_notice}");
            }
            Action::Load(Rc::new(next), Notice::info(text))
        }
        Err(e) => Action::Notify(Notice::error(format!(
            "{e}. Your current scenario is unchanged."
        ))),
    }
}

/// Loads a scenario file, or says what is wrong and changes nothing.
fn load_scenario_file(text: &str) -> Action {
    if let Some(err) = text.strip_prefix('\u{0}') {
        return Action::Notify(Notice::error(format!(
            "{err}. Your current scenario is unchanged."
        )));
    }
    match Scenario::parse(text) {
        Ok(s) => Action::Load(Rc::new(s), Notice::info("Loaded the scenario file.")),
        Err(e) => Action::Notify(Notice::error(format!(
            "{e}. Your current scenario is unchanged."
        ))),
    }
}

/// Copies the page's link (the scenario is already in the URL) to the clipboard.
fn copy_link(state: &UseReducerHandle<AppState>) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_| {
        let href = gloo::utils::window().location().href().unwrap_or_default();
        let clipboard = gloo::utils::window().navigator().clipboard();
        let _ = clipboard.write_text(&href);
        state.dispatch(Action::Notify(Notice::info(format!("Link copied: {href}"))));
    })
}
