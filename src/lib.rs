//! Rollout Lab's web app: Yew function components over the engine. The state lives in
//! [`state`] (a reducer with an `Action` enum, testable natively); components only dispatch
//! actions and render; [`player`] keeps the simulation at the playhead; [`stage`] lays out and
//! draws the pods on a canvas.

pub mod app;
pub mod components;
pub mod export;
pub mod files;
pub mod handlers;
pub mod hooks;
pub mod i18n;
pub mod lessons;
pub mod persist;
pub mod player;
pub mod settings;
pub mod stage;
pub mod state;
pub mod worker;
