//! 校际差异率: the official NAEQ value is an **input** ([`NaeqResult`]) and only it decides the
//! 督导 item; the county's own scores give local estimates ([`Spread`], each labelled 本地估算
//! with its definition), which are references only (`practices.md` §1.5).
//!
//! Scores are normalised to `[0, 1]` by full marks; the population is each school's score
//! population (see [`super::figures`]). With `N` students, `J` schools, `n_s`, `ȳ_s` per school
//! and `ȳ` overall:
//! * η² = SS_between / SS_total, with `SS_between = Σ n_s(ȳ_s − ȳ)²` and `SS_total =
//!   SS_between + SS_within`; 0 when every score is equal (SS_total = 0).
//! * ICC(1) = (MSB − MSW) / (MSB + (n₀ − 1)·MSW), `MSB = SS_between/(J − 1)`, `MSW =
//!   SS_within/(N − J)`, `n₀ = (N − Σn_s²/N)/(J − 1)`; needs `J ≥ 2` and `N > J`.
//! * S = √(Σ_s (n_s/N)(ȳ_s − ȳ)²), the student-weighted SD of school means (Guangzhou-style).
//!
//! Deviations of school sums are formed in exact integers (`Σ_s·N − Σ·n_s`), so adding a
//! constant to every score changes none of the three.

use serde::{Deserialize, Serialize};

use super::figures::PaperFigures;
use super::model::Exam;

/// The label of every local estimate.
pub const LOCAL_ESTIMATE: &str = "本地估算";
/// The 督导 line of the 校际差异率 (as a ratio): strictly below it is met.
pub const NAEQ_LINE: f64 = 0.15;
/// What η² is.
pub const ETA2_DEFINITION: &str =
    "η²＝校间离差平方和÷总离差平方和（分数按满分折算为 0–1）：成绩差异中学校之间所占的比例";
/// What ICC(1) is.
pub const ICC1_DEFINITION: &str =
    "ICC(1)＝(MSB−MSW)÷(MSB+(n₀−1)·MSW)，n₀＝(N−Σn²/N)÷(J−1)：组内相关系数";
/// What S is.
pub const SD_OF_MEANS_DEFINITION: &str =
    "S＝√(Σ(n_s/N)(ȳ_s−ȳ)²)：按学生数加权的各校平均得分率的标准差";

/// Local estimates of between-school differences on one paper over one pool of schools.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Schools with students.
    pub schools: u32,
    /// Students.
    pub students: u64,
    /// η² in [0, 1]; `None` without students.
    pub eta2: Option<f64>,
    /// ICC(1); `None` unless `J ≥ 2`, `N > J` and its denominator is positive.
    pub icc1: Option<f64>,
    /// S, as a ratio of full marks; `None` without students.
    pub sd_of_means: Option<f64>,
}

impl Spread {
    /// Always 本地估算: a reference that never decides the 督导 item.
    pub const fn label(&self) -> &'static str {
        LOCAL_ESTIMATE
    }
}

/// The estimates from per-school `(n, Σ score, Σ score²)` in tenths on a paper of `full` tenths.
///
/// ```
/// use junheng_core::exam::spread_of;
/// // Two schools of two: {0, 10} and {90, 100} tenths on a 100-tenth paper.
/// let s = spread_of(&[(2, 10, 100), (2, 190, 8100 + 10000)], 100);
/// // ȳ = 0.5; school means 0.05 and 0.95: SS_b = 4·0.45² = 0.81, SS_w = 4·0.05² = 0.01.
/// assert!((s.eta2.unwrap() - 0.81 / 0.82).abs() < 1e-12);
/// assert!((s.sd_of_means.unwrap() - 0.45).abs() < 1e-12);
/// ```
pub fn spread_of(schools: &[(u64, u64, u128)], full: u32) -> Spread {
    let live: Vec<&(u64, u64, u128)> = schools.iter().filter(|s| s.0 > 0).collect();
    let n: u64 = live.iter().map(|s| s.0).sum();
    let total: u64 = live.iter().map(|s| s.1).sum();
    let j = live.len() as u64;
    let mut out = Spread {
        schools: j as u32,
        students: n,
        eta2: None,
        icc1: None,
        sd_of_means: None,
    };
    if n == 0 || full == 0 {
        return out;
    }
    let scale = f64::from(full).powi(2);
    let nf = n as f64;
    let (mut ss_b, mut ss_w, mut sum_n2) = (0.0f64, 0.0f64, 0.0f64);
    for &&(ns, s, q) in &live {
        let d = i128::from(s) * i128::from(n) - i128::from(total) * i128::from(ns);
        ss_b += (d as f64).powi(2) / (ns as f64 * nf * nf);
        let within = u128::from(ns) * q - u128::from(s).pow(2);
        ss_w += within as f64 / ns as f64;
        sum_n2 += (ns as f64).powi(2);
    }
    let (ss_b, ss_w) = (ss_b / scale, ss_w / scale);
    let ss_t = ss_b + ss_w;
    out.eta2 = Some(if ss_t > 0.0 { ss_b / ss_t } else { 0.0 });
    out.sd_of_means = Some((ss_b / nf).sqrt());
    if j >= 2 && n > j {
        let msb = ss_b / (j - 1) as f64;
        let msw = ss_w / (n - j) as f64;
        let n0 = (nf - sum_n2 / nf) / (j - 1) as f64;
        let den = msb + (n0 - 1.0) * msw;
        out.icc1 = (den > 0.0).then(|| (msb - msw) / den);
    }
    out
}

/// A paper's estimates over the pool (`district = None`) and per district.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperSpread {
    /// 学科 or 总分.
    pub subject: String,
    /// Over every school of the exam.
    pub all: Spread,
    /// Per district (index into `Exam::districts`).
    pub districts: Vec<Spread>,
}

/// The local estimates of a paper's figures, over the exam and per district.
pub fn spread(exam: &Exam, paper: &PaperFigures) -> PaperSpread {
    let row = |u: &super::UnitFigures| (u64::from(u.n), u.tally.sum, u.tally.sumsq);
    let all: Vec<_> = paper.schools.iter().map(row).collect();
    let districts = (0..exam.districts().len().max(1) as u32)
        .map(|d| {
            let mine: Vec<_> = exam
                .schools()
                .iter()
                .zip(&all)
                .filter(|(s, _)| s.district == d)
                .map(|(_, r)| *r)
                .collect();
            spread_of(&mine, paper.full)
        })
        .collect();
    PaperSpread {
        subject: paper.subject.clone(),
        all: spread_of(&all, paper.full),
        districts,
    }
}

/// How an official 校际差异率 was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    /// A ratio: 0.15.
    Ratio,
    /// A percentage: 15 (meaning 15 %).
    Percent,
}

/// An official NAEQ result for the county, entered or imported (NAEQ reports stop at the county
/// and its instruments are confidential, so the engine never computes it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NaeqResult {
    /// 监测年度.
    pub year: i32,
    /// 学科 (语文, 数学, 科学, …).
    pub subject: String,
    /// 学业水平 reached (3 = Ⅲ级), if reported.
    pub level: Option<u8>,
    /// 校际差异率 as written.
    pub between_school: f64,
    /// Its unit.
    pub unit: RateUnit,
}

impl NaeqResult {
    /// The 校际差异率 as a ratio (15 % → 0.15).
    pub fn as_ratio(&self) -> f64 {
        match self.unit {
            RateUnit::Ratio => self.between_school,
            RateUnit::Percent => self.between_school / 100.0,
        }
    }

    /// Whether the 校际差异率 meets the 督导 line: **strictly below** `line` (a ratio; 0.15 by
    /// the 2017 standard, [`NAEQ_LINE`]). Only an official result decides the item.
    ///
    /// ```
    /// use junheng_core::exam::{NaeqResult, RateUnit, NAEQ_LINE};
    /// let r = NaeqResult { year: 2024, subject: "数学".into(), level: Some(3), between_school: 15.0, unit: RateUnit::Percent };
    /// assert_eq!(r.as_ratio(), 0.15);
    /// assert!(!r.meets(NAEQ_LINE)); // 0.15 is not < 0.15
    /// ```
    pub fn meets(&self, line: f64) -> bool {
        self.as_ratio() < line
    }
}
