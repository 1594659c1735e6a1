//! 集团化办学 coverage across a city's (or province's) districts: each district's 学校参与率 and
//! 学生受益率 — overall, by 学段 and by 城乡分类 — as [`crate::groups::coverage_of`] computes them,
//! and the region's, from the districts' summed counts.
//!
//! The region's rate is Σ numerators ÷ Σ denominators, never a mean of the districts' rates: a
//! district of 2 000 students weighs what its students weigh. A district's 学区 stay inside the
//! district (they are not compared across districts), and no school is named: the engine's lists
//! of special and unknown schools are left out of the summary.
//!
//! ```
//! use junheng_app::city::{CoverageSummary, meets_target};
//! use junheng_core::{coverage::coverage, demo};
//! let schools = demo::generate(&demo::DemoSpec { schools: 30, seed: 7, year: 2024 });
//! let covered = schools.iter().filter(|s| s.group.is_some()).map(|s| s.code.clone()).collect();
//! let one = CoverageSummary::of(&coverage(&schools, &covered).unwrap());
//! let both = CoverageSummary::total([&one, &one]).unwrap();
//! assert_eq!(both.overall.schools.numerator, 2 * one.overall.schools.numerator);
//! assert_eq!(both.overall.schools.value, one.overall.schools.value);
//! assert_eq!(meets_target(&both.overall.schools), meets_target(&one.overall.schools));
//! ```

use std::collections::BTreeMap;

use junheng_core::coverage::{
    CategoryCoverage, Coverage, CoverageRates, Rate, SCHOOL_RATE_DEFINITION,
    STUDENT_RATE_DEFINITION, SectionCoverage,
};
use junheng_core::school::Section;
use junheng_core::urban::UrbanRuralCategory;
use junheng_io::export::{Cell, Table};
use junheng_store::{DistrictStore, StoreError};
use serde::Serialize;

use super::CityRow;

/// The city target, in percent: both rates at least 80 %. **Local practice**, not a national
/// standard — the figure municipal work reports quote (e.g. 巴南 80.6 % against ≥ 80 %).
pub const TARGET_PERCENT: u64 = 80;

/// What the target is and is not, in Chinese (shown beside it, and in the workbook).
pub const TARGET_NOTE: &str = "市级目标：学校参与率、学生受益率均不低于 80%。这是部分市的工作报告采用的地方做法，不是国家标准。";

/// How the region's total is computed, in Chinese.
pub const TOTAL_NOTE: &str =
    "合计 = 各区县的参与学校数、学校数、受益学生数、学生数分别相加后相除，不是各区县比率的平均。";

/// Which schools count as in a group, in Chinese.
pub const MEMBERSHIP_NOTE: &str =
    "学校是否在集团中，以各区县集团名册中该学年 9 月 1 日的成员关系为准。";

/// Whether `rate` reaches [`TARGET_PERCENT`] (compared on the counts, exactly); `None` without a
/// rate (a denominator of 0).
pub fn meets_target(rate: &Rate) -> Option<bool> {
    (rate.denominator > 0).then(|| rate.numerator * 100 >= TARGET_PERCENT * rate.denominator)
}

/// A district's (or the region's) coverage without any school: overall, by 学段, by 城乡分类.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageSummary {
    /// Every school once, students of both sections.
    pub overall: CoverageRates,
    /// 小学, then 初中.
    pub sections: Vec<SectionCoverage>,
    /// 城区, 镇区, 乡村, then 未分类 when a school has no 城乡分类.
    pub urban_rural: Vec<CategoryCoverage>,
}

impl CoverageSummary {
    /// The summary of a district's coverage.
    pub fn of(c: &Coverage) -> Self {
        CoverageSummary {
            overall: c.overall,
            sections: c.sections.clone(),
            urban_rural: c.urban_rural.clone(),
        }
    }

    /// Several districts taken as one: each bucket's numerators and denominators summed and the
    /// rate taken of the sums (a 未分类 bucket when any district has one); `None` without any.
    pub fn total<'a>(parts: impl IntoIterator<Item = &'a CoverageSummary>) -> Option<Self> {
        let mut parts = parts.into_iter();
        let first = parts.next()?.clone();
        let mut sections: BTreeMap<Section, SectionCoverage> =
            first.sections.into_iter().map(|s| (s.section, s)).collect();
        let mut categories: BTreeMap<UrbanRuralCategory, CategoryCoverage> = first
            .urban_rural
            .into_iter()
            .map(|c| (c.category, c))
            .collect();
        let mut overall = first.overall;
        for p in parts {
            overall = add(&overall, &p.overall);
            for s in &p.sections {
                sections
                    .entry(s.section)
                    .and_modify(|t| t.rates = add(&t.rates, &s.rates))
                    .or_insert_with(|| s.clone());
            }
            for c in &p.urban_rural {
                categories
                    .entry(c.category)
                    .and_modify(|t| t.rates = add(&t.rates, &c.rates))
                    .or_insert_with(|| c.clone());
            }
        }
        Some(CoverageSummary {
            overall,
            sections: sections.into_values().collect(),
            urban_rural: categories.into_values().collect(),
        })
    }

    /// The rates of 学段 `section`, if counted.
    pub fn section(&self, section: Section) -> Option<&CoverageRates> {
        self.sections
            .iter()
            .find(|s| s.section == section)
            .map(|s| &s.rates)
    }

    /// The rates of 城乡分类 bucket `category`, if counted.
    pub fn category(&self, category: UrbanRuralCategory) -> Option<&CoverageRates> {
        self.urban_rural
            .iter()
            .find(|c| c.category == category)
            .map(|c| &c.rates)
    }
}

fn add(a: &CoverageRates, b: &CoverageRates) -> CoverageRates {
    CoverageRates {
        schools: add_rate(&a.schools, &b.schools),
        students: add_rate(&a.students, &b.students),
    }
}

/// The engine's rate of the summed counts (its name and definition kept).
fn add_rate(a: &Rate, b: &Rate) -> Rate {
    let (numerator, denominator) = (a.numerator + b.numerator, a.denominator + b.denominator);
    Rate {
        numerator,
        denominator,
        value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        ..*a
    }
}

/// A district's coverage of school year `year` (its latest statistics and its registry on the
/// year's 1 September), without any school.
pub async fn district_coverage(
    store: &DistrictStore,
    year: i32,
) -> Result<CoverageSummary, StoreError> {
    let c = crate::groups::coverage_of(store, year).await?;
    Ok(CoverageSummary::of(&c))
}

/// The region's total of `rows` (districts without statistics for the year left out).
pub fn region_total(rows: &[CityRow]) -> Option<CoverageSummary> {
    CoverageSummary::total(rows.iter().filter_map(|r| r.coverage.as_ref()))
}

/// The columns of [`coverage_table`].
pub const COVERAGE_HEADERS: [&str; 12] = [
    "区县代码",
    "区县名称",
    "口径",
    "范围",
    "参与学校数",
    "学校数",
    "学校参与率（%）",
    "受益学生数",
    "学生数",
    "学生受益率（%）",
    "学校参与率达到市级目标",
    "学生受益率达到市级目标",
];

fn percent(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 1))
}

fn target_cell(rate: &Rate) -> Cell {
    Cell::text(meets_target(rate).map_or("", |m| if m { "是" } else { "否" }))
}

/// One line per bucket of `c`: overall (with the target), each 学段, each 城乡分类.
fn lines(code: &str, name: &str, c: &CoverageSummary) -> Vec<Vec<Cell>> {
    let line = |by: &str, bucket: &str, r: &CoverageRates, target: bool| {
        let mut cells = vec![
            Cell::text(code),
            Cell::text(name),
            Cell::text(by),
            Cell::text(bucket),
            Cell::Integer(r.schools.numerator as i64),
            Cell::Integer(r.schools.denominator as i64),
            percent(r.schools.value),
            Cell::Integer(r.students.numerator as i64),
            Cell::Integer(r.students.denominator as i64),
            percent(r.students.value),
        ];
        if target {
            cells.extend([target_cell(&r.schools), target_cell(&r.students)]);
        } else {
            cells.extend([Cell::Empty, Cell::Empty]);
        }
        cells
    };
    let mut out = vec![line("总体", "全部", &c.overall, true)];
    out.extend(
        c.sections
            .iter()
            .map(|s| line("学段", s.label, &s.rates, false)),
    );
    out.extend(
        c.urban_rural
            .iter()
            .map(|u| line("城乡分类", u.label, &u.rates, false)),
    );
    out
}

/// The coverage of `rows` as one sheet, in their order, then the region's total (`total`,
/// named `region`): a district without statistics for the year is one line saying 无数据.
pub fn coverage_table(rows: &[CityRow], total: Option<&CoverageSummary>, region: &str) -> Table {
    let mut out = Vec::new();
    for r in rows {
        let (code, name) = (&r.district.code, &r.district.name);
        match &r.coverage {
            Some(c) => out.extend(lines(code, name, c)),
            None => out.push(vec![
                Cell::text(code),
                Cell::text(name),
                Cell::text("无数据"),
            ]),
        }
    }
    match total {
        Some(c) => out.extend(lines("合计", region, c)),
        None => out.push(vec![
            Cell::text("合计"),
            Cell::text(region),
            Cell::text("无数据"),
        ]),
    }
    Table {
        sheet: "集团化办学覆盖率",
        headers: COVERAGE_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows: out,
    }
}

/// The definitions behind [`coverage_table`], as a sheet of their own.
pub fn coverage_definitions() -> Table {
    let rows = [
        ("学校参与率", SCHOOL_RATE_DEFINITION),
        ("学生受益率", STUDENT_RATE_DEFINITION),
        ("集团成员", MEMBERSHIP_NOTE),
        ("合计", TOTAL_NOTE),
        ("市级目标", TARGET_NOTE),
    ]
    .into_iter()
    .map(|(what, text)| vec![Cell::text(what), Cell::text(text)])
    .collect();
    Table {
        sheet: "覆盖率口径",
        headers: vec!["项目".to_owned(), "说明".to_owned()],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord, UrbanRural};

    use super::*;

    fn school(n: u32, kind: SchoolKind, students: (u32, u32), urban: bool) -> SchoolRecord {
        let mut r = junheng_core::demo::generate(&junheng_core::demo::DemoSpec {
            schools: 1,
            seed: 1,
            year: 2024,
        })
        .remove(0);
        r.code = SchoolCode::parse(&format!("50011{n:05}")).unwrap();
        r.kind = kind;
        r.primary.students = students.0;
        r.junior.students = students.1;
        r.senior_students = 0;
        r.urban_rural = Some(if urban {
            UrbanRural::Urban
        } else {
            UrbanRural::Rural
        });
        r
    }

    fn summary(records: &[SchoolRecord], covered: &[u32]) -> CoverageSummary {
        let covered: HashSet<SchoolCode> = covered
            .iter()
            .map(|n| SchoolCode::parse(&format!("50011{n:05}")).unwrap())
            .collect();
        CoverageSummary::of(&junheng_core::coverage::coverage(records, &covered).unwrap())
    }

    /// A: 1 of 2 schools, 900 of 1 000 students; B: 1 of 1 school, 100 of 100 students. The
    /// mean of the rates would say 75 % and 95 %; the sums say 2/3 and 1000/1100.
    #[test]
    fn the_total_divides_summed_counts() {
        let a = summary(
            &[
                school(1, SchoolKind::Primary, (900, 0), true),
                school(2, SchoolKind::Junior, (0, 100), false),
            ],
            &[1],
        );
        let b = summary(&[school(3, SchoolKind::Primary, (100, 0), false)], &[3]);
        let t = CoverageSummary::total([&a, &b]).unwrap();
        let pair = |r: &Rate| (r.numerator, r.denominator);
        assert_eq!(pair(&t.overall.schools), (2, 3));
        assert_eq!(pair(&t.overall.students), (1000, 1100));
        assert_eq!(t.overall.students.value, Some(1000.0 / 1100.0));
        assert_eq!(t.overall.schools.name, "学校参与率");
        let primary = t.section(Section::Primary).unwrap();
        assert_eq!(pair(&primary.students), (1000, 1000));
        let junior = t.section(Section::Junior).unwrap();
        assert_eq!(
            (pair(&junior.schools), junior.schools.value),
            ((0, 1), Some(0.0))
        );
        let rural = t.category(UrbanRuralCategory::Rural).unwrap();
        assert_eq!(pair(&rural.schools), (1, 2));
        assert_eq!(
            pair(&t.category(UrbanRuralCategory::Town).unwrap().schools),
            (0, 0)
        );
        assert!(t.category(UrbanRuralCategory::Unclassified).is_none());
        assert_eq!(meets_target(&t.overall.students), Some(true));
        assert_eq!(meets_target(&t.overall.schools), Some(false));
        assert_eq!(
            meets_target(&t.category(UrbanRuralCategory::Town).unwrap().schools),
            None
        );
        assert_eq!(CoverageSummary::total([]), None);
    }

    #[test]
    fn the_target_is_compared_on_counts() {
        let rate = |n, d| Rate {
            name: "学校参与率",
            definition: SCHOOL_RATE_DEFINITION,
            numerator: n,
            denominator: d,
            value: None,
        };
        assert_eq!(meets_target(&rate(4, 5)), Some(true));
        assert_eq!(meets_target(&rate(79, 100)), Some(false));
        assert_eq!(meets_target(&rate(0, 0)), None);
    }
}
