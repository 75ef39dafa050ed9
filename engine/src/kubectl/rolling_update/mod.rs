//! The legacy client-side `kubectl rolling-update` of ReplicationControllers
//! (`pkg/cmd/rollingupdate/rolling_updater.go` `RollingUpdater.Update`), removed in kubectl 1.18.
//! kubectl itself drives the two controllers; the cluster only creates and deletes pods.
//!
//! [`LegacyRollingUpdate`] is the client's loop as a state machine with no clock of its own:
//! what it reads and writes goes through [`RcClient`], as upstream injects `scaleAndWait`,
//! `getReadyPods` and `cleanup`. The simulation drives it over the cluster
//! ([`cluster_client`]); the conformance test drives the very same machine with the fakes of
//! `rolling_updater_test.go`.

pub mod cluster_client;

use crate::api::Millis;
use crate::controller::deployment::util::resolve_fenceposts;
use crate::intstr::IntOrString;

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

/// One of the two ReplicationControllers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rc {
    Old,
    New,
}

/// What `RollingUpdater.Update` asks of the API server, as upstream injects it.
pub trait RcClient {
    /// `spec.replicas` of a controller.
    fn spec_replicas(&self, rc: Rc) -> i32;
    /// Writes `spec.replicas` (the scale subresource); an error stops the update.
    fn scale(&mut self, rc: Rc, to: i32) -> Result<(), String>;
    /// `scaleHasDesiredReplicas`: the target was changed by someone else, or
    /// `status.replicas == spec.replicas == to`.
    fn scale_synced(&self, rc: Rc, to: i32) -> bool;
    /// `getReadyPods(..)`'s count for the new controller: pods Ready (minReadySeconds 0) and not
    /// terminating.
    fn new_available(&mut self) -> Result<i32, String>;
    /// `controllerHasDesiredReplicas`: observedGeneration caught up and status.replicas == spec.
    fn has_desired_replicas(&self, rc: Rc) -> bool;
    /// Deletes a controller; `orphan` leaves its pods running without one.
    fn delete(&mut self, rc: Rc, orphan: bool);
    /// Whether a deleted controller is gone from the API.
    fn is_gone(&self, rc: Rc) -> bool;
    /// Creates the new controller again under the old one's name (it adopts the pods).
    fn create_under_old_name(&mut self);
    /// A line kubectl prints.
    fn print(&mut self, line: String);
}

/// The client's clock settings, in simulated milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// `--update-period` (1 minute): the sleep between the scale-up and the scale-down.
    pub update_period: Millis,
    /// `--poll-interval` (3 s): how often a wait looks again.
    pub poll_interval: Millis,
    /// The package constant of 5 minutes: the progress timeout and every wait's timeout (the
    /// `--timeout` flag is ignored upstream).
    pub timeout: Millis,
    /// After an iteration that took no time at all (update period 0, nothing to wait for),
    /// when to look again. Upstream spins; the simulation takes this step instead.
    pub idle_step: Millis,
}

impl Timing {
    /// kubectl's: the given update period and poll interval, the 5-minute constant.
    pub fn kubectl(update_period: Millis, poll_interval: Millis) -> Timing {
        let poll_interval = poll_interval.max(1);
        Timing {
            update_period,
            poll_interval,
            timeout: PROGRESS_TIMEOUT_MS,
            idle_step: poll_interval,
        }
    }
}

/// What happens once the loop has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cleanup {
    /// The one-name form: wait for the new controller, delete the old one, rename the new one.
    Rename,
    /// Nothing (the fake `cleanup` of `TestUpdate`).
    Stubbed,
}

/// kubectl's progress timeout: the package constant of 5 minutes.
pub const PROGRESS_TIMEOUT_MS: Millis = 5 * 60 * 1000;
/// `Rename`'s wait for the orphan delete: every 5 s, for at most 60 s.
const RENAME_POLL_MS: Millis = 5_000;
const RENAME_TIMEOUT_MS: Millis = 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// `WaitForScaleHasDesiredReplicas` after a scale, then what follows it.
    Scale { rc: Rc, to: i32, then: AfterScale },
    /// The cleanup's `wait.Poll(controllerHasDesiredReplicas)`.
    CleanupSync,
    /// `Rename`'s wait for the orphan-deleted controller to be gone.
    Renamed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AfterScale {
    /// After the scale-up: sleep the update period.
    Sleep,
    /// After the scale-down: the progress check.
    ProgressCheck,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// The top of the loop: done, or scale up.
    LoopTop,
    Waiting {
        what: Wait,
        next_check: Millis,
        deadline: Millis,
    },
    /// `time.Sleep(UpdatePeriod)`, then the scale-down.
    Sleeping {
        until: Millis,
    },
    Done(Result<(), String>),
}

/// A running `kubectl rolling-update`.
#[derive(Clone, Debug, PartialEq)]
pub struct LegacyRollingUpdate {
    plan: Plan,
    old_name: String,
    new_name: String,
    timing: Timing,
    cleanup: Cleanup,
    state: State,
    /// (new, old) sizes at the top of the loop, for the progress check.
    loop_start: (i32, i32),
    progress_deadline: Millis,
    /// When the iteration began (an iteration that took no time waits `idle_step`).
    iteration_start: Millis,
    /// When it next needs to run.
    next: Option<Millis>,
}

impl LegacyRollingUpdate {
    /// An update about to enter its loop at `now` (after `Created NEW` and the plan line).
    pub fn new(
        plan: Plan,
        old_name: String,
        new_name: String,
        timing: Timing,
        cleanup: Cleanup,
        now: Millis,
    ) -> Self {
        LegacyRollingUpdate {
            plan,
            old_name,
            new_name,
            timing,
            cleanup,
            state: State::LoopTop,
            loop_start: (0, 0),
            progress_deadline: now + timing.timeout,
            iteration_start: now,
            next: Some(now),
        }
    }

    /// When it next needs to run; `None` once done.
    pub fn next_at(&self) -> Option<Millis> {
        self.next
    }

    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done(_))
    }

    /// Why it stopped, if it failed.
    pub fn error(&self) -> Option<&str> {
        match &self.state {
            State::Done(Err(e)) => Some(e),
            _ => None,
        }
    }

    /// Runs every step due at `now`, and returns whether it wrote anything. Steps that need
    /// no waiting run one after another in the same call.
    pub fn advance(&mut self, now: Millis, io: &mut impl RcClient) -> bool {
        let mut wrote = false;
        for _ in 0..64 {
            if self.next.is_none_or(|t| t > now) {
                break;
            }
            match self.step(now, io) {
                Ok(did) => wrote |= did,
                Err(e) => {
                    io.print(format!("error: {e}"));
                    self.finish(Err(e));
                    wrote = true;
                }
            }
        }
        wrote
    }

    fn finish(&mut self, result: Result<(), String>) {
        self.state = State::Done(result);
        self.next = None;
    }

    fn wait(&mut self, what: Wait, first_check: Millis, deadline: Millis) {
        self.state = State::Waiting {
            what,
            next_check: first_check,
            deadline,
        };
        self.next = Some(first_check);
    }

    /// One step of the loop; `Ok(true)` when it wrote to the API.
    fn step(&mut self, now: Millis, io: &mut impl RcClient) -> Result<bool, String> {
        match self.state.clone() {
            State::Done(_) => {
                self.next = None;
                Ok(false)
            }
            State::LoopTop => self.loop_top(now, io),
            State::Sleeping { .. } => self.scale_down(now, io),
            State::Waiting {
                what,
                next_check,
                deadline,
            } => {
                if self.wait_over(what, io) {
                    return self.after_wait(what, now, io);
                }
                if now >= deadline {
                    return Err(match what {
                        Wait::Scale { rc, .. } => {
                            format!("timed out waiting for {:?} to be synced", self.name(rc))
                        }
                        _ => "timed out waiting for the condition".to_string(),
                    });
                }
                let poll = match what {
                    Wait::Renamed => RENAME_POLL_MS,
                    _ => self.timing.poll_interval,
                };
                self.wait(what, (next_check + poll).min(deadline), deadline);
                Ok(false)
            }
        }
    }

    fn name(&self, rc: Rc) -> &str {
        match rc {
            Rc::Old => &self.old_name,
            Rc::New => &self.new_name,
        }
    }

    fn wait_over(&self, what: Wait, io: &impl RcClient) -> bool {
        match what {
            Wait::Scale { rc, to, .. } => io.scale_synced(rc, to),
            Wait::CleanupSync => io.has_desired_replicas(Rc::New),
            Wait::Renamed => io.is_gone(Rc::New),
        }
    }

    /// The loop's condition, then `scaleUp` and its wait (checked at once: `PollImmediate`).
    fn loop_top(&mut self, now: Millis, io: &mut impl RcClient) -> Result<bool, String> {
        let (new, old) = (io.spec_replicas(Rc::New), io.spec_replicas(Rc::Old));
        if new == self.plan.desired && old == 0 {
            return self.start_cleanup(now, io);
        }
        self.loop_start = (new, old);
        self.iteration_start = now;
        match scale_up(new, old, &self.plan) {
            Some(to) => {
                io.print(format!("Scaling {} up to {to}", self.new_name));
                io.scale(Rc::New, to)?;
                let what = Wait::Scale {
                    rc: Rc::New,
                    to,
                    then: AfterScale::Sleep,
                };
                self.wait(what, now, now + self.timing.timeout);
                Ok(true)
            }
            None => {
                self.sleep(now);
                Ok(false)
            }
        }
    }

    fn sleep(&mut self, now: Millis) {
        let until = now + self.timing.update_period;
        self.state = State::Sleeping { until };
        self.next = Some(until);
    }

    /// `scaleDown`: one look at the new pods' readiness (no poll), the scale and its wait.
    fn scale_down(&mut self, now: Millis, io: &mut impl RcClient) -> Result<bool, String> {
        let (new, old) = (io.spec_replicas(Rc::New), io.spec_replicas(Rc::Old));
        if old == 0 {
            return self.progress_check(now, io);
        }
        let available = io.new_available()?;
        match scale_down(new, old, available, &self.plan) {
            Some(to) => {
                io.print(format!("Scaling {} down to {to}", self.old_name));
                io.scale(Rc::Old, to)?;
                let what = Wait::Scale {
                    rc: Rc::Old,
                    to,
                    then: AfterScale::ProgressCheck,
                };
                self.wait(what, now, now + self.timing.timeout);
                Ok(true)
            }
            None => self.progress_check(now, io),
        }
    }

    fn after_wait(
        &mut self,
        what: Wait,
        now: Millis,
        io: &mut impl RcClient,
    ) -> Result<bool, String> {
        match what {
            Wait::Scale {
                then: AfterScale::Sleep,
                ..
            } => {
                self.sleep(now);
                Ok(false)
            }
            Wait::Scale {
                then: AfterScale::ProgressCheck,
                ..
            } => self.progress_check(now, io),
            Wait::CleanupSync => {
                io.print(format!(
                    "Update succeeded. Deleting old controller: {}",
                    self.old_name
                ));
                io.delete(Rc::Old, false);
                io.print(format!("Renaming {} to {}", self.new_name, self.old_name));
                io.delete(Rc::New, true);
                self.wait(Wait::Renamed, now + RENAME_POLL_MS, now + RENAME_TIMEOUT_MS);
                Ok(true)
            }
            Wait::Renamed => {
                io.create_under_old_name();
                io.print(format!(
                    "replicationcontroller/{} rolling updated",
                    self.old_name
                ));
                self.finish(Ok(()));
                Ok(true)
            }
        }
    }

    /// The end of an iteration: progress pushes the deadline on; none past it fails.
    fn progress_check(&mut self, now: Millis, io: &mut impl RcClient) -> Result<bool, String> {
        let counts = (io.spec_replicas(Rc::New), io.spec_replicas(Rc::Old));
        if counts != self.loop_start {
            self.progress_deadline = now + self.timing.timeout;
        } else if now > self.progress_deadline {
            return Err("timed out waiting for any update progress to be made".into());
        }
        self.state = State::LoopTop;
        self.next = Some(if now == self.iteration_start {
            now + self.timing.idle_step
        } else {
            now
        });
        Ok(false)
    }

    /// The cleanup: `wait.Poll` (the first look one interval later) for the new controller,
    /// then delete and rename.
    fn start_cleanup(&mut self, now: Millis, _io: &mut impl RcClient) -> Result<bool, String> {
        match self.cleanup {
            Cleanup::Stubbed => {
                self.finish(Ok(()));
                Ok(false)
            }
            Cleanup::Rename => {
                self.wait(
                    Wait::CleanupSync,
                    now + self.timing.poll_interval,
                    now + self.timing.timeout,
                );
                Ok(false)
            }
        }
    }
}
