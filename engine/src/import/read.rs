//! Reading the List item by item. Every error names the item and the field
//! (`items[4].metadata.creationTimestamp`); what a server adds and the simulation has no use
//! for is skipped.

use super::time::parse_rfc3339;
use super::{ClusterState, ImportError, StatePod, Waiting};
use crate::api::validation::{BadValue, FieldError};
use crate::api::{
    ConditionStatus, ConditionType, Deployment, DeploymentCondition, DeploymentStatus, Millis,
    ObjectMeta, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus,
};
use crate::manifest::reader::Reader;
use crate::manifest::{self, WorkloadKind};
use serde_json::Value;
use std::collections::BTreeMap;

/// Times are read as absolute milliseconds, then made relative to the latest of them.
#[derive(Default)]
struct Clock {
    latest: i64,
}

impl Clock {
    fn read(&mut self, v: Option<&Value>, field: &str) -> Result<Option<i64>, FieldError> {
        match v {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => match parse_rfc3339(s) {
                Some(t) => {
                    self.latest = self.latest.max(t);
                    Ok(Some(t))
                }
                None => Err(FieldError::invalid(
                    field,
                    BadValue::Str(s.clone()),
                    "must be an RFC 3339 time, e.g. 2024-05-01T12:34:56Z",
                )),
            },
            Some(other) => Err(FieldError::invalid(
                field,
                BadValue::Str(other.to_string()),
                "must be an RFC 3339 time, e.g. 2024-05-01T12:34:56Z",
            )),
        }
    }
}

fn text<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    v.pointer(path).and_then(Value::as_str)
}

fn int(v: &Value, path: &str, field: &str, default: i64) -> Result<i64, FieldError> {
    match v.pointer(path) {
        None | Some(Value::Null) => Ok(default),
        Some(n) => n.as_i64().ok_or_else(|| {
            FieldError::invalid(field, BadValue::Str(n.to_string()), "must be an integer")
        }),
    }
}

fn int32(v: &Value, path: &str, field: &str, default: i32) -> Result<i32, FieldError> {
    let n = int(v, path, field, i64::from(default))?;
    i32::try_from(n)
        .map_err(|_| FieldError::invalid(field, BadValue::Int(n), "must fit in a 32-bit integer"))
}

fn kind_of(item: &Value) -> &str {
    text(item, "/kind").unwrap_or("")
}

fn name_of(item: &Value) -> &str {
    text(item, "/metadata/name").unwrap_or("")
}

/// The owner of `kind` named in an item's ownerReferences.
fn owner<'a>(item: &'a Value, kind: &str) -> Option<&'a str> {
    item.pointer("/metadata/ownerReferences")?
        .as_array()?
        .iter()
        .find(|r| text(r, "/kind") == Some(kind))
        .and_then(|r| text(r, "/name"))
}

fn string_map(v: &Value, path: &str) -> BTreeMap<String, String> {
    v.pointer(path)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `kubectl get deploy,rs,pods -o yaml`: the Deployment (validated as a manifest would
/// be) and the state to start from.
pub fn read_list(docs: &[Value]) -> Result<(Deployment, WorkloadKind, ClusterState), ImportError> {
    let list = match docs {
        [one] => one,
        _ => {
            return Err(ImportError::NotAList {
                kind: format!("{} documents", docs.len()),
            })
        }
    };
    let items = match (kind_of(list), list.get("items")) {
        (k, Some(Value::Array(items))) if k == "List" || k.ends_with("List") => items,
        (k, _) => {
            return Err(ImportError::NotAList {
                kind: k.to_string(),
            })
        }
    };
    let deployments: Vec<(usize, &Value)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| kind_of(i) == "Deployment")
        .collect();
    let (d_index, d_item) = match deployments.as_slice() {
        [] => {
            let mut kinds: Vec<String> = items.iter().map(|i| kind_of(i).to_string()).collect();
            kinds.sort();
            kinds.dedup();
            return Err(ImportError::NoDeployment { kinds });
        }
        [one] => *one,
        many => {
            return Err(ImportError::ManyDeployments {
                names: many.iter().map(|(_, d)| name_of(d).to_string()).collect(),
            })
        }
    };
    let (mut deployment, kind, api_version) =
        manifest::deployment_from_value(d_item).map_err(ImportError::Deployment)?;
    let d_name = deployment.meta.name.clone();
    let at = |i: usize, f: &str| format!("items[{i}].{f}");
    let mut clock = Clock::default();

    // The Deployment's metadata and status.
    let d_created = clock
        .read(
            d_item.pointer("/metadata/creationTimestamp"),
            &at(d_index, "metadata.creationTimestamp"),
        )
        .map_err(ImportError::Field)?;
    let generation = int(
        d_item,
        "/metadata/generation",
        &at(d_index, "metadata.generation"),
        1,
    )
    .map_err(ImportError::Field)?;
    let (status, condition_times) =
        deployment_status(d_item, d_index, &mut clock).map_err(ImportError::Field)?;

    // The ReplicaSets the Deployment owns.
    let mut sets: Vec<(ReplicaSet, i64, Option<i64>)> = Vec::new();
    for (i, item) in items
        .iter()
        .enumerate()
        .filter(|(_, i)| kind_of(i) == "ReplicaSet")
    {
        match owner(item, "Deployment") {
            Some(o) if o == d_name => {}
            Some(o) => {
                return Err(ImportError::Field(FieldError::invalid(
                    at(i, "metadata.ownerReferences"),
                    BadValue::Str(o.to_string()),
                    format!(
                        "ReplicaSet {:?} belongs to Deployment {o:?}, not to {d_name:?}: list only one Deployment's objects",
                        name_of(item)
                    ),
                )))
            }
            None => {
                return Err(ImportError::Field(FieldError::invalid(
                    at(i, "metadata.ownerReferences"),
                    BadValue::Str(name_of(item).to_string()),
                    format!("ReplicaSet {:?} is not owned by Deployment {d_name:?}", name_of(item)),
                )))
            }
        }
        sets.push(replica_set(item, i, &mut clock).map_err(ImportError::Field)?);
    }
    sets.sort_by_key(|(rs, created, _)| (*created, rs.meta.name.clone()));

    // Their pods.
    let mut nodes: Vec<String> = Vec::new();
    let mut pods: Vec<(StatePod, usize)> = Vec::new();
    for (i, item) in items
        .iter()
        .enumerate()
        .filter(|(_, i)| kind_of(i) == "Pod")
    {
        let rs_name = owner(item, "ReplicaSet").ok_or_else(|| {
            ImportError::Field(FieldError::invalid(
                at(i, "metadata.ownerReferences"),
                BadValue::Str(name_of(item).to_string()),
                format!("pod {:?} has no ReplicaSet owner: it is not one of Deployment {d_name:?}'s pods", name_of(item)),
            ))
        })?;
        let owner_index = sets
            .iter()
            .position(|(rs, ..)| rs.meta.name == rs_name)
            .ok_or_else(|| {
                ImportError::Field(FieldError::invalid(
                    at(i, "metadata.ownerReferences"),
                    BadValue::Str(rs_name.to_string()),
                    format!(
                        "pod {:?} belongs to ReplicaSet {rs_name:?}, which is not a ReplicaSet of Deployment {d_name:?} in the List",
                        name_of(item)
                    ),
                ))
            })?;
        let pod = pod(item, i, owner_index, &mut nodes, &mut clock).map_err(ImportError::Field)?;
        pods.push((pod, i));
    }

    // Everything relative to the moment the List was taken.
    let now = clock.latest;
    let rel = |t: i64| -> Millis { t - now };
    let replica_sets: Vec<ReplicaSet> = sets
        .into_iter()
        .enumerate()
        .map(|(k, (mut rs, created, deleted))| {
            rs.meta.uid = k as u64 + 1;
            rs.meta.creation = rel(created);
            rs.meta.deletion = deleted.map(rel);
            rs
        })
        .collect();
    let pods: Vec<StatePod> = pods
        .into_iter()
        .map(|(mut p, _)| {
            p.created = rel(p.created);
            p.started = p.started.map(rel);
            p.ready_since = p.ready_since.map(rel);
            p.deleted = p.deleted.map(rel);
            p
        })
        .collect();
    let mut status = status;
    for (cond, (update, transition)) in status.conditions.iter_mut().zip(condition_times) {
        cond.last_update = update.map_or(0, rel);
        cond.last_transition = transition.map_or(0, rel);
    }
    deployment.meta.generation = generation;
    let state = ClusterState {
        taken_at: now,
        spec: deployment.spec.clone(),
        api_version,
        generation,
        created: d_created.map_or(0, rel),
        status,
        replica_sets,
        pods,
        nodes,
        annotations: deployment.meta.annotations.clone(),
    };
    Ok((deployment, kind, state))
}

/// Condition times, absolute, in the order of the conditions: (lastUpdate, lastTransition).
type ConditionTimes = Vec<(Option<i64>, Option<i64>)>;

fn deployment_status(
    item: &Value,
    i: usize,
    clock: &mut Clock,
) -> Result<(DeploymentStatus, ConditionTimes), FieldError> {
    let f = |k: &str| format!("items[{i}].status.{k}");
    let mut status = DeploymentStatus {
        observed_generation: int(
            item,
            "/status/observedGeneration",
            &f("observedGeneration"),
            0,
        )?,
        replicas: int32(item, "/status/replicas", &f("replicas"), 0)?,
        updated_replicas: int32(item, "/status/updatedReplicas", &f("updatedReplicas"), 0)?,
        ready_replicas: int32(item, "/status/readyReplicas", &f("readyReplicas"), 0)?,
        available_replicas: int32(
            item,
            "/status/availableReplicas",
            &f("availableReplicas"),
            0,
        )?,
        unavailable_replicas: int32(
            item,
            "/status/unavailableReplicas",
            &f("unavailableReplicas"),
            0,
        )?,
        conditions: Vec::new(),
    };
    let mut times = Vec::new();
    let conditions = item
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (k, c) in conditions.iter().enumerate() {
        let kind = match text(c, "/type") {
            Some("Available") => ConditionType::Available,
            Some("Progressing") => ConditionType::Progressing,
            Some("ReplicaFailure") => ConditionType::ReplicaFailure,
            _ => continue,
        };
        let cf = |x: &str| format!("items[{i}].status.conditions[{k}].{x}");
        let cond_status = match text(c, "/status") {
            Some("True") => ConditionStatus::True,
            Some("False") => ConditionStatus::False,
            _ => ConditionStatus::Unknown,
        };
        times.push((
            clock.read(c.get("lastUpdateTime"), &cf("lastUpdateTime"))?,
            clock.read(c.get("lastTransitionTime"), &cf("lastTransitionTime"))?,
        ));
        status.conditions.push(DeploymentCondition {
            kind,
            status: cond_status,
            reason: text(c, "/reason").unwrap_or("").to_string(),
            message: text(c, "/message").unwrap_or("").to_string(),
            last_update: 0,
            last_transition: 0,
        });
    }
    Ok((status, times))
}

/// An object's creation time (required) and deletion time, absolute.
fn lifetime(item: &Value, i: usize, clock: &mut Clock) -> Result<(i64, Option<i64>), FieldError> {
    let f = |k: &str| format!("items[{i}].{k}");
    let created = clock
        .read(
            item.pointer("/metadata/creationTimestamp"),
            &f("metadata.creationTimestamp"),
        )?
        .ok_or_else(|| FieldError::required(f("metadata.creationTimestamp")))?;
    let deleted = clock.read(
        item.pointer("/metadata/deletionTimestamp"),
        &f("metadata.deletionTimestamp"),
    )?;
    Ok((created, deleted))
}

/// A ReplicaSet with its absolute creation and deletion times.
fn replica_set(
    item: &Value,
    i: usize,
    clock: &mut Clock,
) -> Result<(ReplicaSet, i64, Option<i64>), FieldError> {
    let f = |k: &str| format!("items[{i}].{k}");
    let (created, deleted) = lifetime(item, i, clock)?;
    let mut reader = Reader::default();
    let mut template = reader.template(item.pointer("/spec/template"), "ReplicaSetSpec");
    if let Some(e) = reader.errors.into_iter().next() {
        return Err(FieldError {
            field: f(&e.field),
            ..e
        });
    }
    // EqualIgnoreHash: the label the controller adds is not part of the template compared.
    template.labels.remove("pod-template-hash");
    let rs = ReplicaSet {
        meta: ObjectMeta {
            name: name_of(item).to_string(),
            uid: 0,
            generation: int(item, "/metadata/generation", &f("metadata.generation"), 1)?,
            creation: 0,
            annotations: string_map(item, "/metadata/annotations"),
            deletion: None,
        },
        spec: ReplicaSetSpec {
            replicas: int32(item, "/spec/replicas", &f("spec.replicas"), 1)?,
            min_ready_seconds: int32(item, "/spec/minReadySeconds", &f("spec.minReadySeconds"), 0)?,
            template,
        },
        status: ReplicaSetStatus {
            replicas: int32(item, "/status/replicas", &f("status.replicas"), 0)?,
            ready_replicas: int32(item, "/status/readyReplicas", &f("status.readyReplicas"), 0)?,
            available_replicas: int32(
                item,
                "/status/availableReplicas",
                &f("status.availableReplicas"),
                0,
            )?,
            observed_generation: int(
                item,
                "/status/observedGeneration",
                &f("status.observedGeneration"),
                0,
            )?,
            terminating_replicas: None,
            replica_failure: None,
        },
    };
    Ok((rs, created, deleted))
}

/// A pod with absolute times (made relative by the caller).
fn pod(
    item: &Value,
    i: usize,
    owner: usize,
    nodes: &mut Vec<String>,
    clock: &mut Clock,
) -> Result<StatePod, FieldError> {
    let f = |k: &str| format!("items[{i}].{k}");
    let (created, deleted) = lifetime(item, i, clock)?;
    let node = text(item, "/spec/nodeName")
        .filter(|n| !n.is_empty())
        .map(|n| match nodes.iter().position(|x| x == n) {
            Some(k) => k as u32,
            None => {
                nodes.push(n.to_string());
                (nodes.len() - 1) as u32
            }
        });
    let mut ready_since = None;
    if let Some(conditions) = item.pointer("/status/conditions").and_then(Value::as_array) {
        for (k, c) in conditions.iter().enumerate() {
            if text(c, "/type") == Some("Ready") && text(c, "/status") == Some("True") {
                let field = f(&format!("status.conditions[{k}].lastTransitionTime"));
                ready_since = Some(
                    clock
                        .read(c.get("lastTransitionTime"), &field)?
                        .unwrap_or(created),
                );
            }
        }
    }
    let state = item.pointer("/status/containerStatuses/0/state");
    let started = match state.and_then(|s| s.pointer("/running/startedAt")) {
        Some(v) => clock.read(
            Some(v),
            &f("status.containerStatuses[0].state.running.startedAt"),
        )?,
        None => None,
    };
    let waiting = match state
        .and_then(|s| s.pointer("/waiting/reason"))
        .and_then(Value::as_str)
    {
        Some("CrashLoopBackOff") => Some(Waiting::CrashLoopBackOff),
        Some("ImagePullBackOff" | "ErrImagePull" | "InvalidImageName") => {
            Some(Waiting::ImagePullBackOff)
        }
        Some(_) => Some(Waiting::ContainerCreating),
        None if started.is_none() && node.is_some() && ready_since.is_none() => {
            Some(Waiting::ContainerCreating)
        }
        None => None,
    };
    let cost =
        match item.pointer("/metadata/annotations/controller.kubernetes.io~1pod-deletion-cost") {
            None => 0,
            Some(v) => v
                .as_str()
                .and_then(|s| s.parse::<i32>().ok())
                .ok_or_else(|| {
                    FieldError::invalid(
                        f("metadata.annotations[controller.kubernetes.io/pod-deletion-cost]"),
                        BadValue::Str(v.to_string()),
                        "must be a 32-bit integer",
                    )
                })?,
        };
    let grace = match item.pointer("/metadata/deletionGracePeriodSeconds") {
        None | Some(Value::Null) => None,
        Some(_) => Some(int(
            item,
            "/metadata/deletionGracePeriodSeconds",
            &f("metadata.deletionGracePeriodSeconds"),
            30,
        )?),
    };
    Ok(StatePod {
        name: name_of(item).to_string(),
        owner,
        node,
        created,
        started,
        ready_since,
        waiting,
        deleted,
        grace_seconds: grace,
        deletion_cost: cost,
    })
}
