//! Nodes (core/v1 Node, reduced to what scheduling and the cluster autoscaler read) and the
//! resources pods request of them.

use super::Millis;

/// What a pod asks of a node (`resources.requests`, summed over its containers). `None` is a
/// request left out, which scoring replaces with a default (`schedutil.GetNonzeroRequests`);
/// fitting reads it as 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Requests {
    /// Millicores.
    pub cpu: Option<i64>,
    /// Bytes.
    pub memory: Option<i64>,
}

/// `DefaultMilliCPURequest`: what scoring counts for a container with no CPU request.
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// `DefaultMemoryRequest`: what scoring counts for a container with no memory request.
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

impl Requests {
    /// The sum of two containers' requests (a resource left out by both stays left out).
    pub fn plus(self, o: Requests) -> Requests {
        let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        Requests {
            cpu: add(self.cpu, o.cpu),
            memory: add(self.memory, o.memory),
        }
    }

    /// What fitting reads (`computePodResourceRequest`): millicores and bytes, 0 if left out.
    pub fn actual(self) -> (i64, i64) {
        (self.cpu.unwrap_or(0), self.memory.unwrap_or(0))
    }

    /// What LeastAllocated scoring reads (`GetNonzeroRequests`): defaults where left out.
    pub fn non_zero(self) -> (i64, i64) {
        (
            self.cpu.unwrap_or(DEFAULT_MILLI_CPU_REQUEST),
            self.memory.unwrap_or(DEFAULT_MEMORY_REQUEST),
        )
    }
}

/// A node's allocatable resources; `None` is a resource the scenario does not limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Allocatable {
    /// Millicores.
    pub cpu: Option<i64>,
    /// Bytes.
    pub memory: Option<i64>,
    /// Pods (`status.allocatable.pods`; the kubelet's default is 110).
    pub pods: Option<u32>,
}

impl Allocatable {
    /// Whether it limits nothing (the abstract cluster where every pod fits).
    pub fn is_unlimited(&self) -> bool {
        self.cpu.is_none() && self.memory.is_none() && self.pods.is_none()
    }
}

/// One node of the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub allocatable: Allocatable,
    /// When it became Ready (a node the autoscaler asked for is not, until it is provisioned).
    pub ready_at: Millis,
    /// Cordoned (`spec.unschedulable`): the scheduler's NodeUnschedulable filter refuses it.
    pub unschedulable: bool,
    /// When the cluster autoscaler tainted it ToBeDeletedByClusterAutoscaler (NoSchedule).
    pub to_be_deleted: Option<Millis>,
    /// When it left the cluster (the autoscaler removed it); its slot stays, as pods name it.
    pub removed: Option<Millis>,
    /// Added by the cluster autoscaler.
    pub autoscaled: bool,
    /// When its kubelet stopped reporting (the Ready condition went Unknown): the node
    /// lifecycle controller marks its pods not Ready, and a pod deleted there waits for a
    /// kubelet that does not answer.
    pub not_ready: Option<Millis>,
}

impl Node {
    /// A node that is there and Ready at `now`.
    pub fn is_ready(&self, now: Millis) -> bool {
        self.ready_at <= now
            && self.removed.is_none_or(|r| r > now)
            && self.not_ready.is_none_or(|t| t > now)
    }
}
