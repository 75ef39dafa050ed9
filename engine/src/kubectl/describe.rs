//! `kubectl describe deployment`: the spec summary, conditions, ReplicaSets and events.

use super::format::{human_duration, table};
use crate::api::StrategyType;
use crate::cluster::Cluster;
use crate::controller::deployment::util;
use crate::trace::Record;

/// `kubectl describe deployment NAME` at the cluster's moment.
pub fn describe_deployment(c: &Cluster) -> String {
    let d = &c.deployment;
    let s = &d.status;
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{:<24}{v}\n", format!("{k}:")));
    line("Name", d.meta.name.clone());
    line("Namespace", "default".into());
    line(
        "Replicas",
        format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            d.spec.replicas,
            s.updated_replicas,
            s.replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
    );
    line("StrategyType", d.spec.strategy.kind.as_str().into());
    line("MinReadySeconds", d.spec.min_ready_seconds.to_string());
    if d.spec.strategy.kind == StrategyType::RollingUpdate {
        if let Some(ru) = &d.spec.strategy.rolling_update {
            let show = |v: &Option<crate::intstr::IntOrString>| {
                v.as_ref().map_or("<unset>".into(), |v| v.to_string())
            };
            line(
                "RollingUpdateStrategy",
                format!(
                    "{} max unavailable, {} max surge",
                    show(&ru.max_unavailable),
                    show(&ru.max_surge)
                ),
            );
        }
    }
    if d.spec.paused {
        line("Paused", "true".into());
    }
    let images: Vec<String> = d
        .spec
        .template
        .containers
        .iter()
        .map(|k| format!("{}: {}", k.name, k.image))
        .collect();
    line("Pod Template", images.join(", "));
    out.push_str("Conditions:\n");
    let rows: Vec<Vec<String>> = s
        .conditions
        .iter()
        .map(|c| {
            vec![
                c.kind.as_str().into(),
                c.status.as_str().into(),
                c.reason.clone(),
            ]
        })
        .collect();
    for l in table(&["Type", "Status", "Reason"], &rows).lines() {
        out.push_str(&format!("  {l}\n"));
    }

    let live = c.live_replica_sets();
    let refs = c.refs(&live);
    let new = util::find_new_replica_set(d, &refs).map(|i| live[i]);
    let old: Vec<usize> = util::find_old_replica_sets(d, &refs)
        .0
        .into_iter()
        .map(|i| live[i])
        .collect();
    let rs_text = |i: usize| {
        let rs = &c.replica_sets[i];
        format!(
            "{} ({}/{} replicas created)",
            rs.meta.name, rs.status.replicas, rs.spec.replicas
        )
    };
    let old_active: Vec<String> = old
        .iter()
        .copied()
        .filter(|&i| c.replica_sets[i].spec.replicas > 0)
        .map(rs_text)
        .collect();
    out.push_str(&format!(
        "{:<24}{}\n",
        "OldReplicaSets:",
        if old_active.is_empty() {
            "<none>".into()
        } else {
            old_active.join(", ")
        }
    ));
    out.push_str(&format!(
        "{:<24}{}\n",
        "NewReplicaSet:",
        new.map_or("<none>".into(), rs_text)
    ));

    out.push_str("Events:\n");
    let events: Vec<Vec<String>> = c
        .log
        .iter()
        .filter_map(|r| match r {
            // Only the Deployment's own events (pods and nodes have theirs).
            Record::Event {
                t,
                kind,
                reason,
                message,
                object,
            } if object.starts_with("deployment/")
                || object.starts_with("replicationcontroller/") =>
            {
                Some(vec![
                    kind.clone(),
                    reason.clone(),
                    human_duration(c.now - (t * 1000.0).round() as i64),
                    "deployment-controller".into(),
                    message.clone(),
                ])
            }
            _ => None,
        })
        .collect();
    if events.is_empty() {
        out.push_str("  <none>\n");
    } else {
        for l in table(&["Type", "Reason", "Age", "From", "Message"], &events).lines() {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}
