//! What kubectl would print at this moment: the user's own commands with their output, `get
//! deploy`, `get rs`, `get pods`, `rollout status`, `rollout history`, `describe deployment`,
//! `get nodes`, `describe nodes`, `get pdb`, `get hpa` and `describe hpa`.

use crate::i18n::{n_, tr};
use crate::player::PanesRef;
use rollout_engine::explain::format_number;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanesProps {
    pub panes: PanesRef,
    pub name: AttrValue,
}

const TABS: [&str; 12] = [
    n_("your commands"),
    "get deploy",
    "get rs",
    "get pods",
    "rollout status",
    "rollout history",
    "describe",
    "get nodes",
    "describe nodes",
    "get pdb",
    "get hpa",
    "describe hpa",
];

/// The tabs of an Argo Rollout: the plugin's views where a Deployment has kubectl's.
const ARGO_TABS: [&str; 12] = [
    n_("your commands"),
    "get rollout",
    "get rs",
    "get pods",
    "argo rollouts status",
    "rollout history",
    "argo rollouts get",
    "get nodes",
    "describe nodes",
    "get pdb",
    "get hpa",
    "describe hpa",
];

/// The `rollout status` lines so far, each with its time.
fn status_text(panes: &crate::player::Panes) -> String {
    panes
        .rollout_status
        .iter()
        .map(|(t, m)| format!("[{:>6}s] {m}\n", format_number(*t)))
        .collect()
}

#[function_component(KubectlPanes)]
pub fn kubectl_panes(p: &PanesProps) -> Html {
    // Opens on `get deploy`; "your commands" comes first in the row.
    let selected = use_state(|| 1usize);
    let panes = &p.panes.0;
    let kind = if panes.legacy { "rc" } else { "deploy" };
    let tabs = match &panes.workload {
        // A StatefulSet's and a DaemonSet's own `get`, and their ControllerRevisions where a
        // Deployment has ReplicaSets.
        Some((resource, ..)) => {
            let mut t = TABS;
            t[1] = if *resource == "statefulset" {
                "get sts"
            } else {
                "get ds"
            };
            t[2] = "get controllerrevision";
            t
        }
        None if panes.rollout.is_some() => ARGO_TABS,
        None => TABS,
    };
    let text = |i: usize| -> (String, String) {
        if let Some((resource, get, revisions, describe)) = &panes.workload {
            match i {
                1 => return (format!("kubectl get {resource}"), get.clone()),
                2 => return ("kubectl get controllerrevision".into(), revisions.clone()),
                4 => {
                    return (
                        format!("kubectl rollout status {resource}/{}", p.name),
                        status_text(panes),
                    )
                }
                5 => {
                    return (
                        format!("kubectl rollout history {resource}/{}", p.name),
                        panes.history.clone(),
                    )
                }
                6 => {
                    return (
                        format!("kubectl describe {resource} {}", p.name),
                        describe.clone(),
                    )
                }
                _ => {}
            }
        }
        if let Some(ro) = &panes.rollout {
            match i {
                1 => return ("kubectl get rollout".into(), ro.get_rollouts.clone()),
                4 => {
                    return (
                        format!("kubectl argo rollouts status {}", p.name),
                        status_text(panes),
                    )
                }
                6 => {
                    return (
                        format!("kubectl argo rollouts get rollout {}", p.name),
                        ro.get_rollout.clone(),
                    )
                }
                _ => {}
            }
        }
        match i {
            // Each command is its own prompt line in the body.
            0 => (String::new(), panes.commands.clone()),
            1 => (format!("kubectl get {kind}"), panes.get_deploy.clone()),
            2 => (
                format!("kubectl get {}", if panes.legacy { "rc" } else { "rs" }),
                panes.get_rs.clone(),
            ),
            3 => ("kubectl get pods".into(), panes.get_pods.clone()),
            4 => (
                format!("kubectl rollout status deployment/{}", p.name),
                status_text(panes),
            ),
            5 => (
                format!("kubectl rollout history deployment/{}", p.name),
                panes.history.clone(),
            ),
            6 => (
                format!("kubectl describe deployment {}", p.name),
                panes.describe.clone(),
            ),
            7 => ("kubectl get nodes".into(), panes.get_nodes.clone()),
            8 => (
                "kubectl describe nodes".into(),
                panes.describe_nodes.clone(),
            ),
            9 => ("kubectl get pdb".into(), panes.get_pdb.clone()),
            10 => ("kubectl get hpa".into(), panes.get_hpa.clone()),
            _ => (
                format!("kubectl describe hpa {}", p.name),
                panes.describe_hpa.clone(),
            ),
        }
    };
    let (command, body) = text(*selected);
    html! {
        <section class="card panes" aria-labelledby="panes-title">
            <h2 id="panes-title">{ tr("kubectl, at this moment") }</h2>
            <div class="tabs" role="tablist">
                { for tabs.iter().enumerate().map(|(i, label)| {
                    let selected_state = selected.clone();
                    html! {
                        <button role="tab" id={format!("tab-{}", label.replace(' ', "-"))}
                            aria-selected={(i == *selected).to_string()}
                            class={classes!("tab", (i == *selected).then_some("active"))}
                            onclick={Callback::from(move |_| selected_state.set(i))}>{ tr(label) }</button>
                    }
                }) }
            </div>
            <pre class="terminal" role="tabpanel" id="pane" tabindex="0">if !command.is_empty() { <span class="prompt">{ format!("$ {command}\n") }</span> }{ versioned(&body, &panes.replica_sets) }</pre>
        </section>
    }
}

/// Above this many lines a pane is shown as one text (a thousand pods' `get pods`).
const MOST_LINES_COLOURED: usize = 500;

/// The version a pane's line is about, by its first word: a ReplicaSet's name, or a pod's
/// (the ReplicaSet's name and a suffix).
fn version_of(line: &str, sets: &[rollout_engine::sim::snapshot::ReplicaSetView]) -> Option<bool> {
    let first = line.split_whitespace().next()?;
    sets.iter()
        .find(|rs| {
            first == rs.name
                || first
                    .strip_prefix(rs.name.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
        })
        .map(|rs| rs.is_new)
}

/// A pane's text with each ReplicaSet's and pod's line in its version's colour, as on the
/// stage.
fn versioned(body: &str, sets: &[rollout_engine::sim::snapshot::ReplicaSetView]) -> Html {
    if sets.is_empty() || body.lines().count() > MOST_LINES_COLOURED {
        return html! { { body.to_string() } };
    }
    html! {
        { for body.split_inclusive('\n').map(|line| match version_of(line, sets) {
            Some(new) => html! { <span class={if new { "v-new" } else { "v-old" }}>{ line.to_string() }</span> },
            None => html! { { line.to_string() } },
        }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollout_engine::sim::snapshot::ReplicaSetView;

    fn rs(name: &str, is_new: bool) -> ReplicaSetView {
        ReplicaSetView {
            name: name.into(),
            revision: 1,
            image: "web:v1".into(),
            desired: 1,
            is_new,
            by_state: Vec::new(),
            slow: 0,
        }
    }

    #[test]
    fn a_line_is_of_the_version_its_first_word_names() {
        let sets = [rs("web-5d4597bc54", false), rs("web-6c8674945c", true)];
        assert_eq!(
            version_of("web-5d4597bc54   3  3  3  10s", &sets),
            Some(false)
        );
        assert_eq!(
            version_of("web-6c8674945c-x9z2q  1/1  Running", &sets),
            Some(true)
        );
        assert_eq!(
            version_of("web-5d4597bc540  1/1", &sets),
            None,
            "another name"
        );
        assert_eq!(version_of("NAME  DESIRED  CURRENT", &sets), None);
        assert_eq!(version_of("", &sets), None);
    }
}
