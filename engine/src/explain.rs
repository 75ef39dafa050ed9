//! The arithmetic behind the numbers, in plain words: how maxSurge and maxUnavailable resolve
//! for a replica count, and the traps a setting falls into.

use crate::api::validation::{validate_replicas, validate_rolling_update_deployment, FieldError};
use crate::controller::deployment::util::resolve_fenceposts;
use crate::intstr::{scale_explained, IntOrString, Scaled};
use crate::sentence::Sentence;

/// How one int-or-percent value resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub scaled: Scaled,
    /// The value the controller uses (after the both-zero rule and the cap at replicas).
    pub value: i32,
    /// How it resolved, in parts (the rounding; the both-zero rule; the cap at replicas).
    pub sentence: Vec<Sentence>,
}

impl Resolved {
    /// How it resolved, in English, the parts joined by "; ".
    pub fn text(&self) -> String {
        self.sentence
            .iter()
            .map(Sentence::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Everything the fencepost panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Fenceposts {
    pub replicas: i32,
    pub surge: Resolved,
    pub unavailable: Resolved,
    /// Both came out 0, so maxUnavailable became 1.
    pub both_zero_rule: bool,
    /// replicas + surge: the most pods the rolling update keeps (terminating ones aside).
    pub max_total: i32,
    /// replicas - unavailable: the fewest available pods it keeps.
    pub min_available: i32,
    pub warnings: Vec<Sentence>,
}

/// A number as the explanation writes it: `0.75`, `2.5`, `3`.
pub fn format_number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn sentence(field: &str, s: &Scaled, value: i32) -> Sentence {
    match s.percent {
        Some(p) => {
            let exact = format_number(s.exact());
            let args: &[(&'static str, &dyn std::fmt::Display)] = &[
                ("field", &field),
                ("pct", &p),
                ("total", &s.total),
                ("exact", &exact),
                ("value", &value),
            ];
            if s.exact().fract() == 0.0 {
                Sentence::new("{field} {pct}% of {total} = {exact}", args)
            } else if s.round_up {
                Sentence::new(
                    "{field} {pct}% of {total} = {exact}, rounds up to {value}",
                    args,
                )
            } else {
                Sentence::new(
                    "{field} {pct}% of {total} = {exact}, rounds down to {value}",
                    args,
                )
            }
        }
        None => Sentence::new(
            "{field} {value} (an absolute number)",
            &[("field", &field), ("value", &value)],
        ),
    }
}

/// Validates the three values as Kubernetes would and explains how they resolve
/// (`ResolveFenceposts`, `MaxUnavailable`, `MinAvailable`).
pub fn explain_fenceposts(
    replicas: i32,
    max_surge: &IntOrString,
    max_unavailable: &IntOrString,
) -> Result<Fenceposts, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = validate_replicas(i64::from(replicas)).into_iter().collect();
    errors.extend(validate_rolling_update_deployment(
        max_surge,
        max_unavailable,
        "spec.strategy.rollingUpdate",
    ));
    if !errors.is_empty() {
        return Err(errors);
    }
    let surge_scaled = scale_explained(Some(max_surge), replicas, true)
        .map_err(|e| scale_error("maxSurge", max_surge, e))?;
    let unavailable_scaled = scale_explained(Some(max_unavailable), replicas, false)
        .map_err(|e| scale_error("maxUnavailable", max_unavailable, e))?;
    let (surge, resolved_unavailable) =
        resolve_fenceposts(Some(max_surge), Some(max_unavailable), replicas)
            .map_err(|e| scale_error("maxSurge", max_surge, e))?;
    let both_zero_rule = surge_scaled.value == 0 && unavailable_scaled.value == 0;
    // MaxUnavailable: 0 with no replicas, and never more than replicas.
    let unavailable = if replicas == 0 {
        0
    } else {
        resolved_unavailable.min(replicas)
    };
    let mut unavailable_sentence = vec![sentence(
        "maxUnavailable",
        &unavailable_scaled,
        unavailable_scaled.value,
    )];
    if both_zero_rule {
        unavailable_sentence.push(Sentence::new(
            "both resolve to 0, so maxUnavailable becomes 1",
            &[],
        ));
    }
    if resolved_unavailable > replicas && replicas > 0 {
        unavailable_sentence.push(Sentence::new(
            "capped at replicas = {replicas}",
            &[("replicas", &replicas)],
        ));
    }
    let max_total = replicas + surge;
    let min_available = replicas - unavailable;
    let mut warnings = Vec::new();
    if both_zero_rule && (max_surge.percent().is_some() || max_unavailable.percent().is_some()) {
        warnings.push(Sentence::new(
            "Both percentages round to 0 at {replicas} replicas: Kubernetes lets 1 pod be unavailable instead, so the rollout can proceed.",
            &[("replicas", &replicas)],
        ));
    }
    if replicas > 0 && min_available == 0 {
        warnings.push(if replicas == 1 {
            Sentence::new("1 replica with maxUnavailable 1: the only pod may be stopped before its replacement is ready. That is downtime; set maxSurge to 1 and maxUnavailable to 0.", &[])
        } else {
            Sentence::new("maxUnavailable lets all {replicas} pods be unavailable at once: the service may go down during the rollout.", &[("replicas", &replicas)])
        });
    }
    if surge == 0 && replicas > 0 && min_available < replicas {
        warnings.push(Sentence::new(
            "No surge: capacity drops to {min} of {replicas} while pods are replaced.",
            &[("min", &min_available), ("replicas", &replicas)],
        ));
    }
    Ok(Fenceposts {
        replicas,
        surge: Resolved {
            sentence: vec![sentence("maxSurge", &surge_scaled, surge)],
            scaled: surge_scaled,
            value: surge,
        },
        unavailable: Resolved {
            sentence: unavailable_sentence,
            scaled: unavailable_scaled,
            value: unavailable,
        },
        both_zero_rule,
        max_total,
        min_available,
        warnings,
    })
}

fn scale_error(field: &str, v: &IntOrString, e: crate::intstr::ScaleError) -> Vec<FieldError> {
    vec![FieldError::invalid(
        format!("spec.strategy.rollingUpdate.{field}"),
        v.into(),
        e.to_string(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> IntOrString {
        IntOrString::parse_input(v)
    }

    #[test]
    fn the_story_rounds_surge_up_and_unavailable_down() {
        let f = explain_fenceposts(3, &s("25%"), &s("25%")).unwrap();
        assert_eq!(f.surge.value, 1);
        assert_eq!(f.unavailable.value, 0);
        assert_eq!(f.surge.text(), "maxSurge 25% of 3 = 0.75, rounds up to 1");
        assert_eq!(
            f.unavailable.text(),
            "maxUnavailable 25% of 3 = 0.75, rounds down to 0"
        );
        assert_eq!((f.max_total, f.min_available), (4, 3));
    }

    #[test]
    fn percentages_that_both_round_to_zero_allow_one_unavailable() {
        let f = explain_fenceposts(3, &s("0%"), &s("10%"));
        // "0%" and 10% of 3: maxUnavailable 0.3 floors to 0 and surge is 0: both zero, rule applies.
        let f = f.unwrap();
        assert!(f.both_zero_rule);
        assert_eq!(f.unavailable.value, 1);
        assert_eq!(f.min_available, 2);
        assert!(!f.warnings.is_empty());
    }

    #[test]
    fn literal_zeros_are_rejected_with_kubernetes_words() {
        let errs = explain_fenceposts(3, &s("0"), &s("0")).unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let e = explain_fenceposts(3, &s("1"), &s("110%")).unwrap_err();
        assert_eq!(e[0].to_string(), "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%");
        let e = explain_fenceposts(3, &s("-1"), &s("1")).unwrap_err();
        assert_eq!(e[0].to_string(), "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0");
        let e = explain_fenceposts(3, &s("abc"), &s("1")).unwrap_err();
        assert!(e[0].to_string().starts_with(
            "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string"
        ));
        let e = explain_fenceposts(-2, &s("1"), &s("1")).unwrap_err();
        assert_eq!(e[0].field, "spec.replicas");
    }

    #[test]
    fn one_replica_with_one_unavailable_warns_of_downtime() {
        let f = explain_fenceposts(1, &s("0"), &s("1")).unwrap();
        assert_eq!(f.min_available, 0);
        assert!(f
            .warnings
            .iter()
            .any(|w| w.to_string().contains("downtime")));
    }
}
