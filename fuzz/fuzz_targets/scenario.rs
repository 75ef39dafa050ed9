//! Scenario files in YAML, and the page's URL and stored state (scenario JSON): parsed, and
//! played when small enough to run in a moment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollout_engine::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        let _ = Scenario::from_value(v.get("scenario").unwrap_or(&v));
    }
    if let Ok(mut s) = Scenario::parse(text) {
        if s.deployment.spec.replicas <= 200 && s.events.len() <= 50 {
            s.until = s.until.min(120.0);
            if let Some(t) = s.traffic.as_mut() {
                t.rate = t.rate.min(100.0);
            }
            let _ = rollout_engine::report::trace_with_traffic(&s);
        }
    }
});
