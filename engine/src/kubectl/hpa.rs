//! `kubectl get hpa` and `kubectl describe hpa` for the scenario's HorizontalPodAutoscaler, as
//! kubectl 1.28 prints them (TARGETS without the metric's name, which kubectl added in 1.30).

use super::format::{human_duration, table};
use crate::cluster::Cluster;
use crate::controller::podautoscaler::horizontal::HorizontalPodAutoscaler;

/// `current/target` of the CPU metric (`formatHPAMetrics`).
fn targets(h: &HorizontalPodAutoscaler) -> String {
    let current = h
        .status
        .current_utilization
        .map_or("<unknown>".to_string(), |u| format!("{u}%"));
    format!("{current}/{}%", h.spec.target_cpu_utilization)
}

/// `kubectl get hpa`.
pub fn get_hpa(c: &Cluster) -> String {
    let Some(h) = &c.hpa else {
        return "No resources found in default namespace.\n".to_string();
    };
    table(
        &[
            "NAME",
            "REFERENCE",
            "TARGETS",
            "MINPODS",
            "MAXPODS",
            "REPLICAS",
            "AGE",
        ],
        &[vec![
            h.name.clone(),
            format!("Deployment/{}", c.deployment.meta.name),
            targets(h),
            h.spec.min_replicas.to_string(),
            h.spec.max_replicas.to_string(),
            h.status.current_replicas.to_string(),
            human_duration(c.now - c.deployment.meta.creation),
        ]],
    )
}

/// `kubectl describe hpa NAME`, its metric, replica bounds and conditions.
pub fn describe_hpa(c: &Cluster) -> String {
    let Some(h) = &c.hpa else {
        return "No resources found in default namespace.\n".to_string();
    };
    let current = h
        .status
        .current_utilization
        .zip(h.status.current_average_value)
        .map_or("<unknown>".to_string(), |(u, v)| format!("{u}% ({}m)", v));
    let mut out = format!(
        "Name:                                                  {}\nNamespace:                                             default\nReference:                                             Deployment/{}\nMetrics:                                               ( current / target )\n  resource cpu on pods  (as a percentage of request):  {current} / {}%\nMin replicas:                                          {}\nMax replicas:                                          {}\nDeployment pods:                                       {} current / {} desired\n",
        h.name,
        c.deployment.meta.name,
        h.spec.target_cpu_utilization,
        h.spec.min_replicas,
        h.spec.max_replicas,
        h.status.current_replicas,
        h.status.desired_replicas,
    );
    if !h.status.conditions.is_empty() {
        out.push_str("Conditions:\n");
        let rows: Vec<Vec<String>> = h
            .status
            .conditions
            .iter()
            .map(|k| {
                vec![
                    k.kind.to_string(),
                    if k.status { "True" } else { "False" }.to_string(),
                    k.reason.to_string(),
                    k.message.clone(),
                ]
            })
            .collect();
        for line in table(&["Type", "Status", "Reason", "Message"], &rows).lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
