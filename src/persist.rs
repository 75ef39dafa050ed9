//! The scenario in the URL (a shareable link) and in local storage (restored on reopening).
//! Storage that is unavailable is not an error; what cannot be read is reported and kept aside,
//! never silently dropped.

use crate::state::Notice;
use rollout_engine::Scenario;
use serde_json::Value;

/// The local-storage key, namespaced and versioned.
pub const STORAGE_KEY: &str = "rollout-lab/scenario";
/// Where an unreadable stored scenario is set aside.
pub const CORRUPT_KEY: &str = "rollout-lab/scenario-unreadable";
/// The stored format's version.
pub const STORAGE_VERSION: u64 = 1;

/// The story this project starts from: rolling-update-test, hello:v1 to hello:v2.
pub fn default_scenario() -> Scenario {
    Scenario::parse(include_str!("../scenarios/story.yaml")).expect("the bundled story parses")
}

/// The hash part of a shareable link for `s`.
pub fn encode_hash(s: &Scenario) -> String {
    let json = s.to_value().to_string();
    format!("#s={}", String::from(js_sys::encode_uri_component(&json)))
}

/// Reads a scenario from a link's hash (`#s=...`). `None`: the hash holds no scenario.
pub fn decode_hash(hash: &str) -> Option<Result<Scenario, String>> {
    let encoded = hash.strip_prefix("#s=")?;
    let json = match js_sys::decode_uri_component(encoded) {
        Ok(s) => String::from(s),
        Err(_) => return Some(Err("the link is not properly encoded".into())),
    };
    Some(parse_json(&json))
}

fn parse_json(json: &str) -> Result<Scenario, String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| format!("the link's scenario is not valid JSON ({e})"))?;
    Scenario::from_value(&value).map_err(|e| e.to_string())
}

/// A lesson link's (lesson id, step index), from `#lesson=ID&step=N` (steps count from 1).
pub fn lesson_link(hash: &str) -> Option<(String, usize)> {
    let rest = hash.strip_prefix("#lesson=")?;
    let (id, step) = match rest.split_once("&step=") {
        Some((id, n)) => (id, n.parse::<usize>().unwrap_or(1)),
        None => (rest, 1),
    };
    Some((id.to_string(), step.saturating_sub(1)))
}

/// The hash of a lesson link.
pub fn lesson_hash(id: &str, step: usize) -> String {
    format!("#lesson={id}&step={}", step + 1)
}

/// Puts a lesson link in the address bar (replacing the history entry).
pub fn show_lesson_link(id: &str, step: usize) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&lesson_hash(id, step)),
        );
    }
}

/// The current URL hash.
pub fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// The scenario to start with, and what to tell the user about it: the link's, else the stored
/// one, else the story.
pub fn initial() -> (Scenario, Option<Notice>) {
    let hash = current_hash();
    match decode_hash(&hash) {
        Some(Ok(s)) => {
            return (
                s,
                Some(Notice {
                    error: false,
                    text: "Loaded the scenario from the link.".into(),
                }),
            )
        }
        Some(Err(e)) => {
            let text = format!(
                "This shared link could not be read: {e}. Showing the default scenario instead."
            );
            return (default_scenario(), Some(Notice { error: true, text }));
        }
        None => {}
    }
    match load_stored() {
        Ok(Some(s)) => (s, None),
        Ok(None) => (default_scenario(), None),
        Err(e) => {
            let text = format!(
                "Your saved scenario could not be read ({e}). It was kept in local storage as \"{CORRUPT_KEY}\"; the default scenario is shown."
            );
            (default_scenario(), Some(Notice { error: true, text }))
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The stored scenario: `Ok(None)` when there is none or storage is unavailable; an error
/// (after setting the unreadable text aside) when it cannot be read.
fn load_stored() -> Result<Option<Scenario>, String> {
    let Some(store) = storage() else {
        return Ok(None);
    };
    let Ok(Some(text)) = store.get_item(STORAGE_KEY) else {
        return Ok(None);
    };
    let result = (|| {
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
        match v.get("version").and_then(Value::as_u64) {
            Some(STORAGE_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "stored by a newer version of Rollout Lab (format {other})"
                ))
            }
            None => return Err("no format version".into()),
        }
        Scenario::from_value(v.get("scenario").unwrap_or(&Value::Null)).map_err(|e| e.to_string())
    })();
    match result {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            let _ = store.set_item(CORRUPT_KEY, &text);
            let _ = store.remove_item(STORAGE_KEY);
            Err(e)
        }
    }
}

/// Writes the scenario to the URL (replacing the history entry) and to local storage.
pub fn save(s: &Scenario) {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&encode_hash(s)));
    }
    if let Some(store) = storage() {
        let record = serde_json::json!({"version": STORAGE_VERSION, "scenario": s.to_value()});
        let _ = store.set_item(STORAGE_KEY, &record.to_string());
    }
}
