//! The scenario in the URL (a shareable link) and in local storage (restored on reopening).
//! Storage that is unavailable is not an error; what cannot be read is reported and kept aside,
//! never silently dropped.

use crate::i18n::{tr, trf};
use crate::state::Notice;
use rollout_engine::manifest::MAX_INPUT_BYTES;
use rollout_engine::Scenario;
use serde_json::Value;

/// The local-storage key, namespaced and versioned.
pub const STORAGE_KEY: &str = "rollout-lab/scenario";
/// Where an unreadable stored scenario is set aside.
pub const CORRUPT_KEY: &str = "rollout-lab/scenario-unreadable";
/// The stored format's version.
pub const STORAGE_VERSION: u64 = 1;

/// The story this project starts from: rolling-update-test, hello:v1 to hello:v2, with its
/// users' requests on (through the Ingress and the Service to the pods).
pub fn default_scenario() -> Scenario {
    // Read from JSON (build.rs converts the YAML): a first visit needs no YAML reader.
    let story: Value = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/story.json")))
        .expect("the bundled story is JSON");
    let mut s = Scenario::from_value(&story).expect("the bundled story reads");
    s.traffic = Some(rollout_engine::traffic::TrafficConfig::default());
    s
}

/// The hash part of a shareable link for `s`.
pub fn encode_hash(s: &Scenario) -> String {
    let json = s.to_value().to_string();
    format!("#s={}", String::from(js_sys::encode_uri_component(&json)))
}

/// Why a text is not read at all, from its length alone: beyond the limit nothing is parsed.
fn too_long(what: &str, text: &str) -> Option<String> {
    (text.len() > MAX_INPUT_BYTES).then(|| {
        crate::i18n::trf(
            "{what} is {bytes} bytes; at most {max} are read",
            &[
                ("what", &what),
                ("bytes", &text.len()),
                ("max", &MAX_INPUT_BYTES),
            ],
        )
    })
}

/// Reads a scenario from a link's hash (`#s=...`). `None`: the hash holds no scenario.
pub fn decode_hash(hash: &str) -> Option<Result<Scenario, String>> {
    let encoded = hash.strip_prefix("#s=")?;
    if let Some(why) = too_long(crate::i18n::tr("the link"), encoded) {
        return Some(Err(why));
    }
    let json = match js_sys::decode_uri_component(encoded) {
        Ok(s) => String::from(s),
        Err(_) => {
            return Some(Err(
                crate::i18n::tr("the link is not properly encoded").into()
            ))
        }
    };
    Some(parse_json(&json))
}

fn parse_json(json: &str) -> Result<Scenario, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        crate::i18n::trf("the link's scenario is not valid JSON ({e})", &[("e", &e)])
    })?;
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
            Some(&keep_embed(lesson_hash(id, step))),
        );
    }
}

/// The marker of embed mode at the start of the hash: `#embed`, then `&` and the usual hash
/// (`#embed&s=...`, `#embed&lesson=ID&step=N`).
const EMBED: &str = "#embed";

fn raw_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Whether the page is embedded: only the stage, the time controls and the charts.
pub fn is_embed() -> bool {
    raw_hash().starts_with(EMBED)
}

/// The current URL hash, without the embed marker.
pub fn current_hash() -> String {
    strip_embed(&raw_hash())
}

/// `hash` without the embed marker (`#embed&s=...` is `#s=...`).
pub fn strip_embed(hash: &str) -> String {
    match hash.strip_prefix(EMBED) {
        Some(rest) => rest
            .strip_prefix('&')
            .map_or(String::new(), |r| format!("#{r}")),
        None => hash.to_string(),
    }
}

/// `hash` with the embed marker when the page is embedded (so that it stays embedded).
fn keep_embed(hash: String) -> String {
    if is_embed() {
        format!("{EMBED}&{}", hash.trim_start_matches('#'))
    } else {
        hash
    }
}

/// The `<iframe>` that embeds a scenario (a link's hash, `#s=...` or `#lesson=...`).
pub fn iframe_snippet(origin_and_path: &str, hash: &str) -> String {
    format!(
        "<iframe src=\"{origin_and_path}{EMBED}&{}\" width=\"100%\" height=\"720\" style=\"border:0\" title=\"Rollout Lab: a Kubernetes rollout\" loading=\"lazy\"></iframe>",
        hash.trim_start_matches('#')
    )
}

/// What the page opens on.
pub enum Opening {
    /// The user's own scenario.
    Own,
    /// A shared link's scenario, shown beside the user's own (which stays stored).
    Linked(Box<Scenario>),
    /// A lesson, at a step (from `#lesson=ID&step=N`).
    Lesson(String, usize),
}

/// The user's own scenario (stored, else the story), what the link in the address bar asks
/// to show, and what to tell the user. Nothing is written to storage here but a migration of
/// the stored record to the current format, and which build ran last.
pub fn initial() -> (Scenario, Opening, Option<Notice>) {
    let (own, stored_notice) = own_scenario();
    let stored_notice = stored_notice.or_else(build_notice);
    let hash = current_hash();
    if let Some((id, step)) = lesson_link(&hash) {
        return (own, Opening::Lesson(id, step), stored_notice);
    }
    match decode_hash(&hash) {
        Some(Ok(s)) => {
            let notice = Notice::info(tr("Loaded the scenario from the link. Your own scenario is kept: \"Back to your scenario\" (or Undo) returns to it."));
            (own, Opening::Linked(Box::new(s)), Some(notice))
        }
        Some(Err(e)) => {
            let text = crate::i18n::trf(
                "This shared link could not be read: {e}. Showing your own scenario instead.",
                &[("e", &e)],
            );
            (own, Opening::Own, Some(Notice::error(text)))
        }
        None => (own, Opening::Own, stored_notice),
    }
}

/// Where the user's choice of language is remembered.
const LANG_KEY: &str = "rollout-lab/lang";

/// The language to speak: the one the user chose here before, else the browser's.
pub fn initial_lang() -> crate::i18n::Lang {
    let stored = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let tag = stored.or_else(|| gloo::utils::window().navigator().language());
    tag.map_or(crate::i18n::Lang::En, |t| crate::i18n::Lang::from_tag(&t))
}

/// Remembers the user's choice of language.
pub fn store_lang(lang: crate::i18n::Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.tag());
    }
}

/// Where the build that ran last is remembered.
const BUILD_KEY: &str = "rollout-lab-build";

/// The build running now: the name of its WebAssembly file, which Trunk hashes per build.
fn current_build() -> Option<String> {
    gloo::utils::document()
        .query_selector("link[rel=preload][href$='.wasm']")
        .ok()
        .flatten()?
        .get_attribute("href")
}

/// What to say when another build ran here before: the service worker keeps the page working
/// offline and lets a new build take over on the next load; the page says so once.
fn build_notice() -> Option<Notice> {
    let now = current_build()?;
    let store = storage()?;
    let before = store.get_item(BUILD_KEY).ok().flatten();
    let _ = store.set_item(BUILD_KEY, &now);
    before.filter(|b| *b != now).map(|_| {
        Notice::info(tr("Rollout Lab was updated since your last visit: this is the new version. It keeps working offline once loaded."))
    })
}

/// The stored scenario, else the story; with what to say about the stored record.
fn own_scenario() -> (Scenario, Option<Notice>) {
    match load_stored() {
        Stored::None => (default_scenario(), None),
        Stored::Current(s) => (s, None),
        Stored::Migrated(s, from) => {
            save_own(&s);
            (
                s,
                Some(Notice::info(trf(
                    "Your saved scenario was upgraded from format {from} to format {to}.",
                    &[("from", &from), ("to", &STORAGE_VERSION)],
                ))),
            )
        }
        Stored::Unreadable(why, text) => {
            let mut notice = Notice::error(trf(
                "Your saved scenario could not be read ({why}). It is kept in local storage as \"{key}\" and you can download it; the default scenario is shown.",
                &[("why", &why), ("key", &CORRUPT_KEY)],
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
    if let Some(why) = too_long(crate::i18n::tr("it"), text) {
        return Stored::Unreadable(why, text.to_string());
    }
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
                crate::i18n::trf(
                    "written by a newer Rollout Lab, format {other}",
                    &[("other", &other)],
                ),
                text.to_string(),
            )
        }
        None if v.get("deployment").is_some() => (v.clone(), 0),
        None => {
            return Stored::Unreadable(
                crate::i18n::tr("no format version").into(),
                text.to_string(),
            )
        }
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

/// Shows the scenario in the address bar (replacing the history entry, so Back leaves the page).
pub fn show_in_url(s: &Scenario) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&keep_embed(encode_hash(s))),
        );
    }
}

/// The link that opens this scenario.
pub fn link_to(s: &Scenario) -> String {
    format!("{}{}", page_base(), encode_hash(s))
}

/// The page's address without its hash: origin and path.
pub fn page_base() -> String {
    let location = gloo::utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Saves the user's own scenario to local storage (only ever called after their own edit).
pub fn save_own(s: &Scenario) {
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

    /// The page opens on the story read from the JSON build.rs writes; the YAML file is what
    /// people read and edit: both must give the same scenario.
    #[test]
    fn the_story_read_from_json_is_the_story_in_yaml() {
        let mut from_yaml = Scenario::parse(include_str!("../scenarios/story.yaml")).unwrap();
        from_yaml.traffic = Some(rollout_engine::traffic::TrafficConfig::default());
        assert!(default_scenario() == from_yaml);
        assert_eq!(
            default_scenario().deployment.meta.name,
            "rolling-update-test"
        );
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
    fn a_link_beyond_the_limit_is_not_decoded() {
        let long = format!("#s={}", "%7B".repeat(MAX_INPUT_BYTES / 3 + 1));
        assert_eq!(
            decode_hash(&long).map(|r| r.map(|_| ())),
            Some(Err(format!(
                "the link is {} bytes; at most 1048576 are read",
                long.len() - 3
            )))
        );
    }

    #[test]
    fn a_record_beyond_the_limit_is_not_parsed_but_kept() {
        let huge = format!(
            "{{\"version\": 1, \"scenario\": \"{}\"}}",
            "x".repeat(MAX_INPUT_BYTES)
        );
        match read_record(&huge) {
            Stored::Unreadable(why, kept) => {
                assert!(why.contains("at most 1048576 are read"), "{why}");
                assert_eq!(kept, huge);
            }
            _ => panic!("a record beyond the limit is refused"),
        }
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
