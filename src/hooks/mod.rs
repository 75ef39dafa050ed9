//! Custom hooks, each owning a browser resource that is released when the component unmounts.

mod after_render;
mod animation_frame;
mod keyboard;
mod layout_generation;

pub use after_render::use_after_render;
pub use animation_frame::use_animation_frame;
pub use keyboard::use_keyboard;
pub use layout_generation::use_layout_generation;
