//! The 劳动记录 template: one row per record of one child — 学籍号, 项目编号, 日期, 分钟,
//! 佐证, 报告人 — read from .xlsx, .xlsm, .xls, .ods or .csv into a [`RecordsFile`] with every
//! problem located, and written by [`write_template`]. Which child a 学籍号 is, whether they are
//! in the class and whether the item is on the school's list for their grade are the use-case
//! layer's and the engine's checks; a file is written whole or not at all.
//!
//! Privacy: the 学籍号 is the only identifying cell (no name); an issue that echoes it shows it
//! through the shared masking of ID-shaped values.
//!
//! ```
//! use junheng_io::labour::records::{read, write_template};
//! let file = read(&write_template(), "劳动记录.xlsx").unwrap();
//! assert_eq!(file.rows.len(), 2);
//! ```

use std::collections::HashMap;

use junheng_core::student::StudentNumber;
use junheng_labour::calendar::Day;
use junheng_labour::checklist::ItemCode;
use junheng_labour::passport::{Evidence, MAX_RECORD_MINUTES, Reporter};

use crate::limits::Limits;
use crate::table::date::Dates;
use crate::table::rows::{Template, exact, read_rows};
use crate::table::write::{self, Sheet, int, labels, t};
use crate::table::{Row, Table, col};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;

/// Stable issue codes of the template: `labour.records.*`.
pub mod codes {
    crate::table::table_codes!("labour.records", "劳动记录模板", Some(SHEET_NOT_NAMED));
    /// Warning: no sheet is named 劳动记录; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "labour.records.sheet_not_named";
    /// A 学籍号 that is not one.
    pub const NUMBER_INVALID: &str = "labour.records.number_invalid";
    /// A 项目编号 that is not 1–32 letters, digits, `-`, `_` or `.`.
    pub const CODE_INVALID: &str = "labour.records.code_invalid";
    /// A 日期 that is not a day.
    pub const DAY_INVALID: &str = "labour.records.day_invalid";
    /// 分钟 not 1–600.
    pub const MINUTES_INVALID: &str = "labour.records.minutes_invalid";
    /// 佐证 too long or with control characters.
    pub const EVIDENCE_INVALID: &str = "labour.records.evidence_invalid";
    /// A 报告人 that is not 学生, 家长, 教师 or 基地.
    pub const REPORTER_INVALID: &str = "labour.records.reporter_invalid";
    /// A 学籍号 no child of the class has (found by the use-case layer).
    pub const NOT_IN_CLASS: &str = "labour.records.not_in_class";
    /// A record the engine refuses (item not on the list or not for the grade, a future day).
    pub const RULE: &str = "labour.records.rule";
}

/// Header names.
pub mod columns {
    /// 学籍号.
    pub const NUMBER: &str = "学籍号";
    /// 项目编号.
    pub const CODE: &str = "项目编号";
    /// 日期.
    pub const DAY: &str = "日期";
    /// 分钟.
    pub const MINUTES: &str = "分钟";
    /// 佐证.
    pub const EVIDENCE: &str = "佐证";
    /// 报告人.
    pub const REPORTER: &str = "报告人";
}

use columns::*;

/// The sheet read when present, and written.
pub const SHEET: &str = "劳动记录";

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        NUMBER,
        true,
        "文本",
        "全国学籍号（G 加 18 位身份证号）或临时学籍号（L 开头）；不要填姓名",
        "G500112201609010015",
    ),
    col(
        CODE,
        true,
        "文本",
        "本校劳动清单中的项目编号，须适用于该生的年级",
        "B2-01",
    ),
    col(
        DAY,
        true,
        "日期",
        "YYYY-MM-DD，不晚于导入当天",
        "2025-10-15",
    ),
    col(MINUTES, true, "整数", "1 到 600", "20"),
    col(
        EVIDENCE,
        false,
        "文本",
        "做了什么，最多 500 字；不上传照片",
        "洗了自己的袜子和鞋",
    ),
    col(REPORTER, true, "文本", "学生、家长、教师或基地", "家长"),
];

/// One row read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    /// The row's number in the file.
    pub row: usize,
    /// The child's 学籍号.
    pub number: StudentNumber,
    /// The item.
    pub item: ItemCode,
    /// The day.
    pub day: Day,
    /// Minutes.
    pub minutes: u16,
    /// Evidence.
    pub evidence: Evidence,
    /// Who reports.
    pub reporter: Reporter,
}

/// A records file read, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordsFile {
    /// The file's name.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The rows, in file order.
    pub rows: Vec<RecordRow>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl RecordsFile {
    /// An issue of this file at a row and column (the use-case layer's own checks).
    pub fn issue(&self, code: &'static str, row: usize, column: &str, message: String) -> Issue {
        crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        }
        .issue(code, Some(row), Some(column), None, message)
    }
}

fn bad(t: &Table, row: &Row, code: &'static str, header: &str, message: String) -> Issue {
    let value = Table::cell(row, t.column(header)).shown();
    t.issue(code, Some(row.line), Some(header), value, message)
}

fn line(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<RecordRow> {
    let number = t.text(row, NUMBER, true, issues).and_then(|n| {
        let parsed = StudentNumber::parse(n.trim()).ok();
        if parsed.is_none() {
            t.push(issues, || {
                bad(
                    t,
                    row,
                    codes::NUMBER_INVALID,
                    NUMBER,
                    "学籍号应为 G 加 18 位身份证号，或 L 开头的临时学籍号（文本格式）".into(),
                )
            });
        }
        parsed
    });
    let item = t.text(row, CODE, true, issues).and_then(|c| {
        let parsed = ItemCode::parse(&c);
        if parsed.is_none() {
            t.push(issues, || {
                bad(
                    t,
                    row,
                    codes::CODE_INVALID,
                    CODE,
                    "项目编号应为 1 到 32 个英文字母、数字或 - _ .".into(),
                )
            });
        }
        parsed
    });
    let cell = Table::cell(row, t.column(DAY));
    let day = if matches!(cell, crate::table::Value::Empty) {
        t.push(issues, || {
            bad(
                t,
                row,
                codes::REQUIRED_CELL_EMPTY,
                DAY,
                "「日期」不能为空".into(),
            )
        });
        None
    } else {
        let d = Dates(1900..=2200).value(cell).and_then(|d| Day::parse(&d));
        if d.is_none() {
            t.push(issues, || {
                bad(
                    t,
                    row,
                    codes::DAY_INVALID,
                    DAY,
                    "日期应写作 YYYY-MM-DD，例如 2025-10-15".into(),
                )
            });
        }
        d
    };
    let what = || format!("1 到 {MAX_RECORD_MINUTES} 的整数");
    let minutes = t
        .whole(row, MINUTES, true, what, codes::MINUTES_INVALID, issues)
        .and_then(|m| {
            let ok = u16::try_from(m)
                .ok()
                .filter(|m| (1..=MAX_RECORD_MINUTES).contains(m));
            if ok.is_none() {
                t.push(issues, || {
                    bad(
                        t,
                        row,
                        codes::MINUTES_INVALID,
                        MINUTES,
                        format!("分钟应为{}", what()),
                    )
                });
            }
            ok
        });
    let evidence = if t.column(EVIDENCE).is_some() {
        match Table::cell(row, t.column(EVIDENCE)) {
            crate::table::Value::Text(text) => match Evidence::parse(text) {
                Ok(e) => Some(e),
                Err(e) => {
                    t.push(issues, || {
                        bad(t, row, codes::EVIDENCE_INVALID, EVIDENCE, e.to_string())
                    });
                    None
                }
            },
            crate::table::Value::Empty => Some(Evidence::default()),
            _ => t
                .text(row, EVIDENCE, false, issues)
                .and_then(|e| Evidence::parse(&e).ok()),
        }
    } else {
        Some(Evidence::default())
    };
    let reporter = t.word(
        row,
        REPORTER,
        true,
        Reporter::parse,
        || labels(Reporter::ALL, Reporter::label).join("、"),
        codes::REPORTER_INVALID,
        issues,
    );
    Some(RecordRow {
        row: row.line,
        number: number?,
        item: item?,
        day: day?,
        minutes: minutes?,
        evidence: evidence?,
        reporter: reporter?,
    })
}

/// Reads a records file held in memory within [`Limits::default`].
pub fn read(bytes: &[u8], file_name: &str) -> Result<RecordsFile, ImportFailure> {
    let template = Template {
        sheet: SHEET,
        codes: &codes::TABLE,
        columns: COLUMNS,
        aliases: exact,
    };
    let checked = read_rows(
        bytes,
        file_name,
        &template,
        &Limits::default(),
        &mut |_, _| {},
        line,
    )?;
    let place = checked.table.place.clone();
    let (rows, warnings) = checked.finish()?;
    Ok(RecordsFile {
        file: place.file,
        sheet: place.sheet,
        rows,
        warnings,
    })
}

/// The template: the records sheet with two example rows, a drop-down of 报告人, and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let rows = vec![
        vec![
            t("G500112201609010015"),
            t("B2-01"),
            t("2025-10-15"),
            int(20),
            t("洗了自己的袜子和鞋"),
            t("家长"),
        ],
        vec![
            t("G500112201609010015"),
            t("B2-02"),
            t("2025-10-16"),
            int(10),
            t(""),
            t("学生"),
        ],
    ];
    let sheet = Sheet::template(SHEET, COLUMNS, rows)
        .numbers_general(COLUMNS)
        .choose(REPORTER, labels(Reporter::ALL, Reporter::label));
    write::template(sheet, COLUMNS, RULES)
}

const RULES: &[&str] = &[
    "每条记录填一行：一名学生某天做了某个劳动项目。只填学籍号，不要填姓名。",
    "一个文件全部导入或全部不导入：任何一行有问题（学籍号不在本班、项目不在本校清单或不适用于该年级、日期晚于今天等），都会列出行、列和应填的内容，本次不写入。",
    "家长报告的家庭劳动视为家长已确认；教师报告的记录视为已核实；学生和基地报告的记录须由家长或教师确认。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。填写前请删除示例行。",
];

/// How many rows of each 学籍号 (for a summary).
pub fn per_child(file: &RecordsFile) -> HashMap<&StudentNumber, usize> {
    let mut out = HashMap::new();
    for r in &file.rows {
        *out.entry(&r.number).or_default() += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_located_and_a_good_row_read() {
        let csv = "学籍号,项目编号,日期,分钟,佐证,报告人\nG500112201609010015,B2-01,2025-10-15,20,洗袜子,家长\n12345,洗碗,2025-13-01,0,,老师\n";
        let e = read(csv.as_bytes(), "记录.csv").unwrap_err();
        let found: Vec<_> = e
            .issues
            .iter()
            .map(|i| (i.code, i.row, i.column.clone().unwrap_or_default()))
            .collect();
        for (code, column) in [
            (codes::NUMBER_INVALID, NUMBER),
            (codes::CODE_INVALID, CODE),
            (codes::DAY_INVALID, DAY),
            (codes::MINUTES_INVALID, MINUTES),
            (codes::REPORTER_INVALID, REPORTER),
        ] {
            assert!(
                found.contains(&(code, Some(3), column.to_owned())),
                "{code}: {found:?}"
            );
        }
        let good = read(&csv.as_bytes()[..csv.find("\n12345").unwrap()], "记录.csv").unwrap();
        assert_eq!(good.rows[0].reporter, Reporter::Parent);
        assert_eq!(good.rows[0].day.to_string(), "2025-10-15");
    }
}
