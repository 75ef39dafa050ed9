//! Reading and writing Deployment manifests (YAML or JSON, one or several documents), as the
//! API server does: decoded as written ([`reader`]), defaulted by the manifest's own API
//! version ([`defaults`]), validated, with errors that name the field.

pub mod defaults;
pub mod legacy;
pub mod reader;
pub mod rollout;
pub mod workloads;
pub mod write;

pub use defaults::ApiVersion;
pub use write::{to_value, to_value_as, to_yaml};

use crate::api::validation::{format_invalid, validate_deployment_with, FieldError, Unmodelled};
use crate::api::{
    Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy, ObjectMeta,
    RollingUpdateDeployment, StrategyType,
};
use crate::intstr::IntOrString;
use reader::{RawDeployment, Reader};
use serde_json::Value;
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
    /// A Deployment of an API version Kubernetes never had: kubectl's resource mapper refuses it.
    NoKindMatch { name: String, api_version: String },
    /// A StatefulSet or DaemonSet of an API version other than apps/v1.
    NoWorkloadMatch {
        name: String,
        kind: String,
        api_version: String,
    },
    /// A Rollout of an API version other than argoproj.io/v1alpha1.
    NoRolloutMatch { name: String, api_version: String },
    /// The API server could not decode it: a field of the wrong type.
    Decode {
        kind: String,
        version: String,
        error: Box<FieldError>,
    },
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
            ManifestError::NoKindMatch { name, api_version } if api_version.is_empty() => write!(
                f,
                "error validating data: apiVersion not set (Deployment {name:?})"
            ),
            ManifestError::NoKindMatch { name, api_version } => write!(
                f,
                "resource mapping not found for name: {name:?}: no matches for kind \"Deployment\" in version {api_version:?} (Rollout Lab reads apps/v1, apps/v1beta2, apps/v1beta1 and extensions/v1beta1)"
            ),
            ManifestError::NoWorkloadMatch {
                name,
                kind,
                api_version,
            } => write!(
                f,
                "resource mapping not found for name: {name:?}: no matches for kind {kind:?} in version {api_version:?} (Rollout Lab reads a {kind} of apps/v1)"
            ),
            ManifestError::NoRolloutMatch { name, api_version } => write!(
                f,
                "resource mapping not found for name: {name:?}: no matches for kind \"Rollout\" in version {api_version:?} (Argo Rollouts serves argoproj.io/v1alpha1)"
            ),
            ManifestError::Decode {
                kind,
                version,
                error,
            } => write!(
                f,
                "Error from server (BadRequest): {kind} in version {version:?} cannot be handled as a {kind}: {error}"
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
    /// An Argo Rollouts `Rollout` (argoproj.io/v1alpha1), rolled out by its own controller.
    Rollout,
    /// An apps/v1 StatefulSet: pods with ordinals, updated from the highest down.
    StatefulSet,
    /// An apps/v1 DaemonSet: one pod per node.
    DaemonSet,
}

/// A manifest's Deployment, read, defaulted and validated, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub deployment: Deployment,
    pub kind: WorkloadKind,
    /// The Deployment's API version (apps/v1 for a ReplicationController).
    pub api_version: ApiVersion,
    /// Every document of the manifest (the Service and Ingress beside the Deployment).
    pub documents: Vec<Value>,
    /// A Rollout's strategy and status (`kind` is then `Rollout`; `deployment` holds the
    /// template, selector and the other fields it shares with a Deployment).
    pub rollout: Option<crate::api::Rollout>,
    /// A StatefulSet's or DaemonSet's own fields (`kind` says which).
    pub workload: Option<crate::api::AppsWorkload>,
}

impl Loaded {
    /// What to tell the user about a Deployment of a removed API version (empty for apps/v1):
    /// what a cluster of today answers, and the manifest to use instead.
    pub fn version_notice(&self, file: &str) -> String {
        legacy::notice(self.api_version, &self.documents, &self.deployment, file)
    }
}

/// Parses YAML or JSON text (JSON is YAML) into its documents, within hostile-input limits.
pub fn parse_documents(text: &str) -> Result<Vec<Value>, ManifestError> {
    parse_documents_within(text, MAX_INPUT_BYTES)
}

/// [`parse_documents`] with another size limit (a cluster's state is larger than a manifest).
pub fn parse_documents_within(text: &str, limit: usize) -> Result<Vec<Value>, ManifestError> {
    if text.len() > limit {
        return Err(ManifestError::Syntax(format!(
            "the input is {} bytes; at most {limit} are accepted",
            text.len()
        )));
    }
    // The parser's budget (events, nodes) grows with the size allowed: a cluster's List of
    // 1,000 pods holds over a million nodes, a manifest a few hundred.
    let scale = (limit / MAX_INPUT_BYTES).max(1);
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events *= scale;
    budget.max_nodes *= scale;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_multiple_with_options::<Value>(text, options)
        .map(|docs| docs.into_iter().filter(|d| !d.is_null()).collect())
        .map_err(|e| ManifestError::Syntax(first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// Reads the first Deployment (or ReplicationController) among a manifest's documents, applies
/// the defaults of its API version and validates it. Other documents (a Service, an Ingress) are
/// kept as they are.
pub fn parse_deployment(text: &str) -> Result<Loaded, ManifestError> {
    let docs = parse_documents(text)?;
    deployment_from_documents(docs)
}

/// [`parse_deployment`] over documents already parsed.
pub fn deployment_from_documents(docs: Vec<Value>) -> Result<Loaded, ManifestError> {
    let kind_of = |d: &Value| {
        d.get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let found = docs.iter().find(|d| {
        matches!(
            kind_of(d).as_str(),
            "Deployment" | "ReplicationController" | "Rollout" | "StatefulSet" | "DaemonSet"
        )
    });
    let Some(doc) = found else {
        return Err(ManifestError::NoDeployment {
            kinds: docs.iter().map(kind_of).filter(|k| !k.is_empty()).collect(),
        });
    };
    if kind_of(doc) == "Rollout" {
        let (deployment, rollout) = rollout_from_value(doc)?;
        return Ok(Loaded {
            deployment,
            kind: WorkloadKind::Rollout,
            api_version: ApiVersion::AppsV1,
            documents: docs,
            rollout: Some(rollout),
            workload: None,
        });
    }
    if let kind @ ("StatefulSet" | "DaemonSet") = kind_of(doc).as_str() {
        let (deployment, workload) = workloads::workload_from_value(doc, kind)?;
        return Ok(Loaded {
            deployment,
            kind: if kind == "StatefulSet" {
                WorkloadKind::StatefulSet
            } else {
                WorkloadKind::DaemonSet
            },
            api_version: ApiVersion::AppsV1,
            documents: docs,
            rollout: None,
            workload: Some(workload),
        });
    }
    let (deployment, kind, api_version) = deployment_from_value(doc)?;
    Ok(Loaded {
        deployment,
        kind,
        api_version,
        documents: docs,
        rollout: None,
        workload: None,
    })
}

/// What a ReplicationController is rolled out with: `kubectl rolling-update` always used
/// maxSurge 1 and maxUnavailable 0.
pub fn rc_strategy() -> DeploymentStrategy {
    DeploymentStrategy::rolling(IntOrString::Int(1), IntOrString::Int(0))
}

/// Builds a Deployment (or the stand-in for a ReplicationController) from one manifest
/// object: decoded, defaulted by its API version, validated.
pub fn deployment_from_value(
    doc: &Value,
) -> Result<(Deployment, WorkloadKind, ApiVersion), ManifestError> {
    let api = doc.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let name = || {
        doc.pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let rc = doc.get("kind").and_then(Value::as_str) == Some("ReplicationController");
    let version = if rc {
        ApiVersion::AppsV1
    } else {
        ApiVersion::parse(api).ok_or_else(|| ManifestError::NoKindMatch {
            name: name(),
            api_version: api.to_string(),
        })?
    };
    let mut r = Reader::default();
    let mut raw = r.deployment(doc, rc);
    let (kind, kind_name) = if rc {
        set_defaults_replication_controller(&mut raw);
        (WorkloadKind::ReplicationController, "ReplicationController")
    } else {
        defaults::set_defaults_deployment(&mut raw, version);
        (WorkloadKind::Deployment, "Deployment")
    };
    if let Some(error) = r.errors.into_iter().next() {
        // The server never validates what it cannot decode, and Go's decoder reports the first
        // field it could not store.
        return Err(ManifestError::Decode {
            kind: kind_name.into(),
            version: api.rsplit('/').next().unwrap_or(api).to_string(),
            error: Box::new(error),
        });
    }
    let rollback_to = raw.rollback_to;
    let unknown_strategy = raw.unknown_strategy.clone();
    let mut d = build(raw);
    let mut errors = validate_deployment_with(
        &d,
        &Unmodelled {
            unknown_strategy: unknown_strategy.as_deref(),
            rollback_to,
        },
    );
    if rc {
        d.spec.strategy = rc_strategy();
        errors.retain(|e| !e.field.starts_with("spec.strategy"));
    }
    if !errors.is_empty() {
        return Err(ManifestError::Invalid {
            kind: kind_name.into(),
            name: d.meta.name.clone(),
            errors,
        });
    }
    if let Some(revision) = rollback_to {
        // extensions/v1beta1 and apps/v1beta1 carry `spec.rollbackTo` to the controller as this
        // annotation (their conversion to the internal type).
        d.meta.annotations.insert(
            crate::api::annotations::ROLLBACK_TO.into(),
            revision.to_string(),
        );
    }
    Ok((d, kind, version))
}

/// A manifest object's `apiVersion` and `metadata.name` (empty where missing), for the
/// messages of an unknown API version.
pub(crate) fn api_version_and_name(doc: &Value) -> (&str, String) {
    let api = doc.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let name = doc
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    (api, name)
}

/// Builds a Rollout from one manifest object: its Deployment-shaped fields read and defaulted as
/// apps/v1's, its strategy read and validated as Argo Rollouts does.
pub fn rollout_from_value(doc: &Value) -> Result<(Deployment, crate::api::Rollout), ManifestError> {
    let (api, name) = api_version_and_name(doc);
    if api != rollout::ROLLOUT_API_VERSION {
        return Err(ManifestError::NoRolloutMatch {
            name,
            api_version: api.to_string(),
        });
    }
    // The shared fields, read as a Deployment's; the strategy is the Rollout's own.
    let mut shared = doc.clone();
    if let Some(spec) = shared.get_mut("spec").and_then(Value::as_object_mut) {
        spec.remove("strategy");
        spec.remove("progressDeadlineAbort");
    }
    let mut r = Reader::default();
    let mut raw = r.deployment(&shared, false);
    defaults::set_defaults_deployment(&mut raw, ApiVersion::AppsV1);
    let d = build(raw);
    let decoded = |r: Reader| {
        r.errors
            .into_iter()
            .next()
            .map(|error| ManifestError::Decode {
                kind: "Rollout".into(),
                version: "v1alpha1".into(),
                error: Box::new(error),
            })
    };
    if let Some(e) = decoded(std::mem::take(&mut r)) {
        return Err(e);
    }
    let strategy = rollout::read_rollout(&mut r, doc, &d);
    if let Some(e) = decoded(r) {
        return Err(e);
    }
    let mut errors = validate_deployment_with(&d, &Unmodelled::default());
    errors.retain(|e| !e.field.starts_with("spec.strategy"));
    match strategy {
        Err(mut e) => errors.append(&mut e),
        Ok(ro) if errors.is_empty() => return Ok((d, ro)),
        Ok(_) => {}
    }
    Err(ManifestError::Invalid {
        kind: "Rollout".into(),
        name: d.meta.name.clone(),
        errors,
    })
}

/// Mirrors `SetDefaults_ReplicationController`: the selector and labels from the template,
/// one replica. kubectl rolling-update brings its own strategy.
fn set_defaults_replication_controller(d: &mut RawDeployment) {
    if d.selector.as_ref().is_none_or(|s| s.is_empty()) && !d.template.labels.is_empty() {
        d.selector = Some(d.template.labels.clone());
    }
    d.replicas.get_or_insert(1);
    d.strategy_type = Some(StrategyType::RollingUpdate);
    d.rolling_update = Some((Some(IntOrString::Int(1)), Some(IntOrString::Int(0))));
}

/// The Deployment the defaulted fields describe.
pub(crate) fn build(raw: RawDeployment) -> Deployment {
    let kind = raw.strategy_type.unwrap_or(StrategyType::RollingUpdate);
    Deployment {
        meta: ObjectMeta {
            name: raw.name,
            uid: 0,
            generation: 1,
            creation: 0,
            annotations: raw.annotations,
            deletion: None,
        },
        spec: DeploymentSpec {
            replicas: raw.replicas.unwrap_or(1),
            selector: raw.selector,
            template: raw.template,
            strategy: DeploymentStrategy {
                kind,
                rolling_update: raw.rolling_update.map(|(s, u)| RollingUpdateDeployment {
                    max_surge: s,
                    max_unavailable: u,
                }),
            },
            min_ready_seconds: raw.min_ready_seconds.unwrap_or(0),
            revision_history_limit: raw.revision_history_limit,
            progress_deadline_seconds: raw.progress_deadline_seconds,
            paused: raw.paused.unwrap_or(false),
        },
        status: DeploymentStatus::default(),
    }
}
