//! 继续教育 (training): the ledger imported from a file (all or nothing, every teacher in the
//! school year's roster, records already in the ledger skipped), one record entered, a batch
//! withdrawn (撤回, confirmed), the schools' training budgets entered, and the status — each
//! school's and the district's completion and on-track rates, the teachers behind schedule,
//! 政府保障 item 9 and 教育质量 item 4 — scoped to a school for its users. Each written once for
//! the CLI and the server.

mod status;

use std::collections::HashSet;

use junheng_io::school::{ImportFailure, Issue};
use junheng_io::teachers::training::{ENTERED, TrainingFile, codes, columns, entry_issue};
use junheng_rotation::TeacherId;
use junheng_store::teachers::training::TrainingBatch;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::training::{Budget, TrainingRecord};

use crate::classroom::digest;
use crate::pairings::{Caller, Refused, may_write};

pub(crate) use status::{Rosters, detail};
pub use status::{TeacherDetail, TrainingStatus, status, teacher};

/// What an import or an entry did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Imported {
    /// The batch written; `None` when every record was already in the ledger.
    pub batch: Option<TrainingBatch>,
    /// Records read.
    pub read: usize,
}

/// The teachers of school year `year`'s roster; a conflict when the year has none.
async fn roster_ids(store: &DistrictStore, year: i32) -> Result<HashSet<TeacherId>, Refused> {
    let roster = store.roster(year).await?;
    if roster.is_empty() {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "{year} 学年尚无教师花名册；请先导入该学年的花名册，再导入培训记录"
        ))));
    }
    Ok(roster.into_iter().map(|t| t.id).collect())
}

/// Imports a read ledger file, its teachers checked against school year `year`'s roster
/// (administrators, the operator): written with its audit entry, or not at all
/// ([`Refused::Problems`] naming every teacher not in the roster, located).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    file: &TrainingFile,
    bytes: &[u8],
) -> Result<Imported, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let ids = roster_ids(store, year).await?;
    let issues: Vec<Issue> = file
        .records
        .iter()
        .filter(|(_, r)| !ids.contains(&r.teacher))
        .map(|(row, r)| {
            file.issue(
                codes::TEACHER_UNKNOWN,
                *row,
                columns::TEACHER,
                Some(r.teacher.to_string()),
                format!("教师编号不在 {year} 学年的教师花名册中；应为该学年花名册中的教师"),
            )
        })
        .collect();
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: file.warnings.clone(),
        }));
    }
    let records: Vec<TrainingRecord> = file.records.iter().map(|(_, r)| r.clone()).collect();
    let batch = store
        .import_training(
            year,
            &records,
            true,
            &file.file,
            &digest(bytes),
            &caller.actor(),
        )
        .await?;
    Ok(Imported {
        batch,
        read: records.len(),
    })
}

/// Enters one record (administrators, the operator), its teacher in school year `year`'s
/// roster (else [`Refused::Problems`] naming the 教师编号 field); a record already in the ledger
/// writes nothing. The batch is named [`ENTERED`] and can be withdrawn like a file.
/// A form's fields are read into a record by [`junheng_io::teachers::training::read_entry`].
pub async fn add(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    record: &TrainingRecord,
) -> Result<Imported, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    if !roster_ids(store, year).await?.contains(&record.teacher) {
        return Err(Refused::Problems(ImportFailure {
            issues: vec![entry_issue(
                codes::TEACHER_UNKNOWN,
                columns::TEACHER,
                Some(record.teacher.to_string()),
                format!("教师编号不在 {year} 学年的教师花名册中；应为该学年花名册中的教师"),
            )],
            warnings: Vec::new(),
        }));
    }
    let key = format!(
        "{}\u{1f}{}\u{1f}{}",
        record.teacher,
        record.course.trim(),
        record.start
    );
    let batch = store
        .import_training(
            year,
            std::slice::from_ref(record),
            false,
            ENTERED,
            &digest(key.as_bytes()),
            &caller.actor(),
        )
        .await?;
    Ok(Imported { batch, read: 1 })
}

/// Withdraws (撤回) a batch and its records (administrators, the operator); only with
/// `confirm`.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    confirm: bool,
) -> Result<TrainingBatch, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    if !confirm {
        return Err(Refused::Store(StoreError::invalid(
            "撤回会删除这一批的全部培训记录；请勾选确认后再撤回",
        )));
    }
    Ok(store.withdraw_training(id, &caller.actor()).await?)
}

/// Enters schools' training budgets (administrators, the operator): every school must be a
/// school of a stored school year; a school and year that has a budget already is replaced only
/// with `replace` (else a conflict naming how many).
pub async fn set_budgets(
    store: &DistrictStore,
    caller: &Caller<'_>,
    budgets: &[Budget],
    replace: bool,
) -> Result<usize, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let known = crate::pairings::known_schools(store).await?;
    if let Some(b) = budgets.iter().find(|b| !known.contains(&b.school)) {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "学校标识码 {} 不在任何学年的学校统计中",
            b.school
        ))));
    }
    let stored: HashSet<(String, i32)> = store
        .training_budgets(None)
        .await?
        .into_iter()
        .map(|b| (b.budget.school.as_str().to_owned(), b.budget.year))
        .collect();
    let replaced = budgets
        .iter()
        .filter(|b| stored.contains(&(b.school.as_str().to_owned(), b.year)))
        .count();
    if replaced > 0 && !replace {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "其中 {replaced} 所学校的该年度培训经费已填报；确认替换后再保存"
        ))));
    }
    store.set_training_budgets(budgets, &caller.actor()).await?;
    Ok(budgets.len())
}

#[cfg(test)]
mod tests;
