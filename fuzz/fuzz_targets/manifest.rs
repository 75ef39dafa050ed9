//! Deployment manifests (YAML or JSON, one or several documents): parsed, defaulted, validated.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = rollout_engine::manifest::parse_deployment(text);
    }
});
