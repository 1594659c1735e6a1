//! 集团化办学 coverage on the city page: each district's 学校参与率 and 学生受益率 (overall, by
//! 学段, by 城乡分类) from [`junheng_app::groups::coverage_of`], and the region's total from the
//! districts' summed counts ([`junheng_app::city::region_total`]), with the definitions and the
//! city target (≥ 80 %, a local practice). The page, `/city.xlsx` and `/api/v1/city` show the
//! same [`super::CityView`]. A district without statistics for the year shows 无数据, never 0 %.

use std::sync::Arc;

use junheng_app::city::{
    self as app, CoverageSummary, MEMBERSHIP_NOTE, TARGET_NOTE, TARGET_PERCENT, TOTAL_NOTE,
    meets_target,
};
use junheng_core::coverage::{
    CoverageRates, Rate, SCHOOL_RATE_DEFINITION, STUDENT_RATE_DEFINITION,
};
use junheng_core::school::Section;
use junheng_core::urban::UrbanRuralCategory;
use junheng_store::Freshness;
use serde::Serialize;

use super::CityView;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::Here;

/// A district's coverage of a year, cached by statistics version (a change of its groups by
/// this server forgets it: `Here::records_changed`).
pub(super) async fn of_district(
    here: &Here,
    f: &Freshness,
) -> Result<Arc<CoverageSummary>, AppError> {
    let key = format!("city:coverage:{}:{}", f.year, f.version);
    let (store, year) = (here.store.clone(), f.year);
    here.city_view(key, async move {
        Ok(app::district_coverage(&store, year).await?)
    })
    .await
}

/// The coverage part of `/api/v1/city` (each district's is in its row).
#[derive(Serialize)]
pub(crate) struct CoverageJson {
    /// The city target in percent, for both rates.
    target_percent: u64,
    /// Always `"local_practice"`: the target is not a national standard.
    target_kind: &'static str,
    target_note: &'static str,
    school_definition: &'static str,
    student_definition: &'static str,
    membership_note: &'static str,
    total_note: &'static str,
    /// Districts with statistics for the year (those the total sums).
    districts_with_data: usize,
    /// The region's coverage (`null` when no district has data).
    total: Option<CoverageSummary>,
}

impl CoverageJson {
    pub(super) fn of(v: &CityView) -> Self {
        CoverageJson {
            target_percent: TARGET_PERCENT,
            target_kind: "local_practice",
            target_note: TARGET_NOTE,
            school_definition: SCHOOL_RATE_DEFINITION,
            student_definition: STUDENT_RATE_DEFINITION,
            membership_note: MEMBERSHIP_NOTE,
            total_note: TOTAL_NOTE,
            districts_with_data: v.rows.iter().filter(|r| r.coverage.is_some()).count(),
            total: v.coverage.clone(),
        }
    }
}

/// A bucket (a column of the tables).
#[derive(Clone, Copy)]
enum Bucket {
    Overall,
    Section(Section),
    Category(UrbanRuralCategory),
}

impl Bucket {
    fn key(self) -> &'static str {
        match self {
            Bucket::Overall => "city-coverage-overall",
            Bucket::Section(Section::Primary) => "city-coverage-primary",
            Bucket::Section(_) => "city-coverage-junior",
            Bucket::Category(c) => crate::urban::category_key(c),
        }
    }

    fn of(self, c: &CoverageSummary) -> Option<&CoverageRates> {
        match self {
            Bucket::Overall => Some(&c.overall),
            Bucket::Section(s) => c.section(s),
            Bucket::Category(k) => c.category(k),
        }
    }
}

/// One cell: the rate, its counts, and against the target (overall only) its colour.
pub(super) struct RateCell {
    pub percent: String,
    pub counts: String,
    pub class: &'static str,
}

/// A district's (or the total's) line: no cells when it has no data.
pub(super) struct RateRow {
    pub code: String,
    /// The district's or the region's name (data).
    pub name: String,
    pub cells: Vec<RateCell>,
}

/// One table: 学校参与率 or 学生受益率.
pub(super) struct RateTable {
    /// A catalogue key.
    pub title: &'static str,
    /// The engine's definition (Chinese, data).
    pub definition: &'static str,
    /// HTML id, for links and tests.
    pub id: &'static str,
    pub rows: Vec<RateRow>,
    pub total: RateRow,
}

/// The coverage section of the city page.
pub(super) struct CoverageSection {
    /// The columns after the district, in the viewer's language.
    pub buckets: Vec<&'static str>,
    pub tables: Vec<RateTable>,
    pub target: String,
}

fn cell(rate: Option<&Rate>, target: bool) -> RateCell {
    match rate {
        Some(r) => RateCell {
            percent: r
                .value
                .map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0)),
            counts: format!("{}/{}", r.numerator, r.denominator),
            class: match meets_target(r).filter(|_| target) {
                Some(true) => "pass",
                Some(false) => "fail",
                None => "",
            },
        },
        None => RateCell {
            percent: "—".to_owned(),
            counts: String::new(),
            class: "",
        },
    }
}

fn row(
    code: &str,
    name: &str,
    c: Option<&CoverageSummary>,
    buckets: &[Bucket],
    pick: fn(&CoverageRates) -> &Rate,
) -> RateRow {
    RateRow {
        code: code.to_owned(),
        name: name.to_owned(),
        cells: c.map_or_else(Vec::new, |c| {
            buckets
                .iter()
                .map(|b| cell(b.of(c).map(pick), matches!(b, Bucket::Overall)))
                .collect()
        }),
    }
}

impl CoverageSection {
    pub(super) fn new(lang: Lang, v: &CityView) -> Self {
        // Every 城乡分类 bucket any district has: the total has their union.
        let categories: Vec<UrbanRuralCategory> = v.coverage.as_ref().map_or_else(
            || UrbanRuralCategory::CLASSIFIED.to_vec(),
            |t| t.urban_rural.iter().map(|c| c.category).collect(),
        );
        let buckets: Vec<Bucket> = [Bucket::Overall]
            .into_iter()
            .chain(Section::EVALUATED.map(Bucket::Section))
            .chain(categories.into_iter().map(Bucket::Category))
            .collect();
        let table = |title, definition, id, pick: fn(&CoverageRates) -> &Rate| RateTable {
            title,
            definition,
            id,
            rows: v
                .rows
                .iter()
                .map(|r| {
                    let d = &r.district;
                    row(&d.code, &d.name, r.coverage.as_ref(), &buckets, pick)
                })
                .collect(),
            total: row("", &v.region, v.coverage.as_ref(), &buckets, pick),
        };
        CoverageSection {
            tables: vec![
                table(
                    "city-coverage-school-rate",
                    SCHOOL_RATE_DEFINITION,
                    "coverage-schools",
                    |r| &r.schools,
                ),
                table(
                    "city-coverage-student-rate",
                    STUDENT_RATE_DEFINITION,
                    "coverage-students",
                    |r| &r.students,
                ),
            ],
            buckets: buckets.iter().map(|b| lang.t(b.key())).collect(),
            target: crate::tr!(lang, "city-coverage-target", percent = TARGET_PERCENT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns say in Chinese what the engine's buckets are called.
    #[test]
    fn columns_say_what_the_engine_says() {
        for s in Section::EVALUATED {
            assert_eq!(Lang::Zh.t(Bucket::Section(s).key()), s.label());
            assert!(Lang::En.t(Bucket::Section(s).key()).is_ascii());
        }
        for c in UrbanRuralCategory::ALL {
            assert_eq!(Lang::Zh.t(Bucket::Category(c).key()), c.label());
        }
        assert!(crate::tr!(Lang::En, "city-coverage-target", percent = 80).is_ascii());
    }
}
