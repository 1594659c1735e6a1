//! The 师徒结对 file: one row per pair — mentor and mentee with their schools, subject, period,
//! goals, meetings held and planned, and the outcome once ended. Read from .xlsx, .xlsm, .xls,
//! .ods or .csv (the shared table reader) into [`MentorsFile`]; the template written by
//! [`write_template`], the stored pairs in the same layout by [`write_pairs`].
//!
//! Every problem is reported at once with a stable `mentors.*` code, located as the user sees
//! it; nothing is returned when anything is wrong. The rules of a row:
//! * 师傅教师编号, 徒弟教师编号: 教师编号s (never a 居民身份证号), not the same teacher;
//!   学校标识码s: 10 digits as text.
//! * 学科 required, at most 20 characters; 目标 at most [`GOALS_MAX_CHARS`].
//! * 开始日期 required; 结束日期 not before it; 结果 (合格, 优秀 or 未完成) only with a 结束日期.
//! * 已开展活动次数 and 计划活动次数: whole numbers 0 to [`MEETINGS_MAX`] (empty is 0).
//! * A mentor, mentee, subject and start date once in the file.
//!
//! ```
//! use junheng_io::teachers::mentors::{read_mentors, write_template};
//! let file = read_mentors(&write_template(), "师徒结对.xlsx").unwrap();
//! assert_eq!(file.pairs.len(), 2);
//! assert_eq!(file.pairs[1].meetings_held, 12);
//! ```

mod parse;
mod write;

use junheng_teachers::mentors::Pair;

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use crate::teachers::studios::Origin;
pub use write::{write_pairs, write_template};

/// Stable issue codes of the file: `mentors.*`.
pub mod codes {
    crate::table::table_codes!("mentors", "师徒结对模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 师徒结对; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "mentors.sheet_not_named";
    /// A text longer than allowed.
    pub const TEXT_TOO_LONG: &str = "mentors.text_too_long";
    /// A count that is not a whole number 0 to [`super::MEETINGS_MAX`].
    pub const NOT_INTEGER: &str = "mentors.not_integer";
    /// A date that is not a real day, or an end before the start.
    pub const DATE_INVALID: &str = "mentors.date_invalid";
    /// 结果 not 合格, 优秀 or 未完成, or given without a 结束日期.
    pub const OUTCOME_INVALID: &str = "mentors.outcome_invalid";
    /// A 教师编号 that is not one.
    pub const TEACHER_ID_INVALID: &str = "mentors.teacher_id_invalid";
    /// A 教师编号 shaped like a 居民身份证号.
    pub const TEACHER_ID_NATIONAL_ID: &str = "mentors.teacher_id_national_id";
    /// Mentor and mentee are one teacher.
    pub const SAME_TEACHER: &str = "mentors.same_teacher";
    /// A 学校标识码 cell is a spreadsheet number.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "mentors.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "mentors.school_code_invalid";
    /// The same pair twice.
    pub const DUPLICATE: &str = "mentors.duplicate";
    /// A school that is not the district's (found by the use-case layer).
    pub const UNKNOWN: &str = "mentors.unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        year_invalid: DATE_INVALID,
        teacher_id_invalid: TEACHER_ID_INVALID,
        teacher_id_national_id: TEACHER_ID_NATIONAL_ID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 师傅教师编号.
    pub const MENTOR: &str = "师傅教师编号";
    /// 师傅学校标识码.
    pub const MENTOR_SCHOOL: &str = "师傅学校标识码";
    /// 徒弟教师编号.
    pub const MENTEE: &str = "徒弟教师编号";
    /// 徒弟学校标识码.
    pub const MENTEE_SCHOOL: &str = "徒弟学校标识码";
    /// 学科.
    pub const SUBJECT: &str = "学科";
    /// 开始日期.
    pub const START: &str = "开始日期";
    /// 结束日期.
    pub const END: &str = "结束日期";
    /// 目标.
    pub const GOALS: &str = "目标";
    /// 已开展活动次数.
    pub const HELD: &str = "已开展活动次数";
    /// 计划活动次数.
    pub const PLANNED: &str = "计划活动次数";
    /// 结果.
    pub const OUTCOME: &str = "结果";
}

/// Most characters of 目标.
pub const GOALS_MAX_CHARS: usize = 200;
/// Most characters of 学科.
pub const SUBJECT_MAX_CHARS: usize = 20;
/// Most meetings held or planned.
pub const MEETINGS_MAX: u32 = 1000;

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::MENTOR,
        true,
        "文本",
        "师傅的教师编号（不是身份证号）",
        "T0001",
    ),
    col(
        columns::MENTOR_SCHOOL,
        true,
        "文本，10 位数字",
        "师傅在结对开始时所在学校",
        "5001120001",
    ),
    col(columns::MENTEE, true, "文本", "徒弟的教师编号", "T0100"),
    col(
        columns::MENTEE_SCHOOL,
        true,
        "文本，10 位数字",
        "徒弟在结对开始时所在学校",
        "5001120001",
    ),
    col(columns::SUBJECT, true, "文本", "结对指导的学科", "数学"),
    col(
        columns::START,
        true,
        "日期",
        "写作 YYYY-MM-DD",
        "2024-09-01",
    ),
    col(columns::END, false, "日期", "结对结束日期；空为进行中", ""),
    col(
        columns::GOALS,
        false,
        "文本",
        "结对目标，最多 200 个字",
        "一年内独立承担公开课",
    ),
    col(
        columns::HELD,
        false,
        "整数",
        "已开展的听课、评课、研讨次数，空为 0",
        "6",
    ),
    col(
        columns::PLANNED,
        false,
        "整数",
        "计划开展次数，空为 0",
        "20",
    ),
    col(
        columns::OUTCOME,
        false,
        "合格 | 优秀 | 未完成",
        "结对结束时的考核结果；须同时填结束日期",
        "",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "师徒结对";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// A 师徒结对 file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorsFile {
    /// Where it came from.
    pub origin: Origin,
    /// The pairs, in file order.
    pub pairs: Vec<Pair>,
    /// The row of each pair.
    pub rows: Vec<usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads a 师徒结对 file held in memory within [`Limits::default`].
pub fn read_mentors(bytes: &[u8], file_name: &str) -> Result<MentorsFile, ImportFailure> {
    parse::read(bytes, file_name, &Limits::default())
}

#[cfg(test)]
mod tests;
