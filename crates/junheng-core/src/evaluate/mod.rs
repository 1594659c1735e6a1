//! The evaluation (督导评估) of a district's resource allocation against a rulebook: per-unit
//! values, the student-weighted 差异系数 per indicator and section, per-unit verdicts, section and
//! district verdicts, and the additions that close every gap.

mod compare;
mod cv;
mod gap;
mod improve;
mod json;
mod units;

pub use compare::{Comparator, RELATIVE_TOLERANCE};
pub(crate) use cv::composite_cv;
pub use cv::{Spread, weighted_cv};
pub use gap::{Gap, GapTarget, format_amount};
pub use improve::{Change, Driver, Improvement};
pub use units::{Excluded, ExclusionReason, Unit, facility_share};

use crate::rulebook::{BalanceMode, Indicator, Policy, Quantity, Rulebook, UnitRule};
use crate::school::{SchoolCode, SchoolRecord, Section};

/// How many driving units each indicator reports.
const DRIVERS: usize = 5;

pub use crate::rulebook::MAX_INDICATORS;

/// Why a set of records cannot be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// The records are of several school years.
    #[error("数据包含多个学年（{}），一次只能评估一个学年", .0.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、"))]
    MixedYears(Vec<i32>),
    /// No records, or no school with students.
    #[error("没有可评估的学校（没有任何小学或初中在校生）")]
    NoUnits,
    /// The same code appears twice.
    #[error("学校标识码 {0} 重复")]
    DuplicateCode(SchoolCode),
    /// A teaching point to merge has no parent, or its parent is not in the data.
    #[error("教学点 {school} 的上级学校{}不在数据中", .parent.as_ref().map(|p| format!(" {p} ")).unwrap_or_default())]
    MissingParent {
        /// The teaching point.
        school: SchoolCode,
        /// Its stated parent.
        parent: Option<SchoolCode>,
    },
    /// A teaching point's parent is itself a teaching point.
    #[error("教学点 {school} 的上级学校 {parent} 也是教学点")]
    ParentIsTeachingPoint {
        /// The teaching point.
        school: SchoolCode,
        /// Its stated parent.
        parent: SchoolCode,
    },
}

/// The evaluation of one district in one school year under one rulebook.
///
/// It borrows the records it was computed from (its units refer to them).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<'a> {
    /// Rulebook id.
    pub rulebook: String,
    /// Rulebook version.
    pub rulebook_version: String,
    /// Rulebook title.
    pub rulebook_name: String,
    /// 学年.
    pub year: i32,
    /// Whether every section passes.
    pub passes: bool,
    /// The policies used.
    pub policy: Policy,
    /// The per-unit rule used, if any.
    pub unit_rule: Option<UnitRule>,
    /// Per indicator or composite.
    pub balance_mode: BalanceMode,
    /// One result per section that has units, primary first.
    pub sections: Vec<SectionResult<'a>>,
    /// Schools that produced no unit.
    pub excluded: Vec<Excluded>,
}

/// The evaluation of one section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionResult<'a> {
    /// 小学 or 初中.
    pub section: Section,
    /// Σ students of the units.
    pub students: u64,
    /// Whether every unit passes and the 差异系数 test passes.
    pub passes: bool,
    /// Units failing the unit rule.
    pub failing_units: usize,
    /// One result per indicator, in rulebook order.
    pub indicators: Vec<IndicatorResult>,
    /// The composite 差异系数, in composite mode.
    pub composite: Option<CompositeResult>,
    /// The units.
    pub units: Vec<Unit<'a>>,
    /// `values[indicator][unit]`.
    pub values: Vec<Vec<f64>>,
    /// `amounts[indicator][unit]`: the amount of the indicator's quantity in base units (元 for
    /// equipment), after apportionment — the numerator of the value.
    pub amounts: Vec<Vec<f64>>,
    /// One verdict per unit.
    pub verdicts: Vec<UnitVerdict>,
}

/// One indicator across the units of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// Indicator id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Short Chinese name.
    pub short: String,
    /// Unit of the value.
    pub unit: String,
    /// What the indicator counts.
    pub quantity: Quantity,
    /// The standard (≥), if any.
    pub standard: Option<f64>,
    /// Mean, standard deviation and 差异系数.
    pub spread: Spread,
    /// The limit on this indicator's 差异系数 (per-indicator mode).
    pub cv_max: Option<f64>,
    /// Whether the 差异系数 is within its limit (per-indicator mode).
    pub passes: Option<bool>,
    /// Units whose value meets the standard.
    pub units_meeting: Option<usize>,
    /// Units with the largest share of the variance.
    pub drivers: Vec<Driver>,
    /// The least addition that brings the 差异系数 within its limit (or the composite cap).
    pub improvement: Option<Improvement>,
}

/// The composite 差异系数 of a section (2012 rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeResult {
    /// Mean of the single 差异系数 (unrounded), `None` if one is not computable.
    pub cv: Option<f64>,
    /// The limit.
    pub cv_max: f64,
    /// Whether the composite is within the limit.
    pub passes: bool,
    /// The common cap on single 差异系数 that brings the composite to the limit.
    pub cap: Option<f64>,
}

/// A unit's verdict under the unit rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitVerdict {
    /// Indicators meeting their standard, when the rulebook has standards.
    pub met: Option<usize>,
    /// Whether the unit passes the unit rule, when the rulebook has one.
    pub passes: Option<bool>,
    /// The smallest additions that make a failing unit pass.
    pub gaps: Vec<Gap>,
}

/// Evaluates the schools of one district and one school year against a rulebook.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, rulebook::Rulebook};
/// let schools = demo::generate(&demo::DemoSpec { schools: 30, seed: 1, year: 2024 });
/// let result = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
/// let primary = &result.sections[0];
/// assert_eq!(primary.indicators.len(), 7);
/// assert_eq!(primary.values[0].len(), primary.units.len());
/// ```
pub fn evaluate<'a>(
    records: &'a [SchoolRecord],
    rulebook: &Rulebook,
) -> Result<Evaluation<'a>, EvaluateError> {
    let year = match records {
        [] => return Err(EvaluateError::NoUnits),
        [first, rest @ ..] if rest.iter().all(|r| r.year == first.year) => first.year,
        _ => {
            let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
            years.sort_unstable();
            years.dedup();
            return Err(EvaluateError::MixedYears(years));
        }
    };
    let quantities: Vec<Quantity> = rulebook.indicators.iter().map(|i| i.quantity).collect();
    let built = units::build(records, &rulebook.policy, &quantities)?;
    if built.primary.units.is_empty() && built.junior.units.is_empty() {
        return Err(EvaluateError::NoUnits);
    }
    let (primary, junior) = std::thread::scope(|scope| {
        let junior = scope.spawn(|| evaluate_section(Section::Junior, built.junior, rulebook));
        let primary = evaluate_section(Section::Primary, built.primary, rulebook);
        (
            primary,
            junior.join().expect("junior section evaluation panicked"),
        )
    });
    let sections: Vec<SectionResult> = [primary, junior].into_iter().flatten().collect();
    Ok(Evaluation {
        rulebook: rulebook.id.clone(),
        rulebook_version: rulebook.version.clone(),
        rulebook_name: rulebook.name.clone(),
        year,
        passes: sections.iter().all(|s| s.passes),
        policy: rulebook.policy,
        unit_rule: rulebook.unit_rule,
        balance_mode: rulebook.balance.mode,
        sections,
        excluded: built.excluded,
    })
}

fn evaluate_section<'a>(
    section: Section,
    built: units::SectionUnits<'a>,
    rulebook: &Rulebook,
) -> Option<SectionResult<'a>> {
    let units::SectionUnits { units, amounts } = built;
    if units.is_empty() {
        return None;
    }
    let cmp = Comparator::new(rulebook.policy.compare_decimals);
    let weights: Vec<f64> = units.iter().map(|u| u.students as f64).collect();
    let cv_max = rulebook.balance.cv_max.of(section);
    let per_indicator = rulebook.balance.mode == BalanceMode::PerIndicator;
    // Indicators are independent: values, spread, drivers and plans per indicator in parallel.
    let (values, mut indicators): (Vec<Vec<f64>>, Vec<IndicatorResult>) =
        crate::parallel::chunked(rulebook.indicators.len(), 1, |range| {
            range
                .map(|i| {
                    let ind = &rulebook.indicators[i];
                    let column = &amounts[i];
                    let vals: Vec<f64> = column
                        .iter()
                        .zip(&weights)
                        .map(|(amount, students)| ind.per * amount / students)
                        .collect();
                    let result = indicator_result(
                        ind,
                        section,
                        &units,
                        &vals,
                        column,
                        &weights,
                        per_indicator,
                        cv_max,
                        &cmp,
                    );
                    (vals, result)
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .unzip();
    let verdicts = unit_verdicts(
        &units,
        &values,
        &amounts,
        &rulebook.indicators,
        rulebook.unit_rule,
        section,
        &cmp,
    );
    let composite = (!per_indicator).then(|| {
        let cvs: Option<Vec<f64>> = indicators.iter().map(|i| i.spread.cv).collect();
        let cv = cvs.as_deref().map(composite_cv);
        let cap = cvs
            .as_deref()
            .and_then(|c| improve::composite_cap(c, cv_max));
        if let Some(cap) = cap {
            for (i, result) in indicators.iter_mut().enumerate() {
                if result.spread.cv.is_some_and(|c| c > cap) {
                    let ind = &rulebook.indicators[i];
                    result.improvement =
                        improve::improve(&units, &values[i], &amounts[i], &weights, ind, cap, &cmp);
                }
            }
        }
        CompositeResult {
            cv,
            cv_max,
            passes: cv.is_some_and(|c| cmp.within(c, cv_max)),
            cap,
        }
    });
    let failing_units = verdicts.iter().filter(|v| v.passes == Some(false)).count();
    let balance_passes = match &composite {
        Some(c) => c.passes,
        None => indicators.iter().all(|i| i.passes == Some(true)),
    };
    Some(SectionResult {
        section,
        students: units.iter().map(|u| u.students).sum(),
        passes: failing_units == 0 && balance_passes,
        failing_units,
        indicators,
        composite,
        units,
        values,
        amounts,
        verdicts,
    })
}

#[allow(clippy::too_many_arguments)]
fn indicator_result(
    ind: &Indicator,
    section: Section,
    units: &[Unit<'_>],
    vals: &[f64],
    amounts: &[f64],
    weights: &[f64],
    per_indicator: bool,
    cv_max: f64,
    cmp: &Comparator,
) -> IndicatorResult {
    let spread = weighted_cv(vals, weights);
    let standard = ind.standard.map(|s| s.of(section));
    let passes = per_indicator.then(|| spread.cv.is_some_and(|c| cmp.within(c, cv_max)));
    let improvement = if passes == Some(false) {
        improve::improve(units, vals, amounts, weights, ind, cv_max, cmp)
    } else {
        None
    };
    IndicatorResult {
        id: ind.id.clone(),
        name: ind.name.clone(),
        short: ind.short.clone(),
        unit: ind.unit.clone(),
        quantity: ind.quantity,
        standard,
        spread,
        cv_max: per_indicator.then_some(cv_max),
        passes,
        units_meeting: standard.map(|s| vals.iter().filter(|&&v| cmp.meets(v, s)).count()),
        drivers: improve::drivers(vals, weights, spread.mean, DRIVERS),
        improvement,
    }
}

fn unit_verdicts(
    units: &[Unit<'_>],
    values: &[Vec<f64>],
    amounts: &[Vec<f64>],
    indicators: &[Indicator],
    rule: Option<UnitRule>,
    section: Section,
    cmp: &Comparator,
) -> Vec<UnitVerdict> {
    if indicators.iter().any(|i| i.standard.is_none()) {
        return vec![UnitVerdict::default(); units.len()];
    }
    let standards: Vec<f64> = indicators
        .iter()
        .map(|i| i.standard.map_or(0.0, |s| s.of(section)))
        .collect();
    let n = indicators.len();
    let verdict = |u: usize| {
        let (mut row_buf, mut amount_buf) = ([0.0; MAX_INDICATORS], [0.0; MAX_INDICATORS]);
        let (row, amount_row) = (&mut row_buf[..n], &mut amount_buf[..n]);
        for (i, v) in row.iter_mut().enumerate() {
            *v = values[i][u];
        }
        let Some(rule) = rule else {
            let met = row
                .iter()
                .zip(&standards)
                .filter(|&(&v, &s)| cmp.meets(v, s))
                .count();
            return UnitVerdict {
                met: Some(met),
                passes: None,
                gaps: Vec::new(),
            };
        };
        let (met, passes) = cmp.judge(&rule, row.iter().copied().zip(standards.iter().copied()));
        let gaps = if passes {
            Vec::new()
        } else {
            for (a, column) in amount_row.iter_mut().zip(amounts) {
                *a = column[u];
            }
            gap::unit_gaps(&units[u], row, amount_row, indicators, &rule, cmp)
        };
        UnitVerdict {
            met: Some(met),
            passes: Some(passes),
            gaps,
        }
    };
    let mut verdicts = vec![UnitVerdict::default(); units.len()];
    crate::parallel::fill(&mut verdicts, crate::parallel::MIN_CHUNK, verdict);
    verdicts
}

#[cfg(test)]
mod big_counts_tests;
#[cfg(test)]
mod tests;
