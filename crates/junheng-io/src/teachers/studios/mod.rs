//! The two files of 名师工作室 and projects: the studios (工作室名册: one row per studio or
//! project — name, kind, level, subject, host and host school, period, status and members) and
//! their outputs (工作室成果: one row per studio, school year and kind of output, with its count
//! and the schools reached). Read from .xlsx, .xlsm, .xls, .ods or .csv (the shared table
//! reader); the templates written by [`write_template`] and [`write_outputs_template`], the
//! stored data in the same layouts by [`write_studios`] and [`write_outputs`].
//!
//! Every problem is reported at once, with a stable code (`studios.*`, `studio_outputs.*`),
//! located as the user sees it; nothing is returned when anything is wrong. The rules:
//! * 名称: required, at most [`NAME_MAX_CHARS`] characters, once in the file.
//! * 类型: one of the kinds of [`StudioSettings::kinds`]; 级别: 区级 or 市级; 状态: 运行中, 已结业
//!   or 已撤销.
//! * 主持人教师编号 and 成员教师编号 (a list separated by 、): 教师编号s, never a 居民身份证号;
//!   学校标识码s: 10 digits as text.
//! * 开始日期 required, 结束日期 not before it.
//! * Outputs: 学年 2000–2100, 成果类型 公开课/示范课, 课题, 精品课, 培训 or 送教下乡, 数量 ≥ 1, 覆盖学校
//!   a list of 学校标识码; a studio, year and kind once in the file.
//!
//! ```
//! use junheng_io::teachers::studios::{read_outputs, read_studios, write_outputs_template, write_template};
//! use junheng_teachers::studios::StudioSettings;
//! let file = read_studios(&write_template(), "工作室名册.xlsx", &StudioSettings::default()).unwrap();
//! assert_eq!(file.studios.len(), 2);
//! assert_eq!(file.studios[0].members.len(), 3);
//! let outputs = read_outputs(&write_outputs_template(), "工作室成果.xlsx").unwrap();
//! assert_eq!(outputs.outputs[1].schools.len(), 2);
//! ```

pub(crate) mod parse;
mod write;

use junheng_teachers::studios::{Output, Studio, StudioSettings};

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::{write_outputs, write_outputs_template, write_studios, write_template};

/// Stable issue codes of the studios file: `studios.*`.
pub mod codes {
    crate::table::table_codes!("studios", "工作室名册模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 工作室; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "studios.sheet_not_named";
    /// 名称 or another text longer than allowed.
    pub const TEXT_TOO_LONG: &str = "studios.text_too_long";
    /// The same 名称 twice.
    pub const DUPLICATE_NAME: &str = "studios.duplicate_name";
    /// 类型 not in the vocabulary.
    pub const KIND_INVALID: &str = "studios.kind_invalid";
    /// 级别 not 区级 or 市级.
    pub const LEVEL_INVALID: &str = "studios.level_invalid";
    /// 状态 not 运行中, 已结业 or 已撤销.
    pub const STATUS_INVALID: &str = "studios.status_invalid";
    /// A date that is not a real day, or an end before the start.
    pub const DATE_INVALID: &str = "studios.date_invalid";
    /// A 教师编号 that is not one (or looks like a national ID number).
    pub const TEACHER_ID_INVALID: &str = "studios.teacher_id_invalid";
    /// A 教师编号 shaped like a 居民身份证号.
    pub const TEACHER_ID_NATIONAL_ID: &str = "studios.teacher_id_national_id";
    /// A 学校标识码 cell is a spreadsheet number.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "studios.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "studios.school_code_invalid";
    /// A school that is not the district's, or a teacher on none of its rosters (found by the
    /// use-case layer).
    pub const UNKNOWN: &str = "studios.unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: TEXT_TOO_LONG,
        year_invalid: DATE_INVALID,
        teacher_id_invalid: TEACHER_ID_INVALID,
        teacher_id_national_id: TEACHER_ID_NATIONAL_ID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Stable issue codes of the outputs file: `studio_outputs.*`.
pub mod output_codes {
    crate::table::table_codes!("studio_outputs", "工作室成果模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 工作室成果; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "studio_outputs.sheet_not_named";
    /// 工作室名称 longer than allowed.
    pub const TEXT_TOO_LONG: &str = "studio_outputs.text_too_long";
    /// 学年 or 数量 not a whole number.
    pub const NOT_INTEGER: &str = "studio_outputs.not_integer";
    /// 学年 outside 2000–2100.
    pub const YEAR_INVALID: &str = "studio_outputs.year_invalid";
    /// 成果类型 not one of the kinds.
    pub const KIND_INVALID: &str = "studio_outputs.kind_invalid";
    /// A 覆盖学校 item that is not a 学校标识码.
    pub const SCHOOL_CODE_INVALID: &str = "studio_outputs.school_code_invalid";
    /// A studio, year and kind twice.
    pub const DUPLICATE: &str = "studio_outputs.duplicate";
    /// A studio not stored, or a school not the district's (found by the use-case layer).
    pub const UNKNOWN: &str = "studio_outputs.unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        year_invalid: YEAR_INVALID,
        // This template has no 教师编号 and no single school code.
        teacher_id_invalid: SCHOOL_CODE_INVALID,
        teacher_id_national_id: SCHOOL_CODE_INVALID,
        school_code_not_text: SCHOOL_CODE_INVALID,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 名称.
    pub const NAME: &str = "名称";
    /// 类型.
    pub const KIND: &str = "类型";
    /// 级别.
    pub const LEVEL: &str = "级别";
    /// 学科.
    pub const SUBJECT: &str = "学科";
    /// 主持人教师编号.
    pub const HOST: &str = "主持人教师编号";
    /// 主持人学校标识码.
    pub const HOST_SCHOOL: &str = "主持人学校标识码";
    /// 开始日期.
    pub const START: &str = "开始日期";
    /// 结束日期.
    pub const END: &str = "结束日期";
    /// 状态.
    pub const STATUS: &str = "状态";
    /// 成员教师编号.
    pub const MEMBERS: &str = "成员教师编号";
    /// 工作室名称 (outputs).
    pub const STUDIO: &str = "工作室名称";
    /// 学年 (outputs).
    pub const YEAR: &str = "学年";
    /// 成果类型 (outputs).
    pub const OUTPUT_KIND: &str = "成果类型";
    /// 数量 (outputs).
    pub const COUNT: &str = "数量";
    /// 覆盖学校标识码 (outputs).
    pub const SCHOOLS: &str = "覆盖学校标识码";
}

/// Most characters of a studio's 名称.
pub const NAME_MAX_CHARS: usize = 60;
/// Most characters of a 学科.
pub const SUBJECT_MAX_CHARS: usize = 20;
/// The largest 数量 of one output row.
pub const COUNT_MAX: u32 = 10_000;

/// The studios template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::NAME,
        true,
        "文本",
        "工作室或项目名称，在本区县唯一，最多 60 个字",
        "王虎名师工作室",
    ),
    col(
        columns::KIND,
        true,
        "名师工作室 | 领雁工程项目 | 学科工作室 | 学科中心组 | 农村特色课程工作室 | 艺术工作室",
        "类型，取自本区县的类型目录",
        "名师工作室",
    ),
    col(columns::LEVEL, true, "区级 | 市级", "设立级别", "市级"),
    col(
        columns::SUBJECT,
        false,
        "文本",
        "学科，综合类可空，最多 20 个字",
        "数学",
    ),
    col(
        columns::HOST,
        true,
        "文本",
        "主持人的教师编号（不是身份证号）",
        "T0001",
    ),
    col(
        columns::HOST_SCHOOL,
        true,
        "文本，10 位数字",
        "主持人所在学校",
        "5001120001",
    ),
    col(
        columns::START,
        true,
        "日期",
        "写作 YYYY-MM-DD",
        "2023-09-01",
    ),
    col(
        columns::END,
        false,
        "日期",
        "周期结束日期，写作 YYYY-MM-DD；空为未定",
        "2026-08-31",
    ),
    col(
        columns::STATUS,
        true,
        "运行中 | 已结业 | 已撤销",
        "已撤销的工作室不计入任何学年",
        "运行中",
    ),
    col(
        columns::MEMBERS,
        false,
        "文本",
        "成员的教师编号，可来自任何学校，用「、」分隔；不含主持人",
        "T0002、T0003、T0004",
    ),
];

/// The outputs template's columns, in order.
pub const OUTPUT_COLUMNS: &[Column] = &[
    col(
        columns::STUDIO,
        true,
        "文本",
        "工作室名册中的名称",
        "王虎名师工作室",
    ),
    col(
        columns::YEAR,
        true,
        "整数",
        "学年，2024 表示 2024–2025 学年",
        "2024",
    ),
    col(
        columns::OUTPUT_KIND,
        true,
        "公开课/示范课 | 课题 | 精品课 | 培训 | 送教下乡",
        "成果类型",
        "送教下乡",
    ),
    col(
        columns::COUNT,
        true,
        "整数",
        "该学年该类成果的数量（节、项、门、场、次）",
        "4",
    ),
    col(
        columns::SCHOOLS,
        false,
        "文本",
        "活动覆盖的学校标识码，用「、」分隔",
        "5001120002、5001120003",
    ),
];

/// The studios sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "工作室";
/// The outputs sheet.
pub const OUTPUT_SHEET_NAME: &str = "工作室成果";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

const OUTPUT_TEMPLATE: Template<'static> = Template {
    sheet: OUTPUT_SHEET_NAME,
    codes: &output_codes::TABLE,
    columns: OUTPUT_COLUMNS,
    aliases: exact,
};

/// Where a record of a file came from, for the use-case layer's own issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
}

impl Origin {
    /// An issue of this file at a row and column.
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

/// A studios file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct StudiosFile {
    /// Where it came from.
    pub origin: Origin,
    /// The studios, in file order, each with its row.
    pub studios: Vec<Studio>,
    /// The row of each studio.
    pub rows: Vec<usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// An outputs file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputsFile {
    /// Where it came from.
    pub origin: Origin,
    /// The outputs, in file order.
    pub outputs: Vec<Output>,
    /// The row of each output.
    pub rows: Vec<usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads a studios file held in memory within [`Limits::default`]; the kinds allowed come from
/// `settings`.
pub fn read_studios(
    bytes: &[u8],
    file_name: &str,
    settings: &StudioSettings,
) -> Result<StudiosFile, ImportFailure> {
    parse::studios(bytes, file_name, settings, &Limits::default())
}

/// Reads an outputs file held in memory within [`Limits::default`].
pub fn read_outputs(bytes: &[u8], file_name: &str) -> Result<OutputsFile, ImportFailure> {
    parse::outputs(bytes, file_name, &Limits::default())
}

#[cfg(test)]
mod tests;
