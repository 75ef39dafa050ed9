//! The simulation: a scenario played over simulated time by an event queue, with every
//! controller run to a fixed point at each instant.

pub mod compare;
mod restore;
pub mod rewind;
pub mod runner;
pub mod scenario;
pub mod snapshot;
pub mod sweep;

pub use runner::{SimError, Simulation};
pub use scenario::{Action, Scenario, ScenarioError, UserEvent};
