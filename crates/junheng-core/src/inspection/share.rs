//! Exact threshold tests on shares and rates.
//!
//! A requirement such as "≥ 95 %" must be decided exactly at its edge: 19 of 20 is 95 % and
//! meets it, whatever `0.95 × 20` rounds to in floating point. Limits and rates are compared in
//! millionths (six decimals, more than any published figure carries); counts are compared as
//! integers.

/// Millionths in one.
const SCALE: f64 = 1_000_000.0;

/// A share or rate in millionths, rounded to the nearest.
pub fn micros(x: f64) -> i64 {
    (x * SCALE).round() as i64
}

/// Whether `part / whole ≥ min`, exactly; `None` when `whole` is 0 (no share to judge).
///
/// ```
/// use junheng_core::inspection::share::meets_share;
/// assert_eq!(meets_share(19, 20, 0.95), Some(true));
/// assert_eq!(meets_share(18, 20, 0.95), Some(false));
/// assert_eq!(meets_share(0, 0, 0.95), None);
/// ```
pub fn meets_share(part: u64, whole: u64, min: f64) -> Option<bool> {
    (whole > 0)
        .then(|| u128::from(part) * 1_000_000 >= micros(min).max(0) as u128 * u128::from(whole))
}

/// Whether a published rate reaches a limit (inclusive), at six decimals.
///
/// ```
/// use junheng_core::inspection::share::meets_rate;
/// assert!(meets_rate(0.85, 0.85));
/// assert!(!meets_rate(0.8499, 0.85));
/// ```
pub fn meets_rate(rate: f64, min: f64) -> bool {
    micros(rate) >= micros(min)
}

/// Whether a published rate is strictly below a line, at six decimals (校际差异率 < 0.15).
pub fn below_line(rate: f64, line: f64) -> bool {
    micros(rate) < micros(line)
}

/// A share as a percentage with one decimal: 0.8812 → "88.1%".
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edges_of_the_national_limits() {
        assert_eq!(meets_share(95, 100, 0.95), Some(true));
        assert_eq!(meets_share(94, 100, 0.95), Some(false));
        assert_eq!(meets_share(1, 2, 0.5), Some(true));
        assert_eq!(meets_share(100, 100, 1.0), Some(true));
        assert_eq!(meets_share(999, 1000, 1.0), Some(false));
        assert!(below_line(0.1499, 0.15));
        assert!(!below_line(0.15, 0.15));
        assert_eq!(percent(0.8812), "88.1%");
    }

    proptest! {
        /// The exact test agrees with rational arithmetic for whole-percent limits.
        #[test]
        fn share_test_is_exact(part in 0u64..100_000, extra in 0u64..100_000, pct in 0u32..=100) {
            let whole = part + extra;
            let min = f64::from(pct) / 100.0;
            let exact = u128::from(part) * 100 >= u128::from(pct) * u128::from(whole);
            prop_assert_eq!(meets_share(part, whole, min), (whole > 0).then_some(exact));
        }
    }
}
