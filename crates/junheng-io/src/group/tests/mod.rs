//! Unit tests of the group file.
//!
//! This module holds the files the tests read and the checks they share; `workbook` (the
//! written file and template, date cells), `cells` (each cell's checks, and their order),
//! `overlap` (a school in one group at a time) and `formats` (missing sheets and columns,
//! other formats, the limits, .ods) hold the tests.

mod cells;
mod formats;
mod overlap;
mod workbook;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::write::MEMBERSHIP_RULE;
use super::*;

const G: &[&str] = &[
    "集团名称",
    "集团类型",
    "状态",
    "成立日期",
    "法人形式",
    "牵头校标识码",
    "备注",
];
const M: &[&str] = &["集团名称", "学校标识码", "加入日期", "退出日期"];

fn kinds() -> Vec<String> {
    [
        "紧密型",
        "融合型",
        "领办型",
        "联盟型",
        "法人统筹型",
        "品牌引领型",
        "项目驱动型",
    ]
    .iter()
    .map(|k| (*k).to_owned())
    .collect()
}

fn code(s: &str) -> SchoolCode {
    SchoolCode::parse(s).unwrap()
}

/// A workbook of text cells: (sheet, rows), the first row the header; empty strings are blank.
fn book(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut b = Workbook::new();
    for (name, rows) in sheets {
        let ws = b.add_worksheet();
        ws.set_name(*name).unwrap();
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(i as u32, j as u16, *v).unwrap();
                }
            }
        }
    }
    b.save_to_buffer().unwrap()
}

/// A file of the two sheets with the template's headers and these rows.
fn file(groups: &[&[&str]], members: &[&[&str]]) -> Vec<u8> {
    fn sheet<'a>(header: &[&'static str], rows: &[&[&'a str]]) -> Vec<Vec<&'a str>> {
        let mut all = vec![header.to_vec()];
        all.extend(rows.iter().map(|r| r.to_vec()));
        all
    }
    book(&[("集团", sheet(G, groups)), ("成员", sheet(M, members))])
}

fn problems(bytes: &[u8]) -> Vec<Issue> {
    read_groups(bytes, "教育集团名册.xlsx", &kinds())
        .unwrap_err()
        .issues
}

/// The one problem of a file: its code, sheet, row, column and value, and its message.
fn only(bytes: &[u8]) -> Issue {
    let mut issues = problems(bytes);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    issues.remove(0)
}

#[track_caller]
fn located(i: &Issue, code: &str, sheet: &str, row: usize, column: &str, value: Option<&str>) {
    assert_eq!(
        (i.code, i.sheet.as_deref(), i.row, i.column.as_deref()),
        (code, Some(sheet), Some(row), Some(column)),
        "{i:#?}"
    );
    assert_eq!(i.value.as_deref(), value, "{i:#?}");
    assert_eq!(i.file, "教育集团名册.xlsx");
}

const OK_GROUP: &[&str] = &[
    "巴蜀小学教育集团",
    "紧密型",
    "正式",
    "2019-09-01",
    "多法人",
    "5001120001",
    "",
];

fn only_of(result: Result<GroupFile, ImportFailure>) -> Issue {
    let mut issues = result.unwrap_err().issues;
    assert_eq!(issues.len(), 1, "{issues:#?}");
    issues.remove(0)
}
