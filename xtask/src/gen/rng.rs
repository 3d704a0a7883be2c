//! Seeded randomness that never changes under our feet.
//!
//! The generated commons is used as a fixture and a benchmark: the same `--seed` must give the
//! same bytes on every machine and with every version of our dependencies. So the generator is a
//! hand-written xoshiro256** seeded through splitmix64 (both public-domain algorithms by Blackman
//! and Vigna), and every helper below is written out here instead of borrowed from a crate whose
//! sampling could change between releases.
//!
//! Each part of the output draws from its own *stream*, derived from the seed and a label
//! ("atlas", "words/fr", "site/site03", …). Streams keep the parts independent: the atlas and
//! the vocabulary depend only on the seed, not on `--resources`, and a change to one feed's
//! generator does not reshuffle the others.

/// A xoshiro256** generator.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a: a stable 64-bit hash of a stream label (std's hashers are randomised per process).
fn fnv1a(label: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

impl Rng {
    /// A generator seeded from one number.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [0u64; 4];
        for x in &mut s {
            *x = splitmix64(&mut sm);
        }
        Rng { s }
    }

    /// The independent stream named `label` of the run seeded with `seed`.
    pub fn stream(seed: u64, label: &str) -> Self {
        let mut mix = seed ^ fnv1a(label).rotate_left(29);
        Rng::new(splitmix64(&mut mix))
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift; the bias is below 2^-40 for our sizes.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A float in `[0, 1)` with 53 random bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// A uniformly chosen item of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with the given (non-negative, not all zero) weights.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        // Rounding can leave x a hair above the last weight: take the last non-zero one.
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Zipf's law over ranks `0..n`: rank `r` has weight `1 / (r + 1 + offset)^s` (with an offset,
/// the Zipf–Mandelbrot law: the ranks continue a list whose first `offset` entries are drawn
/// elsewhere, as content words continue the function words).
///
/// Sampling is a binary search in the cumulative table, about 15 steps for 20,000 ranks: fast
/// enough for the millions of words of a large commons, and exact.
#[derive(Clone, Debug)]
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, s: f64, offset: usize) -> Self {
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for r in 0..n {
            let rank = (r + 1 + offset) as f64;
            // s = 1 (our case) stays in exact IEEE arithmetic; powf goes through libm.
            total += if s == 1.0 {
                1.0 / rank
            } else {
                1.0 / rank.powf(s)
            };
            cdf.push(total);
        }
        Zipf { cdf }
    }

    /// A rank in `0..n`, 0 being the most frequent.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cdf.last().expect("Zipf over an empty set");
        let x = rng.f64() * total;
        self.cdf
            .partition_point(|c| *c <= x)
            .min(self.cdf.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, "atlas");
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, "atlas");
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, "words/fr");
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn zipf_favours_low_ranks() {
        let z = Zipf::new(1000, 1.0, 0);
        let mut rng = Rng::new(1);
        let mut counts = vec![0u32; 1000];
        for _ in 0..100_000 {
            counts[z.sample(&mut rng)] += 1;
        }
        // Rank 0 has about 1/H(1000) ≈ 13% of the draws, rank 9 about a tenth of that.
        assert!((12_000..15_000).contains(&counts[0]), "{}", counts[0]);
        assert!(counts[0] > 5 * counts[9]);
        assert!(counts[999] < 100);
    }

    #[test]
    fn helpers_stay_in_range() {
        let mut rng = Rng::new(3);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let x = rng.range(4, 12);
            assert!((4..=12).contains(&x));
            let f = rng.f64();
            assert!((0.0..1.0).contains(&f));
            assert_eq!(rng.weighted(&[0.0, 2.0, 0.0]), 1);
        }
    }
}
