//! The 集而不团 warning: a group whose members are not drawing together.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::composite::GroupComposite;
use super::members::MemberValue;
use super::settings::{CohesionSettings, SettingsError};
use crate::bands::{Band, EscalationLevel, Outcome, Placement};
use crate::evaluate::weighted_cv;

/// The members' values of one measure in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureYear {
    /// The year.
    pub year: i32,
    /// The members with a value that year.
    pub members: Vec<MemberValue>,
}

impl MeasureYear {
    /// The members' 考核总分 of a composite's year.
    pub fn totals<K>(composite: &GroupComposite<K>) -> MeasureYear {
        MeasureYear {
            year: composite.year,
            members: composite
                .members
                .iter()
                .filter_map(|m| {
                    m.value.map(|value| MemberValue {
                        students: m.students,
                        core: m.core,
                        value,
                    })
                })
                .collect(),
        }
    }
}

/// A measure of the members over the years, whose within-group 差异系数 should narrow: their
/// 考核总分 ([`MeasureYear::totals`]) or a resource indicator the caller reads from the bundled
/// evaluations (e.g. 生均教学仪器设备值).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureSeries {
    /// The measure's Chinese name, e.g. 考核总分.
    pub measure: String,
    /// One entry per year, in any order.
    pub years: Vec<MeasureYear>,
}

/// The within-group spread of the measure in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpreadYear {
    /// The year.
    pub year: i32,
    /// Members with a value.
    pub members: usize,
    /// The enrolment-weighted 差异系数 ([`weighted_cv`]), `None` when not computable.
    pub cv: Option<f64>,
}

/// A 集而不团 warning: a Chinese sentence and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohesionWarning<K> {
    /// The warning as one Chinese sentence (numbers rounded for reading).
    pub sentence: String,
    /// What was found, at full precision.
    #[serde(flatten)]
    pub detail: WarningDetail<K>,
}

/// What a [`CohesionWarning`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WarningDetail<K> {
    /// The within-group 差异系数 has not narrowed (by more than `min_narrowing`) in `years` years.
    SpreadNotNarrowed {
        /// The measure.
        measure: String,
        /// N.
        years: u32,
        /// The year compared with.
        from_year: i32,
        /// Its 差异系数.
        cv_from: f64,
        /// The latest year.
        to_year: i32,
        /// Its 差异系数.
        cv_to: f64,
    },
    /// The weakest member's total fell while the group's mean rose.
    WeakestFellBehind {
        /// The member.
        unit: K,
        /// 学校名称.
        name: String,
        /// Its total this year.
        value: f64,
        /// Its total last year.
        last_year: f64,
        /// The enrolment-weighted mean this year of the members having both totals.
        group_mean: f64,
        /// Their mean last year (same members, same weights).
        group_mean_last_year: f64,
    },
    /// The gap between the core and the other members (their students-weighted mean) has not
    /// narrowed ([`super::core_gap`]).
    CoreGapNotNarrowed {
        /// The measure.
        measure: String,
        /// The year compared with.
        from_year: i32,
        /// Its gap.
        gap_from: f64,
        /// The latest year.
        to_year: i32,
        /// Its gap.
        gap_to: f64,
    },
    /// A member is at or below the 警戒线.
    AtWarningLine {
        /// The member.
        unit: K,
        /// 学校名称.
        name: String,
        /// Whether it is the weakest member.
        weakest: bool,
        /// The value placed.
        value: f64,
        /// The 警戒线 used.
        line: f64,
        /// Consecutive years at or below it.
        warning_periods: u32,
        /// The escalation reached.
        escalation: Option<EscalationLevel>,
    },
}

/// The 集而不团 check of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohesion<K> {
    /// 集团名称.
    pub group: String,
    /// The measure of the spread.
    pub measure: String,
    /// Its spread each year, oldest first.
    pub spread: Vec<SpreadYear>,
    /// The warnings, in the order: spread, weakest member, members at the 警戒线.
    pub warnings: Vec<CohesionWarning<K>>,
    /// What could not be checked, and why (Chinese).
    pub unchecked: Vec<String>,
}

/// Why a group cannot be checked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CohesionError {
    /// The settings are not usable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A year twice in the series.
    #[error("{measure}的历年数据中 {year} 年出现了不止一次")]
    DuplicateYear {
        /// The measure.
        measure: String,
        /// The year.
        year: i32,
    },
    /// A value that is not a number.
    #[error("{measure}在 {year} 年有成员校的数值不是有效数值")]
    NotFinite {
        /// The measure.
        measure: String,
        /// The year.
        year: i32,
    },
}

/// Checks a group for 集而不团. It warns when:
///
/// * the enrolment-weighted 差异系数 of `series` in its latest year Y has not fallen by more than
///   `min_narrowing` below the one of year Y − N (N = `settings.years`);
/// * the weakest member of `composite` fell versus last year while the enrolment-weighted mean
///   of the members having both years' totals (this year's students as weights) rose;
/// * a member is at or below the 警戒线 in `school_bands`, the schools' 三线 placement of the
///   year ([`super::place_reviews`]) — every such member, the weakest marked.
///
/// What cannot be judged (a missing year, no last-year total, no placement) is listed in
/// `unchecked`, never warned about.
///
/// ```
/// use junheng_core::review::*;
/// let member = |unit: u32, core, value, last_year| MemberInput {
///     unit, name: format!("成员{unit}"), students: 500, core, value: Some(value), last_year: Some(last_year),
/// };
/// let input = GroupInput { name: "城北集团".into(), year: 2025, baseline: None, members: vec![
///     member(1, true, 92.0, 88.0), member(2, false, 85.0, 80.0), member(3, false, 58.0, 63.0)] };
/// let g = composite(&CompositeSettings::default(), &input).unwrap();
/// let series = MeasureSeries { measure: "考核总分".into(), years: vec![MeasureYear::totals(&g)] };
/// let c = cohesion(&CohesionSettings::default(), &g, &series, None).unwrap();
/// assert!(matches!(c.warnings[0].detail, WarningDetail::WeakestFellBehind { unit: 3, .. }));
/// assert!(c.warnings[0].sentence.contains("成员3"));
/// assert_eq!(c.unchecked.len(), 2); // no 2022 spread, no 三线 placement
/// ```
pub fn cohesion<K: Ord + Clone + fmt::Display>(
    settings: &CohesionSettings,
    composite: &GroupComposite<K>,
    series: &MeasureSeries,
    school_bands: Option<&Placement<K>>,
) -> Result<Cohesion<K>, CohesionError> {
    settings.validate()?;
    let measure = series.measure.trim().to_owned();
    let mut years = BTreeSet::new();
    for y in &series.years {
        if !years.insert(y.year) {
            return Err(CohesionError::DuplicateYear {
                measure,
                year: y.year,
            });
        }
        if y.members.iter().any(|m| !m.value.is_finite()) {
            return Err(CohesionError::NotFinite {
                measure,
                year: y.year,
            });
        }
    }
    let mut spread: Vec<SpreadYear> = series
        .years
        .iter()
        .map(|y| {
            let (values, weights): (Vec<f64>, Vec<f64>) = y
                .members
                .iter()
                .map(|m| (m.value, m.students as f64))
                .unzip();
            SpreadYear {
                year: y.year,
                members: y.members.len(),
                cv: weighted_cv(&values, &weights).cv,
            }
        })
        .collect();
    spread.sort_by_key(|s| s.year);
    let mut out = Cohesion {
        group: composite.name.clone(),
        measure,
        spread,
        warnings: Vec::new(),
        unchecked: Vec::new(),
    };
    check_spread(settings, &mut out);
    check_weakest(composite, &mut out);
    check_lines(composite, school_bands, &mut out);
    Ok(out)
}

fn check_spread<K>(settings: &CohesionSettings, out: &mut Cohesion<K>) {
    let (group, measure, n) = (out.group.clone(), out.measure.clone(), settings.years);
    let Some(&to) = out.spread.last() else {
        out.unchecked
            .push(format!("没有{measure}的历年数据，未判断差异系数是否缩小"));
        return;
    };
    let from_year = to.year.saturating_sub(i32::try_from(n).unwrap_or(i32::MAX));
    let Some(&from) = out.spread.iter().find(|s| s.year == from_year) else {
        out.unchecked.push(format!(
            "缺少 {from_year} 年（{} 年的 {n} 年前）的{measure}数据，未判断差异系数是否缩小",
            to.year
        ));
        return;
    };
    let (Some(cv_from), Some(cv_to)) = (from.cv, to.cv) else {
        out.unchecked.push(format!(
            "{from_year} 年或 {} 年成员校{measure}的差异系数不可计算（均值为 0 或无数值），未判断是否缩小",
            to.year
        ));
        return;
    };
    let narrowing = cv_from - cv_to;
    if narrowing > settings.min_narrowing {
        return;
    }
    let how = if narrowing <= 0.0 {
        "未见缩小".to_owned()
    } else {
        format!("仅缩小 {narrowing:.4}（不足 {}）", settings.min_narrowing)
    };
    out.warnings.push(CohesionWarning {
        sentence: format!(
            "{group}成员校{measure}的差异系数 {from_year} 年为 {cv_from:.3}、{} 年为 {cv_to:.3}，\
             {n} 年来{how}，存在“集而不团”风险。",
            to.year
        ),
        detail: WarningDetail::SpreadNotNarrowed {
            measure,
            years: n,
            from_year,
            cv_from,
            to_year: to.year,
            cv_to,
        },
    });
}

fn check_weakest<K: Clone>(composite: &GroupComposite<K>, out: &mut Cohesion<K>) {
    let Some(weakest) = composite.weakest() else {
        out.unchecked
            .push("没有有考核总分的成员校，未判断最薄弱成员校是否掉队".into());
        return;
    };
    let (Some(value), Some(last_year)) = (weakest.value, weakest.last_year) else {
        out.unchecked.push(format!(
            "最薄弱成员校{}没有上年考核总分，未判断是否掉队",
            weakest.name
        ));
        return;
    };
    let both: Vec<_> = composite
        .members
        .iter()
        .filter_map(|m| Some((m.students as f64, m.value?, m.last_year?)))
        .collect();
    let mean = |pick: fn(&(f64, f64, f64)) -> f64| {
        let (values, weights): (Vec<f64>, Vec<f64>) = both.iter().map(|p| (pick(p), p.0)).unzip();
        (weights.iter().sum::<f64>() > 0.0).then(|| weighted_cv(&values, &weights).mean)
    };
    let (Some(now), Some(before)) = (mean(|p| p.1), mean(|p| p.2)) else {
        out.unchecked
            .push("成员校在校生数合计为 0，未计算集团均值".into());
        return;
    };
    if value < last_year && now > before {
        out.warnings.push(CohesionWarning {
            sentence: format!(
                "{}最薄弱的成员校{}考核总分由 {last_year:.1} 降至 {value:.1}，而集团均值由 \
                 {before:.1} 升至 {now:.1}，薄弱校被进一步拉开。",
                out.group, weakest.name
            ),
            detail: WarningDetail::WeakestFellBehind {
                unit: weakest.unit.clone(),
                name: weakest.name.clone(),
                value,
                last_year,
                group_mean: now,
                group_mean_last_year: before,
            },
        });
    }
}

fn check_lines<K: Ord + Clone + fmt::Display>(
    composite: &GroupComposite<K>,
    school_bands: Option<&Placement<K>>,
    out: &mut Cohesion<K>,
) {
    let Some(placement) = school_bands else {
        out.unchecked
            .push("未提供成员校的三线结果，未检查成员校是否触及警戒线".into());
        return;
    };
    for m in &composite.members {
        let Some(entry) = placement.unit(&m.unit) else {
            out.unchecked.push(format!(
                "成员校{}（{}）不在三线结果中，未检查是否触及警戒线",
                m.name, m.unit
            ));
            continue;
        };
        let Outcome::Placed(p) = &entry.outcome else {
            continue;
        };
        if p.band != Band::Warning {
            continue;
        }
        let line = p.lines.warning.value;
        let then = p
            .escalation
            .map(|e| format!("，应{}", e.label()))
            .unwrap_or_default();
        let weakest = if m.weakest {
            "（集团最薄弱成员）"
        } else {
            ""
        };
        out.warnings.push(CohesionWarning {
            sentence: format!(
                "{}成员校{}{weakest}考核总分 {:.1} 触及警戒线（{line:.1}），已连续 {} 年{then}。",
                out.group, m.name, p.value, p.warning_periods
            ),
            detail: WarningDetail::AtWarningLine {
                unit: m.unit.clone(),
                name: m.name.clone(),
                weakest: m.weakest,
                value: p.value,
                line,
                warning_periods: p.warning_periods,
                escalation: p.escalation,
            },
        });
    }
}
