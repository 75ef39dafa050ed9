//! How long something takes, in seconds: a fixed number, or a distribution pods draw from.
//!
//! In a scenario file: `2`, `{uniform: {min: 1, max: 3}}`, `{normal: {mean: 10, sd: 2}}`
//! (truncated at 0), `{lognormal: {p50: 20, p99: 90}}` (the median and 99th percentile a
//! dashboard shows), `{samples: [12, 14.5, 31]}` (measured values, drawn uniformly); or the
//! command line's text form, `lognormal(20s,90s)`, which files accept too.

use super::draw::Draws;
use crate::api::validation::{BadValue, FieldError};
use serde_json::{json, Map, Value};
use std::fmt;

/// The standard normal's 99th percentile: a lognormal's sigma is ln(p99 / p50) over it.
const Z99: f64 = 2.326_347_874_040_841;
/// The most seconds a duration may take: one simulated day.
pub const MAX_SECONDS: f64 = 86_400.0;
/// The most measured values a `samples` list may hold.
pub const MAX_SAMPLES: usize = 10_000;

/// A duration in seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Fixed(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    /// Truncated at 0: a draw below 0 is drawn again.
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Given by its median and 99th percentile.
    LogNormal {
        p50: f64,
        p99: f64,
    },
    /// Measured values, each as likely.
    Samples(Vec<f64>),
}

impl Default for Dist {
    fn default() -> Self {
        Dist::Fixed(0.0)
    }
}

impl From<f64> for Dist {
    fn from(v: f64) -> Self {
        Dist::Fixed(v)
    }
}

impl Dist {
    /// Whether every draw gives the same value.
    pub fn is_fixed(&self) -> bool {
        match self {
            Dist::Fixed(_) => true,
            Dist::Uniform { min, max } => min == max,
            Dist::Normal { sd, .. } => *sd == 0.0,
            Dist::LogNormal { p50, p99 } => p50 == p99,
            Dist::Samples(v) => v.windows(2).all(|w| w[0] == w[1]),
        }
    }

    /// One draw, in seconds.
    pub fn sample(&self, draws: &mut Draws) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => min + draws.next_uniform() * (max - min),
            Dist::Normal { mean, sd } => {
                // Rejection keeps the shape of the truncated normal; 64 tries cover any mean
                // above -2 sd with room to spare, and a run must not loop forever.
                for _ in 0..64 {
                    let x = mean + sd * draws.next_normal();
                    if x >= 0.0 {
                        return x;
                    }
                }
                0.0
            }
            Dist::LogNormal { p50, p99 } => {
                let sigma = libm::log(p99 / p50) / Z99;
                p50 * libm::exp(sigma * draws.next_normal())
            }
            Dist::Samples(v) => {
                let i = (draws.next_uniform() * v.len() as f64) as usize;
                v[i.min(v.len() - 1)]
            }
        }
    }

    /// The `q`-quantile (0 < q < 1), in seconds.
    pub fn quantile(&self, q: f64) -> f64 {
        let q = q.clamp(1e-9, 1.0 - 1e-9);
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => min + q * (max - min),
            Dist::Normal { mean, sd } => {
                if *sd == 0.0 {
                    return mean.max(0.0);
                }
                // The truncated normal's quantile: shift q into the part above 0.
                let below = normal_cdf(-mean / sd);
                mean + sd * normal_quantile(below + q * (1.0 - below))
            }
            Dist::LogNormal { p50, p99 } => {
                let sigma = libm::log(p99 / p50) / Z99;
                p50 * libm::exp(sigma * normal_quantile(q))
            }
            Dist::Samples(v) => {
                let mut sorted = v.clone();
                sorted.sort_by(f64::total_cmp);
                let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
                sorted[i - 1]
            }
        }
    }

    /// The median, in seconds.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// What is wrong with it, naming `field`: negative or absurd times, p99 below p50, an
    /// empty list.
    pub fn validate(&self, field: &str) -> Result<(), FieldError> {
        let bad = |detail: &str| {
            Err(FieldError::invalid(
                field,
                BadValue::Str(self.to_string()),
                detail,
            ))
        };
        let in_range = |v: f64| v.is_finite() && (0.0..=MAX_SECONDS).contains(&v);
        match self {
            Dist::Fixed(v) if !in_range(*v) => {
                return Err(FieldError::invalid(
                    field,
                    BadValue::Float(*v),
                    format!("must be between 0 and {MAX_SECONDS} seconds"),
                ))
            }
            Dist::Uniform { min, max } if !(in_range(*min) && in_range(*max)) => {
                return bad("min and max must be between 0 and 86400 seconds")
            }
            Dist::Uniform { min, max } if max < min => return bad("max must not be below min"),
            Dist::Normal { mean, sd } if !(in_range(*mean) && in_range(*sd)) => {
                return bad("mean and sd must be between 0 and 86400 seconds")
            }
            Dist::LogNormal { p50, p99 } if !(in_range(*p50) && in_range(*p99)) => {
                return bad("p50 and p99 must be between 0 and 86400 seconds")
            }
            Dist::LogNormal { p50, .. } if *p50 <= 0.0 => {
                return bad("p50 must be more than 0 (a lognormal time is never 0)")
            }
            Dist::LogNormal { p50, p99 } if p99 < p50 => return bad("p99 must not be below p50"),
            Dist::Samples(v) if v.is_empty() => return bad("must hold at least one value"),
            Dist::Samples(v) if v.len() > MAX_SAMPLES => {
                return bad("must hold at most 10000 values")
            }
            Dist::Samples(v) if !v.iter().all(|x| in_range(*x)) => {
                return bad("every value must be between 0 and 86400 seconds")
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads a duration from a scenario file's value: a number, a one-key mapping, or the text
    /// form; checked with [`Dist::validate`].
    pub fn from_value(v: &Value, field: &str) -> Result<Dist, FieldError> {
        let shape = "a number of seconds, or one of {uniform: {min, max}}, {normal: {mean, sd}}, {lognormal: {p50, p99}}, {samples: [...]}";
        let invalid =
            |detail: String| FieldError::invalid(field, BadValue::Str(v.to_string()), detail);
        let dist = match v {
            Value::Number(n) => Dist::Fixed(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Dist::parse(s)
                .map_err(|e| FieldError::invalid(field, BadValue::Str(s.clone()), e))?,
            Value::Object(m) if m.len() == 1 => {
                let (kind, body) = m.iter().next().expect("one key");
                let num = |key: &str| -> Result<f64, FieldError> {
                    let x = body
                        .get(key)
                        .ok_or_else(|| FieldError::required(format!("{field}.{kind}.{key}")))?;
                    x.as_f64().ok_or_else(|| {
                        FieldError::invalid(
                            format!("{field}.{kind}.{key}"),
                            BadValue::Str(x.to_string()),
                            "must be a number of seconds",
                        )
                    })
                };
                let keys = |known: &[&str]| -> Result<(), FieldError> {
                    match body.as_object() {
                        Some(o) => match o.keys().find(|k| !known.contains(&k.as_str())) {
                            Some(k) => Err(FieldError::invalid(
                                format!("{field}.{kind}.{k}"),
                                BadValue::Str(k.clone()),
                                format!("unknown field; {kind} takes {}", known.join(" and ")),
                            )),
                            None => Ok(()),
                        },
                        None => Err(invalid(format!(
                            "{kind} must be a mapping of {}",
                            known.join(" and ")
                        ))),
                    }
                };
                match kind.as_str() {
                    "uniform" => {
                        keys(&["min", "max"])?;
                        Dist::Uniform {
                            min: num("min")?,
                            max: num("max")?,
                        }
                    }
                    "normal" => {
                        keys(&["mean", "sd"])?;
                        Dist::Normal {
                            mean: num("mean")?,
                            sd: num("sd")?,
                        }
                    }
                    "lognormal" => {
                        keys(&["p50", "p99"])?;
                        Dist::LogNormal {
                            p50: num("p50")?,
                            p99: num("p99")?,
                        }
                    }
                    "samples" => match body {
                        Value::Array(items) => Dist::Samples(
                            items
                                .iter()
                                .enumerate()
                                .map(|(i, x)| {
                                    x.as_f64().ok_or_else(|| {
                                        FieldError::invalid(
                                            format!("{field}.samples[{i}]"),
                                            BadValue::Str(x.to_string()),
                                            "must be a number of seconds",
                                        )
                                    })
                                })
                                .collect::<Result<_, _>>()?,
                        ),
                        _ => return Err(invalid("samples must be a list of seconds".into())),
                    },
                    _ => return Err(invalid(format!("must be {shape}"))),
                }
            }
            _ => return Err(invalid(format!("must be {shape}"))),
        };
        dist.validate(field)?;
        Ok(dist)
    }

    /// The value a scenario file holds: a plain number when fixed.
    pub fn to_value(&self) -> Value {
        match self {
            Dist::Fixed(v) => json!(v),
            Dist::Uniform { min, max } => json!({"uniform": {"min": min, "max": max}}),
            Dist::Normal { mean, sd } => json!({"normal": {"mean": mean, "sd": sd}}),
            Dist::LogNormal { p50, p99 } => json!({"lognormal": {"p50": p50, "p99": p99}}),
            Dist::Samples(v) => Value::Object(Map::from_iter([("samples".to_string(), json!(v))])),
        }
    }

    /// Reads the text form: `20`, `20s`, `1.5m`, `500ms`, `uniform(10s,30s)`,
    /// `normal(20s,5s)`, `lognormal(20s,90s)`, `samples(12s,14s,31s)`.
    pub fn parse(text: &str) -> Result<Dist, String> {
        let t = text.trim();
        let Some((kind, rest)) = t.split_once('(') else {
            return seconds(t).map(Dist::Fixed);
        };
        let args = rest
            .strip_suffix(')')
            .ok_or_else(|| format!("{t:?}: a closing parenthesis is missing"))?;
        let values: Vec<f64> = args.split(',').map(seconds).collect::<Result<_, _>>()?;
        let two = |name: &str| -> Result<(f64, f64), String> {
            match values.as_slice() {
                [a, b] => Ok((*a, *b)),
                _ => Err(format!("{name}(...) takes two times, e.g. {name}(20s,90s)")),
            }
        };
        let dist = match kind.trim() {
            "uniform" => {
                let (min, max) = two("uniform")?;
                Dist::Uniform { min, max }
            }
            "normal" => {
                let (mean, sd) = two("normal")?;
                Dist::Normal { mean, sd }
            }
            "lognormal" => {
                let (p50, p99) = two("lognormal")?;
                Dist::LogNormal { p50, p99 }
            }
            "samples" => Dist::Samples(values),
            other => {
                return Err(format!(
                    "unknown distribution {other:?}: use uniform, normal, lognormal or samples"
                ))
            }
        };
        dist.validate("").map_err(|e| e.detail)?;
        Ok(dist)
    }
}

/// Seconds from `20`, `20s`, `1.5m` or `500ms`.
fn seconds(t: &str) -> Result<f64, String> {
    let t = t.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v * scale),
        _ => Err(format!(
            "{t:?} is not a time: write seconds, e.g. 20s, 1.5m or 500ms"
        )),
    }
}

impl fmt::Display for Dist {
    /// The text form [`Dist::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |v: &f64| format!("{}s", crate::explain::format_number(*v));
        match self {
            Dist::Fixed(v) => write!(f, "{}", s(v)),
            Dist::Uniform { min, max } => write!(f, "uniform({},{})", s(min), s(max)),
            Dist::Normal { mean, sd } => write!(f, "normal({},{})", s(mean), s(sd)),
            Dist::LogNormal { p50, p99 } => write!(f, "lognormal({},{})", s(p50), s(p99)),
            Dist::Samples(v) => {
                let items: Vec<String> = v.iter().map(s).collect();
                write!(f, "samples({})", items.join(","))
            }
        }
    }
}

/// The standard normal CDF.
fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal quantile (Acklam's rational approximation, refined by one Newton step
/// on the CDF; relative error below 1e-12).
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < 0.02425 {
        tail(libm::sqrt(-2.0 * libm::log(p)))
    } else if p > 1.0 - 0.02425 {
        -tail(libm::sqrt(-2.0 * libm::log(1.0 - p)))
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    let e = normal_cdf(x) - p;
    let u = e * libm::sqrt(std::f64::consts::TAU) * libm::exp(x * x / 2.0);
    x - u / (1.0 + x * u / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::draw::Stream;

    fn draws(d: &Dist, n: u64) -> Vec<f64> {
        let mut v: Vec<f64> = (0..n)
            .map(|uid| d.sample(&mut Draws::new(3, uid, Stream::ReadyAfter)))
            .collect();
        v.sort_by(f64::total_cmp);
        v
    }

    #[test]
    fn a_lognormal_has_the_median_and_p99_it_was_given() {
        let d = Dist::LogNormal {
            p50: 20.0,
            p99: 90.0,
        };
        assert!((d.quantile(0.5) - 20.0).abs() < 1e-9);
        assert!((d.quantile(0.99) - 90.0).abs() < 1e-6);
        let v = draws(&d, 40_000);
        let p50 = v[20_000];
        let p99 = v[39_600];
        assert!((p50 - 20.0).abs() < 0.5, "p50 {p50}");
        assert!((p99 - 90.0).abs() < 5.0, "p99 {p99}");
    }

    #[test]
    fn a_normal_is_truncated_at_zero() {
        let d = Dist::Normal { mean: 1.0, sd: 2.0 };
        let v = draws(&d, 10_000);
        assert!(v[0] >= 0.0);
        // Truncation moves the median above the mean: P(X < m | X >= 0) = 0.5.
        let analytic = d.quantile(0.5);
        assert!(analytic > 1.0);
        assert!(
            (v[5_000] - analytic).abs() < 0.1,
            "{} vs {analytic}",
            v[5_000]
        );
    }

    #[test]
    fn uniform_and_samples_stay_within_their_values() {
        let u = draws(&Dist::Uniform { min: 2.0, max: 4.0 }, 1_000);
        assert!(u[0] >= 2.0 && u[999] < 4.0);
        let s = draws(&Dist::Samples(vec![1.0, 5.0, 9.0]), 300);
        assert!(s.iter().all(|x| [1.0, 5.0, 9.0].contains(x)));
        assert!(s.contains(&1.0) && s.contains(&9.0));
        assert_eq!(Dist::Samples(vec![9.0, 1.0, 5.0]).quantile(0.5), 5.0);
    }

    #[test]
    fn the_normal_quantile_is_accurate() {
        for (p, z) in [(0.5, 0.0), (0.975, 1.959_963_984_540_054), (0.01, -Z99)] {
            assert!((normal_quantile(p) - z).abs() < 1e-9, "{p}");
        }
    }

    #[test]
    fn the_text_form_reads_and_prints_back() {
        for text in [
            "20s",
            "lognormal(20s,90s)",
            "uniform(1.5s,3s)",
            "normal(10s,2s)",
            "samples(1s,2s,30s)",
        ] {
            let d = Dist::parse(text).unwrap();
            assert_eq!(d.to_string(), text);
            assert_eq!(Dist::from_value(&d.to_value(), "f").unwrap(), d);
        }
        assert_eq!(Dist::parse("1.5m").unwrap(), Dist::Fixed(90.0));
        assert_eq!(Dist::parse("500ms").unwrap(), Dist::Fixed(0.5));
        assert_eq!(
            Dist::parse("lognormal(20s, 90s)").unwrap(),
            Dist::LogNormal {
                p50: 20.0,
                p99: 90.0
            }
        );
    }

    #[test]
    fn bad_distributions_name_the_field_and_say_why() {
        let err = |v: Value| {
            Dist::from_value(&v, "images[\"a:1\"].readyAfter")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(json!({"lognormal": {"p50": 90, "p99": 20}})),
            "images[\"a:1\"].readyAfter: Invalid value: \"lognormal(90s,20s)\": p99 must not be below p50"
        );
        assert_eq!(
            err(json!(-1)),
            "images[\"a:1\"].readyAfter: Invalid value: -1: must be between 0 and 86400 seconds"
        );
        assert!(
            err(json!({"uniform": {"min": 3}})).contains("readyAfter.uniform.max: Required value")
        );
        assert!(err(json!({"uniform": {"min": 3, "max": 4, "mode": 1}})).contains("unknown field"));
        assert!(err(json!({"gamma": {"k": 1}})).contains("must be a number of seconds, or one of"));
        assert!(err(json!("lognormal(20s)")).contains("takes two times"));
        assert!(err(json!({"samples": []})).contains("at least one value"));
        assert!(Dist::parse("fast").unwrap_err().contains("is not a time"));
    }
}
