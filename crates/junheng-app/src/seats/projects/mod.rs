//! 一校一案 as a bureau keeps it: the ledger of building projects (add, edit, change status,
//! delete, import a ledger file with replacements confirmed), its money planned and spent per
//! year and per funding source ([`money`]), what chosen projects would do to a year's
//! evaluation and the cheapest set of candidates after which the district passes ([`whatif`]),
//! and the projects opening up to a year for the seat forecast ([`opened_additions`]).
//!
//! **Who may do what**: the district's administrators and the operator write; administrators,
//! 督学, and 市级 / 省级 users looking into the district read (every project names a school
//! and its money: no school-level role sees the ledger).
//!
//! A project's school must be a school of the district's statistics (of some stored year),
//! except a 新建 school's: the code it will have.

pub mod money;
pub mod tables;
#[cfg(test)]
mod tests;
pub mod whatif;

use std::collections::HashSet;
use std::fmt;

use junheng_core::school::SchoolCode;
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;
use junheng_io::school::ImportFailure;
use junheng_io::seats::projects::{LedgerFile, MoneyLine, ProjectLine, codes, columns};
use junheng_store::{
    DistrictStore, ProjectEntry, ProjectImport, ProjectMoney, Role, Scope, SeatProject, StoreError,
};
use serde::Serialize;

pub use crate::pairings::{Caller, may_write};

/// Why an operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this (HTTP 403, exit status 2).
    Denied,
    /// A ledger file breaks rules: every problem, located (`projects.*` codes).
    Problems(ImportFailure),
    /// The store refused (not found, invalid, conflict) or failed, or the engine could not
    /// evaluate (its message as [`StoreError::Invalid`]).
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看或修改建设项目台账"),
            Refused::Problems(failure) => write!(f, "{failure}"),
            Refused::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl Refused {
    /// A stable code: `seat_project.denied`, the first problem's `projects.*`, or the store's.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "seat_project.denied",
            Refused::Problems(f) => f.issues.first().map_or("projects.invalid", |i| i.code),
            Refused::Store(e) => e.code(),
        }
    }
}

/// Whether `caller` reads the ledger: the operator; administrators and 督学 of the district;
/// 市级 and 省级 users (looking into a district of their region: the server checks the region).
pub fn may_read(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => matches!(
            (u.role, &u.scope),
            (Role::Admin | Role::Supervisor, Scope::District)
                | (Role::City, Scope::City(_))
                | (Role::Province, Scope::Province(_))
        ),
    }
}

fn reader(caller: &Caller<'_>) -> Result<(), Refused> {
    if may_read(caller) {
        Ok(())
    } else {
        Err(Refused::Denied)
    }
}

fn writer(caller: &Caller<'_>) -> Result<(), Refused> {
    if may_write(caller) {
        Ok(())
    } else {
        Err(Refused::Denied)
    }
}

/// The project a ledger line says.
pub fn entry_of(line: &ProjectLine) -> ProjectEntry {
    ProjectEntry {
        name: line.name.clone(),
        school: line.school.clone(),
        kind: line.kind,
        status: line.status,
        year_planned: line.year_planned,
        year_opened: line.year_opened,
        adds: line.adds,
        seats_added: line.seats_added,
        cost: line.cost,
        funding: line.funding.clone(),
        started_on: line.started_on.clone(),
        completed_on: line.completed_on.clone(),
        note: line.note.clone(),
        money: line
            .money
            .iter()
            .map(|m| ProjectMoney {
                year: m.year,
                planned: m.planned,
                spent: m.spent,
            })
            .collect(),
    }
}

/// A stored project as a ledger line (to export it in the template's layout).
pub fn line_of(p: &SeatProject) -> ProjectLine {
    let e = &p.entry;
    ProjectLine {
        row: 0,
        name: e.name.clone(),
        school: e.school.clone(),
        kind: e.kind,
        status: e.status,
        year_planned: e.year_planned,
        year_opened: e.year_opened,
        adds: e.adds,
        seats_added: e.seats_added,
        cost: e.cost,
        funding: e.funding.clone(),
        started_on: e.started_on.clone(),
        completed_on: e.completed_on.clone(),
        note: e.note.clone(),
        money: e
            .money
            .iter()
            .map(|m| MoneyLine {
                year: m.year,
                planned: m.planned,
                spent: m.spent,
            })
            .collect(),
    }
}

/// Every school code of every stored school year.
async fn known_schools(store: &DistrictStore) -> Result<HashSet<SchoolCode>, StoreError> {
    Ok(store.school_codes().await?.into_iter().collect())
}

/// Refuses a project whose school the district's statistics do not have (a new school's code
/// is the one it will have).
fn check_school(entry: &ProjectEntry, known: &HashSet<SchoolCode>) -> Result<(), StoreError> {
    if entry.kind != ProjectKind::NewSchool && !known.contains(&entry.school) {
        return Err(StoreError::Invalid(format!(
            "学校标识码 {} 不在本区县任何学年的学校统计数据中；新建学校请选择项目类型「新建」",
            entry.school
        )));
    }
    Ok(())
}

/// The ledger, by name.
pub async fn list(store: &DistrictStore, caller: &Caller<'_>) -> Result<Vec<SeatProject>, Refused> {
    reader(caller)?;
    Ok(store.seat_projects().await?)
}

/// One project: [`StoreError::NotFound`] when the district has no such project.
pub async fn open(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<SeatProject, Refused> {
    reader(caller)?;
    Ok(store
        .seat_project(id)
        .await?
        .ok_or(StoreError::NotFound("该建设项目"))?)
}

/// Adds a project (administrators, the operator); returns it as stored.
pub async fn add(
    store: &DistrictStore,
    caller: &Caller<'_>,
    entry: &ProjectEntry,
) -> Result<SeatProject, Refused> {
    writer(caller)?;
    check_school(entry, &known_schools(store).await?)?;
    let id = store.add_seat_project(entry, &caller.actor()).await?;
    open(store, caller, id).await
}

/// Replaces what project `id` says (administrators, the operator).
pub async fn edit(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    entry: &ProjectEntry,
) -> Result<SeatProject, Refused> {
    writer(caller)?;
    check_school(entry, &known_schools(store).await?)?;
    store
        .update_seat_project(id, entry, &caller.actor())
        .await?;
    open(store, caller, id).await
}

/// A change of status with the dates it asks for (开工 for 在建; 竣工 and the year opened for
/// 完成); empty values keep what the project has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusChange {
    /// 开工日期, `YYYY-MM-DD`.
    pub started_on: Option<String>,
    /// 竣工日期, `YYYY-MM-DD`.
    pub completed_on: Option<String>,
    /// 投入使用学年.
    pub year_opened: Option<i32>,
}

/// Moves project `id` to `status` (administrators, the operator): the store checks that the
/// dates fit it ([`junheng_core::seats::ledger::status_problem`]).
pub async fn change_status(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    status: ProjectStatus,
    change: &StatusChange,
) -> Result<SeatProject, Refused> {
    writer(caller)?;
    let mut entry = open(store, caller, id).await?.entry;
    entry.status = status;
    if change.started_on.is_some() {
        entry.started_on.clone_from(&change.started_on);
    }
    if change.completed_on.is_some() {
        entry.completed_on.clone_from(&change.completed_on);
    }
    if change.year_opened.is_some() {
        entry.year_opened = change.year_opened;
    }
    if status != ProjectStatus::Done {
        // Back to 规划 or 在建: not finished any more.
        entry.completed_on = None;
    }
    store
        .update_seat_project(id, &entry, &caller.actor())
        .await?;
    open(store, caller, id).await
}

/// Deletes project `id` and its money (administrators, the operator).
pub async fn delete(store: &DistrictStore, caller: &Caller<'_>, id: i64) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store.delete_seat_project(id, &caller.actor()).await?)
}

/// What importing a ledger file did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Imported {
    /// Written.
    Done(ProjectImport),
    /// Not written: the file replaces these projects of the ledger (by name) and the caller did
    /// not confirm.
    NeedsConfirmation {
        /// Projects of the file the ledger does not have.
        added: usize,
        /// Names of the ledger's projects the file replaces.
        replaced: Vec<String>,
    },
}

/// Imports a ledger file (administrators, the operator), all or nothing: every school must be a
/// school of the district's statistics (a 新建 school excepted), each problem located. Projects
/// of names the ledger has are replaced only when `confirmed`.
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    file: &LedgerFile,
    confirmed: bool,
) -> Result<Imported, Refused> {
    writer(caller)?;
    let known = known_schools(store).await?;
    let issues: Vec<_> = file
        .projects
        .iter()
        .filter(|p| p.kind != ProjectKind::NewSchool && !known.contains(&p.school))
        .map(|p| {
            file.issue(
                codes::SCHOOL_UNKNOWN,
                p.row,
                columns::SCHOOL,
                Some(p.school.to_string()),
                "不在本区县任何学年的学校统计数据中；新建学校请把项目类型填为「新建」".into(),
            )
        })
        .collect();
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: file.warnings.clone(),
        }));
    }
    let ledger: HashSet<String> = store
        .seat_projects()
        .await?
        .into_iter()
        .map(|p| p.entry.name)
        .collect();
    let replaced: Vec<String> = file
        .projects
        .iter()
        .filter(|p| ledger.contains(&p.name))
        .map(|p| p.name.clone())
        .collect();
    if !replaced.is_empty() && !confirmed {
        return Ok(Imported::NeedsConfirmation {
            added: file.projects.len() - replaced.len(),
            replaced,
        });
    }
    let entries: Vec<ProjectEntry> = file.projects.iter().map(entry_of).collect();
    Ok(Imported::Done(
        store
            .import_seat_projects(&entries, &file.file, &caller.actor())
            .await?,
    ))
}

/// A project whose seats and rooms open by a school year, as the seat forecast counts them in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenedProject {
    /// The project's id and name.
    pub id: i64,
    /// 项目名称.
    pub name: String,
    /// 学校标识码 (a new school: the code it will have).
    pub school: SchoolCode,
    /// 项目类型.
    pub kind: ProjectKind,
    /// 状态: a forecast may count only projects under way or done.
    pub status: ProjectStatus,
    /// The school year its seats open.
    pub year_opened: i32,
    /// What it adds to the school's row.
    pub adds: Additions,
    /// 新增学位.
    pub seats_added: u32,
}

/// Every project of the district with a year opened up to `up_to_year` (every status), by year
/// opened then name — what the seat forecast adds to a school's capacity from that year on.
pub async fn opened_additions(
    store: &DistrictStore,
    up_to_year: i32,
) -> Result<Vec<OpenedProject>, StoreError> {
    let mut out: Vec<OpenedProject> = store
        .seat_projects()
        .await?
        .into_iter()
        .filter_map(|p| {
            let year_opened = p.entry.year_opened.filter(|y| *y <= up_to_year)?;
            Some(OpenedProject {
                id: p.id,
                name: p.entry.name,
                school: p.entry.school,
                kind: p.entry.kind,
                status: p.entry.status,
                year_opened,
                adds: p.entry.adds,
                seats_added: p.entry.seats_added,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.year_opened, &a.name).cmp(&(b.year_opened, &b.name)));
    Ok(out)
}
