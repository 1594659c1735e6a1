//! 比值赋分 (ratio-to-best) composite per school, `practices.md` §1.1: each part is the school's
//! figure over the best school's, times its weight; schools are ranked by the sum, ties broken by
//! the mean. Also [`quality_score`], the 0–100 input of the annual review's 教育质量 item.

use serde::Serialize;

use super::figures::PaperFigures;
use super::settings::CompositeWeights;

/// One school's composite on one paper (or 总分).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CompositeRow {
    /// Index into `Exam::schools`.
    pub school: u32,
    /// `mean / max mean · W_avg`.
    pub rated_average: f64,
    /// `优秀率 / max 优秀率 · W_exc`.
    pub rated_excellent: f64,
    /// `良好率 / max 良好率 · W_good` (0 unless weighted).
    pub rated_good: f64,
    /// `及格率 / max 及格率 · W_pass`.
    pub rated_pass: f64,
    /// The sum.
    pub score: f64,
    /// Rank by score, ties broken by mean, still equal shares (1, 1, 3).
    pub rank: u32,
    /// `score / Σ weights × 100`.
    pub quality: f64,
}

/// The composite of every school with a mean and rates (others are left out). A part whose best
/// figure is 0 rates every school 0.
///
/// The worked example of `practices.md` §1.1: mean 78 (best 82), 优秀率 30 % (best 40 %),
/// 及格率 90 % (best 95 %) → 57.07 + 52.50 + 66.32 = 175.89 of 200:
/// ```
/// use junheng_core::exam::{rate_to_best, CompositeWeights};
/// let w = CompositeWeights::default();
/// let parts = [(78.0, 0.30, 0.0, 0.90), (82.0, 0.40, 0.0, 0.95)];
/// let score = rate_to_best(&parts, &w)[0];
/// assert!((score - 175.89).abs() < 0.005);
/// ```
pub fn composite(paper: &PaperFigures, weights: &CompositeWeights) -> Vec<CompositeRow> {
    let rows: Vec<(u32, (f64, f64, f64, f64))> = paper
        .schools
        .iter()
        .enumerate()
        .filter_map(|(s, u)| {
            let (m, r) = (u.mean()?, u.rates()?);
            Some((s as u32, (m, r[0], r[1], r[2])))
        })
        .collect();
    let parts: Vec<_> = rows.iter().map(|r| r.1).collect();
    let best = best_of(&parts);
    let mut out: Vec<CompositeRow> = rows
        .iter()
        .map(|&(school, p)| {
            let rated = rated(p, best, weights);
            let score = rated.iter().sum::<f64>();
            CompositeRow {
                school,
                rated_average: rated[0],
                rated_excellent: rated[1],
                rated_good: rated[2],
                rated_pass: rated[3],
                score,
                rank: 0,
                quality: score / weights.sum() * 100.0,
            }
        })
        .collect();
    let keys: Vec<(f64, f64)> = out
        .iter()
        .zip(&parts)
        .map(|(r, p)| (r.score, p.0))
        .collect();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        keys[b]
            .partial_cmp(&keys[a])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut prev: Option<((f64, f64), u32)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let r = match prev {
            Some((pk, r)) if pk == keys[i] => r,
            _ => pos as u32 + 1,
        };
        out[i].rank = r;
        prev = Some((keys[i], r));
    }
    out
}

type Parts = (f64, f64, f64, f64);

fn best_of(parts: &[Parts]) -> Parts {
    parts.iter().fold((0.0, 0.0, 0.0, 0.0), |b, p| {
        (b.0.max(p.0), b.1.max(p.1), b.2.max(p.2), b.3.max(p.3))
    })
}

fn rated(p: Parts, best: Parts, w: &CompositeWeights) -> [f64; 4] {
    let r = |x: f64, b: f64, w: f64| if b > 0.0 { x / b * w } else { 0.0 };
    [
        r(p.0, best.0, w.average),
        r(p.1, best.1, w.excellent),
        r(p.2, best.2, w.good),
        r(p.3, best.3, w.pass),
    ]
}

/// The 比值赋分 score of each unit from `(mean, 优秀率, 良好率, 及格率)`, against the best of
/// the units given.
pub fn rate_to_best(parts: &[(f64, f64, f64, f64)], weights: &CompositeWeights) -> Vec<f64> {
    let best = best_of(parts);
    parts
        .iter()
        .map(|&p| rated(p, best, weights).iter().sum())
        .collect()
}

/// Per school (index into `Exam::schools`) its quality score 0–100 = composite / Σ weights ×
/// 100 on `paper` (the app passes 总分), `None` for a school without figures. This is the input
/// the annual review's 教育质量 item (`review::ItemSource::Quality`) takes.
///
/// ```
/// use junheng_core::exam::{figures, quality_score, CompositeWeights, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
/// let s = b.school("1", "甲校");
/// let i = b.student(s, "(1)班", 1).unwrap();
/// b.mark(i, 0, Mark::Score(Tenths::points(90))).unwrap();
/// let f = figures(&b.build(), &QualitySettings::default());
/// assert_eq!(quality_score(&f.papers[0], &CompositeWeights::default()), vec![Some(100.0)]);
/// ```
pub fn quality_score(paper: &PaperFigures, weights: &CompositeWeights) -> Vec<Option<f64>> {
    let mut out = vec![None; paper.schools.len()];
    for row in composite(paper, weights) {
        out[row.school as usize] = Some(row.quality);
    }
    out
}
