//! `rollout-lab resolve`: the fencepost arithmetic as JSON.

/// `resolve`: the fencepost arithmetic as JSON; `Err` carries the validation errors as JSON.
pub fn resolve_json(
    replicas: &str,
    max_surge: &str,
    max_unavailable: &str,
) -> Result<String, String> {
    use crate::intstr::IntOrString;
    let replicas = crate::api::validation::replicas_from_text(replicas)
        .map_err(|e| serde_json::json!({"errors": [e.to_string()]}).to_string())?;
    match crate::explain::explain_fenceposts(
        replicas,
        &IntOrString::parse_input(max_surge),
        &IntOrString::parse_input(max_unavailable),
    ) {
        Ok(f) => Ok(serde_json::json!({
            "replicas": f.replicas,
            "surge": f.surge.value,
            "unavailable": f.unavailable.value,
            "maxTotal": f.max_total,
            "minAvailable": f.min_available,
            "bothZeroRule": f.both_zero_rule,
            "surgeWhy": f.surge.text(),
            "unavailableWhy": f.unavailable.text(),
            "warnings": f.warnings,
        })
        .to_string()),
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            Err(serde_json::json!({ "errors": errors }).to_string())
        }
    }
}
