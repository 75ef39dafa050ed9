//! The API server's own logic for subresources the simulation needs (kube-apiserver's
//! pkg/registry): the eviction of a pod.

pub mod eviction;
