//! The legacy client-side `kubectl rolling-update` of ReplicationControllers
//! (`pkg/cmd/rollingupdate/rolling_updater.go` `RollingUpdater.Update`), removed in kubectl 1.18.
//! kubectl itself drives the two controllers; the cluster only creates and deletes pods.

use crate::api::{Millis, ObjectMeta, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use crate::cluster::Cluster;
use crate::controller::deployment::util::resolve_fenceposts;
use crate::hash::compute_hash;
use crate::intstr::IntOrString;
use crate::trace::{seconds, Record};

/// The fixed numbers of one update: `desired`, the resolved fenceposts and `minAvailable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub desired: i32,
    pub max_surge: i32,
    pub max_unavailable: i32,
    pub min_available: i32,
}

/// The setup arithmetic of `Update`: ResolveFenceposts, `minAvailable = max(0, desired -
/// unavailable)`, and with `desired == 0` every old pod may go.
pub fn plan(
    desired: i32,
    old_replicas: i32,
    max_surge: &IntOrString,
    max_unavailable: &IntOrString,
) -> Result<Plan, String> {
    let (surge, mut unavailable) =
        resolve_fenceposts(Some(max_surge), Some(max_unavailable), desired)
            .map_err(|e| e.to_string())?;
    if desired > 0 && unavailable == 0 && surge == 0 {
        return Err("one of maxSurge or maxUnavailable must be specified".into());
    }
    let mut min_available = (desired - unavailable).max(0);
    if desired == 0 {
        unavailable = old_replicas;
        min_available = 0;
    }
    Ok(Plan {
        desired,
        max_surge: surge,
        max_unavailable: unavailable,
        min_available,
    })
}

/// Mirrors `RollingUpdater.scaleUp`: the new controller's next size, if it grows.
pub fn scale_up(new: i32, old: i32, p: &Plan) -> Option<i32> {
    if new == p.desired {
        return None;
    }
    let increment = if old == 0 {
        p.desired - new
    } else {
        (p.desired + p.max_surge) - (old + new)
    };
    if increment <= 0 {
        return None;
    }
    Some((new + increment).min(p.desired))
}

/// Mirrors `RollingUpdater.scaleDown`: the old controller's next size, if it shrinks.
pub fn scale_down(new: i32, old: i32, new_available: i32, p: &Plan) -> Option<i32> {
    if old == 0 {
        return None;
    }
    let all_pods = old + new;
    let new_unavailable = new - new_available;
    let decrement = all_pods - p.min_available - new_unavailable;
    if decrement <= 0 {
        return None;
    }
    let mut next = (old - decrement).max(0);
    if new == p.desired && new_available == p.desired {
        next = 0;
    }
    Some(next)
}

/// The first two lines kubectl prints.
pub fn header(
    new_name: &str,
    existed: bool,
    old_name: &str,
    old: i32,
    new: i32,
    p: &Plan,
) -> Vec<String> {
    vec![
        if existed {
            format!("Continuing update with existing controller {new_name}.")
        } else {
            format!("Created {new_name}")
        },
        format!(
            "Scaling up {new_name} from {new} to {}, scaling down {old_name} from {old} to 0 (keep {} pods available, don't exceed {} pods)",
            p.desired,
            p.min_available,
            p.desired + p.max_surge
        ),
    ]
}

/// Where the client is in its loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    ScaleUp,
    ScaleDown,
    Done,
}

/// kubectl's progress timeout: the package constant of 5 minutes (the `--timeout` flag is
/// ignored upstream).
const PROGRESS_TIMEOUT_MS: Millis = 5 * 60 * 1000;

/// A running `kubectl rolling-update OLD --image=IMAGE`, advanced by the simulation at the
/// instants it asks for.
#[derive(Clone, Debug)]
pub struct LegacyRollingUpdate {
    old: usize,
    new: usize,
    plan: Plan,
    step: Step,
    next_at: Millis,
    update_period: Millis,
    poll_interval: Millis,
    /// Counts at the start of the current loop iteration, for the progress check.
    loop_start: (i32, i32),
    progress_deadline: Millis,
}

impl LegacyRollingUpdate {
    /// Starts the update: creates the new controller at 0 with the old one's size as desired,
    /// and prints the header lines.
    pub fn start(
        c: &mut Cluster,
        old: usize,
        image: &str,
        update_period: Millis,
        poll_interval: Millis,
    ) -> Result<Self, String> {
        let old_rc = c.replica_sets[old].clone();
        let mut template = old_rc.spec.template.clone();
        let Some(first) = template.containers.first_mut() else {
            return Err("error: the controller has no containers".into());
        };
        first.image = image.to_string();
        if template == old_rc.spec.template {
            return Err(format!(
                "error: {} is already running {image}",
                old_rc.meta.name
            ));
        }
        let name = format!("{}-{}", old_rc.meta.name, compute_hash(&template, 0));
        // The stand-in object now describes what is wanted: the new template.
        c.deployment.spec.template = template.clone();
        let uid = c.next_uid();
        c.replica_sets.push(ReplicaSet {
            meta: ObjectMeta {
                name: name.clone(),
                uid,
                generation: 1,
                creation: c.now,
                ..Default::default()
            },
            spec: ReplicaSetSpec {
                replicas: 0,
                min_ready_seconds: 0,
                template,
            },
            status: ReplicaSetStatus::default(),
        });
        let new = c.replica_sets.len() - 1;
        let desired = old_rc.spec.replicas;
        // The CLI always passes maxSurge 1 and maxUnavailable 0.
        let plan = plan(
            desired,
            old_rc.spec.replicas,
            &IntOrString::Int(1),
            &IntOrString::Int(0),
        )?;
        let mut lines = header(
            &name,
            false,
            &old_rc.meta.name,
            old_rc.spec.replicas,
            0,
            &plan,
        );
        lines.retain(|l| !l.is_empty());
        for line in lines {
            print_line(c, line);
        }
        Ok(LegacyRollingUpdate {
            old,
            new,
            plan,
            step: Step::ScaleUp,
            next_at: c.now,
            update_period,
            poll_interval: poll_interval.max(1),
            loop_start: (0, old_rc.spec.replicas),
            progress_deadline: c.now + PROGRESS_TIMEOUT_MS,
        })
    }

    pub fn next_at(&self) -> Option<Millis> {
        (self.step != Step::Done).then_some(self.next_at)
    }

    pub fn is_done(&self) -> bool {
        self.step == Step::Done
    }

    /// Runs the client's next step if it is due. Returns whether it changed anything.
    pub fn advance(&mut self, c: &mut Cluster) -> bool {
        if self.step == Step::Done || c.now < self.next_at {
            return false;
        }
        let new = c.replica_sets[self.new].spec.replicas;
        let old = c.replica_sets[self.old].spec.replicas;
        match self.step {
            Step::ScaleUp => {
                if new == self.plan.desired && old == 0 {
                    self.finish(c);
                    return true;
                }
                self.loop_start = (new, old);
                let mut changed = false;
                if let Some(to) = scale_up(new, old, &self.plan) {
                    self.scale(
                        c,
                        self.new,
                        to,
                        format!("Scaling {} up to {to}", c.replica_sets[self.new].meta.name),
                    );
                    changed = true;
                }
                self.step = Step::ScaleDown;
                self.next_at = c.now + self.update_period;
                c.wake_at(self.next_at);
                changed
            }
            Step::ScaleDown => {
                let now = c.now;
                let new_available = c
                    .pods
                    .iter()
                    .filter(|p| p.owner == self.new && p.is_active(now) && p.is_available(0, now))
                    .count() as i32;
                let mut changed = false;
                if let Some(to) = scale_down(new, old, new_available, &self.plan) {
                    self.scale(
                        c,
                        self.old,
                        to,
                        format!(
                            "Scaling {} down to {to}",
                            c.replica_sets[self.old].meta.name
                        ),
                    );
                    changed = true;
                }
                let now_counts = (
                    c.replica_sets[self.new].spec.replicas,
                    c.replica_sets[self.old].spec.replicas,
                );
                if now_counts != self.loop_start {
                    self.progress_deadline = now + PROGRESS_TIMEOUT_MS;
                } else if now > self.progress_deadline {
                    print_line(
                        c,
                        "error: timed out waiting for any update progress to be made".into(),
                    );
                    self.step = Step::Done;
                    return true;
                }
                self.step = Step::ScaleUp;
                // Waiting for the scaled controller's replicas ends at once in the simulation: the
                // ReplicaSet controller acts in the same instant. A loop that made no progress
                // goes round again after the poll interval rather than spinning in zero time.
                self.next_at = if changed {
                    now
                } else {
                    now + self.poll_interval
                };
                if self.next_at > now {
                    c.wake_at(self.next_at);
                }
                changed
            }
            Step::Done => false,
        }
    }

    fn scale(&self, c: &mut Cluster, idx: usize, to: i32, line: String) {
        let rs = &mut c.replica_sets[idx];
        let from = rs.spec.replicas;
        rs.spec.replicas = to;
        rs.meta.generation += 1;
        let record = Record::Scale {
            t: seconds(c.now),
            replica_set: rs.meta.name.clone(),
            revision: 0,
            image: rs.spec.template.first_image().to_string(),
            from,
            to,
            why: format!(
                "kubectl rolling-update: keep {} available, don't exceed {} pods",
                self.plan.min_available,
                self.plan.desired + self.plan.max_surge
            ),
        };
        c.record(record);
        print_line(c, line);
    }

    /// The Rename cleanup: the old controller is deleted and the new one takes its name.
    fn finish(&mut self, c: &mut Cluster) {
        let old_name = c.replica_sets[self.old].meta.name.clone();
        let new_name = c.replica_sets[self.new].meta.name.clone();
        print_line(
            c,
            format!("Update succeeded. Deleting old controller: {old_name}"),
        );
        c.replica_sets[self.old].meta.deletion = Some(c.now);
        print_line(c, format!("Renaming {new_name} to {old_name}"));
        c.replica_sets[self.new].meta.name = old_name.clone();
        c.deployment.spec.template = c.replica_sets[self.new].spec.template.clone();
        print_line(
            c,
            format!("replicationcontroller/{old_name} rolling updated"),
        );
        self.step = Step::Done;
    }
}

fn print_line(c: &mut Cluster, line: String) {
    c.record(Record::Action {
        t: seconds(c.now),
        command: "kubectl rolling-update".into(),
        output: line,
        ok: true,
    });
}
