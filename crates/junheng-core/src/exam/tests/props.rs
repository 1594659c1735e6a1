//! Properties of the 校际差异率 estimates against a naive two-pass `f64` computation.

use proptest::prelude::*;

use super::super::spread_of;

/// Per school its scores (tenths) → `(n, Σ, Σ²)`.
fn sums(schools: &[Vec<u32>]) -> Vec<(u64, u64, u128)> {
    schools
        .iter()
        .map(|s| {
            let n = s.len() as u64;
            let sum = s.iter().map(|&v| u64::from(v)).sum();
            let sq = s.iter().map(|&v| u128::from(v) * u128::from(v)).sum();
            (n, sum, sq)
        })
        .collect()
}

/// η², ICC(1), S by the textbook, two passes in f64 over scores normalised by `full`.
fn naive(schools: &[Vec<u32>], full: u32) -> (f64, Option<f64>, f64) {
    let y: Vec<Vec<f64>> = schools
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.iter().map(|&v| f64::from(v) / f64::from(full)).collect())
        .collect();
    let n: usize = y.iter().map(Vec::len).sum();
    let j = y.len();
    let grand = y.iter().flatten().sum::<f64>() / n as f64;
    let means: Vec<f64> = y
        .iter()
        .map(|s| s.iter().sum::<f64>() / s.len() as f64)
        .collect();
    let ss_b: f64 = y
        .iter()
        .zip(&means)
        .map(|(s, m)| s.len() as f64 * (m - grand).powi(2))
        .sum();
    let ss_w: f64 = y
        .iter()
        .zip(&means)
        .map(|(s, m)| s.iter().map(|v| (v - m).powi(2)).sum::<f64>())
        .sum();
    let ss_t: f64 = y.iter().flatten().map(|v| (v - grand).powi(2)).sum();
    let eta2 = if ss_t > 0.0 { ss_b / ss_t } else { 0.0 };
    let icc = (j >= 2 && n > j).then(|| {
        let msb = ss_b / (j - 1) as f64;
        let msw = ss_w / (n - j) as f64;
        let n0 = (n as f64 - y.iter().map(|s| (s.len() as f64).powi(2)).sum::<f64>() / n as f64)
            / (j - 1) as f64;
        (msb - msw) / (msb + (n0 - 1.0) * msw)
    });
    (
        eta2,
        icc.filter(|v| v.is_finite()),
        (ss_b / n as f64).sqrt(),
    )
}

fn schools() -> impl Strategy<Value = Vec<Vec<u32>>> {
    prop::collection::vec(prop::collection::vec(0u32..=800, 0..25), 1..8)
}

proptest! {
    #[test]
    fn estimates_agree_with_the_textbook_and_keep_their_bounds(schools in schools(), shift in 0u32..=200) {
        let full = 1000;
        let s = spread_of(&sums(&schools), full);
        let n: usize = schools.iter().map(Vec::len).sum();
        if n == 0 {
            prop_assert!(s.eta2.is_none());
            return Ok(());
        }
        let eta2 = s.eta2.unwrap();
        prop_assert!((0.0..=1.0).contains(&eta2));
        prop_assert!(s.sd_of_means.unwrap() >= 0.0);
        if let Some(icc) = s.icc1 {
            prop_assert!(icc <= 1.0 + 1e-12);
        }
        let (e, icc, sd) = naive(&schools, full);
        prop_assert!((eta2 - e).abs() < 1e-9, "η² {} vs {}", eta2, e);
        prop_assert!((s.sd_of_means.unwrap() - sd).abs() < 1e-9);
        if let (Some(a), Some(b)) = (s.icc1, icc) {
            prop_assert!((a - b).abs() < 1e-9 * (1.0 + b.abs()), "ICC {} vs {}", a, b);
        }
        // Adding a constant to every score (still ≤ full) changes nothing.
        let shifted: Vec<Vec<u32>> = schools.iter().map(|s| s.iter().map(|v| v + shift).collect()).collect();
        let t = spread_of(&sums(&shifted), full);
        prop_assert!((t.eta2.unwrap() - eta2).abs() < 1e-12);
        prop_assert!((t.sd_of_means.unwrap() - s.sd_of_means.unwrap()).abs() < 1e-12);
        match (t.icc1, s.icc1) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9),
            (a, b) => prop_assert_eq!(a.is_some(), b.is_some()),
        }
    }

    #[test]
    fn equal_school_means_spread_nothing(base in prop::collection::vec(0u32..=1000, 1..20), copies in 2usize..6) {
        let schools: Vec<Vec<u32>> = (0..copies).map(|_| base.clone()).collect();
        let s = spread_of(&sums(&schools), 1000);
        prop_assert!(s.sd_of_means.unwrap().abs() < 1e-12);
        prop_assert!(s.eta2.unwrap().abs() < 1e-12);
    }
}

#[test]
fn only_the_official_value_decides() {
    use super::super::{NAEQ_LINE, NaeqResult, RateUnit};
    let r = |v: f64, unit| NaeqResult {
        year: 2024,
        subject: "数学".into(),
        level: Some(3),
        between_school: v,
        unit,
    };
    assert!(r(0.149, RateUnit::Ratio).meets(NAEQ_LINE));
    assert!(!r(0.15, RateUnit::Ratio).meets(NAEQ_LINE));
    assert!(r(14.9, RateUnit::Percent).meets(NAEQ_LINE));
    assert!(!r(15.0, RateUnit::Percent).meets(NAEQ_LINE));
    assert_eq!(r(12.5, RateUnit::Percent).as_ratio(), 0.125);
    let s = spread_of(&[(2, 10, 100)], 100);
    assert_eq!(s.label(), "本地估算");
    assert_eq!(s.icc1, None);
}
