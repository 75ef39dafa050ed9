//! The legacy rolling update against the simulated cluster: kubectl's calls become reads and
//! writes of the two ReplicationControllers (kept as ReplicaSets, no revision) and lines of
//! kubectl's output in the trace.

use super::{header, plan, Cleanup, LegacyRollingUpdate, Rc, RcClient, Timing};
use crate::api::{Millis, ObjectMeta, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use crate::cluster::Cluster;
use crate::hash::compute_hash;
use crate::intstr::IntOrString;
use crate::trace::{seconds, Record};

/// A `kubectl rolling-update OLD --image=IMAGE` running against the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterRollingUpdate {
    machine: LegacyRollingUpdate,
    old: usize,
    new: usize,
}

/// kubectl's calls, as reads and writes of the cluster.
struct ClusterClient<'a> {
    c: &'a mut Cluster,
    old: usize,
    new: usize,
    old_name: String,
    why: crate::sentence::Sentence,
}

impl ClusterClient<'_> {
    fn idx(&self, rc: Rc) -> usize {
        match rc {
            Rc::Old => self.old,
            Rc::New => self.new,
        }
    }
}

impl RcClient for ClusterClient<'_> {
    fn spec_replicas(&self, rc: Rc) -> i32 {
        self.c.replica_sets[self.idx(rc)].spec.replicas
    }

    fn scale(&mut self, rc: Rc, to: i32) -> Result<(), String> {
        let t = seconds(self.c.now);
        let i = self.idx(rc);
        let rs = &mut self.c.replica_sets[i];
        let from = rs.spec.replicas;
        rs.spec.replicas = to;
        rs.meta.generation += 1;
        let record = Record::Scale {
            t,
            replica_set: rs.meta.name.clone(),
            revision: 0,
            image: rs.spec.template.first_image().to_string(),
            from,
            to,
            why: self.why.clone(),
        };
        self.c.record(record);
        Ok(())
    }

    /// Read before the ReplicationController manager has acted on the write: the first, at once
    /// look of `PollImmediate` right after a scale does not see it synced.
    fn scale_synced(&self, rc: Rc, to: i32) -> bool {
        let rs = &self.c.replica_sets[self.idx(rc)];
        rs.spec.replicas != to || rs.status.replicas == to
    }

    fn new_available(&mut self) -> Result<i32, String> {
        let now = self.c.now;
        Ok(self
            .c
            .pods
            .iter()
            .filter(|p| p.owner == self.new && p.is_active(now) && p.is_available(0, now))
            .count() as i32)
    }

    fn has_desired_replicas(&self, rc: Rc) -> bool {
        let rs = &self.c.replica_sets[self.idx(rc)];
        rs.status.observed_generation >= rs.meta.generation
            && rs.status.replicas == rs.spec.replicas
    }

    fn delete(&mut self, rc: Rc, _orphan: bool) {
        // An orphan delete leaves the pods running with no controller: a deleted ReplicaSet is
        // no longer managed, and its pods keep their owner for the adoption that follows.
        let i = self.idx(rc);
        self.c.replica_sets[i].meta.deletion = Some(self.c.now);
    }

    fn is_gone(&self, rc: Rc) -> bool {
        self.c.replica_sets[self.idx(rc)].meta.deletion.is_some()
    }

    fn create_under_old_name(&mut self) {
        let uid = self.c.next_uid();
        let now = self.c.now;
        let rs = &mut self.c.replica_sets[self.new];
        rs.meta.deletion = None;
        rs.meta.name = self.old_name.clone();
        rs.meta.uid = uid;
        rs.meta.generation = 1;
        rs.meta.creation = now;
        rs.status = ReplicaSetStatus::default();
        let template = rs.spec.template.clone();
        self.c.deployment.spec.template = template;
    }

    fn print(&mut self, line: String) {
        print_line(self.c, line);
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

impl ClusterRollingUpdate {
    /// Starts `kubectl rolling-update OLD --image=IMAGE`: creates the new controller at 0 with
    /// the old one's size as desired, prints the header lines, and enters the loop.
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
        // The CLI always passes maxSurge 1 and maxUnavailable 0.
        let plan = plan(
            old_rc.spec.replicas,
            old_rc.spec.replicas,
            &IntOrString::Int(1),
            &IntOrString::Int(0),
        )?;
        for line in header(
            &name,
            false,
            &old_rc.meta.name,
            old_rc.spec.replicas,
            0,
            &plan,
        ) {
            print_line(c, line);
        }
        let machine = LegacyRollingUpdate::new(
            plan,
            old_rc.meta.name.clone(),
            name,
            Timing::kubectl(update_period, poll_interval),
            Cleanup::Rename,
            c.now,
        );
        Ok(ClusterRollingUpdate { machine, old, new })
    }

    pub fn next_at(&self) -> Option<Millis> {
        self.machine.next_at()
    }

    pub fn is_done(&self) -> bool {
        self.machine.is_done()
    }

    /// Runs the client's steps due now. Returns whether it changed anything.
    pub fn advance(&mut self, c: &mut Cluster) -> bool {
        let plan = self.machine.plan.clone();
        let now = c.now;
        let mut client = ClusterClient {
            old_name: c.replica_sets[self.old].meta.name.clone(),
            c,
            old: self.old,
            new: self.new,
            why: crate::sentence::Sentence::new(
                "kubectl rolling-update: keep {min_available} available, don't exceed {max} pods",
                &[
                    ("min_available", &plan.min_available),
                    ("max", &(plan.desired + plan.max_surge)),
                ],
            ),
        };
        let wrote = self.machine.advance(now, &mut client);
        if let Some(t) = self.machine.next_at() {
            c.wake_at(t);
        }
        wrote
    }
}
