//! Coverage of 集团化办学 (or 学区制管理, or any other scheme) in one school year: 学校参与率
//! and 学生受益率 (优质资源覆盖率), overall, by 学段, by 城乡分类 and by 学区.
//!
//! What is covered is a set of 学校标识码 the caller computes (e.g. the members of every
//! education group on the year's reference date): the engine counts, it does not decide
//! membership. A teaching point is covered only when its own code is in the set.
//!
//! Every rate keeps its numerator and denominator; a rate whose denominator is 0 is `None`.
//!
//! ```
//! use std::collections::HashSet;
//! use junheng_core::{coverage::coverage, demo};
//! let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
//! let covered: HashSet<_> = schools.iter().filter(|s| s.group.is_some()).map(|s| s.code.clone()).collect();
//! let c = coverage(&schools, &covered).unwrap();
//! let students = &c.overall.students;
//! assert!(students.numerator <= students.denominator);
//! assert_eq!(students.value, Some(students.numerator as f64 / students.denominator as f64));
//! ```

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::school::{SchoolCode, SchoolKind, SchoolRecord, Section};
use crate::urban::UrbanRuralCategory;

/// The definition of 学校参与率 shown beside it.
pub const SCHOOL_RATE_DEFINITION: &str = "学校参与率 = 覆盖的学校数 ÷ 学校总数。学校指设有小学或初中学段的学校\
（含教学点，不含特殊教育学校）；一贯制学校、完全中学在其设有的每个学段各计 1 所，合计时计 1 所。\
是否覆盖按学年基准日的集团（或学区）成员关系确定。";

/// The definition of 学生受益率 shown beside it.
pub const STUDENT_RATE_DEFINITION: &str = "学生受益率（优质资源覆盖率）= 覆盖的学校的在校生数 ÷ 在校生总数。\
只计小学、初中在校生（不含高中）；一贯制学校的学生按学段分别计入。";

/// Why coverage cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoverageError {
    /// No records.
    #[error("没有学校数据")]
    NoRecords,
    /// The records are of several school years.
    #[error("数据包含多个学年（{}），一次只能计算一个学年的覆盖率", .0.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、"))]
    MixedYears(Vec<i32>),
    /// The same code appears twice.
    #[error("学校标识码 {0} 重复")]
    DuplicateCode(SchoolCode),
}

/// A rate with its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// Chinese name: 学校参与率 or 学生受益率.
    pub name: &'static str,
    /// How it is computed, in Chinese.
    pub definition: &'static str,
    /// Covered schools or students.
    pub numerator: u64,
    /// All schools or students.
    pub denominator: u64,
    /// `numerator / denominator`, `None` when the denominator is 0.
    pub value: Option<f64>,
}

impl Rate {
    fn new(name: &'static str, definition: &'static str, numerator: u64, denominator: u64) -> Rate {
        Rate {
            name,
            definition,
            numerator,
            denominator,
            value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        }
    }
}

/// The two rates of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CoverageRates {
    /// 学校参与率.
    pub schools: Rate,
    /// 学生受益率 (优质资源覆盖率).
    pub students: Rate,
}

/// The rates of one 学段.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCoverage {
    /// 学段.
    pub section: Section,
    /// 小学 or 初中.
    pub label: &'static str,
    /// The rates over the schools that have the section, with their students of the section.
    pub rates: CoverageRates,
}

/// The rates of one 城乡分类 bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCoverage {
    /// The bucket.
    pub category: UrbanRuralCategory,
    /// 城区, 镇区, 乡村 or 未分类.
    pub label: &'static str,
    /// The rates.
    pub rates: CoverageRates,
}

/// The rates of one 学区.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneCoverage {
    /// The record's 学区 (trimmed); `None` for schools without one.
    pub zone: Option<String>,
    /// The 学区, or 未分学区.
    pub label: String,
    /// The rates.
    pub rates: CoverageRates,
}

/// Coverage in one school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// 学年.
    pub year: i32,
    /// Every school counted once, students of both sections.
    pub overall: CoverageRates,
    /// 小学, then 初中: a multi-section school counts in each section it has. Students add up to
    /// the overall figures; schools may add up to more.
    pub sections: Vec<SectionCoverage>,
    /// 城区, 镇区, 乡村, then 未分类 when a school has no 城乡分类; they add up to the overall
    /// figures.
    pub urban_rural: Vec<CategoryCoverage>,
    /// Per 学区 in name order, then 未分学区 when a school has none; they add up to the overall
    /// figures.
    pub zones: Vec<ZoneCoverage>,
    /// 特殊教育学校 in the records: not counted (covered or not).
    pub special_schools: Vec<SchoolCode>,
    /// Covered codes with no record this year, sorted.
    pub unknown: Vec<SchoolCode>,
}

/// Counts of one bucket.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    schools: u64,
    covered_schools: u64,
    students: u64,
    covered_students: u64,
}

impl Tally {
    fn add(&mut self, students: u64, covered: bool) {
        self.schools += 1;
        self.students += students;
        if covered {
            self.covered_schools += 1;
            self.covered_students += students;
        }
    }

    fn rates(self) -> CoverageRates {
        CoverageRates {
            schools: Rate::new(
                "学校参与率",
                SCHOOL_RATE_DEFINITION,
                self.covered_schools,
                self.schools,
            ),
            students: Rate::new(
                "学生受益率",
                STUDENT_RATE_DEFINITION,
                self.covered_students,
                self.students,
            ),
        }
    }
}

/// The coverage of `covered` among the schools of one school year.
///
/// A school is every record but 特殊教育学校; it counts in each evaluated section its kind has
/// (小学, 初中), with its students of that section, and once overall with the students of both.
/// Senior (高中) students are not counted. Records without 城乡分类 go to 未分类, records without
/// 学区 to 未分学区. A covered code that is a special school or is not in the records changes no
/// rate; the latter are listed in `unknown`.
pub fn coverage(
    records: &[SchoolRecord],
    covered: &HashSet<SchoolCode>,
) -> Result<Coverage, CoverageError> {
    let year = single_year(records)?;
    let mut seen = HashSet::with_capacity(records.len());
    if let Some(r) = records.iter().find(|r| !seen.insert(&r.code)) {
        return Err(CoverageError::DuplicateCode(r.code.clone()));
    }
    let mut overall = Tally::default();
    let mut sections = [Tally::default(); 2];
    let mut categories: BTreeMap<UrbanRuralCategory, Tally> = BTreeMap::new();
    let mut zones: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    let mut special_schools = Vec::new();
    for r in records {
        if r.kind == SchoolKind::Special {
            special_schools.push(r.code.clone());
            continue;
        }
        let is_covered = covered.contains(&r.code);
        let mut students = 0;
        for (tally, section) in sections.iter_mut().zip(Section::EVALUATED) {
            if r.kind.has(section) {
                let of_section = u64::from(r.students(section));
                tally.add(of_section, is_covered);
                students += of_section;
            }
        }
        overall.add(students, is_covered);
        let category = UrbanRuralCategory::of(r.urban_rural);
        categories
            .entry(category)
            .or_default()
            .add(students, is_covered);
        let zone = r
            .zone
            .as_deref()
            .map(str::trim)
            .filter(|z| !z.is_empty())
            .map(str::to_owned);
        zones.entry(zone).or_default().add(students, is_covered);
    }
    let any_unclassified = categories.contains_key(&UrbanRuralCategory::Unclassified);
    let urban_rural = crate::urban::reported_categories(any_unclassified)
        .map(|category| CategoryCoverage {
            category,
            label: category.label(),
            rates: categories
                .get(&category)
                .copied()
                .unwrap_or_default()
                .rates(),
        })
        .collect();
    // Named zones in name order, then the schools without one.
    let unzoned = zones.remove(&None);
    let zones = zones
        .into_iter()
        .chain(unzoned.map(|t| (None, t)))
        .map(|(zone, tally)| ZoneCoverage {
            label: zone.clone().unwrap_or_else(|| "未分学区".to_owned()),
            zone,
            rates: tally.rates(),
        })
        .collect();
    let known: HashSet<&SchoolCode> = records.iter().map(|r| &r.code).collect();
    let mut unknown: Vec<SchoolCode> = covered
        .iter()
        .filter(|c| !known.contains(c))
        .cloned()
        .collect();
    unknown.sort();
    Ok(Coverage {
        year,
        overall: overall.rates(),
        sections: sections
            .into_iter()
            .zip(Section::EVALUATED)
            .map(|(tally, section)| SectionCoverage {
                section,
                label: section.label(),
                rates: tally.rates(),
            })
            .collect(),
        urban_rural,
        zones,
        special_schools,
        unknown,
    })
}

fn single_year(records: &[SchoolRecord]) -> Result<i32, CoverageError> {
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    match years[..] {
        [] => Err(CoverageError::NoRecords),
        [y] => Ok(y),
        _ => Err(CoverageError::MixedYears(years)),
    }
}
