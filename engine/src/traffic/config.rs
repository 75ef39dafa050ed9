use super::front_end::FrontEnd;
use crate::api::validation::{BadValue, FieldError};
use serde::{Deserialize, Serialize};

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_front_end(f: &FrontEnd) -> bool {
    *f == FrontEnd::KubeProxy
}

/// The traffic model's settings: the scenario's `traffic` section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TrafficConfig {
    /// Requests per second from the clients.
    pub rate: f64,
    /// Seconds for an endpoint change to reach kube-proxy and the Ingress.
    pub propagation_delay: f64,
    /// The preStop hook's sleep, seconds.
    pub pre_stop_sleep: f64,
    /// How long the app keeps serving after SIGTERM, seconds.
    pub drain_time: f64,
    /// How long a request takes, seconds.
    pub request_duration: f64,
    pub seed: u64,
    /// What routes requests to the pods (the preset the delays below came from).
    #[serde(skip_serializing_if = "is_default_front_end")]
    pub front_end: FrontEnd,
    /// After the endpoint change reaches the front end, how long it still sends new requests
    /// to the pod (a load balancer deregistering its target), seconds.
    #[serde(skip_serializing_if = "is_zero")]
    pub deregistration_delay: f64,
    /// The front end's health check: every this many seconds (0: none)...
    #[serde(skip_serializing_if = "is_zero")]
    pub health_check_interval: f64,
    /// ...and this many failed checks mark a pod that stopped answering unhealthy.
    #[serde(skip_serializing_if = "is_zero")]
    pub unhealthy_threshold: f64,
    /// Clients (or a proxy) keep a connection to a pod open this long after the front end
    /// stopped choosing it, and go on sending on it, seconds (0: a connection per request).
    #[serde(skip_serializing_if = "is_zero")]
    pub keep_alive: f64,
    /// After it stops accepting, the app finishes the requests in flight (until SIGKILL at the
    /// end of the grace period) instead of exiting at once.
    #[serde(skip_serializing_if = "is_false")]
    pub graceful_shutdown: bool,
    /// The pods carry a readiness gate that the front end's controller sets once their target
    /// is registered and healthy (the AWS Load Balancer Controller's pod readiness gate, for
    /// one): a new pod is Ready only then, so the rollout waits for the front end.
    #[serde(skip_serializing_if = "is_false")]
    pub readiness_gate: bool,
}

impl Default for TrafficConfig {
    fn default() -> Self {
        TrafficConfig {
            rate: 20.0,
            propagation_delay: 1.0,
            pre_stop_sleep: 0.0,
            drain_time: 0.0,
            request_duration: 0.05,
            seed: 1,
            front_end: FrontEnd::KubeProxy,
            deregistration_delay: 0.0,
            health_check_interval: 0.0,
            unhealthy_threshold: 0.0,
            keep_alive: 0.0,
            graceful_shutdown: false,
            readiness_gate: false,
        }
    }
}

impl TrafficConfig {
    /// Microseconds between requests (the clients send at a steady rate).
    pub fn interval_micros(&self) -> i64 {
        if !self.rate.is_finite() || self.rate <= 0.0 {
            return 0;
        }
        (1e6 / self.rate.min(1e6)).round().max(1.0) as i64
    }

    pub fn request_duration_ms(&self) -> i64 {
        crate::behaviour::seconds_to_millis(self.request_duration)
    }

    /// The scenario's numeric field names and how far each may go (seconds, requests a
    /// second, or checks).
    pub const FIELDS: [(&'static str, f64); 9] = [
        ("rate", 100_000.0),
        ("propagationDelay", 3600.0),
        ("preStopSleep", 3600.0),
        ("drainTime", 3600.0),
        ("requestDuration", 3600.0),
        ("deregistrationDelay", 3600.0),
        ("healthCheckInterval", 3600.0),
        ("unhealthyThreshold", 100.0),
        ("keepAlive", 3600.0),
    ];

    fn slot(&mut self, name: &str) -> &mut f64 {
        match name {
            "rate" => &mut self.rate,
            "propagationDelay" => &mut self.propagation_delay,
            "preStopSleep" => &mut self.pre_stop_sleep,
            "drainTime" => &mut self.drain_time,
            "deregistrationDelay" => &mut self.deregistration_delay,
            "healthCheckInterval" => &mut self.health_check_interval,
            "unhealthyThreshold" => &mut self.unhealthy_threshold,
            "keepAlive" => &mut self.keep_alive,
            _ => &mut self.request_duration,
        }
    }

    fn get(&self, name: &str) -> f64 {
        *self.clone().slot(name)
    }

    fn set(&mut self, name: &str, v: f64) {
        *self.slot(name) = v;
    }

    /// These settings with a front end's preset delays.
    pub fn with_front_end(&self, f: FrontEnd) -> TrafficConfig {
        let p = f.preset();
        TrafficConfig {
            front_end: f,
            propagation_delay: p.propagation_delay,
            deregistration_delay: p.deregistration_delay,
            health_check_interval: p.health_check_interval,
            unhealthy_threshold: p.unhealthy_threshold,
            keep_alive: p.keep_alive,
            ..self.clone()
        }
    }

    /// From a pod's deletion until the front end stops sending it new requests, in seconds:
    /// the endpoint change, the front end's own deregistration, and reused connections.
    pub fn routing_stop_seconds(&self) -> f64 {
        self.propagation_delay + self.deregistration_delay + self.keep_alive
    }

    /// From a pod's readiness until the front end sends it requests, in seconds: the endpoint
    /// change, the front end registering it (taken to be as long as its deregistration) and,
    /// with health checks, one passing check.
    pub fn registration_seconds(&self) -> f64 {
        self.propagation_delay + self.deregistration_delay + self.health_check_interval
    }

    /// How long a health-checking front end takes to notice a pod that stopped answering
    /// (`None` without health checks).
    pub fn health_check_seconds(&self) -> Option<f64> {
        (self.health_check_interval > 0.0 && self.unhealthy_threshold > 0.0)
            .then_some(self.health_check_interval * self.unhealthy_threshold)
    }

    /// These settings with the numeric field `name` (one of [`Self::FIELDS`]) set to `v`,
    /// unchecked ([`Self::validate`] checks).
    pub fn with_number(&self, name: &str, v: f64) -> TrafficConfig {
        let mut next = self.clone();
        next.set(name, v);
        next
    }

    /// The value of the field `name` (one of [`Self::FIELDS`]).
    pub fn field(&self, name: &str) -> f64 {
        self.get(name)
    }

    /// These settings with the field `name` set from what the user typed, or what is wrong with
    /// the text, naming the field as [`Self::validate`] does.
    pub fn with_field_text(&self, name: &str, text: &str) -> Result<TrafficConfig, FieldError> {
        let t = text.trim();
        let v: f64 = t.parse().map_err(|_| {
            FieldError::invalid(
                format!("traffic.{name}"),
                BadValue::Str(t.to_string()),
                "must be a number",
            )
        })?;
        let mut next = self.clone();
        next.set(name, v);
        next.validate()?;
        Ok(next)
    }

    /// What is wrong with these settings, naming the field (`traffic.rate`).
    pub fn validate(&self) -> Result<(), FieldError> {
        for (name, max) in Self::FIELDS {
            let v = self.get(name);
            if !(v.is_finite() && (0.0..=max).contains(&v)) {
                return Err(FieldError::invalid(
                    format!("traffic.{name}"),
                    BadValue::Float(v),
                    format!("must be between 0 and {max}"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_checked_and_named() {
        let c = TrafficConfig::default();
        let next = c.with_field_text("preStopSleep", " 5 ").unwrap();
        assert_eq!(next.pre_stop_sleep, 5.0);
        assert_eq!(next.rate, c.rate, "only the named field changes");
        assert_eq!(
            c.with_field_text("rate", "fast").unwrap_err().to_string(),
            "traffic.rate: Invalid value: \"fast\": must be a number"
        );
        assert_eq!(
            c.with_field_text("drainTime", "-1")
                .unwrap_err()
                .to_string(),
            "traffic.drainTime: Invalid value: -1: must be between 0 and 3600"
        );
        assert!(c.with_field_text("rate", "100001").is_err());
        assert!(c.with_field_text("rate", "NaN").is_err());
    }
}
