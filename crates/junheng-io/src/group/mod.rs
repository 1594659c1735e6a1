//! The education-group file (教育集团名册): one workbook (.xlsx, .xlsm, .xls or .ods) with two
//! sheets — 「集团」, one row per group (its name, type, status, founding date, legal form, lead
//! school and note), and 「成员」, one row per membership (group, school, 加入日期 and, once the
//! school has left, 退出日期) — read into [`GroupFile`] and written back by [`write_groups`]
//! (also the empty template), with a 说明 sheet.
//!
//! Reading checks everything and reports every problem at once, each with a stable `group.*`
//! code (see [`codes`]) and located as the user sees it: file, sheet, row, column, value and what
//! is expected, in Chinese. Nothing is returned when anything is wrong. Headers are matched
//! exactly after trimming spaces, in any column order; unknown columns are warnings. A CSV file
//! is refused ([`codes::UNSUPPORTED_FORMAT`]): it holds one table, the file needs two.
//!
//! The rules:
//! * 集团名称 is required, at most [`NAME_MAX_CHARS`] characters, and unique in the 集团 sheet
//!   ([`codes::DUPLICATE_GROUP`]); a 成员 row must name a group of the 集团 sheet
//!   ([`codes::MEMBER_GROUP_UNKNOWN`]).
//! * 集团类型 is one of the vocabulary the caller passes (the deployment's setting), or empty.
//! * 状态 is 正式 or 培育 (also 培育集团, 正式集团); empty is 正式. 法人形式 is 一法人多校区 or
//!   多法人, or empty ([`LegalForm::Unknown`]).
//! * Dates are written `YYYY-MM-DD` (also accepted: `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D`,
//!   `YYYY年M月D日`, and a spreadsheet date cell; a time of day is ignored), between 1900 and
//!   2100, and read back normalised to `YYYY-MM-DD`.
//! * A membership lasts from 加入日期 up to, not including, 退出日期: on its 退出日期 the school
//!   is no longer in the group, so 退出日期 must be after 加入日期
//!   ([`codes::LEFT_BEFORE_JOINED`]) and a school moving to another group may join it on the day
//!   it left the first. A school is in one group at a time: two lines of one school whose
//!   periods overlap, in the same group or not, are refused ([`codes::MEMBER_OVERLAP`]). A school
//!   year's groups are the memberships of 1 September of its first calendar year.
//!
//! Every [`Limits`] cap applies to each sheet as it applies to the other importers (file size,
//! inflated size, rows, cells, text, cell length, issues and warnings kept).
//!
//! ```
//! use junheng_io::group::{read_groups, write_groups};
//! let kinds = vec!["紧密型".to_owned(), "联盟型".to_owned()];
//! let template = write_groups(&[], &[], &kinds);
//! // The empty template reads as a file without groups: one problem, located.
//! let failure = read_groups(&template, "教育集团名册.xlsx", &kinds).unwrap_err();
//! assert_eq!(failure.issues[0].code, "group.no_data_rows");
//! assert_eq!(failure.issues[0].sheet.as_deref(), Some("集团"));
//! ```

mod parse;
mod write;

use junheng_core::group::{GroupStatus, LegalForm};
use junheng_core::school::SchoolCode;

use crate::limits::Limits;
use crate::table::col;

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::write_groups;

/// Stable issue codes of the group file (also i18n keys): `group.*`.
pub mod codes {
    /// The file could not be read (I/O error, corrupt, or not the format its name says).
    pub const FILE_UNREADABLE: &str = "group.file_unreadable";
    /// The extension is not .xlsx .xlsm .xls .ods (a CSV file holds one table, not two sheets).
    pub const UNSUPPORTED_FORMAT: &str = "group.unsupported_format";
    /// The workbook has no 「集团」 or no 「成员」 worksheet (the issue names it), or no
    /// worksheet at all.
    pub const SHEET_MISSING: &str = "group.sheet_missing";
    /// The 「集团」 or 「成员」 worksheet has no cells (not even its header).
    pub const SHEET_EMPTY: &str = "group.sheet_empty";
    /// The 「集团」 sheet has a header but no group.
    pub const NO_DATA_ROWS: &str = "group.no_data_rows";
    /// A required column (集团名称; in 成员 also 学校标识码, 加入日期) is missing.
    pub const COLUMN_MISSING: &str = "group.column_missing";
    /// A header appears twice in one sheet.
    pub const DUPLICATE_COLUMN: &str = "group.duplicate_column";
    /// Warning: a header that is not in the template (ignored).
    pub const UNKNOWN_COLUMN: &str = "group.unknown_column";
    /// A required cell other than 集团名称 (学校标识码, 加入日期) is empty.
    pub const REQUIRED_CELL_EMPTY: &str = "group.required_cell_empty";
    /// 集团名称 is empty (in either sheet).
    pub const NAME_REQUIRED: &str = "group.name_required";
    /// 集团名称 is longer than [`super::NAME_MAX_CHARS`] characters.
    pub const NAME_TOO_LONG: &str = "group.name_too_long";
    /// 集团类型 is not one of the vocabulary passed to the reader.
    pub const KIND_UNKNOWN: &str = "group.kind_unknown";
    /// 状态 is not 正式 or 培育.
    pub const STATUS: &str = "group.status";
    /// 法人形式 is not 一法人多校区 or 多法人.
    pub const LEGAL_FORM: &str = "group.legal_form";
    /// A date (成立日期, 加入日期, 退出日期) that is not a real day between 1900 and 2100 written
    /// `YYYY-MM-DD` (or a spreadsheet date cell).
    pub const DATE: &str = "group.date";
    /// A 学校标识码 or 牵头校标识码 that is not 10 digits as text (a spreadsheet number, which may
    /// have lost its leading zeros, is refused too).
    pub const SCHOOL_CODE: &str = "group.school_code";
    /// 备注 is longer than [`super::NOTE_MAX_CHARS`] characters.
    pub const NOTE_TOO_LONG: &str = "group.note_too_long";
    /// The same 集团名称 twice in the 「集团」 sheet (the issue names both rows).
    pub const DUPLICATE_GROUP: &str = "group.duplicate_group";
    /// A 「成员」 row names a group absent from the 「集团」 sheet.
    pub const MEMBER_GROUP_UNKNOWN: &str = "group.member_group_unknown";
    /// Two 「成员」 lines of one school whose periods overlap, in any group (the issue, on the
    /// later line, names the other).
    pub const MEMBER_OVERLAP: &str = "group.member_overlap";
    /// 退出日期 is not after 加入日期.
    pub const LEFT_BEFORE_JOINED: &str = "group.left_before_joined";
    /// A text cell holds a fraction, a boolean, a date …
    pub const NOT_TEXT: &str = "group.not_text";
    /// A spreadsheet error value (#N/A …).
    pub const EXCEL_ERROR_CELL: &str = "group.excel_error_cell";
    /// Text with a line break, tab or other control character.
    pub const CONTROL_CHARACTER: &str = "group.control_character";
    /// The file is larger than `Limits::max_input_bytes`.
    pub const FILE_TOO_LARGE: &str = "group.file_too_large";
    /// The workbook inflates or expands past the limits, or is not a sound container.
    pub const WORKBOOK_TOO_LARGE: &str = "group.workbook_too_large";
    /// A sheet holds more cells or text than the limits allow.
    pub const SHEET_TOO_LARGE: &str = "group.sheet_too_large";
    /// A sheet has more data rows than `Limits::max_rows`.
    pub const TOO_MANY_ROWS: &str = "group.too_many_rows";
    /// A header row wider than `Limits::max_columns`.
    pub const TOO_MANY_COLUMNS: &str = "group.too_many_columns";
    /// A cell longer than `Limits::max_cell_chars`.
    pub const CELL_TOO_LONG: &str = "group.cell_too_long";
    /// The last issue of a list cut at `Limits::max_issues`: how many more were found.
    pub const MORE_ISSUES: &str = "group.more_issues";
    /// The last warning of a list cut at `Limits::max_warnings`.
    pub const MORE_WARNINGS: &str = "group.more_warnings";
    /// Warning: cells right of the header's last column were ignored.
    pub const CELLS_OUTSIDE_HEADER: &str = "group.cells_outside_header";

    /// The codes the shared table reader reports with. Two of its cases cannot happen here (a
    /// CSV file is refused before it is read): they keep the group prefix all the same.
    pub(crate) static TABLE: crate::table::Codes = crate::table::Codes {
        file_unreadable: FILE_UNREADABLE,
        unsupported_format: UNSUPPORTED_FORMAT,
        encoding_invalid: "group.encoding_invalid",
        file_empty: "group.file_empty",
        sheet_missing: SHEET_MISSING,
        sheet_empty: SHEET_EMPTY,
        // A sheet read in place of a missing one is reported as SHEET_MISSING by the reader.
        sheet_not_named: None,
        no_data_rows: NO_DATA_ROWS,
        required_column_missing: COLUMN_MISSING,
        duplicate_column: DUPLICATE_COLUMN,
        unknown_column: UNKNOWN_COLUMN,
        required_cell_empty: REQUIRED_CELL_EMPTY,
        not_text: NOT_TEXT,
        excel_error_cell: EXCEL_ERROR_CELL,
        control_character: CONTROL_CHARACTER,
        template: "教育集团名册模板",
        limits: crate::guard::LimitCodes {
            file_too_large: FILE_TOO_LARGE,
            workbook_too_large: WORKBOOK_TOO_LARGE,
            sheet_too_large: SHEET_TOO_LARGE,
            too_many_rows: TOO_MANY_ROWS,
            too_many_columns: TOO_MANY_COLUMNS,
            cell_too_long: CELL_TOO_LONG,
            more_issues: MORE_ISSUES,
            more_warnings: MORE_WARNINGS,
            cells_outside_header: CELLS_OUTSIDE_HEADER,
        },
    };

    /// The codes of the shared 学校标识码 reader. Only the two school-code fields are used by
    /// this file; the others (years, teacher ids) never occur in it.
    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_TEXT,
        year_invalid: NOT_TEXT,
        teacher_id_invalid: NOT_TEXT,
        teacher_id_national_id: NOT_TEXT,
        school_code_not_text: SCHOOL_CODE,
        school_code_invalid: SCHOOL_CODE,
    };
}

/// Header names, in template order.
pub(crate) mod columns {
    pub const NAME: &str = "集团名称";
    pub const KIND: &str = "集团类型";
    pub const STATUS: &str = "状态";
    pub const FOUNDED: &str = "成立日期";
    pub const LEGAL_FORM: &str = "法人形式";
    pub const LEAD: &str = "牵头校标识码";
    pub const NOTE: &str = "备注";
    pub const SCHOOL: &str = "学校标识码";
    pub const JOINED: &str = "加入日期";
    pub const LEFT: &str = "退出日期";
}

/// The sheet of the groups.
pub const GROUP_SHEET: &str = "集团";
/// The sheet of the memberships.
pub const MEMBER_SHEET: &str = "成员";

/// Most characters of a 集团名称 (as the store keeps it).
pub const NAME_MAX_CHARS: usize = 100;
/// Most characters of a 备注.
pub const NOTE_MAX_CHARS: usize = 500;

/// The columns of the 「集团」 sheet, in template order.
pub const GROUP_COLUMNS: &[Column] = &[
    col(
        "集团名称",
        true,
        "文本",
        "集团的全称，最多 100 个字；本工作表中不能重复",
        "巴蜀小学教育集团",
    ),
    col(
        "集团类型",
        false,
        "文本",
        "须为本系统集团类型表中的一种（见说明页），可留空",
        "紧密型",
    ),
    col(
        "状态",
        false,
        "正式 | 培育",
        "培育集团填 培育；留空表示正式",
        "正式",
    ),
    col(
        "成立日期",
        false,
        "日期 YYYY-MM-DD",
        "也可填 Excel 日期；可留空",
        "2019-09-01",
    ),
    col(
        "法人形式",
        false,
        "一法人多校区 | 多法人",
        "可留空",
        "多法人",
    ),
    col(
        "牵头校标识码",
        false,
        "文本，10 位数字",
        "牵头学校的学校标识码；牵头校也应在「成员」工作表中列出",
        "5001120001",
    ),
    col(
        "备注",
        false,
        "文本",
        "最多 500 个字",
        "2023 年起纳入市级示范集团培育",
    ),
];

/// The columns of the 「成员」 sheet, in template order.
pub const MEMBER_COLUMNS: &[Column] = &[
    col(
        "集团名称",
        true,
        "文本",
        "须与「集团」工作表中的集团名称一致",
        "巴蜀小学教育集团",
    ),
    col(
        "学校标识码",
        true,
        "文本，10 位数字",
        "成员学校（含牵头校）的学校标识码",
        "5001120002",
    ),
    col(
        "加入日期",
        true,
        "日期 YYYY-MM-DD",
        "学校加入集团的日期；也可填 Excel 日期",
        "2019-09-01",
    ),
    col(
        "退出日期",
        false,
        "日期 YYYY-MM-DD",
        "须晚于加入日期，当天起不再属于该集团；仍在集团中则留空",
        "2023-08-31",
    ),
];

/// One row of the 「集团」 sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLine {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// 集团名称, trimmed, 1 to [`NAME_MAX_CHARS`] characters.
    pub name: String,
    /// 集团类型: one of the vocabulary passed to [`read_groups`], or empty.
    pub kind: String,
    /// 状态 (empty cell: [`GroupStatus::Formal`]).
    pub status: GroupStatus,
    /// 成立日期, `YYYY-MM-DD`.
    pub founded_on: Option<String>,
    /// 法人形式 (empty cell: [`LegalForm::Unknown`]).
    pub legal_form: LegalForm,
    /// 牵头校标识码.
    pub lead_school: Option<SchoolCode>,
    /// 备注, at most [`NOTE_MAX_CHARS`] characters (empty when none).
    pub note: String,
}

/// One row of the 「成员」 sheet: a school in a group from 加入日期 up to, not including,
/// 退出日期.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLine {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// 集团名称: a group of the 「集团」 sheet.
    pub group: String,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 加入日期, `YYYY-MM-DD`.
    pub joined_on: String,
    /// 退出日期, `YYYY-MM-DD`, after `joined_on`; `None` while the school is in the group.
    pub left_on: Option<String>,
}

/// A group file read and checked: its groups and memberships, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupFile {
    /// The rows of the 「集团」 sheet (at least one).
    pub groups: Vec<GroupLine>,
    /// The rows of the 「成员」 sheet (possibly none).
    pub members: Vec<MemberLine>,
}

/// Reads a group file held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension (.xlsx .xlsm .xls .ods, case-insensitive), which issues also
/// name. `kinds` is the vocabulary of 集团类型. Returns every problem when anything is wrong;
/// warnings (ignored columns and cells) are dropped — see [`read_groups_with`] to have them.
pub fn read_groups(
    bytes: &[u8],
    file_name: &str,
    kinds: &[String],
) -> Result<GroupFile, ImportFailure> {
    read_groups_with(bytes, file_name, kinds, &Limits::default()).map(|(file, _)| file)
}

/// [`read_groups`] within the given limits, with the warnings of a file that passed.
pub fn read_groups_with(
    bytes: &[u8],
    file_name: &str,
    kinds: &[String],
    limits: &Limits,
) -> Result<(GroupFile, Vec<Issue>), ImportFailure> {
    parse::read(bytes, file_name, kinds, limits)
}

#[cfg(test)]
mod tests;
