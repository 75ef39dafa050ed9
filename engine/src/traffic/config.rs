use serde::{Deserialize, Serialize};

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

    /// What is wrong with these settings, in the scenario's field names.
    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, v: f64, max: f64| {
            if v.is_finite() && (0.0..=max).contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "traffic.{name}: Invalid value: {v}: must be between 0 and {max}"
                ))
            }
        };
        check("rate", self.rate, 100_000.0)?;
        check("propagationDelay", self.propagation_delay, 3600.0)?;
        check("preStopSleep", self.pre_stop_sleep, 3600.0)?;
        check("drainTime", self.drain_time, 3600.0)?;
        check("requestDuration", self.request_duration, 3600.0)
    }
}
