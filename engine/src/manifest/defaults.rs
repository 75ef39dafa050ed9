//! Each API version's `SetDefaults_Deployment` (`pkg/apis/<group>/<version>/defaults.go`): a
//! manifest means what its own version fills in for the fields it leaves out.

use super::reader::RawDeployment;
use crate::api::StrategyType;
use crate::intstr::IntOrString;

/// The API versions a Deployment manifest may be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    AppsV1,
    AppsV1beta2,
    AppsV1beta1,
    ExtensionsV1beta1,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 4] = [
        ApiVersion::AppsV1,
        ApiVersion::AppsV1beta2,
        ApiVersion::AppsV1beta1,
        ApiVersion::ExtensionsV1beta1,
    ];

    pub fn parse(s: &str) -> Option<ApiVersion> {
        ApiVersion::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::AppsV1 => "apps/v1",
            ApiVersion::AppsV1beta2 => "apps/v1beta2",
            ApiVersion::AppsV1beta1 => "apps/v1beta1",
            ApiVersion::ExtensionsV1beta1 => "extensions/v1beta1",
        }
    }

    /// The release that deprecated it, and the one that stopped serving it
    /// (`zz_generated.prerelease-lifecycle.go`); `None` for apps/v1.
    pub fn lifecycle(self) -> Option<(&'static str, &'static str)> {
        match self {
            ApiVersion::AppsV1 => None,
            ApiVersion::AppsV1beta2 => Some(("1.9", "1.16")),
            ApiVersion::AppsV1beta1 | ApiVersion::ExtensionsV1beta1 => Some(("1.8", "1.16")),
        }
    }

    /// Whether an update through this version may change `spec.selector`: the Deployment
    /// registry's `ValidateUpdate` lets extensions/v1beta1 and apps/v1beta1 do it, for
    /// compatibility, and refuses it for every other version.
    pub fn selector_mutable(self) -> bool {
        matches!(
            self,
            ApiVersion::AppsV1beta1 | ApiVersion::ExtensionsV1beta1
        )
    }

    /// What its defaulting fills in that apps/v1 fills in differently, in plain words (empty
    /// for apps/v1 and apps/v1beta2, whose defaults are the same).
    pub fn default_differences(self) -> &'static str {
        match self {
            ApiVersion::AppsV1 | ApiVersion::AppsV1beta2 => "",
            ApiVersion::AppsV1beta1 => {
                "the selector comes from the template labels and revisionHistoryLimit defaults to 2"
            }
            ApiVersion::ExtensionsV1beta1 => {
                "the selector comes from the template labels, maxSurge and maxUnavailable default to 1, and revisionHistoryLimit and progressDeadlineSeconds are unset (every old ReplicaSet is kept, and there is no deadline)"
            }
        }
    }
}

/// Mirrors `SetDefaults_Deployment` of `version`.
/// - extensions/v1beta1 (as the 1.6-era story used it): the selector and the Deployment's
///   labels from the template labels; RollingUpdate with maxSurge 1 and maxUnavailable 1, filled
///   in whenever the type is RollingUpdate or a rollingUpdate block is given;
///   revisionHistoryLimit and progressDeadlineSeconds left unset. Later releases wrote
///   MaxInt32 for both (1.12 and 1.13), which the controller treats as unset.
/// - apps/v1beta1: the selector and labels from the template; 25% and 25%;
///   revisionHistoryLimit 2; progressDeadlineSeconds 600.
/// - apps/v1beta2 and apps/v1: no selector default; 25% and 25%; revisionHistoryLimit 10;
///   progressDeadlineSeconds 600.
pub fn set_defaults_deployment(d: &mut RawDeployment, version: ApiVersion) {
    let from_template = matches!(
        version,
        ApiVersion::ExtensionsV1beta1 | ApiVersion::AppsV1beta1
    );
    if from_template && !d.template.labels.is_empty() {
        if d.selector.is_none() {
            d.selector = Some(d.template.labels.clone());
        }
        if d.labels.is_empty() {
            d.labels = d.template.labels.clone();
        }
    }
    d.replicas.get_or_insert(1);
    // Only an empty type is defaulted; a type Kubernetes does not know stays for validation.
    if d.unknown_strategy.is_none() {
        d.strategy_type.get_or_insert(StrategyType::RollingUpdate);
    }
    let kind = d.strategy_type;
    let (surge, unavailable) = match version {
        ApiVersion::ExtensionsV1beta1 => (IntOrString::Int(1), IntOrString::Int(1)),
        _ => (
            IntOrString::String("25%".into()),
            IntOrString::String("25%".into()),
        ),
    };
    let fill = kind == Some(StrategyType::RollingUpdate)
        || (version == ApiVersion::ExtensionsV1beta1 && d.rolling_update.is_some());
    if fill {
        let ru = d.rolling_update.get_or_insert((None, None));
        ru.0.get_or_insert(surge);
        ru.1.get_or_insert(unavailable);
    }
    match version {
        ApiVersion::ExtensionsV1beta1 => {}
        ApiVersion::AppsV1beta1 => {
            d.revision_history_limit.get_or_insert(2);
            d.progress_deadline_seconds.get_or_insert(600);
        }
        ApiVersion::AppsV1beta2 | ApiVersion::AppsV1 => {
            d.revision_history_limit.get_or_insert(10);
            d.progress_deadline_seconds.get_or_insert(600);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_version_fills_in_its_own_defaults() {
        let mut raw = RawDeployment::default();
        raw.template.labels.insert("app".into(), "x".into());
        let defaulted = |v| {
            let mut d = raw.clone();
            set_defaults_deployment(&mut d, v);
            d
        };
        let ext = defaulted(ApiVersion::ExtensionsV1beta1);
        assert_eq!(ext.selector, Some(raw.template.labels.clone()));
        assert_eq!(
            ext.rolling_update,
            Some((Some(IntOrString::Int(1)), Some(IntOrString::Int(1))))
        );
        assert_eq!(
            (ext.revision_history_limit, ext.progress_deadline_seconds),
            (None, None)
        );
        let beta1 = defaulted(ApiVersion::AppsV1beta1);
        assert_eq!(beta1.selector, Some(raw.template.labels.clone()));
        assert_eq!(
            (
                beta1.revision_history_limit,
                beta1.progress_deadline_seconds
            ),
            (Some(2), Some(600))
        );
        for v in [ApiVersion::AppsV1beta2, ApiVersion::AppsV1] {
            let d = defaulted(v);
            assert_eq!(d.selector, None, "{v:?} has no selector default");
            assert_eq!(
                d.rolling_update,
                Some((
                    Some(IntOrString::String("25%".into())),
                    Some(IntOrString::String("25%".into()))
                ))
            );
            assert_eq!(
                (d.revision_history_limit, d.progress_deadline_seconds),
                (Some(10), Some(600))
            );
        }
    }

    #[test]
    fn recreate_gets_no_rolling_update_defaults_except_in_extensions_with_a_block() {
        let mut raw = RawDeployment {
            strategy_type: Some(StrategyType::Recreate),
            ..Default::default()
        };
        let mut apps = raw.clone();
        set_defaults_deployment(&mut apps, ApiVersion::AppsV1);
        assert_eq!(apps.rolling_update, None);
        raw.rolling_update = Some((None, None));
        set_defaults_deployment(&mut raw, ApiVersion::ExtensionsV1beta1);
        assert_eq!(
            raw.rolling_update,
            Some((Some(IntOrString::Int(1)), Some(IntOrString::Int(1))))
        );
    }
}
