//! The scenario file: a Deployment, how its images behave, what the user does and when, and
//! when to stop. YAML or JSON; the page loads and saves the same format.

mod analysis;
pub mod hpa;
mod read;
mod write;

pub use read::{cluster_from_value, EVENT_ACTIONS};
pub use write::{workload_value, workload_yaml};

use crate::api::validation::FieldError;
use crate::api::{Allocatable, Deployment, Node};
use crate::behaviour::Behaviours;
use crate::manifest::{self, ApiVersion, ManifestError, WorkloadKind};
use serde_json::Value;
use std::fmt;

/// The most events a scenario may hold.
pub const MAX_EVENTS: usize = 10_000;
/// The top-level keys of a scenario file.
pub const SCENARIO_KEYS: [&str; 11] = [
    "description",
    "deployment",
    "images",
    "events",
    "until",
    "cluster",
    "rollingUpdate",
    "traffic",
    "seed",
    "startFrom",
    "analysis",
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
    /// `kubectl drain NODE --ignore-daemonsets`: cordon the node, then evict its pods,
    /// retrying a refused eviction every 5 s, until they are gone.
    Drain(String),
    /// `kubectl uncordon NODE`.
    Uncordon(String),
    /// `kubectl argo rollouts promote NAME [--full]` (a Rollout only).
    Promote { full: bool },
    /// `kubectl argo rollouts abort NAME`.
    Abort,
    /// `kubectl argo rollouts retry rollout NAME`.
    Retry,
    /// `kubectl delete pod NAME` (a StatefulSet's forced rollback; an OnDelete update).
    DeletePod(String),
    /// A node joins the cluster (named after the last: `node-4` after `node-3`).
    AddNode,
    /// `kubectl delete node NAME`: the node leaves; the pod garbage collector deletes its pods.
    RemoveNode(String),
    /// The node's kubelet stops reporting: the node turns NotReady and its pods not Ready.
    NodeNotReady(String),
}

/// One timed user action.
#[derive(Clone, Debug, PartialEq)]
pub struct UserEvent {
    pub at: f64,
    pub action: Action,
    /// What it is for, in the scenario author's words (shown on the page, kept on save).
    pub description: Option<String>,
}

/// The cluster the Deployment runs in: a pool of like nodes, and optionally a cluster autoscaler
/// that grows and shrinks it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub nodes: u32,
    /// Pods that fit: a shorthand for `node.pods`, spread over the nodes (their sum is this).
    pub capacity: Option<u32>,
    /// Each node's allocatable cpu, memory and pods; what is left out is not limited.
    pub node: Allocatable,
    pub autoscaler: Option<AutoscalerConfig>,
    /// The Deployment's PodDisruptionBudget (policy/v1), selecting all its pods.
    pub pdb: Option<crate::api::PodDisruptionBudgetSpec>,
    /// A HorizontalPodAutoscaler (autoscaling/v2) scaling the Deployment on CPU utilization.
    pub hpa: Option<crate::api::hpa::HorizontalPodAutoscalerSpec>,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            nodes: 3,
            capacity: None,
            node: Allocatable::default(),
            autoscaler: None,
            pdb: None,
            hpa: None,
        }
    }
}

impl ClusterConfig {
    /// The nodes at the start, `node-1` to `node-N`, Ready since long before t = 0. With
    /// `capacity`, node i takes `capacity / N` pods, the first `capacity % N` one more.
    pub fn initial_nodes(&self, since: crate::api::Millis) -> Vec<Node> {
        let n = self.nodes.max(1);
        (0..n)
            .map(|i| {
                let mut allocatable = self.node;
                if let Some(c) = self.capacity {
                    allocatable.pods = Some(c / n + u32::from(i < c % n));
                }
                Node {
                    name: format!("node-{}", i + 1),
                    allocatable,
                    ready_at: since,
                    unschedulable: false,
                    to_be_deleted: None,
                    removed: None,
                    autoscaled: false,
                    not_ready: None,
                }
            })
            .collect()
    }
}

/// The cluster autoscaler's settings (its command-line flags, with upstream's defaults where it
/// has them).
#[derive(Clone, Debug, PartialEq)]
pub struct AutoscalerConfig {
    /// The node group's maximum size.
    pub max_nodes: u32,
    /// From the decision to add a node to the node being Ready (a cloud's VM start; no upstream
    /// default: it is the cloud's).
    pub provision_seconds: f64,
    /// `--scale-down-unneeded-time` (10 minutes).
    pub unneeded_seconds: f64,
    /// `--scale-down-delay-after-add` (10 minutes).
    pub delay_after_add_seconds: f64,
}

impl AutoscalerConfig {
    pub const DEFAULT_PROVISION_SECONDS: f64 = 60.0;
    pub const DEFAULT_UNNEEDED_SECONDS: f64 = 600.0;
    pub const DEFAULT_DELAY_AFTER_ADD_SECONDS: f64 = 600.0;
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
    /// What the scenario shows, in its author's words.
    pub description: Option<String>,
    pub deployment: Deployment,
    pub kind: WorkloadKind,
    /// The API version the Deployment was written in, whose defaults it was read with; it is
    /// saved in the same version.
    pub api_version: ApiVersion,
    pub images: Behaviours,
    pub events: Vec<UserEvent>,
    pub until: f64,
    pub cluster: ClusterConfig,
    pub rolling_update: RollingUpdateFlags,
    /// The traffic model, when the scenario turns it on.
    pub traffic: Option<crate::traffic::TrafficConfig>,
    /// Where every pod's draws of its image's times come from: the same seed gives the same run.
    pub seed: u64,
    /// The cluster's state to start from (`startFrom`, a `kubectl get deploy,rs,pods -o yaml`
    /// List); `None` starts from a finished rollout of the Deployment's template.
    pub start: Option<Box<crate::import::ClusterState>>,
    /// A Rollout's strategy (the workload is then a Rollout; `deployment` holds its template).
    pub rollout: Option<crate::api::Rollout>,
    /// A StatefulSet's or DaemonSet's own fields (`kind` says which; `deployment` holds the
    /// template, selector, replicas and the other fields it shares with a Deployment).
    pub workload: Option<crate::api::AppsWorkload>,
    /// The outcomes of a Rollout's AnalysisRuns, by AnalysisTemplate name (`analysis`).
    pub analysis: std::collections::BTreeMap<String, crate::argo::rollout::AnalysisOutcome>,
}

/// Why a scenario could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    Syntax(String),
    /// A field of the scenario itself is wrong.
    Field(FieldError),
    /// The Deployment manifest in it is invalid.
    Deployment(ManifestError),
    /// Its `startFrom` (a cluster's state) is invalid.
    Start(crate::import::ImportError),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Syntax(m) => write!(f, "error parsing scenario: {m}"),
            ScenarioError::Field(e) => write!(f, "invalid scenario: {e}"),
            ScenarioError::Deployment(e) => write!(f, "invalid scenario: deployment: {e}"),
            ScenarioError::Start(e) => write!(f, "invalid scenario: startFrom: {e}"),
        }
    }
}

impl Scenario {
    /// A scenario for a Deployment with no events, stopping after `until` seconds.
    pub fn new(deployment: Deployment, until: f64) -> Self {
        Scenario {
            description: None,
            deployment,
            kind: WorkloadKind::Deployment,
            api_version: ApiVersion::AppsV1,
            images: Behaviours::default(),
            events: Vec::new(),
            until,
            cluster: ClusterConfig::default(),
            rolling_update: RollingUpdateFlags::default(),
            traffic: None,
            seed: 1,
            start: None,
            rollout: None,
            workload: None,
            analysis: Default::default(),
        }
    }

    /// Reads a scenario from its JSON value.
    pub fn from_value(v: &Value) -> Result<Scenario, ScenarioError> {
        read::from_value(v)
    }

    /// The scenario as the JSON value [`Scenario::from_value`] reads.
    pub fn to_value(&self) -> Value {
        write::to_value(self)
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
        s.events.push(UserEvent {
            at: t,
            action,
            description: None,
        });
        s.until = s.settled_after(t);
        s
    }

    /// When the scenario has settled after `from`: 20 s after the last thing a controller or
    /// kubectl did (looking up to an hour ahead), and at least 30 s after `from`. A slow legacy
    /// rolling-update or a progress deadline is then seen to its end.
    pub fn settled_after(&self, from: f64) -> f64 {
        let mut probe = self.clone();
        probe.until = (from + 3600.0).min(MAX_UNTIL_SECONDS);
        // The traffic section stays: its preStop sleep and readiness gate shape the pods' lives,
        // and an HPA reads its load (the traffic model itself is not run here).
        let last = crate::sim::Simulation::new(&probe)
            .run()
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    crate::trace::Record::Scale { .. }
                        | crate::trace::Record::Autoscale { .. }
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
