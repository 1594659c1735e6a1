//! The 城乡 split over several school years.

use serde::Serialize;

use super::{UrbanRuralCategory, UrbanSplit};
use crate::school::Section;

/// Why splits cannot form a trend.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrendError {
    /// Two splits of the same school year.
    #[error("学年 {0} 出现了不止一次")]
    DuplicateYear(i32),
}

/// The 城乡 split over several school years: every series is aligned with `years`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrbanTrend {
    /// 学年, ascending.
    pub years: Vec<i32>,
    /// One per section and indicator: primary first, indicators in the order they first appear.
    pub indicators: Vec<IndicatorTrend>,
}

/// One indicator of one section over the years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorTrend {
    /// 学段.
    pub section: Section,
    /// Indicator id (indicators of different rulebooks are matched by id).
    pub id: String,
    /// 指标名称, from the latest year that has the indicator.
    pub name: String,
    /// 计量单位, from the latest year that has the indicator.
    pub unit: String,
    /// 城区, 镇区, 乡村, then 未分类 when any year has it.
    pub categories: Vec<CategoryTrend>,
    /// 乡村 mean ÷ 城区 mean per year.
    pub rural_urban_ratios: Vec<Option<f64>>,
}

/// One category of one indicator over the years; `None` where the year has no unit of the
/// category or no such indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryTrend {
    /// The category.
    pub category: UrbanRuralCategory,
    /// 城区, 镇区, 乡村 or 未分类.
    pub label: &'static str,
    /// Units per year (0 where none).
    pub units: Vec<usize>,
    /// Student-weighted mean per year.
    pub means: Vec<Option<f64>>,
    /// 差异系数 per year.
    pub cvs: Vec<Option<f64>>,
}

/// The trend of several years' splits, given in any order.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, rulebook::Rulebook, urban};
/// let rulebook = Rulebook::builtin("cn-2017").unwrap();
/// let years: Vec<_> = [2023, 2024]
///     .map(|year| demo::generate(&demo::DemoSpec { schools: 40, seed: 5, year }))
///     .to_vec();
/// let splits: Vec<_> = years
///     .iter()
///     .map(|schools| urban::split(&evaluate(schools, &rulebook).unwrap()))
///     .collect();
/// let trend = urban::trend(&splits).unwrap();
/// assert_eq!(trend.years, [2023, 2024]);
/// assert_eq!(trend.indicators[0].rural_urban_ratios.len(), 2);
/// ```
pub fn trend(splits: &[UrbanSplit]) -> Result<UrbanTrend, TrendError> {
    let mut ordered: Vec<&UrbanSplit> = splits.iter().collect();
    ordered.sort_by_key(|s| s.year);
    if let Some(w) = ordered.windows(2).find(|w| w[0].year == w[1].year) {
        return Err(TrendError::DuplicateYear(w[0].year));
    }
    let years: Vec<i32> = ordered.iter().map(|s| s.year).collect();
    // Every (section, indicator) in order of first appearance, primary first.
    let mut keys: Vec<(Section, &str)> = Vec::new();
    for section in Section::EVALUATED {
        for split in &ordered {
            for ind in split
                .section(section)
                .into_iter()
                .flat_map(|s| &s.indicators)
            {
                if !keys.contains(&(section, ind.id.as_str())) {
                    keys.push((section, ind.id.as_str()));
                }
            }
        }
    }
    let indicators = keys
        .into_iter()
        .map(|(section, id)| {
            let per_year: Vec<_> = ordered
                .iter()
                .map(|split| split.section(section).and_then(|s| s.indicator(id)))
                .collect();
            let latest = per_year.iter().rev().flatten().next();
            let any_unclassified = per_year.iter().flatten().any(|i| {
                i.category(UrbanRuralCategory::Unclassified)
                    .is_some_and(|c| c.units > 0)
            });
            let categories = super::reported_categories(any_unclassified)
                .map(|category| {
                    let of_year: Vec<_> = per_year
                        .iter()
                        .map(|i| i.and_then(|i| i.category(category)))
                        .collect();
                    let spread = |c: &Option<&super::CategorySpread>| c.and_then(|c| c.spread);
                    CategoryTrend {
                        category,
                        label: category.label(),
                        units: of_year.iter().map(|c| c.map_or(0, |c| c.units)).collect(),
                        means: of_year.iter().map(|c| spread(c).map(|s| s.mean)).collect(),
                        cvs: of_year
                            .iter()
                            .map(|c| spread(c).and_then(|s| s.cv))
                            .collect(),
                    }
                })
                .collect();
            IndicatorTrend {
                section,
                id: id.to_owned(),
                name: latest.map(|i| i.name.clone()).unwrap_or_default(),
                unit: latest.map(|i| i.unit.clone()).unwrap_or_default(),
                categories,
                rural_urban_ratios: per_year
                    .iter()
                    .map(|i| i.and_then(|i| i.rural_urban_ratio))
                    .collect(),
            }
        })
        .collect();
    Ok(UrbanTrend { years, indicators })
}
