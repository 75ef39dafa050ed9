//! Reading a scenario file's JSON value, section by section. Every field error names its field,
//! and an unknown key is refused with the keys that are known, at every level.

use super::{
    Action, ClusterConfig, RollingUpdateFlags, Scenario, ScenarioError, UserEvent, MAX_EVENTS,
    MAX_UNTIL_SECONDS, SCENARIO_KEYS,
};
use crate::api::validation::{BadValue, ErrorKind, FieldError};
use crate::behaviour::Behaviours;
use crate::manifest;
use crate::traffic::{FrontEnd, TrafficConfig};
use serde_json::{Map, Value};

/// The actions an event may hold.
pub const EVENT_ACTIONS: [&str; 15] = [
    "setImage",
    "scale",
    "pause",
    "resume",
    "undo",
    "apply",
    "drain",
    "uncordon",
    "promote",
    "abort",
    "retry",
    "deletePod",
    "addNode",
    "removeNode",
    "nodeNotReady",
];
const CLUSTER_KEYS: [&str; 6] = ["nodes", "capacity", "node", "autoscaler", "pdb", "hpa"];
const PDB_KEYS: [&str; 3] = [
    "minAvailable",
    "maxUnavailable",
    "unhealthyPodEvictionPolicy",
];
const NODE_KEYS: [&str; 3] = ["cpu", "memory", "pods"];
const AUTOSCALER_KEYS: [&str; 4] = [
    "maxNodes",
    "provisionSeconds",
    "unneededSeconds",
    "delayAfterAddSeconds",
];
const ROLLING_UPDATE_KEYS: [&str; 2] = ["updatePeriod", "pollInterval"];
const TRAFFIC_KEYS: [&str; 13] = [
    "rate",
    "propagationDelay",
    "preStopSleep",
    "drainTime",
    "requestDuration",
    "seed",
    "frontEnd",
    "deregistrationDelay",
    "healthCheckInterval",
    "unhealthyThreshold",
    "keepAlive",
    "gracefulShutdown",
    "readinessGate",
];

pub(super) fn field_err(field: impl Into<String>, value: &Value, detail: &str) -> ScenarioError {
    let bad = match value {
        Value::Number(n) => n
            .as_i64()
            .map(BadValue::Int)
            .unwrap_or_else(|| BadValue::Float(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) => BadValue::Str(s.clone()),
        other => BadValue::Str(other.to_string()),
    };
    ScenarioError::Field(FieldError::invalid(field, bad, detail))
}

fn unsupported(field: String, key: &str, known: &[&'static str]) -> ScenarioError {
    ScenarioError::Field(FieldError {
        field,
        kind: ErrorKind::Unsupported(BadValue::Str(key.to_string()), known.to_vec()),
        detail: String::new(),
    })
}

/// Refuses any key of `m` not in `known`; `prefix` is the section (`cluster.`), empty at the top.
fn known_keys(
    m: &Map<String, Value>,
    prefix: &str,
    known: &[&'static str],
) -> Result<(), ScenarioError> {
    match m.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(unsupported(format!("{prefix}{k}"), k, known)),
        None => Ok(()),
    }
}

fn section<'a>(
    root: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, ScenarioError> {
    match root.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(other) => Err(field_err(key, other, "must be a mapping")),
    }
}

pub(super) fn seconds_field(v: &Value, field: &str, max: f64) -> Result<f64, ScenarioError> {
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

fn text(v: &Value, field: &str) -> Result<String, ScenarioError> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| field_err(field, v, "must be text"))
}

/// Reads a scenario from its JSON value.
pub fn from_value(v: &Value) -> Result<Scenario, ScenarioError> {
    let Some(root) = v.as_object() else {
        return Err(ScenarioError::Syntax(
            "a scenario is a mapping with a `deployment` key".into(),
        ));
    };
    known_keys(root, "", &SCENARIO_KEYS)?;
    // From a cluster's state, the Deployment is the List's unless `deployment` edits it.
    let start = match root.get("startFrom") {
        None | Some(Value::Null) => None,
        Some(list) => Some(
            crate::import::read_list(std::slice::from_ref(list)).map_err(ScenarioError::Start)?,
        ),
    };
    let loaded = match (root.get("deployment"), &start) {
        (Some(doc), None) => manifest::deployment_from_documents(vec![doc.clone()])
            .map_err(ScenarioError::Deployment)?,
        // An edited spec beside the List: the object (its generation, revision) is the List's.
        (Some(doc), Some((listed, ..))) => {
            let mut l = manifest::deployment_from_documents(vec![doc.clone()])
                .map_err(ScenarioError::Deployment)?;
            l.deployment.meta = listed.meta.clone();
            l
        }
        (None, Some((deployment, kind, state))) => manifest::Loaded {
            deployment: deployment.clone(),
            kind: *kind,
            api_version: state.api_version,
            documents: Vec::new(),
            rollout: None,
            workload: None,
        },
        (None, None) => return Err(ScenarioError::Field(FieldError::required("deployment"))),
    };
    let events = events(root.get("events"))?;
    let until = match root.get("until") {
        None | Some(Value::Null) => default_until(&events),
        Some(v) => seconds_field(v, "until", MAX_UNTIL_SECONDS)?,
    };
    let cluster = cluster(section(root, "cluster")?)?;
    if cluster.hpa.is_some() && loaded.kind == manifest::WorkloadKind::ReplicationController {
        // The legacy kubectl rolling-update replaces the controller the HPA would target.
        return Err(ScenarioError::Field(FieldError::forbidden(
            "cluster.hpa",
            "an HPA is simulated for a Deployment, not a ReplicationController rolled out by kubectl rolling-update",
        )));
    }
    Ok(Scenario {
        description: root
            .get("description")
            .map(|d| text(d, "description"))
            .transpose()?,
        deployment: loaded.deployment,
        kind: loaded.kind,
        api_version: loaded.api_version,
        images: images(root.get("images"))?,
        events,
        until,
        cluster,
        rolling_update: rolling_update(section(root, "rollingUpdate")?)?,
        traffic: section(root, "traffic")?.map(traffic).transpose()?,
        seed: seed(root.get("seed"))?,
        start: start.map(|(_, _, state)| Box::new(state)),
        rollout: loaded.rollout,
        workload: loaded.workload,
        analysis: super::analysis::read(root.get("analysis"))?,
    })
}

fn images(v: Option<&Value>) -> Result<Behaviours, ScenarioError> {
    match v {
        None | Some(Value::Null) => Ok(Behaviours::default()),
        Some(v) => Behaviours::from_value(v).map_err(ScenarioError::Field),
    }
}

/// The seed: a whole number from 0 to 2^53 (what JSON and JavaScript hold exactly).
fn seed(v: Option<&Value>) -> Result<u64, ScenarioError> {
    match v {
        None | Some(Value::Null) => Ok(1),
        Some(v) => match v.as_u64() {
            Some(n) if n <= 1 << 53 => Ok(n),
            _ => Err(field_err(
                "seed",
                v,
                "must be a whole number from 0 to 9007199254740992",
            )),
        },
    }
}

fn events(v: Option<&Value>) -> Result<Vec<UserEvent>, ScenarioError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
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
                .collect()
        }
        Some(other) => Err(field_err("events", other, "must be a list")),
    }
}

/// A scenario's `cluster` section on its own (the page's cluster form is checked by it).
pub fn cluster_from_value(v: &Value) -> Result<ClusterConfig, ScenarioError> {
    match v {
        Value::Object(m) => cluster(Some(m)),
        Value::Null => cluster(None),
        other => Err(field_err("cluster", other, "must be a map")),
    }
}

fn cluster(m: Option<&Map<String, Value>>) -> Result<ClusterConfig, ScenarioError> {
    let Some(m) = m else {
        return Ok(ClusterConfig::default());
    };
    known_keys(m, "cluster.", &CLUSTER_KEYS)?;
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
        Some(v) => Some(
            v.as_u64()
                .filter(|n| *n <= 10_000_000)
                .ok_or_else(|| field_err("cluster.capacity", v, "must be a whole number of pods"))?
                as u32,
        ),
    };
    let node = node_shape(m.get("node"))?;
    if capacity.is_some() && node.pods.is_some() {
        return Err(ScenarioError::Field(FieldError::forbidden(
            "cluster.capacity",
            "may not be set with cluster.node.pods: it is a shorthand for the pods a node takes",
        )));
    }
    let autoscaler = match m.get("autoscaler") {
        None | Some(Value::Null) => None,
        Some(v) => Some(autoscaler(v, nodes)?),
    };
    if capacity.is_some() && autoscaler.is_some() {
        return Err(ScenarioError::Field(FieldError::forbidden(
            "cluster.capacity",
            "may not be set with cluster.autoscaler: give the pods a node takes as cluster.node.pods",
        )));
    }
    let pdb = match m.get("pdb") {
        None | Some(Value::Null) => None,
        Some(v) => Some(pdb(v)?),
    };
    let hpa = match m.get("hpa") {
        None | Some(Value::Null) => None,
        Some(v) => Some(super::hpa::hpa_from_value(v)?),
    };
    Ok(ClusterConfig {
        nodes,
        capacity,
        node,
        autoscaler,
        pdb,
        hpa,
    })
}

/// `cluster.pdb`: a PodDisruptionBudget over the Deployment's pods, checked as
/// `ValidatePodDisruptionBudgetSpec` checks one.
fn pdb(v: &Value) -> Result<crate::api::PodDisruptionBudgetSpec, ScenarioError> {
    use crate::api::UnhealthyPodEvictionPolicy as P;
    use crate::intstr::IntOrString;
    let m = v.as_object().ok_or_else(|| {
        field_err(
            "cluster.pdb",
            v,
            "must be a map with minAvailable or maxUnavailable",
        )
    })?;
    known_keys(m, "cluster.pdb.", &PDB_KEYS)?;
    let value = |key: &str| -> Result<Option<IntOrString>, ScenarioError> {
        let f = format!("cluster.pdb.{key}");
        match m.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if (0..=i64::from(i32::MAX)).contains(&i) => {
                    Ok(Some(IntOrString::Int(i as i32)))
                }
                _ => Err(field_err(f, v, "must be greater than or equal to 0")),
            },
            Some(Value::String(s)) => {
                let ok = s
                    .strip_suffix('%')
                    .and_then(|p| p.parse::<u32>().ok())
                    .is_some_and(|p| p <= 100);
                if ok {
                    Ok(Some(IntOrString::String(s.clone())))
                } else {
                    Err(field_err(
                        f,
                        &Value::String(s.clone()),
                        "must be an integer or a percentage from 0% to 100%",
                    ))
                }
            }
            Some(other) => Err(field_err(f, other, "must be an integer or a percentage")),
        }
    };
    let min_available = value("minAvailable")?;
    let max_unavailable = value("maxUnavailable")?;
    if min_available.is_some() && max_unavailable.is_some() {
        return Err(field_err(
            "cluster.pdb",
            v,
            "minAvailable and maxUnavailable cannot be both set",
        ));
    }
    if min_available.is_none() && max_unavailable.is_none() {
        return Err(ScenarioError::Field(FieldError::required(
            "cluster.pdb.minAvailable",
        )));
    }
    let policy = match m.get("unhealthyPodEvictionPolicy") {
        None | Some(Value::Null) => P::IfHealthyBudget,
        Some(Value::String(s)) if s == "IfHealthyBudget" => P::IfHealthyBudget,
        Some(Value::String(s)) if s == "AlwaysAllow" => P::AlwaysAllow,
        Some(other) => {
            return Err(field_err(
                "cluster.pdb.unhealthyPodEvictionPolicy",
                other,
                "supported values: \"AlwaysAllow\", \"IfHealthyBudget\"",
            ))
        }
    };
    Ok(crate::api::PodDisruptionBudgetSpec {
        min_available,
        max_unavailable,
        unhealthy_pod_eviction_policy: policy,
    })
}

/// `cluster.node`: each node's allocatable cpu and memory (quantities, as a Node's status
/// writes them) and pods.
fn node_shape(v: Option<&Value>) -> Result<crate::api::Allocatable, ScenarioError> {
    use crate::api::quantity;
    let mut shape = crate::api::Allocatable::default();
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(shape);
    };
    let m = v
        .as_object()
        .ok_or_else(|| field_err("cluster.node", v, "must be a map of cpu, memory and pods"))?;
    known_keys(m, "cluster.node.", &NODE_KEYS)?;
    let q = |key: &str, parse: fn(&str) -> Result<i64, quantity::QuantityError>| {
        let field = format!("cluster.node.{key}");
        match m.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let text = match v {
                    Value::String(t) => t.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(field_err(field, v, "must be a quantity, e.g. 2 or 4Gi")),
                };
                match parse(&text) {
                    Ok(0) => Err(field_err(field, v, "must be greater than 0")),
                    Ok(x) => Ok(Some(x)),
                    Err(e) => Err(field_err(field, v, &e.to_string())),
                }
            }
        }
    };
    shape.cpu = q("cpu", quantity::parse_milli)?;
    shape.memory = q("memory", quantity::parse_value)?;
    shape.pods = match m.get("pods") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    field_err(
                        "cluster.node.pods",
                        v,
                        "must be a whole number from 1 to 100000",
                    )
                })? as u32,
        ),
    };
    Ok(shape)
}

/// `cluster.autoscaler`: the node group's maximum and the autoscaler's delays.
fn autoscaler(
    v: &Value,
    nodes: u32,
) -> Result<crate::sim::scenario::AutoscalerConfig, ScenarioError> {
    use crate::sim::scenario::AutoscalerConfig as A;
    let m = v.as_object().ok_or_else(|| {
        field_err(
            "cluster.autoscaler",
            v,
            "must be a map with maxNodes and the delays",
        )
    })?;
    known_keys(m, "cluster.autoscaler.", &AUTOSCALER_KEYS)?;
    let max_nodes = match m.get("maxNodes") {
        None => {
            return Err(ScenarioError::Field(FieldError::required(
                "cluster.autoscaler.maxNodes",
            )))
        }
        Some(v) => v
            .as_u64()
            .filter(|n| (u64::from(nodes)..=10_000).contains(n))
            .ok_or_else(|| {
                field_err(
                    "cluster.autoscaler.maxNodes",
                    v,
                    &format!("must be a whole number from cluster.nodes ({nodes}) to 10000"),
                )
            })? as u32,
    };
    let secs = |key: &str, default: f64| match m.get(key) {
        None => Ok(default),
        Some(v) => seconds_field(v, &format!("cluster.autoscaler.{key}"), 86_400.0),
    };
    Ok(A {
        max_nodes,
        provision_seconds: secs("provisionSeconds", A::DEFAULT_PROVISION_SECONDS)?,
        unneeded_seconds: secs("unneededSeconds", A::DEFAULT_UNNEEDED_SECONDS)?,
        delay_after_add_seconds: secs("delayAfterAddSeconds", A::DEFAULT_DELAY_AFTER_ADD_SECONDS)?,
    })
}

fn rolling_update(m: Option<&Map<String, Value>>) -> Result<RollingUpdateFlags, ScenarioError> {
    let mut flags = RollingUpdateFlags::default();
    let Some(m) = m else {
        return Ok(flags);
    };
    known_keys(m, "rollingUpdate.", &ROLLING_UPDATE_KEYS)?;
    if let Some(v) = m.get("updatePeriod") {
        flags.update_period = seconds_field(v, "rollingUpdate.updatePeriod", 3600.0)?;
    }
    if let Some(v) = m.get("pollInterval") {
        flags.poll_interval = seconds_field(v, "rollingUpdate.pollInterval", 3600.0)?.max(0.001);
    }
    Ok(flags)
}

/// The traffic section, field by field: an error names `traffic.<field>`.
fn traffic(m: &Map<String, Value>) -> Result<TrafficConfig, ScenarioError> {
    known_keys(m, "traffic.", &TRAFFIC_KEYS)?;
    let mut cfg = TrafficConfig::default();
    // A front end's preset first: the delays given beside it override its own.
    if let Some(v) = m.get("frontEnd") {
        let names: Vec<&'static str> = FrontEnd::ALL.iter().map(|f| f.as_str()).collect();
        let f = v
            .as_str()
            .and_then(FrontEnd::parse)
            .ok_or_else(|| unsupported("traffic.frontEnd".into(), &v.to_string(), &names))?;
        cfg = cfg.with_front_end(f);
    }
    for (key, v) in m {
        let field = format!("traffic.{key}");
        match key.as_str() {
            "frontEnd" => continue,
            "seed" => {
                cfg.seed = v
                    .as_u64()
                    .ok_or_else(|| field_err(&field, v, "must be a whole number from 0"))?;
                continue;
            }
            "gracefulShutdown" | "readinessGate" => {
                let on = v
                    .as_bool()
                    .ok_or_else(|| field_err(&field, v, "must be true or false"))?;
                if key == "gracefulShutdown" {
                    cfg.graceful_shutdown = on;
                } else {
                    cfg.readiness_gate = on;
                }
                continue;
            }
            _ => {}
        }
        let x = v
            .as_f64()
            .ok_or_else(|| field_err(&field, v, "must be a number"))?;
        cfg = cfg.with_number(key, x);
    }
    cfg.validate().map_err(ScenarioError::Field)?;
    Ok(cfg)
}

/// Without `until`: two minutes past the last event, enough for the default behaviours.
pub(super) fn default_until(events: &[UserEvent]) -> f64 {
    events.iter().map(|e| e.at).fold(0.0, f64::max) + 120.0
}

/// `pause: true`, `resume: true`: the only values these actions take.
fn must_be_true(v: &Value, f: &str, other: &str) -> Result<(), ScenarioError> {
    match v {
        Value::Bool(true) | Value::Null => Ok(()),
        v => Err(field_err(
            f,
            v,
            &format!("must be true (to {other}, use `{other}: true`)"),
        )),
    }
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
    let description = m
        .get("description")
        .map(|d| text(d, &format!("{field}.description")))
        .transpose()?;
    let actions: Vec<(&String, &Value)> = m
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "at" | "description"))
        .collect();
    let [(key, v)] = actions.as_slice() else {
        return Err(field_err(
            &field,
            e,
            "must hold exactly one action: setImage, scale, pause, resume, undo, apply, drain, uncordon, promote, abort or retry",
        ));
    };
    let f = format!("{field}.{key}");
    let action = match key.as_str() {
        "setImage" => set_image(v, &f)?,
        "scale" => {
            let n = v
                .as_i64()
                .ok_or_else(|| field_err(&f, v, "must be a whole number of replicas"))?;
            let n =
                i32::try_from(n).map_err(|_| field_err(&f, v, "must fit in a 32-bit integer"))?;
            Action::Scale(n)
        }
        "pause" => {
            must_be_true(v, &f, "resume")?;
            Action::Pause
        }
        "resume" => {
            must_be_true(v, &f, "pause")?;
            Action::Resume
        }
        "undo" => undo(v, &f)?,
        "apply" => Action::Apply((*v).clone()),
        "promote" => match v {
            Value::Bool(true) => Action::Promote { full: false },
            Value::String(s) if s == "full" => Action::Promote { full: true },
            _ => {
                return Err(field_err(
                    &f,
                    v,
                    "must be true, or \"full\" for promote --full",
                ))
            }
        },
        "abort" => {
            must_be_true(v, &f, "retry")?;
            Action::Abort
        }
        "retry" => {
            must_be_true(v, &f, "abort")?;
            Action::Retry
        }
        "drain" | "uncordon" | "removeNode" | "nodeNotReady" => {
            let node = v
                .as_str()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| field_err(&f, v, "must be a node's name, e.g. node-2"))?
                .to_string();
            match key.as_str() {
                "drain" => Action::Drain(node),
                "uncordon" => Action::Uncordon(node),
                "removeNode" => Action::RemoveNode(node),
                _ => Action::NodeNotReady(node),
            }
        }
        "deletePod" => Action::DeletePod(
            v.as_str()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| field_err(&f, v, "must be a pod's name, e.g. web-2"))?
                .to_string(),
        ),
        "addNode" => {
            must_be_true(v, &f, "removeNode")?;
            Action::AddNode
        }
        other => return Err(unsupported(f.clone(), other, &EVENT_ACTIONS)),
    };
    Ok(UserEvent {
        at,
        action,
        description,
    })
}

fn set_image(v: &Value, f: &str) -> Result<Action, ScenarioError> {
    match v {
        Value::String(image) => Ok(Action::SetImage {
            container: None,
            image: image.clone(),
        }),
        Value::Object(o) => {
            let image = o
                .get("image")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| ScenarioError::Field(FieldError::required(format!("{f}.image"))))?;
            let container = o
                .get("container")
                .and_then(Value::as_str)
                .map(str::to_string);
            Ok(Action::SetImage {
                container,
                image: image.to_string(),
            })
        }
        other => Err(field_err(
            f,
            other,
            "must be an image or {container, image}",
        )),
    }
}

fn undo(v: &Value, f: &str) -> Result<Action, ScenarioError> {
    let to_revision = match v {
        Value::Null | Value::Bool(true) => None,
        Value::Object(o) => match o.get("toRevision") {
            None | Some(Value::Null) => None,
            Some(r) => Some(r.as_i64().ok_or_else(|| {
                field_err(format!("{f}.toRevision"), r, "must be a whole number")
            })?),
        },
        other => return Err(field_err(f, other, "must be {toRevision?}")),
    };
    Ok(Action::Undo { to_revision })
}
