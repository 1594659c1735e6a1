//! The rotation ledger template (交流轮岗台账): one row per move of a teacher to a host school,
//! read from .csv (UTF-8 with or without BOM, UTF-16 with BOM, GB18030), .xlsx, .xlsm, .xls or
//! .ods into [`Move`] records, and written back as CSV or .xlsx.
//!
//! Reading validates everything and reports every problem at once, each with a stable `ledger.*`
//! code (see [`codes`]) located as the user sees it; nothing is returned when anything is wrong.
//! A move lasts from 开始学年 to 结束学年 inclusive (at most 10 school years); one teacher's
//! moves may not overlap. 教师编号 follows the roster's rule: no 身份证号.
//!
//! ```
//! use junheng_io::rotation::{read_ledger_bytes, write_ledger_csv};
//! let csv = "教师编号,调出学校标识码,调入学校标识码,开始学年,结束学年,类型\n\
//!            T0001,5001120001,5001120002,2024,2026,交流\n";
//! let ledger = read_ledger_bytes(csv.as_bytes(), "交流轮岗台账.csv").unwrap();
//! assert_eq!(ledger.moves[0].end_year, 2026);
//! let mut out = Vec::new();
//! write_ledger_csv(&ledger.moves, &mut out).unwrap();
//! assert_eq!(read_ledger_bytes(&out, "again.csv").unwrap().moves, ledger.moves);
//! ```

pub mod leaders;
mod parse;
mod report;
mod write;

use std::path::Path;

use junheng_rotation::Move;

use crate::limits::Limits;

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use report::{LedgerLine, write_plan_xlsx, write_rotation_xlsx};
pub use write::{write_ledger_csv, write_ledger_template, write_ledger_xlsx};

use crate::table::col;
use crate::table::rows::{Template, exact};

/// Stable issue codes of the ledger (also i18n keys): `ledger.*`.
pub mod codes {
    crate::table::fields::template_codes!("ledger", "交流轮岗台账模板");

    /// 类型 is not 交流, 轮岗, 支教 or 走教.
    pub const KIND_INVALID: &str = "ledger.kind_invalid";
    /// 调入学校标识码 equals 调出学校标识码.
    pub const SAME_SCHOOL: &str = "ledger.same_school";
    /// 结束学年 is before 开始学年.
    pub const YEARS_REVERSED: &str = "ledger.years_reversed";
    /// 结束学年 is later than 开始学年 + 9 (a move lasts at most 10 school years).
    pub const TERM_TOO_LONG: &str = "ledger.term_too_long";
    /// Two moves of the same teacher share a school year (the issue names both rows).
    pub const OVERLAP: &str = "ledger.overlap";
}

/// Header names, in template order.
pub(crate) mod columns {
    pub const TEACHER: &str = "教师编号";
    pub const FROM: &str = "调出学校标识码";
    pub const TO: &str = "调入学校标识码";
    pub const START: &str = "开始学年";
    pub const END: &str = "结束学年";
    pub const KIND: &str = "类型";
}

/// The ledger's columns, in template order.
pub const LEDGER_COLUMNS: &[Column] = &[
    col(
        "教师编号",
        true,
        "文本",
        "与教师花名册一致的单位内部编号；不要填写身份证号",
        "T2024-0001",
    ),
    col(
        "调出学校标识码",
        true,
        "文本，10 位数字",
        "教师原所在学校（派出学校）",
        "5001120001",
    ),
    col(
        "调入学校标识码",
        true,
        "文本，10 位数字",
        "交流轮岗到的学校，不能与调出学校相同",
        "5001120002",
    ),
    col(
        "开始学年",
        true,
        "整数",
        "2000 至 2100；2024 表示 2024–2025 学年",
        "2024",
    ),
    col(
        "结束学年",
        true,
        "整数",
        "最后一个学年（含）；不早于开始学年，最多为开始学年 + 9",
        "2026",
    ),
    col("类型", true, "交流 | 轮岗 | 支教 | 走教", "", "交流"),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const LEDGER_SHEET_NAME: &str = "交流轮岗台账";

const TEMPLATE: Template<'static> = Template {
    sheet: LEDGER_SHEET_NAME,
    codes: &codes::TABLE,
    columns: LEDGER_COLUMNS,
    aliases: exact,
};

/// A ledger read and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLedger {
    /// The moves, in file order.
    pub moves: Vec<Move>,
    /// Things worth telling that did not stop the import (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

/// Imports a ledger file; the format comes from the extension (.csv .xlsx .xlsm .xls .ods,
/// case-insensitive). `progress(done, total)` is called every few thousand rows and at the end,
/// in rows.
pub fn read_ledger_path(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedLedger, ImportFailure> {
    read_ledger_path_with(path, &Limits::default(), progress)
}

/// [`read_ledger_path`] within the given limits (a file over `limits.max_input_bytes` is refused
/// with [`codes::FILE_TOO_LARGE`] without being read further).
pub fn read_ledger_path_with(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedLedger, ImportFailure> {
    let (bytes, file) = crate::table::load(path, &codes::TABLE, limits)?;
    parse::read(&bytes, &file, limits, progress)
}

/// Imports a ledger held in memory (an upload) within [`Limits::default`]; the format comes from
/// `file_name`'s extension, which issues also name.
pub fn read_ledger_bytes(bytes: &[u8], file_name: &str) -> Result<ImportedLedger, ImportFailure> {
    read_ledger_bytes_with(bytes, file_name, &Limits::default())
}

/// [`read_ledger_bytes`] within the given limits.
pub fn read_ledger_bytes_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ImportedLedger, ImportFailure> {
    parse::read(bytes, file_name, limits, &mut |_, _| {})
}

#[cfg(test)]
mod tests;
