//! The three files of a school year's 划片 and admission items, read from .xlsx, .xlsm, .xls,
//! .ods or .csv (the shared table reader), and their templates. The school year is chosen at
//! import, not in the file.
//!
//! * **划片表** ([`read_catchments`]): one row per 学段, place and school — 学段 (小学/初中),
//!   街道 (or 乡镇), 小区 (社区, 村; empty: the whole 街道), 学校标识码, 派位学区 (required when a
//!   place has several schools: 多校划片, and the same on each of its rows), 办学性质 (公办/民办,
//!   empty: 公办) and 寄宿制 (是/否, empty: 否), the same on every row of a school. A row without
//!   a 街道 only declares a school's 办学性质 and 寄宿制 (a 民办 school has no catchment).
//! * **新生来源表** ([`read_entrants`]): 学段, the admitting 学校标识码, the home's 街道 and 小区,
//!   and 人数 (empty: 1, so a list of one child per row is counted). Other columns (a name, an
//!   ID number) are ignored with a warning and never kept: [`EntrantUpload::counts`] gives the
//!   counts per school and home, which is all that is stored.
//! * **指标到校表** ([`read_quotas`]): 高中学校 (a 优质高中's name), 招生计划 (its whole plan, the
//!   same on each of its rows), 初中学校标识码, 分配名额 (0 allowed) and 毕业生数 (the 初中's
//!   graduating pupils, the same on each of its rows); a high school's places may not exceed
//!   its plan.
//!
//! Every problem is reported at once with a stable `seats.zoning.*` code, located as the user
//! sees it (file, sheet, row, column, value, what is expected); nothing is returned when
//! anything is wrong.
//!
//! ```
//! use junheng_io::seats::zoning::{read_entrants, write_entrants_template};
//! let file = read_entrants(&write_entrants_template(), "新生来源表.xlsx").unwrap();
//! assert_eq!(file.counts().len(), 3);
//! ```

mod parse;
mod write;

use std::collections::BTreeMap;

use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, QuotaRow};

use crate::limits::Limits;
use crate::table::rows::{Template, exact};
use crate::table::{Codes, col};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::{write_catchments_template, write_entrants_template, write_quotas_template};

/// Stable issue codes of the three files (also i18n keys): `seats.zoning.*`.
pub mod codes {
    crate::table::table_codes!("seats.zoning", "划片表模板", Some(SHEET_NOT_NAMED));

    /// Warning: no sheet has the template's name; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "seats.zoning.sheet_not_named";
    /// A cell that should be a whole number is not, or is out of range.
    pub const NUMBER_INVALID: &str = "seats.zoning.number_invalid";
    /// 学段 is not 小学 or 初中.
    pub const SECTION_INVALID: &str = "seats.zoning.section_invalid";
    /// 办学性质 is not 公办 or 民办.
    pub const OWNERSHIP_INVALID: &str = "seats.zoning.ownership_invalid";
    /// 寄宿制 is not 是 or 否.
    pub const YES_NO_INVALID: &str = "seats.zoning.yes_no_invalid";
    /// A name (街道, 小区, 派位学区, 高中学校) longer than [`super::NAME_MAX_CHARS`].
    pub const NAME_TOO_LONG: &str = "seats.zoning.name_too_long";
    /// A row without a 街道 that gives a 小区 or a 派位学区.
    pub const PLACE_INCOMPLETE: &str = "seats.zoning.place_incomplete";
    /// A 学校标识码 cell is a spreadsheet number (leading zeros may be lost), not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "seats.zoning.school_code_not_text";
    /// A 学校标识码 that is not 10 digits.
    pub const SCHOOL_CODE_INVALID: &str = "seats.zoning.school_code_invalid";
    /// The same key twice (the issue, on the later row, names the earlier).
    pub const DUPLICATE_ROW: &str = "seats.zoning.duplicate_row";
    /// A place of several schools (多校划片) with a row without 派位学区.
    pub const LOTTERY_ZONE_MISSING: &str = "seats.zoning.lottery_zone_missing";
    /// The rows of one place give different 派位学区.
    pub const LOTTERY_ZONE_INCONSISTENT: &str = "seats.zoning.lottery_zone_inconsistent";
    /// The rows of one school give different 办学性质 or 寄宿制.
    pub const TERMS_INCONSISTENT: &str = "seats.zoning.terms_inconsistent";
    /// The rows of one high school give different 招生计划.
    pub const PLAN_INCONSISTENT: &str = "seats.zoning.plan_inconsistent";
    /// The rows of one 初中 give different 毕业生数.
    pub const GRADUATES_INCONSISTENT: &str = "seats.zoning.graduates_inconsistent";
    /// A high school's places add up to more than its plan.
    pub const QUOTA_OVER_PLAN: &str = "seats.zoning.quota_over_plan";
    /// A 学校标识码 that is not a school of the year's statistics (found by the use-case layer).
    pub const SCHOOL_UNKNOWN: &str = "seats.zoning.school_unknown";
    /// A school without the row's 学段 (found by the use-case layer).
    pub const SECTION_ABSENT: &str = "seats.zoning.section_absent";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NUMBER_INVALID,
        // These templates have no 学年 and no 教师编号: these two are never reported.
        year_invalid: NUMBER_INVALID,
        teacher_id_invalid: SCHOOL_CODE_INVALID,
        teacher_id_national_id: SCHOOL_CODE_INVALID,
        school_code_not_text: SCHOOL_CODE_NOT_TEXT,
        school_code_invalid: SCHOOL_CODE_INVALID,
    };
}

/// Header names.
pub mod columns {
    /// 学段.
    pub const SECTION: &str = "学段";
    /// 街道 (or 乡镇).
    pub const STREET: &str = "街道";
    /// 小区 (社区, 村).
    pub const COMMUNITY: &str = "小区";
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 派位学区.
    pub const LOTTERY_ZONE: &str = "派位学区";
    /// 办学性质.
    pub const OWNERSHIP: &str = "办学性质";
    /// 寄宿制.
    pub const BOARDING: &str = "寄宿制";
    /// 人数.
    pub const PUPILS: &str = "人数";
    /// 高中学校.
    pub const HIGH_SCHOOL: &str = "高中学校";
    /// 招生计划.
    pub const PLAN: &str = "招生计划";
    /// 初中学校标识码.
    pub const JUNIOR: &str = "初中学校标识码";
    /// 分配名额.
    pub const QUOTA: &str = "分配名额";
    /// 毕业生数.
    pub const GRADUATES: &str = "毕业生数";
}

use columns::*;

/// Most characters of a 街道, 小区, 派位学区 or 高中学校.
pub const NAME_MAX_CHARS: usize = 50;
/// Largest count of a row (人数, 招生计划, 分配名额, 毕业生数).
pub const COUNT_MAX: u32 = 100_000;

const SECTION_NOTE: &str = "小学或初中";
const COMMUNITY_NOTE: &str = "小区、社区或村；留空表示整个街道";

/// The 划片表's columns.
pub const CATCHMENT_COLUMNS: &[Column] = &[
    col(SECTION, true, "文本", SECTION_NOTE, "小学"),
    col(
        STREET,
        false,
        "文本",
        "街道或乡镇；留空的行只登记学校的办学性质和寄宿制（如没有划片的民办学校）",
        "城南街道",
    ),
    col(COMMUNITY, false, "文本", COMMUNITY_NOTE, "桂花园"),
    col(
        SCHOOL,
        true,
        "文本，10 位数字",
        "本学年学校统计表中的学校",
        "5001120001",
    ),
    col(
        LOTTERY_ZONE,
        false,
        "文本",
        "多校划片（一个地方对应几所学校）时必填，与随机派位的学区名称一致；同一地方各行相同",
        "第一学区",
    ),
    col(OWNERSHIP, false, "文本", "公办或民办；留空为公办", "公办"),
    col(
        BOARDING,
        false,
        "文本",
        "是或否；留空为否。寄宿制学校不计入就近入学比例",
        "否",
    ),
];

/// The 新生来源表's columns.
pub const ENTRANT_COLUMNS: &[Column] = &[
    col(
        SECTION,
        true,
        "文本",
        "入学的学段：小学（一年级）或初中（七年级）",
        "小学",
    ),
    col(
        SCHOOL,
        true,
        "文本，10 位数字",
        "录取学校，本学年学校统计表中的学校",
        "5001120001",
    ),
    col(
        STREET,
        true,
        "文本",
        "户籍或居住地所在的街道或乡镇",
        "城南街道",
    ),
    col(
        COMMUNITY,
        false,
        "文本",
        "小区、社区或村；留空表示只知道街道",
        "桂花园",
    ),
    col(
        PUPILS,
        false,
        "整数",
        "人数；留空为 1（每个学生一行时不填）",
        "38",
    ),
];

/// The 指标到校表's columns.
pub const QUOTA_COLUMNS: &[Column] = &[
    col(HIGH_SCHOOL, true, "文本", "优质普通高中的名称", "第一中学"),
    col(
        PLAN,
        true,
        "整数",
        "该高中本年统一招生计划总数；同一高中各行相同",
        "600",
    ),
    col(
        JUNIOR,
        true,
        "文本，10 位数字",
        "分得名额的初中学校（本学年学校统计表中的学校）",
        "5001120002",
    ),
    col(QUOTA, true, "整数", "分配到该初中的名额，可为 0", "36"),
    col(
        GRADUATES,
        true,
        "整数",
        "该初中本年毕业生数；同一初中各行相同",
        "320",
    ),
];

/// The sheets read when present (else the first visible worksheet), and written.
pub const CATCHMENT_SHEET: &str = "划片";
/// The 新生来源表's sheet.
pub const ENTRANT_SHEET: &str = "新生来源";
/// The 指标到校表's sheet.
pub const QUOTA_SHEET: &str = "指标到校";

static ENTRANT_CODES: Codes = codes::TABLE.for_template("新生来源表模板");
static QUOTA_CODES: Codes = codes::TABLE.for_template("指标到校表模板");

const CATCHMENTS: Template<'static> = Template {
    sheet: CATCHMENT_SHEET,
    codes: &codes::TABLE,
    columns: CATCHMENT_COLUMNS,
    aliases: exact,
};
const ENTRANTS: Template<'static> = Template {
    sheet: ENTRANT_SHEET,
    codes: &ENTRANT_CODES,
    columns: ENTRANT_COLUMNS,
    aliases: exact,
};
const QUOTAS: Template<'static> = Template {
    sheet: QUOTA_SHEET,
    codes: &QUOTA_CODES,
    columns: QUOTA_COLUMNS,
    aliases: exact,
};

/// A row of a file, with its row number as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<T> {
    /// Its row.
    pub row: usize,
    /// What it says.
    pub value: T,
}

/// A file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload<T> {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The rows, in file order.
    pub rows: Vec<Line<T>>,
    /// Things worth telling that did not stop the reading (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

/// A 划片表.
pub type CatchmentUpload = Upload<CatchmentRow>;
/// A 新生来源表 (each row's 人数; [`EntrantUpload::counts`] adds them up).
pub type EntrantUpload = Upload<EntrantCount>;
/// A 指标到校表.
pub type QuotaUpload = Upload<QuotaRow>;

impl<T> Upload<T> {
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

    /// The rows' values.
    pub fn values(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.rows.iter().map(|l| l.value.clone()).collect()
    }
}

impl EntrantUpload {
    /// The entrants counted per 学段, school and home: all that is kept of the file.
    pub fn counts(&self) -> Vec<EntrantCount> {
        let mut sum: BTreeMap<_, u32> = BTreeMap::new();
        for l in &self.rows {
            let e = &l.value;
            *sum.entry((e.section, e.school.clone(), e.home.clone()))
                .or_default() += e.pupils;
        }
        sum.into_iter()
            .map(|((section, school, home), pupils)| EntrantCount {
                section,
                school,
                home,
                pupils,
            })
            .collect()
    }
}

/// Reads a 划片表 held in memory within `limits`; the format comes from `file_name`'s extension.
pub fn read_catchments(bytes: &[u8], file_name: &str) -> Result<CatchmentUpload, ImportFailure> {
    read_catchments_with(bytes, file_name, &Limits::default())
}

/// [`read_catchments`] within the given limits.
pub fn read_catchments_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<CatchmentUpload, ImportFailure> {
    parse::catchments(bytes, file_name, limits)
}

/// Reads a 新生来源表 held in memory.
pub fn read_entrants(bytes: &[u8], file_name: &str) -> Result<EntrantUpload, ImportFailure> {
    read_entrants_with(bytes, file_name, &Limits::default())
}

/// [`read_entrants`] within the given limits.
pub fn read_entrants_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<EntrantUpload, ImportFailure> {
    parse::entrants(bytes, file_name, limits)
}

/// Reads a 指标到校表 held in memory.
pub fn read_quotas(bytes: &[u8], file_name: &str) -> Result<QuotaUpload, ImportFailure> {
    read_quotas_with(bytes, file_name, &Limits::default())
}

/// [`read_quotas`] within the given limits.
pub fn read_quotas_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<QuotaUpload, ImportFailure> {
    parse::quotas(bytes, file_name, limits)
}

#[cfg(test)]
mod tests;
