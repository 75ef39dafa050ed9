//! kubectl, as the user types it, at the playhead: apply a new image, scale, pause, resume,
//! undo.

use crate::i18n::tr;
use rollout_engine::api::validation::replicas_from_text;
use rollout_engine::sim::Action as Kubectl;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub name: AttrValue,
    pub container: AttrValue,
    pub suggested_image: AttrValue,
    pub replicas: i32,
    pub paused: bool,
    pub legacy: bool,
    /// The workload is an Argo Rollout: the plugin's commands.
    #[prop_or_default]
    pub argo: bool,
    pub revisions: Vec<i64>,
    /// A StatefulSet's or DaemonSet's resource (`statefulset`, `daemonset`), else empty.
    #[prop_or_default]
    pub workload: AttrValue,
    /// The pods `kubectl delete pod` may name.
    #[prop_or_default]
    pub pods: Vec<String>,
    pub on_action: Callback<Kubectl>,
}

#[function_component(ActionsPanel)]
pub fn actions_panel(p: &ActionsProps) -> Html {
    let image = use_state(|| p.suggested_image.to_string());
    let scale_to = use_state(|| p.replicas.to_string());
    let revision = use_state(|| 0i64);
    let pod = use_state(String::new);
    {
        let image = image.clone();
        use_effect_with(p.suggested_image.clone(), move |s| image.set(s.to_string()));
    }
    {
        let scale_to = scale_to.clone();
        use_effect_with(p.replicas, move |r| scale_to.set(r.to_string()));
    }
    let on_image = {
        let image = image.clone();
        Callback::from(move |e: InputEvent| {
            image.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let apply = {
        let (image, cb) = (image.clone(), p.on_action.clone());
        Callback::from(move |_| {
            let v = image.trim().to_string();
            if !v.is_empty() {
                cb.emit(Kubectl::SetImage {
                    container: None,
                    image: v,
                });
            }
        })
    };
    let on_scale_input = {
        let scale_to = scale_to.clone();
        Callback::from(move |e: InputEvent| {
            scale_to.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    // The same check as every other replica count: the engine's.
    let scale_to_replicas = replicas_from_text(&scale_to);
    let scale_error = scale_to_replicas.as_ref().err().map(ToString::to_string);
    let scale = {
        let (n, cb) = (scale_to_replicas.ok(), p.on_action.clone());
        Callback::from(move |_| {
            if let Some(n) = n {
                cb.emit(Kubectl::Scale(n));
            }
        })
    };
    let on_revision = {
        let revision = revision.clone();
        Callback::from(move |e: Event| {
            revision.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(0),
            )
        })
    };
    let undo = {
        let (revision, cb) = (revision.clone(), p.on_action.clone());
        Callback::from(move |_| {
            cb.emit(Kubectl::Undo {
                to_revision: (*revision > 0).then_some(*revision),
            })
        })
    };
    // The pod chosen, or the first while none is (or the chosen one went away).
    let chosen_pod = p
        .pods
        .iter()
        .find(|n| **n == *pod)
        .or(p.pods.first())
        .cloned();
    let on_pod = {
        let pod = pod.clone();
        Callback::from(move |e: Event| {
            pod.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let delete_pod = {
        let (chosen, cb) = (chosen_pod.clone(), p.on_action.clone());
        Callback::from(move |_| {
            if let Some(n) = &chosen {
                cb.emit(Kubectl::DeletePod(n.clone()));
            }
        })
    };
    let apps = !p.workload.is_empty();
    let apply_label = if p.legacy {
        "kubectl rolling-update"
    } else if p.argo {
        "argo rollouts set image"
    } else {
        "kubectl apply"
    };
    let (pause_label, resume_label, undo_label) = if p.argo {
        (
            "argo rollouts pause",
            "argo rollouts promote",
            "argo rollouts undo",
        )
    } else {
        ("rollout pause", "rollout resume", "kubectl rollout undo")
    };
    html! {
        <section class="card actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{ tr("kubectl, now") }</h2>
            <div class="action-row">
                <label for="new-image">{ crate::i18n::trf("image of container {name}", &[("name", &p.container)]) }</label>
                <div class="inline">
                    <input id="new-image" type="text" value={(*image).clone()} oninput={on_image} spellcheck="false" />
                    <button id="apply-image" class="primary" onclick={apply}>{ apply_label }</button>
                </div>
            </div>
            if !p.legacy && p.workload != "daemonset" {
                <div class="action-row">
                    <label for="scale-to">{ tr("scale: replicas") }</label>
                    <div class="inline">
                        <input id="scale-to" type="text" inputmode="numeric" value={(*scale_to).clone()} oninput={on_scale_input}
                            aria-invalid={scale_error.is_some().to_string()} />
                        <button id="scale" onclick={scale} disabled={scale_error.is_some()}>{ "kubectl scale" }</button>
                    </div>
                    if let Some(e) = &scale_error { <p class="error" id="scale-error" role="alert">{ e.clone() }</p> }
                </div>
            }
            if !p.legacy {
                if apps {
                    <div class="action-row">
                        <label for="delete-pod">{ tr("pod") }</label>
                        <div class="inline">
                            <select id="delete-pod" onchange={on_pod}>
                                { for p.pods.iter().map(|n| html! { <option value={n.clone()} selected={chosen_pod.as_ref() == Some(n)}>{ n.clone() }</option> }) }
                            </select>
                            <button id="delete-pod-button" onclick={delete_pod} disabled={chosen_pod.is_none()}>{ "kubectl delete pod" }</button>
                        </div>
                        <small class="hint">{ tr("Its controller makes it again: a StatefulSet's stuck rollout is fixed this way (the forced rollback), and OnDelete waits for it.") }</small>
                    </div>
                } else if p.argo {
                    <div class="action-row inline" role="group" aria-label="kubectl argo rollouts">
                        <button id="promote" onclick={p.on_action.reform(|_| Kubectl::Promote { full: false })}>{ "argo rollouts promote" }</button>
                        <button id="promote-full" onclick={p.on_action.reform(|_| Kubectl::Promote { full: true })}>{ "promote --full" }</button>
                        <button id="abort" onclick={p.on_action.reform(|_| Kubectl::Abort)}>{ "argo rollouts abort" }</button>
                        <button id="retry" onclick={p.on_action.reform(|_| Kubectl::Retry)}>{ "argo rollouts retry" }</button>
                        <button id="pause" onclick={p.on_action.reform(|_| Kubectl::Pause)} disabled={p.paused}>{ pause_label }</button>
                    </div>
                } else {
                    <div class="action-row inline">
                        <button id="pause" onclick={p.on_action.reform(|_| Kubectl::Pause)} disabled={p.paused}>{ pause_label }</button>
                        <button id="resume" onclick={p.on_action.reform(|_| Kubectl::Resume)} disabled={!p.paused}>{ resume_label }</button>
                    </div>
                }
                <div class="action-row">
                    <label for="undo-revision">{ "rollout undo --to-revision" }</label>
                    <div class="inline">
                        <select id="undo-revision" onchange={on_revision}>
                            <option value="0" selected={*revision == 0}>{ tr("previous") }</option>
                            { for p.revisions.iter().map(|r| html! { <option value={r.to_string()} selected={*revision == *r}>{ r.to_string() }</option> }) }
                        </select>
                        <button id="undo" onclick={undo}>{ undo_label }</button>
                    </div>
                </div>
            }
            <p class="hint">{ crate::i18n::trf("Commands act on {object} at the playhead; acting on a rewound timeline rewrites what follows.", &[("object", &format!("{}/{}", if p.argo { "rollout" } else if apps { p.workload.as_str() } else { "deployment" }, p.name))]) }</p>
        </section>
    }
}
