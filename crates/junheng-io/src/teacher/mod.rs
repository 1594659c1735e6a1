//! The teacher roster template (教师花名册): one row per teacher per school year, read from .csv
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030), .xlsx, .xlsm, .xls or .ods into
//! [`Teacher`] records, and written back as CSV or .xlsx.
//!
//! Reading validates everything and reports every problem at once, each with a stable `roster.*`
//! code (see [`codes`]) and located as the user sees it (file, sheet, row, column, value, what is
//! expected — in Chinese); nothing is returned when anything is wrong. The header is matched
//! exactly after trimming spaces, in any column order; unknown columns are warnings.
//!
//! 教师编号 must be the bureau's internal id: anything shaped like a 居民身份证号 is refused
//! ([`codes::TEACHER_ID_NATIONAL_ID`]) and the issue shows only its first 3 characters.
//!
//! ```
//! use junheng_io::teacher::{read_bytes, write_csv};
//! let csv = "学年,教师编号,学校标识码,学段,学科,学历,骨干级别,是否体育艺术,本校任教起始年,出生年,性别,在编\n\
//!            2024,T0001,5001120001,小学,语文,本科,区县,否,2015,1990,女,是\n";
//! let roster = read_bytes(csv.as_bytes(), "教师花名册.csv").unwrap();
//! assert_eq!(roster.teachers[0].id.as_str(), "T0001");
//! let mut out = Vec::new();
//! write_csv(&roster.teachers, &mut out).unwrap();
//! assert_eq!(read_bytes(&out, "again.csv").unwrap().teachers, roster.teachers);
//! ```

mod parse;
mod write;

use std::path::Path;

use junheng_rotation::Teacher;

use crate::limits::Limits;

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::{write_csv, write_template, write_xlsx};

use crate::table::col;
use crate::table::rows::{Template, exact};

/// Stable issue codes of the roster (also i18n keys): `roster.*`.
pub mod codes {
    crate::table::fields::template_codes!("roster", "教师花名册模板");

    /// 学段 is not 小学 or 初中.
    pub const SECTION_INVALID: &str = "roster.section_invalid";
    /// 学科 is longer than 20 characters.
    pub const SUBJECT_TOO_LONG: &str = "roster.subject_too_long";
    /// 学历 is not one of the degree words.
    pub const DEGREE_INVALID: &str = "roster.degree_invalid";
    /// 骨干级别 is not 无, 区县, 市, 省, 国家 (or an accepted alias).
    pub const BACKBONE_INVALID: &str = "roster.backbone_invalid";
    /// 是否体育艺术 or 在编 is not 是 or 否.
    pub const YES_NO_INVALID: &str = "roster.yes_no_invalid";
    /// 性别 is not 男 or 女.
    pub const SEX_INVALID: &str = "roster.sex_invalid";
    /// 专业技术职务 is not one of the title words.
    pub const TITLE_INVALID: &str = "roster.title_invalid";
    /// 出生年 before 1940 or later than 学年 − 16.
    pub const BIRTH_YEAR_INVALID: &str = "roster.birth_year_invalid";
    /// 本校任教起始年 later than 学年 or earlier than 出生年 + 16.
    pub const START_YEAR_INVALID: &str = "roster.start_year_invalid";
    /// The same 教师编号 twice in one 学年 (the issue names both rows).
    pub const DUPLICATE_TEACHER: &str = "roster.duplicate_teacher";
}

/// Header names, in template order.
pub(crate) mod columns {
    pub const YEAR: &str = "学年";
    pub const ID: &str = "教师编号";
    pub const SCHOOL: &str = "学校标识码";
    pub const SECTION: &str = "学段";
    pub const SUBJECT: &str = "学科";
    pub const DEGREE: &str = "学历";
    pub const BACKBONE: &str = "骨干级别";
    pub const PE_ARTS: &str = "是否体育艺术";
    pub const START: &str = "本校任教起始年";
    pub const BIRTH: &str = "出生年";
    pub const SEX: &str = "性别";
    pub const ON_STAFF: &str = "在编";
    pub const TITLE: &str = "专业技术职务";
}

/// The roster's columns, in template order.
pub const COLUMNS: &[Column] = &[
    col(
        "学年",
        true,
        "整数",
        "2000 至 2100；2024 表示 2024–2025 学年",
        "2024",
    ),
    col(
        "教师编号",
        true,
        "文本",
        "单位内部的教师编号，跨学年不变；字母、数字、-、_，最多 32 位；不要填写身份证号",
        "T2024-0001",
    ),
    col(
        "学校标识码",
        true,
        "文本，10 位数字",
        "教师人事关系所在学校",
        "5001120001",
    ),
    col("学段", true, "小学 | 初中", "任教学段", "小学"),
    col("学科", true, "文本", "任教学科，最多 20 个字", "语文"),
    col(
        "学历",
        true,
        "高中及以下 | 专科 | 本科 | 研究生",
        "最高学历；也可填 中专、大专、硕士、博士 等",
        "本科",
    ),
    col(
        "骨干级别",
        true,
        "无 | 区县 | 市 | 省 | 国家",
        "认定为骨干教师（含学科带头人、名师、特级教师）的最高级别；留空表示无",
        "区县",
    ),
    col(
        "是否体育艺术",
        true,
        "是 | 否",
        "体育、音乐、美术教师填 是",
        "否",
    ),
    col(
        "本校任教起始年",
        true,
        "整数",
        "到本校任教的学年；不晚于学年，且不早于出生年 + 16",
        "2015",
    ),
    col("出生年", true, "整数", "1940 起，且不晚于学年 − 16", "1990"),
    col("性别", true, "男 | 女", "", "女"),
    col("在编", true, "是 | 否", "是否为在编教师", "是"),
    col(
        "专业技术职务",
        false,
        "未定级 | 三级 | 二级 | 一级 | 高级 | 正高级",
        "职称，可留空；也可填 一级教师 等",
        "一级",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "教师花名册";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// A roster read and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRoster {
    /// The teachers, in file order.
    pub teachers: Vec<Teacher>,
    /// Things worth telling that did not stop the import (unknown columns, sheet chosen).
    pub warnings: Vec<Issue>,
}

/// Imports a roster file; the format comes from the extension (.csv .xlsx .xlsm .xls .ods,
/// case-insensitive). `progress(done, total)` is called every few thousand rows and at the end,
/// in rows.
pub fn read_path(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedRoster, ImportFailure> {
    read_path_with(path, &Limits::default(), progress)
}

/// [`read_path`] within the given limits (a file over `limits.max_input_bytes` is refused with
/// [`codes::FILE_TOO_LARGE`] without being read further).
pub fn read_path_with(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedRoster, ImportFailure> {
    let (bytes, file) = crate::table::load(path, &codes::TABLE, limits)?;
    parse::read(&bytes, &file, limits, progress)
}

/// Imports a roster held in memory (an upload) within [`Limits::default`]; the format comes
/// from `file_name`'s extension, which issues also name.
pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<ImportedRoster, ImportFailure> {
    read_bytes_with(bytes, file_name, &Limits::default())
}

/// [`read_bytes`] within the given limits.
pub fn read_bytes_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ImportedRoster, ImportFailure> {
    parse::read(bytes, file_name, limits, &mut |_, _| {})
}

#[cfg(test)]
mod tests;
