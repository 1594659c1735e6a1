//! Cells the teacher roster and the rotation ledger share: 教师编号 (never echoing a national ID
//! number back), 学校标识码, 学年 and template words; and the codes both templates report with.

use junheng_core::privacy::{contains_national_id, mask};
use junheng_core::school::{SchoolCode, SchoolCodeError};
use junheng_rotation::{TeacherId, TeacherIdError};

use super::{Row, Table, Value};
use crate::school::Issue;
use crate::school::cell::{as_whole, format_number, parse_number};

/// The field codes of a template (its own prefix), beside its [`super::Codes`].
#[derive(Debug)]
pub(crate) struct FieldCodes {
    pub not_integer: &'static str,
    pub year_invalid: &'static str,
    pub teacher_id_invalid: &'static str,
    pub teacher_id_national_id: &'static str,
    pub school_code_not_text: &'static str,
    pub school_code_invalid: &'static str,
}

/// Declares, inside a template's `codes` module, the codes every people template has (with the
/// given prefix) and the crate-internal `TABLE` and `FIELDS` that hand them to the readers.
macro_rules! template_codes {
    ($prefix:literal, $template:literal) => {
        $crate::table::table_codes!($prefix, $template, Some(SHEET_NOT_NAMED));

        /// Warning: no sheet has the template's name; the first of several was read.
        pub const SHEET_NOT_NAMED: &str = concat!($prefix, ".sheet_not_named");
        /// A year cell that is not a whole number.
        pub const NOT_INTEGER: &str = concat!($prefix, ".not_integer");
        /// A 学年 outside 2000–2100.
        pub const YEAR_INVALID: &str = concat!($prefix, ".year_invalid");
        /// 教师编号 empty after trimming, too long (> 32) or with other than letters, digits, - and _.
        pub const TEACHER_ID_INVALID: &str = concat!($prefix, ".teacher_id_invalid");
        /// 教师编号 shaped like a 居民身份证号: refused, and the value is shown masked.
        pub const TEACHER_ID_NATIONAL_ID: &str = concat!($prefix, ".teacher_id_national_id");
        /// A 学校标识码 cell is a spreadsheet number (leading zeros may be lost), not text.
        pub const SCHOOL_CODE_NOT_TEXT: &str = concat!($prefix, ".school_code_not_text");
        /// A 学校标识码 that is not 10 digits (or in scientific notation).
        pub const SCHOOL_CODE_INVALID: &str = concat!($prefix, ".school_code_invalid");

        pub(crate) static FIELDS: $crate::table::fields::FieldCodes =
            $crate::table::fields::FieldCodes {
                not_integer: NOT_INTEGER,
                year_invalid: YEAR_INVALID,
                teacher_id_invalid: TEACHER_ID_INVALID,
                teacher_id_national_id: TEACHER_ID_NATIONAL_ID,
                school_code_not_text: SCHOOL_CODE_NOT_TEXT,
                school_code_invalid: SCHOOL_CODE_INVALID,
            };
    };
}
pub(crate) use template_codes;

/// School years accepted: 2024 is 2024–2025.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Whether a text is, or hides, a 居民身份证号: [`contains_national_id`] (by region code and
/// birth date, inside separators, prefixes, suffixes and full-width digits), or a number of 14
/// digits or more written in scientific notation (1.10105E+17, as Excel exports a column of
/// them, whose digits are lost). Every id-like cell the templates accept (教师编号 here; the
/// lottery's 报名号 and 同胞报名号 may call it too) is checked with it.
pub(crate) fn holds_national_id(text: &str) -> bool {
    let scientific = text.contains(['e', 'E'])
        && parse_number(text).is_some_and(|v| v.is_finite() && v.abs() >= 1e13);
    scientific || contains_national_id(text)
}

impl Table {
    /// 教师编号 (required). A value shaped like a national ID number is refused with the
    /// national-ID code and shown masked only; whole numbers are taken as their digits.
    pub fn teacher_id(
        &self,
        row: &Row,
        header: &str,
        codes: &FieldCodes,
        issues: &mut Vec<Issue>,
    ) -> Option<TeacherId> {
        let text = match Self::cell(row, self.column(header)) {
            // Also 18-digit numbers: they are checked for the national ID shape below.
            Value::Number(v) if as_whole(*v).is_some() => format_number(*v),
            Value::Text(t) => t.clone(),
            _ => {
                // Empty, an error value, a fraction …: reported as for any text cell.
                self.text(row, header, true, issues);
                return None;
            }
        };
        let at = |code, value, message: String| {
            self.issue(code, Some(row.line), Some(header), Some(value), message)
        };
        match TeacherId::parse(&text) {
            Ok(id) => Some(id),
            Err(TeacherIdError::LooksLikeNationalId) => {
                self.push(issues, || {
                    at(
                    codes.teacher_id_national_id,
                    mask(&text),
                    "教师编号看起来是居民身份证号。请不要上传身份证号，应填写单位内部的教师编号\
                     （字母、数字、“-”或“_”）；为保护隐私，这里只显示前 3 位"
                        .into(),
                )
                });
                None
            }
            Err(_) if holds_national_id(&text) => {
                self.push(issues, || at(
                    codes.teacher_id_national_id,
                    mask(&text),
                    "教师编号中含有像居民身份证号的数字。请不要上传身份证号，应填写单位内部的教师编号；\
                     为保护隐私，这里只显示前 3 位"
                        .into(),
                ));
                None
            }
            Err(e) => {
                self.push(issues, || {
                    at(
                        codes.teacher_id_invalid,
                        text,
                        format!(
                            "{e}；应为不超过 32 个字符、由字母、数字、“-”或“_”组成的单位内部编号"
                        ),
                    )
                });
                None
            }
        }
    }

    /// A 学校标识码 (required): 10 digits as text. A spreadsheet number is refused (leading zeros
    /// may be lost); a leading apostrophe or ="…" is accepted.
    pub fn school_code(
        &self,
        row: &Row,
        header: &str,
        codes: &FieldCodes,
        issues: &mut Vec<Issue>,
    ) -> Option<SchoolCode> {
        let value = Self::cell(row, self.column(header));
        let at = |code, message: String| {
            self.issue(code, Some(row.line), Some(header), value.shown(), message)
        };
        if matches!(value, Value::Number(_)) {
            self.push(issues, || {
                at(
                    codes.school_code_not_text,
                    format!(
                        "{header}被 Excel 存成了数字，开头的 0 可能已丢失，应为 10 位文本代码；\
                     请把该列设为文本格式后重新填写（或在代码前加英文单引号 '）"
                    ),
                )
            });
            return None;
        }
        let text = self.text(row, header, true, issues)?;
        let unwrapped = text
            .strip_prefix('\'')
            .or_else(|| text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')))
            .unwrap_or(&text);
        match SchoolCode::parse(unwrapped) {
            Ok(code) => Some(code),
            Err(e) => {
                let hint = match e {
                    SchoolCodeError::ScientificNotation => {
                        "被 Excel 转成了科学计数法，应为 10 位文本代码；请把该列设为文本格式后重新填写"
                    }
                    _ if unwrapped.len() < 10 && unwrapped.bytes().all(|b| b.is_ascii_digit()) => {
                        "应为 10 位数字；少于 10 位，可能是 Excel 去掉了开头的 0，请把该列设为文本格式后重新填写"
                    }
                    _ => "应为 10 位数字",
                };
                self.push(issues, || {
                    at(codes.school_code_invalid, format!("{header}{hint}"))
                });
                None
            }
        }
    }

    /// A text of at most `max` characters, trimmed (`None` when empty and not required, or
    /// when too long: `code`, naming the length and the limit).
    pub fn bounded(
        &self,
        row: &Row,
        header: &str,
        required: bool,
        max: usize,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Option<String> {
        let text = self.text(row, header, required, issues)?;
        let n = text.chars().count();
        if n > max {
            self.push(issues, || {
                self.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    Some(text.clone()),
                    format!("{header}有 {n} 个字，应不超过 {max} 个字"),
                )
            });
            return None;
        }
        Some(text.trim().to_owned())
    }

    /// A school year (required): a whole number in 2000–2100.
    pub fn year(
        &self,
        row: &Row,
        header: &str,
        codes: &FieldCodes,
        issues: &mut Vec<Issue>,
    ) -> Option<i32> {
        const WHAT: &str = "2000 至 2100 之间的整数（2024 表示 2024–2025 学年）";
        let year = self.whole(row, header, true, || WHAT.into(), codes.not_integer, issues)?;
        let year = i32::try_from(year).ok().filter(|y| YEARS.contains(y));
        if year.is_none() {
            let value = Self::cell(row, self.column(header));
            self.push(issues, || {
                self.issue(
                    codes.year_invalid,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!("{header}应为 {WHAT}"),
                )
            });
        }
        year
    }

    /// A word of a list (学段, 学历 …): `parse` decides; anything else is `code`, naming the
    /// `expected` words (only called for a message). Empty cells give `None` (an issue when
    /// `required`).
    #[allow(clippy::too_many_arguments)]
    pub fn word<T>(
        &self,
        row: &Row,
        header: &str,
        required: bool,
        parse: impl Fn(&str) -> Option<T>,
        expected: impl FnOnce() -> String,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Option<T> {
        let text = self.text(row, header, required, issues)?;
        let word = parse(&text);
        if word.is_none() {
            self.push(issues, || {
                self.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    Some(text),
                    format!("{header}应为 {} 之一", expected()),
                )
            });
        }
        word
    }
}

/// 是 / 否.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text {
        "是" => Some(true),
        "否" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_ids_are_recognised_even_when_disguised() {
        for id in [
            "11010519491231002X",
            "110105 19491231 002x",
            "110105-491231-002",
            "110101-19900307-7777",
            "T110101199003077777",
            "110101199003077777-1",
            "１１０１０１１９９００３０７７７７７",
            "1.10105E+17",
        ] {
            assert!(holds_national_id(id), "{id}");
        }
        for id in ["T2024-0001", "11010519491231002", "1.5e3", "5001120001"] {
            assert!(!holds_national_id(id), "{id}");
        }
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("否"), Some(false));
        assert_eq!(yes_no("Y"), None);
    }
}
