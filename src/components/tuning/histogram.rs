//! One setting's runs at a glance: the figures that matter and a small histogram of how long
//! its rollouts took, shown while the pointer is over its heatmap cell.

use rollout_engine::explain::format_number;
use rollout_engine::sim::sweep::{Objective, Summary};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CellRunsProps {
    pub summary: Summary,
    pub objective: Objective,
    pub replicas: i32,
}

/// Bar heights (0..1) of the durations in `bins` equal bins, and the range.
pub fn bins(s: &Summary, bins: usize) -> (Vec<f64>, f64, f64) {
    let (Some(&lo), Some(&hi)) = (s.durations.first(), s.durations.last()) else {
        return (Vec::new(), 0.0, 0.0);
    };
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let mut counts = vec![0usize; bins];
    for d in &s.durations {
        counts[(((d - lo) / width) as usize).min(bins - 1)] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    (counts.iter().map(|&c| c as f64 / most).collect(), lo, hi)
}

#[function_component(CellRuns)]
pub fn cell_runs(p: &CellRunsProps) -> Html {
    let s = &p.summary;
    let (heights, lo, hi) = bins(s, 12);
    let figures = crate::i18n::say(&rollout_engine::sim::sweep::front::figures(s, p.replicas));
    let below = s.share_below(p.objective.floor);
    html! {
        <div class="cell-runs" id="cell-runs" role="status">
            <strong>{ format!("maxSurge {}, maxUnavailable {}", s.max_surge, s.max_unavailable) }</strong>
            <span>{ format!(": {figures}") }</span>
            if s.runs > 1 {
                <span>{ crate::i18n::trf("; below {floor} available in {share}% of {runs} runs",
                    &[("floor", &p.objective.floor), ("share", &format_number((below * 1000.0).round() / 10.0)), ("runs", &s.runs)]) }</span>
                if !heights.is_empty() {
                    <svg class="runs-histogram" viewBox="0 0 120 30" preserveAspectRatio="none" role="img"
                        aria-label={crate::i18n::trf("durations of {runs} runs, from {lo} s to {hi} s", &[("runs", &s.durations.len()), ("lo", &format_number(lo.round())), ("hi", &format_number(hi.round()))])}>
                        { for heights.iter().enumerate().map(|(i, h)| html! {
                            <rect x={(i as f64 * 10.0 + 0.5).to_string()} y={(30.0 - h * 28.0).to_string()} width="9" height={(h * 28.0).to_string()} />
                        }) }
                    </svg>
                    <small class="muted">{ format!("{} s … {} s{}", format_number(lo.round()), format_number(hi.round()),
                        if s.stuck > 0 { crate::i18n::trf(", {n} never finished", &[("n", &s.stuck)]) } else { String::new() }) }</small>
                }
            }
        </div>
    }
}
