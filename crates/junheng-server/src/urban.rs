//! The 城乡 split of every indicator ([`junheng_core::urban`]) as the pages show it: the split of
//! the year shown and its trend over the stored years (each computed once per key), the tables of
//! an indicator's page and of the report, and the sentence that tells a rural (or 镇区) school how
//! far it lies from the district's 城区 mean. The dashboard's card is `dashboard::urban`.

use std::sync::Arc;

use junheng_core::evaluate::{Evaluation, IndicatorResult, Spread, Unit};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{Section, school_year};
use junheng_core::urban::{self, UrbanRuralCategory, UrbanSplit, UrbanTrend};

use crate::charts;
use crate::dashboard::{self, Selected};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::state::Here;
use crate::views;

/// The catalogue key of a category's name (城区, 镇区, 乡村, 未分类).
pub(crate) fn category_key(c: UrbanRuralCategory) -> &'static str {
    match c {
        UrbanRuralCategory::Urban => "urban-category-urban",
        UrbanRuralCategory::Town => "urban-category-town",
        UrbanRuralCategory::Rural => "urban-category-rural",
        UrbanRuralCategory::Unclassified => "urban-category-unclassified",
    }
}

/// A ratio of means for display: 3 decimals, or — when there is none.
pub(crate) fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{r:.3}"))
}

/// A category's mean for display (— without units).
pub(crate) fn mean(spread: Option<Spread>) -> String {
    spread.map_or_else(|| "—".to_owned(), |s| views::value(s.mean))
}

/// A category's 差异系数 for display (— without units, "not computable" for a zero mean).
fn cv(lang: Lang, spread: Option<Spread>) -> String {
    spread.map_or_else(|| "—".to_owned(), |s| dashboard::cv(lang, s.cv))
}

/// The split of the evaluation a page shows, computed once per (year, version, rulebook).
pub(crate) async fn split(here: &Here, sel: &Selected) -> Result<Arc<UrbanSplit>, AppError> {
    let key = format!("urban:{}:{}:{}", sel.year, sel.version, sel.rulebook.id);
    let evaluated = sel.evaluated.clone();
    here.view(key, move || Ok(urban::split(evaluated.evaluation()?)))
        .await
}

/// The split over every stored year under `rulebook` — of each year the version a page would
/// show (the newest once it is evaluated), through the cached evaluations; years whose data
/// cannot be evaluated are left out — computed once per those versions.
pub(crate) async fn trend(here: &Here, rulebook: &Rulebook) -> Result<Arc<UrbanTrend>, AppError> {
    let (mut versions, mut evaluated) = (String::new(), Vec::new());
    for y in here.years().await?.iter().rev() {
        let shown = here.evaluation(y, rulebook).await?;
        versions.push_str(&format!("{}v{},", y.year, shown.version));
        evaluated.push(shown.evaluated);
    }
    let key = format!("urban-trend:{}:{versions}", rulebook.id);
    here.view(key, move || {
        let splits: Vec<UrbanSplit> = evaluated
            .iter()
            .filter_map(|e| e.evaluation().ok())
            .map(urban::split)
            .collect();
        urban::trend(&splits).map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
}

/// One category (or the whole district) of one indicator in the year shown.
pub(crate) struct CategoryRow {
    /// The category's id (`urban`, …; `district` for the whole district).
    pub id: &'static str,
    /// Its name's catalogue key.
    pub label: &'static str,
    pub units: usize,
    pub students: u64,
    pub mean: String,
    pub cv: String,
}

/// One school year of an indicator's trend: per category its mean and 差异系数, then the ratio.
pub(crate) struct TrendRow {
    pub year: String,
    pub cells: Vec<(String, String)>,
    pub ratio: String,
}

/// What an indicator's page shows of the split.
pub(crate) struct IndicatorView {
    /// 城区, 镇区, 乡村 (and 未分类 when some units have none).
    pub rows: Vec<CategoryRow>,
    pub district: CategoryRow,
    /// The ratio 乡村 ÷ 城区 in a sentence (or why there is none).
    pub ratio: String,
    /// The catalogue keys of the trend's categories.
    pub categories: Vec<&'static str>,
    /// Oldest first.
    pub trend: Vec<TrendRow>,
    /// The ratio per school year as a line (empty without any ratio).
    pub chart: String,
}

/// The split of indicator `id` of `section` for its page; `None` if the split lacks it.
pub(crate) fn indicator_view(
    lang: Lang,
    split: &UrbanSplit,
    trend: &UrbanTrend,
    section: Section,
    id: &str,
) -> Option<IndicatorView> {
    let ind = split.section(section)?.indicator(id)?;
    let rows = ind
        .categories
        .iter()
        .map(|c| CategoryRow {
            id: c.category.id(),
            label: category_key(c.category),
            units: c.units,
            students: c.students,
            mean: mean(c.spread),
            cv: cv(lang, c.spread),
        })
        .collect();
    let district = CategoryRow {
        id: "district",
        label: "urban-district",
        units: ind.categories.iter().map(|c| c.units).sum(),
        students: ind.categories.iter().map(|c| c.students).sum(),
        mean: views::value(ind.district.mean),
        cv: dashboard::cv(lang, ind.district.cv),
    };
    let ratio_text = match ind.rural_urban_ratio {
        Some(r) => crate::tr!(lang, "urban-ratio-is", v = ratio(Some(r))),
        None => lang.t("urban-no-ratio").to_owned(),
    };
    let series = trend
        .indicators
        .iter()
        .find(|t| t.section == section && t.id == id);
    let (categories, rows_by_year, chart) = match series {
        Some(t) => {
            let rows = trend
                .years
                .iter()
                .enumerate()
                .map(|(y, year)| TrendRow {
                    year: school_year(*year),
                    cells: t
                        .categories
                        .iter()
                        .map(|c| {
                            let mean = c.means[y].map_or_else(|| "—".to_owned(), views::value);
                            let cv = match (c.means[y], c.cvs[y]) {
                                (None, _) => "—".to_owned(),
                                (Some(_), cv) => dashboard::cv(lang, cv),
                            };
                            (mean, cv)
                        })
                        .collect(),
                    ratio: ratio(t.rural_urban_ratios[y]),
                })
                .collect();
            let points: Vec<(i32, f64)> = trend
                .years
                .iter()
                .zip(&t.rural_urban_ratios)
                .filter_map(|(y, r)| r.map(|r| (*y, r)))
                .collect();
            let chart = if points.is_empty() {
                String::new()
            } else {
                let title =
                    marks::html(lang, "urban-ratio-chart", &[("name", Var::Data(&ind.name))]);
                charts::trend(lang, &title, "", &points, None)
            };
            let keys = t.categories.iter().map(|c| category_key(c.category));
            (keys.collect(), rows, chart)
        }
        None => (Vec::new(), Vec::new(), String::new()),
    };
    Some(IndicatorView {
        rows,
        district,
        ratio: ratio_text,
        categories,
        trend: rows_by_year,
        chart,
    })
}

/// One indicator in the report's table of a section: per category its mean and 差异系数.
pub(crate) struct ReportRow {
    /// The indicator's name and unit (data), HTML.
    pub label: String,
    pub cells: Vec<(String, String)>,
    pub ratio: String,
}

/// One indicator's ratio 乡村 ÷ 城区 per school year.
pub(crate) struct RatioRow {
    /// The indicator's name (data).
    pub name: String,
    pub ratios: Vec<String>,
}

/// A section of the report's 城乡 split.
pub(crate) struct ReportSection {
    /// 小学 or 初中 (data).
    pub label: &'static str,
    /// The catalogue keys of its categories.
    pub categories: Vec<&'static str>,
    pub rows: Vec<ReportRow>,
    /// The school years of the trend, up to the report's.
    pub years: Vec<String>,
    pub ratios: Vec<RatioRow>,
}

/// The report's split of the year `year`, with the ratios of the years up to it.
pub(crate) fn report(
    lang: Lang,
    split: &UrbanSplit,
    trend: &UrbanTrend,
    year: i32,
) -> Vec<ReportSection> {
    let years: Vec<usize> = (0..trend.years.len())
        .filter(|&y| trend.years[y] <= year)
        .collect();
    split
        .sections
        .iter()
        .map(|s| ReportSection {
            label: s.label,
            categories: s.indicators.first().map_or_else(Vec::new, |i| {
                i.categories
                    .iter()
                    .map(|c| category_key(c.category))
                    .collect()
            }),
            rows: s
                .indicators
                .iter()
                .map(|i| ReportRow {
                    label: marks::html(
                        lang,
                        "pages-name-unit",
                        &[("name", Var::Data(&i.name)), ("unit", Var::Data(&i.unit))],
                    ),
                    cells: i
                        .categories
                        .iter()
                        .map(|c| (mean(c.spread), cv(lang, c.spread)))
                        .collect(),
                    ratio: ratio(i.rural_urban_ratio),
                })
                .collect(),
            years: years.iter().map(|&y| school_year(trend.years[y])).collect(),
            ratios: trend
                .indicators
                .iter()
                .filter(|t| t.section == s.section)
                .map(|t| RatioRow {
                    name: t.name.clone(),
                    ratios: years
                        .iter()
                        .map(|&y| ratio(t.rural_urban_ratios[y]))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// For a unit whose school is 乡村 or 镇区, how far its value of `ind` lies from the section's
/// 城区 mean, in a sentence (HTML); empty for other units or when there is no 城区 unit.
pub(crate) fn distance(
    lang: Lang,
    e: &Evaluation<'_>,
    unit: &Unit<'_>,
    section: Section,
    ind: &IndicatorResult,
) -> String {
    let category = UrbanRuralCategory::of(unit.record.urban_rural);
    if !matches!(
        category,
        UrbanRuralCategory::Rural | UrbanRuralCategory::Town
    ) {
        return String::new();
    }
    let Ok(d) = urban::distance_from_urban(e, unit.school_code(), section, &ind.id) else {
        return String::new();
    };
    let mut vars = vec![
        ("category", Var::arg(lang.t(category_key(category)))),
        ("indicator", Var::Data(&ind.name)),
        ("value", Var::arg(views::value(d.value))),
        ("mean", Var::arg(views::value(d.urban_mean))),
        ("difference", Var::arg(format!("{:+.2}", d.difference))),
    ];
    match d.ratio {
        Some(r) => {
            vars.push(("percent", Var::arg(format!("{:.1}%", r * 100.0))));
            marks::html(lang, "urban-distance", &vars)
        }
        None => marks::html(lang, "urban-distance-no-ratio", &vars),
    }
}
