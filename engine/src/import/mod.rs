//! Starting from the cluster you have: the List `kubectl get deploy,rs,pods -o yaml` (or
//! `-o json`) prints, read into the state the simulation starts from. The moment the List was
//! taken (its latest timestamp) becomes t = 0; the Deployment's status and conditions, its
//! ReplicaSets (revisions, sizes, status) and every pod (node, phase, readiness, age,
//! deletion) are kept, so that a rollout caught halfway goes on as the controller would go on.
//! Server-set fields (managedFields, resourceVersion, uids, selfLink) are read where they say
//! something (ownership) and otherwise ignored, never an error.

mod read;
pub mod time;
mod write;
pub mod yaml;

use crate::api::validation::FieldError;
use crate::api::{DeploymentSpec, DeploymentStatus, Millis, ReplicaSet};
use crate::manifest::{ApiVersion, ManifestError};
use std::collections::BTreeMap;
use std::fmt;

pub use read::read_list;

/// Whether the text is a List (`kind: List` at its top level), as `kubectl get -o yaml` prints
/// it: a cheap look at its first and last lines (kubectl writes `kind` after `items`).
pub fn looks_like_list(text: &str) -> bool {
    let is_kind =
        |l: &str| l == "kind: List" || l.trim().trim_end_matches(',') == "\"kind\": \"List\"";
    let head = text.lines().take(20);
    let tail = text.lines().rev().take(20);
    head.chain(tail).any(is_kind)
}

/// Reads the List text: YAML (kubectl's, by a fast reader; other YAML by the general parser),
/// or JSON (read directly).
pub fn parse(
    text: &str,
) -> Result<
    (
        crate::api::Deployment,
        crate::manifest::WorkloadKind,
        ClusterState,
    ),
    ImportError,
> {
    if text.len() > MAX_STATE_BYTES {
        return Err(ImportError::Syntax(format!(
            "the input is {} bytes; at most {MAX_STATE_BYTES} are read",
            text.len()
        )));
    }
    let doc: serde_json::Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| ImportError::Syntax(e.to_string()))?
    } else if let Some(doc) = yaml::parse(text) {
        // What kubectl writes, read by the fast reader; anything else by the general parser.
        doc
    } else {
        let mut docs = crate::manifest::parse_documents_within(text, MAX_STATE_BYTES)
            .map_err(|e| ImportError::Syntax(e.to_string()))?;
        if docs.len() != 1 {
            return Err(ImportError::NotAList {
                kind: format!("{} documents", docs.len()),
            });
        }
        docs.remove(0)
    };
    read_list(std::slice::from_ref(&doc))
}

/// The most bytes of a cluster's List read: a `kubectl get -o yaml` of 1,000 pods is several
/// megabytes.
pub const MAX_STATE_BYTES: usize = 32 << 20;

/// What a pod's container is waiting for, when it is not running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    ContainerCreating,
    CrashLoopBackOff,
    ImagePullBackOff,
}

/// One pod as the List showed it; times are milliseconds relative to when the List was taken.
#[derive(Clone, Debug, PartialEq)]
pub struct StatePod {
    pub name: String,
    /// Index of its ReplicaSet in [`ClusterState::replica_sets`].
    pub owner: usize,
    /// Index of its node in [`ClusterState::nodes`]; `None` while Pending.
    pub node: Option<u32>,
    pub created: Millis,
    /// When its container started running.
    pub started: Option<Millis>,
    /// When its Ready condition turned True (if it is Ready).
    pub ready_since: Option<Millis>,
    pub waiting: Option<Waiting>,
    pub deleted: Option<Millis>,
    /// `metadata.deletionGracePeriodSeconds` (else the template's grace period).
    pub grace_seconds: Option<i64>,
    pub deletion_cost: i32,
}

/// A Deployment's objects at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterState {
    /// When the List was taken, in milliseconds since the Unix epoch: the simulation's t = 0.
    pub taken_at: i64,
    /// The Deployment's spec as the List showed it (the scenario's may be edited since).
    pub spec: DeploymentSpec,
    pub api_version: ApiVersion,
    pub generation: i64,
    pub created: Millis,
    pub status: DeploymentStatus,
    /// Its ReplicaSets, oldest first; `meta.uid` is the index + 1.
    pub replica_sets: Vec<ReplicaSet>,
    pub pods: Vec<StatePod>,
    /// Node names, in the order first seen.
    pub nodes: Vec<String>,
    /// The Deployment's annotations (its revision among them).
    pub annotations: BTreeMap<String, String>,
}

/// Why a List could not be read as a cluster's state.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The text is not YAML or JSON, or is too large.
    Syntax(String),
    /// Not a List (`kind: List`, `items`).
    NotAList { kind: String },
    /// The List holds no Deployment.
    NoDeployment { kinds: Vec<String> },
    /// The List holds several Deployments.
    ManyDeployments { names: Vec<String> },
    /// The Deployment itself is invalid.
    Deployment(ManifestError),
    /// An item is wrong or belongs elsewhere; the error names the item and field.
    Field(FieldError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Syntax(m) => write!(f, "error parsing the cluster's state: {m}"),
            ImportError::NotAList { kind } => write!(
                f,
                "expected the List that `kubectl get deploy,rs,pods -o yaml` prints, found kind {kind:?}"
            ),
            ImportError::NoDeployment { kinds } => write!(
                f,
                "the List holds no Deployment (found {}): run `kubectl get deploy,rs,pods -o yaml` with the Deployment's name or labels",
                if kinds.is_empty() { "nothing".to_string() } else { kinds.join(", ") }
            ),
            ImportError::ManyDeployments { names } => write!(
                f,
                "the List holds {} Deployments ({}): keep one, e.g. `kubectl get deploy/{} -o yaml` with its ReplicaSets and pods (`kubectl get rs,pods -l <its selector> -o yaml`)",
                names.len(),
                names.join(", "),
                names[0]
            ),
            ImportError::Deployment(e) => write!(f, "{e}"),
            ImportError::Field(e) => write!(f, "invalid cluster state: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl ClusterState {
    /// Pods not yet Ready (not terminating): they become Ready as their image's readyAfter
    /// says, counted from their start.
    pub fn not_ready(&self) -> usize {
        self.pods
            .iter()
            .filter(|p| p.ready_since.is_none() && p.deleted.is_none())
            .count()
    }

    /// The List again, as a JSON value (the fields read, times as RFC 3339), with the
    /// Deployment's spec as `d` (the List's own when unedited).
    pub fn to_list(&self, d: &crate::api::Deployment) -> serde_json::Value {
        write::list(self, d)
    }

    /// "2 ReplicaSets and 14 pods (3 not yet Ready), as of 2024-05-01T12:34:56Z".
    pub fn summary(&self) -> String {
        let live = self
            .replica_sets
            .iter()
            .filter(|rs| rs.meta.deletion.is_none())
            .count();
        format!(
            "{live} ReplicaSet{} and {} pod{} ({} not yet Ready), as of {}",
            if live == 1 { "" } else { "s" },
            self.pods.len(),
            if self.pods.len() == 1 { "" } else { "s" },
            self.not_ready(),
            time::format_rfc3339(self.taken_at)
        )
    }
}
