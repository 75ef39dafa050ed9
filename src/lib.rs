//! Rollout Lab's web app: Yew function components over the engine. The state lives in
//! [`state`] (a reducer with an `Action` enum, testable natively); components only dispatch
//! actions and render.

pub mod app;
pub mod components;
pub mod state;
