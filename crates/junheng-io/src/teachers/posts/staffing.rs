//! The 编制 file: one row per school — 学校标识码, 核定编制, 在编教职工, 编外教师 (whole numbers
//! 0 to [`STAFF_MAX`]). The roster holds only 专任教师, so these are entered. A school listed
//! twice is refused.
//!
//! ```
//! use junheng_io::teachers::posts::staffing::{read_staffing, write_template};
//! let file = read_staffing(&write_template(), "编制.xlsx").unwrap();
//! assert_eq!(file.rows[0].staffing.approved, 60);
//! ```

use std::collections::HashMap;

use junheng_teachers::posts::Staffing;

use super::{FilePlace, ImportFailure, Issue, bounded};
use crate::limits::Limits;
use crate::table::rows::{Template, exact, read_rows};
use crate::table::write::{self, Sheet, V, int, t};
use crate::table::{Column, Row, Table, col};

/// Stable issue codes (also i18n keys): `posts.staffing.*`.
pub mod codes {
    crate::table::table_codes!("posts.staffing", "编制模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 编制; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "posts.staffing.sheet_not_named";
    /// A cell that should be a whole number is not.
    pub const NOT_INTEGER: &str = "posts.staffing.not_integer";
    /// A count outside 0 to [`super::STAFF_MAX`].
    pub const COUNT_INVALID: &str = "posts.staffing.count_invalid";
    /// A 学校标识码 cell is a spreadsheet number, not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "posts.staffing.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "posts.staffing.school_code_invalid";
    /// The same school twice.
    pub const DUPLICATE: &str = "posts.staffing.duplicate";
    /// A school not in the year's statistics (found by the use-case layer).
    pub const SCHOOL_UNKNOWN: &str = "posts.staffing.school_unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        // No 学年 and no 教师编号 here: these are never reported.
        year_invalid: COUNT_INVALID,
        teacher_id_invalid: SCHOOL_CODE_INVALID,
        teacher_id_national_id: SCHOOL_CODE_INVALID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 核定编制.
    pub const APPROVED: &str = "核定编制";
    /// 在编教职工.
    pub const ON_POST: &str = "在编教职工";
    /// 编外教师.
    pub const OUTSIDE: &str = "编外教师";
}

/// Most posts or staff of one school (a typo guard).
pub const STAFF_MAX: u32 = 10_000;

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::SCHOOL,
        true,
        "文本，10 位数字",
        "本学年学校统计表中的学校",
        "5001120001",
    ),
    col(
        columns::APPROVED,
        true,
        "整数，≥ 0",
        "编制部门核定的教职工编制数",
        "60",
    ),
    col(
        columns::ON_POST,
        true,
        "整数，≥ 0",
        "实有在编教职工数",
        "57",
    ),
    col(
        columns::OUTSIDE,
        true,
        "整数，≥ 0",
        "聘用的编外（代课、合同制）教师数",
        "2",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "编制";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// One school of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffingLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// The school's figures.
    pub staffing: Staffing,
}

/// An 编制 file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingFile {
    /// Where its issues are.
    pub place: FilePlace,
    /// The schools, in file order.
    pub rows: Vec<StaffingLine>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads an 编制 file held in memory within [`Limits::default`].
pub fn read_staffing(bytes: &[u8], file_name: &str) -> Result<StaffingFile, ImportFailure> {
    read_staffing_with(bytes, file_name, &Limits::default())
}

/// [`read_staffing`] within the given limits.
pub fn read_staffing_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<StaffingFile, ImportFailure> {
    let mut checked = read_rows(bytes, file_name, &TEMPLATE, limits, &mut |_, _| {}, line)?;
    let mut seen = HashMap::new();
    let mut duplicates = Vec::new();
    for (row, s) in &checked.rows {
        let first = *seen.entry(s.staffing.school.clone()).or_insert(*row);
        if first != *row {
            duplicates.push((*row, first));
        }
    }
    for (row, first) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE,
                Some(row),
                Some(columns::SCHOOL),
                None,
                format!("与第 {first} 行是同一所学校；每所学校只填一行"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (rows, warnings) = checked.finish()?;
    Ok(StaffingFile {
        place: FilePlace {
            file: place.file,
            sheet: place.sheet,
        },
        rows,
        warnings,
    })
}

fn line(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<StaffingLine> {
    use columns::*;
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let mut count = |header| {
        bounded(
            t,
            row,
            header,
            STAFF_MAX,
            codes::NOT_INTEGER,
            codes::COUNT_INVALID,
            issues,
        )
    };
    let approved = count(APPROVED);
    let on_post = count(ON_POST);
    let outside = count(OUTSIDE);
    Some(StaffingLine {
        row: row.line,
        staffing: Staffing {
            school: school?,
            approved: approved?,
            on_post: on_post?,
            outside: outside?,
        },
    })
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每所学校填一行：学校标识码、核定编制、在编教职工和编外教师。学年在导入时选择。",
    "用于按教职工与学生比（小学 1:19、初中 1:13.5、高中 1:12.5，城乡统一标准）计算应配教职工、超编和缺编，以及「有编不补」预警（一票否决风险）。区管校聘的编制调整在系统中登记，不改本表。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。再次导入同一学年会替换该学年的编制表（须确认），可撤回。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。学校标识码为 10 位文本，请保持文本格式。",
    "数据填在「编制」工作表中；填写前请删除示例行。",
];

/// The template: an .xlsx with the 编制 sheet (two example rows) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let row = |school: &str, a: i32, b: i32, c: i32| -> Vec<V> {
        vec![t(school), int(a), int(b), int(c)]
    };
    let rows = vec![row("5001120001", 60, 57, 2), row("5001120002", 45, 45, 0)];
    let sheet = Sheet::template(SHEET_NAME, COLUMNS, rows).numbers_general(COLUMNS);
    write::template(sheet, COLUMNS, RULES)
}
