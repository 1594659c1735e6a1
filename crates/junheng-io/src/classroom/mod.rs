//! The 三个课堂 session template (三个课堂记录): one row per session of 专递课堂, 名师课堂,
//! 名校网络课堂 or 同步课堂 — who gave it (a school of the district by 学校标识码, or an outside
//! 授课单位 by name), which school received it, the subject, the day and the minutes — read
//! from .xlsx, .xlsm, .xls, .ods or .csv (the shared table reader the roster uses) into
//! [`SessionFile`], and the template written by [`write_template`].
//!
//! Reading checks every row and reports every problem at once, each with a stable
//! `classroom.*` code (see [`codes`]) located as the user sees it: file, sheet, row, column,
//! value and what is expected, in Chinese. Nothing is returned when anything is wrong (all or
//! nothing). Headers are matched exactly after trimming spaces, in any column order; unknown
//! columns are warnings.
//!
//! The rules of a row:
//! * 课堂类型 is 专递课堂, 名师课堂, 名校网络课堂 or 同步课堂.
//! * Exactly one of 授课学校标识码 (a school of the district, 10 digits as text) and 授课单位 (an
//!   outside giver, at most [`GIVER_MAX_CHARS`] characters) is filled; a 同步课堂 is given by a
//!   school of the district (the use-case layer checks that both schools are in one group).
//! * 接收学校标识码 is required and differs from 授课学校标识码.
//! * 学科 is required, at most [`SUBJECT_MAX_CHARS`] characters.
//! * 日期 is a real day between 2000 and 2100, written `YYYY-MM-DD` (also `YYYY-M-D`,
//!   `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, or a spreadsheet date cell), read back as
//!   `YYYY-MM-DD`.
//! * 时长（分钟） is a whole number of minutes from 1 to [`MINUTES_MAX`].
//! * 备注 is at most [`NOTE_MAX_CHARS`] characters.
//! * The same session twice (every column equal) is refused ([`codes::DUPLICATE_SESSION`]): two
//!   lessons of one day are told apart in 备注.
//!
//! ```
//! use junheng_io::classroom::{read_sessions, write_template};
//! let file = read_sessions(&write_template(), "三个课堂记录.xlsx").unwrap();
//! assert_eq!(file.sessions.len(), 4);
//! assert_eq!(file.sessions[0].subject, "音乐");
//! ```

pub(crate) mod parse;
mod write;

use junheng_core::classroom::ClassroomKind;
use junheng_core::school::SchoolCode;

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::write_template;

/// Stable issue codes of the session file (also i18n keys): `classroom.*`.
pub mod codes {
    crate::table::table_codes!("classroom", "三个课堂记录模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 三个课堂; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "classroom.sheet_not_named";
    /// 课堂类型 is not 专递课堂, 名师课堂, 名校网络课堂 or 同步课堂.
    pub const KIND_INVALID: &str = "classroom.kind_invalid";
    /// Neither 授课学校标识码 nor 授课单位 is filled.
    pub const GIVER_MISSING: &str = "classroom.giver_missing";
    /// Both 授课学校标识码 and 授课单位 are filled.
    pub const GIVER_AMBIGUOUS: &str = "classroom.giver_ambiguous";
    /// 授课单位 is longer than [`super::GIVER_MAX_CHARS`] characters.
    pub const GIVER_TOO_LONG: &str = "classroom.giver_too_long";
    /// A 同步课堂 without 授课学校标识码 (it is given by a school of the group).
    pub const SYNCHRONOUS_NEEDS_SCHOOL: &str = "classroom.synchronous_needs_school";
    /// 授课学校标识码 and 接收学校标识码 are the same school.
    pub const SAME_SCHOOL: &str = "classroom.same_school";
    /// A 学校标识码 cell is a spreadsheet number (leading zeros may be lost), not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "classroom.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "classroom.school_code_invalid";
    /// 学科 is longer than [`super::SUBJECT_MAX_CHARS`] characters.
    pub const SUBJECT_TOO_LONG: &str = "classroom.subject_too_long";
    /// 日期 is not a real day between 2000 and 2100.
    pub const DATE_INVALID: &str = "classroom.date_invalid";
    /// 时长（分钟） is not a whole number.
    pub const NOT_INTEGER: &str = "classroom.not_integer";
    /// 时长（分钟） is outside 1 to [`super::MINUTES_MAX`].
    pub const MINUTES_INVALID: &str = "classroom.minutes_invalid";
    /// 备注 is longer than [`super::NOTE_MAX_CHARS`] characters.
    pub const NOTE_TOO_LONG: &str = "classroom.note_too_long";
    /// The same session twice (the issue, on the later row, names the earlier).
    pub const DUPLICATE_SESSION: &str = "classroom.duplicate_session";
    /// A 学校标识码 that is not a school of the district's statistics (found by the use-case
    /// layer, which knows the district).
    pub const SCHOOL_UNKNOWN: &str = "classroom.school_unknown";
    /// A 同步课堂 whose two schools are not in one 教育集团 on its day (found by the use-case
    /// layer).
    pub const SYNCHRONOUS_OUTSIDE_GROUP: &str = "classroom.synchronous_outside_group";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        // This template has no 学年 and no 教师编号: these two are never reported.
        year_invalid: DATE_INVALID,
        teacher_id_invalid: SCHOOL_CODE_INVALID,
        teacher_id_national_id: SCHOOL_CODE_INVALID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 课堂类型.
    pub const KIND: &str = "课堂类型";
    /// 授课学校标识码.
    pub const GIVER_SCHOOL: &str = "授课学校标识码";
    /// 授课单位.
    pub const GIVER_NAME: &str = "授课单位";
    /// 接收学校标识码.
    pub const RECEIVER: &str = "接收学校标识码";
    /// 学科.
    pub const SUBJECT: &str = "学科";
    /// 日期.
    pub const DATE: &str = "日期";
    /// 时长（分钟）.
    pub const MINUTES: &str = "时长（分钟）";
    /// 备注.
    pub const NOTE: &str = "备注";
}

/// Most characters of a 学科.
pub const SUBJECT_MAX_CHARS: usize = 20;
/// Most characters of an outside 授课单位.
pub const GIVER_MAX_CHARS: usize = 100;
/// Most characters of a 备注.
pub const NOTE_MAX_CHARS: usize = 200;
/// Most minutes of one session.
pub const MINUTES_MAX: u32 = 600;

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::KIND,
        true,
        "专递课堂 | 名师课堂 | 名校网络课堂 | 同步课堂",
        "同步课堂指教育集团内学校之间的同步互动课堂",
        "专递课堂",
    ),
    col(
        columns::GIVER_SCHOOL,
        false,
        "文本，10 位数字",
        "授课学校是本区县学校时填写；与「授课单位」二选一，同步课堂必填",
        "5001120001",
    ),
    col(
        columns::GIVER_NAME,
        false,
        "文本",
        "授课方不是本区县学校时填写其名称（如区外名校、名师工作室、平台），最多 100 个字",
        "重庆市巴蜀小学",
    ),
    col(
        columns::RECEIVER,
        true,
        "文本，10 位数字",
        "接收（听课）学校",
        "5001120031",
    ),
    col(
        columns::SUBJECT,
        true,
        "文本",
        "如 音乐、美术、科学，最多 20 个字",
        "音乐",
    ),
    col(
        columns::DATE,
        true,
        "日期",
        "上课日期，写作 YYYY-MM-DD",
        "2024-09-10",
    ),
    col(
        columns::MINUTES,
        true,
        "整数",
        "本节课的分钟数，1 至 600；一节课填一行",
        "40",
    ),
    col(
        columns::NOTE,
        false,
        "文本",
        "同一天同一学科上两节课时，用备注区分；最多 200 个字",
        "三年级（1）班",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "三个课堂";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// Who gave a session, as the file says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Giver {
    /// A school of the district (授课学校标识码).
    School(SchoolCode),
    /// An outside giver (授课单位).
    Outside(String),
}

/// One session of the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 课堂类型.
    pub kind: ClassroomKind,
    /// 授课学校标识码 or 授课单位.
    pub giver: Giver,
    /// 接收学校标识码.
    pub receiver: SchoolCode,
    /// 学科.
    pub subject: String,
    /// 日期, `YYYY-MM-DD`.
    pub held_on: String,
    /// 时长（分钟）.
    pub minutes: u32,
    /// 备注 (may be empty).
    pub note: String,
}

/// A session file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The sessions, in file order.
    pub sessions: Vec<SessionLine>,
    /// Things worth telling that did not stop the reading (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

impl SessionFile {
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

/// Reads a session file held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension.
pub fn read_sessions(bytes: &[u8], file_name: &str) -> Result<SessionFile, ImportFailure> {
    read_sessions_with(bytes, file_name, &Limits::default())
}

/// [`read_sessions`] within the given limits.
pub fn read_sessions_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<SessionFile, ImportFailure> {
    parse::read(bytes, file_name, limits)
}

#[cfg(test)]
mod tests;
