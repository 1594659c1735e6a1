//! The bureau's way back from 公示编号 to 报名号, for its own copy of the results: the receipts
//! table written by `freeze`, or the key and the 报名 table.

use std::collections::HashMap;
use std::path::Path;

use junheng_lottery::{Inputs, LotteryKey, is_public_code};

use super::applicants::registration;
use super::columns::APPLICANT;
use super::write::{RECEIPT_COLUMNS, RECEIPT_SHEET};
use super::{ImportFailure, Issue, codes};
use crate::table::{self, Table};

/// 公示编号 → 报名号.
pub type Names = HashMap<String, String>;

fn load(path: &Path, sheet: &str) -> Result<Table, ImportFailure> {
    let limits = crate::Limits::default();
    let (bytes, file) = table::load(path, &codes::TABLE, &limits)?;
    read_table(&bytes, &file, sheet)
}

fn read_table(bytes: &[u8], file: &str, sheet: &str) -> Result<Table, ImportFailure> {
    let limits = crate::Limits::default();
    table::read_with(bytes, file, sheet, &codes::TABLE, &limits).map_err(|issue| ImportFailure {
        issues: vec![*issue],
        warnings: Vec::new(),
    })
}

fn failed(issues: Vec<Issue>) -> Result<(), ImportFailure> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ImportFailure {
            issues,
            warnings: Vec::new(),
        })
    }
}

/// Reads the receipts table (sheet 回执 of `freeze --receipts`): its 报名号 and 公示编号, every
/// problem reported at once.
pub fn read_receipts(path: &Path) -> Result<Names, ImportFailure> {
    let t = load(path, RECEIPT_SHEET)?;
    let mut issues = Vec::new();
    let known: Vec<(&str, bool)> = RECEIPT_COLUMNS
        .iter()
        .map(|c| (c.header, c.header != "回执校验码" && c.required))
        .collect();
    t.check_header(&known, |_| false, &mut issues, &mut Vec::new());
    t.require_rows(&mut issues);
    failed(std::mem::take(&mut issues))?;
    let mut names = Names::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    for row in &t.rows {
        let reg = registration(&t, row, APPLICANT, true, &mut issues);
        let code = t.text(row, "公示编号", true, &mut issues);
        let (Some(reg), Some(code)) = (reg, code) else {
            continue;
        };
        if !is_public_code(&code) {
            issues.push(t.issue(
                codes::RECEIPT_CODE_INVALID,
                Some(row.line),
                Some("公示编号"),
                Some(code),
                "应为 12 位数字和大写字母（junheng lottery freeze 写出的公示编号）".into(),
            ));
            continue;
        }
        if let Some(first) = lines.insert(reg.clone(), row.line) {
            issues.push(t.issue(
                codes::DUPLICATE_APPLICANT,
                Some(row.line),
                Some(APPLICANT),
                Some(reg),
                format!("报名号与第 {first} 行重复，应唯一"),
            ));
            continue;
        }
        names.insert(code, reg);
    }
    failed(issues)?;
    Ok(names)
}

/// Reads the 报名号 column of the 报名 table (with the checks of `freeze`).
pub fn read_registrations(path: &Path) -> Result<Vec<String>, ImportFailure> {
    registrations(&load(path, super::SHEETS[2])?)
}

/// [`read_registrations`] of a 报名 table held in memory (an upload).
pub fn registrations_of(source: super::Source<'_>) -> Result<Vec<String>, ImportFailure> {
    registrations(&read_table(source.bytes, source.file, super::SHEETS[2])?)
}

fn registrations(t: &Table) -> Result<Vec<String>, ImportFailure> {
    let mut issues = Vec::new();
    if t.column(APPLICANT).is_none() {
        issues.push(t.issue(
            codes::REQUIRED_COLUMN_MISSING,
            None,
            Some(APPLICANT),
            None,
            format!("缺少必填列「{APPLICANT}」"),
        ));
    }
    t.require_rows(&mut issues);
    failed(std::mem::take(&mut issues))?;
    let list = t
        .rows
        .iter()
        .filter_map(|row| registration(t, row, APPLICANT, true, &mut issues))
        .collect();
    failed(issues)?;
    Ok(list)
}

/// The 公示编号 of every 报名号 under `key`.
pub fn names_from_key(key: &LotteryKey, registrations: &[String]) -> Names {
    registrations
        .iter()
        .map(|r| (key.public_code(r), r.clone()))
        .collect()
}

/// Checks that `names` covers exactly the applicants of `inputs` (the receipts or the table
/// belong to this lottery); the message says how many differ, never which 报名号.
pub fn check_names(names: &Names, inputs: &Inputs) -> Result<(), String> {
    let missing = inputs
        .applicants
        .iter()
        .filter(|a| !names.contains_key(&a.id))
        .count();
    let extra = names.len() + missing - inputs.applicants.len();
    if missing == 0 && extra == 0 {
        return Ok(());
    }
    Err(format!(
        "与名单不符：名单中有 {missing} 个公示编号对应不到报名号，另有 {extra} 个报名号不在名单中；\
         请使用本次冻结时写出的回执表（或本次的派位密钥和报名表）"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lottery::write::write_receipts;
    use junheng_lottery::seal;

    fn inputs(ids: &[&str]) -> Inputs {
        let mut i = junheng_lottery::synth::district(&junheng_lottery::synth::SynthSpec {
            applicants: ids.len(),
            schools: 2,
            siblings: false,
            ..Default::default()
        });
        for (a, id) in i.applicants.iter_mut().zip(ids) {
            a.id = (*id).to_owned();
        }
        i
    }

    #[test]
    fn receipts_map_codes_back_in_both_formats() {
        let registered = inputs(&["2025000002", "2025000001", "报名-3"]);
        let key = LotteryKey::from_bytes([6; 32]);
        let sealed = seal(&registered, &key).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for name in ["回执.xlsx", "回执.csv"] {
            let path = dir.path().join(name);
            write_receipts(&registered, &sealed.receipts, &["三对口".into()], &path).unwrap();
            let names = read_receipts(&path).unwrap();
            assert_eq!(names.len(), 3);
            assert_eq!(names[&key.public_code("报名-3")], "报名-3");
            assert_eq!(check_names(&names, &sealed.inputs), Ok(()));
        }
        let from_key = names_from_key(&key, &["2025000001".into(), "2025000002".into()]);
        let err = check_names(&from_key, &sealed.inputs).unwrap_err();
        assert!(
            err.contains("有 1 个公示编号对应不到报名号，另有 0 个"),
            "{err}"
        );
        assert!(!err.contains("报名-3"));
    }

    #[test]
    fn bad_receipt_rows_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("回执.csv");
        std::fs::write(
            &path,
            "报名号,公示编号,回执校验码\nA1,ABC,1\nA1,0123456789AB,2\nA1,0123456789AC,3\n110101199003077777,0123456789AD,4\n",
        )
        .unwrap();
        let f = read_receipts(&path).unwrap_err();
        let got: Vec<(&str, Option<usize>)> = f.issues.iter().map(|i| (i.code, i.row)).collect();
        assert_eq!(
            got,
            [
                (codes::RECEIPT_CODE_INVALID, Some(2)),
                (codes::DUPLICATE_APPLICANT, Some(4)),
                (codes::APPLICANT_ID_NATIONAL_ID, Some(5)),
            ]
        );
        assert!(!f.to_string().contains("110101199003077777"));
    }
}
