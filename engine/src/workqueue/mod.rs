//! `k8s.io/client-go/util/workqueue`: the queues that decide when a controller looks at an
//! object again. Keys are cluster indices; times are simulated milliseconds.

use crate::api::Millis;
use std::collections::BTreeMap;

/// Mirrors the waiting list of `delayingType` (`AddAfter` and its `insert`): one waiting entry
/// per key, and a later `AddAfter` for a key that already waits only moves it earlier. An
/// immediate `Add` leaves the waiting entry in place; it fires on its own time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DelayingQueue {
    waiting: BTreeMap<usize, Millis>,
}

impl DelayingQueue {
    /// Mirrors `AddAfter(key, at - now)`: keeps the earliest time per key.
    pub fn add_after(&mut self, key: usize, at: Millis) {
        self.waiting
            .entry(key)
            .and_modify(|t| *t = (*t).min(at))
            .or_insert(at);
    }

    /// The keys whose time has come (removed from the waiting list), in key order.
    pub fn pop_due(&mut self, now: Millis) -> Vec<usize> {
        let due: Vec<usize> = self
            .waiting
            .iter()
            .filter(|(_, &t)| t <= now)
            .map(|(&k, _)| k)
            .collect();
        for k in &due {
            self.waiting.remove(k);
        }
        due
    }

    /// When `key` waits until, if it does.
    pub fn waiting_until(&self, key: usize) -> Option<Millis> {
        self.waiting.get(&key).copied()
    }
}

/// The first delay of `DefaultControllerRateLimiter`'s per-item exponential limiter
/// (`ItemExponentialFailureRateLimiter(5ms, 1000s)`). A controller that syncs without error
/// calls `Forget`, so a requeue after a successful sync always waits this base delay. The
/// limiter's token bucket (10 per second, burst 100) is shared by every object of the queue
/// and is not modelled.
pub const RATE_LIMITED_REQUEUE_MS: Millis = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_add_after_is_swallowed_by_an_earlier_one() {
        let mut q = DelayingQueue::default();
        q.add_after(1, 11_000);
        q.add_after(1, 16_000);
        assert_eq!(q.waiting_until(1), Some(11_000));
        q.add_after(1, 10_000);
        assert_eq!(q.waiting_until(1), Some(10_000), "an earlier time moves it");
        assert!(q.pop_due(9_999).is_empty());
        assert_eq!(q.pop_due(10_000), vec![1]);
        assert_eq!(q.waiting_until(1), None, "fired entries are gone");
    }
}
