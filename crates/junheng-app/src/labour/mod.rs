//! 劳动教育 (issue 18), built on the engine `junheng_labour`, whose rules decide. The 劳动清单 of
//! the district and its schools ([`lists`], nothing below the 课标 minimum) and the class
//! teacher's records, checks and ratings ([`records`], [`import`]), the parents' one-time links
//! ([`links`]) and the passport ([`passport`]), for the holder of a [`LabourPass`]; the
//! 区/校/班 review with its 公示, the 综合素质评价 export and the district's audit ([`review`]).
//!
//! Labour bases and alliances, and 五育 coverage (items 5 and 6): the templates read
//! with every problem located, checked against the district (its schools, its bases), written
//! whole or not at all; entries made on a page as batches of one; a batch withdrawn (撤回);
//! the views of [`bases`] and [`five`] for whoever holds a [`Sight`].
//!
//! Compliance with the national minimums and 星级学校 (item 4): [`compliance`] (a term's figures
//! per district, school and class, and their trend) and [`stars`], for the holder of a
//! [`LabourPass`]; their inputs 劳动课时 and 劳动周 are batches like the ones above.
//!
//! Rules of an import (the use-case checks, beside the file's own):
//! * every 学校标识码 is a school of the district's statistics (`school_unknown`);
//! * a visit's and an alliance's bases are stored bases, named exactly (`base_unknown`);
//! * a base's or an alliance's name, and a 研学 trip (school, day, destination), are not stored
//!   already (`already_stored`);
//! * children at a base on a day above its capacity are stored and reported as a warning naming
//!   the row (`over_capacity`);
//! * the district's administrators write every set; a school's account writes visits and 五育
//!   records of its own school only.

pub mod bases;
pub mod compliance;
pub mod five;
pub mod import;
pub mod links;
pub mod lists;
mod pass;
pub mod passport;
pub mod records;
pub mod review;
pub mod stars;

pub use pass::LabourPass;

use std::collections::{BTreeMap, HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_io::labour::{
    self as file, ImportFailure, Issue, Kind, LabourFile, Records, codes, columns,
};
use junheng_labour::ClassRef;
use junheng_labour::bases::{Alliance, AllianceId, Base, BaseId, Visit};
use junheng_labour::calendar::Day;
use junheng_labour::compliance::LessonRecord;
use junheng_store::labour::{ENTERED, LabourBatch, LabourRecords, StoredVisit};
use junheng_store::{DistrictStore, Role, Scope, StoreError};
use serde::Serialize;

use crate::pairings::{Caller, Refused, may_write};

/// Which schools' 五育 and base figures a caller sees: the district's (its administrators and
/// 督学, city and province users looking in, the operator), one school's (the accounts of a
/// school, a class or a teacher), an education group's or a 学区's schools (their leads, by the
/// statistics' 集团 and 学区 columns), or none (the district's other roles: the district's
/// figures only). These are school-level figures, never a child's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sight {
    reach: Reach,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    District,
    School(SchoolCode),
    Group(String),
    Zone(String),
    Nothing,
}

impl Sight {
    /// The caller's sight.
    pub fn of(caller: &Caller<'_>) -> Sight {
        let reach = match caller {
            Caller::Operator(_) => Reach::District,
            Caller::User(u) => match (&u.role, &u.scope) {
                (Role::Admin | Role::Supervisor, Scope::District)
                | (Role::City, Scope::City(_))
                | (Role::Province, Scope::Province(_)) => Reach::District,
                (_, Scope::School(s) | Scope::Class { school: s, .. }) => Reach::School(s.clone()),
                (_, Scope::Teacher { school, .. }) => Reach::School(school.clone()),
                (Role::GroupLead, Scope::Group(g)) => Reach::Group(g.clone()),
                (Role::ZoneLead, Scope::Zone(z)) => Reach::Zone(z.clone()),
                _ => Reach::Nothing,
            },
        };
        Sight { reach }
    }

    /// The sight of the whole district.
    pub fn district() -> Sight {
        Sight {
            reach: Reach::District,
        }
    }

    /// The schools of `schools` it covers (a group's or a 学区's by their statistics records).
    pub fn seen(&self, schools: &[DistrictSchool]) -> HashSet<SchoolCode> {
        let trimmed = |v: &Option<String>, name: &str| v.as_deref().map(str::trim) == Some(name);
        schools
            .iter()
            .filter(|s| match &self.reach {
                Reach::District => true,
                Reach::School(c) => *c == s.code,
                Reach::Group(g) => trimmed(&s.group, g),
                Reach::Zone(z) => trimmed(&s.zone, z),
                Reach::Nothing => false,
            })
            .map(|s| s.code.clone())
            .collect()
    }

    /// The one school of a school's sight.
    pub fn school(&self) -> Option<&SchoolCode> {
        match &self.reach {
            Reach::School(s) => Some(s),
            _ => None,
        }
    }
}

/// The school a caller may write for (`None`: any, for the district's administrators and the
/// operator), or [`Refused::Denied`]. Bases and alliances are the district's only.
fn writer_of(caller: &Caller<'_>, kind: Kind) -> Result<Option<SchoolCode>, Refused> {
    if may_write(caller) {
        return Ok(None);
    }
    match caller {
        Caller::User(u)
            if u.role == Role::School && !matches!(kind, Kind::Bases | Kind::Alliances) =>
        {
            match &u.scope {
                Scope::School(s) => Ok(Some(s.clone())),
                _ => Err(Refused::Denied),
            }
        }
        _ => Err(Refused::Denied),
    }
}

/// Reads a file of a kind: every problem, located, as [`Refused::Problems`].
pub fn read(kind: Kind, bytes: &[u8], file_name: &str) -> Result<LabourFile, Refused> {
    file::read(kind, bytes, file_name).map_err(Refused::Problems)
}

/// Records entered on a page (or generated), as a file of their rows 1, 2 ….
pub fn entered(records: Records) -> LabourFile {
    LabourFile {
        file: ENTERED.into(),
        sheet: None,
        rows: (1..=records.len()).collect(),
        records,
        warnings: Vec::new(),
    }
}

/// A record entered on a page, given as its template's cells (`value(header)`, absent or empty
/// for an empty cell): read as a file of one row, so that an entry meets every rule of the
/// template, its problems located by column (row 2, the row under the header).
pub fn entry(kind: Kind, value: impl Fn(&str) -> Option<String>) -> Result<LabourFile, Refused> {
    let quoted = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let columns = kind.columns();
    let head: Vec<String> = columns.iter().map(|c| quoted(c.header)).collect();
    let row: Vec<String> = columns
        .iter()
        .map(|c| quoted(value(c.header).as_deref().unwrap_or("").trim()))
        .collect();
    let text = format!("{}\n{}\n", head.join(","), row.join(","));
    let mut f = read(kind, text.as_bytes(), "entry.csv")?;
    f.file = ENTERED.into();
    Ok(f)
}

/// What an import wrote, and what it reported without refusing (a day above a base's
/// capacity).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The batch.
    pub batch: LabourBatch,
    /// Warnings: the file's own and the use-case layer's.
    #[serde(skip)]
    pub warnings: Vec<Issue>,
}

/// The codes of the use-case checks of a kind: (school unknown, base unknown, already stored,
/// over capacity).
fn check_codes(kind: Kind) -> [&'static str; 4] {
    macro_rules! of {
        ($m:ident) => {
            [
                codes::$m::SCHOOL_UNKNOWN,
                codes::$m::BASE_UNKNOWN,
                codes::$m::ALREADY_STORED,
                codes::$m::OVER_CAPACITY,
            ]
        };
    }
    match kind {
        Kind::Bases => of!(bases),
        Kind::Alliances => of!(alliances),
        Kind::Visits => of!(visits),
        Kind::Breaks => of!(breaks),
        Kind::Arts => of!(arts),
        Kind::Specialties => of!(specialties),
        Kind::Football => of!(football),
        Kind::Trips => of!(trips),
        Kind::Lessons => of!(lessons),
        Kind::Weeks => of!(weeks),
    }
}

/// The column naming a record's school.
fn school_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Bases => columns::HOST,
        Kind::Alliances => columns::MEMBERS,
        _ => columns::SCHOOL,
    }
}

/// A file's records checked against the store: the records to write, or every problem.
struct Checked {
    bases: Vec<Base>,
    alliances: Vec<Alliance>,
    visits: Vec<StoredVisit>,
    lessons: Vec<LessonRecord>,
    issues: Vec<Issue>,
    warnings: Vec<Issue>,
}

async fn check(
    store: &DistrictStore,
    f: &LabourFile,
    only: Option<&SchoolCode>,
) -> Result<Checked, StoreError> {
    let kind = f.records.kind();
    let [unknown_school, unknown_base, stored, over] = check_codes(kind);
    let known: HashSet<SchoolCode> = store.school_codes().await?.into_iter().collect();
    let mut c = Checked {
        bases: Vec::new(),
        alliances: Vec::new(),
        visits: Vec::new(),
        lessons: Vec::new(),
        issues: Vec::new(),
        warnings: f.warnings.clone(),
    };
    for (i, school) in f.records.schools() {
        let row = f.rows[i];
        if only.is_some_and(|o| o != school) {
            c.issues.push(f.issue(
                unknown_school,
                row,
                school_column(kind),
                Some(school.to_string()),
                format!(
                    "学校账号只能录入本校（{}）的记录",
                    only.map_or("", |o| o.as_str())
                ),
            ));
        } else if !known.contains(school) {
            c.issues.push(f.issue(
                unknown_school,
                row,
                school_column(kind),
                Some(school.to_string()),
                format!("学校标识码 {school} 不在本区县任何学年的学校统计数据中；请检查代码"),
            ));
        }
    }
    let stored_bases = store.labour_bases().await?;
    let by_name: HashMap<&str, &Base> = stored_bases.iter().map(|b| (b.name.as_str(), b)).collect();
    let base_of =
        |row: usize, name: &str, issues: &mut Vec<Issue>, column: &str| match by_name.get(name) {
            Some(b) => Some(*b),
            None => {
                issues.push(f.issue(
                    unknown_base,
                    row,
                    column,
                    Some(name.to_owned()),
                    format!("基地“{name}”尚未登记；请先导入或录入该基地，名称须完全一致"),
                ));
                None
            }
        };
    let taken = |row: usize, column: &str, what: String| {
        f.issue(
            stored,
            row,
            column,
            None,
            format!("{what}已登记过；同一记录不重复导入"),
        )
    };
    match &f.records {
        Records::Bases(r) => {
            for (row, b) in f.rows.iter().zip(r) {
                if by_name.contains_key(b.name.as_str()) {
                    c.issues
                        .push(taken(*row, columns::BASE, format!("基地“{}”", b.name)));
                }
                c.bases.push(Base {
                    id: BaseId(0),
                    name: b.name.clone(),
                    kind: b.kind,
                    capacity: b.capacity,
                    school: b.school.clone(),
                });
            }
        }
        Records::Alliances(r) => {
            let have: HashSet<String> = store
                .labour_alliances()
                .await?
                .into_iter()
                .map(|a| a.name)
                .collect();
            for (row, a) in f.rows.iter().zip(r) {
                if have.contains(&a.name) {
                    c.issues
                        .push(taken(*row, columns::ALLIANCE, format!("联盟“{}”", a.name)));
                }
                let bases = a
                    .bases
                    .iter()
                    .filter_map(|n| base_of(*row, n, &mut c.issues, columns::SHARED).map(|b| b.id))
                    .collect();
                c.alliances.push(Alliance {
                    id: AllianceId(0),
                    name: a.name.clone(),
                    schools: a.schools.clone(),
                    bases,
                });
            }
        }
        Records::Visits(r) => {
            let mut days: BTreeMap<(BaseId, Day), (u64, usize)> = BTreeMap::new();
            for (row, v) in f.rows.iter().zip(r) {
                let Some(base) = base_of(*row, &v.base, &mut c.issues, columns::BASE) else {
                    continue;
                };
                let day = days.entry((base.id, v.day)).or_insert((0, *row));
                day.0 += u64::from(v.students);
                day.1 = *row;
                c.visits.push(StoredVisit {
                    visit: Visit {
                        base: base.id,
                        school: v.school.clone(),
                        day: v.day,
                        students: v.students,
                    },
                    note: v.note.clone(),
                });
            }
            if let (Some(first), Some(last)) = (
                days.keys().map(|k| k.1).min(),
                days.keys().map(|k| k.1).max(),
            ) {
                for s in store.labour_visits(first, last).await? {
                    if let Some(d) = days.get_mut(&(s.visit.base, s.visit.day)) {
                        d.0 += u64::from(s.visit.students);
                    }
                }
            }
            for ((base, day), (children, row)) in days {
                let b = stored_bases
                    .iter()
                    .find(|b| b.id == base)
                    .expect("a stored base");
                if children > u64::from(b.capacity) {
                    c.warnings.push(f.issue(
                        over,
                        row,
                        columns::STUDENTS,
                        Some(children.to_string()),
                        format!(
                            "{day} 在“{}”共有 {children} 名学生，超过每日容量 {} 人；已记录，\
                             请核实或分批安排",
                            b.name, b.capacity
                        ),
                    ));
                }
            }
        }
        Records::Trips(r) => {
            if let (Some(first), Some(last)) =
                (r.iter().map(|t| t.day).min(), r.iter().map(|t| t.day).max())
            {
                let have: HashSet<(SchoolCode, Day, String)> = store
                    .five_trips(first, last)
                    .await?
                    .into_iter()
                    .map(|t| (t.school, t.day, t.destination))
                    .collect();
                for (row, t) in f.rows.iter().zip(r) {
                    if have.contains(&(t.school.clone(), t.day, t.destination.clone())) {
                        c.issues.push(taken(
                            *row,
                            columns::DESTINATION,
                            format!("{} 的研学“{}”", t.day, t.destination),
                        ));
                    }
                }
            }
        }
        Records::Lessons(r) => {
            let today = Day::parse(&crate::tasks::beijing_today());
            let mut classes: HashMap<SchoolCode, Vec<(u8, String)>> = HashMap::new();
            for (row, l) in f.rows.iter().zip(r) {
                if only.is_some_and(|o| o != &l.school) || !known.contains(&l.school) {
                    // Refused above already.
                    continue;
                }
                if !classes.contains_key(&l.school) {
                    let of = records::classes(store, &l.school).await?;
                    classes.insert(l.school.clone(), of);
                }
                let grade = l.grade.get();
                if !classes[&l.school]
                    .iter()
                    .any(|(g, k)| *g == grade && k.trim() == l.class)
                {
                    c.issues.push(f.issue(
                        codes::lessons::CLASS_UNKNOWN,
                        *row,
                        columns::CLASS,
                        Some(l.class.clone()),
                        format!(
                            "学校 {} 的最新学籍中没有 {} 的学生；年级和班级须与学籍一致（如 3 和 1班）",
                            l.school,
                            records::class_label(grade, &l.class)
                        ),
                    ));
                }
                if today.is_some_and(|t| l.week > t) {
                    c.issues.push(f.issue(
                        codes::lessons::DATE_INVALID,
                        *row,
                        columns::WEEK,
                        Some(l.week.to_string()),
                        "这一周还没有到；只登记本周及以前已上的课时".into(),
                    ));
                }
                c.lessons.push(LessonRecord {
                    class: ClassRef {
                        school: l.school.clone(),
                        class: records::class_label(grade, &l.class),
                    },
                    week: l.week,
                    lessons: l.lessons,
                });
            }
        }
        _ => {}
    }
    c.issues.sort_by_key(|i| i.row);
    Ok(c)
}

/// Imports a read file (or an entry): checked against the store, then written whole with its
/// audit entry — or not at all ([`Refused::Problems`] with every problem). District
/// administrators and the operator write every set; a school's account its own visits and 五育
/// records.
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    f: &LabourFile,
    sha256: &str,
) -> Result<Imported, Refused> {
    let only = writer_of(caller, f.records.kind())?;
    let c = check(store, f, only.as_ref()).await?;
    if !c.issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues: c.issues,
            warnings: c.warnings,
        }));
    }
    let records = match &f.records {
        Records::Bases(_) => LabourRecords::Bases(&c.bases),
        Records::Alliances(_) => LabourRecords::Alliances(&c.alliances),
        Records::Visits(_) => LabourRecords::Visits(&c.visits),
        Records::Breaks(r) => LabourRecords::Breaks(r),
        Records::Arts(r) => LabourRecords::Arts(r),
        Records::Specialties(r) => LabourRecords::Specialties(r),
        Records::Football(r) => LabourRecords::Football(r),
        Records::Trips(r) => LabourRecords::Trips(r),
        Records::Lessons(_) => LabourRecords::Lessons(&c.lessons),
        Records::Weeks(r) => LabourRecords::Weeks(r),
    };
    let batch = store
        .import_labour(records, &f.file, sha256, &caller.actor())
        .await?;
    Ok(Imported {
        batch,
        warnings: c.warnings,
    })
}

/// Withdraws a batch (district administrators, the operator).
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<LabourBatch, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_labour(id, &caller.actor()).await?)
}

/// The batches of some kinds, newest first (district administrators and the operator; others
/// see none).
pub async fn batches(
    store: &DistrictStore,
    caller: &Caller<'_>,
    kinds: &[Kind],
) -> Result<Vec<LabourBatch>, StoreError> {
    if !may_write(caller) {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = kinds.iter().map(|k| k.id()).collect();
    store.labour_batches(&ids).await
}

/// A school a school year's figures are of, with its 集团 and 学区 as the statistics give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictSchool {
    /// The school.
    pub code: SchoolCode,
    /// Its education group, if any.
    pub group: Option<String>,
    /// Its 学区, if any.
    pub zone: Option<String>,
}

/// The schools a school year's figures are of: the schools (not 教学点, which count with their
/// school) of the newest statistics year up to `year` (or the oldest one after it), by code;
/// every school code ever stored (without group or 学区) when there are no statistics.
pub async fn district_schools(
    store: &DistrictStore,
    year: Option<i32>,
) -> Result<Vec<DistrictSchool>, StoreError> {
    let years: Vec<i32> = store.years().await?.iter().map(|y| y.year).collect();
    let chosen = match year {
        Some(y) => years
            .iter()
            .copied()
            .filter(|s| *s <= y)
            .max()
            .or_else(|| years.iter().copied().min()),
        None => years.iter().copied().max(),
    };
    let mut schools: Vec<DistrictSchool> = match chosen {
        Some(y) => store
            .statistics(y, None)
            .await?
            .into_iter()
            .filter(|r| r.parent_code.is_none())
            .map(|r| DistrictSchool {
                code: r.code,
                group: r.group,
                zone: r.zone,
            })
            .collect(),
        None => store
            .school_codes()
            .await?
            .into_iter()
            .map(|code| DistrictSchool {
                code,
                group: None,
                zone: None,
            })
            .collect(),
    };
    schools.sort_by(|a, b| a.code.cmp(&b.code));
    schools.dedup_by(|a, b| a.code == b.code);
    Ok(schools)
}

/// The first and last day of school year `year` (1 September to 31 August).
pub fn school_year_span(year: i32) -> (Day, Day) {
    (
        Day::new(year, 9, 1).expect("1 September"),
        Day::new(year + 1, 8, 31).expect("31 August"),
    )
}

#[cfg(test)]
mod class_tests;
#[cfg(test)]
mod compliance_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod tests;
