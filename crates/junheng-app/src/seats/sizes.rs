//! The 政府保障 items on size of a school year (`standard.md` §3, items 3–5): music and art rooms
//! against ⌈classes / 12⌉ and each school's 义务教育 pupils against its cap, from the year's
//! statistics; every class within its 学段's limit (大班额 and 超大班额 counted), from the year's
//! class table (班级规模表) or, when the year has none, the registry's classes. Each with its
//! failing schools and what closes their gap (`junheng_core::seats::class_size`).
//!
//! A class table is imported whole or not at all: every problem of the file is reported at once,
//! located, and its schools must be schools of the year's statistics with the 学段 of the class.
//! A year's table is replaced only when the caller says so; withdrawing it brings the previous
//! one back.

use std::collections::HashMap;

use junheng_core::school::{SchoolCode, SchoolRecord, Section};
use junheng_core::seats::class_size::{
    ClassCounts, ClassRow, ClassRules, ItemResult, SizeBand, class_item, district_items, size_band,
};
use junheng_io::Limits;
use junheng_io::school::{ImportFailure, Issue};
use junheng_io::seats::classes::{ClassFile, codes, columns, read_classes_with};
use junheng_store::{ClassEntry, ClassTableFile, DistrictStore, StoreError};
use serde::Serialize;

use crate::pairings::{Caller, Refused, may_write};

/// Where a year's classes come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClassSource {
    /// The year's class table (班级规模表).
    Table {
        /// The file.
        file: ClassTableFile,
    },
    /// The registry's (学籍) classes: the year has no class table.
    Registry,
}

impl ClassSource {
    /// The source in Chinese, for pages.
    pub fn label(&self) -> String {
        match self {
            ClassSource::Table { file } => {
                format!("班级规模表“{}”（{} 个班）", file.file_name, file.classes)
            }
            ClassSource::Registry => "学籍系统的班级（该学年未导入班级规模表）".into(),
        }
    }
}

/// One class above its 学段's limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LargeClass {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称 (the code when the school is not in the year's statistics).
    pub school_name: String,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 学生数.
    pub pupils: u32,
    /// The 学段's limit.
    pub limit: u32,
    /// Its band.
    pub band: SizeBand,
}

impl LargeClass {
    /// The band in Chinese: 超大班额, 大班额 or 超过标准班额.
    pub fn band_label(&self) -> &'static str {
        if self.band.very_large {
            "超大班额"
        } else if self.band.large {
            "大班额"
        } else {
            "超过标准班额"
        }
    }
}

/// Item 5 over a year's classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSizes {
    /// Where the classes come from.
    pub source: ClassSource,
    /// The item, with its failing schools.
    pub item: ItemResult,
    /// Classes counted by band.
    pub counts: ClassCounts,
    /// Every class above its limit, largest first.
    pub large: Vec<LargeClass>,
}

/// The three size items of a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeItems {
    /// 学年.
    pub year: i32,
    /// The limits used.
    pub rules: ClassRules,
    /// Item 3: music and art rooms.
    pub rooms: ItemResult,
    /// Item 4: school size.
    pub school_size: ItemResult,
    /// Item 5: class size; `None` when the year has neither a class table nor registry classes.
    pub class_size: Option<ClassSizes>,
}

/// A class's 学段: 一至六年级 小学, 七至九年级 初中.
pub fn section_of(grade: u8) -> Section {
    if grade <= 6 {
        Section::Primary
    } else {
        Section::Junior
    }
}

/// Item 5 over classes, with names from the year's statistics.
fn class_sizes(
    rules: &ClassRules,
    source: ClassSource,
    classes: &[ClassEntry],
    schools: &[SchoolRecord],
) -> ClassSizes {
    let names: HashMap<&SchoolCode, &str> =
        schools.iter().map(|s| (&s.code, s.name.as_str())).collect();
    let name = |code: &SchoolCode| {
        names
            .get(code)
            .map_or_else(|| code.to_string(), |n| (*n).to_owned())
    };
    let rows: Vec<ClassRow> = classes
        .iter()
        .map(|c| ClassRow {
            school: c.school.clone(),
            school_name: name(&c.school),
            section: section_of(c.grade),
            pupils: c.pupils,
        })
        .collect();
    let (item, counts) = class_item(rules, &rows);
    let mut large: Vec<LargeClass> = classes
        .iter()
        .filter_map(|c| {
            let section = section_of(c.grade);
            let band = size_band(rules, section, c.pupils);
            band.over_limit.then(|| LargeClass {
                school: c.school.clone(),
                school_name: name(&c.school),
                grade: c.grade,
                class: c.class.clone(),
                pupils: c.pupils,
                limit: rules.max_class(section),
                band,
            })
        })
        .collect();
    large.sort_by(|a, b| {
        b.pupils
            .cmp(&a.pupils)
            .then_with(|| a.school.cmp(&b.school))
            .then_with(|| a.grade.cmp(&b.grade))
            .then_with(|| a.class.cmp(&b.class))
    });
    ClassSizes {
        source,
        item,
        counts,
        large,
    }
}

/// The size items of school year `year` under `rules`. [`StoreError::NotFound`] when the year
/// has no statistics.
pub async fn items(
    store: &DistrictStore,
    year: i32,
    rules: &ClassRules,
) -> Result<SizeItems, StoreError> {
    let schools = store.statistics(year, None).await?;
    let [rooms, school_size] = district_items(rules, &schools);
    let class_size = match store.class_table(year).await? {
        Some((file, classes)) => Some(class_sizes(
            rules,
            ClassSource::Table { file },
            &classes,
            &schools,
        )),
        None => {
            let classes = store.registry_classes(year).await?;
            (!classes.is_empty())
                .then(|| class_sizes(rules, ClassSource::Registry, &classes, &schools))
        }
    };
    Ok(SizeItems {
        year,
        rules: *rules,
        rooms,
        school_size,
        class_size,
    })
}

/// Reads a class table within `limits`: every problem, located, as [`Refused::Problems`].
pub fn read(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<ClassFile, Refused> {
    read_classes_with(bytes, file_name, limits).map_err(Refused::Problems)
}

/// The problems of a class table against the year's statistics: a school not in them, or a
/// class of a 学段 its school does not have.
fn check(file: &ClassFile, schools: &[SchoolRecord]) -> Vec<Issue> {
    let kinds: HashMap<&SchoolCode, &SchoolRecord> = schools.iter().map(|s| (&s.code, s)).collect();
    let mut issues = Vec::new();
    for c in &file.classes {
        match kinds.get(&c.school) {
            None => issues.push(file.issue(
                codes::SCHOOL_UNKNOWN,
                c.row,
                columns::SCHOOL,
                Some(c.school.to_string()),
                format!(
                    "学校标识码 {} 不在该学年的学校统计数据中；请先导入该校的统计数据，或检查学年是否选对",
                    c.school
                ),
            )),
            Some(s) if !s.kind.has(section_of(c.grade)) => issues.push(file.issue(
                codes::SECTION_ABSENT,
                c.row,
                columns::GRADE,
                Some(c.grade.to_string()),
                format!(
                    "{}（{}）是{}，没有{}；请检查年级或学校标识码",
                    s.name,
                    s.code,
                    s.kind.label(),
                    section_of(c.grade).label()
                ),
            )),
            Some(_) => {}
        }
    }
    issues
}

/// Imports a read class table as school year `year`'s (administrators, the operator): checked
/// against the year's statistics, then written whole with its audit entry — or not at all
/// ([`Refused::Problems`] with every problem). A year that has a table already is replaced only
/// with `replace` (else a conflict naming the current file).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    file: &ClassFile,
    sha256: &str,
    replace: bool,
) -> Result<ClassTableFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let schools = store.statistics(year, None).await?;
    let issues = check(file, &schools);
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: file.warnings.clone(),
        }));
    }
    if !replace && let Some(current) = store.class_tables(Some(year)).await?.into_iter().next() {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "{year} 学年已有班级规模表“{}”（{} 个班，{} 导入）；确认替换后再导入（替换后可撤回，恢复原表）",
            current.file_name,
            current.classes,
            junheng_core::date::beijing_text(&current.imported_at)
        ))));
    }
    let classes: Vec<ClassEntry> = file
        .classes
        .iter()
        .map(|c| ClassEntry {
            school: c.school.clone(),
            grade: c.grade,
            class: c.class.clone(),
            pupils: c.pupils,
        })
        .collect();
    Ok(store
        .import_class_table(year, &classes, &file.file, sha256, &caller.actor())
        .await?)
}

/// Withdraws school year `year`'s current class table (administrators, the operator); the
/// previous one, if any, is current again.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
) -> Result<ClassTableFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_class_table(year, &caller.actor()).await?)
}

#[cfg(test)]
mod tests;
