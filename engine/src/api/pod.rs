use super::Millis;

/// What the kubelet would report for a container, decided by the image's behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Starts, then becomes Ready at `ready`.
    Healthy,
    /// Runs but its readiness probe never succeeds.
    NeverReady,
    /// Starts, exits, and is restarted with back-off: CrashLoopBackOff.
    CrashLoop,
    /// The image cannot be pulled: ErrImagePull, then ImagePullBackOff.
    PullError,
}

/// The phase a pod is in at a moment, in the words `kubectl get pods` uses for STATUS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodState {
    /// Not scheduled (no node has room).
    Pending,
    ContainerCreating,
    /// Running, readiness probe not yet passing.
    Running,
    /// Ready, but not yet for minReadySeconds.
    Ready,
    Available,
    CrashLoopBackOff,
    ImagePullBackOff,
    Terminating,
}

impl PodState {
    pub const ALL: [PodState; 8] = [
        PodState::Pending,
        PodState::ContainerCreating,
        PodState::Running,
        PodState::Ready,
        PodState::Available,
        PodState::CrashLoopBackOff,
        PodState::ImagePullBackOff,
        PodState::Terminating,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PodState::Pending => "Pending",
            PodState::ContainerCreating => "ContainerCreating",
            PodState::Running => "Running (not ready)",
            PodState::Ready => "Ready",
            PodState::Available => "Available",
            PodState::CrashLoopBackOff => "CrashLoopBackOff",
            PodState::ImagePullBackOff => "ImagePullBackOff",
            PodState::Terminating => "Terminating",
        }
    }
}

/// The pod phase (`status.phase`) as the RS controller's ranking reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodPhase {
    Pending,
    Unknown,
    Running,
}

/// A pod. Its future is decided when it is created (the image's behaviour is deterministic), so
/// its state at any moment is a function of time: no per-pod ticking is needed.
#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    /// Which of the cluster's pod-name prefixes (the owner's name when the pod was created) it
    /// carries; its name is that prefix and a suffix from its uid ([`Cluster::pod_name`]). Kept
    /// as an index so that a pod is plain data: copying a whole cluster (a checkpoint) copies
    /// memory and allocates nothing per pod.
    ///
    /// [`Cluster::pod_name`]: crate::cluster::Cluster::pod_name
    pub name_prefix: u32,
    pub uid: u64,
    /// Index of the owning ReplicaSet in the cluster's list.
    pub owner: usize,
    pub created: Millis,
    /// The node the scheduler bound it to; `None` while unschedulable.
    pub node: Option<u32>,
    pub fate: Fate,
    /// When the container starts running.
    pub started: Millis,
    /// When the Ready condition turns True (healthy pods only).
    pub ready: Option<Millis>,
    /// When the app really answers requests (its `serveAfter`; when Ready if it has none).
    pub serving: Option<Millis>,
    /// Its Ready time was drawn slower than 9 in 10 of its image's pods.
    pub slow: bool,
    /// When it was deleted (`metadata.deletionTimestamp`).
    pub deleted: Option<Millis>,
    /// When it is gone from the API.
    pub gone: Option<Millis>,
    pub pod_deletion_cost: i32,
    /// When the node lifecycle controller set its Ready condition False (its node stopped
    /// reporting).
    pub unready: Option<Millis>,
}

/// The CrashLoopBackOff back-off: 10 s doubling to a 5 min cap (kubelet's defaults).
const BACKOFF_START_MS: Millis = 10_000;
const BACKOFF_CAP_MS: Millis = 300_000;
/// How long a crash-looping container runs before it exits.
pub const CRASH_RUN_MS: Millis = 2_000;

impl Pod {
    /// A pod just created by its ReplicaSet at `created`: unscheduled, not started, with the
    /// fate its image's behaviour drew.
    pub fn created(name_prefix: u32, uid: u64, owner: usize, created: Millis, fate: Fate) -> Pod {
        Pod {
            name_prefix,
            uid,
            owner,
            created,
            node: None,
            fate,
            started: Millis::MAX,
            ready: None,
            serving: None,
            slow: false,
            deleted: None,
            gone: None,
            pod_deletion_cost: 0,
            unready: None,
        }
    }

    pub fn is_terminating(&self, now: Millis) -> bool {
        self.deleted.is_some_and(|d| d <= now)
    }

    pub fn exists(&self, now: Millis) -> bool {
        self.created <= now && self.gone.is_none_or(|g| now < g)
    }

    /// Active in the RS controller's sense: not terminal and no deletionTimestamp.
    pub fn is_active(&self, now: Millis) -> bool {
        self.exists(now) && !self.is_terminating(now)
    }

    pub fn is_ready(&self, now: Millis) -> bool {
        self.ready.is_some_and(|r| r <= now)
            && !self.is_terminating(now)
            && self.unready.is_none_or(|u| now < u)
    }

    /// The Ready condition as the kubelet reports it (`podutil.IsPodReady`): a pod being
    /// deleted stays Ready until its containers stop. The StatefulSet and DaemonSet status
    /// counts read this; the ReplicaSet's count only active pods anyway.
    pub fn ready_condition(&self, now: Millis) -> bool {
        self.ready.is_some_and(|r| r <= now)
            && self.unready.is_none_or(|u| now < u)
            && self.exists(now)
    }

    /// [`Pod::is_available`] by the Ready condition alone ([`Pod::ready_condition`]).
    pub fn available_condition(&self, min_ready_seconds: i32, now: Millis) -> bool {
        self.ready_condition(now)
            && self
                .available_at(min_ready_seconds)
                .is_some_and(|a| a <= now)
    }

    /// Mirrors `podutil.IsPodAvailable`: Ready, and Ready for minReadySeconds. The Ready
    /// condition's lastTransitionTime is stored with whole seconds (`metav1.Time`), so the count
    /// starts at the second it turned Ready in. Upstream's test is strict (`Before(now)`); a
    /// simulated instant stands for a moment just after its events, so the time itself counts.
    pub fn is_available(&self, min_ready_seconds: i32, now: Millis) -> bool {
        self.is_ready(now)
            && self
                .available_at(min_ready_seconds)
                .is_some_and(|a| a <= now)
    }

    /// When it becomes available under `min_ready_seconds`, if ever.
    pub fn available_at(&self, min_ready_seconds: i32) -> Option<Millis> {
        self.ready.map(|r| {
            if min_ready_seconds <= 0 {
                r
            } else {
                r.div_euclid(1000) * 1000 + i64::from(min_ready_seconds) * 1000
            }
        })
    }

    pub fn phase(&self, now: Millis) -> PodPhase {
        if self.node.is_none() || now < self.started || self.fate == Fate::PullError {
            PodPhase::Pending
        } else {
            PodPhase::Running
        }
    }

    /// Container restarts so far: only a crash-looping pod restarts.
    pub fn restarts(&self, now: Millis) -> i32 {
        if self.fate != Fate::CrashLoop || self.node.is_none() {
            return 0;
        }
        let mut t = self.started + CRASH_RUN_MS;
        let mut backoff = BACKOFF_START_MS;
        let mut restarts = 0;
        while t + backoff <= now && restarts < 10_000 {
            t += backoff + CRASH_RUN_MS;
            backoff = (backoff * 2).min(BACKOFF_CAP_MS);
            restarts += 1;
        }
        restarts
    }

    /// The state drawn on the stage and printed by `kubectl get pods`.
    pub fn state(&self, min_ready_seconds: i32, now: Millis) -> PodState {
        if self.is_terminating(now) {
            return PodState::Terminating;
        }
        if self.node.is_none() {
            return PodState::Pending;
        }
        if now < self.started {
            return PodState::ContainerCreating;
        }
        match self.fate {
            Fate::PullError => PodState::ImagePullBackOff,
            Fate::CrashLoop => {
                if now < self.started + CRASH_RUN_MS {
                    PodState::Running
                } else {
                    PodState::CrashLoopBackOff
                }
            }
            Fate::NeverReady => PodState::Running,
            Fate::Healthy => {
                if !self.is_ready(now) {
                    PodState::Running
                } else if self.is_available(min_ready_seconds, now) {
                    PodState::Available
                } else {
                    PodState::Ready
                }
            }
        }
    }
}
