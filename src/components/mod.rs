//! The page's components: each takes small `PartialEq` props and renders.

pub mod fenceposts;
pub mod field;
