use crate::api::validation::{BadValue, FieldError};
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

    /// The scenario's field names and how far each may go (seconds, or requests a second).
    pub const FIELDS: [(&'static str, f64); 5] = [
        ("rate", 100_000.0),
        ("propagationDelay", 3600.0),
        ("preStopSleep", 3600.0),
        ("drainTime", 3600.0),
        ("requestDuration", 3600.0),
    ];

    fn get(&self, name: &str) -> f64 {
        match name {
            "rate" => self.rate,
            "propagationDelay" => self.propagation_delay,
            "preStopSleep" => self.pre_stop_sleep,
            "drainTime" => self.drain_time,
            _ => self.request_duration,
        }
    }

    fn set(&mut self, name: &str, v: f64) {
        match name {
            "rate" => self.rate = v,
            "propagationDelay" => self.propagation_delay = v,
            "preStopSleep" => self.pre_stop_sleep = v,
            "drainTime" => self.drain_time = v,
            _ => self.request_duration = v,
        }
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
