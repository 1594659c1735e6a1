//! The student-weighted 差异系数 (coefficient of variation) of official practice.

use serde::Serialize;

/// Mean, standard deviation and 差异系数 of one indicator across the units of a section.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// X̄ = Σ Pᵢ Xᵢ / Σ Pᵢ; for a ratio indicator this is the section's overall ratio.
    pub mean: f64,
    /// S = sqrt(Σ (Pᵢ / P)(Xᵢ − X̄)²), population form.
    pub sd: f64,
    /// S / X̄, or `None` when X̄ = 0 (not computable, which fails the test).
    pub cv: Option<f64>,
}

/// The composite 差异系数 (2012 rule) of the single ones: their mean, unrounded.
pub(crate) fn composite_cv(cvs: &[f64]) -> f64 {
    cvs.iter().sum::<f64>() / cvs.len() as f64
}

/// The student-weighted coefficient of variation (`domain/standard.md` §2.1):
///
/// ```text
/// X̄ = Σ Pᵢ Xᵢ / P,   S = sqrt( Σ (Pᵢ/P)(Xᵢ − X̄)² ),   CV = S / X̄
/// ```
///
/// `weights` are the units' students. Units with zero weight do not count; no units at all, or a
/// zero mean, give `cv: None`. The official 2012 worked example (books per student of five
/// schools) gives 0.5153, where the unweighted formula would give 0.4888:
///
/// ```
/// use junheng_core::evaluate::weighted_cv;
/// let students = [45.0, 37.0, 89.0, 76.0, 55.0];
/// let books = [279.0, 137.0, 935.0, 160.0, 402.0];
/// let per_student: Vec<f64> = books.iter().zip(&students).map(|(b, p)| b / p).collect();
/// let spread = weighted_cv(&per_student, &students);
/// assert!((spread.cv.unwrap() - 0.5153).abs() < 5e-5);
/// ```
pub fn weighted_cv(values: &[f64], weights: &[f64]) -> Spread {
    debug_assert_eq!(values.len(), weights.len());
    let (mut total, mut weighted_sum) = (0.0, 0.0);
    for (&x, &w) in values.iter().zip(weights) {
        total += w;
        weighted_sum += w * x;
    }
    if total <= 0.0 {
        return Spread {
            mean: 0.0,
            sd: 0.0,
            cv: None,
        };
    }
    let mean = weighted_sum / total;
    let sd = weighted_sd(values, weights, mean, total);
    Spread {
        mean,
        sd,
        cv: cv_of(mean, sd),
    }
}

/// S given the mean and the total weight (second pass of the two-pass formula).
pub(crate) fn weighted_sd(values: &[f64], weights: &[f64], mean: f64, total: f64) -> f64 {
    let mut acc = 0.0;
    for (&x, &w) in values.iter().zip(weights) {
        let d = x - mean;
        acc += w * d * d;
    }
    (acc / total).max(0.0).sqrt()
}

pub(crate) fn cv_of(mean: f64, sd: f64) -> Option<f64> {
    (mean > 0.0).then(|| sd / mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STUDENTS: [f64; 5] = [45.0, 37.0, 89.0, 76.0, 55.0];
    const BOOKS: [f64; 5] = [279.0, 137.0, 935.0, 160.0, 402.0];

    fn per_student() -> Vec<f64> {
        BOOKS.iter().zip(&STUDENTS).map(|(b, p)| b / p).collect()
    }

    #[test]
    fn official_worked_example_is_weighted_not_unweighted() {
        let s = weighted_cv(&per_student(), &STUDENTS);
        assert!((s.cv.unwrap() - 0.515_256_6).abs() < 1e-6, "{s:?}");
        // The mean is the county-wide ratio Σ books / Σ students, not the mean of ratios.
        assert!((s.mean - 1913.0 / 302.0).abs() < 1e-12);
        let unweighted = weighted_cv(&per_student(), &[1.0; 5]);
        assert!((unweighted.cv.unwrap() - 0.488_770_7).abs() < 1e-6);
    }

    #[test]
    fn edge_cases_are_defined() {
        assert_eq!(weighted_cv(&[3.0], &[100.0]).cv, Some(0.0));
        assert_eq!(weighted_cv(&[0.0, 0.0], &[10.0, 20.0]).cv, None);
        assert_eq!(weighted_cv(&[], &[]).cv, None);
        // A zero-weight unit does not count.
        assert_eq!(weighted_cv(&[5.0, 900.0], &[10.0, 0.0]).cv, Some(0.0));
    }

    fn units() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec((0.01f64..1e4, 1.0f64..3000.0), 1..40)
    }

    fn cv(units: &[(f64, f64)]) -> f64 {
        let (x, w): (Vec<f64>, Vec<f64>) = units.iter().copied().unzip();
        weighted_cv(&x, &w).cv.unwrap()
    }

    proptest! {
        #[test]
        fn invariant_under_scaling_every_value(units in units(), k in 0.001f64..1000.0) {
            let scaled: Vec<_> = units.iter().map(|&(x, w)| (x * k, w)).collect();
            prop_assert!((cv(&units) - cv(&scaled)).abs() < 1e-9 * (1.0 + cv(&units)));
        }

        #[test]
        fn equal_values_give_zero(x in 0.01f64..1e4, ws in prop::collection::vec(1.0f64..3000.0, 1..40)) {
            let units: Vec<_> = ws.iter().map(|&w| (x, w)).collect();
            prop_assert!(cv(&units) < 1e-12);
        }

        #[test]
        fn duplicating_every_school_changes_nothing(units in units()) {
            let twice: Vec<_> = units.iter().chain(&units).copied().collect();
            prop_assert!((cv(&units) - cv(&twice)).abs() < 1e-9 * (1.0 + cv(&units)));
        }

        #[test]
        fn scaling_all_weights_changes_nothing(units in units(), k in 0.01f64..100.0) {
            let scaled: Vec<_> = units.iter().map(|&(x, w)| (x, w * k)).collect();
            prop_assert!((cv(&units) - cv(&scaled)).abs() < 1e-9 * (1.0 + cv(&units)));
        }

        #[test]
        fn one_schools_weight_matters(a in 1.0f64..100.0, b in 101.0f64..1000.0, w in 1.0f64..500.0, k in 2.0f64..10.0) {
            // Two distinct values: moving weight onto the outlier changes the CV.
            let base = cv(&[(a, w), (b, w)]);
            let heavier = cv(&[(a, w), (b, w * k)]);
            prop_assert!((base - heavier).abs() > 1e-9);
        }

        #[test]
        fn never_negative_or_nan(units in units()) {
            let c = cv(&units);
            prop_assert!(c.is_finite() && c >= 0.0);
        }
    }
}
