//! How the pods of each image behave: the scenario's `images` section. Times may be fixed or
//! distributions ([`Dist`]); each pod draws its own from the scenario's seed and its uid
//! ([`draw`]), when it is created, scheduled or deleted.

pub mod dist;
pub mod draw;

use crate::api::validation::{BadValue, ErrorKind, FieldError};
use crate::api::{Fate, Millis};
pub use dist::Dist;
use draw::{Draws, Stream};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The keys of one image's behaviour.
pub const IMAGE_KEYS: [&str; 13] = [
    "readyAfter",
    "serveAfter",
    "stopAfter",
    "failureRate",
    "pullTime",
    "neverReady",
    "crashLoop",
    "pullError",
    "response",
    "cpuPerRequest",
    "idleCpu",
    "errorRate",
    "errorsAfter",
];

/// One image's behaviour. Times are seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageBehaviour {
    /// From scheduling (after the image is pulled) to Ready.
    pub ready_after: Dist,
    pub never_ready: bool,
    pub crash_loop: bool,
    pub pull_error: bool,
    /// From SIGTERM (after any preStop hook) until the container has stopped, capped by
    /// terminationGracePeriodSeconds.
    pub stop_after: Dist,
    /// From scheduling until the app really answers requests (default: when Ready). Longer
    /// than `readyAfter` models a pod with no readiness probe: Ready before it can serve.
    pub serve_after: Option<Dist>,
    /// What the pod answers an HTTP request with (the traffic model's text).
    pub response: Option<String>,
    /// The probability that a new pod never becomes ready (a bad node, a failed probe).
    pub failure_rate: f64,
    /// The image pull, paid by the first pod of the image on a node; later pods there start
    /// from the node's cache.
    pub pull_time: Dist,
    /// CPU time one request costs, milliseconds of one core (the HPA's load model: a pod
    /// answering r requests a second uses r × this millicores).
    pub cpu_per_request: f64,
    /// What a pod uses with no requests, millicores.
    pub idle_cpu: f64,
    /// The share of requests the app answers with an error (500): a version with a bug that
    /// only real traffic finds, what canary analysis is for.
    pub error_rate: f64,
    /// From when each pod serves, seconds until its errors start.
    pub errors_after: f64,
}

impl Default for ImageBehaviour {
    fn default() -> Self {
        ImageBehaviour {
            ready_after: Dist::Fixed(1.0),
            never_ready: false,
            crash_loop: false,
            pull_error: false,
            stop_after: Dist::Fixed(1.0),
            serve_after: None,
            response: None,
            failure_rate: 0.0,
            pull_time: Dist::Fixed(0.0),
            cpu_per_request: 0.0,
            idle_cpu: 0.0,
            error_rate: 0.0,
            errors_after: 0.0,
        }
    }
}

/// Converts seconds to milliseconds, saturating on absurd values.
pub fn seconds_to_millis(s: f64) -> Millis {
    if !s.is_finite() || s <= 0.0 {
        return 0;
    }
    (s * 1000.0).round().min(1e15) as Millis
}

/// One pod's draws of its image's times, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PodTimes {
    pub ready_after: Millis,
    /// When the container starts: halfway to Ready.
    pub start_after: Millis,
    /// When the app answers requests.
    pub serve_after: Millis,
    /// Whether the draw is slower than 9 in 10 of the image's pods.
    pub slow: bool,
}

impl ImageBehaviour {
    /// The fate every pod of the image shares (without the per-pod `failureRate`).
    pub fn fate(&self) -> Fate {
        if self.pull_error {
            Fate::PullError
        } else if self.crash_loop {
            Fate::CrashLoop
        } else if self.never_ready {
            Fate::NeverReady
        } else {
            Fate::Healthy
        }
    }

    /// The fate of the pod `uid`: the image's, or NeverReady with probability `failureRate`.
    pub fn pod_fate(&self, seed: u64, uid: u64) -> Fate {
        match self.fate() {
            Fate::Healthy
                if self.failure_rate > 0.0
                    && draw::uniform(seed, uid, Stream::Failure, 0) < self.failure_rate =>
            {
                Fate::NeverReady
            }
            fate => fate,
        }
    }

    /// The pod `uid`'s times, drawn.
    pub fn pod_times(&self, seed: u64, uid: u64) -> PodTimes {
        let draw =
            |d: &Dist, stream| seconds_to_millis(d.sample(&mut Draws::new(seed, uid, stream)));
        let ready_after = draw(&self.ready_after, Stream::ReadyAfter);
        PodTimes {
            ready_after,
            start_after: ready_after / 2,
            serve_after: match &self.serve_after {
                Some(d) => draw(d, Stream::ServeAfter),
                None => ready_after,
            },
            slow: !self.ready_after.is_fixed()
                && ready_after > seconds_to_millis(self.ready_after.quantile(0.9)),
        }
    }

    /// How long the pod `uid` takes to stop once signalled, capped by the grace period.
    pub fn stop_after_ms(&self, seed: u64, uid: u64, grace_seconds: i64) -> Millis {
        let s = self
            .stop_after
            .sample(&mut Draws::new(seed, uid, Stream::StopAfter));
        seconds_to_millis(s).min(grace_seconds.max(0).saturating_mul(1000))
    }

    /// How long the pull of the image takes on a node, drawn by the pod `uid` that pulls it.
    pub fn pull_ms(&self, seed: u64, uid: u64) -> Millis {
        seconds_to_millis(
            self.pull_time
                .sample(&mut Draws::new(seed, uid, Stream::Pull)),
        )
    }

    /// Whether every pod of the image behaves the same whatever the seed.
    pub fn is_fixed(&self) -> bool {
        self.ready_after.is_fixed()
            && self.stop_after.is_fixed()
            && self.pull_time.is_fixed()
            && self.serve_after.as_ref().is_none_or(Dist::is_fixed)
            && (self.failure_rate == 0.0 || self.failure_rate >= 1.0)
    }

    /// Reads one image's behaviour; errors name the field (`images["web:v2"].readyAfter`).
    pub fn from_value(v: &Value, field: &str) -> Result<ImageBehaviour, FieldError> {
        let m = v.as_object().ok_or_else(|| {
            FieldError::invalid(field, BadValue::Str(v.to_string()), "must be a mapping")
        })?;
        if let Some(k) = m.keys().find(|k| !IMAGE_KEYS.contains(&k.as_str())) {
            return Err(FieldError {
                field: format!("{field}.{k}"),
                kind: ErrorKind::Unsupported(BadValue::Str(k.clone()), IMAGE_KEYS.to_vec()),
                detail: String::new(),
            });
        }
        let mut b = ImageBehaviour::default();
        let f = |k: &str| format!("{field}.{k}");
        let dist = |k: &str| m.get(k).map(|v| Dist::from_value(v, &f(k))).transpose();
        let flag = |k: &str| -> Result<bool, FieldError> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(x)) => Ok(*x),
                Some(other) => Err(FieldError::invalid(
                    f(k),
                    BadValue::Str(other.to_string()),
                    "must be true or false",
                )),
            }
        };
        if let Some(d) = dist("readyAfter")? {
            b.ready_after = d;
        }
        if let Some(d) = dist("stopAfter")? {
            b.stop_after = d;
        }
        if let Some(d) = dist("pullTime")? {
            b.pull_time = d;
        }
        b.serve_after = dist("serveAfter")?;
        b.never_ready = flag("neverReady")?;
        b.crash_loop = flag("crashLoop")?;
        b.pull_error = flag("pullError")?;
        if let Some(r) = m.get("failureRate") {
            b.failure_rate = match r.as_f64() {
                Some(x) if (0.0..=1.0).contains(&x) => x,
                _ => {
                    return Err(FieldError::invalid(
                        f("failureRate"),
                        BadValue::Str(r.to_string()),
                        "must be a probability between 0 and 1",
                    ))
                }
            };
        }
        if let Some(r) = m.get("errorRate").filter(|v| !v.is_null()) {
            b.error_rate = match r.as_f64() {
                Some(x) if (0.0..=1.0).contains(&x) => x,
                _ => {
                    return Err(FieldError::invalid(
                        f("errorRate"),
                        BadValue::Str(r.to_string()),
                        "must be a share of requests between 0 and 1",
                    ))
                }
            };
        }
        for (k, slot) in [
            ("cpuPerRequest", &mut b.cpu_per_request),
            ("idleCpu", &mut b.idle_cpu),
            ("errorsAfter", &mut b.errors_after),
        ] {
            if let Some(v) = m.get(k).filter(|v| !v.is_null()) {
                *slot = match v.as_f64() {
                    Some(x) if (0.0..=1e6).contains(&x) => x,
                    _ => {
                        return Err(FieldError::invalid(
                            f(k),
                            BadValue::Str(v.to_string()),
                            "must be a number from 0 to 1000000",
                        ))
                    }
                };
            }
        }
        b.response = match m.get("response") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(FieldError::invalid(
                    f("response"),
                    BadValue::Str(other.to_string()),
                    "must be a string",
                ))
            }
        };
        Ok(b)
    }

    /// The value a scenario file holds (defaults left out but `readyAfter` and `stopAfter`).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("readyAfter".into(), self.ready_after.to_value());
        m.insert("stopAfter".into(), self.stop_after.to_value());
        if let Some(d) = &self.serve_after {
            m.insert("serveAfter".into(), d.to_value());
        }
        if self.pull_time != Dist::Fixed(0.0) {
            m.insert("pullTime".into(), self.pull_time.to_value());
        }
        if self.failure_rate > 0.0 {
            m.insert("failureRate".into(), self.failure_rate.into());
        }
        for (k, v) in [
            ("neverReady", self.never_ready),
            ("crashLoop", self.crash_loop),
            ("pullError", self.pull_error),
        ] {
            if v {
                m.insert(k.into(), true.into());
            }
        }
        if let Some(r) = &self.response {
            m.insert("response".into(), r.clone().into());
        }
        if self.cpu_per_request > 0.0 {
            m.insert("cpuPerRequest".into(), self.cpu_per_request.into());
        }
        if self.error_rate > 0.0 {
            m.insert("errorRate".into(), self.error_rate.into());
        }
        if self.errors_after > 0.0 {
            m.insert("errorsAfter".into(), self.errors_after.into());
        }
        if self.idle_cpu > 0.0 {
            m.insert("idleCpu".into(), self.idle_cpu.into());
        }
        Value::Object(m)
    }
}

/// The behaviour of every image named in a scenario; any other image is healthy and takes the
/// defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Behaviours(pub BTreeMap<String, ImageBehaviour>);

/// The behaviour of an image no scenario names.
static DEFAULT_BEHAVIOUR: std::sync::LazyLock<ImageBehaviour> =
    std::sync::LazyLock::new(ImageBehaviour::default);

impl Behaviours {
    /// The image's behaviour, a copy.
    pub fn get(&self, image: &str) -> ImageBehaviour {
        self.of(image).clone()
    }

    /// The image's behaviour, borrowed.
    pub fn of(&self, image: &str) -> &ImageBehaviour {
        self.0.get(image).unwrap_or(&DEFAULT_BEHAVIOUR)
    }

    /// The fate of the image's pods, without copying its behaviour.
    pub fn fate(&self, image: &str) -> Fate {
        self.of(image).fate()
    }

    /// Whether no image draws anything: every seed gives the same run.
    pub fn is_fixed(&self) -> bool {
        self.0.values().all(ImageBehaviour::is_fixed)
    }

    /// Reads the `images` section: a mapping from image to behaviour.
    pub fn from_value(v: &Value) -> Result<Behaviours, FieldError> {
        let m = v.as_object().ok_or_else(|| {
            FieldError::invalid(
                "images",
                BadValue::Str(v.to_string()),
                "must be a mapping from image to behaviour",
            )
        })?;
        let mut out = Behaviours::default();
        for (image, b) in m {
            let parsed = ImageBehaviour::from_value(b, &format!("images[{image:?}]"))?;
            out.0.insert(image.clone(), parsed);
        }
        Ok(out)
    }

    /// The `images` section's value.
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, b)| (k.clone(), b.to_value()))
                .collect(),
        )
    }
}
