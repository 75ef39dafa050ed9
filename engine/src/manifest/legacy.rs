//! Manifests of API versions a cluster of today no longer serves: what such a cluster answers,
//! and the manifest to use instead (apps/v1 Deployments, networking.k8s.io/v1 Ingresses).

use super::defaults::ApiVersion;
use super::write::{to_value, yaml};
use crate::api::Deployment;
use serde_json::{Map, Value};

/// The Ingress API versions removed in Kubernetes 1.22 (deprecated in 1.14 and 1.19).
const OLD_INGRESS_VERSIONS: [&str; 2] = ["extensions/v1beta1", "networking.k8s.io/v1beta1"];

fn api_version(doc: &Value) -> &str {
    doc.get("apiVersion").and_then(Value::as_str).unwrap_or("")
}

fn kind(doc: &Value) -> &str {
    doc.get("kind").and_then(Value::as_str).unwrap_or("")
}

fn name(doc: &Value) -> &str {
    doc.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Whether a document is an Ingress of a removed version.
pub fn is_old_ingress(doc: &Value) -> bool {
    kind(doc) == "Ingress" && OLD_INGRESS_VERSIONS.contains(&api_version(doc))
}

/// What `kubectl apply -f FILE` of these documents prints on a cluster of 1.22 or later, with
/// kubectl 1.24 or later (`cli-runtime`'s resource mapper): objects of a served kind are
/// applied, and each object of a removed version is refused. With one refusal, kubectl prefixes
/// it with `error: `; with several, it prints them one after another.
pub fn todays_answer(docs: &[Value], file: &str) -> String {
    let mut applied = Vec::new();
    let mut refused = Vec::new();
    for d in docs {
        let removed_deployment = kind(d) == "Deployment"
            && ApiVersion::parse(api_version(d)).is_some_and(|v| v != ApiVersion::AppsV1);
        if removed_deployment || is_old_ingress(d) {
            refused.push(format!(
                "resource mapping not found for name: {:?} namespace: \"\" from {file:?}: no matches for kind {:?} in version {:?}\nensure CRDs are installed first",
                name(d),
                kind(d),
                api_version(d)
            ));
        } else if !kind(d).is_empty() {
            applied.push(format!("{}/{} created", kind(d).to_lowercase(), name(d)));
        }
    }
    let mut lines = applied;
    match refused.as_slice() {
        [] => {}
        [one] => lines.push(format!("error: {one}")),
        many => lines.extend(many.iter().cloned()),
    }
    lines.join("\n")
}

/// The networking.k8s.io/v1 form of an extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress:
/// `serviceName`/`servicePort` become `service.name` and `service.port.number` (or `.name`),
/// `spec.backend` becomes `spec.defaultBackend`, and each path gets the `pathType` v1
/// requires: `ImplementationSpecific`, which keeps the old matching.
pub fn ingress_v1(doc: &Value) -> Value {
    let mut out = doc.clone();
    out["apiVersion"] = "networking.k8s.io/v1".into();
    let Some(spec) = out.get_mut("spec").and_then(Value::as_object_mut) else {
        return out;
    };
    if let Some(b) = spec.remove("backend") {
        spec.insert("defaultBackend".into(), backend_v1(&b));
    }
    if let Some(rules) = spec.get_mut("rules").and_then(Value::as_array_mut) {
        for rule in rules {
            let Some(paths) = rule
                .pointer_mut("/http/paths")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for p in paths {
                if let Some(path) = p.as_object_mut() {
                    path.entry("pathType")
                        .or_insert_with(|| "ImplementationSpecific".into());
                    if let Some(b) = path.get("backend") {
                        let converted = backend_v1(b);
                        path.insert("backend".into(), converted);
                    }
                }
            }
        }
    }
    out
}

fn backend_v1(b: &Value) -> Value {
    let Some(service) = b.get("serviceName").and_then(Value::as_str) else {
        return b.clone();
    };
    let port = match b.get("servicePort") {
        Some(Value::Number(n)) => serde_json::json!({"number": n}),
        Some(Value::String(s)) => match s.parse::<u32>() {
            Ok(n) => serde_json::json!({"number": n}),
            Err(_) => serde_json::json!({"name": s}),
        },
        _ => Value::Object(Map::new()),
    };
    serde_json::json!({"service": {"name": service, "port": port}})
}

/// The manifest to use on a cluster of today: the Deployment as apps/v1 with every value its
/// old version defaulted written out, old Ingresses as networking.k8s.io/v1, and every other
/// document as it was.
pub fn todays_manifest(docs: &[Value], deployment: &Deployment) -> String {
    let mut replaced = false;
    let out: Vec<Value> = docs
        .iter()
        .map(|d| {
            if !replaced && matches!(kind(d), "Deployment") {
                replaced = true;
                to_value(deployment)
            } else if is_old_ingress(d) {
                ingress_v1(d)
            } else {
                d.clone()
            }
        })
        .collect();
    out.iter().map(yaml).collect::<Vec<_>>().join("---\n")
}

/// What to tell a user about a manifest written in a removed API version, in plain words.
pub fn notice(version: ApiVersion, docs: &[Value], deployment: &Deployment, file: &str) -> String {
    let Some((deprecated, removed)) = version.lifecycle() else {
        return String::new();
    };
    format!(
        "This Deployment is written in {v}, which Kubernetes deprecated in {deprecated} and stopped serving in {removed}. Rollout Lab simulates it as a cluster of that era did, with the defaults of {v}: {diff}. A cluster of today answers `kubectl apply -f {file}` with:\n\n{answer}\n\nThe same Deployment for a cluster of today, with those values written out:\n\n{manifest}",
        v = version.as_str(),
        diff = version.default_differences(),
        answer = todays_answer(docs, file),
        manifest = todays_manifest(docs, deployment),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_ingress_becomes_networking_v1_with_the_old_matching() {
        let old: Value = serde_json::json!({
            "apiVersion": "extensions/v1beta1", "kind": "Ingress",
            "metadata": {"name": "web", "annotations": {"kubernetes.io/ingress.class": "traefik"}},
            "spec": {"rules": [{"host": "web.traefik.io", "http": {"paths": [
                {"path": "/", "backend": {"serviceName": "web", "servicePort": 80}},
                {"path": "/api", "backend": {"serviceName": "api", "servicePort": "http"}}
            ]}}]}
        });
        let v1 = ingress_v1(&old);
        assert_eq!(v1["apiVersion"], "networking.k8s.io/v1");
        let paths = &v1["spec"]["rules"][0]["http"]["paths"];
        assert_eq!(paths[0]["pathType"], "ImplementationSpecific");
        assert_eq!(paths[0]["backend"]["service"]["name"], "web");
        assert_eq!(paths[0]["backend"]["service"]["port"]["number"], 80);
        assert_eq!(paths[1]["backend"]["service"]["port"]["name"], "http");
        assert_eq!(
            v1["metadata"]["annotations"]["kubernetes.io/ingress.class"],
            "traefik"
        );
    }

    #[test]
    fn kubectl_refuses_each_removed_object_and_applies_the_rest() {
        let docs = vec![
            serde_json::json!({"apiVersion": "extensions/v1beta1", "kind": "Deployment", "metadata": {"name": "web"}}),
            serde_json::json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}),
        ];
        assert_eq!(
            todays_answer(&docs, "web.yaml"),
            "service/web created\nerror: resource mapping not found for name: \"web\" namespace: \"\" from \"web.yaml\": no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first"
        );
        let mut two = docs.clone();
        two.push(serde_json::json!({"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "web"}}));
        let answer = todays_answer(&two, "web.yaml");
        assert!(
            !answer.contains("error: "),
            "several refusals are printed bare"
        );
        assert_eq!(answer.matches("ensure CRDs are installed first").count(), 2);
    }
}
