//! The helped schools of a pairing beside comparable schools nobody helps, in one evaluated
//! school year: per 学段 and 城乡分类 of the helped schools, each group's mean of every indicator
//! (one school, one value: not weighted by students), the share of its schools meeting each
//! indicator's standard, and the share passing the unit rule (校级达标).
//!
//! A comparison, not a causal effect: the helped schools were chosen for help, usually because
//! they were weaker, and many other things change between years.
//!
//! The comparison group of a stratum (学段 × 城乡分类) is every unit of that 学段 and 城乡分类
//! whose school is neither one of the helped schools nor helped by any pairing in force in the
//! year (`excluded`). A merged teaching point (教学点) counts with its parent's unit.
//!
//! ```
//! use std::collections::BTreeSet;
//! use junheng_core::{demo, evaluate::evaluate, pairing::compare::compare, rulebook::Rulebook};
//! let schools = demo::generate(&demo::DemoSpec { schools: 60, seed: 3, year: 2024 });
//! let e = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
//! let helped: BTreeSet<_> = [e.sections[0].units[0].record.code.clone()].into();
//! let c = compare(&e, &helped, &helped);
//! assert_eq!(c.strata[0].helped.units, 1);
//! assert!(c.strata[0].comparison.units > 0);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::evaluate::{Comparator, Evaluation, SectionResult, Unit};
use crate::school::{SchoolCode, Section};
use crate::urban::UrbanRuralCategory;

/// One year's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// 学年.
    pub year: i32,
    /// The rulebook of the evaluation.
    pub rulebook: String,
    /// One per (学段, 城乡分类) of the helped units, primary first, then by 城乡分类.
    pub strata: Vec<Stratum>,
    /// The helped units of the year, with their verdicts and values.
    pub schools: Vec<HelpedUnit>,
}

/// The helped and the comparison group of one 学段 and 城乡分类.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stratum {
    /// 学段.
    pub section: Section,
    /// 小学 or 初中.
    pub section_label: &'static str,
    /// 城乡分类 of the units.
    pub category: UrbanRuralCategory,
    /// 城区, 镇区, 乡村 or 未分类.
    pub category_label: &'static str,
    /// The helped units.
    pub helped: GroupFigures,
    /// The comparable units nobody helps.
    pub comparison: GroupFigures,
    /// One per indicator, in rulebook order.
    pub indicators: Vec<IndicatorComparison>,
}

/// Size and 校级达标 of a group of units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupFigures {
    /// Units in the group.
    pub units: usize,
    /// Units passing the unit rule, when the rulebook has one.
    pub passing: Option<usize>,
    /// `passing / units`; `None` without a unit rule or without units.
    pub pass_share: Option<f64>,
}

/// One indicator, both groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorComparison {
    /// Indicator id.
    pub id: String,
    /// 指标名称.
    pub name: String,
    /// Short name.
    pub short: String,
    /// Unit of the values.
    pub unit: String,
    /// The standard (≥), if the rulebook has one.
    pub standard: Option<f64>,
    /// The helped units.
    pub helped: Figures,
    /// The comparison group.
    pub comparison: Figures,
}

/// An indicator over a group of units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Mean of the units' values (each unit once); `None` without units.
    pub mean: Option<f64>,
    /// Units meeting the standard; `None` without a standard.
    pub meeting: Option<usize>,
    /// `meeting / units`; `None` without a standard or without units.
    pub share_meeting: Option<f64>,
}

/// A helped unit in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelpedUnit {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 学段.
    pub section: Section,
    /// 城乡分类.
    pub category: UrbanRuralCategory,
    /// Whether it passes the unit rule, when the rulebook has one.
    pub passes: Option<bool>,
    /// Indicators meeting their standard, when the rulebook has standards.
    pub met: Option<usize>,
    /// Its value of every indicator, in rulebook order.
    pub values: Vec<f64>,
}

/// The codes a unit stands for: its school and the teaching points merged into it.
fn codes<'a>(u: &'a Unit<'_>) -> impl Iterator<Item = &'a SchoolCode> {
    std::iter::once(&u.record.code).chain(u.merged.iter().map(|r| &r.code))
}

/// The figures of the units `members` (indices) of a section.
fn group(
    s: &SectionResult<'_>,
    members: &[usize],
    cmp: &Comparator,
) -> (GroupFigures, Vec<Figures>) {
    let n = members.len();
    let share = |k: usize| (n > 0).then(|| k as f64 / n as f64);
    let passing = s.verdicts.first().and_then(|v| v.passes).map(|_| {
        members
            .iter()
            .filter(|&&u| s.verdicts[u].passes == Some(true))
            .count()
    });
    let figures = GroupFigures {
        units: n,
        passing,
        pass_share: passing.and_then(share),
    };
    let indicators = s
        .indicators
        .iter()
        .zip(&s.values)
        .map(|(ind, values)| {
            let mean = (n > 0).then(|| members.iter().map(|&u| values[u]).sum::<f64>() / n as f64);
            let meeting = ind.standard.map(|standard| {
                members
                    .iter()
                    .filter(|&&u| cmp.meets(values[u], standard))
                    .count()
            });
            Figures {
                mean,
                meeting,
                share_meeting: meeting.and_then(share),
            }
        })
        .collect();
    (figures, indicators)
}

/// The comparison of the units of `helped` schools with the comparable units of schools neither
/// in `helped` nor in `excluded` (the schools any pairing in force in the year helps).
pub fn compare(
    e: &Evaluation<'_>,
    helped: &BTreeSet<SchoolCode>,
    excluded: &BTreeSet<SchoolCode>,
) -> Comparison {
    let cmp = Comparator::new(e.policy.compare_decimals);
    let mut strata = Vec::new();
    let mut schools = Vec::new();
    for s in &e.sections {
        // Units by 城乡分类: the helped ones, and the others nobody helps.
        let mut cells: BTreeMap<UrbanRuralCategory, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (i, u) in s.units.iter().enumerate() {
            let category = UrbanRuralCategory::of(u.record.urban_rural);
            if codes(u).any(|c| helped.contains(c)) {
                cells.entry(category).or_default().0.push(i);
                let v = &s.verdicts[i];
                schools.push(HelpedUnit {
                    code: u.record.code.clone(),
                    name: u.record.name.clone(),
                    section: s.section,
                    category,
                    passes: v.passes,
                    met: v.met,
                    values: s.values.iter().map(|column| column[i]).collect(),
                });
            } else if !codes(u).any(|c| excluded.contains(c)) {
                cells.entry(category).or_default().1.push(i);
            }
        }
        for (category, (mine, others)) in cells {
            if mine.is_empty() {
                continue;
            }
            let (helped_figures, helped_indicators) = group(s, &mine, &cmp);
            let (comparison_figures, comparison_indicators) = group(s, &others, &cmp);
            let indicators = s
                .indicators
                .iter()
                .zip(helped_indicators.into_iter().zip(comparison_indicators))
                .map(|(ind, (h, c))| IndicatorComparison {
                    id: ind.id.clone(),
                    name: ind.name.clone(),
                    short: ind.short.clone(),
                    unit: ind.unit.clone(),
                    standard: ind.standard,
                    helped: h,
                    comparison: c,
                })
                .collect();
            strata.push(Stratum {
                section: s.section,
                section_label: s.section.label(),
                category,
                category_label: category.label(),
                helped: helped_figures,
                comparison: comparison_figures,
                indicators,
            });
        }
    }
    Comparison {
        year: e.year,
        rulebook: e.rulebook.clone(),
        strata,
        schools,
    }
}
