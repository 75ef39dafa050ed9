//! A click that acts on what the page shows once its pending updates are rendered.
//!
//! Yew 0.23's scheduler yields to the browser once a render has taken 16 ms, even with
//! components' props updates still queued: a click arriving then reaches a callback made from
//! the props before the user's last edit. A button that computes from its props (a sweep, a
//! comparison) asks through this hook instead: the action runs in an effect after the next
//! render, with the props of that render.

use yew::prelude::*;

/// Returns a click callback that runs `action` after the render that follows the click. Call
/// it after the hooks whose effects must run first (an effect that cancels work when the
/// scenario changes: the new work then starts after it).
#[hook]
pub fn use_after_render(action: Callback<()>) -> Callback<MouseEvent> {
    let asked = use_state(|| 0u64);
    use_effect_with(*asked, move |asked| {
        if *asked > 0 {
            action.emit(());
        }
    });
    Callback::from(move |_: MouseEvent| asked.set(*asked + 1))
}
