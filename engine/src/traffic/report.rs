//! What the traffic model counts.

use super::endpoints::PodLife;
use super::TrafficConfig;
use crate::api::Millis;
use crate::sentence::{Joint, Sentence};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Failure {
    /// No ready endpoint: the Ingress answers 503.
    NoEndpoints,
    /// Routed to a pod that had stopped accepting (still in the endpoints): 502.
    StoppedAccepting,
    /// The pod stopped while the request was in flight: 502.
    KilledInFlight,
    /// Routed to a pod whose app was not answering yet (Ready with no readiness probe): 502.
    NotServingYet,
    /// In flight when the kubelet killed the container at the end of the grace period: 502.
    KilledAtGrace,
    /// The app answered with an error: a bad version (its image's `errorRate`): 500.
    AppError,
}

impl Failure {
    pub fn status(self) -> u16 {
        match self {
            Failure::NoEndpoints => 503,
            Failure::AppError => 500,
            _ => 502,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Failure::NoEndpoints => "503 Service Unavailable (no ready endpoint)",
            Failure::StoppedAccepting => "502 Bad Gateway (the pod had stopped accepting)",
            Failure::KilledInFlight => "502 Bad Gateway (the pod stopped mid-request)",
            Failure::NotServingYet => "502 Bad Gateway (the app was not listening yet)",
            Failure::KilledAtGrace => {
                "502 Bad Gateway (killed at the end of the grace period mid-request)"
            }
            Failure::AppError => "500 Internal Server Error (the version's own error)",
        }
    }

    /// The cause in a few words, as the outcome lists it.
    pub fn cause(self) -> &'static str {
        match self {
            Failure::NoEndpoints => "no ready endpoint",
            Failure::StoppedAccepting => "sent to a pod that had stopped",
            Failure::KilledInFlight => "cut mid-flight",
            Failure::NotServingYet => "sent to a pod not listening yet",
            Failure::KilledAtGrace => "killed at the grace period",
            Failure::AppError => "answered with an error by a bad version",
        }
    }
}

/// One response as the user refreshing the page would see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub t: Millis,
    /// The pod the request went to (none when there was no endpoint), and its uid.
    pub pod: Option<(String, u64)>,
    pub result: Result<String, Failure>,
}

/// Counts for one simulated second.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficSample {
    pub t: Millis,
    pub served: BTreeMap<String, u64>,
    pub failed: u64,
    /// The failed ones by cause.
    #[serde(skip)]
    pub failed_by: BTreeMap<Failure, u64>,
}

/// What happened to one request, compactly: the pod (index into the report's pods) that
/// served it or was asked to, and the failure if any.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Outcome {
    pod: Option<u32>,
    failure: Option<Failure>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrafficReport {
    pub requests: u64,
    pub served: BTreeMap<String, u64>,
    pub failed: BTreeMap<Failure, u64>,
    pub per_second: Vec<TrafficSample>,
    /// What the numbers mean and how to avoid the failures, in plain words.
    pub summary: Sentence,
    /// Every request in time order, when recorded.
    outcomes: Vec<Outcome>,
    /// (name, uid, response text) of every pod.
    pods: Vec<(String, u64, String)>,
    /// Each pod's response text as an index into `versions`, and the requests each version
    /// served in the current second, added to the sample when the second ends (counting by
    /// name took a third of a 600,000-request run).
    pod_version: Vec<usize>,
    versions: Vec<String>,
    tally: Vec<u64>,
    start_us: i64,
    interval_us: i64,
}

impl TrafficReport {
    pub(super) fn new(lives: &[PodLife], start_us: i64, interval_us: i64) -> Self {
        let mut versions: Vec<String> = Vec::new();
        let pod_version = lives
            .iter()
            .map(|l| match versions.iter().position(|v| *v == l.version) {
                Some(k) => k,
                None => {
                    versions.push(l.version.clone());
                    versions.len() - 1
                }
            })
            .collect();
        TrafficReport {
            pods: lives
                .iter()
                .map(|l| (l.name.clone(), l.uid, l.version.clone()))
                .collect(),
            pod_version,
            tally: vec![0; versions.len()],
            versions,
            start_us,
            interval_us,
            ..Default::default()
        }
    }

    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    pub(super) fn count(
        &mut self,
        t: Millis,
        pod: Option<usize>,
        outcome: Result<usize, Failure>,
        record: bool,
    ) {
        self.requests += 1;
        let second = t.div_euclid(1000) * 1000;
        if self.per_second.last().is_none_or(|s| s.t != second) {
            self.end_second();
            self.per_second.push(TrafficSample {
                t: second,
                ..Default::default()
            });
        }
        let sample = self.per_second.last_mut().expect("pushed");
        let failure = match outcome {
            Ok(p) => {
                self.tally[self.pod_version[p]] += 1;
                None
            }
            Err(f) => {
                *self.failed.entry(f).or_default() += 1;
                sample.failed += 1;
                *sample.failed_by.entry(f).or_default() += 1;
                Some(f)
            }
        };
        if record {
            self.outcomes.push(Outcome {
                pod: pod.map(|p| p as u32),
                failure,
            });
        }
    }

    /// Adds the current second's requests served by each version to its sample and the total.
    fn end_second(&mut self) {
        let Some(sample) = self.per_second.last_mut() else {
            return;
        };
        for (k, n) in self.tally.iter_mut().enumerate() {
            if *n > 0 {
                *sample.served.entry(self.versions[k].clone()).or_default() += *n;
                *self.served.entry(self.versions[k].clone()).or_default() += *n;
                *n = 0;
            }
        }
    }

    /// The recorded request `i` as the user would see its response.
    fn response(&self, i: usize) -> Response {
        let o = self.outcomes[i];
        let t = (self.start_us + i as i64 * self.interval_us) / 1000;
        let pod = o.pod.map(|p| {
            let (name, uid, _) = &self.pods[p as usize];
            (name.clone(), *uid)
        });
        let result = match (o.failure, o.pod) {
            (Some(f), _) => Err(f),
            (None, Some(p)) => Ok(self.pods[p as usize].2.clone()),
            (None, None) => Err(Failure::NoEndpoints),
        };
        Response { t, pod, result }
    }

    /// The last `n` recorded responses sent at or before `t`, oldest first.
    pub fn responses_until(&self, t: Millis, n: usize) -> Vec<Response> {
        if self.interval_us <= 0 || self.outcomes.is_empty() {
            return Vec::new();
        }
        let end = ((t * 1000 - self.start_us).div_euclid(self.interval_us) + 1)
            .clamp(0, self.outcomes.len() as i64) as usize;
        (end.saturating_sub(n)..end)
            .map(|i| self.response(i))
            .collect()
    }

    /// Requests failed before `t`, by cause (whole seconds).
    pub fn failed_until(&self, t: Millis) -> BTreeMap<Failure, u64> {
        let mut out = BTreeMap::new();
        for s in self.per_second.iter().take_while(|s| s.t < t) {
            for (f, n) in &s.failed_by {
                *out.entry(*f).or_default() += n;
            }
        }
        out
    }

    /// Every recorded response.
    pub fn responses(&self) -> Vec<Response> {
        (0..self.outcomes.len()).map(|i| self.response(i)).collect()
    }

    pub(super) fn finish(&mut self, cfg: &TrafficConfig, grace_seconds: i64) {
        self.end_second();
        self.summary = summarize(self, cfg, grace_seconds);
    }
}

fn summarize(r: &TrafficReport, cfg: &TrafficConfig, grace_seconds: i64) -> Sentence {
    let total = r.failed_total();
    if total == 0 {
        return Sentence::new(
            "{requests} requests, none failed.",
            &[("requests", &r.requests)],
        );
    }
    let by_cause: Vec<Sentence> = r
        .failed
        .iter()
        .map(|(f, n)| {
            Sentence::new("{n} {cause}", &[("n", n)]).with("cause", Sentence::new(f.cause(), &[]))
        })
        .collect();
    let mut advice = Vec::new();
    let count = |f: Failure| r.failed.get(&f).copied().unwrap_or(0);
    let stopping = count(Failure::StoppedAccepting)
        + count(Failure::KilledInFlight)
        + count(Failure::KilledAtGrace);
    if stopping > 0 {
        let rec = super::recommend::recommend(cfg);
        advice.push(Sentence::new(
            "pods stopped while still receiving traffic; a preStop sleep of {pre_stop}s and terminationGracePeriodSeconds {grace} would avoid it ({route} s until the front end's last new request)",
            &[
                ("pre_stop", &rec.pre_stop_seconds),
                ("grace", &rec.grace_seconds.max(grace_seconds)),
                ("route", &crate::explain::format_number(cfg.routing_stop_seconds())),
            ],
        ));
        if let Some(w) = super::recommend::grace_warning(cfg.pre_stop_sleep, grace_seconds) {
            advice.push(w);
        }
    }
    if count(Failure::NotServingYet) > 0 {
        advice.push(Sentence::new(
            "pods took traffic before their app could answer; a readiness probe keeps a pod out of the endpoints until it can",
            &[],
        ));
    }
    if count(Failure::NoEndpoints) > 0 {
        let registration = cfg.registration_seconds();
        advice.push(if !cfg.readiness_gate && registration > cfg.propagation_delay {
            Sentence::new(
                "no pod could take requests at times: the front end sends a new pod requests only {registration} s after it is Ready, and the rollout removed old ones sooner; its readiness gate (or minReadySeconds of {min_ready} s) makes the rollout wait for it",
                &[
                    ("registration", &crate::explain::format_number(registration)),
                    ("min_ready", &registration.ceil()),
                ],
            )
        } else {
            Sentence::new(
                "no pod was ready at times; keep one available (maxUnavailable 0 with maxSurge 1) to avoid it",
                &[],
            )
        });
    }
    if count(Failure::AppError) > 0 {
        advice.push(Sentence::new(
            "the new version answered with errors of its own: how many users saw them depends on how much traffic it got and for how long, which is what a canary with analysis limits",
            &[],
        ));
    }
    Sentence::new(
        "{total} of {requests} requests failed: {causes}. {^advice}.",
        &[("total", &total), ("requests", &r.requests)],
    )
    .with_list("causes", Joint::Comma, by_cause)
    .with_list("advice", Joint::Semicolon, advice)
}
