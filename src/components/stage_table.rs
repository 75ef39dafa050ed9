//! The stage as a table, for screen readers and for exact numbers.

use crate::i18n::tr;
use crate::player::PanesRef;
use rollout_engine::api::PodState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageTableProps {
    pub panes: PanesRef,
}

#[function_component(StageTable)]
pub fn stage_table(p: &StageTableProps) -> Html {
    let panes = &p.panes.0;
    // A StatefulSet's or DaemonSet's versions are ControllerRevisions, with pods but no size.
    let (owner, desired) = match panes.workload {
        Some(_) => ("ControllerRevision", tr("pods")),
        None => ("ReplicaSet", tr("desired")),
    };
    html! {
        <details class="stage-table">
            <summary>{ tr("Table view of the stage") }</summary>
            <table id="stage-table" tabindex="0" aria-label={tr("Pods by ReplicaSet and state at this moment")}>
                <thead><tr>
                    <th scope="col">{ owner }</th><th scope="col">{ tr("revision") }</th><th scope="col">{ tr("image") }</th>
                    <th scope="col">{ desired }</th>
                    { for PodState::ALL.iter().map(|s| html! { <th scope="col">{ tr(s.as_str()) }</th> }) }
                    <th scope="col">{ tr("slow, not Ready yet") }</th>
                </tr></thead>
                <tbody>
                    { for panes.replica_sets.iter().map(|rs| html! {
                        <tr>
                            <th scope="row"><span class={classes!("swatch", "version", if rs.is_new { "new" } else { "old" })} aria-hidden="true"></span>{ rs.name.clone() }{ if rs.is_new { tr(" (new)") } else { "" } }</th>
                            <td>{ rs.revision }</td><td>{ rs.image.clone() }</td><td>{ rs.desired }</td>
                            { for PodState::ALL.iter().map(|s| {
                                let n = rs.by_state.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
                                html! { <td>{ n }</td> }
                            }) }
                            <td class="slow">{ rs.slow }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
