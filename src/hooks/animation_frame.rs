//! One `requestAnimationFrame` loop for the whole page. It exists so that playback and drawing
//! run at the display's rate without timers, and stops (cancelling the pending frame) when the
//! component unmounts or `active` turns false.

use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

type FrameFn = Rc<RefCell<Option<Box<dyn Fn(f64)>>>>;

/// Calls `on_frame` with the milliseconds since the previous frame, every frame while `active`.
#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    let latest = use_mut_ref(|| on_frame.clone());
    *latest.borrow_mut() = on_frame;
    use_effect_with(active, move |&active| {
        let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if active {
            let step: FrameFn = Rc::new(RefCell::new(None));
            let last = Rc::new(RefCell::new(None::<f64>));
            let (h, s) = (handle.clone(), step.clone());
            *step.borrow_mut() = Some(Box::new(move |ts: f64| {
                let dt = last.borrow().map_or(0.0, |prev| ts - prev);
                *last.borrow_mut() = Some(ts);
                latest.borrow().emit(dt);
                let s2 = s.clone();
                *h.borrow_mut() = Some(request_animation_frame(move |ts| {
                    if let Some(f) = s2.borrow().as_ref() {
                        f(ts)
                    }
                }));
            }));
            let s2 = step.clone();
            *handle.borrow_mut() = Some(request_animation_frame(move |ts| {
                if let Some(f) = s2.borrow().as_ref() {
                    f(ts)
                }
            }));
            // Break the cycle step -> handle -> closure -> step when the effect is cleaned up.
            let cleanup_step = step;
            let cleanup_handle = handle;
            return Box::new(move || {
                cleanup_handle.borrow_mut().take();
                cleanup_step.borrow_mut().take();
            }) as Box<dyn FnOnce()>;
        }
        Box::new(|| ()) as Box<dyn FnOnce()>
    });
}
