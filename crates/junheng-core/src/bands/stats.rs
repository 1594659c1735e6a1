//! The district statistics the lines are taken from.

use super::SharedRule;
use crate::evaluate::weighted_cv;

/// The `p`-th percentile (0–100) of values sorted ascending, by linear interpolation between the
/// closest ranks (Hyndman–Fan type 7, as Excel `PERCENTILE.INC` and NumPy's default):
///
/// ```text
/// h = (n − 1) · p / 100,   P = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋])   (0-based ranks)
/// ```
///
/// P0 is the minimum, P100 the maximum and P50 the usual median. `None` for no values or a `p`
/// outside 0–100.
///
/// ```
/// use junheng_core::bands::percentile;
/// let sorted = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(percentile(&sorted, 25.0), Some(1.75)); // h = 0.75
/// assert_eq!(percentile(&sorted, 50.0), Some(2.5));
/// assert_eq!(percentile(&[], 50.0), None);
/// ```
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    debug_assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "not sorted");
    if sorted.is_empty() || !(0.0..=100.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p / 100.0;
    let lo = h.floor() as usize;
    let below = sorted[lo];
    Some(match sorted.get(lo + 1) {
        Some(&above) => below + (h - lo as f64) * (above - below),
        None => below,
    })
}

/// The district's units of one period, in "goodness" space (values negated when lower is
/// better), so that one code path serves both orientations.
pub(super) struct Oriented {
    /// Sorted ascending.
    pub sorted: Vec<f64>,
    /// Mean over units.
    pub mean: f64,
    /// Population standard deviation over units.
    pub sd: f64,
}

impl Oriented {
    /// `None` when there are no values.
    pub fn new(mut values: Vec<f64>) -> Option<Oriented> {
        if values.is_empty() {
            return None;
        }
        // Every unit counts once: the 差异系数's spread with equal weights.
        let spread = weighted_cv(&values, &vec![1.0; values.len()]);
        values.sort_by(f64::total_cmp);
        Some(Oriented {
            sorted: values,
            mean: spread.mean,
            sd: spread.sd,
        })
    }

    /// The percentile of oriented values.
    pub fn percentile(&self, p: f64) -> f64 {
        // Validated policies have p in 0–100 and there is at least one value.
        percentile(&self.sorted, p.clamp(0.0, 100.0)).unwrap_or(self.mean)
    }

    /// The oriented line of a shared rule; `sign` orients an absolute threshold.
    pub fn line(&self, rule: SharedRule, sign: f64) -> f64 {
        match rule {
            SharedRule::Absolute { threshold } => sign * threshold,
            SharedRule::DistrictPercentile { p } => self.percentile(p),
            SharedRule::DistrictMedian {} => self.percentile(50.0),
            SharedRule::DistrictMeanMinusSd { k } => self.mean - k * self.sd,
        }
    }
}
