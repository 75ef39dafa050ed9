//! Each ReplicaSet's pods counted as `calculateStatus` counts them (replicas, ready,
//! terminating), kept current from the moments its pods change: a pod is looked at when it is
//! written (created, bound, deleted) and when one of its times comes, not at every sync. A
//! rollout of a thousand pods syncs its ReplicaSets at nearly every instant; recounting every
//! pod each time was the largest part of a run.

use crate::api::{Millis, Pod};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Where a pod stands at a moment, as the status counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// Not created yet, or gone.
    Absent,
    /// Counted in `replicas`, not Ready.
    Running,
    /// Counted in `replicas` and `readyReplicas`.
    Ready,
    /// Deleted, not gone yet.
    Terminating,
}

/// The times of a pod that decide its standing, copied when it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Times {
    owner: usize,
    created: Millis,
    ready: Option<Millis>,
    deleted: Option<Millis>,
    gone: Option<Millis>,
}

impl Times {
    fn of(p: &Pod) -> Times {
        Times {
            owner: p.owner,
            created: p.created,
            ready: p.ready,
            deleted: p.deleted,
            gone: p.gone,
        }
    }

    /// `Pod::exists`, `is_terminating` and `is_ready` at `t`.
    fn standing(&self, t: Millis) -> Standing {
        if self.created > t || self.gone.is_some_and(|g| g <= t) {
            Standing::Absent
        } else if self.deleted.is_some_and(|d| d <= t) {
            Standing::Terminating
        } else if self.ready.is_some_and(|r| r <= t) {
            Standing::Ready
        } else {
            Standing::Running
        }
    }

    /// The next of its times after `t`, when its standing may change.
    fn next_change(&self, t: Millis) -> Option<Millis> {
        [Some(self.created), self.ready, self.deleted, self.gone]
            .into_iter()
            .flatten()
            .filter(|&x| x > t)
            .min()
    }
}

/// A ReplicaSet's pods by standing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub running: u32,
    pub ready: u32,
    pub terminating: u32,
}

impl Counts {
    fn slot(&mut self, s: Standing) -> Option<&mut u32> {
        match s {
            Standing::Absent => None,
            Standing::Running => Some(&mut self.running),
            Standing::Ready => Some(&mut self.ready),
            Standing::Terminating => Some(&mut self.terminating),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    times: Times,
    standing: Standing,
    /// Bumped at each write: a due moment queued before it is stale.
    version: u32,
}

/// The counts of every ReplicaSet's pods at `at`, and when each pod's standing may change.
#[derive(Debug, Default)]
pub struct Tally {
    at: Millis,
    counts: Vec<Counts>,
    /// By uid (the cluster hands them out in order from 1).
    pods: Vec<Option<Entry>>,
    /// (when, uid, version), soonest first; stale versions are skipped.
    due: BinaryHeap<Reverse<(Millis, u64, u32)>>,
}

/// Derived from the pods, it is not copied with them (a checkpoint of 100,000 pods would carry
/// its own); a copy builds it anew from its pods when it next needs it.
#[derive(Debug, Default)]
pub struct Kept(pub Option<Tally>);

impl Clone for Kept {
    fn clone(&self) -> Kept {
        Kept(None)
    }
}

impl PartialEq for Kept {
    /// Derived data: two clusters with the same pods are equal whatever each has tallied.
    fn eq(&self, _: &Kept) -> bool {
        true
    }
}

impl PartialEq for Tally {
    /// The same counts of the same pods at the same moment (the queue's stale entries aside).
    fn eq(&self, other: &Tally) -> bool {
        self.at == other.at && self.counts == other.counts && self.pods == other.pods
    }
}

impl Tally {
    /// Counts `pods` at `now`.
    pub fn of(pods: &[Pod], now: Millis) -> Tally {
        let mut t = Tally {
            at: now,
            ..Tally::default()
        };
        for p in pods {
            t.write(p);
        }
        t
    }

    /// A pod was created, bound or deleted: count it as it stands now.
    pub fn write(&mut self, p: &Pod) {
        let slot = p.uid as usize;
        if self.pods.len() <= slot {
            self.pods.resize(slot + 1, None);
        }
        let version = match self.pods[slot].take() {
            Some(old) => {
                self.count(old.times.owner, old.standing, false);
                old.version.wrapping_add(1)
            }
            None => 0,
        };
        self.enter(p.uid, Times::of(p), version);
    }

    fn enter(&mut self, uid: u64, times: Times, version: u32) {
        let standing = times.standing(self.at);
        let due = times.next_change(self.at);
        if standing == Standing::Absent && due.is_none() {
            return;
        }
        self.count(times.owner, standing, true);
        if let Some(d) = due {
            self.due.push(Reverse((d, uid, version)));
        }
        self.pods[uid as usize] = Some(Entry {
            times,
            standing,
            version,
        });
    }

    fn count(&mut self, owner: usize, s: Standing, add: bool) {
        if self.counts.len() <= owner {
            self.counts.resize(owner + 1, Counts::default());
        }
        if let Some(n) = self.counts[owner].slot(s) {
            if add {
                *n += 1;
            } else {
                *n -= 1;
            }
        }
    }

    /// Brings the counts to `now`: each pod whose time came is counted as it stands now.
    pub fn advance(&mut self, now: Millis) {
        if now < self.at {
            return;
        }
        self.at = now;
        while let Some(&Reverse((t, uid, version))) = self.due.peek() {
            if t > now {
                break;
            }
            self.due.pop();
            let slot = uid as usize;
            let Some(old) = self.pods[slot].filter(|e| e.version == version) else {
                continue;
            };
            self.pods[slot] = None;
            self.count(old.times.owner, old.standing, false);
            self.enter(uid, old.times, version.wrapping_add(1));
        }
    }

    /// ReplicaSet `owner`'s pods at the last [`Self::advance`].
    pub fn counts(&self, owner: usize) -> Counts {
        self.counts.get(owner).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(uid: u64, owner: usize, created: Millis) -> Pod {
        Pod::created(0, uid, owner, created, crate::api::Fate::Healthy)
    }

    fn k(running: u32, ready: u32, terminating: u32) -> Counts {
        Counts {
            running,
            ready,
            terminating,
        }
    }

    #[test]
    fn pods_move_between_counts_as_their_times_come() {
        let mut a = pod(1, 0, 0);
        a.ready = Some(500);
        let b = pod(2, 0, 100);
        let mut t = Tally::of(&[a.clone(), b.clone()], 0);
        assert_eq!(t.counts(0), k(1, 0, 0));
        t.advance(100);
        assert_eq!(t.counts(0).running, 2);
        t.advance(600);
        assert_eq!(t.counts(0), k(1, 1, 0));
        // Deleted at 700, gone at 900.
        a.deleted = Some(700);
        a.gone = Some(900);
        t.advance(700);
        t.write(&a);
        assert_eq!(t.counts(0), k(1, 0, 1));
        t.advance(900);
        assert_eq!(t.counts(0), k(1, 0, 0));
        assert_eq!(t.counts(5), Counts::default());
    }
}
