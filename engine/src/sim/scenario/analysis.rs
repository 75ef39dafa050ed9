//! The scenario's `analysis` section: how each AnalysisTemplate's runs end, since Rollout Lab
//! does not query a metrics provider. `analysis: {success-rate: {phase: Failed, measurements: 3,
//! interval: 10}}` fails the run at its third measurement, 20 s after it started.

use super::read::{field_err, seconds_field};
use super::ScenarioError;
use crate::argo::rollout::{AnalysisOutcome, AnalysisPhase};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const KEYS: [&str; 3] = ["phase", "measurements", "interval"];

pub fn read(v: Option<&Value>) -> Result<BTreeMap<String, AnalysisOutcome>, ScenarioError> {
    let m = match v {
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(field_err(
                "analysis",
                other,
                "must be a mapping of AnalysisTemplate names",
            ))
        }
    };
    let mut out = BTreeMap::new();
    for (name, spec) in m {
        let f = format!("analysis.{name}");
        let Value::Object(o) = spec else {
            return Err(field_err(
                &f,
                spec,
                "must be a mapping with phase, measurements and interval",
            ));
        };
        if let Some(k) = o.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(field_err(
                format!("{f}.{k}"),
                &Value::from(k.clone()),
                "unknown field: use phase, measurements or interval",
            ));
        }
        let mut outcome = AnalysisOutcome::default();
        if let Some(p) = o.get("phase") {
            outcome.phase = p.as_str().and_then(AnalysisPhase::parse).ok_or_else(|| {
                field_err(
                    format!("{f}.phase"),
                    p,
                    "must be Successful, Failed, Inconclusive or Error",
                )
            })?;
        }
        if let Some(n) = o.get("measurements") {
            outcome.measurements =
                n.as_u64()
                    .filter(|n| (1..=10_000).contains(n))
                    .ok_or_else(|| {
                        field_err(
                            format!("{f}.measurements"),
                            n,
                            "must be a whole number from 1 to 10000",
                        )
                    })? as u32;
        }
        if let Some(i) = o.get("interval") {
            outcome.interval = seconds_field(i, &format!("{f}.interval"), 86_400.0)?;
        }
        out.insert(name.clone(), outcome);
    }
    Ok(out)
}

pub fn write(outcomes: &BTreeMap<String, AnalysisOutcome>) -> Value {
    let m: Map<String, Value> = outcomes
        .iter()
        .map(|(k, o)| {
            (
                k.clone(),
                serde_json::json!({"phase": o.phase.as_str(), "measurements": o.measurements, "interval": o.interval}),
            )
        })
        .collect();
    Value::Object(m)
}
