//! Names for ReplicaSets and pods, in the shape Kubernetes gives them.

use crate::api::PodTemplate;

/// The alphabet of `rand.SafeEncodeString`: no vowels, no look-alike characters.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Like `controller.ComputeHash`: a 32-bit FNV-1a hash of the template and the collision count,
/// written in the safe alphabet. The value differs from upstream's (which hashes Go's object
/// dump) but has the same shape and the same stability: equal templates, equal names.
pub fn compute_hash(template: &PodTemplate, collision_count: u32) -> String {
    let mut h = Fnv::default();
    for (k, v) in &template.labels {
        h.write(k.as_bytes());
        h.write(b"=");
        h.write(v.as_bytes());
        h.write(b";");
    }
    for c in &template.containers {
        h.write(c.name.as_bytes());
        h.write(b":");
        h.write(c.image.as_bytes());
        h.write(b";");
    }
    h.write(&template.termination_grace_period_seconds.to_le_bytes());
    if collision_count > 0 {
        h.write(&collision_count.to_le_bytes());
    }
    safe_encode(&h.0.to_string())
}

/// Like `rand.SafeEncodeString`: each character of `s` mapped into the safe alphabet.
fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char)
        .collect()
}

/// The 5-character random suffix of a pod name, drawn deterministically from the pod's uid.
pub fn pod_suffix(uid: u64) -> String {
    let mut x = uid.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (0..5)
        .map(|i| ALPHANUMS[((x >> (i * 8)) % ALPHANUMS.len() as u64) as usize] as char)
        .collect()
}

struct Fnv(u32);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0x811c_9dc5)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u32::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
}
