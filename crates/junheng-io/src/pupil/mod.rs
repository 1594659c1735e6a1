//! What every file about children shares — the 学籍 registry and its comparison lists
//! ([`crate::student`]), the health files ([`crate::health`]): the cells that say who a row is
//! about (学籍号, 年级, 班级, 性别) and the rules of privacy around them.
//!
//! * 学籍号 is the one column where an ID-shaped value is accepted; an issue shows it masked.
//! * A column whose header holds 身份证 refuses the whole file; a 身份证号 in any other cell is
//!   refused and shown masked.
//! * A 学籍号 appears once in a file (or, where a file has 补测, once per sitting).
//!
//! Each file family reports with its own prefix (`student.`, `health.`): its `codes` module
//! declares these codes with [`pupil_codes!`].

mod cells;
mod read;

use crate::table::{Column, col};

pub(crate) use cells::Cells;
pub(crate) use read::{Family, Parsed, Read, Sitting, outcome, read_numbered};

/// Most characters of a 班级.
pub(crate) const CLASS_MAX_CHARS: usize = 20;

/// Header names every family writes alike.
pub(crate) mod columns {
    /// 学籍号.
    pub const NUMBER: &str = "学籍号";
    /// 姓名.
    pub const NAME: &str = "姓名";
    /// 性别.
    pub const SEX: &str = "性别";
    /// 年级.
    pub const GRADE: &str = "年级";
    /// 班级.
    pub const CLASS: &str = "班级";
}

/// 学籍号, as every template of children writes it.
pub(crate) const NUMBER_COLUMN: Column = col(
    columns::NUMBER,
    true,
    "文本",
    "全国学籍号（G 加 18 位身份证号）或临时学籍号（L 开头）；请保持文本格式",
    "G500112201609010015",
);
/// 性别, as every template of children writes it.
pub(crate) const SEX_COLUMN: Column =
    col(columns::SEX, true, "男 | 女", "须与全国学籍号一致", "男");
/// 班级, as every template of children writes it.
pub(crate) const CLASS_COLUMN: Column = col(columns::CLASS, true, "文本", "最多 20 个字", "(1)班");

/// The codes of a family (its own prefix) that the shared cells report with.
#[derive(Debug)]
pub(crate) struct PupilCodes {
    pub national_id_column: &'static str,
    pub national_id_value: &'static str,
    pub text_formula: &'static str,
    pub number_not_text: &'static str,
    pub number_invalid: &'static str,
    pub number_check: &'static str,
    pub duplicate_number: &'static str,
    pub sex_invalid: &'static str,
    pub sex_mismatch: &'static str,
    pub grade_invalid: &'static str,
    pub class_invalid: &'static str,
}

/// Declares, inside a family's `codes` module, the codes of the shared cells (with the given
/// prefix) and the crate-internal `PUPIL` that hands them to the readers.
macro_rules! pupil_codes {
    ($prefix:literal) => {
        /// A column whose header holds 身份证: the file is refused as a whole.
        pub const NATIONAL_ID_COLUMN: &str = concat!($prefix, ".national_id_column");
        /// A value shaped like a 身份证号 outside 学籍号 (shown masked).
        pub const NATIONAL_ID_VALUE: &str = concat!($prefix, ".national_id_value");
        /// A text (姓名, 班级 …) starts like a spreadsheet formula (= + - @).
        pub const TEXT_FORMULA: &str = concat!($prefix, ".text_formula");
        /// 学籍号 is a spreadsheet number or in scientific notation, not text.
        pub const NUMBER_NOT_TEXT: &str = concat!($prefix, ".number_not_text");
        /// 学籍号 is neither `G` + 身份证号 nor `L` + 6–30 letters or digits.
        pub const NUMBER_INVALID: &str = concat!($prefix, ".number_invalid");
        /// The 身份证号 of a national 学籍号 has a wrong check character.
        pub const NUMBER_CHECK: &str = concat!($prefix, ".number_check");
        /// The same 学籍号 twice (the issue, on the later row, names the earlier).
        pub const DUPLICATE_NUMBER: &str = concat!($prefix, ".duplicate_number");
        /// 性别 is not 男 or 女.
        pub const SEX_INVALID: &str = concat!($prefix, ".sex_invalid");
        /// 性别 disagrees with the national 学籍号.
        pub const SEX_MISMATCH: &str = concat!($prefix, ".sex_mismatch");
        /// 年级 is not 1–9 (or 一年级 … 九年级, 初一 … 初三).
        pub const GRADE_INVALID: &str = concat!($prefix, ".grade_invalid");
        /// 班级 longer than 20 characters.
        pub const CLASS_INVALID: &str = concat!($prefix, ".class_invalid");

        pub(crate) static PUPIL: $crate::pupil::PupilCodes = $crate::pupil::PupilCodes {
            national_id_column: NATIONAL_ID_COLUMN,
            national_id_value: NATIONAL_ID_VALUE,
            text_formula: TEXT_FORMULA,
            number_not_text: NUMBER_NOT_TEXT,
            number_invalid: NUMBER_INVALID,
            number_check: NUMBER_CHECK,
            duplicate_number: DUPLICATE_NUMBER,
            sex_invalid: SEX_INVALID,
            sex_mismatch: SEX_MISMATCH,
            grade_invalid: GRADE_INVALID,
            class_invalid: CLASS_INVALID,
        };
    };
}
pub(crate) use pupil_codes;
