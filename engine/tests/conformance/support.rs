//! Builders from the vectors' JSON to engine objects. JSON is read only through [`J`], so a
//! missing or mistyped field fails the case instead of turning into a default.

use crate::strict::J;
use rollout_engine::api::{
    annotations, ConditionStatus, ConditionType, Container, Deployment, DeploymentCondition,
    DeploymentSpec, DeploymentStatus, DeploymentStrategy, Millis, ObjectMeta, PodTemplate,
    ReplicaSet, ReplicaSetSpec, ReplicaSetStatus, RollingUpdateDeployment, StrategyType,
};
use rollout_engine::behaviour::Behaviours;
use rollout_engine::cluster::Cluster;
use rollout_engine::intstr::IntOrString;

/// A count or size the engine takes as `usize` (a negative number fails the case).
pub fn count(j: &J) -> usize {
    usize::try_from(j.i64())
        .unwrap_or_else(|_| panic!("{}: expected a non-negative integer", j.path()))
}

/// The names in a list of strings.
pub fn strings(j: &J) -> Vec<String> {
    j.array().iter().map(|s| s.str().to_string()).collect()
}

pub fn template(image: &str) -> PodTemplate {
    PodTemplate {
        labels: [("app".to_string(), "foo".to_string())]
            .into_iter()
            .collect(),
        containers: vec![Container {
            name: "foo".into(),
            image: image.into(),
            requests: Default::default(),
        }],
        termination_grace_period_seconds: 30,
    }
}

/// A Deployment like the Go tests' `newDeployment`; `strategy` is `RollingUpdate` or `Recreate`.
pub fn deployment(
    replicas: i32,
    max_surge: Option<IntOrString>,
    max_unavailable: Option<IntOrString>,
    strategy: &str,
) -> Deployment {
    let kind = match strategy {
        "Recreate" => StrategyType::Recreate,
        "RollingUpdate" => StrategyType::RollingUpdate,
        other => panic!("unknown strategy {other:?}"),
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

/// RFC3339 (UTC, `Z`) to the engine's milliseconds since the epoch.
pub fn rfc3339(s: &str) -> Millis {
    parse_rfc3339(s).unwrap_or_else(|| panic!("not an RFC3339 time: {s:?}"))
}

/// The RFC3339 time at `j`.
pub fn time_at(j: &J) -> Millis {
    let s = j.str();
    parse_rfc3339(s).unwrap_or_else(|| panic!("{}: not an RFC3339 time: {s:?}", j.path()))
}

/// A time between two milliseconds is rounded up, which keeps every comparison with a
/// whole-second deadline as it was.
fn parse_rfc3339(s: &str) -> Option<Millis> {
    let (date, time) = s.strip_suffix('Z')?.split_once('T')?;
    let d: Vec<i64> = date
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let t: Vec<i64> = hms
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    let days = days_from_civil(d[0], d[1], d[2]);
    let mut ms = ((days * 24 + t[0]) * 60 + t[1]) * 60_000 + t[2] * 1000;
    if !frac.is_empty() {
        if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let nanos: i64 = format!("{frac:0<9}").parse().ok()?;
        ms += (nanos + 999_999) / 1_000_000;
    }
    Some(ms)
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

/// Go's zero time: long before any time of the vectors.
const ZERO_TIME: Millis = i64::MIN / 4;

/// A Progressing condition from the vectors' JSON (`null`: no condition).
pub fn progressing(v: &J) -> Option<DeploymentCondition> {
    let v = v.opt()?;
    // Only some tables spell the type out; every condition of the vectors is Progressing.
    if let Some(kind) = v.at("type").opt_str() {
        assert_eq!(kind, "Progressing", "{}.type", v.path());
    }
    let status = match v.at("status").str() {
        "True" => ConditionStatus::True,
        "False" => ConditionStatus::False,
        "Unknown" => ConditionStatus::Unknown,
        other => panic!("{}.status: not a condition status: {other:?}", v.path()),
    };
    // A null time is Go's zero time; `lastTransitionTime` is also absent from the tables whose
    // Go test never sets it (the zero time too).
    let time = |k: &str| v.at(k).opt().map_or(ZERO_TIME, |t| time_at(&t));
    Some(DeploymentCondition {
        kind: ConditionType::Progressing,
        status,
        reason: v.at("reason").str().to_string(),
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
