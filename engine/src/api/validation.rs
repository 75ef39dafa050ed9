//! Kubernetes' API validation of a Deployment (`pkg/apis/apps/validation/validation.go`), with
//! its field paths and messages, plus the simulator's own size limit.

use super::{go_syntax, Deployment, StrategyType};
use crate::intstr::IntOrString;
use std::collections::BTreeMap;
use std::fmt;

/// The most replicas Rollout Lab simulates; beyond it the input is refused with a clear message
/// instead of a frozen page.
pub const MAX_SIMULATED_REPLICAS: i32 = 100_000;

/// A value as `field.Error` prints it: simple types with `%v`, strings with `%q`, and values of
/// other types (maps, structs such as `intstr.IntOrString`, whose `String` has a pointer
/// receiver) with `%#v`, in Go syntax.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    Int(i64),
    /// A float64 (`%v`): `1.5`, `-1`.
    Float(f64),
    Str(String),
    /// An `intstr.IntOrString` value.
    IntOrString(IntOrString),
    /// A `map[string]string` (template labels); `None` is a nil map.
    Labels(Option<BTreeMap<String, String>>),
    /// A `metav1.LabelSelector` with matchLabels only; `None` is a nil map.
    Selector(Option<BTreeMap<String, String>>),
    /// The internal `apps.DeploymentStrategy` of an unknown type, and whether a rollingUpdate
    /// block came with it (Go prints that pointer's address, which changes with every run).
    Strategy {
        kind: String,
        rolling_update: bool,
    },
    /// A value already written in Go syntax (a whole struct), printed as it is.
    Go(String),
}

impl From<&IntOrString> for BadValue {
    fn from(v: &IntOrString) -> Self {
        BadValue::IntOrString(v.clone())
    }
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Float(x) if x.is_infinite() => {
                f.write_str(if *x > 0.0 { "+Inf" } else { "-Inf" })
            }
            BadValue::Float(x) => write!(f, "{x}"),
            BadValue::Str(s) => f.write_str(&go_syntax::quote(s)),
            BadValue::Go(s) => f.write_str(s),
            BadValue::IntOrString(IntOrString::Int(i)) => {
                write!(f, "intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}")
            }
            BadValue::IntOrString(IntOrString::String(s)) => write!(
                f,
                "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
                go_syntax::quote(s)
            ),
            BadValue::Labels(m) => f.write_str(&go_syntax::string_map(m.as_ref())),
            BadValue::Selector(m) => f.write_str(&go_syntax::label_selector(m.as_ref())),
            BadValue::Strategy {
                kind,
                rolling_update,
            } => write!(
                f,
                "apps.DeploymentStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateDeployment)({})}}",
                go_syntax::quote(kind),
                if *rolling_update { "0xc000…" } else { "nil" }
            ),
        }
    }
}

/// The kind of a field error, as `k8s.io/apimachinery/pkg/util/validation/field` has them.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    Invalid(BadValue),
    Required,
    Forbidden,
    Unsupported(BadValue, Vec<&'static str>),
    Duplicate(BadValue),
    /// A value of the wrong JSON type, as the API server's decoder (`encoding/json`) reports
    /// it: `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
    /// type int32`. `got` is the JSON kind (`number 1.5` for a number that does not fit).
    InvalidType {
        got: String,
        go_struct: &'static str,
        go_type: &'static str,
    },
}

/// One field error: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub kind: ErrorKind,
    pub detail: String,
}

impl FieldError {
    pub fn invalid(field: impl Into<String>, value: BadValue, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::Invalid(value),
            detail: detail.into(),
        }
    }

    pub fn required(field: impl Into<String>) -> Self {
        FieldError::required_because(field, "")
    }

    /// `field.Required` with a detail (`name or generateName is required`).
    pub fn required_because(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::Required,
            detail: detail.into(),
        }
    }

    /// `field.NotSupported`: a value outside a fixed set.
    pub fn not_supported(
        field: impl Into<String>,
        value: &str,
        supported: &[&'static str],
    ) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::Unsupported(BadValue::Str(value.into()), supported.to_vec()),
            detail: String::new(),
        }
    }

    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::Forbidden,
            detail: detail.into(),
        }
    }

    pub fn invalid_type(
        field: impl Into<String>,
        got: impl Into<String>,
        go_struct: &'static str,
        go_type: &'static str,
    ) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::InvalidType {
                got: got.into(),
                go_struct,
                go_type,
            },
            detail: String::new(),
        }
    }

    /// Whether it comes from decoding (a wrong JSON type) rather than validation.
    pub fn is_decode_error(&self) -> bool {
        matches!(self.kind, ErrorKind::InvalidType { .. })
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = if self.detail.is_empty() {
            String::new()
        } else {
            format!(": {}", self.detail)
        };
        match &self.kind {
            ErrorKind::Invalid(v) => write!(f, "{}: Invalid value: {v}{detail}", self.field),
            ErrorKind::Required => write!(f, "{}: Required value{detail}", self.field),
            ErrorKind::Forbidden => write!(f, "{}: Forbidden{detail}", self.field),
            ErrorKind::Duplicate(v) => write!(f, "{}: Duplicate value: {v}", self.field),
            ErrorKind::Unsupported(v, allowed) => {
                let allowed: Vec<String> = allowed.iter().map(|a| go_syntax::quote(a)).collect();
                write!(
                    f,
                    "{}: Unsupported value: {v}: supported values: {}",
                    self.field,
                    allowed.join(", ")
                )
            }
            ErrorKind::InvalidType {
                got,
                go_struct,
                go_type,
            } => {
                // encoding/json names the field by its whole path without list indices.
                let path: String = self
                    .field
                    .split('.')
                    .map(|p| p.split('[').next().unwrap_or(p))
                    .collect::<Vec<_>>()
                    .join(".");
                write!(
                    f,
                    "json: cannot unmarshal {got} into Go struct field {go_struct}.{path} of type {go_type}"
                )
            }
        }
    }
}

/// kubectl's summary line: `The Deployment "x" is invalid: ...`, one bullet per error when
/// there are several (`MultilineError`; duplicate messages are dropped).
pub fn format_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in errors {
        let line = e.to_string();
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let head = format!("The {kind} {} is invalid: ", go_syntax::quote(name));
    match lines.as_slice() {
        [one] => format!("{head}{one}"),
        many => {
            let items: Vec<String> = many.iter().map(|e| format!("* {e}")).collect();
            format!("{head}\n{}", items.join("\n"))
        }
    }
}

const NONNEGATIVE: &str = "must be greater than or equal to 0";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/// Mirrors `validation.IsValidPercent`: `^[0-9]+%$`.
pub fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Mirrors `getIntOrPercentValue`: the number of a valid percent; otherwise `IntValue()`, which
/// reads a string with `strconv.Atoi` (0 when it is not a number).
pub fn get_int_or_percent_value(v: &IntOrString) -> i64 {
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) if is_valid_percent(s) => {
            s.trim_end_matches('%').parse::<i64>().unwrap_or(i64::MAX)
        }
        IntOrString::String(s) => atoi(s),
    }
}

/// Go's `strconv.Atoi` into an `int`: an optional sign and decimal digits, else 0 (as
/// `IntValue` ignores the error).
fn atoi(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    s.parse::<i64>().unwrap_or(0)
}

/// Mirrors `ValidatePositiveIntOrPercent`: a string must be a valid percent (the value printed
/// as the `intstr.IntOrString` it is), an int must not be negative (printed bare).
pub fn validate_positive_int_or_percent(v: &IntOrString, field: &str) -> Vec<FieldError> {
    match v {
        IntOrString::String(s) if !is_valid_percent(s) => {
            vec![FieldError::invalid(field, v.into(), PERCENT_MSG)]
        }
        IntOrString::Int(i) if *i < 0 => vec![FieldError::invalid(
            field,
            BadValue::Int(i64::from(*i)),
            NONNEGATIVE,
        )],
        _ => vec![],
    }
}

/// Mirrors `IsNotMoreThan100Percent`.
pub fn is_not_more_than_100_percent(v: &IntOrString, field: &str) -> Vec<FieldError> {
    match v {
        IntOrString::String(s) if is_valid_percent(s) && get_int_or_percent_value(v) > 100 => {
            vec![FieldError::invalid(
                field,
                v.into(),
                "must not be greater than 100%",
            )]
        }
        _ => vec![],
    }
}

/// Mirrors `ValidateRollingUpdateDeployment`: each value non-negative or a valid percent, not
/// both (literally) zero, maxUnavailable at most 100%.
pub fn validate_rolling_update_deployment(
    max_surge: &IntOrString,
    max_unavailable: &IntOrString,
    field: &str,
) -> Vec<FieldError> {
    let unavailable_field = format!("{field}.maxUnavailable");
    let mut errs = validate_positive_int_or_percent(max_unavailable, &unavailable_field);
    errs.extend(validate_positive_int_or_percent(
        max_surge,
        &format!("{field}.maxSurge"),
    ));
    if get_int_or_percent_value(max_unavailable) == 0 && get_int_or_percent_value(max_surge) == 0 {
        errs.push(FieldError::invalid(
            &unavailable_field,
            max_unavailable.into(),
            "may not be 0 when `maxSurge` is 0",
        ));
    }
    errs.extend(is_not_more_than_100_percent(
        max_unavailable,
        &unavailable_field,
    ));
    errs
}

fn dns1123_label_ok(l: &str) -> bool {
    let b = l.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase() || *c == b'-')
}

/// Mirrors `IsDNS1123Subdomain` (at most 253 characters).
pub fn is_dns1123_subdomain(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !name.split('.').all(dns1123_label_ok) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// Mirrors `IsDNS1123Label` (at most 63 characters), which container names must be.
pub fn is_dns1123_label(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !dns1123_label_ok(name) {
        errs.push(DNS1123_LABEL_MSG.to_string());
    }
    errs
}

/// `spec.replicas` as Kubernetes and Rollout Lab accept it: not negative, and no more than
/// Rollout Lab simulates. The one check every panel uses.
pub fn validate_replicas(replicas: i64) -> Option<FieldError> {
    if replicas < 0 {
        return Some(FieldError::invalid(
            "spec.replicas",
            BadValue::Int(replicas),
            NONNEGATIVE,
        ));
    }
    (replicas > i64::from(MAX_SIMULATED_REPLICAS)).then(|| {
        FieldError::invalid(
            "spec.replicas",
            BadValue::Int(replicas),
            format!("Rollout Lab simulates at most {MAX_SIMULATED_REPLICAS} replicas"),
        )
    })
}

/// `spec.replicas` from what a user typed (a form field, `kubectl scale --replicas=N`): a whole
/// number, then [`validate_replicas`].
pub fn replicas_from_text(text: &str) -> Result<i32, FieldError> {
    let t = text.trim();
    let n: i64 = t.parse().map_err(|_| {
        FieldError::invalid(
            "spec.replicas",
            BadValue::Str(t.to_string()),
            "must be an integer",
        )
    })?;
    if let Some(e) = validate_replicas(n) {
        return Err(e);
    }
    i32::try_from(n).map_err(|_| {
        FieldError::invalid(
            "spec.replicas",
            BadValue::Int(n),
            "must fit in a 32-bit integer",
        )
    })
}

fn nonnegative(field: &str, v: i64, errs: &mut Vec<FieldError>) {
    if v < 0 {
        errs.push(FieldError::invalid(field, BadValue::Int(v), NONNEGATIVE));
    }
}

/// What a manifest may say that the engine's Deployment does not carry: a strategy type
/// Kubernetes does not know, and `spec.rollbackTo` of the old API versions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmodelled<'a> {
    /// `spec.strategy.type` when it is neither RollingUpdate nor Recreate.
    pub unknown_strategy: Option<&'a str>,
    /// `spec.rollbackTo.revision`.
    pub rollback_to: Option<i64>,
}

/// Mirrors `ValidateDeployment` (object metadata, then `ValidateDeploymentSpec`) for the fields
/// Rollout Lab models, in upstream's order.
pub fn validate_deployment(d: &Deployment) -> Vec<FieldError> {
    validate_deployment_with(d, &Unmodelled::default())
}

/// [`validate_deployment`] with what the manifest said beyond the engine's Deployment.
pub fn validate_deployment_with(d: &Deployment, extra: &Unmodelled) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if d.meta.name.is_empty() {
        errs.push(FieldError::required_because(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        for msg in is_dns1123_subdomain(&d.meta.name) {
            errs.push(FieldError::invalid(
                "metadata.name",
                BadValue::Str(d.meta.name.clone()),
                msg,
            ));
        }
    }
    let spec = &d.spec;
    errs.extend(validate_replicas(i64::from(spec.replicas)));
    errs.extend(validate_selector(
        spec.selector.as_ref(),
        &spec.template.labels,
    ));
    errs.extend(validate_containers(&spec.template));
    match (spec.strategy.kind, extra.unknown_strategy) {
        (_, Some(kind)) => errs.push(FieldError {
            field: "spec.strategy".into(),
            kind: ErrorKind::Unsupported(
                BadValue::Strategy {
                    kind: kind.to_string(),
                    rolling_update: spec.strategy.rolling_update.is_some(),
                },
                vec!["Recreate", "RollingUpdate"],
            ),
            detail: String::new(),
        }),
        (StrategyType::Recreate, None) => {
            if spec.strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        (StrategyType::RollingUpdate, None) => match &spec.strategy.rolling_update {
            None => errs.push(FieldError::required_because(
                "spec.strategy.rollingUpdate",
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let zero = IntOrString::Int(0);
                errs.extend(validate_rolling_update_deployment(
                    ru.max_surge.as_ref().unwrap_or(&zero),
                    ru.max_unavailable.as_ref().unwrap_or(&zero),
                    "spec.strategy.rollingUpdate",
                ));
            }
        },
    }
    nonnegative(
        "spec.minReadySeconds",
        i64::from(spec.min_ready_seconds),
        &mut errs,
    );
    if let Some(l) = spec.revision_history_limit {
        nonnegative("spec.revisionHistoryLimit", i64::from(l), &mut errs);
    }
    if let Some(r) = extra.rollback_to {
        // `ValidateRollback` names the field `version`.
        nonnegative("spec.rollback.version", r, &mut errs);
    }
    if let Some(p) = spec.progress_deadline_seconds {
        nonnegative("spec.progressDeadlineSeconds", i64::from(p), &mut errs);
        if p <= spec.min_ready_seconds {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                BadValue::Int(i64::from(p)),
                "must be greater than minReadySeconds",
            ));
        }
    }
    errs
}

/// The selector part of `ValidateDeploymentSpec` and the label check of
/// `ValidatePodTemplateSpecForReplicaSet`: a missing selector is required and matches nothing
/// (so the template labels do not match it either); an empty one is invalid and matches
/// everything.
pub fn validate_selector(
    selector: Option<&BTreeMap<String, String>>,
    labels: &BTreeMap<String, String>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let matches = match selector {
        None => {
            errs.push(FieldError::required("spec.selector"));
            false
        }
        Some(sel) if sel.is_empty() => {
            errs.push(FieldError::invalid(
                "spec.selector",
                BadValue::Selector(None),
                "empty selector is invalid for deployment",
            ));
            true
        }
        Some(sel) => sel.iter().all(|(k, v)| labels.get(k) == Some(v)),
    };
    if !matches {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            BadValue::Labels((!labels.is_empty()).then(|| labels.clone())),
            "`selector` does not match template `labels`",
        ));
    }
    errs
}

/// Mirrors the container checks of `ValidatePodTemplateSpec` a Deployment meets: at least one
/// container, each named (a DNS-1123 label, not repeated) and with an image. Whitespace around
/// an image is not checked here: only the pods the ReplicaSet creates are refused for it.
fn validate_containers(t: &super::PodTemplate) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if t.containers.is_empty() {
        errs.push(FieldError::required("spec.template.spec.containers"));
    }
    let mut names = std::collections::BTreeSet::new();
    for (i, c) in t.containers.iter().enumerate() {
        let path = format!("spec.template.spec.containers[{i}]");
        if c.name.is_empty() {
            errs.push(FieldError::required(format!("{path}.name")));
        } else {
            for msg in is_dns1123_label(&c.name) {
                errs.push(FieldError::invalid(
                    format!("{path}.name"),
                    BadValue::Str(c.name.clone()),
                    msg,
                ));
            }
        }
        if c.image.is_empty() {
            errs.push(FieldError::required(format!("{path}.image")));
        }
        if !c.name.is_empty() && !names.insert(c.name.as_str()) {
            errs.push(FieldError {
                field: format!("{path}.name"),
                kind: ErrorKind::Duplicate(BadValue::Str(c.name.clone())),
                detail: String::new(),
            });
        }
    }
    errs
}

/// The API server's warnings for a Deployment it accepts (`pkg/api/pod/warnings.go`), as kubectl
/// prints them after `Warning: `.
pub fn warnings_on_create(d: &Deployment) -> Vec<String> {
    let mut out = Vec::new();
    if d.spec.template.termination_grace_period_seconds < 0 {
        out.push("spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1".to_string());
    }
    out
}

/// Mirrors `validateContainerOnlyForPod`'s image check: why a pod of this template is refused
/// at creation (the ReplicaSet then reports FailedCreate), if it is.
pub fn pod_create_error(t: &super::PodTemplate) -> Option<String> {
    t.containers.iter().enumerate().find_map(|(i, c)| {
        (c.image.trim() != c.image).then(|| {
            FieldError::invalid(
                format!("spec.containers[{i}].image"),
                BadValue::Str(c.image.clone()),
                "must not have leading or trailing whitespace",
            )
            .to_string()
        })
    })
}
