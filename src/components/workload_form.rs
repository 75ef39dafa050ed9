//! A StatefulSet's or DaemonSet's own settings: the update strategy's type, a StatefulSet's pod
//! management policy, partition and maxUnavailable, each labelled with its field.

use crate::components::field::{messages_for, TextField};
use crate::i18n::tr;
use crate::settings::workloads::{
    WorkloadEdit, WorkloadForm as Form, PARTITION_PATH, STS_MAX_UNAVAILABLE_PATH,
};
use rollout_engine::api::PodManagementPolicy;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorkloadFormProps {
    pub form: Form,
    /// A StatefulSet (else a DaemonSet).
    pub stateful: bool,
    pub errors: Rc<Vec<(String, String)>>,
    pub on_edit: Callback<WorkloadEdit>,
}

#[function_component(WorkloadForm)]
pub fn workload_form(p: &WorkloadFormProps) -> Html {
    let f = &p.form;
    let on_type = p.on_edit.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        WorkloadEdit::OnDelete(sel.value() == "OnDelete")
    });
    let on_policy = p.on_edit.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        WorkloadEdit::Policy(if sel.value() == "Parallel" {
            PodManagementPolicy::Parallel
        } else {
            PodManagementPolicy::OrderedReady
        })
    });
    let type_field = html! {
        <div class="field">
            <label for="update-strategy-type"><span class="field-name">{ "updateStrategy" }</span><code class="field-path">{ "spec.updateStrategy.type" }</code></label>
            <select id="update-strategy-type" onchange={on_type}>
                <option value="RollingUpdate" selected={!f.on_delete}>{ "RollingUpdate" }</option>
                <option value="OnDelete" selected={f.on_delete}>{ tr("OnDelete: replaced when you delete a pod") }</option>
            </select>
        </div>
    };
    if !p.stateful {
        return type_field;
    }
    let edit = |make: fn(String) -> WorkloadEdit| p.on_edit.reform(make);
    html! {
        <>
            <div class="field">
                <label for="pod-management-policy"><span class="field-name">{ "podManagementPolicy" }</span><code class="field-path">{ "spec.podManagementPolicy" }</code></label>
                <select id="pod-management-policy" onchange={on_policy}>
                    <option value="OrderedReady" selected={f.policy == PodManagementPolicy::OrderedReady}>{ tr("OrderedReady: one ordinal at a time") }</option>
                    <option value="Parallel" selected={f.policy == PodManagementPolicy::Parallel}>{ tr("Parallel: made and deleted at once") }</option>
                </select>
            </div>
            { type_field }
            if !f.on_delete {
                <TextField id="partition" label="partition" field={PARTITION_PATH} value={f.partition.clone()}
                    hint={crate::i18n::n_("ordinals below it keep the current revision")} inputmode="numeric"
                    error={messages_for(&p.errors, PARTITION_PATH)} on_input={edit(WorkloadEdit::Partition)} />
                <TextField id="sts-max-unavailable" label="maxUnavailable" field={STS_MAX_UNAVAILABLE_PATH} value={f.max_unavailable.clone()}
                    hint={crate::i18n::n_("empty: unset (the MaxUnavailableStatefulSet feature gate is off by default in 1.35.4+ and 1.36, on from 1.37)")} inputmode="text"
                    error={messages_for(&p.errors, STS_MAX_UNAVAILABLE_PATH)} on_input={edit(WorkloadEdit::MaxUnavailable)} />
            }
        </>
    }
}
