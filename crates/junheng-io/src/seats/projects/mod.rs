//! The 一校一案 ledger template (建设项目台账): one row per building project — its name, school,
//! kind, status, years, what it adds to the school's statistics, seats, cost, funding source,
//! dates, note — and its **money per year as columns**: `2023年计划（元）` and `2023年支出（元）`,
//! one pair per budget year (any years, any number of pairs; a year may have one of the two).
//! Read from .xlsx, .xlsm, .xls, .ods or .csv (the shared table reader) into [`LedgerFile`];
//! the template written by [`write_template`].
//!
//! Reading checks every row and reports every problem at once, each with a stable
//! `projects.*` code (see [`codes`]) located as the user sees it: file, sheet, row, column,
//! value and what is expected. Nothing is returned when anything is wrong (all or nothing).
//!
//! The rules of a row:
//! * 项目名称 is required, at most 100 characters, once in the file.
//! * 学校标识码 is 10 digits as text (a 新建 school: the code it will have).
//! * 项目类型 is 新建, 改扩建, 挖潜扩容 or 改造; 状态 is 规划, 在建 or 完成.
//! * 规划学年 (required) and 投入使用学年 are school years 2000–2100; opened not before planned.
//! * 在建 needs 开工日期; 完成 needs 开工日期, 竣工日期 (not before it) and 投入使用学年; 规划 and
//!   在建 have no 竣工日期 ([`junheng_core::seats::ledger::status_problem`]).
//! * Classes, rooms and 新增学位 are whole numbers ≥ 0 (empty is 0); areas (㎡) and equipment
//!   (万元) numbers ≥ 0; 总投资（元） and the money columns whole 元 ≥ 0.
//!
//! ```
//! use junheng_io::seats::projects::{read_ledger, write_template};
//! let file = read_ledger(&write_template(), "建设项目台账.xlsx").unwrap();
//! assert_eq!(file.projects.len(), 3);
//! assert_eq!(file.projects[0].money.len(), 2);
//! ```

mod parse;
mod write;

use junheng_core::school::SchoolCode;
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;

use crate::limits::Limits;
use crate::table::col;

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::{write_ledger, write_template};

/// Stable issue codes of the ledger file (also i18n keys): `projects.*`.
pub mod codes {
    crate::table::table_codes!("projects", "建设项目台账模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet is named 建设项目; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "projects.sheet_not_named";
    /// 项目名称 longer than 100 characters.
    pub const NAME_TOO_LONG: &str = "projects.name_too_long";
    /// The same 项目名称 twice.
    pub const DUPLICATE_NAME: &str = "projects.duplicate_name";
    /// 项目类型 is not 新建, 改扩建, 挖潜扩容 or 改造.
    pub const KIND_INVALID: &str = "projects.kind_invalid";
    /// 状态 is not 规划, 在建 or 完成.
    pub const STATUS_INVALID: &str = "projects.status_invalid";
    /// The dates or the year opened do not fit the status.
    pub const STATUS_DATES: &str = "projects.status_dates";
    /// A number cell that is not a number ≥ 0 (whole where whole is asked).
    pub const NOT_INTEGER: &str = "projects.not_integer";
    /// A decimal cell (㎡, 万元) that is not a number ≥ 0.
    pub const NUMBER_INVALID: &str = "projects.number_invalid";
    /// A school year outside 2000–2100, or opened before planned.
    pub const YEAR_INVALID: &str = "projects.year_invalid";
    /// A date that is not a real day between 2000 and 2100.
    pub const DATE_INVALID: &str = "projects.date_invalid";
    /// A text longer than its column allows (资金来源, 备注).
    pub const TEXT_TOO_LONG: &str = "projects.text_too_long";
    /// A 学校标识码 cell is a spreadsheet number, not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "projects.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "projects.school_code_invalid";
    /// A 学校标识码 that is not a school of the district (found by the use-case layer; a new
    /// school is exempt).
    pub const SCHOOL_UNKNOWN: &str = "projects.school_unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        year_invalid: YEAR_INVALID,
        // This template has no 教师编号: these two are never reported.
        teacher_id_invalid: SCHOOL_CODE_INVALID,
        teacher_id_national_id: SCHOOL_CODE_INVALID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 项目名称.
    pub const NAME: &str = "项目名称";
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 项目类型.
    pub const KIND: &str = "项目类型";
    /// 状态.
    pub const STATUS: &str = "状态";
    /// 规划学年.
    pub const YEAR_PLANNED: &str = "规划学年";
    /// 投入使用学年.
    pub const YEAR_OPENED: &str = "投入使用学年";
    /// 新增小学班数.
    pub const PRIMARY_CLASSES: &str = "新增小学班数";
    /// 新增初中班数.
    pub const JUNIOR_CLASSES: &str = "新增初中班数";
    /// 新增教学及辅助用房（㎡）.
    pub const TEACHING_AREA: &str = "新增教学及辅助用房（㎡）";
    /// 新增体育馆（㎡）.
    pub const GYM_AREA: &str = "新增体育馆（㎡）";
    /// 新增运动场地（㎡）.
    pub const SPORTS_AREA: &str = "新增运动场地（㎡）";
    /// 新增教学仪器设备（万元）.
    pub const EQUIPMENT: &str = "新增教学仪器设备（万元）";
    /// 新增网络多媒体教室.
    pub const MULTIMEDIA: &str = "新增网络多媒体教室";
    /// 新增音乐专用教室.
    pub const MUSIC: &str = "新增音乐专用教室";
    /// 新增美术专用教室.
    pub const ART: &str = "新增美术专用教室";
    /// 新增学位.
    pub const SEATS: &str = "新增学位";
    /// 总投资（元）.
    pub const COST: &str = "总投资（元）";
    /// 资金来源.
    pub const FUNDING: &str = "资金来源";
    /// 开工日期.
    pub const STARTED: &str = "开工日期";
    /// 竣工日期.
    pub const COMPLETED: &str = "竣工日期";
    /// 备注.
    pub const NOTE: &str = "备注";
    /// The end of a money column of planned 元: `2023年计划（元）`.
    pub const PLANNED_SUFFIX: &str = "年计划（元）";
    /// The end of a money column of spent 元: `2023年支出（元）`.
    pub const SPENT_SUFFIX: &str = "年支出（元）";
}

/// Most characters of a 项目名称.
pub const NAME_MAX_CHARS: usize = 100;
/// Most characters of a 资金来源.
pub const FUNDING_MAX_CHARS: usize = 50;
/// Most characters of a 备注.
pub const NOTE_MAX_CHARS: usize = 500;

/// The template's fixed columns, in order (the money columns follow them).
pub const COLUMNS: &[Column] = &[
    col(
        columns::NAME,
        true,
        "文本",
        "项目名称，在本区县唯一；再次导入同名项目会替换它",
        "实验小学运动场改扩建",
    ),
    col(
        columns::SCHOOL,
        true,
        "文本，10 位数字",
        "项目所在学校；新建学校填它将在统计中使用的标识码",
        "5001120001",
    ),
    col(
        columns::KIND,
        true,
        "新建 | 改扩建 | 挖潜扩容 | 改造",
        "项目类型",
        "改扩建",
    ),
    col(
        columns::STATUS,
        true,
        "规划 | 在建 | 完成",
        "在建须填开工日期；完成须填开工日期、竣工日期和投入使用学年",
        "在建",
    ),
    col(
        columns::YEAR_PLANNED,
        true,
        "整数",
        "列入规划的学年，2024 表示 2024–2025 学年",
        "2024",
    ),
    col(
        columns::YEAR_OPENED,
        false,
        "整数",
        "新增学位和场地从哪个学年起投入使用",
        "2025",
    ),
    col(
        columns::PRIMARY_CLASSES,
        false,
        "整数",
        "新增小学教学班数，空为 0",
        "6",
    ),
    col(
        columns::JUNIOR_CLASSES,
        false,
        "整数",
        "新增初中教学班数，空为 0",
        "0",
    ),
    col(
        columns::TEACHING_AREA,
        false,
        "一位小数",
        "新增教学及辅助用房面积，不含体育馆",
        "1200",
    ),
    col(
        columns::GYM_AREA,
        false,
        "一位小数",
        "新增体育馆面积（统计时计入教学及辅助用房）",
        "0",
    ),
    col(
        columns::SPORTS_AREA,
        false,
        "一位小数",
        "新增运动场地面积",
        "5115.9",
    ),
    col(
        columns::EQUIPMENT,
        false,
        "一位小数",
        "新增教学仪器设备资产值",
        "40",
    ),
    col(
        columns::MULTIMEDIA,
        false,
        "整数",
        "新增网络多媒体教室间数",
        "6",
    ),
    col(columns::MUSIC, false, "整数", "新增音乐专用教室间数", "1"),
    col(columns::ART, false, "整数", "新增美术专用教室间数", "1"),
    col(columns::SEATS, false, "整数", "新增学位数", "270"),
    col(
        columns::COST,
        true,
        "整数",
        "项目总投资，单位元",
        "12000000",
    ),
    col(
        columns::FUNDING,
        false,
        "文本",
        "如 改薄资金、地方专项债、一般公共预算，最多 50 个字",
        "改薄资金",
    ),
    col(
        columns::STARTED,
        false,
        "日期",
        "写作 YYYY-MM-DD",
        "2024-03-01",
    ),
    col(columns::COMPLETED, false, "日期", "写作 YYYY-MM-DD", ""),
    col(columns::NOTE, false, "文本", "最多 500 个字", ""),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "建设项目";

/// One year of a project's money (元).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyLine {
    /// Budget year.
    pub year: i32,
    /// Planned (元; 0 when the column is absent or empty).
    pub planned: i64,
    /// Spent (元).
    pub spent: i64,
}

/// One project of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// 项目名称.
    pub name: String,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 项目类型.
    pub kind: ProjectKind,
    /// 状态.
    pub status: ProjectStatus,
    /// 规划学年.
    pub year_planned: i32,
    /// 投入使用学年.
    pub year_opened: Option<i32>,
    /// What it adds.
    pub adds: Additions,
    /// 新增学位.
    pub seats_added: u32,
    /// 总投资（元）.
    pub cost: i64,
    /// 资金来源 (may be empty).
    pub funding: String,
    /// 开工日期, `YYYY-MM-DD`.
    pub started_on: Option<String>,
    /// 竣工日期, `YYYY-MM-DD`.
    pub completed_on: Option<String>,
    /// 备注 (may be empty).
    pub note: String,
    /// Money per year, by year (years with both cells empty left out).
    pub money: Vec<MoneyLine>,
}

/// A ledger file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The projects, in file order.
    pub projects: Vec<ProjectLine>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl LedgerFile {
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

/// Reads a ledger file held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension.
pub fn read_ledger(bytes: &[u8], file_name: &str) -> Result<LedgerFile, ImportFailure> {
    read_ledger_with(bytes, file_name, &Limits::default())
}

/// [`read_ledger`] within the given limits.
pub fn read_ledger_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<LedgerFile, ImportFailure> {
    parse::read(bytes, file_name, limits)
}

/// The budget year of a money column's header and whether it is the planned (`true`) or spent
/// column: `2023年计划（元）` → `(2023, true)`.
pub fn money_column(header: &str) -> Option<(i32, bool)> {
    let (year, planned) = if let Some(y) = header.strip_suffix(columns::PLANNED_SUFFIX) {
        (y, true)
    } else {
        (header.strip_suffix(columns::SPENT_SUFFIX)?, false)
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    year.parse().ok().map(|y| (y, planned))
}

#[cfg(test)]
mod tests;
