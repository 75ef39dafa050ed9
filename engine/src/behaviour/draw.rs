//! Per-pod random draws. A draw is a pure function of the scenario's seed, the pod's uid, what
//! is drawn (the stream) and the draw's number within it: no generator state is kept, so the
//! traffic model, a rewind or a change of request rate can never shift which pod is slow, and a
//! run is the same natively and compiled to WebAssembly.

/// What a draw is for. Each has its own stream of numbers per pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Seconds from scheduling to Ready.
    ReadyAfter = 1,
    /// Seconds from scheduling until the app answers requests.
    ServeAfter = 2,
    /// Seconds from SIGTERM until the container has stopped.
    StopAfter = 3,
    /// Whether the pod never becomes ready (`failureRate`).
    Failure = 4,
    /// The image pull, for the first pod of an image on a node.
    Pull = 5,
}

/// SplitMix64's output function: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `k`-th number of the pod's `stream`, uniform in [0, 1) with 53 bits.
pub fn uniform(seed: u64, uid: u64, stream: Stream, k: u32) -> f64 {
    const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
    let key = mix(seed.wrapping_mul(GOLDEN) ^ mix(uid.wrapping_add(GOLDEN)))
        ^ mix(((stream as u64) << 32) | u64::from(k));
    (mix(key) >> 11) as f64 / (1u64 << 53) as f64
}

/// A source of uniforms for one pod and stream, numbered from 0.
#[derive(Clone, Copy, Debug)]
pub struct Draws {
    seed: u64,
    uid: u64,
    stream: Stream,
    k: u32,
}

impl Draws {
    pub fn new(seed: u64, uid: u64, stream: Stream) -> Draws {
        Draws {
            seed,
            uid,
            stream,
            k: 0,
        }
    }

    /// The next uniform in [0, 1).
    pub fn next_uniform(&mut self) -> f64 {
        let u = uniform(self.seed, self.uid, self.stream, self.k);
        self.k += 1;
        u
    }

    /// A standard normal (Box-Muller over two uniforms; `libm` keeps it bit-identical on every
    /// target).
    pub fn next_normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_uniform(); // (0, 1]: its logarithm is finite
        let u2 = self.next_uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_depend_on_seed_pod_and_stream_only() {
        let a = uniform(1, 42, Stream::ReadyAfter, 0);
        assert_eq!(a, uniform(1, 42, Stream::ReadyAfter, 0));
        assert_ne!(a, uniform(2, 42, Stream::ReadyAfter, 0));
        assert_ne!(a, uniform(1, 43, Stream::ReadyAfter, 0));
        assert_ne!(a, uniform(1, 42, Stream::StopAfter, 0));
        assert_ne!(a, uniform(1, 42, Stream::ReadyAfter, 1));
    }

    #[test]
    fn uniforms_and_normals_have_the_right_moments() {
        let n = 20_000;
        let mut sum = 0.0;
        let mut normals = (0.0, 0.0);
        for uid in 0..n {
            let u = uniform(7, uid, Stream::ReadyAfter, 0);
            assert!((0.0..1.0).contains(&u));
            sum += u;
            let z = Draws::new(7, uid, Stream::ServeAfter).next_normal();
            normals.0 += z;
            normals.1 += z * z;
        }
        let n = n as f64;
        assert!((sum / n - 0.5).abs() < 0.01, "mean {}", sum / n);
        assert!((normals.0 / n).abs() < 0.03);
        assert!((normals.1 / n - 1.0).abs() < 0.03);
    }
}
