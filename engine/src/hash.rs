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
        // Requests count only when set, so that names without them stay as they were.
        if let Some(cpu) = c.requests.cpu {
            h.write(b"cpu=");
            h.write(&cpu.to_le_bytes());
        }
        if let Some(memory) = c.requests.memory {
            h.write(b"memory=");
            h.write(&memory.to_le_bytes());
        }
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

/// A fast, non-cryptographic hasher for the controllers' fingerprints of what they observe
/// (FxHash's multiply-rotate over 8-byte words). Nothing outside the process sees its values,
/// so it needs no resistance to chosen inputs; SipHash, the standard default, was a fifth of a
/// sweep's time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fingerprint(u64);

impl Fingerprint {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
