//! Import and export: paste a Deployment manifest, export the current one, save and load
//! scenario files. A failed import changes nothing.

use crate::files::download;
use crate::i18n::tr;
use crate::state::{FileRead, ScenarioRef};
use gloo::file::callbacks::FileReader;
use rollout_engine::sim::scenario::workload_yaml;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ManifestProps {
    pub scenario: ScenarioRef,
    /// Text of a pasted manifest to load.
    pub on_manifest: Callback<String>,
    /// A scenario file's text, or why it could not be read.
    pub on_scenario: Callback<Rc<FileRead>>,
}

#[function_component(ManifestPanel)]
pub fn manifest_panel(p: &ManifestProps) -> Html {
    let pasted = use_state(String::new);
    // The pending file read, kept alive until it completes.
    let reader = use_mut_ref(|| None::<FileReader>);
    // Written once per version of the scenario while shown, not on every frame; not at all
    // until the user opens it (the YAML writer is then not among the code the page starts with).
    let yaml_open = use_state(|| false);
    let shown_yaml = use_memo((p.scenario.version, *yaml_open), {
        let s = p.scenario.scenario.clone();
        move |(_, open)| {
            if *open {
                workload_yaml(&s)
            } else {
                String::new()
            }
        }
    });
    let on_toggle = {
        let yaml_open = yaml_open.clone();
        Callback::from(move |e: Event| {
            yaml_open.set(
                e.target_unchecked_into::<web_sys::HtmlDetailsElement>()
                    .open(),
            )
        })
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            pasted.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let load = {
        let (pasted, cb) = (pasted.clone(), p.on_manifest.clone());
        Callback::from(move |_| cb.emit((*pasted).clone()))
    };
    let on_file = {
        let (reader, cb) = (reader.clone(), p.on_scenario.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            // The size is known before anything is read: a file beyond the limit is not read.
            if let Some(why) = crate::state::file_too_large(file.size()) {
                cb.emit(Rc::new(Err(why)));
                return;
            }
            let cb = cb.clone();
            let file = gloo::file::File::from(file);
            *reader.borrow_mut() =
                Some(gloo::file::callbacks::read_as_text(
                    &file,
                    move |res| match res {
                        Ok(text) => cb.emit(Rc::new(Ok(text))),
                        Err(e) => cb.emit(Rc::new(Err(crate::i18n::trf(
                            "could not read the file: {e}",
                            &[("e", &e)],
                        )))),
                    },
                ));
        })
    };
    let name = p.scenario.deployment.meta.name.clone();
    let export_manifest = {
        let (s, name) = (p.scenario.scenario.clone(), name.clone());
        Callback::from(move |_| {
            download(
                &format!("{name}.yaml"),
                &workload_yaml(&s),
                "application/yaml",
            )
        })
    };
    let save_scenario = {
        let (s, name) = (p.scenario.scenario.clone(), name.clone());
        Callback::from(move |_| {
            download(
                &format!("{name}.scenario.yaml"),
                &s.to_yaml(),
                "application/yaml",
            )
        })
    };
    html! {
        <section class="card manifest" aria-labelledby="manifest-title">
            <h2 id="manifest-title">{ tr("Manifests and scenario files") }</h2>
            <label for="manifest-input">{ tr("Paste a Deployment or an Argo Rollout manifest (YAML or JSON; a Service or Ingress beside it is ignored)") }</label>
            <textarea id="manifest-input" rows="6" spellcheck="false" oninput={on_paste} value={(*pasted).clone()}
                placeholder={"apiVersion: apps/v1\nkind: Deployment\n..."} />
            <div class="inline">
                <button id="load-manifest" onclick={load}>{ tr("Load manifest") }</button>
                <button id="export-manifest" onclick={export_manifest}>{ tr("Download manifest") }</button>
            </div>
            <details ontoggle={on_toggle}>
                <summary>{ tr("The current workload as YAML") }</summary>
                <pre class="terminal" id="manifest-export" tabindex="0" aria-label={tr("The manifest as YAML")}>{ (*shown_yaml).clone() }</pre>
            </details>
            <div class="inline files">
                <button id="save-scenario" onclick={save_scenario}>{ tr("Save scenario") }</button>
                <label class="file-button" for="load-scenario">{ tr("Load scenario file…") }</label>
                <input id="load-scenario" type="file" accept=".yaml,.yml,.json,application/json,application/yaml" onchange={on_file} />
            </div>
        </section>
    }
}
