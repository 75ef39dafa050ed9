//! Page-wide keyboard shortcuts. The listener is removed when the component unmounts.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Calls `on_key` with the key (and whether Ctrl or Cmd is held) of every keydown outside text
/// fields, where typing and the browser's own undo must win;
/// prevents the browser's default for the keys it handles.
#[hook]
pub fn use_keyboard(on_key: Callback<(String, bool), bool>) {
    let latest = use_mut_ref(|| on_key.clone());
    *latest.borrow_mut() = on_key;
    use_effect_with((), move |_| {
        let listener = gloo::utils::document().body().map(|body| {
            let latest = latest.clone();
            // Not passive: the page's shortcuts replace the browser's (Space would scroll).
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&body, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let in_field = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    });
                if in_field {
                    return;
                }
                let ctrl = e.ctrl_key() || e.meta_key();
                if latest.borrow().emit((e.key(), ctrl)) {
                    e.prevent_default();
                }
            })
        });
        move || drop(listener)
    });
}
