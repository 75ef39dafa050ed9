//! What the command line is given: a scenario file, a lesson, or a manifest (a Deployment, or
//! the `kubectl get deploy,rs,pods -o yaml` List of a running one), with overrides from flags:
//! the image to roll out to, how its pods take to become ready, the seed.

use crate::api::validation::{BadValue, FieldError};
use crate::behaviour::Dist;
use crate::manifest::ManifestError;
use crate::sim::scenario::{Action, UserEvent};
use crate::sim::{Scenario, ScenarioError};
use std::fmt;

/// How long a scenario built from a bare manifest runs: an hour, so that slow pods and stuck
/// rollouts show as such.
pub const MANIFEST_UNTIL_SECONDS: f64 = 3600.0;

/// Flags that change the scenario read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// `--set-image CONTAINER=IMAGE`: rolled out at t = 0.
    pub set_image: Option<(String, String)>,
    /// `--ready-after DIST`: for the images rolled out to.
    pub ready_after: Option<Dist>,
    /// `--seed N`.
    pub seed: Option<u64>,
}

/// Why the input could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// A scenario file (or lesson) that is wrong.
    Scenario(ScenarioError),
    /// A manifest (its documents have a `kind`) that is wrong.
    Manifest(ManifestError),
    /// A cluster's state (a List) that is wrong.
    State(crate::import::ImportError),
    /// A flag's value is wrong.
    Flag(FieldError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Scenario(e) => write!(f, "{e}"),
            InputError::Manifest(e) => write!(f, "{e}"),
            InputError::State(e) => write!(f, "{e}"),
            InputError::Flag(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads a scenario, a lesson's scenario or a manifest, and applies the overrides.
pub fn scenario_from_input(text: &str, o: &Overrides) -> Result<Scenario, InputError> {
    let list = crate::import::looks_like_list(text);
    let mut s = match super::scenario_or_lesson(text) {
        Ok(s) => s,
        // A cluster's state: the simulation starts where the List was taken.
        Err(_) if list => {
            let (deployment, kind, state) =
                crate::import::parse(text).map_err(InputError::State)?;
            let mut s = Scenario::new(deployment, MANIFEST_UNTIL_SECONDS);
            s.kind = kind;
            s.api_version = state.api_version;
            s.start = Some(Box::new(state));
            s
        }
        Err(scenario) => match crate::manifest::parse_deployment(text) {
            Ok(loaded) => {
                let mut s = Scenario::new(loaded.deployment, MANIFEST_UNTIL_SECONDS);
                s.kind = loaded.kind;
                s.api_version = loaded.api_version;
                s.rollout = loaded.rollout;
                s.workload = loaded.workload;
                s
            }
            // A text whose document has a `kind` is a manifest: its error is the manifest's.
            Err(manifest) if looks_like_manifest(text) => {
                return Err(InputError::Manifest(manifest))
            }
            Err(_) => return Err(InputError::Scenario(scenario)),
        },
    };
    if let Some((container, image)) = &o.set_image {
        let known = s
            .deployment
            .spec
            .template
            .containers
            .iter()
            .any(|c| &c.name == container);
        if !known {
            let names: Vec<&str> = s
                .deployment
                .spec
                .template
                .containers
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            return Err(InputError::Flag(FieldError::invalid(
                "--set-image",
                BadValue::Str(container.clone()),
                format!(
                    "the Deployment has no container of that name (it has {})",
                    names.join(", ")
                ),
            )));
        }
        s.events.insert(
            0,
            UserEvent {
                at: 0.0,
                action: Action::SetImage {
                    container: Some(container.clone()),
                    image: image.clone(),
                },
                description: Some("--set-image".into()),
            },
        );
        if s.until <= 0.0 {
            s.until = MANIFEST_UNTIL_SECONDS;
        }
    }
    if let Some(d) = &o.ready_after {
        d.validate("--ready-after").map_err(InputError::Flag)?;
        set_ready_after(&mut s, d);
    }
    if let Some(seed) = o.seed {
        s.seed = seed;
    }
    Ok(s)
}

/// Sets how long the pods of the images the scenario rolls out to take to become Ready.
pub fn set_ready_after(s: &mut Scenario, d: &Dist) {
    for image in rolled_out_images(s) {
        s.images.0.entry(image).or_default().ready_after = d.clone();
    }
}

/// The images a scenario rolls out to: those its events set, or else its template's.
fn rolled_out_images(s: &Scenario) -> Vec<String> {
    let set: Vec<String> = s
        .events
        .iter()
        .filter_map(|e| match &e.action {
            Action::SetImage { image, .. } => Some(image.clone()),
            _ => None,
        })
        .collect();
    if set.is_empty() {
        vec![s.deployment.spec.template.first_image().to_string()]
    } else {
        set
    }
}

/// Whether the text's first document is a Kubernetes object (it has a `kind`).
fn looks_like_manifest(text: &str) -> bool {
    crate::manifest::parse_documents(text)
        .ok()
        .and_then(|docs| docs.into_iter().next())
        .is_some_and(|d| d.get("kind").is_some())
}
