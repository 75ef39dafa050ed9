//! Tables of kubectl: `rollout_status_test.go` and the legacy `rolling_updater_test.go`.

use crate::strict::J;
use crate::support::*;
use rollout_engine::api::Millis;
use rollout_engine::kubectl::rolling_update::{
    header, plan, Cleanup, LegacyRollingUpdate, Rc, RcClient, Timing,
};
use rollout_engine::kubectl::rollout_status::deployment_status_viewer as viewer;
use std::collections::VecDeque;

/// `TestDeploymentStatusViewerStatus`.
pub fn deployment_status_viewer(_: &J, i: &J, e: &J) -> Result<(), String> {
    let mut d = deployment(i.at("specReplicas").int(), None, None, "RollingUpdate");
    d.meta.name = i.at("name").str().to_string();
    d.meta.generation = i.at("generation").i64();
    let s = i.at("status");
    d.status.observed_generation = s.at("observedGeneration").i64();
    d.status.replicas = s.at("replicas").int();
    d.status.updated_replicas = s.at("updatedReplicas").int();
    d.status.available_replicas = s.at("availableReplicas").int();
    d.status.unavailable_replicas = s.at("unavailableReplicas").int();
    let got = viewer(&d, i.at("revision").i64());
    check("message", got.message.as_str(), e.at("message").str())?;
    check("done", got.done, e.at("done").bool())?;
    // Null where no error is expected.
    check("error", got.error.as_deref(), e.at("error").opt_str())
}

/// The FIFOs of `TestUpdate`'s fakes, built from its events: readiness answers from every
/// "down" (no-op or not), scale-up targets from "up", scale-down targets from non-no-op "down".
#[derive(Default)]
struct Fifos {
    readiness: VecDeque<i32>,
    ups: VecDeque<i32>,
    downs: VecDeque<i32>,
}

fn build_fifos(events: &J) -> Result<Fifos, String> {
    let mut f = Fifos::default();
    for ev in events.array() {
        match ev.at("kind").str() {
            "up" => f.ups.push_back(ev.at("to").int()),
            "down" => {
                // getReadyPods answers (old, new); scaleDown only uses the new controller's.
                ev.ignore(&["oldReady"]);
                f.readiness.push_back(ev.at("newReady").int());
                let to = ev.at("to");
                if !ev.at("noop").bool() {
                    f.downs.push_back(to.int());
                } else if !to.is_null() {
                    return Err(format!("{}: a no-op scale-down has no target", to.path()));
                }
            }
            other => return Err(format!("{}: unknown event kind {other:?}", ev.path())),
        }
    }
    Ok(f)
}

/// The fake API of `TestUpdate`: the two controllers' sizes, the FIFOs (`None` in
/// `TestUpdate_progressTimeout`, whose fakes expect nothing), and what kubectl printed.
struct Table {
    old_name: String,
    new_name: String,
    old: i32,
    new: i32,
    fifos: Option<Fifos>,
    printed: Vec<String>,
}

impl RcClient for Table {
    fn spec_replicas(&self, rc: Rc) -> i32 {
        match rc {
            Rc::Old => self.old,
            Rc::New => self.new,
        }
    }

    /// The fake `scaleAndWait`: the target must be the next of its FIFO. In the progress-timeout
    /// case it does nothing, but scaleUp has already set the size in place.
    fn scale(&mut self, rc: Rc, to: i32) -> Result<(), String> {
        if let Some(f) = &mut self.fifos {
            let (fifo, name) = match rc {
                Rc::New => (&mut f.ups, &self.new_name),
                Rc::Old => (&mut f.downs, &self.old_name),
            };
            match fifo.pop_front() {
                None => return Err(format!("unexpected scale of {name} to {to}")),
                Some(want) if want != to => {
                    return Err(format!("expected scale of {name} to {want}, got {to}"))
                }
                Some(_) => {}
            }
        }
        match rc {
            Rc::Old => self.old = to,
            Rc::New => self.new = to,
        }
        Ok(())
    }

    /// The fake sets status = spec: nothing to wait for.
    fn scale_synced(&self, _: Rc, _: i32) -> bool {
        true
    }

    /// The fake `getReadyPods`: the next answer, or no pod ever ready (progress timeout).
    fn new_available(&mut self) -> Result<i32, String> {
        match &mut self.fifos {
            None => Ok(0),
            Some(f) => f
                .readiness
                .pop_front()
                .ok_or_else(|| "unexpected getReadyPods call".to_string()),
        }
    }

    fn has_desired_replicas(&self, _: Rc) -> bool {
        unreachable!("Cleanup::Stubbed never waits for the controllers")
    }

    fn delete(&mut self, _: Rc, _: bool) {
        unreachable!("Cleanup::Stubbed never deletes a controller")
    }

    fn is_gone(&self, _: Rc) -> bool {
        unreachable!("Cleanup::Stubbed never waits for a deletion")
    }

    fn create_under_old_name(&mut self) {
        unreachable!("Cleanup::Stubbed never renames")
    }

    fn print(&mut self, line: String) {
        self.printed.push(line);
    }
}

/// `TestUpdate` and `TestUpdate_progressTimeout` of `rolling_updater_test.go`: the engine's own
/// `LegacyRollingUpdate` driven over the test's fakes, waiting instant, one tick of the 1 ms
/// clock per idle loop.
pub fn rolling_updater(_: &J, i: &J, e: &J) -> Result<(), String> {
    // Go durations ("0", "1ms"): the harness runs the upstream test's clock instead (update
    // period 0, 1 ms polls and timeout; `Timing` below). updatePeriod is absent from the
    // progress-timeout case, which leaves it 0.
    i.ignore(&["updatePeriod", "interval", "timeout"]);
    // getReadyPods' argument; the readiness answers stand in for getReadyPods.
    i.ignore(&["minReadySeconds"]);
    let (old_rc, new_rc) = (i.at("oldRc"), i.at("newRc"));
    // The annotation Update writes for a later rollback: no scaling decision or line reads it.
    old_rc.ignore(&["originalReplicasAnnotation"]);
    let (old_name, new_name) = (old_rc.at("name").str(), new_rc.at("name").str());
    let (old, new) = (old_rc.at("replicas").int(), new_rc.at("replicas").int());
    let desired = new_rc.at("desiredReplicasAnnotation").int();
    let surge = i.at("maxSurge").ios().ok_or("maxSurge is null")?;
    let unavailable = i
        .at("maxUnavailable")
        .ios()
        .ok_or("maxUnavailable is null")?;
    let p = plan(desired, old, &surge, &unavailable)?;
    let mut out =
        header(new_name, i.at("newRcExists").bool(), old_name, old, new, &p).join("\n") + "\n";

    // TestUpdate has events; TestUpdate_progressTimeout has, instead, the description of its
    // fakes: no pod is ever ready, and scaleAndWait does nothing.
    let fifos = match (i.at("events").opt(), i.at("readiness").opt_str()) {
        (Some(events), None) => Some(build_fifos(&events)?),
        (None, Some(readiness)) => {
            check("readiness", readiness, "always (0,0)")?;
            let scale_and_wait = i.at("scaleAndWait").str();
            if !scale_and_wait.starts_with("no-op") {
                return Err(format!("unsupported scaleAndWait fake: {scale_and_wait}"));
            }
            None
        }
        _ => return Err("a case has either events or readiness".into()),
    };
    let mut t = Table {
        old_name: old_name.to_string(),
        new_name: new_name.to_string(),
        old,
        new,
        fifos,
        printed: Vec::new(),
    };
    let timing = Timing {
        update_period: 0,
        poll_interval: 1,
        timeout: 1,
        idle_step: 1,
    };
    let mut m = LegacyRollingUpdate::new(
        p,
        old_name.to_string(),
        new_name.to_string(),
        timing,
        Cleanup::Stubbed,
        0,
    );
    let mut now: Millis = 0;
    loop {
        m.advance(now, &mut t);
        match m.next_at() {
            None => break,
            Some(n) => now = n.max(now + 1),
        }
        if now > 10_000 {
            return Err("no end".into());
        }
    }
    check("error", m.error(), e.at("error").opt_str())?;
    // The machine prints `error: ...` itself when it fails; upstream's transcript has no such
    // line (Update returns the error to its caller).
    for line in t.printed.iter().filter(|l| !l.starts_with("error: ")) {
        out.push_str(line);
        out.push('\n');
    }
    // Absent from the progress-timeout case, which asserts the error only.
    if let Some(want) = e.at("output").opt_str() {
        check("output", out.as_str(), want)?;
    }
    Ok(())
}
