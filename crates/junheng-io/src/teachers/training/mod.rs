//! 继续教育 files: the training ledger (培训台账) — one row per training a teacher attended:
//! 教师编号, 培训项目, 培训级别 (国培/市培/区培/校培), 开始日期, 结束日期, 学时, 证书编号 (optional), 来源
//! (平台导出 or 手工录入; empty is 平台导出) — and the training budgets (培训经费): one row per school
//! and year with its 公用经费 budget and the part for teacher training. Both are read from .xlsx,
//! .xlsm, .xls, .ods or .csv (the shared table reader); their templates are written by
//! [`write_template`] and [`write_budget_template`]. One record or one school's budget entered on
//! a form is checked by the same row rules ([`read_entry`], [`read_budget_entry`]).
//!
//! Every problem is reported at once with a stable `training.*` code, located as the user sees
//! it (file, sheet, row, column, value, what is expected); nothing is returned when anything is
//! wrong. The rules of a ledger row:
//! * 教师编号: the bureau's id (never a 居民身份证号); that it is in the school year's roster is
//!   checked by the use-case layer ([`codes::TEACHER_UNKNOWN`]).
//! * 培训项目: required, at most [`junheng_teachers::training::MAX_COURSE_CHARS`] characters.
//! * 开始日期, 结束日期: real days of 2000–2100 (`YYYY-MM-DD`, or a date cell), end not before start.
//! * 学时: a number > 0 with at most two decimals, at most 360.
//! * The same 教师编号, 培训项目 and 开始日期 twice in a file is refused ([`codes::DUPLICATE_RECORD`]).
//!
//! A budget row: 学校标识码 (10 digits as text), 年度 (2000–2100), 公用经费预算（元） (a whole
//! number > 0) and 其中教师培训经费（元） (a whole number from 0 to the budget); a school and year
//! twice is refused.
//!
//! ```
//! use junheng_io::teachers::training::{read_budgets, read_training, write_budget_template, write_template};
//! let file = read_training(&write_template(), "培训台账.xlsx").unwrap();
//! assert_eq!(file.records.len(), 4);
//! let budgets = read_budgets(&write_budget_template(), "培训经费.xlsx").unwrap();
//! assert_eq!(budgets.budgets.len(), 2);
//! ```

mod entry;
mod parse;
mod write;

use junheng_teachers::training::{Budget, TrainingRecord};

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use entry::{ENTERED, entry_issue, read_budget_entry, read_entry};
pub use write::{write_budget_template, write_template};

/// Stable issue codes of the training files (also i18n keys): `training.*`.
pub mod codes {
    crate::table::table_codes!("training", "培训台账或培训经费模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named as the template's; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "training.sheet_not_named";
    /// A number cell that is not the number asked for.
    pub const NOT_INTEGER: &str = "training.not_integer";
    /// 教师编号 is not a valid id.
    pub const TEACHER_ID_INVALID: &str = "training.teacher_id_invalid";
    /// 教师编号 looks like a national ID number.
    pub const TEACHER_ID_NATIONAL_ID: &str = "training.teacher_id_national_id";
    /// 教师编号 not in the school year's roster (found by the use-case layer).
    pub const TEACHER_UNKNOWN: &str = "training.teacher_unknown";
    /// A text longer than its column allows.
    pub const TEXT_TOO_LONG: &str = "training.text_too_long";
    /// 培训级别 is not one of the four.
    pub const LEVEL_INVALID: &str = "training.level_invalid";
    /// 来源 is not 平台导出 or 手工录入.
    pub const SOURCE_INVALID: &str = "training.source_invalid";
    /// A date that is not a real day of 2000–2100.
    pub const DATE_INVALID: &str = "training.date_invalid";
    /// 结束日期 before 开始日期.
    pub const DATES_REVERSED: &str = "training.dates_reversed";
    /// 学时 is not a number > 0 with at most two decimals, at most 360.
    pub const HOURS_INVALID: &str = "training.hours_invalid";
    /// The same teacher, course and start date twice in the file.
    pub const DUPLICATE_RECORD: &str = "training.duplicate_record";
    /// 学校标识码 stored as a number.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "training.school_code_not_text";
    /// 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "training.school_code_invalid";
    /// 年度 is not 2000–2100.
    pub const YEAR_INVALID: &str = "training.year_invalid";
    /// An amount that is not a whole number of 元 in its range.
    pub const AMOUNT_INVALID: &str = "training.amount_invalid";
    /// The same school and year twice in a budget file.
    pub const DUPLICATE_BUDGET: &str = "training.duplicate_budget";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        year_invalid: YEAR_INVALID,
        teacher_id_invalid: TEACHER_ID_INVALID,
        teacher_id_national_id: TEACHER_ID_NATIONAL_ID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 教师编号.
    pub const TEACHER: &str = "教师编号";
    /// 培训项目.
    pub const COURSE: &str = "培训项目";
    /// 培训级别.
    pub const LEVEL: &str = "培训级别";
    /// 开始日期.
    pub const START: &str = "开始日期";
    /// 结束日期.
    pub const END: &str = "结束日期";
    /// 学时.
    pub const HOURS: &str = "学时";
    /// 证书编号.
    pub const CERTIFICATE: &str = "证书编号";
    /// 来源.
    pub const SOURCE: &str = "来源";
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 年度.
    pub const YEAR: &str = "年度";
    /// 公用经费预算（元）.
    pub const FUNDS: &str = "公用经费预算（元）";
    /// 其中教师培训经费（元）.
    pub const TRAINING: &str = "其中教师培训经费（元）";
}

/// The ledger's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::TEACHER,
        true,
        "文本",
        "单位内部的教师编号，须在所选学年的教师花名册中；不要填身份证号",
        "T0001",
    ),
    col(
        columns::COURSE,
        true,
        "文本，最多 100 个字",
        "培训项目（课程）名称",
        "国培计划·乡村教师访名校",
    ),
    col(
        columns::LEVEL,
        true,
        "国培、市培、区培、校培",
        "培训级别（也可写 国、市、区、校）",
        "国培",
    ),
    col(
        columns::START,
        true,
        "日期 YYYY-MM-DD",
        "培训开始日期",
        "2024-07-08",
    ),
    col(
        columns::END,
        true,
        "日期 YYYY-MM-DD",
        "培训结束日期，不早于开始日期；记录计入结束日期所在的周期",
        "2024-07-12",
    ),
    col(
        columns::HOURS,
        true,
        "数，大于 0，最多两位小数，不超过 360",
        "本次培训认定的学时",
        "40",
    ),
    col(
        columns::CERTIFICATE,
        false,
        "文本，最多 50 个字符",
        "结业证书编号（没有可不填）",
        "GP2024-001",
    ),
    col(
        columns::SOURCE,
        false,
        "平台导出、手工录入",
        "记录来源；不填为平台导出",
        "平台导出",
    ),
];

/// The budget file's columns, in order.
pub const BUDGET_COLUMNS: &[Column] = &[
    col(
        columns::SCHOOL,
        true,
        "文本，10 位数字",
        "学校标识码",
        "5001120001",
    ),
    col(
        columns::YEAR,
        true,
        "整数，2000–2100",
        "预算年度（自然年）",
        "2025",
    ),
    col(
        columns::FUNDS,
        true,
        "整数，大于 0",
        "该校本年度公用经费预算（元）",
        "1200000",
    ),
    col(
        columns::TRAINING,
        true,
        "整数，0 至公用经费预算",
        "其中用于教师培训的经费（元）",
        "60000",
    ),
];

/// The ledger's sheet.
pub const SHEET_NAME: &str = "培训台账";
/// The budget file's sheet.
pub const BUDGET_SHEET_NAME: &str = "培训经费";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

const BUDGET_TEMPLATE: Template<'static> = Template {
    sheet: BUDGET_SHEET_NAME,
    codes: &codes::TABLE,
    columns: BUDGET_COLUMNS,
    aliases: exact,
};

/// A ledger file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The records with their rows, in file order.
    pub records: Vec<(usize, TrainingRecord)>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl TrainingFile {
    /// An issue of this file at a row and column (the use-case layer's own checks).
    pub fn issue(
        &self,
        code: &'static str,
        row: usize,
        column: &str,
        value: Option<String>,
        message: String,
    ) -> Issue {
        crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        }
        .issue(code, Some(row), Some(column), value, message)
    }
}

/// A budget file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetFile {
    /// The file's name.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The budgets, in file order.
    pub budgets: Vec<Budget>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads a training ledger held in memory within [`Limits::default`]; the format comes from
/// `file_name`'s extension.
pub fn read_training(bytes: &[u8], file_name: &str) -> Result<TrainingFile, ImportFailure> {
    parse::read_training(bytes, file_name, &Limits::default())
}

/// Reads a budget file held in memory within [`Limits::default`].
pub fn read_budgets(bytes: &[u8], file_name: &str) -> Result<BudgetFile, ImportFailure> {
    parse::read_budgets(bytes, file_name, &Limits::default())
}

#[cfg(test)]
mod tests;
