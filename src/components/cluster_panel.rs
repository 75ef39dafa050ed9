//! The cluster the Deployment runs in: its nodes and what each offers, an optional cluster
//! autoscaler, and what each pod requests; each field labelled with the scenario or manifest
//! field it sets, with the engine's message beside an invalid value.

use crate::components::field::TextField;
use crate::i18n::tr;
use crate::settings::cluster::{ClusterField, ClusterForm};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub form: ClusterForm,
    /// Validation messages by field path.
    pub errors: Rc<Vec<(String, String)>>,
    pub on_field: Callback<(ClusterField, String)>,
}

#[function_component(ClusterPanel)]
pub fn cluster_panel(p: &ClusterProps) -> Html {
    let error_for = |path: &str| crate::components::field::messages_for(&p.errors, path);
    let field = |f: ClusterField| {
        let on_field = p.on_field.clone();
        html! {
            <TextField id={f.id()} label={f.name()} field={f.path()} value={p.form.get(f).to_string()}
                hint={f.hint()} inputmode={if matches!(f, ClusterField::Nodes | ClusterField::NodePods | ClusterField::MaxNodes | ClusterField::HpaMinReplicas | ClusterField::HpaMaxReplicas | ClusterField::HpaTargetCpu) { "numeric" } else { "text" }}
                error={error_for(f.path())} on_input={Callback::from(move |v| on_field.emit((f, v)))} />
        }
    };
    // Messages about the section as a whole (the capacity shorthand against pods per node).
    let general: Vec<&(String, String)> = p
        .errors
        .iter()
        .filter(|(f, _)| {
            f == "cluster" || f == "cluster.capacity" || f == "cluster.pdb" || f == "cluster.hpa"
        })
        .collect();
    html! {
        <section class="card cluster-panel" aria-labelledby="cluster-title" id="cluster-panel">
            <h2 id="cluster-title">{ tr("Nodes and resources") }</h2>
            <p class="hint">{ tr("Surge pods need room. The scheduler places a pod where its requests fit (NodeResourcesFit), preferring the least used node and spreading a ReplicaSet's pods; a pod that fits nowhere stays Pending.") }</p>
            <fieldset>
                <legend>{ tr("each pod requests") }</legend>
                { field(ClusterField::CpuRequest) }
                { field(ClusterField::MemoryRequest) }
            </fieldset>
            <fieldset>
                <legend>{ tr("the nodes") }</legend>
                { field(ClusterField::Nodes) }
                { field(ClusterField::NodeCpu) }
                { field(ClusterField::NodeMemory) }
                { field(ClusterField::NodePods) }
            </fieldset>
            <fieldset>
                <legend>{ tr("cluster autoscaler") }</legend>
                { field(ClusterField::MaxNodes) }
                { field(ClusterField::ProvisionSeconds) }
                <small class="hint">{ tr("Scans every 10 s; adds nodes for Pending pods; a node less than half used whose pods fit elsewhere goes after 10 minutes (and 10 minutes after the last scale-up).") }</small>
            </fieldset>
            <fieldset>
                <legend>{ tr("PodDisruptionBudget (policy/v1, over the Deployment's pods)") }</legend>
                { field(ClusterField::PdbMinAvailable) }
                { field(ClusterField::PdbMaxUnavailable) }
                <small class="hint">{ tr("Evictions (kubectl drain, the autoscaler) ask it; the rollout's own deletions do not.") }</small>
            </fieldset>
            <fieldset>
                <legend>{ tr("HorizontalPodAutoscaler (autoscaling/v2, on CPU)") }</legend>
                { field(ClusterField::HpaMinReplicas) }
                { field(ClusterField::HpaMaxReplicas) }
                { field(ClusterField::HpaTargetCpu) }
                <small class="hint">{ tr("Syncs every 15 s and writes spec.replicas; the CPU comes from the traffic (each image's CPU per request, under \"How each image's pods behave\"). Pods need a cpu request. behavior is read from the scenario's YAML.") }</small>
            </fieldset>
            { for general.iter().map(|(_, m)| html! { <p class="error" role="alert">{ m.clone() }</p> }) }
        </section>
    }
}
