//! Exact shares and quotas: counts kept as integers so that a threshold (a setting in per mille)
//! is compared without rounding, and sums of shares are sums of their counts.

use serde::Serialize;

/// A part of a whole (students meeting a minimum, groups covered, days held …), `part ≤ whole`.
///
/// ```
/// use junheng_labour::Share;
/// let s = Share::new(9, 10);
/// assert!(s.reaches(900) && !s.reaches(901));
/// assert_eq!((s.per_mille(), s.plus(Share::new(1, 10)).per_mille()), (Some(900), Some(500)));
/// assert_eq!(Share::default().value(), None); // nothing to count
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Share {
    /// What is counted.
    pub part: u64,
    /// Out of.
    pub whole: u64,
}

impl Share {
    /// `part` of `whole`; a part above the whole is a caller's bug (checked in debug builds)
    /// and is cut to the whole.
    pub fn new(part: u64, whole: u64) -> Share {
        debug_assert!(part <= whole, "part {part} above whole {whole}");
        Share {
            part: part.min(whole),
            whole,
        }
    }

    /// The pooled share: parts and wholes added.
    pub fn plus(self, other: Share) -> Share {
        Share {
            part: self.part + other.part,
            whole: self.whole + other.whole,
        }
    }

    /// The share in per mille, rounded down; `None` of an empty whole.
    pub fn per_mille(self) -> Option<u64> {
        (self.whole > 0).then(|| self.part * 1000 / self.whole)
    }

    /// The share as a number in [0, 1] for views; `None` of an empty whole.
    pub fn value(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }

    /// Whether the share is at least `per_mille` ‰, exactly; an empty whole reaches nothing.
    pub fn reaches(self, per_mille: u32) -> bool {
        self.whole > 0
            && u128::from(self.part) * 1000 >= u128::from(per_mille) * u128::from(self.whole)
    }
}

impl std::iter::Sum for Share {
    fn sum<I: Iterator<Item = Share>>(iter: I) -> Share {
        iter.fold(Share::default(), Share::plus)
    }
}

/// Something delivered against what is required (课时 given against one a week): unlike a
/// [`Share`], it may exceed what is required.
///
/// ```
/// use junheng_labour::Quota;
/// let q = Quota { done: 17, required: 18 };
/// assert!(!q.met() && q.plus(Quota { done: 3, required: 2 }).met());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Quota {
    /// Delivered.
    pub done: u64,
    /// Required.
    pub required: u64,
}

impl Quota {
    /// Both added.
    pub fn plus(self, other: Quota) -> Quota {
        Quota {
            done: self.done + other.done,
            required: self.required + other.required,
        }
    }

    /// Whether what was delivered reaches what is required.
    pub fn met(self) -> bool {
        self.done >= self.required
    }

    /// Delivered per mille of required (may exceed 1000), `None` when nothing is required.
    pub fn per_mille(self) -> Option<u64> {
        (self.required > 0).then(|| self.done * 1000 / self.required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shares_stay_in_zero_one_and_pool_by_their_counts(
            parts in prop::collection::vec((0u64..1000, 0u64..1000), 0..20),
            per_mille in 0u32..=1000,
        ) {
            let shares: Vec<Share> = parts.iter().map(|&(a, b)| Share::new(a.min(b), b)).collect();
            let pooled: Share = shares.iter().copied().sum();
            prop_assert_eq!(pooled.part, shares.iter().map(|s| s.part).sum::<u64>());
            prop_assert_eq!(pooled.whole, shares.iter().map(|s| s.whole).sum::<u64>());
            for s in shares.iter().chain([&pooled]) {
                prop_assert!(s.value().is_none_or(|v| (0.0..=1.0).contains(&v)));
                prop_assert!(s.per_mille().is_none_or(|p| p <= 1000));
                // The exact comparison agrees with the rounded-down per mille.
                prop_assert_eq!(s.reaches(per_mille), s.per_mille().is_some_and(|p| p >= u64::from(per_mille)));
            }
        }
    }
}
