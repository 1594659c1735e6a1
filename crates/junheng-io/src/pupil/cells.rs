//! The cells that say who a row is about: 学籍号 (masked whenever shown), 年级, 班级, 性别; and the
//! refusal of any other cell holding a 身份证号.

use junheng_core::privacy::mask;
use junheng_core::student::{NumberError, StudentNumber};

use super::columns::{CLASS, GRADE, NAME, NUMBER, SEX};
use super::{CLASS_MAX_CHARS, PupilCodes};
use crate::school::Issue;
use crate::school::cell::{as_whole, format_number, parse_number};
use crate::table::fields::holds_national_id;
use crate::table::write::looks_like_formula;
use crate::table::{Row, Table, Value};

/// A 学籍号 (or what stands in its column) as an issue may show it: the first four digits (five
/// characters after a letter) and the last four, the rest starred, as [`StudentNumber::masked`].
fn hide(text: &str) -> String {
    let n = text.chars().count();
    let keep = if text.starts_with(|c: char| c.is_alphabetic()) {
        5
    } else {
        4
    };
    let head = keep.min(n);
    let tail = 4.min(n - head);
    let mut out: String = text.chars().take(head).collect();
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(text.chars().skip(n - tail));
    out
}

/// Whether a text could hold a 身份证号 (15 digits or more, or scientific notation): the cheap
/// test before [`holds_national_id`].
fn may_hold_id(text: &str) -> bool {
    text.contains(['e', 'E'])
        || text
            .chars()
            .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .count()
            >= 15
}

/// The cells of a row, with the file columns refused for holding a 身份证号.
pub(crate) struct Cells<'a> {
    pub t: &'a Table,
    pub row: &'a Row,
    pub codes: &'static PupilCodes,
    refused: Vec<usize>,
}

impl<'a> Cells<'a> {
    /// The row's cells, each but 学籍号's that holds a 身份证号 reported (masked; 姓名 not at all)
    /// and refused.
    pub fn new(
        t: &'a Table,
        row: &'a Row,
        codes: &'static PupilCodes,
        issues: &mut Vec<Issue>,
    ) -> Cells<'a> {
        let refused = refused_cells(t, row, codes, issues);
        Cells {
            t,
            row,
            codes,
            refused,
        }
    }

    pub fn value(&self, header: &str) -> &Value {
        Table::cell(self.row, self.t.column(header))
    }

    pub fn empty(&self, header: &str) -> bool {
        matches!(self.value(header), Value::Empty)
    }

    /// Whether the column's cell was refused (and reported) for holding a 身份证号.
    pub fn refused(&self, header: &str) -> bool {
        !self.refused.is_empty()
            && self
                .t
                .column(header)
                .is_some_and(|j| self.refused.contains(&j))
    }

    /// Adds an issue about the row's cell under `header`, within [`crate::Limits::max_issues`].
    pub fn report(
        &self,
        issues: &mut Vec<Issue>,
        code: &'static str,
        header: &str,
        value: Option<String>,
        message: String,
    ) {
        let line = Some(self.row.line);
        let issue = || self.t.issue(code, line, Some(header), value, message);
        self.t.push(issues, issue);
    }

    /// Adds a warning about the row's cell under `header`, within [`crate::Limits::max_warnings`].
    pub fn warn(
        &self,
        warnings: &mut Vec<Issue>,
        code: &'static str,
        header: &str,
        value: Option<String>,
        message: String,
    ) {
        let line = Some(self.row.line);
        let warning = || self.t.issue(code, line, Some(header), value, message);
        self.t.warn(warnings, warning);
    }

    /// A required word.
    pub fn word<T>(
        &self,
        header: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: impl FnOnce() -> String,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Option<T> {
        if self.refused(header) {
            return None;
        }
        self.t
            .word(self.row, header, true, parse, expected, code, issues)
    }

    /// An optional word: `Ok(None)` when empty, `Err` when wrong (and reported).
    pub fn optional<T>(
        &self,
        header: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: impl FnOnce() -> String,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Result<Option<T>, ()> {
        if self.refused(header) {
            return Err(());
        }
        if self.empty(header) {
            return Ok(None);
        }
        self.word(header, parse, expected, code, issues)
            .map(Some)
            .ok_or(())
    }

    /// 学籍号, required: text, `G` + 身份证号 with its check character or `L` + 6–30 characters.
    pub fn number(&self, issues: &mut Vec<Issue>) -> Option<StudentNumber> {
        let (t, codes) = (self.t, self.codes);
        let report = |issues: &mut Vec<Issue>, code, value: Option<String>, message: String| {
            self.report(issues, code, NUMBER, value, message);
        };
        const NOT_TEXT: &str = "学籍号被存成了数字（可能已变成科学计数法、丢失了数字），应为文本：\
                                G 加 18 位身份证号，或 L 开头的临时学籍号；请把该列设为文本格式后重新填写";
        let text = match self.value(NUMBER) {
            Value::Text(text) => text,
            Value::Empty => {
                let message = "「学籍号」不能为空".into();
                report(issues, t.codes.required_cell_empty, None, message);
                return None;
            }
            Value::Error(e) => {
                let message = "是表格错误值，应为学籍号（文本）".into();
                report(issues, t.codes.excel_error_cell, Some(e.clone()), message);
                return None;
            }
            Value::Number(v) => {
                let value = Some(hide(&format_number(*v)));
                report(issues, codes.number_not_text, value, NOT_TEXT.into());
                return None;
            }
            Value::Other(what, shown) => {
                let message = format!("是{what}，应为学籍号（文本）");
                report(issues, t.codes.not_text, Some(hide(shown)), message);
                return None;
            }
        };
        if text.chars().any(char::is_control) {
            let message = "含有换行、制表符等控制字符，应只含字母和数字".into();
            report(issues, t.codes.control_character, Some(hide(text)), message);
            return None;
        }
        if text.contains(['e', 'E']) && parse_number(text).is_some() {
            let value = Some(hide(text));
            report(issues, codes.number_not_text, value, NOT_TEXT.into());
            return None;
        }
        match StudentNumber::parse(text) {
            Ok(n) => Some(n),
            Err(e) => {
                let code = if e == NumberError::Check {
                    codes.number_check
                } else {
                    codes.number_invalid
                };
                let digits = text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'X' || b == b'x');
                let hint = if e == NumberError::Prefix && digits && text.len() == 18 {
                    "；全国学籍号是 G 加身份证号，请在前面加 G"
                } else {
                    ""
                };
                report(issues, code, Some(hide(text)), format!("{e}{hint}"));
                None
            }
        }
    }

    /// 班级, required: at most [`CLASS_MAX_CHARS`] characters, not a formula.
    pub fn class(&self, issues: &mut Vec<Issue>) -> Option<String> {
        if self.refused(CLASS) {
            return None;
        }
        let text = self.t.text(self.row, CLASS, true, issues)?;
        let n = text.chars().count();
        let (code, message) = if looks_like_formula(&text) {
            (
                self.codes.text_formula,
                "班级以 = + - @ 开头，会被表格软件当作公式，应写作 3班、(3)班 等".to_owned(),
            )
        } else if n > CLASS_MAX_CHARS {
            (
                self.codes.class_invalid,
                format!("班级有 {n} 个字，应不超过 {CLASS_MAX_CHARS} 个字"),
            )
        } else {
            return Some(text);
        };
        self.report(issues, code, CLASS, Some(text), message);
        None
    }

    /// 年级, required.
    pub fn grade(&self, issues: &mut Vec<Issue>) -> Option<u8> {
        if self.refused(GRADE) {
            return None;
        }
        let value = self.value(GRADE);
        let grade = match value {
            Value::Empty => {
                let m = format!("「{GRADE}」不能为空，应为 1 至 9 的整数");
                self.report(issues, self.t.codes.required_cell_empty, GRADE, None, m);
                return None;
            }
            Value::Number(v) => as_whole(*v)
                .filter(|v| (1.0..=9.0).contains(v))
                .map(|v| v as u8),
            Value::Text(text) => grade_of(text),
            Value::Error(_) | Value::Other(..) => None,
        };
        if grade.is_none() {
            let m = "年级应为 1 至 9 的整数（小学 1–6，初中 7–9），也可写 三年级、初一、七年级 等"
                .into();
            self.report(issues, self.codes.grade_invalid, GRADE, value.shown(), m);
        }
        grade
    }

    /// 性别, required: `true` for 男.
    pub fn sex(&self, issues: &mut Vec<Issue>) -> Option<bool> {
        let expected = || "男、女".into();
        self.word(SEX, male, expected, self.codes.sex_invalid, issues)
    }

    /// Whether 性别 agrees with a national 学籍号 (reported when not).
    pub fn sex_agrees(&self, number: &StudentNumber, male: bool, issues: &mut Vec<Issue>) -> bool {
        if number.male() != Some(!male) {
            return true;
        }
        let (said, written) = if male { ("女", "男") } else { ("男", "女") };
        let m = format!("性别与学籍号不一致：学籍号中的身份证号表示{said}，请核对性别或学籍号");
        let code = self.codes.sex_mismatch;
        self.report(issues, code, SEX, Some(written.into()), m);
        false
    }
}

/// 男 or 女: `true` for 男.
fn male(text: &str) -> Option<bool> {
    match text {
        "男" => Some(true),
        "女" => Some(false),
        _ => None,
    }
}

/// Reports each cell but 学籍号's that holds a 身份证号 (masked; 姓名 not at all) and returns
/// their file columns.
fn refused_cells(t: &Table, row: &Row, codes: &PupilCodes, issues: &mut Vec<Issue>) -> Vec<usize> {
    let number = t.column(NUMBER);
    let mut refused = Vec::new();
    for (j, value) in row.cells.iter().enumerate() {
        let text = match value {
            _ if Some(j) == number => continue,
            Value::Text(s) | Value::Other(_, s) if may_hold_id(s) && holds_national_id(s) => {
                s.clone()
            }
            Value::Number(v) if v.abs() >= 1e14 => format_number(*v),
            _ => continue,
        };
        refused.push(j);
        let header = match t.headers.get(j) {
            Some(Some(h)) => h.clone(),
            _ => format!("第 {} 列", j + 1),
        };
        let (value, what) = if header == NAME {
            (None, format!("第 {} 行的姓名", row.line))
        } else {
            (Some(mask(&text)), header.clone())
        };
        t.push(issues, || {
            t.issue(
                codes.national_id_value,
                Some(row.line),
                Some(&header),
                value,
                format!(
                    "{what}中有像身份证号的数字。请不要上传身份证号（学籍号已含所需信息），\
                     删除后重新导入；为保护隐私，这里不显示该值"
                ),
            )
        });
    }
    refused
}

/// 年级 as written: 1–9, 三年级, 3年级, 初一 … 初三, 七年级 ….
fn grade_of(text: &str) -> Option<u8> {
    const NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let number = |s: &str| match s.as_bytes() {
        [d @ b'1'..=b'9'] => Some(d - b'0'),
        _ => NUMERALS.iter().position(|n| *n == s).map(|k| k as u8 + 1),
    };
    if let Some(rest) = text.strip_prefix('初') {
        return number(rest).filter(|g| *g <= 3).map(|g| g + 6);
    }
    number(text.strip_suffix("年级").unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_read_in_every_spelling() {
        for (text, grade) in [
            ("3", 3),
            ("三年级", 3),
            ("3年级", 3),
            ("初一", 7),
            ("七年级", 7),
        ] {
            assert_eq!(grade_of(text), Some(grade), "{text}");
        }
        for text in ["0", "10", "十年级", "初四", "高一"] {
            assert_eq!(grade_of(text), None, "{text}");
        }
    }

    #[test]
    fn numbers_are_hidden_as_student_numbers_mask() {
        assert_eq!(hide("G500112201609010016"), "G5001**********0016");
        assert_eq!(hide("500112201609010016"), "5001**********0016");
        assert_eq!(hide("L12"), "L12");
    }
}
