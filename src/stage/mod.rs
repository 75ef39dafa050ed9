//! The stage: pods drawn on a canvas, grouped by ReplicaSet, with the Service in front.
//! `layout` is pure (tested natively); `draw` paints a layout with the 2D canvas API.

pub mod columns;
pub mod draw;
pub mod front;
pub mod glide;
pub mod layout;
pub mod nodes;
pub mod raster;
