//! A number that changes when an element's width or the colour scheme changes: what a canvas
//! reads from the page (its width in CSS pixels, its colours) is read again only then, not at
//! every frame (reading `clientWidth` after the frame's DOM updates forced a layout per frame).

use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver};
use yew::prelude::*;

/// Bumps (and re-renders the component) when `node`'s width changes, as a ResizeObserver
/// reports after layout, and when the preferred colour scheme changes.
#[hook]
pub fn use_layout_generation(node: &NodeRef) -> u32 {
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    let update = use_force_update();
    let counter = generation.borrow().clone();
    {
        let node = node.clone();
        let counter = counter.clone();
        use_effect_with((), move |_| {
            let bump = Rc::new(move || {
                counter.set(counter.get().wrapping_add(1));
                update.force_update();
            });
            let last_width = Rc::new(Cell::new(-1));
            let observed = node.cast::<Element>();
            let on_resize = {
                let (bump, observed) = (bump.clone(), observed.clone());
                Closure::<dyn FnMut()>::new(move || {
                    // After layout: reading the width here costs nothing extra.
                    let width = observed.as_ref().map_or(0, Element::client_width);
                    if width != last_width.replace(width) {
                        bump();
                    }
                })
            };
            let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, &observed) {
                o.observe(el);
            }
            let scheme = gloo::utils::window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .map(|m| EventListener::new(&m, "change", move |_| bump()));
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(on_resize);
                drop(scheme);
            }
        });
    }
    counter.get()
}
