//! The scenario file: a Deployment, how its images behave, what the user does and when, and
//! when to stop. YAML or JSON; the page loads and saves the same format.

use crate::api::validation::{BadValue, FieldError};
use crate::api::Deployment;
use crate::behaviour::{Behaviours, ImageBehaviour};
use crate::manifest::{self, ManifestError, WorkloadKind};
use serde_json::{Map, Value};
use std::fmt;

/// The most events a scenario may hold.
pub const MAX_EVENTS: usize = 10_000;
/// The top-level keys of a scenario file.
pub const SCENARIO_KEYS: [&str; 7] = [
    "deployment",
    "images",
    "events",
    "until",
    "cluster",
    "rollingUpdate",
    "traffic",
];
/// The latest `until` accepted: one simulated day.
pub const MAX_UNTIL_SECONDS: f64 = 86_400.0;

/// A user action, as a kubectl user takes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `kubectl set image deployment/NAME CONTAINER=IMAGE` (the first container if none named);
    /// for a ReplicationController, `kubectl rolling-update NAME --image=IMAGE`.
    SetImage {
        container: Option<String>,
        image: String,
    },
    /// `kubectl scale deployment/NAME --replicas=N`.
    Scale(i32),
    /// `kubectl rollout pause`.
    Pause,
    /// `kubectl rollout resume`.
    Resume,
    /// `kubectl rollout undo [--to-revision=N]`.
    Undo { to_revision: Option<i64> },
    /// `kubectl apply -f` of a Deployment manifest.
    Apply(Value),
}

/// One timed user action.
#[derive(Clone, Debug, PartialEq)]
pub struct UserEvent {
    pub at: f64,
    pub action: Action,
}

/// The cluster the Deployment runs in.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub nodes: u32,
    /// Pods that fit; surge pods beyond it stay Pending.
    pub capacity: Option<u32>,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            nodes: 3,
            capacity: None,
        }
    }
}

/// Flags of the legacy `kubectl rolling-update` (ReplicationController scenarios only).
#[derive(Clone, Debug, PartialEq)]
pub struct RollingUpdateFlags {
    /// `--update-period`, seconds (kubectl's default: 1 minute).
    pub update_period: f64,
    /// `--poll-interval`, seconds (default 3).
    pub poll_interval: f64,
}

impl Default for RollingUpdateFlags {
    fn default() -> Self {
        RollingUpdateFlags {
            update_period: 60.0,
            poll_interval: 3.0,
        }
    }
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub deployment: Deployment,
    pub kind: WorkloadKind,
    pub images: Behaviours,
    pub events: Vec<UserEvent>,
    pub until: f64,
    pub cluster: ClusterConfig,
    pub rolling_update: RollingUpdateFlags,
    /// The traffic model, when the scenario turns it on.
    pub traffic: Option<crate::traffic::TrafficConfig>,
}

/// Why a scenario could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    Syntax(String),
    /// A field of the scenario itself is wrong.
    Field(FieldError),
    /// The Deployment manifest in it is invalid.
    Deployment(ManifestError),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Syntax(m) => write!(f, "error parsing scenario: {m}"),
            ScenarioError::Field(e) => write!(f, "invalid scenario: {e}"),
            ScenarioError::Deployment(e) => write!(f, "invalid scenario: deployment: {e}"),
        }
    }
}

fn field_err(field: impl Into<String>, value: &Value, detail: &str) -> ScenarioError {
    let bad = match value {
        Value::Number(n) => n
            .as_i64()
            .map_or(BadValue::Str(n.to_string()), BadValue::Int),
        Value::String(s) => BadValue::Str(s.clone()),
        other => BadValue::Str(other.to_string()),
    };
    ScenarioError::Field(FieldError::invalid(field, bad, detail))
}

fn seconds_field(v: &Value, field: &str, max: f64) -> Result<f64, ScenarioError> {
    match v.as_f64() {
        Some(s) if s.is_finite() && (0.0..=max).contains(&s) => Ok(s),
        Some(_) => Err(field_err(
            field,
            v,
            &format!("must be between 0 and {max} seconds"),
        )),
        None => Err(field_err(field, v, "must be a number of seconds")),
    }
}

impl Scenario {
    /// A scenario for a Deployment with no events, stopping after `until` seconds.
    pub fn new(deployment: Deployment, until: f64) -> Self {
        Scenario {
            deployment,
            kind: WorkloadKind::Deployment,
            images: Behaviours::default(),
            events: Vec::new(),
            until,
            cluster: ClusterConfig::default(),
            rolling_update: RollingUpdateFlags::default(),
            traffic: None,
        }
    }

    /// Reads a scenario file (YAML or JSON).
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let docs = manifest::parse_documents(text).map_err(|e| match e {
            ManifestError::Syntax(m) => ScenarioError::Syntax(m),
            other => ScenarioError::Deployment(other),
        })?;
        match docs.as_slice() {
            [doc] => Scenario::from_value(doc),
            [] => Err(ScenarioError::Syntax("the scenario is empty".into())),
            _ => Err(ScenarioError::Syntax(
                "a scenario is one document; found several".into(),
            )),
        }
    }

    /// Reads a scenario from its JSON value.
    pub fn from_value(v: &Value) -> Result<Scenario, ScenarioError> {
        let Some(root) = v.as_object() else {
            return Err(ScenarioError::Syntax(
                "a scenario is a mapping with a `deployment` key".into(),
            ));
        };
        for key in root.keys() {
            if !SCENARIO_KEYS.contains(&key.as_str()) {
                return Err(ScenarioError::Field(FieldError {
                    field: key.clone(),
                    kind: crate::api::validation::ErrorKind::Unsupported(
                        BadValue::Str(key.clone()),
                        SCENARIO_KEYS.to_vec(),
                    ),
                    detail: String::new(),
                }));
            }
        }
        let doc = root
            .get("deployment")
            .ok_or_else(|| ScenarioError::Field(FieldError::required("deployment")))?;
        let (deployment, kind) = manifest::deployment_from_documents(std::slice::from_ref(doc))
            .map_err(ScenarioError::Deployment)?;
        let images = match root.get("images") {
            None | Some(Value::Null) => Behaviours::default(),
            Some(Value::Object(m)) => {
                let mut out = Behaviours::default();
                for (image, b) in m {
                    let parsed: ImageBehaviour =
                        serde_json::from_value(b.clone()).map_err(|e| {
                            ScenarioError::Field(FieldError::invalid(
                                format!("images[{image:?}]"),
                                BadValue::Str(b.to_string()),
                                e.to_string(),
                            ))
                        })?;
                    for (name, value) in [
                        ("readyAfter", parsed.ready_after),
                        ("stopAfter", parsed.stop_after),
                    ] {
                        if !(value.is_finite() && (0.0..=MAX_UNTIL_SECONDS).contains(&value)) {
                            return Err(field_err(
                                format!("images[{image:?}].{name}"),
                                &Value::from(value),
                                &format!("must be between 0 and {MAX_UNTIL_SECONDS} seconds"),
                            ));
                        }
                    }
                    out.0.insert(image.clone(), parsed);
                }
                out
            }
            Some(other) => {
                return Err(field_err(
                    "images",
                    other,
                    "must be a mapping from image to behaviour",
                ))
            }
        };
        let events = match root.get("events") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                if items.len() > MAX_EVENTS {
                    return Err(field_err(
                        "events",
                        &Value::from(items.len()),
                        "too many events",
                    ));
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| parse_event(i, e))
                    .collect::<Result<_, _>>()?
            }
            Some(other) => return Err(field_err("events", other, "must be a list")),
        };
        let until = match root.get("until") {
            None | Some(Value::Null) => default_until(&events),
            Some(v) => seconds_field(v, "until", MAX_UNTIL_SECONDS)?,
        };
        let cluster = match root.get("cluster") {
            None | Some(Value::Null) => ClusterConfig::default(),
            Some(Value::Object(m)) => {
                let nodes = match m.get("nodes") {
                    None => 3,
                    Some(v) => v
                        .as_u64()
                        .filter(|n| (1..=10_000).contains(n))
                        .ok_or_else(|| {
                            field_err("cluster.nodes", v, "must be a whole number from 1 to 10000")
                        })? as u32,
                };
                let capacity = match m.get("capacity") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(v.as_u64().filter(|n| *n <= 10_000_000).ok_or_else(|| {
                        field_err("cluster.capacity", v, "must be a whole number of pods")
                    })? as u32),
                };
                ClusterConfig { nodes, capacity }
            }
            Some(other) => return Err(field_err("cluster", other, "must be a mapping")),
        };
        let rolling_update = match root.get("rollingUpdate") {
            None | Some(Value::Null) => RollingUpdateFlags::default(),
            Some(Value::Object(m)) => {
                let mut flags = RollingUpdateFlags::default();
                if let Some(v) = m.get("updatePeriod") {
                    flags.update_period = seconds_field(v, "rollingUpdate.updatePeriod", 3600.0)?;
                }
                if let Some(v) = m.get("pollInterval") {
                    flags.poll_interval =
                        seconds_field(v, "rollingUpdate.pollInterval", 3600.0)?.max(0.001);
                }
                flags
            }
            Some(other) => return Err(field_err("rollingUpdate", other, "must be a mapping")),
        };
        let traffic = match root.get("traffic") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let cfg: crate::traffic::TrafficConfig = serde_json::from_value(v.clone())
                    .map_err(|e| {
                        ScenarioError::Field(FieldError::invalid(
                            "traffic",
                            BadValue::Str(v.to_string()),
                            e.to_string(),
                        ))
                    })?;
                cfg.validate().map_err(ScenarioError::Syntax)?;
                Some(cfg)
            }
        };
        Ok(Scenario {
            deployment,
            kind,
            images,
            events,
            until,
            cluster,
            rolling_update,
            traffic,
        })
    }

    /// The scenario as the JSON value [`Scenario::from_value`] reads.
    pub fn to_value(&self) -> Value {
        let mut root = Map::new();
        let mut deployment = manifest::to_value(&self.deployment);
        if self.kind == WorkloadKind::ReplicationController {
            deployment = rc_manifest(&self.deployment);
        }
        root.insert("deployment".into(), deployment);
        if !self.images.0.is_empty() {
            root.insert(
                "images".into(),
                serde_json::to_value(&self.images).unwrap_or(Value::Null),
            );
        }
        let events: Vec<Value> = self.events.iter().map(event_to_value).collect();
        root.insert("events".into(), Value::Array(events));
        root.insert("until".into(), Value::from(self.until));
        if self.cluster != ClusterConfig::default() {
            let mut c = Map::new();
            c.insert("nodes".into(), self.cluster.nodes.into());
            if let Some(cap) = self.cluster.capacity {
                c.insert("capacity".into(), cap.into());
            }
            root.insert("cluster".into(), Value::Object(c));
        }
        if self.rolling_update != RollingUpdateFlags::default() {
            root.insert(
                "rollingUpdate".into(),
                serde_json::json!({
                    "updatePeriod": self.rolling_update.update_period,
                    "pollInterval": self.rolling_update.poll_interval,
                }),
            );
        }
        if let Some(t) = &self.traffic {
            root.insert(
                "traffic".into(),
                serde_json::to_value(t).unwrap_or(Value::Null),
            );
        }
        Value::Object(root)
    }

    /// A Deployment `web` of `replicas` running `web:v1` at maxSurge/maxUnavailable, updated to
    /// `web:v2` at t=1, for an hour: the workload of the benchmarks and of many tests.
    pub fn example(replicas: i32, max_surge: &str, max_unavailable: &str) -> Scenario {
        let strategy = format!(
            "{{type: RollingUpdate, rollingUpdate: {{maxSurge: '{max_surge}', maxUnavailable: '{max_unavailable}'}}}}"
        );
        let text = format!(
            "{}events: [{{at: 1, setImage: 'web:v2'}}]\nuntil: 3600",
            deployment_yaml("web", replicas, &strategy)
        );
        Scenario::parse(&text).unwrap_or_else(|e| panic!("the example scenario is valid: {e}"))
    }

    /// The scenario with the user's action at `t` seconds. Later events are dropped (acting on a
    /// rewound timeline rewrites its future), and `until` leaves two minutes after it.
    pub fn with_action_at(&self, t: f64, action: Action) -> Scenario {
        let mut s = self.clone();
        s.events.retain(|e| e.at <= t);
        s.events.push(UserEvent { at: t, action });
        s.until = s.settled_after(t);
        s
    }

    /// When the scenario has settled after `from`: 20 s after the last thing a controller or
    /// kubectl did (looking up to an hour ahead), and at least 30 s after `from`. A slow legacy
    /// rolling-update or a progress deadline is then seen to its end.
    pub fn settled_after(&self, from: f64) -> f64 {
        let mut probe = self.clone();
        probe.until = (from + 3600.0).min(MAX_UNTIL_SECONDS);
        probe.traffic = None;
        let last = crate::sim::Simulation::new(&probe)
            .run()
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    crate::trace::Record::Scale { .. }
                        | crate::trace::Record::Condition { .. }
                        | crate::trace::Record::Action { .. }
                )
            })
            .map(crate::trace::Record::t)
            .fold(from, f64::max);
        (last + 20.0).max(from + 30.0).min(MAX_UNTIL_SECONDS)
    }

    /// The images the scenario names: the template's, then those of its events.
    pub fn images(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .deployment
            .spec
            .template
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect();
        for e in &self.events {
            if let Action::SetImage { image, .. } = &e.action {
                out.push(image.clone());
            }
        }
        out.extend(self.images.0.keys().cloned());
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|i| seen.insert(i.clone()));
        out
    }

    /// The scenario as YAML text.
    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(&self.to_value()).unwrap_or_default()
    }

    /// The scenario as pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }
}

/// The `deployment:` section of a scenario: a Deployment `name` of `replicas` running one
/// container `name` with image `name:v1`, with `strategy` (a YAML flow mapping). Scenario files
/// written in code (examples, tests) start from it.
pub fn deployment_yaml(name: &str, replicas: i32, strategy: &str) -> String {
    format!(
        "deployment:
  apiVersion: apps/v1
  kind: Deployment
  metadata: {{name: {name}}}
  spec:
    replicas: {replicas}
    selector: {{matchLabels: {{app: {name}}}}}
    strategy: {strategy}
    template:
      metadata: {{labels: {{app: {name}}}}}
      spec: {{containers: [{{name: {name}, image: '{name}:v1'}}]}}
"
    )
}

/// Without `until`: two minutes past the last event, enough for the default behaviours.
fn default_until(events: &[UserEvent]) -> f64 {
    events.iter().map(|e| e.at).fold(0.0, f64::max) + 120.0
}

fn rc_manifest(d: &Deployment) -> Value {
    let mut v = manifest::to_value(d);
    v["apiVersion"] = "v1".into();
    v["kind"] = "ReplicationController".into();
    if let Some(spec) = v["spec"].as_object_mut() {
        for k in [
            "strategy",
            "progressDeadlineSeconds",
            "revisionHistoryLimit",
            "paused",
        ] {
            spec.remove(k);
        }
        let labels = spec["template"]["metadata"]["labels"].clone();
        spec.insert("selector".into(), labels);
    }
    v
}

fn parse_event(i: usize, e: &Value) -> Result<UserEvent, ScenarioError> {
    let field = format!("events[{i}]");
    let Some(m) = e.as_object() else {
        return Err(field_err(
            &field,
            e,
            "must be a mapping with `at` and one action",
        ));
    };
    let at_value = m
        .get("at")
        .ok_or_else(|| ScenarioError::Field(FieldError::required(format!("{field}.at"))))?;
    let at = seconds_field(at_value, &format!("{field}.at"), MAX_UNTIL_SECONDS)?;
    let actions: Vec<(&String, &Value)> = m.iter().filter(|(k, _)| k.as_str() != "at").collect();
    let [(key, v)] = actions.as_slice() else {
        return Err(field_err(
            &field,
            e,
            "must hold exactly one action: setImage, scale, pause, resume, undo or apply",
        ));
    };
    let f = format!("{field}.{key}");
    let action = match key.as_str() {
        "setImage" => match v {
            Value::String(image) => Action::SetImage {
                container: None,
                image: image.clone(),
            },
            Value::Object(o) => {
                let image = o
                    .get("image")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| {
                        ScenarioError::Field(FieldError::required(format!("{f}.image")))
                    })?;
                let container = o
                    .get("container")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                Action::SetImage {
                    container,
                    image: image.to_string(),
                }
            }
            other => {
                return Err(field_err(
                    &f,
                    other,
                    "must be an image or {container, image}",
                ))
            }
        },
        "scale" => {
            let n = v
                .as_i64()
                .ok_or_else(|| field_err(&f, v, "must be a whole number of replicas"))?;
            let n =
                i32::try_from(n).map_err(|_| field_err(&f, v, "must fit in a 32-bit integer"))?;
            Action::Scale(n)
        }
        "pause" => Action::Pause,
        "resume" => Action::Resume,
        "undo" => {
            let to_revision = match v {
                Value::Null | Value::Bool(true) => None,
                Value::Object(o) => match o.get("toRevision") {
                    None | Some(Value::Null) => None,
                    Some(r) => Some(r.as_i64().ok_or_else(|| {
                        field_err(format!("{f}.toRevision"), r, "must be a whole number")
                    })?),
                },
                other => return Err(field_err(&f, other, "must be {toRevision?}")),
            };
            Action::Undo { to_revision }
        }
        "apply" => Action::Apply((*v).clone()),
        other => {
            return Err(ScenarioError::Field(FieldError {
                field: f.clone(),
                kind: crate::api::validation::ErrorKind::Unsupported(
                    BadValue::Str(other.to_string()),
                    vec!["setImage", "scale", "pause", "resume", "undo", "apply"],
                ),
                detail: String::new(),
            }))
        }
    };
    Ok(UserEvent { at, action })
}

fn event_to_value(e: &UserEvent) -> Value {
    let (key, value) = match &e.action {
        Action::SetImage {
            container: Some(c),
            image,
        } => (
            "setImage",
            serde_json::json!({"container": c, "image": image}),
        ),
        Action::SetImage {
            container: None,
            image,
        } => ("setImage", serde_json::json!({"image": image})),
        Action::Scale(n) => ("scale", Value::from(*n)),
        Action::Pause => ("pause", Value::Bool(true)),
        Action::Resume => ("resume", Value::Bool(true)),
        Action::Undo {
            to_revision: Some(r),
        } => ("undo", serde_json::json!({"toRevision": r})),
        Action::Undo { to_revision: None } => ("undo", serde_json::json!({})),
        Action::Apply(m) => ("apply", m.clone()),
    };
    let mut m = Map::new();
    m.insert("at".into(), Value::from(e.at));
    m.insert(key.into(), value);
    Value::Object(m)
}
