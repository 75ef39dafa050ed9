//! A node's changes at the playhead: `kubectl drain`, `kubectl uncordon`, its kubelet stopping
//! (NotReady), `kubectl delete node`; and a node joining.

use crate::i18n::tr;
use rollout_engine::sim::Action as Kubectl;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NodeActionsProps {
    /// The registered nodes now, and whether each is cordoned.
    pub nodes: Vec<(String, bool)>,
    pub on_action: Callback<Kubectl>,
}

#[function_component(NodeActions)]
pub fn node_actions(p: &NodeActionsProps) -> Html {
    let chosen = use_state(String::new);
    // The node chosen, or the first one while none is (or the chosen one went away).
    let node = p
        .nodes
        .iter()
        .find(|(n, _)| *n == *chosen)
        .or(p.nodes.first())
        .cloned();
    let on_select = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let act = |make: fn(String) -> Kubectl| {
        let (node, cb) = (node.clone(), p.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((n, _)) = &node {
                cb.emit(make(n.clone()));
            }
        })
    };
    let cordoned = node.as_ref().is_some_and(|(_, c)| *c);
    html! {
        <div class="action-row">
            <label for="drain-node">{ tr("node") }</label>
            <div class="inline">
                <select id="drain-node" onchange={on_select}>
                    { for p.nodes.iter().map(|(n, c)| html! {
                        <option value={n.clone()} selected={node.as_ref().is_some_and(|(x, _)| x == n)}>
                            { if *c { format!("{n} (cordoned)") } else { n.clone() } }
                        </option>
                    }) }
                </select>
                <button id="drain" onclick={act(Kubectl::Drain)} disabled={node.is_none()}>{ "kubectl drain" }</button>
                <button id="uncordon" onclick={act(Kubectl::Uncordon)} disabled={!cordoned}>{ "kubectl uncordon" }</button>
            </div>
            <div class="inline">
                <button id="node-not-ready" onclick={act(Kubectl::NodeNotReady)} disabled={node.is_none()}>{ tr("kubelet stops (NotReady)") }</button>
                <button id="delete-node" onclick={act(Kubectl::RemoveNode)} disabled={node.is_none()}>{ "kubectl delete node" }</button>
                <button id="add-node" onclick={p.on_action.reform(|_| Kubectl::AddNode)}>{ tr("add a node") }</button>
            </div>
            <small class="hint">{ tr("A drain cordons the node and evicts its pods; an eviction the PodDisruptionBudget forbids is retried every 5 s. A node whose kubelet stops keeps its pods, not Ready; a pod deleted there stays Terminating until the node is deleted.") }</small>
        </div>
    }
}
