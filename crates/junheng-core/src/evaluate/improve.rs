//! What brings a failing 差异系数 within its limit, and which units drive it.
//!
//! **Method.** Resources are added, never taken away. Among all ways of adding a given total
//! amount of a resource to a section, the one that minimises the weighted variance — and, since the
//! new mean is fixed by the total, the 差异系数 — raises the lowest units to a common floor `L`
//! ("water-filling"; it is the KKT solution of min Σ Pᵢ xᵢ'² subject to Σ Pᵢ xᵢ' fixed and
//! xᵢ' ≥ xᵢ). The 差异系数 of `max(xᵢ, L)` never increases as `L` grows (its derivative in `L` is
//! 2a(L·X̄ − E[X²])/X̄³ ≤ 0 because every value is ≥ L), so the smallest floor that meets the limit
//! is found by bisection and gives the least total addition. The per-unit additions are then
//! rounded up to whole teachers, rooms, ㎡ or 0.01 万元 and the limit is checked again on the rounded
//! values. Additions to a shared facility of a multi-section school also reach its other section;
//! the plan is computed per section and states the whole-school amount.

use serde::Serialize;

use crate::rulebook::Indicator;

use super::compare::Comparator;
use super::cv::{composite_cv, cv_of, weighted_cv, weighted_sd};
use super::gap::addition;
use super::units::Unit;

/// A unit that drives a 差异系数: its share of the weighted variance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Driver {
    /// Index of the unit in its section.
    pub unit: usize,
    /// The unit's value.
    pub value: f64,
    /// Pᵢ(Xᵢ − X̄)² / Σ Pⱼ(Xⱼ − X̄)², between 0 and 1.
    pub share: f64,
}

/// A raise of one unit in an improvement plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// Index of the unit in its section.
    pub unit: usize,
    /// Value now.
    pub from: f64,
    /// Value after the addition.
    pub to: f64,
    /// Addition to the whole school in the quantity's action unit.
    pub amount: f64,
}

/// The least total addition that brings one indicator's 差异系数 to a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Improvement {
    /// The 差异系数 to reach (the limit, or a lower cap in composite mode).
    pub target_cv: f64,
    /// Units below this value are raised to it.
    pub floor: f64,
    /// The 差异系数 after the rounded additions.
    pub cv_after: f64,
    /// Whether `cv_after` is within the target. Whole teachers or rooms can make a very low
    /// target unreachable (one teacher is 8 per 100 students in a teaching point of 12): the
    /// plan then shows the closest it gets.
    pub reaches_target: bool,
    /// Sum of the additions, in the quantity's action unit.
    pub total_amount: f64,
    /// One entry per raised unit, lowest value first.
    pub changes: Vec<Change>,
}

/// The `count` units with the largest share of the weighted variance, largest first.
pub(crate) fn drivers(values: &[f64], weights: &[f64], mean: f64, count: usize) -> Vec<Driver> {
    let mut total = 0.0;
    let mut top: Vec<(f64, usize)> = Vec::with_capacity(count + 1);
    for (i, (&x, &w)) in values.iter().zip(weights).enumerate() {
        let c = w * (x - mean) * (x - mean);
        total += c;
        if top.len() < count || c > top[top.len() - 1].0 {
            let at = top.partition_point(|&(t, _)| t >= c);
            top.insert(at, (c, i));
            top.truncate(count);
        }
    }
    if total <= 0.0 {
        return Vec::new();
    }
    top.into_iter()
        .map(|(c, i)| Driver {
            unit: i,
            value: values[i],
            share: c / total,
        })
        .collect()
}

/// CV of `max(xᵢ, floor)` from values sorted ascending with prefix sums of weights.
struct Floored<'a> {
    sorted: &'a [(f64, f64)],
    prefix_w: Vec<f64>,
    suffix_wx: Vec<f64>,
    suffix_wxx: Vec<f64>,
    total: f64,
}

impl<'a> Floored<'a> {
    fn new(sorted: &'a [(f64, f64)]) -> Self {
        let n = sorted.len();
        let mut prefix_w = vec![0.0; n + 1];
        for (i, &(_, w)) in sorted.iter().enumerate() {
            prefix_w[i + 1] = prefix_w[i] + w;
        }
        let (mut suffix_wx, mut suffix_wxx) = (vec![0.0; n + 1], vec![0.0; n + 1]);
        for i in (0..n).rev() {
            let (x, w) = sorted[i];
            suffix_wx[i] = suffix_wx[i + 1] + w * x;
            suffix_wxx[i] = suffix_wxx[i + 1] + w * x * x;
        }
        Self {
            sorted,
            total: prefix_w[n],
            prefix_w,
            suffix_wx,
            suffix_wxx,
        }
    }

    fn cv(&self, floor: f64) -> f64 {
        let k = self.sorted.partition_point(|&(x, _)| x < floor);
        let low = self.prefix_w[k];
        let mean = (low * floor + self.suffix_wx[k]) / self.total;
        let second = (low * floor * floor + self.suffix_wxx[k]) / self.total;
        let var = (second - mean * mean).max(0.0);
        if mean > 0.0 {
            var.sqrt() / mean
        } else {
            f64::INFINITY
        }
    }
}

/// The plan that brings an indicator's 差异系数 to `target_cv`, or `None` when the mean is 0
/// (nothing to spread) or the target is already met. When rounding to whole units makes the
/// target unreachable, the plan that gets closest is returned with `reaches_target = false`,
/// keeping only the raises that lower the 差异系数 — and `None` when no raise does.
pub(crate) fn improve(
    units: &[Unit<'_>],
    values: &[f64],
    amounts: &[f64],
    weights: &[f64],
    indicator: &Indicator,
    target_cv: f64,
    cmp: &Comparator,
) -> Option<Improvement> {
    let current = weighted_cv(values, weights);
    let cv = current.cv?;
    if cmp.within(cv, target_cv) {
        return None;
    }
    let mut sorted: Vec<(f64, f64)> = values
        .iter()
        .copied()
        .zip(weights.iter().copied())
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let floored = Floored::new(&sorted);
    let (mut lo, mut hi) = (sorted[0].0, sorted[sorted.len() - 1].0);
    // Aim a little inside the limit so that rounding to whole teachers cannot land outside it.
    let aim = target_cv * (1.0 - 1e-6);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if floored.cv(mid) <= aim {
            hi = mid
        } else {
            lo = mid
        }
        if hi - lo <= hi * 1e-13 {
            break;
        }
    }
    let mut floor = hi;
    let exact = Comparator::new(None);
    let total: f64 = weights.iter().sum();
    let mut best: Option<Improvement> = None;
    for _ in 0..64 {
        let mut after = values.to_vec();
        let mut changes = Vec::new();
        for (i, &x) in values.iter().enumerate() {
            if x < floor {
                let (amount, to) = addition(&units[i], amounts[i], indicator, floor, &exact);
                after[i] = to;
                changes.push(Change {
                    unit: i,
                    from: x,
                    to,
                    amount,
                });
            }
        }
        let mean = after.iter().zip(weights).map(|(x, w)| x * w).sum::<f64>() / total;
        let cv_after = cv_of(mean, weighted_sd(&after, weights, mean, total)).unwrap_or(0.0);
        let reaches_target = cmp.within(cv_after, target_cv);
        if reaches_target || best.as_ref().is_none_or(|b| cv_after < b.cv_after) {
            changes.sort_by(|a, b| a.from.total_cmp(&b.from).then(a.unit.cmp(&b.unit)));
            let total_amount = changes.iter().map(|c| c.amount).sum();
            best = Some(Improvement {
                target_cv,
                floor,
                cv_after,
                reaches_target,
                total_amount,
                changes,
            });
        }
        if reaches_target {
            break;
        }
        // Rounding overshot past the point where raising stops helping: lift the floor a little.
        floor += (sorted[sorted.len() - 1].0 - floor).max(floor * 1e-6) * 0.05;
    }
    let mut best = best?;
    if !best.reaches_target {
        prune(&mut best, values, weights, total);
        // Fewer raises can even reach it.
        best.reaches_target = cmp.within(best.cv_after, target_cv);
        // Whole units can make every addition raise the 差异系数 (one teacher more in a
        // teaching point overshoots the mean): then there is no plan that helps.
        if best.changes.is_empty() || best.cv_after >= cv {
            return None;
        }
    }
    Some(best)
}

/// Drops, one at a time, the raise whose removal lowers the 差异系数 most, while one does: a plan
/// that cannot reach its target keeps only the raises that help.
fn prune(plan: &mut Improvement, values: &[f64], weights: &[f64], total: f64) {
    let cv_with = |after: &[f64]| {
        let mean = after.iter().zip(weights).map(|(x, w)| x * w).sum::<f64>() / total;
        cv_of(mean, weighted_sd(after, weights, mean, total)).unwrap_or(0.0)
    };
    let mut after = values.to_vec();
    for c in &plan.changes {
        after[c.unit] = c.to;
    }
    loop {
        let mut drop: Option<(usize, f64)> = None;
        for (k, c) in plan.changes.iter().enumerate() {
            after[c.unit] = c.from;
            let without = cv_with(&after);
            after[c.unit] = c.to;
            if without < plan.cv_after && drop.is_none_or(|(_, best)| without < best) {
                drop = Some((k, without));
            }
        }
        let Some((k, without)) = drop else {
            return;
        };
        let c = plan.changes.remove(k);
        after[c.unit] = c.from;
        plan.cv_after = without;
        plan.total_amount = plan.changes.iter().map(|c| c.amount).sum();
    }
}

/// In composite mode, the cap `T` such that the mean of `min(cvᵢ, T)` equals the limit: the
/// smallest reduction spread over the indicators with the largest 差异系数.
pub(crate) fn composite_cap(cvs: &[f64], limit: f64) -> Option<f64> {
    if composite_cv(cvs) <= limit {
        return None;
    }
    let (mut lo, mut hi) = (0.0, cvs.iter().copied().fold(0.0, f64::max));
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let capped = cvs.iter().map(|&c| c.min(mid)).sum::<f64>() / cvs.len() as f64;
        if capped <= limit { lo = mid } else { hi = mid }
    }
    Some(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_are_the_largest_variance_shares() {
        let values = [1.0, 5.0, 5.0, 12.0];
        let weights = [100.0, 100.0, 100.0, 100.0];
        let d = drivers(&values, &weights, 5.75, 2);
        assert_eq!(d.iter().map(|d| d.unit).collect::<Vec<_>>(), vec![3, 0]);
        assert!(d[0].share > d[1].share);
        let all: f64 = drivers(&values, &weights, 5.75, 4)
            .iter()
            .map(|d| d.share)
            .sum();
        assert!((all - 1.0).abs() < 1e-12);
    }

    #[test]
    fn floored_cv_matches_direct_computation() {
        let pairs = [(1.0, 30.0), (2.0, 50.0), (4.0, 10.0), (9.0, 40.0)];
        let floored = Floored::new(&pairs);
        for floor in [0.5, 1.5, 3.0, 8.0] {
            let (x, w): (Vec<f64>, Vec<f64>) =
                pairs.iter().map(|&(x, w)| (x.max(floor), w)).unzip();
            assert!((floored.cv(floor) - weighted_cv(&x, &w).cv.unwrap()).abs() < 1e-12);
        }
    }

    #[test]
    fn composite_cap_spreads_the_reduction_over_the_largest() {
        let cap = composite_cap(&[0.9, 0.7, 0.3, 0.2], 0.5).unwrap();
        let capped: f64 = [0.9f64, 0.7, 0.3, 0.2]
            .iter()
            .map(|c| c.min(cap))
            .sum::<f64>()
            / 4.0;
        assert!((capped - 0.5).abs() < 1e-9);
        assert!((cap - 0.8).abs() < 1e-9);
        assert_eq!(composite_cap(&[0.4, 0.5], 0.5), None);
    }
}
