//! Turning what the user brings (a pasted manifest, a scenario file) into a scenario, or into
//! the message that says why not; a failed load changes nothing.

use super::Notice;
use crate::i18n::{tr, trf};
use rollout_engine::manifest::{self, MAX_INPUT_BYTES};
use rollout_engine::Scenario;

/// The current scenario with a pasted manifest's workload (events cleared), and what to say.
pub fn manifest(current: &Scenario, text: &str) -> Result<(Scenario, Notice), Notice> {
    if text.trim().is_empty() {
        return Err(Notice::error(tr("Paste a Deployment manifest first.")));
    }
    if rollout_engine::import::looks_like_list(text) {
        return cluster_state(current, text);
    }
    let loaded = manifest::parse_deployment(text).map_err(|e| unchanged(&e.to_string()))?;
    let mut next = current.clone();
    let version_notice = loaded.version_notice("manifest.yaml");
    next.deployment = loaded.deployment;
    next.kind = loaded.kind;
    next.api_version = loaded.api_version;
    next.rollout = loaded.rollout;
    next.workload = loaded.workload;
    next.start = None;
    next.events.clear();
    next.until = next.until.max(60.0);
    let name = next.deployment.meta.name.clone();
    let what = match next.kind {
        rollout_engine::manifest::WorkloadKind::Rollout => "rollout",
        rollout_engine::manifest::WorkloadKind::StatefulSet => "statefulset",
        rollout_engine::manifest::WorkloadKind::DaemonSet => "daemonset",
        _ => "deployment",
    };
    let mut say = trf(
        "Loaded {what} {name} from the manifest.",
        &[("what", &what), ("name", &format!("{name:?}"))],
    );
    for w in rollout_engine::api::validation::warnings_on_create(&next.deployment) {
        say = format!("{say} {}", trf("Warning: {warning}.", &[("warning", &w)]));
    }
    if !version_notice.is_empty() {
        say = format!("{say} {version_notice}");
    }
    Ok((next, Notice::info(say)))
}

/// The current scenario started from a cluster's state (`kubectl get deploy,rs,pods -o yaml`):
/// its Deployment, ReplicaSets and pods as they were; the images' behaviours are kept.
fn cluster_state(current: &Scenario, text: &str) -> Result<(Scenario, Notice), Notice> {
    let (deployment, kind, state) =
        rollout_engine::import::parse(text).map_err(|e| unchanged(&e.to_string()))?;
    let mut next = current.clone();
    let name = deployment.meta.name.clone();
    let summary = state.summary();
    next.deployment = deployment;
    next.kind = kind;
    next.api_version = state.api_version;
    next.start = Some(Box::new(state));
    next.events.clear();
    next.until = next.settled_after(0.0);
    let say = trf(
        "Loaded deployment {name} as the cluster had it: {summary}. The simulation starts there (t = 0) and goes on as the controller would.",
        &[("name", &format!("{name:?}")), ("summary", &summary)],
    );
    Ok((next, Notice::info(say)))
}

/// What reading a file the user chose gave: its text, or why it was not read.
pub type FileRead = Result<String, String>;

/// The scenario in a file the user chose, or what to tell them (nothing changes then).
pub fn scenario_file(read: &FileRead) -> Result<Scenario, Notice> {
    let text = read.as_ref().map_err(|why| unchanged(why))?;
    Scenario::parse(text).map_err(|e| unchanged(&e.to_string()))
}

/// Why a file is not read, from its size alone, before reading it.
pub fn file_too_large(bytes: f64) -> Option<String> {
    (bytes > MAX_INPUT_BYTES as f64).then(|| {
        trf(
            "the file is {bytes} bytes; at most {max} are read",
            &[("bytes", &format!("{bytes:.0}")), ("max", &MAX_INPUT_BYTES)],
        )
    })
}

fn unchanged(why: &str) -> Notice {
    Notice::error(trf(
        "{why}. Your current scenario is unchanged.",
        &[("why", &why)],
    ))
}
