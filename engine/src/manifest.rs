//! Reading and writing Deployment manifests (YAML or JSON, one or several documents), with
//! apps/v1 defaults (`SetDefaults_Deployment`) and errors that name the field.

use crate::api::validation::{format_invalid, validate_deployment, BadValue, FieldError};
use crate::api::{
    Container, Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy, ObjectMeta,
    PodTemplate, RollingUpdateDeployment, StrategyType,
};
use crate::intstr::IntOrString;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The largest manifest or scenario text accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Why a manifest could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum ManifestError {
    /// The text is not YAML or JSON.
    Syntax(String),
    /// No Deployment (or ReplicationController) among the documents.
    NoDeployment { kinds: Vec<String> },
    /// The Deployment is invalid; the errors name the fields.
    Invalid {
        kind: String,
        name: String,
        errors: Vec<FieldError>,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Syntax(m) => write!(f, "error parsing manifest: {m}"),
            ManifestError::NoDeployment { kinds } if kinds.is_empty() => {
                f.write_str("error: no objects passed to apply: the manifest holds no Deployment")
            }
            ManifestError::NoDeployment { kinds } => write!(
                f,
                "the manifest holds no Deployment (found {})",
                kinds.join(", ")
            ),
            ManifestError::Invalid { kind, name, errors } => {
                f.write_str(&format_invalid(kind, name, errors))
            }
        }
    }
}

/// The controller kind a manifest describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    /// A ReplicationController, rolled out by the legacy client-side `kubectl rolling-update`.
    ReplicationController,
}

/// Parses YAML or JSON text (JSON is YAML) into its documents, within hostile-input limits.
pub fn parse_documents(text: &str) -> Result<Vec<Value>, ManifestError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ManifestError::Syntax(format!(
            "the input is {} bytes; at most {MAX_INPUT_BYTES} are accepted",
            text.len()
        )));
    }
    serde_saphyr::from_multiple::<Value>(text)
        .map(|docs| docs.into_iter().filter(|d| !d.is_null()).collect())
        .map_err(|e| ManifestError::Syntax(first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// Reads the first Deployment (or ReplicationController) among a manifest's documents, applies
/// the apps/v1 defaults and validates it. Other documents (a Service, an Ingress) are ignored.
pub fn parse_deployment(text: &str) -> Result<(Deployment, WorkloadKind), ManifestError> {
    let docs = parse_documents(text)?;
    deployment_from_documents(&docs)
}

/// [`parse_deployment`] over documents already parsed.
pub fn deployment_from_documents(
    docs: &[Value],
) -> Result<(Deployment, WorkloadKind), ManifestError> {
    let kind_of = |d: &Value| {
        d.get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let found = docs
        .iter()
        .find(|d| matches!(kind_of(d).as_str(), "Deployment" | "ReplicationController"));
    let Some(doc) = found else {
        return Err(ManifestError::NoDeployment {
            kinds: docs.iter().map(kind_of).filter(|k| !k.is_empty()).collect(),
        });
    };
    let kind = if kind_of(doc) == "Deployment" {
        WorkloadKind::Deployment
    } else {
        WorkloadKind::ReplicationController
    };
    deployment_from_value(doc, kind).map(|d| (d, kind))
}

/// What a ReplicationController is rolled out with: `kubectl rolling-update` always used
/// maxSurge 1 and maxUnavailable 0.
pub fn rc_strategy() -> DeploymentStrategy {
    DeploymentStrategy::rolling(IntOrString::Int(1), IntOrString::Int(0))
}

/// Builds a Deployment from one manifest object, with defaults, validated.
pub fn deployment_from_value(doc: &Value, kind: WorkloadKind) -> Result<Deployment, ManifestError> {
    let mut r = Reader::default();
    let mut d = r.deployment(doc, kind);
    if kind == WorkloadKind::ReplicationController {
        d.spec.strategy = rc_strategy();
    }
    let kind_name = match kind {
        WorkloadKind::Deployment => "Deployment",
        WorkloadKind::ReplicationController => "ReplicationController",
    };
    let mut errors = r.errors;
    if errors.is_empty() {
        errors = validate_deployment(&d);
        if kind == WorkloadKind::ReplicationController {
            errors.retain(|e| {
                !e.field.starts_with("spec.strategy")
                    && !e.field.starts_with("spec.progressDeadline")
            });
        }
    }
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(ManifestError::Invalid {
            kind: kind_name.into(),
            name: d.meta.name.clone(),
            errors,
        })
    }
}

/// Reads typed fields out of a JSON value, collecting an error per bad field.
#[derive(Default)]
struct Reader {
    errors: Vec<FieldError>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Reader {
    fn object<'a>(&mut self, v: Option<&'a Value>, field: &str) -> Option<&'a Map<String, Value>> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m),
            Some(other) => {
                self.errors
                    .push(FieldError::invalid_type(field, type_name(other), "object"));
                None
            }
        }
    }

    fn int32(&mut self, v: Option<&Value>, field: &str) -> Option<i32> {
        let n = self.int64(v, field)?;
        match i32::try_from(n) {
            Ok(i) => Some(i),
            Err(_) => {
                self.errors.push(FieldError::invalid(
                    field,
                    BadValue::Int(n),
                    "must fit in a 32-bit integer",
                ));
                None
            }
        }
    }

    fn int64(&mut self, v: Option<&Value>, field: &str) -> Option<i64> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_i64().or_else(|| {
                self.errors.push(FieldError::invalid(
                    field,
                    BadValue::Str(n.to_string()),
                    "must be an integer",
                ));
                None
            }),
            Some(other) => {
                self.errors
                    .push(FieldError::invalid_type(field, type_name(other), "integer"));
                None
            }
        }
    }

    fn string(&mut self, v: Option<&Value>, field: &str) -> Option<String> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.errors
                    .push(FieldError::invalid_type(field, type_name(other), "string"));
                None
            }
        }
    }

    fn boolean(&mut self, v: Option<&Value>, field: &str) -> Option<bool> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.errors
                    .push(FieldError::invalid_type(field, type_name(other), "boolean"));
                None
            }
        }
    }

    fn int_or_string(&mut self, v: Option<&Value>, field: &str) -> Option<IntOrString> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(IntOrString::String(s.clone())),
            Some(Value::Number(_)) => self.int32(v, field).map(IntOrString::Int),
            Some(other) => {
                self.errors.push(FieldError::invalid_type(
                    field,
                    type_name(other),
                    "integer or string",
                ));
                None
            }
        }
    }

    fn string_map(&mut self, v: Option<&Value>, field: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(m) = self.object(v, field) {
            for (k, v) in m {
                let value = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    other => {
                        self.errors.push(FieldError::invalid_type(
                            format!("{field}.{k}"),
                            type_name(other),
                            "string",
                        ));
                        continue;
                    }
                };
                out.insert(k.clone(), value);
            }
        }
        out
    }

    fn deployment(&mut self, doc: &Value, kind: WorkloadKind) -> Deployment {
        let meta = self.object(doc.get("metadata"), "metadata");
        let name = self
            .string(meta.and_then(|m| m.get("name")), "metadata.name")
            .unwrap_or_default();
        let annotations = self.string_map(
            meta.and_then(|m| m.get("annotations")),
            "metadata.annotations",
        );
        let spec = self.object(doc.get("spec"), "spec");
        let get = |k: &str| spec.and_then(|s| s.get(k));
        let replicas = self.int32(get("replicas"), "spec.replicas").unwrap_or(1);
        let template = self.template(get("template"));
        let selector = self.selector(get("selector"), kind);
        if let Some(sel) = &selector {
            let matches =
                !sel.is_empty() && sel.iter().all(|(k, v)| template.labels.get(k) == Some(v));
            if !matches && !sel.is_empty() {
                self.errors.push(FieldError::invalid(
                    "spec.template.metadata.labels",
                    BadValue::Str(format_labels(&template.labels)),
                    "`selector` does not match template `labels`",
                ));
            }
        }
        let strategy = self.strategy(get("strategy"));
        let min_ready_seconds = self
            .int32(get("minReadySeconds"), "spec.minReadySeconds")
            .unwrap_or(0);
        let revision_history_limit = self
            .int32(get("revisionHistoryLimit"), "spec.revisionHistoryLimit")
            .or(Some(10));
        let progress_deadline_seconds = self
            .int32(
                get("progressDeadlineSeconds"),
                "spec.progressDeadlineSeconds",
            )
            .or(Some(600));
        let paused = self.boolean(get("paused"), "spec.paused").unwrap_or(false);
        Deployment {
            meta: ObjectMeta {
                name,
                uid: 0,
                generation: 1,
                creation: 0,
                annotations,
                deletion: None,
            },
            spec: DeploymentSpec {
                replicas,
                template,
                strategy,
                min_ready_seconds,
                revision_history_limit,
                progress_deadline_seconds,
                paused,
            },
            status: DeploymentStatus::default(),
        }
    }

    /// apps/v1 requires `spec.selector.matchLabels` (matchExpressions are not modelled); a
    /// ReplicationController's selector is a plain map and defaults to the template labels.
    fn selector(
        &mut self,
        v: Option<&Value>,
        kind: WorkloadKind,
    ) -> Option<BTreeMap<String, String>> {
        match kind {
            WorkloadKind::ReplicationController => {
                let m = self.string_map(v, "spec.selector");
                (!m.is_empty()).then_some(m)
            }
            WorkloadKind::Deployment => {
                let Some(sel) = self.object(v, "spec.selector") else {
                    self.errors.push(FieldError::required("spec.selector"));
                    return None;
                };
                let labels = self.string_map(sel.get("matchLabels"), "spec.selector.matchLabels");
                if labels.is_empty() {
                    self.errors.push(FieldError::invalid(
                        "spec.selector",
                        BadValue::Str("{}".into()),
                        "empty selector is invalid for deployment",
                    ));
                }
                Some(labels)
            }
        }
    }

    fn template(&mut self, v: Option<&Value>) -> PodTemplate {
        let t = self.object(v, "spec.template");
        let meta = self.object(t.and_then(|t| t.get("metadata")), "spec.template.metadata");
        let labels = self.string_map(
            meta.and_then(|m| m.get("labels")),
            "spec.template.metadata.labels",
        );
        let spec = self.object(t.and_then(|t| t.get("spec")), "spec.template.spec");
        let mut containers = Vec::new();
        match spec.and_then(|s| s.get("containers")) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let field = format!("spec.template.spec.containers[{i}]");
                    let c = self.object(Some(item), &field);
                    let name = self
                        .string(c.and_then(|c| c.get("name")), &format!("{field}.name"))
                        .unwrap_or_default();
                    let image = self
                        .string(c.and_then(|c| c.get("image")), &format!("{field}.image"))
                        .unwrap_or_default();
                    containers.push(Container { name, image });
                }
            }
            Some(other) => self.errors.push(FieldError::invalid_type(
                "spec.template.spec.containers",
                type_name(other),
                "array",
            )),
        }
        let grace = self
            .int64(
                spec.and_then(|s| s.get("terminationGracePeriodSeconds")),
                "spec.template.spec.terminationGracePeriodSeconds",
            )
            .unwrap_or(30);
        PodTemplate {
            labels,
            containers,
            termination_grace_period_seconds: grace,
        }
    }

    fn strategy(&mut self, v: Option<&Value>) -> DeploymentStrategy {
        let s = self.object(v, "spec.strategy");
        let kind = match self
            .string(s.and_then(|s| s.get("type")), "spec.strategy.type")
            .as_deref()
        {
            None | Some("RollingUpdate") => StrategyType::RollingUpdate,
            Some("Recreate") => StrategyType::Recreate,
            Some(other) => {
                self.errors.push(FieldError {
                    field: "spec.strategy.type".into(),
                    kind: crate::api::validation::ErrorKind::Unsupported(
                        BadValue::Str(other.into()),
                        vec!["Recreate", "RollingUpdate"],
                    ),
                    detail: String::new(),
                });
                StrategyType::RollingUpdate
            }
        };
        let ru = self.object(
            s.and_then(|s| s.get("rollingUpdate")),
            "spec.strategy.rollingUpdate",
        );
        let max_surge = self.int_or_string(
            ru.and_then(|r| r.get("maxSurge")),
            "spec.strategy.rollingUpdate.maxSurge",
        );
        let max_unavailable = self.int_or_string(
            ru.and_then(|r| r.get("maxUnavailable")),
            "spec.strategy.rollingUpdate.maxUnavailable",
        );
        let rolling_update = match kind {
            // SetDefaults_Deployment: 25% for each value left out, only for RollingUpdate.
            StrategyType::RollingUpdate => Some(RollingUpdateDeployment {
                max_surge: Some(max_surge.unwrap_or_else(|| IntOrString::String("25%".into()))),
                max_unavailable: Some(
                    max_unavailable.unwrap_or_else(|| IntOrString::String("25%".into())),
                ),
            }),
            StrategyType::Recreate => ru.map(|_| RollingUpdateDeployment {
                max_surge,
                max_unavailable,
            }),
        };
        DeploymentStrategy {
            kind,
            rolling_update,
        }
    }
}

fn format_labels(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The Deployment as an apps/v1 manifest (JSON value; YAML is written by [`to_yaml`]).
pub fn to_value(d: &Deployment) -> Value {
    let ios = |v: &Option<IntOrString>| match v {
        Some(IntOrString::Int(i)) => Value::from(*i),
        Some(IntOrString::String(s)) => Value::from(s.clone()),
        None => Value::Null,
    };
    let mut strategy = Map::new();
    strategy.insert("type".into(), d.spec.strategy.kind.as_str().into());
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let mut m = Map::new();
        m.insert("maxSurge".into(), ios(&ru.max_surge));
        m.insert("maxUnavailable".into(), ios(&ru.max_unavailable));
        strategy.insert("rollingUpdate".into(), Value::Object(m));
    }
    let labels: Map<String, Value> = d
        .spec
        .template
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    let containers: Vec<Value> = d
        .spec
        .template
        .containers
        .iter()
        .map(|c| serde_json::json!({"name": c.name, "image": c.image}))
        .collect();
    let mut spec = serde_json::json!({
        "replicas": d.spec.replicas,
        "selector": {"matchLabels": labels.clone()},
        "strategy": strategy,
        "minReadySeconds": d.spec.min_ready_seconds,
        "template": {
            "metadata": {"labels": labels},
            "spec": {
                "terminationGracePeriodSeconds": d.spec.template.termination_grace_period_seconds,
                "containers": containers,
            }
        }
    });
    if let Some(l) = d.spec.revision_history_limit {
        spec["revisionHistoryLimit"] = l.into();
    }
    if let Some(p) = d.spec.progress_deadline_seconds {
        spec["progressDeadlineSeconds"] = p.into();
    }
    if d.spec.paused {
        spec["paused"] = true.into();
    }
    serde_json::json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": d.meta.name},
        "spec": spec,
    })
}

/// The Deployment as YAML, ready to paste into a manifest.
pub fn to_yaml(d: &Deployment) -> String {
    serde_saphyr::to_string(&to_value(d)).unwrap_or_default()
}
