//! The app's state and the actions that change it.

use rollout_engine::api::validation::FieldError;
use rollout_engine::explain::{explain_fenceposts, Fenceposts};
use rollout_engine::intstr::IntOrString;
use std::rc::Rc;
use yew::Reducible;

/// What the user typed, kept as text so that a half-typed value is never lost.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub replicas: String,
    pub max_surge: String,
    pub max_unavailable: String,
}

impl Default for AppState {
    /// The story's Deployment: 3 replicas with the default 25% / 25%.
    fn default() -> Self {
        AppState {
            replicas: "3".into(),
            max_surge: "25%".into(),
            max_unavailable: "25%".into(),
        }
    }
}

/// Everything the user can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetReplicas(String),
    SetMaxSurge(String),
    SetMaxUnavailable(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetReplicas(v) => next.replicas = v,
            Action::SetMaxSurge(v) => next.max_surge = v,
            Action::SetMaxUnavailable(v) => next.max_unavailable = v,
        }
        Rc::new(next)
    }
}

/// Parses `spec.replicas` as the API would: a whole number that fits in 32 bits.
pub fn parse_replicas(text: &str) -> Result<i32, FieldError> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(n) => i32::try_from(n).map_err(|_| {
            FieldError::invalid(
                "spec.replicas",
                rollout_engine::api::validation::BadValue::Int(n),
                "must fit in a 32-bit integer",
            )
        }),
        Err(_) => Err(FieldError::invalid_type(
            "spec.replicas",
            "string",
            "integer",
        )),
    }
}

impl AppState {
    /// The engine's resolution of the three values, or Kubernetes' validation errors.
    pub fn fenceposts(&self) -> Result<Fenceposts, Vec<FieldError>> {
        let replicas = parse_replicas(&self.replicas).map_err(|e| vec![e])?;
        explain_fenceposts(
            replicas,
            &IntOrString::parse_input(&self.max_surge),
            &IntOrString::parse_input(&self.max_unavailable),
        )
    }
}
