//! Every callback the page hands its panels, made once from the reducer's dispatcher. Panels
//! compare their props: callbacks made anew on every render would make every panel render
//! again on every animation frame.

use crate::state::{Action, AppState, FileRead, Notice};
use rollout_engine::api::Millis;
use rollout_engine::sim::Action as Kubectl;
use std::rc::Rc;
use yew::prelude::*;

/// The page's callbacks; equal as long as the dispatcher is the same one.
#[derive(Clone, PartialEq)]
pub struct Handlers {
    pub on_field: Callback<(crate::settings::Field, String)>,
    pub on_cluster_field: Callback<(crate::settings::cluster::ClusterField, String)>,
    pub on_strategy: Callback<crate::settings::StrategyChoice>,
    pub on_rollout: Callback<crate::settings::rollout::ArgoEdit>,
    pub on_workload: Callback<crate::settings::workloads::WorkloadEdit>,
    pub on_kubectl: Callback<Kubectl>,
    pub on_traffic: Callback<Option<rollout_engine::traffic::TrafficConfig>>,
    pub on_image: Callback<(String, rollout_engine::behaviour::ImageBehaviour)>,
    pub on_seed: Callback<u64>,
    pub on_manifest: Callback<String>,
    pub on_scenario_file: Callback<Rc<FileRead>>,
    pub on_open_lesson: Callback<(usize, usize)>,
    pub on_leave_lesson: Callback<()>,
    pub on_close_lesson: Callback<()>,
    pub on_toggle: Callback<()>,
    pub on_tick: Callback<f64>,
    pub on_seek: Callback<Millis>,
    pub on_speed: Callback<f64>,
    pub on_use_pair: Callback<(i32, i32)>,
    pub on_compare: Callback<Option<(i32, i32)>>,
    /// Compares with the update rolled out by another strategy (its index in the comparison).
    pub on_compare_strategy: Callback<usize>,
    pub on_capacity: Callback<Option<u32>>,
    pub on_undo: Callback<()>,
    pub on_presenter: Callback<()>,
    pub on_dismiss: Callback<()>,
    pub on_back_to_own: Callback<()>,
    pub on_notify: Callback<Notice>,
    pub on_load: Callback<(Rc<rollout_engine::Scenario>, Notice)>,
}

impl Handlers {
    pub fn new(d: UseReducerDispatcher<AppState>) -> Handlers {
        // A callback that turns its argument into an action.
        fn to<T: 'static>(
            d: &UseReducerDispatcher<AppState>,
            f: impl Fn(T) -> Action + 'static,
        ) -> Callback<T> {
            let d = d.clone();
            Callback::from(move |v| d.dispatch(f(v)))
        }
        Handlers {
            on_field: to(&d, |(f, v)| Action::SetField(f, v)),
            on_cluster_field: to(&d, |(f, v)| Action::SetClusterField(f, v)),
            on_strategy: to(&d, Action::SetStrategy),
            on_rollout: to(&d, Action::EditRollout),
            on_workload: to(&d, Action::EditWorkload),
            on_kubectl: to(&d, Action::Kubectl),
            on_traffic: to(&d, Action::SetTraffic),
            on_image: to(&d, |(i, b)| Action::SetImageBehaviour(i, b)),
            on_seed: to(&d, Action::SetSeed),
            on_manifest: to(&d, Action::LoadManifest),
            on_scenario_file: to(&d, Action::LoadScenarioFile),
            on_open_lesson: {
                // A lesson's file is fetched the first time it is opened (the page starts
                // without the lessons' text); then it opens at the step asked for.
                let d = d.clone();
                Callback::from(move |(i, k): (usize, usize)| {
                    let d = d.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match crate::lessons::load(i, crate::i18n::lang()).await {
                            Ok(()) => d.dispatch(Action::OpenLesson(i, k)),
                            Err(e) => d.dispatch(Action::Notify(Notice::error(e))),
                        }
                    })
                })
            },
            on_leave_lesson: to(&d, |()| Action::LeaveLesson),
            on_close_lesson: to(&d, |()| Action::CloseLesson),
            on_toggle: to(&d, |()| Action::TogglePlay),
            on_tick: to(&d, Action::Tick),
            on_seek: to(&d, Action::Seek),
            on_speed: to(&d, Action::SetSpeed),
            on_use_pair: to(&d, |(a, b)| Action::UsePair(a, b)),
            on_compare: to(&d, |p: Option<(i32, i32)>| {
                Action::Compare(p.map(|(s, u)| crate::player::CompareWith::Pair(s, u)))
            }),
            on_compare_strategy: to(&d, |n| {
                Action::Compare(Some(crate::player::CompareWith::Strategy(n)))
            }),
            on_capacity: to(&d, Action::SetCapacity),
            on_undo: to(&d, |()| Action::Undo),
            on_presenter: to(&d, |()| Action::TogglePresenter),
            on_dismiss: to(&d, |()| Action::DismissNotice),
            on_back_to_own: to(&d, |()| Action::BackToOwn),
            on_notify: to(&d, Action::Notify),
            on_load: to(&d, |(s, n)| Action::Load(s, n)),
        }
    }

    /// Steps to the previous or next of these times (the controller's actions).
    pub fn step(
        &self,
        d: &UseReducerDispatcher<AppState>,
        times: Rc<Vec<Millis>>,
    ) -> (Callback<()>, Callback<()>) {
        let (d1, d2, t1, t2) = (d.clone(), d.clone(), times.clone(), times);
        (
            Callback::from(move |()| d1.dispatch(Action::Step(false, t1.clone()))),
            Callback::from(move |()| d2.dispatch(Action::Step(true, t2.clone()))),
        )
    }
}
