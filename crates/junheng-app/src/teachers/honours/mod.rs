//! Honours and 师德 (issue 17): the three files (称号, 获奖, 师德考核) read with every problem
//! located, checked against the stored rosters and records, and written whole or not at all;
//! entries made on a page as batches of one; a batch withdrawn (撤回); and the year's view per
//! school (`junheng_teachers::honours::aggregate`) for those holding a [`HonoursPass`].
//!
//! Rules of an import: every 教师编号 must be in a stored roster (of any year); an award or a
//! title stored already is refused (located); a 师德 result of a teacher and year that has one
//! replaces it only with `replace` (else a conflict naming how many) — withdrawing the batch
//! brings the previous result back.

mod access;

use std::collections::{BTreeSet, HashSet};

use junheng_io::school::{ImportFailure, Issue};
use junheng_io::teachers::honours::{self as file, HonoursFile, Kind, Records, codes, columns};
use junheng_rotation::TeacherId;
use junheng_store::teachers::honours::{ENTERED, HonourFile, HonourRecords};
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::honours::{Award, EthicsResult, HonoursSettings, SchoolHonours, aggregate};
use serde::Serialize;

use crate::pairings::{Caller, Refused, may_write};

pub use access::HonoursPass;

/// Reads a file of a kind: every problem, located, as [`Refused::Problems`].
pub fn read(
    kind: Kind,
    bytes: &[u8],
    file_name: &str,
    settings: &HonoursSettings,
) -> Result<HonoursFile, Refused> {
    file::read(kind, bytes, file_name, settings).map_err(Refused::Problems)
}

/// A batch of one record entered on a page, as a file of one row.
pub fn entered(records: Records) -> HonoursFile {
    HonoursFile {
        file: ENTERED.into(),
        sheet: None,
        records,
        rows: vec![1],
        warnings: Vec::new(),
    }
}

/// Every 教师编号 of every stored roster.
async fn known_teachers(store: &DistrictStore) -> Result<HashSet<TeacherId>, StoreError> {
    let mut known = HashSet::new();
    for v in store.roster_years().await? {
        known.extend(store.roster(v.year).await?.into_iter().map(|t| t.id));
    }
    Ok(known)
}

/// The codes of the use-case checks of a kind: (teacher unknown, already stored).
fn check_codes(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Titles => (
            codes::titles::TEACHER_UNKNOWN,
            codes::titles::ALREADY_STORED,
        ),
        Kind::Awards => (
            codes::awards::TEACHER_UNKNOWN,
            codes::awards::ALREADY_STORED,
        ),
        Kind::Ethics => (
            codes::ethics::TEACHER_UNKNOWN,
            codes::ethics::ALREADY_STORED,
        ),
    }
}

fn kind_of(records: &Records) -> Kind {
    match records {
        Records::Titles(_) => Kind::Titles,
        Records::Awards(_) => Kind::Awards,
        Records::Ethics(_) => Kind::Ethics,
    }
}

/// The problems of a file against the store: unknown teachers, records stored already; and how
/// many 师德 results it would replace.
async fn check(store: &DistrictStore, f: &HonoursFile) -> Result<(Vec<Issue>, usize), StoreError> {
    let known = known_teachers(store).await?;
    let (unknown, stored) = check_codes(kind_of(&f.records));
    let mut issues = Vec::new();
    let teachers: Vec<&TeacherId> = match &f.records {
        Records::Titles(r) => r.iter().map(|t| &t.teacher).collect(),
        Records::Awards(r) => r.iter().map(|a| &a.teacher).collect(),
        Records::Ethics(r) => r.iter().map(|e| &e.teacher).collect(),
    };
    for (row, t) in f.rows.iter().zip(&teachers) {
        if !known.contains(*t) {
            issues.push(f.issue(
                unknown,
                *row,
                columns::TEACHER,
                Some(t.to_string()),
                format!("教师编号 {t} 不在任何学年的教师花名册中；请先导入花名册，或检查编号"),
            ));
        }
    }
    let mut replaced = 0;
    let already = |row: usize, column: &str, what: String| {
        f.issue(
            stored,
            row,
            column,
            None,
            format!("{what}已导入过；同一条记录不重复导入"),
        )
    };
    match &f.records {
        Records::Titles(r) => {
            let have: HashSet<_> = store
                .honour_titles(None)
                .await?
                .into_iter()
                .map(|t| (t.teacher, t.title, t.year))
                .collect();
            for (row, t) in f.rows.iter().zip(r) {
                if have.contains(&(t.teacher.clone(), t.title.clone(), t.year)) {
                    issues.push(already(*row, columns::TITLE, format!("称号“{}”", t.title)));
                }
            }
        }
        Records::Awards(r) => {
            let have: HashSet<Award> = store.honour_awards(None, None).await?.into_iter().collect();
            for (row, a) in f.rows.iter().zip(r) {
                if have.contains(a) {
                    issues.push(already(*row, columns::AWARD, format!("奖项“{}”", a.title)));
                }
            }
        }
        Records::Ethics(r) => {
            let have: HashSet<(TeacherId, i32)> = store
                .honour_ethics(None, None)
                .await?
                .into_iter()
                .map(|e| (e.teacher, e.year))
                .collect();
            replaced = r
                .iter()
                .filter(|e| have.contains(&(e.teacher.clone(), e.year)))
                .count();
        }
    }
    issues.sort_by_key(|i| i.row);
    Ok((issues, replaced))
}

/// Imports a read file (district administrators, the operator): checked against the store, then
/// written whole with its audit entry — or not at all ([`Refused::Problems`] with every
/// problem). 师德 results that replace stored ones need `replace` (else a conflict).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    f: &HonoursFile,
    sha256: &str,
    replace: bool,
) -> Result<HonourFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let (issues, replaced) = check(store, f).await?;
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: f.warnings.clone(),
        }));
    }
    if replaced > 0 && !replace {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "其中 {replaced} 位教师在该学年已有师德考核结果；确认替换后再导入（替换后可撤回本批，恢复原结果）"
        ))));
    }
    let records = match &f.records {
        Records::Titles(r) => HonourRecords::Titles(r),
        Records::Awards(r) => HonourRecords::Awards(r),
        Records::Ethics(r) => HonourRecords::Ethics(r),
    };
    Ok(store
        .import_honours(records, &f.file, sha256, &caller.actor())
        .await?)
}

/// Withdraws a batch (district administrators, the operator).
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<HonourFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_honours(id, &caller.actor()).await?)
}

/// Awards and 师德 of a year, as a pass may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HonoursView {
    /// 学年.
    pub year: i32,
    /// The settings used.
    pub settings: HonoursSettings,
    /// Per school of the year's roster (the pass's schools).
    pub schools: Vec<SchoolHonours>,
    /// The year's awards of the roster's teachers (the pass's schools), with each teacher's
    /// school.
    pub awards: Vec<(Award, junheng_core::school::SchoolCode)>,
    /// The year's 师德 results, likewise.
    pub ethics: Vec<(EthicsResult, junheng_core::school::SchoolCode)>,
    /// The years with a roster, newest first.
    pub years: Vec<i32>,
}

/// The view of `year` (the newest roster year when `None`; `None` when there is no roster).
pub async fn view(
    store: &DistrictStore,
    pass: &HonoursPass,
    year: Option<i32>,
    settings: &HonoursSettings,
) -> Result<Option<HonoursView>, StoreError> {
    let years: Vec<i32> = store.roster_years().await?.iter().map(|v| v.year).collect();
    let Some(year) = year.or_else(|| years.first().copied()) else {
        return Ok(None);
    };
    let roster: Vec<_> = store
        .roster(year)
        .await?
        .into_iter()
        .filter(|t| pass.covers(&t.school))
        .collect();
    let awards = store.honour_awards(None, Some(year)).await?;
    let ethics = store.honour_ethics(None, Some(year)).await?;
    let school_of: std::collections::HashMap<&TeacherId, &junheng_core::school::SchoolCode> =
        roster.iter().map(|t| (&t.id, &t.school)).collect();
    let with_school = |t: &TeacherId| school_of.get(t).map(|s| (*s).clone());
    Ok(Some(HonoursView {
        year,
        settings: settings.clone(),
        schools: aggregate(&roster, &awards, &ethics, settings, year),
        awards: awards
            .iter()
            .filter_map(|a| Some((a.clone(), with_school(&a.teacher)?)))
            .collect(),
        ethics: ethics
            .iter()
            .filter_map(|e| Some((e.clone(), with_school(&e.teacher)?)))
            .collect(),
        years,
    }))
}

/// The 师德 levels of a view that are flagged failing, by school (for the page's warning).
pub fn failing_schools(view: &HonoursView) -> BTreeSet<junheng_core::school::SchoolCode> {
    view.schools
        .iter()
        .filter(|s| s.failing > 0)
        .map(|s| s.school.clone())
        .collect()
}

#[cfg(test)]
mod tests;
