//! Custom hooks, each owning a browser resource that is released when the component unmounts.

mod animation_frame;
mod keyboard;
mod layout_generation;

pub use animation_frame::use_animation_frame;
pub use keyboard::use_keyboard;
pub use layout_generation::use_layout_generation;
