//! The writes of `posts`: checked against the year's roster and statistics, refused whole with
//! every problem located, a year's file replaced only when the caller says so.

use std::collections::{HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_io::Limits;
use junheng_io::school::{ImportFailure, Issue};
use junheng_io::teachers::posts::certificates::{self, CertificateFile, read_certificates_with};
use junheng_io::teachers::posts::staffing::{self, StaffingFile, read_staffing_with};
use junheng_store::teachers::posts::{PostFile, PostFileKind};
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::posts::{Approved, PayYear, PostMove, apply_moves};

use crate::pairings::{Caller, Refused, may_write};

fn writer(caller: &Caller<'_>) -> Result<(), Refused> {
    if may_write(caller) {
        Ok(())
    } else {
        Err(Refused::Denied)
    }
}

/// Reads a 教师资格证 file (every problem located).
pub fn read_certificates(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<CertificateFile, Refused> {
    read_certificates_with(bytes, file_name, limits).map_err(Refused::Problems)
}

/// Reads an 编制 file (every problem located).
pub fn read_staffing(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<StaffingFile, Refused> {
    read_staffing_with(bytes, file_name, limits).map_err(Refused::Problems)
}

fn refuse(issues: Vec<Issue>, warnings: &[Issue]) -> Result<(), Refused> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Refused::Problems(ImportFailure {
            issues,
            warnings: warnings.to_vec(),
        }))
    }
}

/// Refuses a second file of a year unless `replace`.
async fn replacing(
    store: &DistrictStore,
    kind: PostFileKind,
    year: i32,
    replace: bool,
    noun: &str,
) -> Result<(), Refused> {
    if !replace && let Some(current) = store.post_files(kind, Some(year)).await?.into_iter().next()
    {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "{year} 学年已有{noun}“{}”（{} 行，{} 导入）；确认替换后再导入（替换后可撤回，恢复原表）",
            current.file_name,
            current.rows,
            junheng_core::date::beijing_text(&current.imported_at)
        ))));
    }
    Ok(())
}

/// Imports a year's 教师资格证 file: every teacher must be in the year's roster.
pub async fn import_certificates(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    file: &CertificateFile,
    sha256: &str,
    replace: bool,
) -> Result<PostFile, Refused> {
    writer(caller)?;
    let roster = store.roster(year).await?;
    let known: HashSet<_> = roster.iter().map(|t| &t.id).collect();
    let issues = file
        .rows
        .iter()
        .filter(|l| !known.contains(&l.certificate.teacher))
        .map(|l| {
            file.place.issue(
                certificates::codes::TEACHER_UNKNOWN,
                l.row,
                certificates::columns::TEACHER,
                Some(l.certificate.teacher.as_str().to_owned()),
                format!(
                    "教师编号 {} 不在 {year} 学年的教师名册中；请先导入该学年的名册，或检查编号和学年",
                    l.certificate.teacher.as_str()
                ),
            )
        })
        .collect();
    refuse(issues, &file.warnings)?;
    replacing(
        store,
        PostFileKind::Certificates,
        year,
        replace,
        "教师资格证表",
    )
    .await?;
    let certs: Vec<_> = file.rows.iter().map(|l| l.certificate.clone()).collect();
    Ok(store
        .import_certificates(year, &certs, &file.place.file, sha256, &caller.actor())
        .await?)
}

/// Imports a year's 编制 file: every school must be in the year's statistics.
pub async fn import_staffing(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    file: &StaffingFile,
    sha256: &str,
    replace: bool,
) -> Result<PostFile, Refused> {
    writer(caller)?;
    let schools = store.statistics(year, None).await?;
    let known: HashSet<&SchoolCode> = schools.iter().map(|s| &s.code).collect();
    let issues = file
        .rows
        .iter()
        .filter(|l| !known.contains(&l.staffing.school))
        .map(|l| {
            file.place.issue(
                staffing::codes::SCHOOL_UNKNOWN,
                l.row,
                staffing::columns::SCHOOL,
                Some(l.staffing.school.to_string()),
                format!(
                    "学校标识码 {} 不在 {year} 学年的学校统计数据中；请先导入该校的统计数据，或检查学年是否选对",
                    l.staffing.school
                ),
            )
        })
        .collect();
    refuse(issues, &file.warnings)?;
    replacing(store, PostFileKind::Staffing, year, replace, "编制表").await?;
    let rows: Vec<_> = file.rows.iter().map(|l| l.staffing.clone()).collect();
    Ok(store
        .import_staffing(year, &rows, &file.place.file, sha256, &caller.actor())
        .await?)
}

/// Withdraws a year's current file of a kind (撤回): the previous one is current again.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    kind: PostFileKind,
    year: i32,
) -> Result<PostFile, Refused> {
    writer(caller)?;
    Ok(store
        .withdraw_post_file(kind, year, &caller.actor())
        .await?)
}

/// Enters a year's approved totals.
pub async fn set_approved(
    store: &DistrictStore,
    caller: &Caller<'_>,
    approved: &Approved,
) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store.set_approved(approved, &caller.actor()).await?)
}

/// Enters a year's pay figures.
pub async fn set_pay(
    store: &DistrictStore,
    caller: &Caller<'_>,
    pay: &PayYear,
) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store.set_pay(pay, &caller.actor()).await?)
}

/// Records a move of posts: both schools in the statistics of the move's school year, and the
/// school moved from holding at least that many 核定编制 after the year's earlier moves.
pub async fn record_move(
    store: &DistrictStore,
    caller: &Caller<'_>,
    m: &PostMove,
) -> Result<i64, Refused> {
    writer(caller)?;
    let year = m.date.school_year();
    let schools = store.statistics(year, None).await?;
    let known: HashSet<&SchoolCode> = schools.iter().map(|s| &s.code).collect();
    for code in [&m.from, &m.to] {
        if !known.contains(code) {
            return Err(Refused::Store(StoreError::Invalid(format!(
                "学校标识码 {code} 不在 {year} 学年的学校统计数据中"
            ))));
        }
    }
    let inputs = store
        .staffing(year)
        .await?
        .map(|(_, rows)| rows)
        .unwrap_or_default();
    let moves: Vec<_> = store
        .post_moves(Some(year))
        .await?
        .into_iter()
        .map(|r| r.by_move)
        .collect();
    let held: HashMap<_, _> = apply_moves(year, &inputs, &moves)
        .into_iter()
        .map(|s| (s.school, s.approved))
        .collect();
    let has = held.get(&m.from).copied().unwrap_or(0);
    if has < m.count {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "{} 在 {year} 学年只有 {has} 个核定编制，不能调出 {} 个；请先导入该学年的编制表或减少调整数",
            m.from, m.count
        ))));
    }
    Ok(store.record_post_move(m, &caller.actor()).await?)
}

/// Cancels a move (never edited: a wrong move is cancelled and recorded again).
pub async fn cancel_move(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store.cancel_post_move(id, &caller.actor()).await?)
}
