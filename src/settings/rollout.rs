//! An Argo Rollout's strategy as the user edits it: the canary's steps as a list of rows, the
//! router and blue-green settings as text, turned into the engine's strategy (and checked by the
//! engine's validation) on apply.

use rollout_engine::api::validation::{BadValue, FieldError};
use rollout_engine::api::{
    BlueGreenStrategy, CanaryStep, CanaryStrategy, RolloutPause, RolloutStrategy, SetCanaryScale,
    TrafficRouting,
};
use rollout_engine::argo::rollout::{AnalysisOutcome, AnalysisPhase};
use rollout_engine::intstr::IntOrString;
use std::collections::BTreeMap;

/// The kinds of canary step the form offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    SetWeight,
    Pause,
    Analysis,
    SetCanaryScale,
}

impl StepKind {
    pub const ALL: [StepKind; 4] = [
        StepKind::SetWeight,
        StepKind::Pause,
        StepKind::Analysis,
        StepKind::SetCanaryScale,
    ];

    pub fn value(self) -> &'static str {
        match self {
            StepKind::SetWeight => "setWeight",
            StepKind::Pause => "pause",
            StepKind::Analysis => "analysis",
            StepKind::SetCanaryScale => "setCanaryScale",
        }
    }

    /// What the value box holds for this kind.
    pub fn hint(self) -> &'static str {
        match self {
            StepKind::SetWeight => crate::i18n::n_("percent of traffic (0 to 100)"),
            StepKind::Pause => crate::i18n::n_("seconds, e.g. 30 or 1m (empty: until promoted)"),
            StepKind::Analysis => crate::i18n::n_("AnalysisTemplate name"),
            StepKind::SetCanaryScale => {
                crate::i18n::n_("replicas, weight N, or matchTrafficWeight")
            }
        }
    }

    pub fn from_value(v: &str) -> StepKind {
        StepKind::ALL
            .into_iter()
            .find(|k| k.value() == v)
            .unwrap_or(StepKind::SetWeight)
    }
}

/// One step of the list: its kind and its value as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    pub kind: StepKind,
    pub value: String,
}

/// The text fields of the Argo form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgoField {
    AbortScaleDownDelaySeconds,
    ActiveService,
    PreviewService,
    PreviewReplicaCount,
    AutoPromotionSeconds,
    ScaleDownDelaySeconds,
}

impl ArgoField {
    pub fn path(self, canary: bool) -> String {
        let strategy = if canary { "canary" } else { "blueGreen" };
        let name = match self {
            ArgoField::AbortScaleDownDelaySeconds => "abortScaleDownDelaySeconds",
            ArgoField::ActiveService => "activeService",
            ArgoField::PreviewService => "previewService",
            ArgoField::PreviewReplicaCount => "previewReplicaCount",
            ArgoField::AutoPromotionSeconds => "autoPromotionSeconds",
            ArgoField::ScaleDownDelaySeconds => "scaleDownDelaySeconds",
        };
        format!("spec.strategy.{strategy}.{name}")
    }
}

/// The on/off settings of the Argo form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgoFlag {
    TrafficRouting,
    DynamicStableScale,
    AutoPromotion,
    ProgressDeadlineAbort,
}

/// One edit of the Argo form (the reducer's `Action::EditRollout`).
#[derive(Clone, Debug, PartialEq)]
pub enum ArgoEdit {
    StepKind(usize, StepKind),
    StepValue(usize, String),
    AddStep,
    RemoveStep(usize),
    MoveUp(usize),
    Field(ArgoField, String),
    Flag(ArgoFlag, bool),
    /// How an AnalysisTemplate's runs end: its phase.
    AnalysisPhase(String, AnalysisPhase),
    /// After how many measurements (as typed).
    AnalysisMeasurements(String, String),
}

/// The form's content, kept as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ArgoForm {
    pub steps: Vec<StepRow>,
    pub flags: [bool; 4],
    values: [String; 6],
    /// The outcome of each AnalysisTemplate's runs: phase, and measurements as typed.
    pub analysis: BTreeMap<String, (AnalysisPhase, String)>,
    /// A blue-green's pre- and post-promotion AnalysisTemplates (kept from its manifest).
    pub promotion_templates: Vec<String>,
}

impl Default for ArgoForm {
    /// A canary of four steps, and a blue-green with active and preview Services.
    fn default() -> Self {
        let row = |kind, value: &str| StepRow {
            kind,
            value: value.into(),
        };
        ArgoForm {
            steps: vec![
                row(StepKind::SetWeight, "20"),
                row(StepKind::Pause, ""),
                row(StepKind::SetWeight, "60"),
                row(StepKind::Pause, "30"),
            ],
            flags: [false, false, true, false],
            values: [
                String::new(),
                "active".into(),
                "preview".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
            analysis: BTreeMap::new(),
            promotion_templates: Vec::new(),
        }
    }
}

impl ArgoForm {
    /// The form filled in from a Rollout's strategy (the defaults for the other strategy).
    pub fn from_strategy(s: &RolloutStrategy) -> ArgoForm {
        let mut f = ArgoForm::default();
        let text = |v: Option<i32>| v.map_or(String::new(), |n| n.to_string());
        match s {
            RolloutStrategy::Canary(c) => {
                f.steps = c.steps.iter().map(row_of).collect();
                f.flags[ArgoFlag::TrafficRouting as usize] = c.traffic_routing.is_some();
                f.flags[ArgoFlag::DynamicStableScale as usize] = c.dynamic_stable_scale;
                f.values[ArgoField::AbortScaleDownDelaySeconds as usize] =
                    text(c.abort_scale_down_delay_seconds);
            }
            RolloutStrategy::BlueGreen(b) => {
                f.values[ArgoField::ActiveService as usize] = b.active_service.clone();
                f.values[ArgoField::PreviewService as usize] =
                    b.preview_service.clone().unwrap_or_default();
                f.values[ArgoField::PreviewReplicaCount as usize] = text(b.preview_replica_count);
                f.values[ArgoField::AutoPromotionSeconds as usize] =
                    text(Some(b.auto_promotion_seconds).filter(|s| *s > 0));
                f.values[ArgoField::ScaleDownDelaySeconds as usize] =
                    text(b.scale_down_delay_seconds);
                f.values[ArgoField::AbortScaleDownDelaySeconds as usize] =
                    text(b.abort_scale_down_delay_seconds);
                f.flags[ArgoFlag::AutoPromotion as usize] = b.auto_promotion_enabled != Some(false);
                f.promotion_templates = b
                    .pre_promotion_analysis
                    .iter()
                    .chain(&b.post_promotion_analysis)
                    .flatten()
                    .cloned()
                    .collect();
            }
            RolloutStrategy::Unset => {}
        }
        f
    }

    pub fn get(&self, f: ArgoField) -> &str {
        &self.values[f as usize]
    }

    pub fn flag(&self, f: ArgoFlag) -> bool {
        self.flags[f as usize]
    }

    /// Applies one edit.
    pub fn edit(&mut self, e: ArgoEdit) {
        match e {
            ArgoEdit::StepKind(i, k) => {
                if let Some(r) = self.steps.get_mut(i) {
                    r.kind = k;
                }
            }
            ArgoEdit::StepValue(i, v) => {
                if let Some(r) = self.steps.get_mut(i) {
                    r.value = v;
                }
            }
            ArgoEdit::AddStep => self.steps.push(StepRow {
                kind: StepKind::SetWeight,
                value: "50".into(),
            }),
            ArgoEdit::RemoveStep(i) => {
                if i < self.steps.len() {
                    self.steps.remove(i);
                }
            }
            ArgoEdit::MoveUp(i) => {
                if i > 0 && i < self.steps.len() {
                    self.steps.swap(i - 1, i);
                }
            }
            ArgoEdit::Field(f, v) => self.values[f as usize] = v,
            ArgoEdit::Flag(f, on) => self.flags[f as usize] = on,
            ArgoEdit::AnalysisPhase(t, p) => {
                self.analysis.entry(t).or_insert((p, "1".into())).0 = p;
            }
            ArgoEdit::AnalysisMeasurements(t, n) => {
                self.analysis
                    .entry(t)
                    .or_insert((AnalysisPhase::Successful, String::new()))
                    .1 = n;
            }
        }
    }

    /// The AnalysisTemplates the steps (or a blue-green's promotion) name, in order, each once.
    pub fn templates(&self, canary: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if !canary {
            for t in &self.promotion_templates {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
            return out;
        }
        for r in self.steps.iter().filter(|r| r.kind == StepKind::Analysis) {
            for t in r.value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_string());
                }
            }
        }
        out
    }

    /// The form filled in from a scenario's analysis outcomes as well.
    pub fn with_outcomes(mut self, outcomes: &BTreeMap<String, AnalysisOutcome>) -> ArgoForm {
        self.analysis = outcomes
            .iter()
            .map(|(t, o)| (t.clone(), (o.phase, o.measurements.to_string())))
            .collect();
        self
    }

    /// The outcomes the form sets, keeping each one's measurement interval from `current`
    /// (10 s for a new one); errors name the field.
    pub fn outcomes(
        &self,
        current: &BTreeMap<String, AnalysisOutcome>,
    ) -> Result<BTreeMap<String, AnalysisOutcome>, Vec<FieldError>> {
        let mut out = current.clone();
        let mut errors = Vec::new();
        for (t, (phase, n)) in &self.analysis {
            let measurements = match n.trim().parse::<u32>() {
                Ok(m) if (1..=10_000).contains(&m) => m,
                _ => {
                    errors.push(FieldError::invalid(
                        format!("analysis.{t}.measurements"),
                        BadValue::Str(n.clone()),
                        "must be a whole number from 1 to 10000",
                    ));
                    continue;
                }
            };
            let interval = current.get(t).map_or(10.0, |o| o.interval);
            out.insert(
                t.clone(),
                AnalysisOutcome {
                    phase: *phase,
                    measurements,
                    interval,
                },
            );
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The canary strategy the form describes, with the surge and unavailability typed in the
    /// Deployment fields, over `base` (what the form does not show is kept); errors name the
    /// field.
    pub fn canary(
        &self,
        max_surge: &str,
        max_unavailable: &str,
        base: Option<&CanaryStrategy>,
    ) -> Result<CanaryStrategy, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut steps = Vec::new();
        for (i, row) in self.steps.iter().enumerate() {
            match step_of(row, i) {
                Ok(s) => steps.push(s),
                Err(e) => errors.push(e),
            }
        }
        let abort = optional_int(
            self.get(ArgoField::AbortScaleDownDelaySeconds),
            &ArgoField::AbortScaleDownDelaySeconds.path(true),
            &mut errors,
        );
        let routed = self.flag(ArgoFlag::TrafficRouting);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut c = base.cloned().unwrap_or_default();
        // An unset value shows as its default, 25%: left unset while it still reads so.
        let typed = |text: &str, old: &Option<IntOrString>| match old {
            None if text.trim() == "25%" => None,
            _ => Some(IntOrString::parse_input(text)),
        };
        c.max_surge = typed(max_surge, &c.max_surge);
        c.max_unavailable = typed(max_unavailable, &c.max_unavailable);
        c.steps = steps;
        if !routed {
            c.traffic_routing = None;
        } else if c.traffic_routing.is_none() {
            c.traffic_routing = Some(TrafficRouting::default());
        }
        c.dynamic_stable_scale = routed && self.flag(ArgoFlag::DynamicStableScale);
        c.abort_scale_down_delay_seconds = abort;
        if !routed {
            c.scale_down_delay_seconds = None;
        }
        Ok(c)
    }

    /// The blue-green strategy the form describes, over `base`.
    pub fn blue_green(
        &self,
        base: Option<&BlueGreenStrategy>,
    ) -> Result<BlueGreenStrategy, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut int = |f: ArgoField| optional_int(self.get(f), &f.path(false), &mut errors);
        let preview_replica_count = int(ArgoField::PreviewReplicaCount);
        let auto_promotion_seconds = int(ArgoField::AutoPromotionSeconds).unwrap_or(0);
        let scale_down_delay_seconds = int(ArgoField::ScaleDownDelaySeconds);
        let abort_scale_down_delay_seconds = int(ArgoField::AbortScaleDownDelaySeconds);
        if !errors.is_empty() {
            return Err(errors);
        }
        let preview = self.get(ArgoField::PreviewService).trim();
        let base = base.cloned().unwrap_or_default();
        // autoPromotionEnabled left unset while it is on (its default).
        let auto = match (
            self.flag(ArgoFlag::AutoPromotion),
            base.auto_promotion_enabled,
        ) {
            (false, _) => Some(false),
            (true, Some(_)) => Some(true),
            (true, None) => None,
        };
        Ok(BlueGreenStrategy {
            active_service: self.get(ArgoField::ActiveService).trim().to_string(),
            preview_service: (!preview.is_empty()).then(|| preview.to_string()),
            preview_replica_count,
            auto_promotion_enabled: auto,
            auto_promotion_seconds,
            scale_down_delay_seconds,
            abort_scale_down_delay_seconds,
            max_unavailable: base.max_unavailable,
            pre_promotion_analysis: base.pre_promotion_analysis,
            post_promotion_analysis: base.post_promotion_analysis,
        })
    }
}

fn row_of(s: &CanaryStep) -> StepRow {
    let (kind, value) = if let Some(w) = s.set_weight {
        (StepKind::SetWeight, w.to_string())
    } else if let Some(p) = s.pause {
        (
            StepKind::Pause,
            p.duration.map_or(String::new(), |d| d.to_string()),
        )
    } else if let Some(t) = &s.analysis {
        (StepKind::Analysis, t.join(","))
    } else {
        let scs = s.set_canary_scale.clone().unwrap_or_default();
        let value = match (scs.replicas, scs.weight) {
            _ if scs.match_traffic_weight => "matchTrafficWeight".to_string(),
            (Some(n), _) => n.to_string(),
            (None, Some(w)) => format!("weight {w}"),
            (None, None) => String::new(),
        };
        (StepKind::SetCanaryScale, value)
    };
    StepRow { kind, value }
}

fn step_of(row: &StepRow, i: usize) -> Result<CanaryStep, FieldError> {
    let field = format!("spec.strategy.canary.steps[{i}]");
    let v = row.value.trim();
    let bad = |what: &str, detail: &str| {
        FieldError::invalid(
            format!("{field}.{what}"),
            BadValue::Str(v.to_string()),
            detail,
        )
    };
    Ok(match row.kind {
        StepKind::SetWeight => CanaryStep::set_weight(
            v.parse()
                .map_err(|_| bad("setWeight", "must be a whole number from 0 to 100"))?,
        ),
        StepKind::Pause if v.is_empty() => CanaryStep::pause(None),
        StepKind::Pause => CanaryStep {
            pause: Some(RolloutPause {
                duration: Some(
                    rollout_engine::manifest::rollout::parse_duration(&serde_json::Value::from(v))
                        .ok_or_else(|| {
                            bad(
                                "pause.duration",
                                "must be seconds, or a duration such as 30s or 5m",
                            )
                        })?,
                ),
            }),
            ..Default::default()
        },
        StepKind::Analysis if v.is_empty() => {
            return Err(bad("analysis.templates", "must name an AnalysisTemplate"))
        }
        StepKind::Analysis => CanaryStep {
            analysis: Some(v.split(',').map(|t| t.trim().to_string()).collect()),
            ..Default::default()
        },
        StepKind::SetCanaryScale => {
            let scs = if v == "matchTrafficWeight" {
                SetCanaryScale {
                    match_traffic_weight: true,
                    ..Default::default()
                }
            } else if let Some(w) = v.strip_prefix("weight") {
                SetCanaryScale {
                    weight: Some(w.trim().parse().map_err(|_| {
                        bad("setCanaryScale.weight", "must be a whole number: weight 20")
                    })?),
                    ..Default::default()
                }
            } else {
                SetCanaryScale {
                    replicas: Some(v.parse().map_err(|_| {
                        bad(
                            "setCanaryScale.replicas",
                            "must be replicas (3), weight N or matchTrafficWeight",
                        )
                    })?),
                    ..Default::default()
                }
            };
            CanaryStep {
                set_canary_scale: Some(scs),
                ..Default::default()
            }
        }
    })
}

fn optional_int(text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<i32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::invalid(
                field,
                BadValue::Str(t.to_string()),
                "must be a whole number",
            ));
            None
        }
    }
}
