//! 校长、副校长任职 (issue 17 item 8): the district's 任职表 imported whole or not at all (a
//! current list is replaced only when the caller confirms; withdrawing brings the previous one
//! back), and the standings of a school year under the rulebook's term rule — who is due to
//! rotate, who rotated in.

use std::collections::BTreeMap;

use junheng_core::rulebook::RotationRules;
use junheng_core::school::SchoolCode;
use junheng_io::Limits;
use junheng_io::rotation::leaders::{ImportedLeaders, read_leaders_bytes_with};
use junheng_rotation::{LeaderTerm, leader_year};
use junheng_store::{DistrictStore, LeaderFile, StoreError};
use serde::Serialize;

use crate::pairings::{Caller, Refused, may_write};

/// Reads a 任职表 within `limits`: every problem, located, as [`Refused::Problems`].
pub fn read(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<ImportedLeaders, Refused> {
    read_leaders_bytes_with(bytes, file_name, limits).map_err(Refused::Problems)
}

/// Imports a read 任职表 as the district's current list (administrators, the operator), with its
/// audit entry. A district that has a list already is replaced only with `replace` (else a
/// conflict naming the current file).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    file: &ImportedLeaders,
    file_name: &str,
    sha256: &str,
    replace: bool,
) -> Result<LeaderFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    if !replace && let Some(current) = store.leader_files().await?.into_iter().next() {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "已有校长副校长任职表“{}”（{} 条，{} 导入）；确认替换后再导入（替换后可撤回，恢复原表）",
            current.file_name,
            current.terms,
            junheng_core::date::beijing_text(&current.imported_at)
        ))));
    }
    Ok(store
        .import_leaders(&file.terms, file_name, sha256, &caller.actor())
        .await?)
}

/// Withdraws the current 任职表 (administrators, the operator).
pub async fn withdraw(store: &DistrictStore, caller: &Caller<'_>) -> Result<LeaderFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_leaders(&caller.actor()).await?)
}

/// One leader serving in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaderRow {
    /// 教师编号.
    pub person: String,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称 (empty when the school is not in the year's statistics).
    pub school_name: String,
    /// 职务.
    pub post: &'static str,
    /// First year of the unbroken run of posts at the school.
    pub since: i32,
    /// Full years in post at the school by the start of the year.
    pub years: i32,
    /// Due to rotate under the term rule.
    pub due: bool,
    /// Began this year after a post at another school.
    pub rotated_in: bool,
}

/// The leaders of a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaders {
    /// 学年.
    pub year: i32,
    /// The current 任职表, `None` when none is imported (then every count is 未接入).
    pub file: Option<LeaderFile>,
    /// The rule: due after this many years in one school (terms × term length).
    pub due_after: u32,
    /// Terms per the rule, and the years of one term.
    pub terms: u32,
    /// Years of one term.
    pub term_years: u32,
    /// Every leader serving in the year, by school then post.
    pub rows: Vec<LeaderRow>,
}

impl Leaders {
    /// Serving leaders due to rotate.
    pub fn due(&self) -> usize {
        self.rows.iter().filter(|r| r.due).count()
    }

    /// Leaders who began a post this year after one at another school.
    pub fn rotated(&self) -> usize {
        self.rows.iter().filter(|r| r.rotated_in).count()
    }

    /// The year restricted to the schools `sees` admits.
    pub fn within(mut self, sees: impl Fn(&SchoolCode) -> bool) -> Self {
        self.rows.retain(|r| sees(&r.school));
        self
    }
}

/// The standings of school year `year` under `rules`, from the current 任职表; school names from
/// `names` (the year's statistics).
pub async fn year(
    store: &DistrictStore,
    year: i32,
    rules: &RotationRules,
    names: &BTreeMap<SchoolCode, String>,
) -> Result<Leaders, StoreError> {
    let (file, terms): (Option<LeaderFile>, Vec<LeaderTerm>) = match store.leaders().await? {
        Some((file, terms)) => (Some(file), terms),
        None => (None, Vec::new()),
    };
    let y = leader_year(&terms, year, rules);
    let rows = y
        .leaders
        .iter()
        .map(|l| LeaderRow {
            person: l.term.person.to_string(),
            school: l.term.school.clone(),
            school_name: names.get(&l.term.school).cloned().unwrap_or_default(),
            post: l.term.post.label(),
            since: l.since,
            years: l.years,
            due: l.due,
            rotated_in: l.rotated_in,
        })
        .collect();
    Ok(Leaders {
        year,
        file,
        due_after: y.due_after,
        terms: rules.leader_terms,
        term_years: rules.leader_term_years,
        rows,
    })
}
