//! Distributions from exact counts of scores in tenths: box plots (five numbers), quantiles,
//! bands of 10 % of full marks and 区分度.
//!
//! **Quantile rule** (Hyndman & Fan type 7, the default of R and NumPy): for `N` sorted scores
//! `x₀ ≤ … ≤ x_{N−1}` and a share `p`, `h = (N − 1)·p`, and `Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 −
//! x_⌊h⌋)`, i.e. linear between the closest ranks. For quartiles `h` is a multiple of ¼, so
//! every quantile is exact.
//!
//! **区分度** (`practices.md` §1.2): `(mean of the top n₂₇ − mean of the bottom n₂₇) / full`, with
//! `n₂₇ = ⌈0.27·N⌉` students in each group taken by rank (ties at the boundary are cut by count,
//! so each group holds exactly `n₂₇`). Undefined (`None`) for fewer than 2 scores.

use serde::Serialize;

/// Five numbers of a distribution, in points: min, Q1, median, Q3, max (type-7 quantiles).
///
/// ```
/// use junheng_core::exam::box_plot;
/// // Scores 1, 2, 3, 4 points (tenths 10, 20, 30, 40): Q1 = 1 + 0.75·(2 − 1) = 1.75.
/// let mut hist = vec![0u32; 41];
/// for v in [10, 20, 30, 40] { hist[v] = 1; }
/// let b = box_plot(&hist).unwrap();
/// assert_eq!((b.min, b.q1, b.median, b.q3, b.max), (1.0, 1.75, 2.5, 3.25, 4.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BoxPlot {
    /// Lowest.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Highest.
    pub max: f64,
}

/// The values (tenths) at ascending 0-based ranks `ranks` of the scores counted in `hist`.
fn order_stats<H: Copy + Into<u64>>(hist: &[H], ranks: &[u64]) -> Vec<u32> {
    let mut out = Vec::with_capacity(ranks.len());
    let mut seen = 0u64;
    let mut next = 0;
    for (v, &h) in hist.iter().enumerate() {
        seen += h.into();
        while next < ranks.len() && ranks[next] < seen {
            out.push(v as u32);
            next += 1;
        }
        if next == ranks.len() {
            break;
        }
    }
    out
}

/// The type-7 quantiles at `shares` (ascending) of the scores counted in `hist`, in points;
/// `None` when it counts none.
pub fn quantiles<H: Copy + Into<u64>>(hist: &[H], shares: &[f64]) -> Option<Vec<f64>> {
    let n: u64 = hist.iter().map(|&h| h.into()).sum();
    if n == 0 {
        return None;
    }
    let spots: Vec<(u64, f64)> = shares
        .iter()
        .map(|&p| {
            let h = (n - 1) as f64 * p;
            let lo = (h.floor() as u64).min(n - 1);
            (lo, h - lo as f64)
        })
        .collect();
    let mut ranks: Vec<u64> = spots
        .iter()
        .flat_map(|&(lo, _)| [lo, (lo + 1).min(n - 1)])
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let values = order_stats(hist, &ranks);
    let at = |r: u64| f64::from(values[ranks.binary_search(&r).expect("asked for")]);
    Some(
        spots
            .iter()
            .map(|&(lo, frac)| {
                let (a, b) = (at(lo), at((lo + 1).min(n - 1)));
                (a + frac * (b - a)) / 10.0
            })
            .collect(),
    )
}

/// The box plot of the scores counted in `hist` (index = tenths); `None` when it counts none.
pub fn box_plot<H: Copy + Into<u64>>(hist: &[H]) -> Option<BoxPlot> {
    let n: u64 = hist.iter().map(|&h| h.into()).sum();
    if n == 0 {
        return None;
    }
    // The quartiles' ranks are exact: h = (n − 1)·k/4.
    let q = quantiles(hist, &[0.0, 0.25, 0.5, 0.75, 1.0])?;
    Some(BoxPlot {
        min: q[0],
        q1: q[1],
        median: q[2],
        q3: q[3],
        max: q[4],
    })
}

/// The ten 0-based ranks a box plot of `n ≥ 1` scores reads, ascending: for each of the five
/// shares `k/4`, `⌊(n − 1)·k/4⌋` and the next (capped at `n − 1`).
pub(crate) fn box_ranks(n: u64) -> [u64; 10] {
    let mut r = [0u64; 10];
    if n == 0 {
        return r;
    }
    for k in 0..5u64 {
        let lo = (n - 1) * k / 4;
        r[2 * k as usize] = lo;
        r[2 * k as usize + 1] = (lo + 1).min(n - 1);
    }
    r
}

/// The box plot from the values (tenths) at [`box_ranks`]`(n)`.
pub(crate) fn box_from(n: u64, values: &[u32; 10]) -> Option<BoxPlot> {
    if n == 0 {
        return None;
    }
    let q = |k: u64| {
        let frac = ((n - 1) * k % 4) as f64 / 4.0;
        let (a, b) = (
            f64::from(values[2 * k as usize]),
            f64::from(values[2 * k as usize + 1]),
        );
        (a + frac * (b - a)) / 10.0
    };
    Some(BoxPlot {
        min: q(0),
        q1: q(1),
        median: q(2),
        q3: q(3),
        max: q(4),
    })
}

/// `n₂₇ = ⌈0.27·N⌉`, in integers.
///
/// ```
/// use junheng_core::exam::n27;
/// assert_eq!((n27(1), n27(4), n27(100), n27(101)), (1, 2, 27, 28));
/// ```
pub fn n27(n: u64) -> u64 {
    (27 * n).div_ceil(100)
}

/// 区分度 of the scores counted in `hist` on a paper of `full` tenths; `None` under 2 scores or
/// without full marks.
pub fn discrimination<H: Copy + Into<u64>>(hist: &[H], full: u32) -> Option<f64> {
    let n: u64 = hist.iter().map(|&h| h.into()).sum();
    if n < 2 || full == 0 {
        return None;
    }
    let k = n27(n);
    let take = |iter: &mut dyn Iterator<Item = (usize, u64)>| {
        let (mut left, mut sum) = (k, 0u64);
        for (v, h) in iter {
            let t = h.min(left);
            sum += t * v as u64;
            left -= t;
            if left == 0 {
                break;
            }
        }
        sum
    };
    let top = take(&mut hist.iter().map(|&h| h.into()).enumerate().rev());
    let bottom = take(&mut hist.iter().map(|&h| h.into()).enumerate());
    Some((top - bottom) as f64 / k as f64 / f64::from(full))
}

/// The labels of the ten bands of 10 % of full marks, as `[lo, hi)` in points (the last one
/// closed): `0–15`, …, `135–150`.
pub fn band_labels(full: u32) -> Vec<String> {
    let at = |k: u64| {
        let t = u64::from(full) * k / 10;
        if t.is_multiple_of(10) {
            format!("{}", t / 10)
        } else {
            format!("{}.{}", t / 10, t % 10)
        }
    };
    (0..10)
        .map(|k| format!("{}–{}", at(k), at(k + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(scores: &[u32], full: u32) -> Vec<u32> {
        let mut h = vec![0u32; full as usize + 1];
        for &s in scores {
            h[s as usize] += 1;
        }
        h
    }

    /// Type 7 by sorting.
    fn naive(scores: &[u32], p: f64) -> f64 {
        let mut x = scores.to_vec();
        x.sort_unstable();
        let h = (x.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(x.len() - 1);
        (f64::from(x[lo]) + (h - lo as f64) * f64::from(x[hi] - x[lo])) / 10.0
    }

    #[test]
    fn quantiles_are_linear_between_closest_ranks() {
        // 5 scores 10 20 30 40 100 (tenths): h(Q1) = 1 → 2.0; median 3.0; Q3 h = 3 → 4.0.
        let b = box_plot(&hist(&[40, 10, 100, 30, 20], 100)).unwrap();
        assert_eq!(
            (b.min, b.q1, b.median, b.q3, b.max),
            (1.0, 2.0, 3.0, 4.0, 10.0)
        );
        // 6 scores: h(Q1) = 1.25 → 2 + 0.25·(3 − 2) = 2.25; median h = 2.5 → 3.5.
        let b = box_plot(&hist(&[10, 20, 30, 40, 50, 60], 100)).unwrap();
        assert_eq!((b.q1, b.median, b.q3), (2.25, 3.5, 4.75));
        assert_eq!(box_plot(&hist(&[], 100)), None);
        let one = box_plot(&hist(&[77], 100)).unwrap();
        assert_eq!((one.min, one.q1, one.max), (7.7, 7.7, 7.7));
        let mut rng = crate::demo::Rng::new(5);
        for n in 1..60 {
            let scores: Vec<u32> = (0..n).map(|_| rng.int(0, 200)).collect();
            let q = quantiles(&hist(&scores, 200), &[0.1, 0.25, 0.5, 0.9]).unwrap();
            for (got, p) in q.iter().zip([0.1, 0.25, 0.5, 0.9]) {
                assert!((got - naive(&scores, p)).abs() < 1e-12, "n {n} p {p}");
            }
        }
    }

    #[test]
    fn discrimination_takes_the_top_and_bottom_27_percent() {
        // 10 scores 0..=90 points step 10 on a 100-point paper: n27 = ⌈2.7⌉ = 3;
        // top 90, 80, 70 → 80; bottom 0, 10, 20 → 10; (80 − 10)/100 = 0.7.
        let scores: Vec<u32> = (0..10).map(|k| k * 100).collect();
        let d = discrimination(&hist(&scores, 1000), 1000).unwrap();
        assert!((d - 0.7).abs() < 1e-12);
        // Ties at the boundary are cut by count: 4 × 50 and 1 × 100 → n27 = 2; top 100 + 50,
        // bottom 50 + 50 → (75 − 50)/100.
        let d = discrimination(&hist(&[500, 500, 500, 500, 1000], 1000), 1000).unwrap();
        assert!((d - 0.25).abs() < 1e-12);
        assert_eq!(discrimination(&hist(&[500], 1000), 1000), None);
        assert_eq!(band_labels(1500)[0], "0–15");
        assert_eq!(band_labels(1500)[9], "135–150");
    }
}
