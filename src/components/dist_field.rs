//! A time that may vary: fixed seconds, or a distribution (uniform, normal, lognormal by its
//! p50 and p99, or measured samples), with the engine's message beside it when it is invalid
//! and, for Ready times, a small curve of the distribution with its p50 and p95.

use crate::i18n::{n_, tr};
use rollout_engine::behaviour::Dist;
use rollout_engine::explain::format_number;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DistFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The field's path in the scenario, for messages (`images["web:v2"].readyAfter`).
    pub field: AttrValue,
    pub value: Dist,
    /// Draw the distribution's curve.
    #[prop_or_default]
    pub preview: bool,
    pub on_change: Callback<Dist>,
}

/// The kinds, with the names of their two parameters.
const KINDS: [(&str, &str, [&str; 2]); 5] = [
    ("fixed", n_("fixed"), [n_("seconds"), ""]),
    ("uniform", n_("uniform"), [n_("min (s)"), n_("max (s)")]),
    ("normal", n_("normal"), [n_("mean (s)"), n_("sd (s)")]),
    ("lognormal", n_("lognormal"), ["p50 (s)", "p99 (s)"]),
    (
        "samples",
        n_("measured samples"),
        [n_("seconds, comma-separated"), ""],
    ),
];

fn kind_of(d: &Dist) -> &'static str {
    match d {
        Dist::Fixed(_) => "fixed",
        Dist::Uniform { .. } => "uniform",
        Dist::Normal { .. } => "normal",
        Dist::LogNormal { .. } => "lognormal",
        Dist::Samples(_) => "samples",
    }
}

/// The parameters as the inputs show them.
fn texts(d: &Dist) -> [String; 2] {
    let n = |v: &f64| format_number(*v);
    match d {
        Dist::Fixed(v) => [n(v), String::new()],
        Dist::Uniform { min, max } => [n(min), n(max)],
        Dist::Normal { mean, sd } => [n(mean), n(sd)],
        Dist::LogNormal { p50, p99 } => [n(p50), n(p99)],
        Dist::Samples(v) => [
            v.iter().map(n).collect::<Vec<_>>().join(", "),
            String::new(),
        ],
    }
}

/// The distribution the inputs describe, or what is wrong (in the engine's words).
fn read(kind: &str, a: &str, b: &str, field: &str) -> Result<Dist, String> {
    let num = |t: &str, what: &str| -> Result<f64, String> {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{field}: {what} must be a number of seconds"))
    };
    let d = match kind {
        "uniform" => Dist::Uniform {
            min: num(a, "min")?,
            max: num(b, "max")?,
        },
        "normal" => Dist::Normal {
            mean: num(a, "mean")?,
            sd: num(b, "sd")?,
        },
        "lognormal" => Dist::LogNormal {
            p50: num(a, "p50")?,
            p99: num(b, "p99")?,
        },
        "samples" => Dist::Samples(
            a.split(',')
                .filter(|t| !t.trim().is_empty())
                .map(|t| num(t, "each sample"))
                .collect::<Result<_, _>>()?,
        ),
        _ => Dist::Fixed(num(a, "the time")?),
    };
    d.validate(field).map_err(|e| e.to_string())?;
    Ok(d)
}

/// A default of each kind around the current median.
fn switch_to(kind: &str, d: &Dist) -> Dist {
    let m = d.median().max(0.5);
    match kind {
        "uniform" => Dist::Uniform {
            min: m / 2.0,
            max: m * 1.5,
        },
        "normal" => Dist::Normal {
            mean: m,
            sd: m / 4.0,
        },
        "lognormal" => Dist::LogNormal {
            p50: m,
            p99: m * 5.0,
        },
        "samples" => Dist::Samples(vec![m, m, m * 2.0]),
        _ => Dist::Fixed(m),
    }
}

/// The distribution's density as an SVG path over a 100 x 24 box (a histogram of 200 evenly
/// spaced quantiles), with the x positions of its p50 and p95.
fn curve(d: &Dist) -> (String, f64, f64, f64) {
    const W: f64 = 100.0;
    const H: f64 = 24.0;
    let lo = d.quantile(0.005);
    let hi = d.quantile(0.995).max(lo + 1e-9);
    let bins = 25;
    let mut counts = vec![0u32; bins];
    for i in 0..200 {
        let v = d.quantile((f64::from(i) + 0.5) / 200.0);
        let b = (((v - lo) / (hi - lo)) * bins as f64) as usize;
        counts[b.min(bins - 1)] += 1;
    }
    let most = f64::from(*counts.iter().max().unwrap_or(&1).max(&1));
    let mut path = format!("M0,{H}");
    for (i, c) in counts.iter().enumerate() {
        let (x0, x1) = (i as f64 * W / bins as f64, (i + 1) as f64 * W / bins as f64);
        let y = H - f64::from(*c) / most * (H - 2.0);
        path.push_str(&format!(" L{x0:.1},{y:.1} L{x1:.1},{y:.1}"));
    }
    path.push_str(&format!(" L{W},{H} Z"));
    let x = |v: f64| ((v - lo) / (hi - lo) * W).clamp(0.0, W);
    (path, x(d.quantile(0.5)), x(d.quantile(0.95)), hi)
}

#[function_component(DistField)]
pub fn dist_field(p: &DistFieldProps) -> Html {
    // What the user typed, kept while it is invalid; reset when the value changes elsewhere.
    let typed = use_state(|| (kind_of(&p.value), texts(&p.value)));
    let error = use_state(|| None::<String>);
    {
        let (typed, error) = (typed.clone(), error.clone());
        use_effect_with(p.value.clone(), move |v| {
            typed.set((kind_of(v), texts(v)));
            error.set(None);
        });
    }
    let (kind, [a, b]) = (typed.0, typed.1.clone());
    let emit = {
        let (cb, error, field) = (p.on_change.clone(), error.clone(), p.field.clone());
        move |kind: &str, a: &str, b: &str| match read(kind, a, b, &field) {
            Ok(d) => {
                error.set(None);
                cb.emit(d);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let on_kind = {
        let (cb, value, typed) = (p.on_change.clone(), p.value.clone(), typed.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let kind = KINDS.iter().find(|k| k.0 == v).map_or("fixed", |k| k.0);
            let next = switch_to(kind, &value);
            typed.set((kind, texts(&next)));
            cb.emit(next);
        })
    };
    let on_param = |which: usize| {
        let (typed, emit) = (typed.clone(), emit.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut t = typed.1.clone();
            t[which] = text;
            emit(typed.0, &t[0], &t[1]);
            typed.set((typed.0, t));
        })
    };
    let names = KINDS.iter().find(|k| k.0 == kind).map_or(["", ""], |k| k.2);
    let id = &p.id;
    let preview = (p.preview && !p.value.is_fixed()).then(|| {
        let (path, x50, x95, _) = curve(&p.value);
        let summary = format!(
            "p50 {} s · p95 {} s · p99 {} s",
            format_number((p.value.quantile(0.5) * 10.0).round() / 10.0),
            format_number((p.value.quantile(0.95) * 10.0).round() / 10.0),
            format_number((p.value.quantile(0.99) * 10.0).round() / 10.0)
        );
        html! {
            <figure class="dist-preview">
                <svg viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label={format!("{}: {summary}", p.label)}>
                    <path class="dist-curve" d={path} />
                    <line class="dist-p50" x1={x50.to_string()} x2={x50.to_string()} y1="0" y2="24" />
                    <line class="dist-p95" x1={x95.to_string()} x2={x95.to_string()} y1="0" y2="24" />
                </svg>
                <figcaption id={format!("{id}-summary")}>{ summary }</figcaption>
            </figure>
        }
    });
    html! {
        <div class={classes!("dist-field", error.is_some().then_some("invalid"))}>
            <label for={format!("{id}-kind")}>{ crate::i18n::tr_value(&p.label) }</label>
            <div class="dist-inputs">
                <select id={format!("{id}-kind")} onchange={on_kind} aria-label={crate::i18n::trf("{label}: kind", &[("label", &crate::i18n::tr_value(&p.label))])}>
                    { for KINDS.iter().map(|(v, label, _)| html! { <option value={*v} selected={*v == kind}>{ crate::i18n::tr(label) }</option> }) }
                </select>
                <input id={format!("{id}-a")} type="text" inputmode="decimal" value={a} onchange={on_param(0)}
                    aria-label={format!("{}: {}", crate::i18n::tr_value(&p.label), tr(names[0]))} title={tr(names[0])} aria-invalid={error.is_some().to_string()} />
                if !names[1].is_empty() {
                    <input id={format!("{id}-b")} type="text" inputmode="decimal" value={b} onchange={on_param(1)}
                        aria-label={format!("{}: {}", crate::i18n::tr_value(&p.label), tr(names[1]))} title={tr(names[1])} aria-invalid={error.is_some().to_string()} />
                }
            </div>
            if kind != "fixed" {
                <small class="hint">{ names.iter().filter(|n| !n.is_empty()).map(|n| tr(n)).collect::<Vec<_>>().join(" · ") }</small>
            }
            if let Some(e) = &*error { <p class="error" id={format!("{id}-error")} role="alert">{ e.clone() }</p> }
            { preview.unwrap_or_default() }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inputs_read_as_the_engine_checks() {
        let f = "images[\"a:1\"].readyAfter";
        assert_eq!(
            read("lognormal", "10", "60", f),
            Ok(Dist::LogNormal {
                p50: 10.0,
                p99: 60.0
            })
        );
        assert_eq!(
            read("samples", "1, 2 ,3,", "", f),
            Ok(Dist::Samples(vec![1.0, 2.0, 3.0]))
        );
        assert_eq!(
            read("lognormal", "60", "10", f).unwrap_err(),
            "images[\"a:1\"].readyAfter: Invalid value: \"lognormal(60s,10s)\": p99 must not be below p50"
        );
        assert!(read("uniform", "x", "2", f)
            .unwrap_err()
            .contains("min must be a number"));
        for d in [Dist::Fixed(2.5), Dist::Normal { mean: 3.0, sd: 1.0 }] {
            let [a, b] = texts(&d);
            assert_eq!(read(kind_of(&d), &a, &b, f), Ok(d));
        }
    }

    #[test]
    fn the_curve_marks_p50_before_p95() {
        let (path, x50, x95, hi) = curve(&Dist::LogNormal {
            p50: 10.0,
            p99: 60.0,
        });
        assert!(path.starts_with("M0,24") && path.ends_with('Z'));
        assert!(x50 < x95 && x95 <= 100.0);
        assert!(hi > 60.0);
    }
}
