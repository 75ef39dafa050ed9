//! Decoding: typed fields out of a manifest's JSON value, exactly as written (absent fields stay
//! `None` for the defaulting of the object's API version), with an error per bad field.

use crate::api::quantity::{self, QuantityError};
use crate::api::validation::{BadValue, FieldError};
use crate::api::{Container, PodTemplate, Requests, StrategyType};
use crate::intstr::IntOrString;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A Deployment (or ReplicationController) as the manifest wrote it, before defaulting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawDeployment {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub replicas: Option<i32>,
    /// `spec.selector.matchLabels` (a ReplicationController's plain map); `None` when absent.
    pub selector: Option<BTreeMap<String, String>>,
    pub template: PodTemplate,
    pub strategy_type: Option<StrategyType>,
    /// `spec.strategy.type` when it is neither RollingUpdate nor Recreate.
    pub unknown_strategy: Option<String>,
    /// `spec.strategy.rollingUpdate` when present: (maxSurge, maxUnavailable).
    pub rolling_update: Option<(Option<IntOrString>, Option<IntOrString>)>,
    pub min_ready_seconds: Option<i32>,
    pub revision_history_limit: Option<i32>,
    pub progress_deadline_seconds: Option<i32>,
    pub paused: Option<bool>,
    /// `spec.rollbackTo.revision` (extensions/v1beta1 and apps/v1beta1 only).
    pub rollback_to: Option<i64>,
}

/// Reads typed fields out of a JSON value, collecting an error per bad field.
#[derive(Default)]
pub struct Reader {
    pub errors: Vec<FieldError>,
}

/// How `encoding/json` names a JSON value it cannot store (`UnmarshalTypeError.Value`).
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The Go struct a field belongs to and the field's Go type, as the API server's decoder names
/// them in `json: cannot unmarshal X into Go struct field STRUCT.PATH of type TYPE`.
pub type GoField = (&'static str, &'static str);

impl Reader {
    pub fn object<'a>(
        &mut self,
        v: Option<&'a Value>,
        field: &str,
        go: GoField,
    ) -> Option<&'a Map<String, Value>> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m),
            Some(other) => {
                self.wrong_type(field, json_kind(other).to_string(), go);
                None
            }
        }
    }

    fn wrong_type(&mut self, field: &str, got: String, go: GoField) {
        self.errors
            .push(FieldError::invalid_type(field, got, go.0, go.1));
    }

    /// An `int32` field: a number that is not a whole number in range is refused as Go's
    /// decoder refuses it (`number 1.5`, `number 3000000000`).
    pub fn int32(&mut self, v: Option<&Value>, field: &str, go: GoField) -> Option<i32> {
        self.integer(v, field, go)
            .and_then(|n| match i32::try_from(n) {
                Ok(i) => Some(i),
                Err(_) => {
                    self.wrong_type(field, format!("number {n}"), go);
                    None
                }
            })
    }

    /// An `int64` field.
    pub fn int64(&mut self, v: Option<&Value>, field: &str, go: GoField) -> Option<i64> {
        self.integer(v, field, go)
    }

    fn integer(&mut self, v: Option<&Value>, field: &str, go: GoField) -> Option<i64> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_i64().or_else(|| {
                self.wrong_type(field, format!("number {n}"), go);
                None
            }),
            Some(other) => {
                self.wrong_type(field, json_kind(other).to_string(), go);
                None
            }
        }
    }

    pub fn string(&mut self, v: Option<&Value>, field: &str, go: GoField) -> Option<String> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.wrong_type(field, json_kind(other).to_string(), go);
                None
            }
        }
    }

    pub fn boolean(&mut self, v: Option<&Value>, field: &str, go: GoField) -> Option<bool> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong_type(field, json_kind(other).to_string(), go);
                None
            }
        }
    }

    /// An `intstr.IntOrString`: its `UnmarshalJSON` takes a string, else decodes an int32.
    pub fn int_or_string(
        &mut self,
        v: Option<&Value>,
        field: &str,
        go_struct: &'static str,
    ) -> Option<IntOrString> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(IntOrString::String(s.clone())),
            Some(_) => self
                .int32(v, field, (go_struct, "int32"))
                .map(IntOrString::Int),
        }
    }

    /// A `map[string]string`; `None` when the field is absent or null. A value that is not a
    /// string is refused, as Go's decoder does.
    pub fn string_map(
        &mut self,
        v: Option<&Value>,
        field: &str,
        go_struct: &'static str,
    ) -> Option<BTreeMap<String, String>> {
        let m = self.object(v, field, (go_struct, "map[string]string"))?;
        let mut out = BTreeMap::new();
        for (k, v) in m {
            match v {
                Value::String(s) => {
                    out.insert(k.clone(), s.clone());
                }
                Value::Null => {}
                other => {
                    self.wrong_type(field, json_kind(other).to_string(), (go_struct, "string"))
                }
            }
        }
        Some(out)
    }

    /// Decodes a Deployment or, with `rc`, a ReplicationController (whose selector is a plain
    /// map and which has no strategy).
    pub fn deployment(&mut self, doc: &Value, rc: bool) -> RawDeployment {
        let spec_struct = if rc {
            "ReplicationControllerSpec"
        } else {
            "DeploymentSpec"
        };
        let kind = if rc {
            "v1.ReplicationController"
        } else {
            "v1.Deployment"
        };
        let meta = self.object(doc.get("metadata"), "metadata", (kind, "v1.ObjectMeta"));
        let m = |k: &str| meta.and_then(|m| m.get(k));
        let name = self
            .string(m("name"), "metadata.name", ("ObjectMeta", "string"))
            .unwrap_or_default();
        let labels = self
            .string_map(m("labels"), "metadata.labels", "ObjectMeta")
            .unwrap_or_default();
        let annotations = self
            .string_map(m("annotations"), "metadata.annotations", "ObjectMeta")
            .unwrap_or_default();
        let spec = self.object(doc.get("spec"), "spec", (kind, spec_struct));
        let get = |k: &str| spec.and_then(|s| s.get(k));
        let int32 =
            |r: &mut Self, k: &str| r.int32(get(k), &format!("spec.{k}"), (spec_struct, "int32"));
        let selector = if rc {
            self.string_map(get("selector"), "spec.selector", spec_struct)
        } else {
            self.object(
                get("selector"),
                "spec.selector",
                (spec_struct, "v1.LabelSelector"),
            )
            .map(|sel| {
                self.string_map(
                    sel.get("matchLabels"),
                    "spec.selector.matchLabels",
                    "LabelSelector",
                )
                .unwrap_or_default()
            })
        };
        let (strategy_type, unknown_strategy, rolling_update) = self.strategy(get("strategy"));
        let rollback_to = self
            .object(
                get("rollbackTo"),
                "spec.rollbackTo",
                (spec_struct, "v1beta1.RollbackConfig"),
            )
            .map(|r| {
                self.int64(
                    r.get("revision"),
                    "spec.rollbackTo.revision",
                    ("RollbackConfig", "int64"),
                )
                .unwrap_or(0)
            });
        RawDeployment {
            name,
            labels,
            annotations,
            replicas: int32(self, "replicas"),
            selector,
            template: self.template(get("template"), spec_struct),
            strategy_type,
            unknown_strategy,
            rolling_update,
            min_ready_seconds: int32(self, "minReadySeconds"),
            revision_history_limit: int32(self, "revisionHistoryLimit"),
            progress_deadline_seconds: int32(self, "progressDeadlineSeconds"),
            paused: self.boolean(get("paused"), "spec.paused", (spec_struct, "bool")),
            rollback_to,
        }
    }

    /// `spec.template` of a Deployment, ReplicaSet or ReplicationController.
    pub fn template(&mut self, v: Option<&Value>, spec_struct: &'static str) -> PodTemplate {
        let t = self.object(v, "spec.template", (spec_struct, "v1.PodTemplateSpec"));
        let meta = self.object(
            t.and_then(|t| t.get("metadata")),
            "spec.template.metadata",
            ("PodTemplateSpec", "v1.ObjectMeta"),
        );
        let labels = self
            .string_map(
                meta.and_then(|m| m.get("labels")),
                "spec.template.metadata.labels",
                "ObjectMeta",
            )
            .unwrap_or_default();
        let spec = self.object(
            t.and_then(|t| t.get("spec")),
            "spec.template.spec",
            ("PodTemplateSpec", "v1.PodSpec"),
        );
        let mut containers = Vec::new();
        match spec.and_then(|s| s.get("containers")) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let field = format!("spec.template.spec.containers[{i}]");
                    let c = self.object(Some(item), &field, ("PodSpec", "v1.Container"));
                    let text = |r: &mut Self, k: &str| {
                        r.string(
                            c.and_then(|c| c.get(k)),
                            &format!("{field}.{k}"),
                            ("Container", "string"),
                        )
                        .unwrap_or_default()
                    };
                    let name = text(self, "name");
                    let image = text(self, "image");
                    let requests = self.requests(c, &field);
                    containers.push(Container {
                        name,
                        image,
                        requests,
                    });
                }
            }
            Some(other) => self.wrong_type(
                "spec.template.spec.containers",
                json_kind(other).to_string(),
                ("PodSpec", "[]v1.Container"),
            ),
        }
        // The pod's own default (SetDefaults_PodSpec), the same in every API version.
        let grace = self
            .int64(
                spec.and_then(|s| s.get("terminationGracePeriodSeconds")),
                "spec.template.spec.terminationGracePeriodSeconds",
                ("PodSpec", "int64"),
            )
            .unwrap_or(30);
        PodTemplate {
            labels,
            containers,
            termination_grace_period_seconds: grace,
        }
    }

    /// A container's `resources.requests`: cpu and memory quantities (a string, or a number as
    /// `resource.Quantity` also decodes one); other resources are not simulated.
    fn requests(&mut self, c: Option<&Map<String, Value>>, field: &str) -> Requests {
        let resources = self.object(
            c.and_then(|c| c.get("resources")),
            &format!("{field}.resources"),
            ("Container", "v1.ResourceRequirements"),
        );
        let requests = self.object(
            resources.and_then(|r| r.get("requests")),
            &format!("{field}.resources.requests"),
            ("ResourceRequirements", "v1.ResourceList"),
        );
        let mut quantity = |key: &str, parse: fn(&str) -> Result<i64, QuantityError>| {
            let at = format!("{field}.resources.requests[{key}]");
            let text = match requests.and_then(|r| r.get(key)) {
                None | Some(Value::Null) => return None,
                Some(Value::String(t)) => t.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(other) => {
                    self.wrong_type(
                        &at,
                        json_kind(other).to_string(),
                        ("ResourceList", "resource.Quantity"),
                    );
                    return None;
                }
            };
            match parse(&text) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.errors
                        .push(FieldError::invalid(at, BadValue::Str(text), e.to_string()));
                    None
                }
            }
        };
        Requests {
            cpu: quantity("cpu", quantity::parse_milli),
            memory: quantity("memory", quantity::parse_value),
        }
    }

    /// `spec.strategy`: its type (known, or the unknown text for validation to refuse) and the
    /// rollingUpdate block.
    #[allow(clippy::type_complexity)]
    fn strategy(
        &mut self,
        v: Option<&Value>,
    ) -> (
        Option<StrategyType>,
        Option<String>,
        Option<(Option<IntOrString>, Option<IntOrString>)>,
    ) {
        let s = self.object(
            v,
            "spec.strategy",
            ("DeploymentSpec", "v1.DeploymentStrategy"),
        );
        let text = self.string(
            s.and_then(|s| s.get("type")),
            "spec.strategy.type",
            ("DeploymentStrategy", "v1.DeploymentStrategyType"),
        );
        let (kind, unknown) = match text.as_deref() {
            None | Some("") => (None, None),
            Some("RollingUpdate") => (Some(StrategyType::RollingUpdate), None),
            Some("Recreate") => (Some(StrategyType::Recreate), None),
            Some(other) => (None, Some(other.to_string())),
        };
        let ru = self
            .object(
                s.and_then(|s| s.get("rollingUpdate")),
                "spec.strategy.rollingUpdate",
                ("DeploymentStrategy", "v1.RollingUpdateDeployment"),
            )
            .map(|ru| {
                (
                    self.int_or_string(
                        ru.get("maxSurge"),
                        "spec.strategy.rollingUpdate.maxSurge",
                        "RollingUpdateDeployment",
                    ),
                    self.int_or_string(
                        ru.get("maxUnavailable"),
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        "RollingUpdateDeployment",
                    ),
                )
            });
        (kind, unknown, ru)
    }
}
