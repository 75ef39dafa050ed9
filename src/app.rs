//! The page: settings and actions on the left; the stage, time controls, chart, "Why?" and
//! kubectl panes on the right. All state changes go through the reducer in `state.rs`.

use crate::components::lesson_panel::LessonPanel;
use crate::components::tuning::workload::WorkloadSweep;
use crate::components::{
    actions_panel::ActionsPanel, chart::Chart, cluster_panel::ClusterPanel,
    compare_stages::CompareStages, fenceposts::FencepostPanel, images_panel::ImagesPanel,
    legend::Legend, manifest_panel::ManifestPanel, node_actions::NodeActions, notice::NoticeBar,
    panes::KubectlPanes, settings_panel::SettingsPanel, stage::Stage, stage_table::StageTable,
    strategy_compare::StrategyCompare, timeline::TimelineControls, why::WhyPanel,
};
use crate::components::{
    refresh_pane::RefreshPane, rollout_steps::RolloutSteps, takeaway::Takeaway,
    traffic_chart::TrafficChart, traffic_panel::TrafficPanel, tuning::Tuning,
};
use crate::handlers::Handlers;
use crate::hooks::{use_animation_frame, use_keyboard};
use crate::i18n::{tr, trf};
use crate::persist;
use crate::player::{PanesRef, Player, PlayerHandle};
use crate::state::{Action, AppState, Notice};
use rollout_engine::manifest::WorkloadKind;
use rollout_engine::sim::Action as Kubectl;
use rollout_engine::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Starts the page: fetches what its first render needs beyond the module (the Chinese words
/// when it speaks Chinese, the lesson a link opens on), then renders it.
pub async fn start() {
    let lang = persist::initial_lang();
    crate::i18n::set_lang(lang);
    let words = crate::i18n::load_words(lang).await;
    let lesson = match persist::lesson_link(&persist::current_hash())
        .and_then(|(id, _)| crate::lessons::find(&id))
    {
        Some(i) => crate::lessons::load(i, lang).await,
        None => Ok(()),
    };
    // Without them the page still opens: in English, on the user's own scenario.
    if let Err(e) = words.and(lesson) {
        gloo::console::warn!(e);
    }
    yew::Renderer::<App>::new().render();
}

#[function_component(App)]
pub fn app() -> Html {
    // Embedded (`#embed&...`): only the stage, the time controls and the charts.
    let embed = use_memo((), |_| persist::is_embed());
    // The panels below the fold render once the first frame is painted, so that the stage and
    // its time controls are on screen (and playable) sooner; the rest follows a frame later.
    let settled = use_state(|| false);
    {
        let settled = settled.clone();
        use_effect_with((), move |_| {
            let after: Rc<RefCell<Option<gloo::timers::callback::Timeout>>> = Rc::default();
            let later = after.clone();
            let frame = gloo::render::request_animation_frame(move |_| {
                let timeout = gloo::timers::callback::Timeout::new(0, move || settled.set(true));
                *later.borrow_mut() = Some(timeout);
            });
            move || {
                drop(frame);
                after.borrow_mut().take();
            }
        });
    }
    // The page's language: chosen by the user before, else the browser's. Set before anything
    // renders (the lesson opened from a link is read in it), and at every render.
    let lang = use_state(|| {
        let lang = persist::initial_lang();
        crate::i18n::set_lang(lang);
        lang
    });
    crate::i18n::set_lang(*lang);
    use_effect_with(*lang, |lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let state = use_reducer(|| {
        let (own, opening, notice) = persist::initial();
        match opening {
            persist::Opening::Own => AppState::new(own, notice),
            persist::Opening::Linked(shown) => AppState::linked(*shown, own, notice),
            persist::Opening::Lesson(id, step) => {
                let start = Rc::new(AppState::new(own, notice));
                match crate::lessons::find(&id) {
                    Some(index) => {
                        (*yew::Reducible::reduce(start, Action::OpenLesson(index, step))).clone()
                    }
                    None => (*start).clone(),
                }
            }
        }
    });
    // A switch of language fetches its words (and the open lesson's translation) first.
    let on_lang = {
        let (lang, lesson) = (lang.clone(), state.lesson.map(|(i, _)| i));
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let chosen = crate::i18n::Lang::from_tag(&el.value());
            persist::store_lang(chosen);
            let lang = lang.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let words = crate::i18n::load_words(chosen).await;
                let lesson = match lesson {
                    Some(i) => crate::lessons::load(i, chosen).await,
                    None => Ok(()),
                };
                if let Err(e) = words.and(lesson) {
                    gloo::console::warn!(e);
                }
                lang.set(chosen);
            })
        })
    };
    let dispatcher = state.dispatcher();
    let handlers = use_memo((), {
        let d = dispatcher.clone();
        move |_| Handlers::new(d)
    });
    let player = use_memo((), {
        let (scenario, version) = (state.scenario.clone(), state.version);
        move |_| PlayerHandle(Rc::new(RefCell::new(Player::new(&scenario, version))))
    });
    player
        .0
        .borrow_mut()
        .sync(&state.scenario, state.version, state.playhead);
    if let Some(with) = state.compare {
        player.0.borrow_mut().sync_compare(with, state.playhead);
    }
    let panes = PanesRef(if state.playing {
        let now = gloo::utils::window().performance().map_or(0.0, |p| p.now());
        player.0.borrow_mut().panes_while_playing(now)
    } else {
        player.0.borrow_mut().panes()
    });
    let counts_b = player.0.borrow().counts_b();
    let timeline = player.0.borrow().timeline.clone();

    // Only the user's own edits are saved; a link or a lesson leaves the stored scenario alone.
    use_effect_with(state.own_version, {
        let own = state.own.clone();
        move |v| {
            if *v > 0 {
                persist::save_own(&own);
            }
        }
    });
    // The address bar shows what is on screen once it changes (a link opened stays as it was);
    // while a lesson is followed, the lesson's stable link.
    let following = state.lesson.filter(|_| !state.lesson_left);
    use_effect_with((state.version, following), {
        let scenario = state.scenario.clone();
        move |(version, following)| match *following {
            Some((index, step)) => {
                if let Some(l) = crate::lessons::get(index) {
                    persist::show_lesson_link(&l.id, step);
                }
            }
            None if *version > 0 => persist::show_in_url(&scenario),
            None => {}
        }
    });
    let highlight =
        following.and_then(|(i, s)| crate::lessons::get(i).map(|l| l.steps[s].pane.id()));
    // The lesson's pane gets the `highlighted` class (no inline styles: the CSP forbids them).
    let pane = |id: &'static str| classes!((highlight == Some(id)).then_some("highlighted"));

    use_animation_frame(state.playing, handlers.on_tick.clone());
    let (step_back, step_next) = {
        let times = use_memo(state.version, |_| Rc::new(timeline.action_times()));
        handlers.step(&dispatcher, (*times).clone())
    };
    {
        let (d, back, next) = (dispatcher.clone(), step_back.clone(), step_next.clone());
        use_keyboard(Callback::from(move |(key, ctrl): (String, bool)| {
            match (key.as_str(), ctrl) {
                (" ", false) => d.dispatch(Action::TogglePlay),
                ("ArrowRight", false) => next.emit(()),
                ("ArrowLeft", false) => back.emit(()),
                ("z", true) => d.dispatch(Action::Undo),
                _ => return false,
            }
            true
        }));
    }

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
    // Derived from the scenario: computed when it changes (or the language, whose words some of
    // it is in), not on every frame.
    let derived = use_memo((state.version, *lang), {
        let (s, timeline) = (state.scenario.clone(), timeline.clone());
        move |_| Derived::of(&s, &timeline)
    });
    // Derived from what the form holds: computed when it changes, not on every frame.
    let form = use_memo((state.settings.clone(), state.version, *lang), {
        let (errors, derived) = (state.errors.clone(), derived.clone());
        move |(settings, ..)| {
            let fenceposts = crate::state::fenceposts_of(settings);
            Form::of(
                &errors,
                fenceposts,
                settings.strategy,
                &derived.image_warnings,
            )
        }
    });
    let legacy = scenario.kind == WorkloadKind::ReplicationController;
    let h = &*handlers;
    let clicked = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());

    html! {
        // Keyed by the language: a switch renders every part of the page again in it.
        <div key={lang.tag()} class={classes!("app", state.presenter.then_some("presenter"), (*embed).then_some("embed"))}>
            if *embed {
                <div class="embed-bar">
                    <h1>{ "Rollout Lab" }</h1>
                    <a href={persist::link_to(&state.scenario)} target="_blank" rel="noopener">{ tr("Open in Rollout Lab ↗") }</a>
                </div>
            }
            if !*embed {
            <header class="masthead">
                <div>
                    <h1>{ "Rollout Lab" }</h1>
                    <p class="tagline">{ tr("How Kubernetes rolls out a Deployment, computed by the controller's own rules.") }</p>
                </div>
                <div class="toolbar">
                    if state.away_from_own() {
                        <button id="back-to-own" onclick={clicked(&h.on_back_to_own)} title={tr("Show your own scenario again")}>{ tr("Back to your scenario") }</button>
                    }
                    <button id="undo-edit" onclick={clicked(&h.on_undo)} disabled={state.undo.is_empty()} title={tr("Undo the last change (Ctrl+Z)")}>{ tr("↶ Undo") }</button>
                    <button id="copy-link" onclick={copy_link(state.scenario.clone(), h.on_notify.clone())} title={tr("Copy a link to this scenario")}>{ tr("Copy link") }</button>
                    <button id="copy-embed" onclick={copy_embed(state.scenario.clone(), h.on_notify.clone())} title={tr("Copy an <iframe> that shows this scenario's stage and charts")}>{ tr("Embed") }</button>
                    <select id="lang" aria-label="Language / 语言" onchange={on_lang}>
                        { for crate::i18n::Lang::ALL.iter().map(|l| html! {
                            <option value={l.tag()} selected={*l == *lang}>{ l.name() }</option>
                        }) }
                    </select>
                    <button id="presenter" aria-pressed={state.presenter.to_string()} onclick={clicked(&h.on_presenter)}>{ tr("Presenter mode") }</button>
                </div>
            </header>
            }
            <NoticeBar notice={state.notice.clone()} on_dismiss={h.on_dismiss.clone()} />
            if let Some(err) = timeline.error.clone() {
                <p class="notice error" role="alert" id="run-error">{ err }</p>
            }
            if let Some(d) = scenario.description.clone() {
                <p class="scenario-description" id="scenario-description">{ d }</p>
            }
            <main class="workspace">
                <aside class="controls">
                    <div id="pane-settings" class={pane("settings")}><SettingsPanel settings={state.settings.clone()} errors={form.errors.clone()}
                        on_field={h.on_field.clone()} on_strategy={h.on_strategy.clone()} on_rollout={h.on_rollout.clone()} on_workload={h.on_workload.clone()} /></div>
                    if *settled { <>
                    <div id="pane-cluster" class={pane("cluster")}><ClusterPanel form={state.settings.cluster.clone()} errors={form.errors.clone()} on_field={h.on_cluster_field.clone()} /></div>
                    <ActionsPanel name={name.clone()} container={container} suggested_image={derived.next_image.clone()}
                        replicas={scenario.deployment.spec.replicas} paused={panes.0.paused} legacy={legacy} argo={panes.0.rollout.is_some()}
                        revisions={panes.0.revisions.clone()} workload={panes.0.workload.as_ref().map_or(AttrValue::default(), |w| AttrValue::from(w.0))}
                        pods={panes.0.pod_names.clone()} on_action={h.on_kubectl.clone()} />
                    if !legacy {
                        <section class="card" aria-label={tr("Nodes: drain, uncordon, NotReady, delete, add")}>
                            <NodeActions nodes={panes.0.nodes.clone()} on_action={h.on_kubectl.clone()} />
                        </section>
                    }
                    <TrafficPanel config={scenario.traffic.clone()} summary={derived.traffic_summary.clone()}
                        on_change={h.on_traffic.clone()}
                        grace_seconds={scenario.deployment.spec.template.termination_grace_period_seconds}
                        container={AttrValue::from(scenario.deployment.spec.template.containers.first().map_or_else(String::new, |c| c.name.clone()))}
                        on_grace={h.on_field.reform(|v: String| (crate::settings::Field::TerminationGracePeriodSeconds, v))} />
                    <ImagesPanel images={derived.images.clone()} seed={state.scenario.seed} varies={!state.scenario.images.is_fixed()}
                        on_change={h.on_image.clone()} on_seed={h.on_seed.clone()} />
                    <ManifestPanel scenario={state.scenario_ref()}
                        on_manifest={h.on_manifest.clone()} on_scenario={h.on_scenario_file.clone()} />
                    </> }
                </aside>
                <section class="watch">
                    <LessonPanel lesson={state.lesson} left={state.lesson_left}
                        on_open={h.on_open_lesson.clone()} on_leave={h.on_leave_lesson.clone()} on_close={h.on_close_lesson.clone()} />
                    <div class={classes!("card", "stage-card", pane("stage"))} id="pane-stage">
                        <TimelineControls playing={state.playing} playhead={state.playhead} until={state.until()} speed={state.speed}
                            on_toggle={h.on_toggle.clone()} on_seek={h.on_seek.clone()} on_speed={h.on_speed.clone()}
                            on_step_back={step_back} on_step_next={step_next} />
                        if let Some(view) = panes.0.rollout.clone() {
                            <RolloutSteps {view} />
                        }
                        if let (Some(with), Some(counts_b)) = (state.compare, counts_b) {
                            <CompareStages player={(*player).clone()} version={state.version} playhead={state.playhead}
                                presenter={state.presenter} label_b={crate::i18n::say(&player.0.borrow_mut().comparison(with).label)} counts_a={panes.0.counts} {counts_b} />
                        } else {
                            <Stage player={(*player).clone()} version={state.version} playhead={state.playhead} presenter={state.presenter} playing={state.playing} />
                        }
                        if let Some((n, message)) = panes.0.pending.clone() {
                            <p id="pending-note" class="pending-note" role="status">
                                <strong>{ trf("{n} pod{s} Pending", &[("n", &n), ("s", &if n == 1 { "" } else { "s" })]) }</strong>
                                { tr(" — the scheduler: ") }<code>{ message }</code>
                            </p>
                        }
                        if !panes.0.failed_so_far.is_empty() {
                            <p id="failed-note" class="pending-note failed-note" role="status">
                                <strong>{ tr("Requests failed so far") }</strong>{ " — " }
                                { panes.0.failed_so_far.iter().map(|(cause, n)| format!("{n} {}", tr(cause))).collect::<Vec<_>>().join(" · ") }
                            </p>
                        }
                        if let Some((_, from, to, cpu, _)) = panes.0.hpa_decision.clone() {
                            <p id="hpa-note" class="pending-note hpa-note" role="status">
                                <strong>{ "HPA" }</strong>
                                { trf(" — CPU {cpu} at its last sync; spec.replicas {change}", &[
                                    ("cpu", &cpu.map_or(tr("unknown").to_string(), |u| format!("{u}%"))),
                                    ("change", &if from == to { trf("stays {n}", &[("n", &from)]) } else { format!("{from} → {to}") }),
                                ]) }
                                { tr(" (the arithmetic: Why?)") }
                            </p>
                        }
                        <Legend />
                        <StageTable panes={panes.clone()} />
                    </div>
                    <div class={classes!("card", pane("chart"))} id="pane-chart">
                        <Chart player={(*player).clone()} version={state.version} playhead={state.playhead} until={state.until()} on_seek={h.on_seek.clone()} compare={state.compare} />
                        if state.compare.is_some() {
                            <button id="stop-compare" onclick={h.on_compare.reform(|_: MouseEvent| None)}>{ tr("Stop comparing") }</button>
                        }
                        <TrafficChart player={(*player).clone()} version={state.version} playhead={state.playhead} until={state.until()} on_seek={h.on_seek.clone()} />
                        if !*embed {
                            <Takeaway name={name.clone()} playhead={state.playhead} until={state.until()} playing={state.playing}
                                on_seek={h.on_seek.clone()} on_toggle={h.on_toggle.clone()} on_notify={h.on_notify.clone()} />
                        }
                    </div>
                    if *settled { <>
                    <div id="pane-traffic" class={pane("traffic")}><RefreshPane player={(*player).clone()} version={state.version} playhead={panes.0.at} host={format!("{name}.traefik.io")} /></div>
                    <div class="pair-cards">
                        <div id="pane-why" class={pane("why")}><WhyPanel panes={panes.clone()} warnings={form.warnings.clone()} /></div>
                        // A blue-green Rollout, a StatefulSet and a DaemonSet have no surge
                        // and unavailability of a Deployment to resolve.
                        if state.settings.strategy != crate::settings::StrategyChoice::ArgoBlueGreen && !state.settings.strategy.is_apps_workload() {
                            <div id="pane-fenceposts" class={pane("fenceposts")}><FencepostPanel result={form.fenceposts.clone()} /></div>
                        }
                    </div>
                    <div id="pane-kubectl" class={pane("kubectl")}><KubectlPanes panes={panes} name={name} /></div>
                    if matches!(scenario.kind, WorkloadKind::StatefulSet | WorkloadKind::DaemonSet) {
                        <WorkloadSweep scenario={state.scenario_ref()} on_use={{
                            let on_field = h.on_field.clone();
                            Callback::from(move |(unavailable, surge): (String, String)| {
                                // One field at a time: a pair in between that Kubernetes refuses
                                // changes nothing, the second edit makes it whole.
                                use crate::settings::Field;
                                if surge == "0" {
                                    on_field.emit((Field::MaxSurge, surge));
                                    on_field.emit((Field::MaxUnavailable, unavailable));
                                } else {
                                    on_field.emit((Field::MaxUnavailable, unavailable));
                                    on_field.emit((Field::MaxSurge, surge));
                                }
                            })
                        }} />
                    } else {
                    <StrategyCompare scenario={state.scenario_ref()} on_load={h.on_load.clone()} on_compare={h.on_compare_strategy.clone()} />
                    <Tuning scenario={state.scenario_ref()} min_ready_seconds={scenario.deployment.spec.min_ready_seconds}
                        on_use={h.on_use_pair.clone()} on_compare={h.on_compare.clone()} on_capacity={h.on_capacity.clone()}
                        on_drain={{
                            let (traffic, on_traffic, on_field) = (scenario.traffic.clone(), h.on_traffic.clone(), h.on_field.clone());
                            Callback::from(move |(pre_stop, grace): (i64, i64)| {
                                let cfg = traffic.clone().unwrap_or_default();
                                on_traffic.emit(Some(rollout_engine::traffic::TrafficConfig { pre_stop_sleep: pre_stop as f64, ..cfg }));
                                on_field.emit((crate::settings::Field::TerminationGracePeriodSeconds, grace.to_string()));
                            })
                        }} />
                    }
                    </> }
                </section>
            </main>
        </div>
    }
}

/// What the page shows that follows from the scenario alone.
struct Derived {
    images: Vec<(String, rollout_engine::behaviour::ImageBehaviour)>,
    next_image: AttrValue,
    traffic_summary: Option<AttrValue>,
    image_warnings: Vec<String>,
}

impl Derived {
    fn of(s: &Scenario, timeline: &crate::player::Timeline) -> Derived {
        let images: Vec<_> = s
            .images()
            .into_iter()
            .map(|i| (i.clone(), s.images.get(&i)))
            .collect();
        let image_warnings = images
            .iter()
            .filter(|(_, b)| b.never_ready || b.crash_loop || b.pull_error)
            .map(|(image, _)| crate::i18n::trf(
                "{image} never becomes ready: a rollout to it stalls, Progressing turns False with ProgressDeadlineExceeded after progressDeadlineSeconds, and nothing rolls back on its own; `kubectl rollout undo` does.",
                &[("image", image)],
            ))
            .collect();
        let traffic_summary = timeline.traffic.as_ref().map(|r| {
            let served: Vec<String> = r
                .served
                .iter()
                .map(|(v, n)| format!("{n} × \"{v}\""))
                .collect();
            crate::i18n::trf(
                "{summary} Served: {served}.",
                &[
                    ("summary", &crate::i18n::say(&r.summary)),
                    ("served", &served.join(crate::i18n::tr(", "))),
                ],
            )
            .into()
        });
        Derived {
            images,
            next_image: next_image(s),
            traffic_summary,
            image_warnings,
        }
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
/// What the settings form shows beside its fields, and the warnings it leads to.
struct Form {
    errors: Rc<Vec<(String, String)>>,
    fenceposts: Rc<Result<rollout_engine::explain::Fenceposts, Vec<String>>>,
    warnings: Rc<Vec<String>>,
}

impl Form {
    fn of(
        errors: &[rollout_engine::api::validation::FieldError],
        fenceposts: Result<
            rollout_engine::explain::Fenceposts,
            Vec<rollout_engine::api::validation::FieldError>,
        >,
        strategy: crate::settings::StrategyChoice,
        image_warnings: &[String],
    ) -> Form {
        let mut warnings = Vec::new();
        if strategy == crate::settings::StrategyChoice::RollingUpdate {
            if let Ok(f) = &fenceposts {
                warnings.extend(f.warnings.iter().map(crate::i18n::say));
            }
        }
        warnings.extend(image_warnings.iter().cloned());
        Form {
            errors: Rc::new(
                errors
                    .iter()
                    .map(|e| (e.field.clone(), e.to_string()))
                    .collect(),
            ),
            fenceposts: Rc::new(fenceposts.map_err(|e| e.iter().map(|e| e.to_string()).collect())),
            warnings: Rc::new(warnings),
        }
    }
}

/// Copies an `<iframe>` that embeds what is shown (the lesson at its step, else the scenario)
/// and says what it copied, so that it can be copied by hand too.
fn copy_embed(scenario: Rc<Scenario>, notify: Callback<Notice>) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let hash = persist::current_hash();
        let shown = if hash.starts_with("#lesson=") {
            hash
        } else {
            persist::encode_hash(&scenario)
        };
        let snippet = persist::iframe_snippet(&persist::page_base(), &shown);
        let _ = gloo::utils::window()
            .navigator()
            .clipboard()
            .write_text(&snippet);
        notify.emit(Notice::info(crate::i18n::trf(
            "Copied, to paste into a page: {snippet}",
            &[("snippet", &snippet)],
        )));
    })
}

/// Copies a link to the scenario on screen to the clipboard.
fn copy_link(scenario: Rc<Scenario>, notify: Callback<Notice>) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let href = persist::link_to(&scenario);
        let clipboard = gloo::utils::window().navigator().clipboard();
        let _ = clipboard.write_text(&href);
        notify.emit(Notice::info(crate::i18n::trf(
            "Link copied: {href}",
            &[("href", &href)],
        )));
    })
}
