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
        Some(Ok(s)) => return (s, Some(Notice::info("Loaded the scenario from the link."))),
        Some(Err(e)) => {
            let text = format!(
                "This shared link could not be read: {e}. Showing the default scenario instead."
            );
            return (default_scenario(), Some(Notice::error(text)));
        }
        None => {}
    }
    match load_stored() {
        Stored::None => (default_scenario(), None),
        Stored::Current(s) => (s, None),
        Stored::Migrated(s, from) => {
            save(&s);
            (s, Some(Notice::info(format!("Your saved scenario was upgraded from format {from} to format {STORAGE_VERSION}."))))
        }
        Stored::Unreadable(why, text) => {
            let mut notice = Notice::error(format!(
                "Your saved scenario could not be read ({why}). It is kept in local storage as \"{CORRUPT_KEY}\" and you can download it; the default scenario is shown."
            ));
            notice.export = Some(std::rc::Rc::new(text));
            (default_scenario(), Some(notice))
        }
    }
}

/// What local storage held.
pub enum Stored {
    None,
    Current(Scenario),
    /// Read from an older format (the number), to be saved in the current one.
    Migrated(Scenario, u64),
    /// Could not be read: why, and the text (set aside under `CORRUPT_KEY`).
    Unreadable(String, String),
}

/// Reads a stored record: format 1 is `{"version": 1, "scenario": ...}`; format 0, written
/// before versions existed, is the bare scenario.
pub fn read_record(text: &str) -> Stored {
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Stored::Unreadable(format!("not JSON: {e}"), text.to_string()),
    };
    let (scenario, from) = match v.get("version").and_then(Value::as_u64) {
        Some(STORAGE_VERSION) => (
            v.get("scenario").cloned().unwrap_or(Value::Null),
            STORAGE_VERSION,
        ),
        Some(other) => {
            return Stored::Unreadable(
                format!("written by a newer Rollout Lab, format {other}"),
                text.to_string(),
            )
        }
        None if v.get("deployment").is_some() => (v.clone(), 0),
        None => return Stored::Unreadable("no format version".into(), text.to_string()),
    };
    match Scenario::from_value(&scenario) {
        Ok(s) if from == STORAGE_VERSION => Stored::Current(s),
        Ok(s) => Stored::Migrated(s, from),
        Err(e) => Stored::Unreadable(e.to_string(), text.to_string()),
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The stored scenario. Storage that is unavailable counts as empty; what cannot be read is
/// moved aside, never dropped.
fn load_stored() -> Stored {
    let Some(store) = storage() else {
        return Stored::None;
    };
    let Ok(Some(text)) = store.get_item(STORAGE_KEY) else {
        return Stored::None;
    };
    let record = read_record(&text);
    if let Stored::Unreadable(..) = record {
        let _ = store.set_item(CORRUPT_KEY, &text);
        let _ = store.remove_item(STORAGE_KEY);
    }
    record
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Stored state is outside input: any text, or a valid record cut and spliced anywhere,
        /// is read or set aside, never a panic.
        #[test]
        fn any_stored_text_is_read_or_set_aside(
            junk in ".{0,300}",
            cut in 0usize..2_000,
            at in 0usize..2_000,
        ) {
            let _ = read_record(&junk);
            let valid = serde_json::json!({"version": 1, "scenario": story_json()}).to_string();
            let (a, b) = valid.split_at(valid.floor_char_boundary(cut.min(valid.len())));
            let spliced = format!("{a}{junk}{}", &b[b.floor_char_boundary(at.min(b.len()))..]);
            if let Stored::Unreadable(_, kept) = read_record(&spliced) {
                prop_assert_eq!(kept, spliced);
            }
        }
    }

    fn story_json() -> Value {
        default_scenario().to_value()
    }

    #[test]
    fn the_current_format_reads_back() {
        let text = serde_json::json!({"version": 1, "scenario": story_json()}).to_string();
        assert!(matches!(read_record(&text), Stored::Current(s) if s == default_scenario()));
    }

    #[test]
    fn a_bare_scenario_from_before_versions_is_migrated() {
        let text = story_json().to_string();
        assert!(matches!(read_record(&text), Stored::Migrated(s, 0) if s == default_scenario()));
    }

    #[test]
    fn unknown_or_corrupt_records_are_kept_with_the_reason() {
        let newer = serde_json::json!({"version": 7, "scenario": {}}).to_string();
        assert!(
            matches!(read_record(&newer), Stored::Unreadable(why, text) if why.contains("newer") && text == newer)
        );
        assert!(
            matches!(read_record("{oops"), Stored::Unreadable(why, text) if why.starts_with("not JSON") && text == "{oops")
        );
        let bad = serde_json::json!({"version": 1, "scenario": {"deployment": 5}}).to_string();
        assert!(matches!(read_record(&bad), Stored::Unreadable(..)));
    }
}
