//! Reproducible random samples: the teachers' weekly spot check of a class's records and the
//! district's term audit of a school. The order is SHA-256 of a caller's seed with each key, so
//! the same seed and population always give the same sample, and without the seed the sample
//! cannot be guessed (the caller keeps the seed secret until the check, e.g. an HMAC of the
//! class and week under a server key, and records it for the audit).
//!
//! The draw order, byte for byte: each key `k` (an `i64`) gets
//! `SHA-256("junheng-labour/" ‖ purpose ‖ 0x00 ‖ len(seed) as u32 big-endian ‖ seed ‖ k as i64
//! big-endian)`; keys are ordered by that digest (then by key), repeated keys counted once; a
//! sample of size `n` is the first `n` of the order.
//!
//! ```
//! use junheng_labour::sample::{Purpose, draw, sample_size};
//! use junheng_labour::StudentKey;
//! assert_eq!([sample_size(0, 100), sample_size(9, 100), sample_size(10, 100), sample_size(11, 100)], [0, 1, 1, 2]);
//! let class: Vec<StudentKey> = (1..=30).map(StudentKey).collect();
//! let a = draw(&class, b"seed of week 37", Purpose::SpotCheck, 3);
//! assert_eq!(a, draw(&class, b"seed of week 37", Purpose::SpotCheck, 3));
//! assert_ne!(a, draw(&class, b"seed of week 38", Purpose::SpotCheck, 3));
//! ```

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::roster::StudentKey;

/// What a sample is for; part of the hash, so one seed gives unrelated samples for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The 班主任's or 劳动教师's weekly spot check of records.
    SpotCheck,
    /// The district's term audit of a school.
    DistrictAudit,
}

impl Purpose {
    fn tag(self) -> &'static [u8] {
        match self {
            Purpose::SpotCheck => b"spot_check",
            Purpose::DistrictAudit => b"district_audit",
        }
    }
}

/// What can be sampled: a key with a stable 64-bit value.
pub trait SampleKey: Copy + Ord {
    /// The key's value, hashed big-endian.
    fn sample_value(self) -> i64;
}

impl SampleKey for StudentKey {
    fn sample_value(self) -> i64 {
        self.0
    }
}

/// The size of a sample of at least `per_mille` ‰ of `population`: ⌈rate·n⌉, at least 1 when
/// there is anything to sample, never more than the population.
pub fn sample_size(population: usize, per_mille: u32) -> usize {
    if population == 0 {
        return 0;
    }
    let k = (population as u128 * u128::from(per_mille)).div_ceil(1000);
    (k.min(population as u128) as usize).max(1)
}

/// The whole population in draw order (repeated keys once).
pub fn draw_order<K: SampleKey>(population: &[K], seed: &[u8], purpose: Purpose) -> Vec<K> {
    let mut prefix = Sha256::new();
    prefix.update(b"junheng-labour/");
    prefix.update(purpose.tag());
    prefix.update([0u8]);
    prefix.update((seed.len() as u32).to_be_bytes());
    prefix.update(seed);
    let distinct: BTreeSet<K> = population.iter().copied().collect();
    let mut keyed: Vec<([u8; 32], K)> = distinct
        .into_iter()
        .map(|k| {
            let mut h = prefix.clone();
            h.update(k.sample_value().to_be_bytes());
            (h.finalize().into(), k)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, k)| k).collect()
}

/// The first `size` keys of the draw order (fewer when the population is smaller).
pub fn draw<K: SampleKey>(population: &[K], seed: &[u8], purpose: Purpose, size: usize) -> Vec<K> {
    let mut order = draw_order(population, seed, purpose);
    order.truncate(size);
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ten_per_cent_of_9_10_11_and_0() {
        let n = |p| sample_size(p, 100);
        assert_eq!([n(0), n(9), n(10), n(11), n(20), n(21)], [0, 1, 1, 2, 2, 3]);
        assert_eq!(sample_size(5, 1000), 5);
        assert_eq!(sample_size(5, 0), 1); // a rate of 0 still checks one
        assert_eq!(sample_size(3, 5000), 3); // never more than there is
    }

    #[test]
    fn the_order_is_frozen_by_a_test_vector() {
        let keys: Vec<StudentKey> = (1..=8).map(StudentKey).collect();
        let order: Vec<i64> = draw_order(&keys, b"junheng", Purpose::SpotCheck)
            .into_iter()
            .map(|k| k.0)
            .collect();
        assert_eq!(order, FROZEN_SPOT_CHECK);
        let audit: Vec<i64> = draw_order(&keys, b"junheng", Purpose::DistrictAudit)
            .into_iter()
            .map(|k| k.0)
            .collect();
        assert_ne!(audit, order);
    }

    /// The spot-check order of keys 1–8 under the seed `junheng` (checked with Python's hashlib).
    const FROZEN_SPOT_CHECK: [i64; 8] = [7, 8, 3, 5, 4, 6, 2, 1];

    proptest! {
        #[test]
        fn a_sample_is_a_subset_of_ceil_rate_n_and_at_least_one(
            keys in prop::collection::vec(-50i64..50, 0..80),
            per_mille in 0u32..=1000,
            seed in prop::collection::vec(any::<u8>(), 0..16),
        ) {
            let population: Vec<StudentKey> = keys.iter().copied().map(StudentKey).collect();
            let distinct: BTreeSet<StudentKey> = population.iter().copied().collect();
            let n = distinct.len();
            let size = sample_size(n, per_mille);
            let chosen = draw(&population, &seed, Purpose::SpotCheck, size);
            prop_assert_eq!(chosen.len(), size);
            prop_assert_eq!(size, ((n as u64 * u64::from(per_mille)).div_ceil(1000) as usize).max(usize::from(n > 0)).min(n));
            prop_assert!(n == 0 || !chosen.is_empty());
            prop_assert!(chosen.iter().all(|k| distinct.contains(k)));
            prop_assert_eq!(chosen.iter().collect::<BTreeSet<_>>().len(), chosen.len());
            prop_assert!(chosen.len() * 1000 >= n * per_mille as usize);
        }
    }
}
