//! Builders from the vectors' JSON to engine objects.

use rollout_engine::api::{
    annotations, Container, Deployment, DeploymentCondition, DeploymentSpec, DeploymentStatus,
    DeploymentStrategy, Millis, ObjectMeta, PodTemplate, ReplicaSet, ReplicaSetSpec,
    ReplicaSetStatus, RollingUpdateDeployment, StrategyType,
};
use rollout_engine::behaviour::Behaviours;
use rollout_engine::cluster::Cluster;
use rollout_engine::intstr::IntOrString;
use serde_json::Value;

/// `null` is a nil pointer; numbers are ints; strings are kept as strings.
pub fn ios(v: &Value) -> Option<IntOrString> {
    match v {
        Value::Null => None,
        Value::Number(n) => Some(IntOrString::Int(n.as_i64().expect("int") as i32)),
        Value::String(s) => Some(IntOrString::String(s.clone())),
        other => panic!("not an int-or-string: {other}"),
    }
}

pub fn int(v: &Value) -> i32 {
    v.as_i64().unwrap_or(0) as i32
}

pub fn template(image: &str) -> PodTemplate {
    PodTemplate {
        labels: [("app".to_string(), "foo".to_string())]
            .into_iter()
            .collect(),
        containers: vec![Container {
            name: "foo".into(),
            image: image.into(),
        }],
        termination_grace_period_seconds: 30,
    }
}

/// A Deployment like the Go tests' `newDeployment`.
pub fn deployment(
    replicas: i32,
    max_surge: Option<IntOrString>,
    max_unavailable: Option<IntOrString>,
    strategy: &str,
) -> Deployment {
    let kind = if strategy == "Recreate" {
        StrategyType::Recreate
    } else {
        StrategyType::RollingUpdate
    };
    Deployment {
        meta: ObjectMeta {
            name: "foo".into(),
            generation: 0,
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas,
            selector: Some(template("foo:v1").labels),
            template: template("foo:v1"),
            strategy: DeploymentStrategy {
                kind,
                rolling_update: (kind == StrategyType::RollingUpdate).then_some(
                    RollingUpdateDeployment {
                        max_surge,
                        max_unavailable,
                    },
                ),
            },
            min_ready_seconds: 0,
            revision_history_limit: None,
            progress_deadline_seconds: None,
            paused: false,
        },
        status: DeploymentStatus::default(),
    }
}

/// A ReplicaSet with the given sizes; its template is `image`'s.
pub fn rs(
    name: &str,
    spec: i32,
    status_replicas: i32,
    available: i32,
    created: Millis,
    image: &str,
) -> ReplicaSet {
    ReplicaSet {
        meta: ObjectMeta {
            name: name.into(),
            creation: created,
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: spec,
            min_ready_seconds: 0,
            template: template(image),
        },
        status: ReplicaSetStatus {
            replicas: status_replicas,
            ready_replicas: 0,
            available_replicas: available,
            observed_generation: 0,
            terminating_replicas: None,
            replica_failure: None,
        },
    }
}

/// A cluster holding `d` and `rss` (in that order), at time `now`.
pub fn cluster(d: Deployment, rss: Vec<ReplicaSet>, now: Millis) -> Cluster {
    let mut c = Cluster::new(d, Behaviours::default());
    c.replica_sets = rss;
    c.now = now;
    c
}

pub fn set_annotation(rs: &mut ReplicaSet, key: &str, value: impl ToString) {
    rs.meta
        .annotations
        .insert(key.to_string(), value.to_string());
}

/// The vectors' short annotation names.
pub fn annotation_key(short: &str) -> &'static str {
    match short {
        "desired-replicas" => annotations::DESIRED_REPLICAS,
        "max-replicas" => annotations::MAX_REPLICAS,
        "revision" => annotations::REVISION,
        other => panic!("unknown annotation {other}"),
    }
}

/// RFC3339 to the engine's milliseconds since the epoch. A time between two milliseconds is
/// rounded up, which keeps every comparison with a whole-second deadline as it was.
pub fn rfc3339(s: &str) -> Millis {
    let (date, time) = s.trim_end_matches('Z').split_once('T').expect("RFC3339");
    let d: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let t: Vec<i64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    let days = days_from_civil(d[0], d[1], d[2]);
    let mut ms = ((days * 24 + t[0]) * 60 + t[1]) * 60_000 + t[2] * 1000;
    if !frac.is_empty() {
        let nanos: i64 = format!("{frac:0<9}")[..9].parse().unwrap();
        ms += (nanos + 999_999) / 1_000_000;
    }
    ms
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A Progressing condition from the vectors' JSON (`null` times are the zero time, long ago).
pub fn progressing(v: &Value) -> Option<DeploymentCondition> {
    if v.is_null() {
        return None;
    }
    use rollout_engine::api::{ConditionStatus, ConditionType};
    let status = match v["status"].as_str().unwrap_or("True") {
        "True" => ConditionStatus::True,
        "False" => ConditionStatus::False,
        _ => ConditionStatus::Unknown,
    };
    let time = |k: &str| v[k].as_str().map(rfc3339).unwrap_or(i64::MIN / 4);
    Some(DeploymentCondition {
        kind: ConditionType::Progressing,
        status,
        reason: v["reason"].as_str().unwrap_or("").to_string(),
        message: String::new(),
        last_update: time("lastUpdateTime"),
        last_transition: time("lastTransitionTime"),
    })
}

/// `ok` as a Result with a message naming what differed.
pub fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}
