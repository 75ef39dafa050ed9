//! Import and export: paste a Deployment manifest, export the current one, save and load
//! scenario files. A failed import changes nothing.

use crate::files::download;
use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ManifestProps {
    pub manifest_yaml: AttrValue,
    pub scenario_yaml: AttrValue,
    pub name: AttrValue,
    /// Text of a pasted manifest to load.
    pub on_manifest: Callback<String>,
    /// Text of a scenario file to load.
    pub on_scenario: Callback<String>,
}

#[function_component(ManifestPanel)]
pub fn manifest_panel(p: &ManifestProps) -> Html {
    let pasted = use_state(String::new);
    // The pending file read, kept alive until it completes.
    let reader = use_mut_ref(|| None::<FileReader>);
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
            let cb = cb.clone();
            let file = gloo::file::File::from(file);
            *reader.borrow_mut() =
                Some(gloo::file::callbacks::read_as_text(
                    &file,
                    move |res| match res {
                        Ok(text) => cb.emit(text),
                        Err(e) => cb.emit(format!("\u{0}could not read the file: {e}")),
                    },
                ));
            input.set_value("");
        })
    };
    let export_manifest = {
        let (yaml, name) = (p.manifest_yaml.clone(), p.name.clone());
        Callback::from(move |_| download(&format!("{name}.yaml"), &yaml, "application/yaml"))
    };
    let save_scenario = {
        let (yaml, name) = (p.scenario_yaml.clone(), p.name.clone());
        Callback::from(move |_| {
            download(&format!("{name}.scenario.yaml"), &yaml, "application/yaml")
        })
    };
    html! {
        <section class="card manifest" aria-labelledby="manifest-title">
            <h2 id="manifest-title">{ "Manifests and scenario files" }</h2>
            <label for="manifest-input">{ "Paste a Deployment manifest (YAML or JSON; a Service or Ingress beside it is ignored)" }</label>
            <textarea id="manifest-input" rows="6" spellcheck="false" oninput={on_paste} value={(*pasted).clone()}
                placeholder="apiVersion: apps/v1\nkind: Deployment\n..." />
            <div class="inline">
                <button id="load-manifest" onclick={load}>{ "Load manifest" }</button>
                <button id="export-manifest" onclick={export_manifest}>{ "Download manifest" }</button>
            </div>
            <details>
                <summary>{ "The current Deployment as YAML" }</summary>
                <pre class="terminal" id="manifest-export">{ p.manifest_yaml.clone() }</pre>
            </details>
            <div class="inline files">
                <button id="save-scenario" onclick={save_scenario}>{ "Save scenario" }</button>
                <label class="file-button" for="load-scenario">{ "Load scenario file…" }</label>
                <input id="load-scenario" type="file" accept=".yaml,.yml,.json,application/json,application/yaml" onchange={on_file} />
            </div>
        </section>
    }
}
