//! The class table (班级规模表): one row per class of a school year — the school by 学校标识码,
//! the 年级 (1–9: 一至六年级 are 小学, 七至九年级 初中), the class's name and its pupils — read
//! from .xlsx, .xlsm, .xls, .ods or .csv (the shared table reader) into [`ClassFile`], and the
//! template written by [`write_template`]. The school year is chosen at import, not in the file.
//!
//! Every problem is reported at once with a stable `seats.classes.*` code, located as the user
//! sees it (file, sheet, row, column, value, what is expected); nothing is returned when anything
//! is wrong. The rules of a row:
//! * 学校标识码: 10 digits as text.
//! * 年级: a whole number 1 to 9.
//! * 班级: required, at most [`CLASS_MAX_CHARS`] characters (e.g. `3班`, `七（2）班`).
//! * 学生数: a whole number 1 to [`PUPILS_MAX`].
//! * A school, grade and class listed twice is refused ([`codes::DUPLICATE_CLASS`]).
//!
//! ```
//! use junheng_io::seats::classes::{read_classes, write_template};
//! let file = read_classes(&write_template(), "班级规模表.xlsx").unwrap();
//! assert_eq!(file.classes.len(), 4);
//! assert_eq!(file.classes[3].pupils, 57);
//! ```

mod parse;
mod write;

use junheng_core::school::SchoolCode;

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::write_template;

/// Stable issue codes of the class table (also i18n keys): `seats.classes.*`.
pub mod codes {
    crate::table::table_codes!("seats.classes", "班级规模表模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 班级规模; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "seats.classes.sheet_not_named";
    /// A cell that should be a whole number is not.
    pub const NOT_INTEGER: &str = "seats.classes.not_integer";
    /// 年级 is not 1 to 9.
    pub const GRADE_INVALID: &str = "seats.classes.grade_invalid";
    /// 学生数 is not 1 to [`super::PUPILS_MAX`].
    pub const PUPILS_INVALID: &str = "seats.classes.pupils_invalid";
    /// 班级 is longer than [`super::CLASS_MAX_CHARS`] characters.
    pub const CLASS_TOO_LONG: &str = "seats.classes.class_too_long";
    /// A 学校标识码 cell is a spreadsheet number (leading zeros may be lost), not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "seats.classes.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "seats.classes.school_code_invalid";
    /// The same school, grade and class twice (the issue, on the later row, names the earlier).
    pub const DUPLICATE_CLASS: &str = "seats.classes.duplicate_class";
    /// A 学校标识码 that is not a school of the year's statistics (found by the use-case layer).
    pub const SCHOOL_UNKNOWN: &str = "seats.classes.school_unknown";
    /// A class of a 学段 its school does not have (found by the use-case layer).
    pub const SECTION_ABSENT: &str = "seats.classes.section_absent";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        // This template has no 学年 and no 教师编号: these two are never reported.
        year_invalid: GRADE_INVALID,
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
    /// 年级.
    pub const GRADE: &str = "年级";
    /// 班级.
    pub const CLASS: &str = "班级";
    /// 学生数.
    pub const PUPILS: &str = "学生数";
}

/// Most characters of a class's name.
pub const CLASS_MAX_CHARS: usize = 30;
/// Most pupils of one class (far above any real class: a typo guard).
pub const PUPILS_MAX: u32 = 200;

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
        columns::GRADE,
        true,
        "整数，1–9",
        "一至六年级为小学，七至九年级为初中",
        "3",
    ),
    col(
        columns::CLASS,
        true,
        "文本",
        "班级名称，同一学校同一年级内不重复，最多 30 个字",
        "3班",
    ),
    col(
        columns::PUPILS,
        true,
        "整数，1–200",
        "该班在籍学生数（人）",
        "45",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "班级规模";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// One class of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 学生数.
    pub pupils: u32,
}

/// A class table read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The classes, in file order.
    pub classes: Vec<ClassLine>,
    /// Things worth telling that did not stop the reading (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

impl ClassFile {
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

/// Reads a class table held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension.
pub fn read_classes(bytes: &[u8], file_name: &str) -> Result<ClassFile, ImportFailure> {
    read_classes_with(bytes, file_name, &Limits::default())
}

/// [`read_classes`] within the given limits.
pub fn read_classes_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ClassFile, ImportFailure> {
    parse::read(bytes, file_name, limits)
}

#[cfg(test)]
mod tests;
