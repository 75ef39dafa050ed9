//! The cluster form as the user types it: the nodes, what each node offers, the autoscaler,
//! and what each pod requests. The engine reads it (the scenario's own `cluster` reader and the
//! manifest's quantity rules), so its messages are the engine's.

use rollout_engine::api::quantity::{self, format_bytes, format_milli};
use rollout_engine::api::validation::{BadValue, FieldError};
use rollout_engine::sim::scenario::{cluster_from_value, ScenarioError};
use rollout_engine::Scenario;
use serde_json::{json, Map, Value};

/// One field of the cluster form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterField {
    CpuRequest,
    MemoryRequest,
    Nodes,
    NodeCpu,
    NodeMemory,
    NodePods,
    MaxNodes,
    ProvisionSeconds,
    PdbMinAvailable,
    PdbMaxUnavailable,
    HpaMinReplicas,
    HpaMaxReplicas,
    HpaTargetCpu,
}

impl ClusterField {
    pub const ALL: [ClusterField; 13] = [
        ClusterField::CpuRequest,
        ClusterField::MemoryRequest,
        ClusterField::Nodes,
        ClusterField::NodeCpu,
        ClusterField::NodeMemory,
        ClusterField::NodePods,
        ClusterField::MaxNodes,
        ClusterField::ProvisionSeconds,
        ClusterField::PdbMinAvailable,
        ClusterField::PdbMaxUnavailable,
        ClusterField::HpaMinReplicas,
        ClusterField::HpaMaxReplicas,
        ClusterField::HpaTargetCpu,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ClusterField::CpuRequest => "cpu-request",
            ClusterField::MemoryRequest => "memory-request",
            ClusterField::Nodes => "nodes",
            ClusterField::NodeCpu => "node-cpu",
            ClusterField::NodeMemory => "node-memory",
            ClusterField::NodePods => "node-pods",
            ClusterField::MaxNodes => "max-nodes",
            ClusterField::ProvisionSeconds => "provision-seconds",
            ClusterField::PdbMinAvailable => "pdb-min-available",
            ClusterField::PdbMaxUnavailable => "pdb-max-unavailable",
            ClusterField::HpaMinReplicas => "hpa-min-replicas",
            ClusterField::HpaMaxReplicas => "hpa-max-replicas",
            ClusterField::HpaTargetCpu => "hpa-target-cpu",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ClusterField::CpuRequest => crate::i18n::n_("cpu request"),
            ClusterField::MemoryRequest => crate::i18n::n_("memory request"),
            ClusterField::Nodes => "nodes",
            ClusterField::NodeCpu => crate::i18n::n_("cpu per node"),
            ClusterField::NodeMemory => crate::i18n::n_("memory per node"),
            ClusterField::NodePods => crate::i18n::n_("pods per node"),
            ClusterField::MaxNodes => crate::i18n::n_("autoscaler: at most"),
            ClusterField::ProvisionSeconds => crate::i18n::n_("a new node takes"),
            ClusterField::PdbMinAvailable => "minAvailable",
            ClusterField::PdbMaxUnavailable => "maxUnavailable",
            ClusterField::HpaMinReplicas => "minReplicas",
            ClusterField::HpaMaxReplicas => "maxReplicas",
            ClusterField::HpaTargetCpu => crate::i18n::n_("target CPU utilization (%)"),
        }
    }

    /// The field's path, as messages name it.
    pub fn path(self) -> &'static str {
        match self {
            ClusterField::CpuRequest => "spec.template.spec.containers[0].resources.requests[cpu]",
            ClusterField::MemoryRequest => {
                "spec.template.spec.containers[0].resources.requests[memory]"
            }
            ClusterField::Nodes => "cluster.nodes",
            ClusterField::NodeCpu => "cluster.node.cpu",
            ClusterField::NodeMemory => "cluster.node.memory",
            ClusterField::NodePods => "cluster.node.pods",
            ClusterField::MaxNodes => "cluster.autoscaler.maxNodes",
            ClusterField::ProvisionSeconds => "cluster.autoscaler.provisionSeconds",
            ClusterField::PdbMinAvailable => "cluster.pdb.minAvailable",
            ClusterField::PdbMaxUnavailable => "cluster.pdb.maxUnavailable",
            ClusterField::HpaMinReplicas => "cluster.hpa.minReplicas",
            ClusterField::HpaMaxReplicas => "cluster.hpa.maxReplicas",
            ClusterField::HpaTargetCpu => {
                "cluster.hpa.metrics[0].resource.target.averageUtilization"
            }
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            ClusterField::CpuRequest => crate::i18n::n_("e.g. 250m or 1 (empty: none)"),
            ClusterField::MemoryRequest => crate::i18n::n_("e.g. 256Mi or 1Gi (empty: none)"),
            ClusterField::Nodes => crate::i18n::n_("at the start"),
            ClusterField::NodeCpu => {
                crate::i18n::n_("allocatable, e.g. 2 or 3500m (empty: not limited)")
            }
            ClusterField::NodeMemory => {
                crate::i18n::n_("allocatable, e.g. 8Gi (empty: not limited)")
            }
            ClusterField::NodePods => {
                crate::i18n::n_("the kubelet's default is 110 (empty: not limited)")
            }
            ClusterField::MaxNodes => crate::i18n::n_("nodes (empty: no cluster autoscaler)"),
            ClusterField::ProvisionSeconds => {
                crate::i18n::n_("seconds from the decision to a Ready node")
            }
            ClusterField::PdbMinAvailable => {
                crate::i18n::n_("an integer or a percentage (empty: none)")
            }
            ClusterField::PdbMaxUnavailable => crate::i18n::n_("or this instead (empty: none)"),
            ClusterField::HpaMinReplicas => crate::i18n::n_("default 1"),
            ClusterField::HpaMaxReplicas => crate::i18n::n_("replicas (empty: no HPA)"),
            ClusterField::HpaTargetCpu => crate::i18n::n_("of the pods' CPU requests, default 80"),
        }
    }
}

/// The cluster form's text, one value per [`ClusterField`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterForm {
    values: [String; 13],
}

impl ClusterForm {
    pub fn from_scenario(s: &Scenario) -> ClusterForm {
        let r = s
            .deployment
            .spec
            .template
            .containers
            .first()
            .map(|c| c.requests)
            .unwrap_or_default();
        let c = &s.cluster;
        let a = c.autoscaler.as_ref();
        let h = c.hpa.as_ref();
        ClusterForm {
            values: [
                r.cpu.map(format_milli).unwrap_or_default(),
                r.memory.map(format_bytes).unwrap_or_default(),
                c.nodes.to_string(),
                c.node.cpu.map(format_milli).unwrap_or_default(),
                c.node.memory.map(format_bytes).unwrap_or_default(),
                c.node.pods.map(|p| p.to_string()).unwrap_or_default(),
                a.map(|a| a.max_nodes.to_string()).unwrap_or_default(),
                a.map_or(
                    rollout_engine::sim::scenario::AutoscalerConfig::DEFAULT_PROVISION_SECONDS
                        .to_string(),
                    |a| a.provision_seconds.to_string(),
                ),
                c.pdb
                    .as_ref()
                    .and_then(|p| p.min_available.as_ref())
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                c.pdb
                    .as_ref()
                    .and_then(|p| p.max_unavailable.as_ref())
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                h.map(|h| h.min_replicas.to_string()).unwrap_or_default(),
                h.map(|h| h.max_replicas.to_string()).unwrap_or_default(),
                h.map(|h| h.target_cpu_utilization.to_string())
                    .unwrap_or_default(),
            ],
        }
    }

    pub fn get(&self, f: ClusterField) -> &str {
        &self.values[f as usize]
    }

    pub fn set(&mut self, f: ClusterField, v: String) {
        self.values[f as usize] = v;
    }

    /// Applies the form to `s`: the first container's requests and the cluster. Errors name
    /// their field.
    pub fn apply(&self, s: &mut Scenario, errors: &mut Vec<FieldError>) {
        let request = |f: ClusterField, parse: fn(&str) -> Result<i64, quantity::QuantityError>| {
            let text = self.get(f).trim();
            if text.is_empty() {
                return Ok(None);
            }
            parse(text).map(Some).map_err(|e| {
                FieldError::invalid(f.path(), BadValue::Str(text.to_string()), e.to_string())
            })
        };
        let cpu = request(ClusterField::CpuRequest, quantity::parse_milli);
        let memory = request(ClusterField::MemoryRequest, quantity::parse_value);
        match (cpu, memory) {
            (Ok(cpu), Ok(memory)) => {
                if let Some(c) = s.deployment.spec.template.containers.first_mut() {
                    c.requests.cpu = cpu;
                    c.requests.memory = memory;
                }
            }
            (cpu, memory) => errors.extend(cpu.err().into_iter().chain(memory.err())),
        }
        match cluster_from_value(&self.to_value(&s.cluster)) {
            Ok(c) => s.cluster = c,
            Err(ScenarioError::Field(e)) => errors.push(e),
            Err(e) => errors.push(FieldError::invalid(
                "cluster",
                BadValue::Str(String::new()),
                e.to_string(),
            )),
        }
    }

    /// The form as a scenario's `cluster` section (a whole number typed goes as a number).
    /// What the form does not show (the capacity shorthand, the autoscaler's scale-down
    /// delays) is kept from `current`.
    fn to_value(&self, current: &rollout_engine::sim::scenario::ClusterConfig) -> Value {
        let text = |f: ClusterField| self.get(f).trim().to_string();
        let number_or_text = |t: String| match t.parse::<u64>() {
            Ok(n) => json!(n),
            Err(_) => match t.parse::<f64>() {
                Ok(x) => json!(x),
                Err(_) => json!(t),
            },
        };
        let mut m = Map::new();
        m.insert("nodes".into(), number_or_text(text(ClusterField::Nodes)));
        if let Some(c) = current.capacity {
            m.insert("capacity".into(), json!(c));
        }
        let mut node = Map::new();
        for (key, f) in [
            ("cpu", ClusterField::NodeCpu),
            ("memory", ClusterField::NodeMemory),
        ] {
            if !text(f).is_empty() {
                node.insert(key.into(), json!(text(f)));
            }
        }
        if !text(ClusterField::NodePods).is_empty() {
            node.insert("pods".into(), number_or_text(text(ClusterField::NodePods)));
        }
        m.insert("node".into(), Value::Object(node));
        let (min, max) = (
            text(ClusterField::PdbMinAvailable),
            text(ClusterField::PdbMaxUnavailable),
        );
        if !min.is_empty() || !max.is_empty() {
            let mut pdb = Map::new();
            if !min.is_empty() {
                pdb.insert("minAvailable".into(), number_or_text(min));
            }
            if !max.is_empty() {
                pdb.insert("maxUnavailable".into(), number_or_text(max));
            }
            if let Some(p) = &current.pdb {
                pdb.insert(
                    "unhealthyPodEvictionPolicy".into(),
                    json!(p.unhealthy_pod_eviction_policy.as_str()),
                );
            }
            m.insert("pdb".into(), Value::Object(pdb));
        }
        if !text(ClusterField::HpaMaxReplicas).is_empty() {
            let mut hpa = Map::new();
            let min = text(ClusterField::HpaMinReplicas);
            if !min.is_empty() {
                hpa.insert("minReplicas".into(), number_or_text(min));
            }
            hpa.insert(
                "maxReplicas".into(),
                number_or_text(text(ClusterField::HpaMaxReplicas)),
            );
            let target = text(ClusterField::HpaTargetCpu);
            if !target.is_empty() {
                hpa.insert(
                    "metrics".into(),
                    json!([{"type": "Resource", "resource": {"name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": number_or_text(target)}}}]),
                );
            }
            // The behavior is not on the form: kept as the scenario has it.
            if let Some(b) = current
                .hpa
                .as_ref()
                .map(rollout_engine::sim::scenario::hpa::hpa_to_value)
                .and_then(|v| v.get("behavior").cloned())
            {
                hpa.insert("behavior".into(), b);
            }
            m.insert("hpa".into(), Value::Object(hpa));
        }
        if !text(ClusterField::MaxNodes).is_empty() {
            use rollout_engine::sim::scenario::AutoscalerConfig as A;
            let kept = current.autoscaler.as_ref();
            m.insert(
                "autoscaler".into(),
                json!({
                    "maxNodes": number_or_text(text(ClusterField::MaxNodes)),
                    "provisionSeconds": number_or_text(text(ClusterField::ProvisionSeconds)),
                    "unneededSeconds": kept.map_or(A::DEFAULT_UNNEEDED_SECONDS, |a| a.unneeded_seconds),
                    "delayAfterAddSeconds": kept.map_or(A::DEFAULT_DELAY_AFTER_ADD_SECONDS, |a| a.delay_after_add_seconds),
                }),
            );
        }
        Value::Object(m)
    }
}
