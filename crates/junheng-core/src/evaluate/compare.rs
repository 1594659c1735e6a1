//! How a value is compared with a threshold.

use crate::rulebook::UnitRule;

/// Relative tolerance that absorbs binary floating-point error of decimal inputs (so that
/// 21 teachers for 500 students meet a standard of 4.2 exactly). It is ten orders of magnitude
/// below any rounding in the statistics tables, so it never decides a real case.
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// Compares values with thresholds, inclusively, at full precision or after rounding to the
/// published number of decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparator {
    decimals: Option<u32>,
}

impl Comparator {
    /// `decimals = None` compares at full precision.
    pub fn new(decimals: Option<u32>) -> Self {
        Self { decimals }
    }

    /// The value as it is compared: unchanged, or rounded half away from zero the way a
    /// spreadsheet's ROUND does (a value within 10⁻⁹ of a half rounds away from zero).
    pub fn read(&self, value: f64) -> f64 {
        let Some(d) = self.decimals else { return value };
        let p = 10f64.powi(d as i32);
        let s = value * p;
        let rounded = if (s.fract().abs() - 0.5).abs() < 1e-9 {
            s.trunc() + s.signum()
        } else {
            s.round()
        };
        rounded / p
    }

    /// `value ≥ standard`.
    pub fn meets(&self, value: f64, standard: f64) -> bool {
        self.read(value) >= standard - standard.abs() * RELATIVE_TOLERANCE
    }

    /// `cv ≤ limit`.
    pub fn within(&self, cv: f64, limit: f64) -> bool {
        self.read(cv) <= limit + limit.abs() * RELATIVE_TOLERANCE
    }

    /// The unit rule over (value, standard) pairs: how many meet their standard, and whether
    /// the rule passes (at least `min_met` meet, every other reaches `floor_ratio` of its
    /// standard).
    ///
    /// ```
    /// use junheng_core::evaluate::Comparator;
    /// use junheng_core::rulebook::UnitRule;
    /// let rule = UnitRule { min_met: 2, floor_ratio: 0.85 };
    /// let cmp = Comparator::new(None);
    /// assert_eq!(cmp.judge(&rule, [(5.0, 4.2), (1.0, 1.0), (0.8, 0.9)]), (2, true));
    /// assert_eq!(cmp.judge(&rule, [(5.0, 4.2), (1.0, 1.0), (0.7, 0.9)]), (2, false));
    /// ```
    pub fn judge(
        &self,
        rule: &UnitRule,
        pairs: impl IntoIterator<Item = (f64, f64)>,
    ) -> (usize, bool) {
        let (mut met, mut floors) = (0, true);
        for (value, standard) in pairs {
            if self.meets(value, standard) {
                met += 1;
            } else if !self.meets(value, standard * rule.floor_ratio) {
                floors = false;
            }
        }
        (met, met >= rule.min_met && floors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_inclusive_at_full_precision() {
        let exact = Comparator::new(None);
        assert!(exact.meets(100.0 * 21.0 / 500.0, 4.2));
        assert!(exact.meets((1000.3 - 100.3) / 200.0, 4.5));
        assert!(!exact.meets(4.199_999, 4.2));
        assert!(exact.within(0.5, 0.5));
        assert!(!exact.within(0.500_01, 0.5));
    }

    #[test]
    fn rounded_comparison_follows_the_published_figure() {
        let two = Comparator::new(Some(2));
        assert!(two.meets(4.195, 4.2));
        assert!(!two.meets(4.194_9, 4.2));
        assert!(two.within(0.504_9, 0.5));
        assert!(!two.within(0.505, 0.5));
        assert_eq!(Comparator::new(Some(3)).read(0.502_35), 0.502);
    }
}
