//! Int-or-percent values, as `k8s.io/apimachinery/pkg/util/intstr` defines them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A value that is either an absolute integer or a string percentage such as `"25%"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl IntOrString {
    /// Parses what a user types into a form field: digits (with an optional sign) are an int,
    /// anything else is kept as a string, exactly as a YAML manifest would carry it.
    pub fn parse_input(text: &str) -> IntOrString {
        let t = text.trim();
        match t.parse::<i32>() {
            Ok(v) if !t.starts_with('+') => IntOrString::Int(v),
            _ => IntOrString::String(t.to_string()),
        }
    }

    /// The percentage carried by a string value that ends in `%` and parses as `strconv.Atoi` would.
    pub fn percent(&self) -> Option<i32> {
        match self {
            IntOrString::String(s) => s.strip_suffix('%').and_then(|n| n.parse::<i32>().ok()),
            IntOrString::Int(_) => None,
        }
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(v) => write!(f, "{v}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

/// Why an int-or-percent value could not be scaled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScaleError {
    Nil,
    NotAPercentage(String),
    InvalidNumber(String),
}

impl fmt::Display for ScaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaleError::Nil => f.write_str("nil value for IntOrString"),
            ScaleError::NotAPercentage(s) => {
                write!(f, "invalid type: string is not a percentage: {s:?}")
            }
            ScaleError::InvalidNumber(s) => {
                write!(f, "invalid value for IntOrString: invalid value {s:?}")
            }
        }
    }
}

/// How a scaled value was reached, so that the page can show the arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub struct Scaled {
    pub value: i32,
    /// `Some(percent)` when the input was a percentage of `total`.
    pub percent: Option<i32>,
    pub total: i32,
    pub round_up: bool,
}

impl Scaled {
    /// The exact product before rounding, e.g. 0.75 for 25% of 3.
    pub fn exact(&self) -> f64 {
        match self.percent {
            Some(p) => f64::from(p) * f64::from(self.total) / 100.0,
            None => f64::from(self.value),
        }
    }
}

/// Mirrors `intstr.GetScaledValueFromIntOrPercent`: an int is used as is; `"N%"` of `total`
/// rounds up (ceil) or down (floor).
pub fn get_scaled_value_from_int_or_percent(
    value: Option<&IntOrString>,
    total: i32,
    round_up: bool,
) -> Result<i32, ScaleError> {
    scale_explained(value, total, round_up).map(|s| s.value)
}

/// [`get_scaled_value_from_int_or_percent`] with the inputs of its arithmetic kept.
pub fn scale_explained(
    value: Option<&IntOrString>,
    total: i32,
    round_up: bool,
) -> Result<Scaled, ScaleError> {
    match value {
        None => Err(ScaleError::Nil),
        Some(IntOrString::Int(v)) => Ok(Scaled {
            value: *v,
            percent: None,
            total,
            round_up,
        }),
        Some(IntOrString::String(s)) => {
            let Some(number) = s.strip_suffix('%') else {
                return Err(ScaleError::NotAPercentage(s.clone()));
            };
            let p: i32 = number
                .parse()
                .map_err(|_| ScaleError::InvalidNumber(s.clone()))?;
            let value = percent_of(p, total, round_up);
            Ok(Scaled {
                value,
                percent: Some(p),
                total,
                round_up,
            })
        }
    }
}

/// `p`% of `total`, rounded up or down (exact integer arithmetic for what Go computes in float64).
fn percent_of(p: i32, total: i32, round_up: bool) -> i32 {
    let product = i64::from(p) * i64::from(total);
    let scaled = if round_up {
        -((-product).div_euclid(100))
    } else {
        product.div_euclid(100)
    };
    scaled.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Mirrors the deprecated `intstr.GetValueFromIntOrPercent`, which Argo Rollouts still uses: every
/// string is a percentage once all its `%` signs are stripped (`"25"` is 25%), an int is used as is.
pub fn get_value_from_int_or_percent(
    value: &IntOrString,
    total: i32,
    round_up: bool,
) -> Result<i32, ScaleError> {
    match value {
        IntOrString::Int(v) => Ok(*v),
        IntOrString::String(s) => {
            let p: i32 = s
                .replace('%', "")
                .parse()
                .map_err(|_| ScaleError::InvalidNumber(s.clone()))?;
            Ok(percent_of(p, total, round_up))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> IntOrString {
        IntOrString::String(v.into())
    }

    #[test]
    fn percentages_round_in_the_requested_direction() {
        assert_eq!(
            get_scaled_value_from_int_or_percent(Some(&s("25%")), 3, true),
            Ok(1)
        );
        assert_eq!(
            get_scaled_value_from_int_or_percent(Some(&s("25%")), 3, false),
            Ok(0)
        );
        assert_eq!(
            get_scaled_value_from_int_or_percent(Some(&s("39%")), 10, true),
            Ok(4)
        );
        assert_eq!(
            get_scaled_value_from_int_or_percent(Some(&s("-25%")), 3, false),
            Ok(-1)
        );
    }

    #[test]
    fn ints_pass_through_and_bad_strings_fail() {
        assert_eq!(
            get_scaled_value_from_int_or_percent(Some(&IntOrString::Int(7)), 3, true),
            Ok(7)
        );
        assert_eq!(
            get_scaled_value_from_int_or_percent(None, 3, true),
            Err(ScaleError::Nil)
        );
        assert!(matches!(
            get_scaled_value_from_int_or_percent(Some(&s("25")), 3, true),
            Err(ScaleError::NotAPercentage(_))
        ));
        assert!(matches!(
            get_scaled_value_from_int_or_percent(Some(&s("25.5%")), 3, true),
            Err(ScaleError::InvalidNumber(_))
        ));
    }

    #[test]
    fn parse_input_keeps_the_form_a_manifest_would_have() {
        assert_eq!(IntOrString::parse_input(" 3 "), IntOrString::Int(3));
        assert_eq!(IntOrString::parse_input("-1"), IntOrString::Int(-1));
        assert_eq!(IntOrString::parse_input("25%"), s("25%"));
        assert_eq!(IntOrString::parse_input("abc"), s("abc"));
    }
}
