//! The 城乡 split of every indicator: per section and indicator, the units of each 城乡分类
//! (城区, 镇区, 乡村, and 未分类 when some have none), their student-weighted mean and 差异系数,
//! and the ratio of the rural to the urban mean; its trend over years; and one unit's distance
//! from the urban mean.
//!
//! Everything is read from an existing [`Evaluation`]: its apportioned unit values (what the
//! indicator pages show), weighted by the units' students through the evaluation's own
//! [`weighted_cv`], so a category holding every unit of a section has exactly the district's
//! figures. A unit takes the 城乡分类 of its school (a merged teaching point counts with its
//! parent's unit, as in the evaluation).
//!
//! ```
//! use junheng_core::{demo, evaluate::evaluate, rulebook::Rulebook, urban};
//! let schools = demo::generate(&demo::DemoSpec { schools: 60, seed: 3, year: 2024 });
//! let evaluation = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
//! let split = urban::split(&evaluation);
//! let primary = &split.sections[0];
//! let units: usize = primary.indicators[0].categories.iter().map(|c| c.units).sum();
//! assert_eq!(units, evaluation.sections[0].units.len());
//! ```

mod category;
mod distance;
#[cfg(test)]
mod tests;
mod trend;

pub use category::UrbanRuralCategory;
pub(crate) use category::reported as reported_categories;
pub use distance::{DistanceError, UrbanDistance, distance_from_urban};
pub use trend::{CategoryTrend, IndicatorTrend, TrendError, UrbanTrend, trend};

use serde::Serialize;

use crate::evaluate::{Evaluation, SectionResult, Spread, weighted_cv};
use crate::school::Section;

/// The 城乡 split of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrbanSplit {
    /// 学年 of the evaluation.
    pub year: i32,
    /// Rulebook id of the evaluation.
    pub rulebook: String,
    /// One per evaluated section, primary first.
    pub sections: Vec<UrbanSection>,
}

impl UrbanSplit {
    /// The split of one section, if the evaluation has it.
    pub fn section(&self, section: Section) -> Option<&UrbanSection> {
        self.sections.iter().find(|s| s.section == section)
    }
}

/// One section's split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrbanSection {
    /// 学段.
    pub section: Section,
    /// 小学 or 初中.
    pub label: &'static str,
    /// One per indicator, in rulebook order.
    pub indicators: Vec<UrbanIndicator>,
}

impl UrbanSection {
    /// The split of one indicator.
    pub fn indicator(&self, id: &str) -> Option<&UrbanIndicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

/// One indicator of one section, split by 城乡分类.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrbanIndicator {
    /// Indicator id.
    pub id: String,
    /// 指标名称.
    pub name: String,
    /// 指标简称.
    pub short: String,
    /// 计量单位 of the value.
    pub unit: String,
    /// The district's figures, as the evaluation computed them.
    pub district: Spread,
    /// 城区, 镇区, 乡村 always, then 未分类 when a unit of the section has no 城乡分类.
    pub categories: Vec<CategorySpread>,
    /// 乡村 mean ÷ 城区 mean; `None` when either has no unit or the urban mean is 0.
    pub rural_urban_ratio: Option<f64>,
}

impl UrbanIndicator {
    /// The figures of one category, if it is reported.
    pub fn category(&self, category: UrbanRuralCategory) -> Option<&CategorySpread> {
        self.categories.iter().find(|c| c.category == category)
    }
}

/// The units of one 城乡分类 on one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategorySpread {
    /// The category.
    pub category: UrbanRuralCategory,
    /// 城区, 镇区, 乡村 or 未分类.
    pub label: &'static str,
    /// Units in the category.
    pub units: usize,
    /// Σ students of those units.
    pub students: u64,
    /// Their student-weighted mean, standard deviation and 差异系数; `None` without units.
    pub spread: Option<Spread>,
}

/// Splits every indicator of every section of `evaluation` by 城乡分类.
pub fn split(evaluation: &Evaluation<'_>) -> UrbanSplit {
    UrbanSplit {
        year: evaluation.year,
        rulebook: evaluation.rulebook.clone(),
        sections: evaluation.sections.iter().map(section).collect(),
    }
}

fn section(s: &SectionResult<'_>) -> UrbanSection {
    let members: Vec<(UrbanRuralCategory, Vec<usize>)> = {
        let of = |c| units_of(s, c);
        let unclassified = of(UrbanRuralCategory::Unclassified);
        reported_categories(!unclassified.is_empty())
            .map(|c| (c, of(c)))
            .collect()
    };
    let indicators = s
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let categories: Vec<CategorySpread> = members
                .iter()
                .map(|(category, units)| CategorySpread {
                    category: *category,
                    label: category.label(),
                    units: units.len(),
                    students: units.iter().map(|&u| s.units[u].students).sum(),
                    spread: spread_of(s, i, units),
                })
                .collect();
            let mean = |c| {
                categories
                    .iter()
                    .find(|x| x.category == c)
                    .and_then(|x| x.spread)
                    .map(|sp| sp.mean)
            };
            let rural_urban_ratio = match (
                mean(UrbanRuralCategory::Rural),
                mean(UrbanRuralCategory::Urban),
            ) {
                (Some(rural), Some(urban)) if urban != 0.0 => Some(rural / urban),
                _ => None,
            };
            UrbanIndicator {
                id: ind.id.clone(),
                name: ind.name.clone(),
                short: ind.short.clone(),
                unit: ind.unit.clone(),
                district: ind.spread,
                categories,
                rural_urban_ratio,
            }
        })
        .collect();
    UrbanSection {
        section: s.section,
        label: s.section.label(),
        indicators,
    }
}

/// The indices of a section's units in one category, in the evaluation's unit order.
fn units_of(s: &SectionResult<'_>, category: UrbanRuralCategory) -> Vec<usize> {
    s.units
        .iter()
        .enumerate()
        .filter(|(_, u)| UrbanRuralCategory::of(u.record.urban_rural) == category)
        .map(|(i, _)| i)
        .collect()
}

/// The spread of indicator `i` over some units, weighted by their students exactly as the
/// evaluation weights the section; `None` without units.
fn spread_of(s: &SectionResult<'_>, i: usize, units: &[usize]) -> Option<Spread> {
    if units.is_empty() {
        return None;
    }
    let values: Vec<f64> = units.iter().map(|&u| s.values[i][u]).collect();
    let weights: Vec<f64> = units.iter().map(|&u| s.units[u].students as f64).collect();
    Some(weighted_cv(&values, &weights))
}
