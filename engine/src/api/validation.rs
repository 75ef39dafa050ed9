//! Kubernetes' API validation of a Deployment (`pkg/apis/apps/validation/validation.go`), with
//! its field paths and messages, plus the simulator's own size limit.

use super::{Deployment, StrategyType};
use crate::intstr::IntOrString;
use std::fmt;

/// The most replicas Rollout Lab simulates; beyond it the input is refused with a clear message
/// instead of a frozen page.
pub const MAX_SIMULATED_REPLICAS: i32 = 100_000;

/// A value as a field error prints it: ints bare, strings quoted.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    Int(i64),
    Str(String),
}

impl From<&IntOrString> for BadValue {
    fn from(v: &IntOrString) -> Self {
        match v {
            IntOrString::Int(i) => BadValue::Int(i64::from(*i)),
            IntOrString::String(s) => BadValue::Str(s.clone()),
        }
    }
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Str(s) => write!(f, "{s:?}"),
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
    /// A value of the wrong type (kubectl's schema validation).
    InvalidType {
        got: &'static str,
        expected: &'static str,
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
        FieldError {
            field: field.into(),
            kind: ErrorKind::Required,
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
        got: &'static str,
        expected: &'static str,
    ) -> Self {
        FieldError {
            field: field.into(),
            kind: ErrorKind::InvalidType { got, expected },
            detail: String::new(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Invalid(v) => {
                write!(f, "{}: Invalid value: {v}: {}", self.field, self.detail)
            }
            ErrorKind::Required => write!(f, "{}: Required value", self.field),
            ErrorKind::Forbidden => write!(f, "{}: Forbidden: {}", self.field, self.detail),
            ErrorKind::Unsupported(v, allowed) => {
                let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
                write!(
                    f,
                    "{}: Unsupported value: {v}: supported values: {}",
                    self.field,
                    allowed.join(", ")
                )
            }
            ErrorKind::InvalidType { got, expected } => {
                write!(
                    f,
                    "{}: Invalid type: got {got:?}, expected {expected:?}",
                    self.field
                )
            }
        }
    }
}

/// kubectl's summary line: `The Deployment "x" is invalid: ...`, one bullet per error when
/// there are several.
pub fn format_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    match errors {
        [one] => format!("The {kind} {name:?} is invalid: {one}"),
        many => {
            let items: Vec<String> = many.iter().map(|e| format!("* {e}")).collect();
            format!("The {kind} {name:?} is invalid: \n{}", items.join("\n"))
        }
    }
}

const NONNEGATIVE: &str = "must be greater than or equal to 0";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// Mirrors `validation.IsValidPercent`: `^[0-9]+%$`.
pub fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Mirrors `getIntOrPercentValue`: the number of a valid percent, else the int (0 for a string).
fn get_int_or_percent_value(v: &IntOrString) -> i64 {
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) if is_valid_percent(s) => {
            s.trim_end_matches('%').parse::<i64>().unwrap_or(i64::MAX)
        }
        IntOrString::String(_) => 0,
    }
}

/// Mirrors `ValidatePositiveIntOrPercent`.
pub fn validate_positive_int_or_percent(v: &IntOrString, field: &str) -> Vec<FieldError> {
    match v {
        IntOrString::String(s) if !is_valid_percent(s) => {
            vec![FieldError::invalid(field, v.into(), PERCENT_MSG)]
        }
        IntOrString::Int(i) if *i < 0 => vec![FieldError::invalid(field, v.into(), NONNEGATIVE)],
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

/// Mirrors `IsDNS1123Subdomain` (at most 253 characters).
pub fn is_dns1123_subdomain(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase() || *c == b'-')
            && !b.iter().any(|c| c.is_ascii_uppercase())
    };
    if !name.split('.').all(label_ok) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

fn nonnegative(field: &str, v: i64, errs: &mut Vec<FieldError>) {
    if v < 0 {
        errs.push(FieldError::invalid(field, BadValue::Int(v), NONNEGATIVE));
    }
}

/// Mirrors `ValidateDeployment` for the fields Rollout Lab models.
pub fn validate_deployment(d: &Deployment) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if d.meta.name.is_empty() {
        errs.push(FieldError::required("metadata.name"));
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
    nonnegative("spec.replicas", i64::from(spec.replicas), &mut errs);
    if spec.replicas > MAX_SIMULATED_REPLICAS {
        errs.push(FieldError::invalid(
            "spec.replicas",
            BadValue::Int(i64::from(spec.replicas)),
            format!("Rollout Lab simulates at most {MAX_SIMULATED_REPLICAS} replicas"),
        ));
    }
    if spec.template.containers.is_empty() {
        errs.push(FieldError::required("spec.template.spec.containers"));
    }
    for (i, c) in spec.template.containers.iter().enumerate() {
        if c.name.is_empty() {
            errs.push(FieldError::required(format!(
                "spec.template.spec.containers[{i}].name"
            )));
        }
        let image_field = format!("spec.template.spec.containers[{i}].image");
        if c.image.trim().is_empty() {
            errs.push(FieldError::required(image_field));
        } else if c.image.trim() != c.image {
            errs.push(FieldError::invalid(
                image_field,
                BadValue::Str(c.image.clone()),
                "must not have leading or trailing whitespace",
            ));
        }
    }
    nonnegative(
        "spec.template.spec.terminationGracePeriodSeconds",
        spec.template.termination_grace_period_seconds,
        &mut errs,
    );
    match spec.strategy.kind {
        StrategyType::Recreate => {
            if spec.strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        StrategyType::RollingUpdate => match &spec.strategy.rolling_update {
            None => errs.push(FieldError::required("spec.strategy.rollingUpdate")),
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
