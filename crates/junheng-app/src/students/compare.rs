//! 四查三比对: a list from another department compared with the registry of a school year, by
//! pseudonym (the list's 学籍号 keyed like the registry's; nothing of the list is stored):
//!
//! * 户籍适龄儿童名单 (公安): a child on the list and not on the registry may be out of school
//!   (失学);
//! * 脱贫户适龄子女名单: the same, and a child on the registry whose 脱贫户 flag is not set;
//! * 在校学生名单 (a head count of schools): a child on the registry of a school the list covers
//!   but not on the list may have dropped out (辍学); a child on the list and not on the registry
//!   has no 学籍 here.
//!
//! The result is a workbook of the rows that did not match (names from the uploaded list, or,
//! for registry children, opened through `DistrictStore::named_students`, which records the
//! read). Only the operator and the district's 控辍保学专干 compare lists.

use std::collections::{BTreeSet, HashSet};

use junheng_core::school::SchoolCode;
use junheng_io::student::lists::{ListKind, Mismatch, read_list_with, write_comparison};
use junheng_store::{DistrictStore, StudentKeys};

use super::Refused;
use super::who::{Sight, sight};
use crate::pairings::Caller;

/// What a comparison found.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The list's kind.
    pub kind: ListKind,
    /// Children on the list.
    pub listed: usize,
    /// Of them, found as the list expects.
    pub matched: usize,
    /// Everything that did not match.
    pub mismatches: Vec<Mismatch>,
    /// The workbook of the result (a named list: its download is recorded by the caller).
    pub workbook: Vec<u8>,
}

/// Compares the list in `bytes` (named `file_name`) of `kind` with the registry of `year`, on
/// `today`, for `caller`.
#[allow(clippy::too_many_arguments)]
pub async fn compare(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    kind: ListKind,
    year: i32,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
    today: &str,
) -> Result<Comparison, Refused> {
    if !matches!(sight(caller), Sight::Everything | Sight::Cases) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let list = read_list_with(bytes, file_name, limits).map_err(Refused::Problems)?;
    let registry = store.registry_keys(year).await?;
    let mut mismatches = Vec::new();
    let mut matched = 0usize;
    let mut seen: HashSet<&str> = HashSet::new();
    let mut covered: BTreeSet<SchoolCode> = BTreeSet::new();
    let pseudonyms: Vec<String> = list
        .lines
        .iter()
        .map(|l| keys.pseudonym(&l.number))
        .collect();
    for (line, p) in list.lines.iter().zip(&pseudonyms) {
        let found = registry.get(p);
        let finding = match (kind, found) {
            (ListKind::Hukou, None) => Some(format!(
                "不在 {year} 学年本区县学籍中：疑似失学（请核实是否在外地就读）"
            )),
            (ListKind::Poverty, None) => {
                Some(format!("脱贫户子女不在 {year} 学年本区县学籍中：疑似失学"))
            }
            (ListKind::Poverty, Some((.., flags))) if !flags.poverty => {
                Some("在学籍中，但学籍未标记为脱贫户：请核对学籍".into())
            }
            (ListKind::Attendance, None) => {
                Some(format!("在校但不在 {year} 学年本区县学籍中：请补办学籍"))
            }
            _ => None,
        };
        if let Some((_, school, ..)) = found {
            seen.insert(p.as_str());
            covered.insert(school.clone());
        }
        match finding {
            Some(finding) => mismatches.push(Mismatch {
                row: line.row,
                number_masked: line.number.masked(),
                name: line.name.clone(),
                township: line.township.clone(),
                finding,
            }),
            None => matched += 1,
        }
    }
    if kind == ListKind::Attendance {
        // Registry children of the schools the list covers who are not on it.
        let absent: Vec<(i64, SchoolCode, u8)> = registry
            .iter()
            .filter(|(p, (_, school, ..))| covered.contains(school) && !seen.contains(p.as_str()))
            .map(|(_, (id, school, grade, _))| (*id, school.clone(), *grade))
            .collect();
        let ids: Vec<i64> = absent.iter().map(|(id, ..)| *id).collect();
        let named = store
            .named_students(
                keys,
                &ids,
                &caller.actor(),
                &format!("四查三比对：{file_name}"),
            )
            .await?;
        for ((_, school, grade), n) in absent.iter().zip(named) {
            mismatches.push(Mismatch {
                row: 0,
                number_masked: n.number_masked,
                name: n.name,
                township: String::new(),
                finding: format!("在 {school} {grade} 年级学籍中、不在在校名单上：疑似辍学"),
            });
        }
    }
    let workbook = write_comparison(kind, file_name, today, matched, &mismatches);
    Ok(Comparison {
        kind,
        listed: list.lines.len(),
        matched,
        mismatches,
        workbook,
    })
}
