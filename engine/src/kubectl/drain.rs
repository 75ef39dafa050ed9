//! `kubectl drain NODE --ignore-daemonsets` and `kubectl uncordon NODE` (kubectl's
//! pkg/drain and cmd/drain, v1.28): cordon, then evict every pod on the node through the
//! eviction API, each refused eviction retried every 5 s, and wait until the pods are gone.
//! Simplified: a pod is reported evicted when it is gone (kubectl polls every second).

use crate::api::Millis;
use crate::cluster::Cluster;
use crate::trace::{seconds, Record};

/// kubectl's wait between two tries of a refused eviction.
pub const RETRY_MS: Millis = 5_000;

/// What kubectl prints while a drain goes on, under this command name (its first line, the
/// user's command, is an action of its own).
pub const CONTINUED: &str = "kubectl drain";

/// One pod a drain evicts.
#[derive(Clone, Debug, PartialEq)]
struct Evictee {
    uid: u64,
    name: String,
    evicted: bool,
    reported: bool,
}

/// A drain in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Drain {
    node: usize,
    pods: Vec<Evictee>,
    next_try: Millis,
    done: bool,
}

fn node_index(c: &Cluster, name: &str) -> Result<usize, String> {
    let now = c.now;
    c.nodes
        .iter()
        .position(|n| n.name == name && n.removed.is_none_or(|r| r > now))
        .ok_or_else(|| format!("Error from server (NotFound): nodes {name:?} not found"))
}

/// Mirrors `RunCordonOrUncordon` with desired false: `node/NAME uncordoned`.
pub fn uncordon(c: &mut Cluster, name: &str) -> Result<String, String> {
    let n = node_index(c, name)?;
    if !c.nodes[n].unschedulable {
        return Ok(format!("node/{name} already uncordoned"));
    }
    c.nodes[n].unschedulable = false;
    Ok(format!("node/{name} uncordoned"))
}

/// Mirrors `RunDrain`'s start: cordon, list the node's pods, evict each once. Returns the
/// drain and what kubectl printed so far.
pub fn start(c: &mut Cluster, name: &str) -> Result<(Drain, String), String> {
    let n = node_index(c, name)?;
    let mut out = Vec::new();
    if c.nodes[n].unschedulable {
        out.push(format!("node/{name} already cordoned"));
    } else {
        c.nodes[n].unschedulable = true;
        out.push(format!("node/{name} cordoned"));
    }
    let now = c.now;
    // `--ignore-daemonsets`: a DaemonSet's pods stay (they tolerate the cordon).
    if c.daemon.is_some() {
        let ignored: Vec<String> = c
            .pods
            .iter()
            .filter(|p| p.node == Some(n as u32) && p.is_active(now))
            .map(|p| format!("default/{}", c.pod_name(p)))
            .collect();
        if !ignored.is_empty() {
            out.push(format!(
                "Warning: ignoring DaemonSet-managed Pods: {}",
                ignored.join(", ")
            ));
        }
    }
    let pods: Vec<Evictee> = c
        .pods
        .iter()
        .filter(|p| p.node == Some(n as u32) && p.exists(now) && c.daemon.is_none())
        .map(|p| Evictee {
            uid: p.uid,
            name: c.pod_name(p),
            evicted: false,
            reported: false,
        })
        .collect();
    for p in &pods {
        out.push(format!("evicting pod default/{}", p.name));
    }
    let mut drain = Drain {
        node: n,
        pods,
        next_try: now,
        done: false,
    };
    out.extend(attempt(c, &mut drain));
    out.extend(report_gone(c, &mut drain));
    Ok((drain, out.join("\n")))
}

/// Tries every pod not yet evicted (`evictPods`' loop); what kubectl prints for refusals.
fn attempt(c: &mut Cluster, d: &mut Drain) -> Vec<String> {
    let mut out = Vec::new();
    for k in 0..d.pods.len() {
        if d.pods[k].evicted {
            continue;
        }
        let uid = d.pods[k].uid;
        let Some(i) = c.pods.iter().position(|p| p.uid == uid) else {
            d.pods[k].evicted = true;
            continue;
        };
        match crate::registry::eviction::evict(c, i) {
            Ok(()) => d.pods[k].evicted = true,
            Err(e) => out.push(format!(
                "error when evicting pods/{:?} -n \"default\" (will retry after 5s): {e}",
                d.pods[k].name
            )),
        }
    }
    if d.pods.iter().any(|p| !p.evicted) {
        d.next_try = c.now + RETRY_MS;
        c.wake_at(d.next_try);
    }
    out
}

/// Reports the evicted pods that are gone, and the end of the drain.
fn report_gone(c: &Cluster, d: &mut Drain) -> Vec<String> {
    let now = c.now;
    let mut out = Vec::new();
    for p in d.pods.iter_mut().filter(|p| p.evicted && !p.reported) {
        let gone = !c.pods.iter().any(|q| q.uid == p.uid && q.exists(now));
        if gone {
            p.reported = true;
            out.push(format!("pod/{} evicted", p.name));
        }
    }
    if !d.done && d.pods.iter().all(|p| p.reported) {
        d.done = true;
        out.push(format!("node/{} drained", c.nodes[d.node].name));
    }
    out
}

impl Drain {
    pub fn is_done(&self) -> bool {
        self.done
    }
}

/// Moves a drain on at the current instant: retries refused evictions when their 5 s are up,
/// reports pods gone. Returns whether it evicted a pod (the controllers must look again).
pub fn advance(c: &mut Cluster, d: &mut Drain) -> bool {
    if d.done {
        return false;
    }
    let before = d.pods.iter().filter(|p| p.evicted).count();
    let mut lines = Vec::new();
    if c.now >= d.next_try && d.pods.iter().any(|p| !p.evicted) {
        lines.extend(attempt(c, d));
    }
    lines.extend(report_gone(c, d));
    let t = seconds(c.now);
    for line in lines {
        let ok = !line.starts_with("error");
        c.record(Record::Action {
            t,
            command: CONTINUED.into(),
            output: line,
            ok,
        });
    }
    d.pods.iter().filter(|p| p.evicted).count() > before
}
