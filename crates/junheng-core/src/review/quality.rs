//! The quality item of the review and 集而不团 on quality.
//!
//! A unit's **quality score** of a 考核年度 is what 质量监测 measured of it that year: a
//! school's is the mean, over the year's exams in which it has scores, of its quality score in
//! each (its 比值赋分 composite on 总分 as a share of the weights, 0–100 —
//! [`crate::exam::quality_score`]); a group's bundles its members' ([`QualityScore::bundle`]),
//! each weighted by the students who sat. A unit without scores in the year has none, and the
//! item is 未接入 — never 0.
//!
//! **集而不团 on quality** ([`core_gap`]): the gap between the core school's quality score and
//! the students-weighted mean of the other members' should narrow. Each year's gap is measured;
//! the latest year is compared with the earliest one within the cohesion window
//! ([`super::CohesionSettings::years`]); a gap that has not fallen is warned of. The check is a
//! proposed design [L], like the rest of the review.

use serde::{Deserialize, Serialize};

use super::cohesion::{Cohesion, CohesionWarning, MeasureSeries, WarningDetail};
use super::members::MemberValue;
use super::settings::CohesionSettings;

/// A unit's quality score of one 考核年度.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QualityScore {
    /// 0–100.
    pub value: f64,
    /// The exams it is the mean of.
    pub exams: u32,
    /// The students who sat, summed over those exams (the unit's weight in a bundle).
    pub sat: u64,
}

impl QualityScore {
    /// The mean of a school's quality scores in the year's exams: `(score, sat)` per exam in
    /// which it has one. `None` without any.
    ///
    /// ```
    /// use junheng_core::review::QualityScore;
    /// let q = QualityScore::of_exams(&[(80.0, 100), (90.0, 120)]).unwrap();
    /// assert_eq!((q.value, q.exams, q.sat), (85.0, 2, 220));
    /// assert_eq!(QualityScore::of_exams(&[]), None);
    /// ```
    pub fn of_exams(exams: &[(f64, u32)]) -> Option<QualityScore> {
        if exams.is_empty() {
            return None;
        }
        let sum: f64 = exams.iter().map(|(v, _)| v).sum();
        Some(QualityScore {
            value: sum / exams.len() as f64,
            exams: u32::try_from(exams.len()).unwrap_or(u32::MAX),
            sat: exams.iter().map(|(_, n)| u64::from(*n)).sum(),
        })
    }

    /// A group's quality score: its members' weighted by the students who sat (members without
    /// a score are left out). `None` when no member has one or none sat.
    ///
    /// ```
    /// use junheng_core::review::QualityScore;
    /// let a = QualityScore { value: 90.0, exams: 2, sat: 300 };
    /// let b = QualityScore { value: 70.0, exams: 2, sat: 100 };
    /// let g = QualityScore::bundle([&a, &b]).unwrap();
    /// assert_eq!((g.value, g.exams, g.sat), (85.0, 2, 400));
    /// ```
    pub fn bundle<'a>(members: impl IntoIterator<Item = &'a QualityScore>) -> Option<QualityScore> {
        let (mut sum, mut sat, mut exams) = (0.0, 0u64, 0u32);
        for m in members {
            sum += m.value * m.sat as f64;
            sat += m.sat;
            exams = exams.max(m.exams);
        }
        (sat > 0).then(|| QualityScore {
            value: sum / sat as f64,
            exams,
            sat,
        })
    }
}

/// The gap between the core and the other members in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CoreGapYear {
    /// The year.
    pub year: i32,
    /// The core school's value.
    pub core: f64,
    /// The students-weighted mean of the other members' values.
    pub others: f64,
    /// `core − others`.
    pub gap: f64,
}

/// The year's gap: `None` without exactly one core member with a value, or without another
/// member with students.
fn gap_of(year: i32, members: &[MemberValue]) -> Option<CoreGapYear> {
    let mut cores = members.iter().filter(|m| m.core);
    let core = cores.next()?;
    if cores.next().is_some() {
        return None;
    }
    let (sum, weight) = members
        .iter()
        .filter(|m| !m.core)
        .fold((0.0, 0u64), |(s, w), m| {
            (s + m.value * m.students as f64, w + m.students)
        });
    (weight > 0).then(|| {
        let others = sum / weight as f64;
        CoreGapYear {
            year,
            core: core.value,
            others,
            gap: core.value - others,
        }
    })
}

/// Adds the 集而不团 check on `series` (the members' quality scores by year) to `out`: the
/// gaps by year, and a warning when the latest year's gap (the core ahead) is not below the
/// earliest one's within the last `settings.years` years. What cannot be judged is listed in
/// `out.unchecked`. Returns the gaps, oldest first.
///
/// ```
/// use junheng_core::review::*;
/// let year = |year, core: f64, other: f64| MeasureYear { year, members: vec![
///     MemberValue { students: 500, core: true, value: core },
///     MemberValue { students: 500, core: false, value: other }] };
/// let series = MeasureSeries { measure: "质量得分".into(),
///     years: vec![year(2024, 90.0, 70.0), year(2025, 92.0, 71.0)] };
/// let mut out = Cohesion { group: "城东集团".into(), measure: "考核总分".into(),
///     spread: vec![], warnings: vec![], unchecked: vec![] };
/// let gaps = core_gap::<u32>(&CohesionSettings::default(), &series, &mut out);
/// assert_eq!(gaps.iter().map(|g| g.gap).collect::<Vec<_>>(), [20.0, 21.0]);
/// assert!(out.warnings[0].sentence.contains("未见缩小"));
/// ```
pub fn core_gap<K>(
    settings: &CohesionSettings,
    series: &MeasureSeries,
    out: &mut Cohesion<K>,
) -> Vec<CoreGapYear> {
    let measure = series.measure.trim().to_owned();
    let mut gaps: Vec<CoreGapYear> = series
        .years
        .iter()
        .filter_map(|y| gap_of(y.year, &y.members))
        .collect();
    gaps.sort_by_key(|g| g.year);
    let Some(&to) = gaps.last() else {
        out.unchecked.push(format!(
            "没有核心校与其他成员校均有{measure}的年度，未判断核心校与成员校差距是否缩小"
        ));
        return gaps;
    };
    let window = i32::try_from(settings.years).unwrap_or(i32::MAX);
    let Some(&from) = gaps
        .iter()
        .find(|g| g.year < to.year && g.year >= to.year.saturating_sub(window))
    else {
        out.unchecked.push(format!(
            "{} 年之前 {} 年内没有可比的{measure}，未判断核心校与成员校差距是否缩小",
            to.year, settings.years
        ));
        return gaps;
    };
    if to.gap <= 0.0 || to.gap < from.gap {
        return gaps;
    }
    out.warnings.push(CohesionWarning {
        sentence: format!(
            "{}核心校与其他成员校的{measure}差距 {} 年为 {:.1}、{} 年为 {:.1}，未见缩小，\
             存在“集而不团”风险。",
            out.group, from.year, from.gap, to.year, to.gap
        ),
        detail: WarningDetail::CoreGapNotNarrowed {
            measure,
            from_year: from.year,
            gap_from: from.gap,
            to_year: to.year,
            gap_to: to.gap,
        },
    });
    gaps
}

#[cfg(test)]
mod tests {
    use super::super::cohesion::MeasureYear;
    use super::*;

    fn member(core: bool, students: u64, value: f64) -> MemberValue {
        MemberValue {
            students,
            core,
            value,
        }
    }

    fn empty() -> Cohesion<u32> {
        Cohesion {
            group: "集团".into(),
            measure: "考核总分".into(),
            spread: vec![],
            warnings: vec![],
            unchecked: vec![],
        }
    }

    #[test]
    fn the_gap_weighs_the_other_members_by_their_students() {
        let g = gap_of(
            2025,
            &[
                member(true, 900, 95.0),
                member(false, 100, 60.0),
                member(false, 300, 80.0),
            ],
        )
        .unwrap();
        assert_eq!(g.others, 75.0);
        assert_eq!(g.gap, 20.0);
        // No core, two cores, or nobody else: no gap.
        assert_eq!(gap_of(2025, &[member(false, 1, 1.0)]), None);
        assert_eq!(
            gap_of(2025, &[member(true, 1, 1.0), member(true, 1, 1.0)]),
            None
        );
        assert_eq!(gap_of(2025, &[member(true, 1, 1.0)]), None);
    }

    #[test]
    fn a_narrowing_gap_or_a_core_behind_is_not_warned_of() {
        let series = |pairs: &[(i32, f64, f64)]| MeasureSeries {
            measure: "质量得分".into(),
            years: pairs
                .iter()
                .map(|&(year, c, o)| MeasureYear {
                    year,
                    members: vec![member(true, 10, c), member(false, 10, o)],
                })
                .collect(),
        };
        let settings = CohesionSettings::default();
        let mut out = empty();
        core_gap(
            &settings,
            &series(&[(2023, 90.0, 70.0), (2025, 88.0, 75.0)]),
            &mut out,
        );
        assert!(out.warnings.is_empty() && out.unchecked.is_empty());
        core_gap(
            &settings,
            &series(&[(2024, 70.0, 80.0), (2025, 70.0, 85.0)]),
            &mut out,
        );
        assert!(out.warnings.is_empty());
        // Outside the window (2021 < 2025 − 3): unchecked, not warned.
        core_gap(
            &settings,
            &series(&[(2021, 90.0, 70.0), (2025, 95.0, 70.0)]),
            &mut out,
        );
        assert!(out.warnings.is_empty());
        assert_eq!(out.unchecked.len(), 1);
        // Compared with the earliest year in the window, not the latest.
        let mut out = empty();
        let gaps = core_gap(
            &settings,
            &series(&[(2023, 90.0, 70.0), (2024, 80.0, 75.0), (2025, 92.0, 71.0)]),
            &mut out,
        );
        assert_eq!(gaps.len(), 3);
        match &out.warnings[0].detail {
            WarningDetail::CoreGapNotNarrowed {
                from_year, gap_to, ..
            } => assert_eq!((*from_year, *gap_to), (2023, 21.0)),
            other => panic!("{other:?}"),
        }
    }
}
