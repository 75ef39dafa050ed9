//! How the pods of each image behave: the scenario's `images` section.

use crate::api::{Fate, Millis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One image's behaviour. Seconds may be fractional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ImageBehaviour {
    /// Seconds from creation (or from being scheduled) to Ready.
    pub ready_after: f64,
    pub never_ready: bool,
    pub crash_loop: bool,
    pub pull_error: bool,
    /// Seconds from deletion to gone, capped by terminationGracePeriodSeconds.
    pub stop_after: f64,
    /// Seconds from creation until the app really answers requests (default: when Ready). Longer
    /// than `readyAfter` models a pod with no readiness probe: Ready before it can serve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serve_after: Option<f64>,
    /// What the pod answers an HTTP request with (the traffic model's text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
}

impl Default for ImageBehaviour {
    fn default() -> Self {
        ImageBehaviour {
            ready_after: 1.0,
            never_ready: false,
            crash_loop: false,
            pull_error: false,
            stop_after: 1.0,
            serve_after: None,
            response: None,
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

impl ImageBehaviour {
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

    pub fn ready_after_ms(&self) -> Millis {
        seconds_to_millis(self.ready_after)
    }

    /// When the container starts, relative to scheduling: halfway to Ready.
    pub fn start_after_ms(&self) -> Millis {
        self.ready_after_ms() / 2
    }

    /// How long a deleted pod takes to go, capped by the grace period.
    pub fn stop_after_ms(&self, grace_seconds: i64) -> Millis {
        seconds_to_millis(self.stop_after).min(grace_seconds.max(0).saturating_mul(1000))
    }
}

/// The behaviour of every image named in a scenario; any other image is healthy and takes the
/// defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Behaviours(pub BTreeMap<String, ImageBehaviour>);

impl Behaviours {
    pub fn get(&self, image: &str) -> ImageBehaviour {
        self.0.get(image).cloned().unwrap_or_default()
    }

    /// The fate of the image's pods, without copying its behaviour.
    pub fn fate(&self, image: &str) -> Fate {
        self.0
            .get(image)
            .map_or(Fate::Healthy, ImageBehaviour::fate)
    }
}
