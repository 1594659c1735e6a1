//! The cells of a row that need more than a word list: 学籍号 (masked whenever shown), 姓名 (never
//! shown), 班级, 出生日期, 年级, and the refusal of any other cell holding a 身份证号.

use junheng_core::privacy::mask;
use junheng_core::student::{NumberError, StudentNumber};

use super::columns::*;
use super::{CLASS_MAX_CHARS, NAME_MAX_CHARS, codes};
use crate::school::Issue;
use crate::school::cell::{as_whole, format_number, parse_number};
use crate::table::date::Dates;
use crate::table::fields::holds_national_id;
use crate::table::write::looks_like_formula;
use crate::table::{Row, Table, Value};

/// Birth dates fall in these years.
const DATES: Dates = Dates(1990..=2100);

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
pub(super) struct Cells<'a> {
    pub t: &'a Table,
    pub row: &'a Row,
    pub refused: Vec<usize>,
}

impl Cells<'_> {
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

    pub fn report(
        &self,
        issues: &mut Vec<Issue>,
        code: &'static str,
        header: &str,
        value: Option<String>,
        message: String,
    ) {
        self.t.push(issues, || {
            self.t
                .issue(code, Some(self.row.line), Some(header), value, message)
        });
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
}

/// Reports each cell but 学籍号's that holds a 身份证号 (masked; 姓名 not at all) and returns
/// their file columns.
pub(super) fn refused_cells(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Vec<usize> {
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
                codes::NATIONAL_ID_VALUE,
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

/// 学籍号, required: text, `G` + 身份证号 with its check character or `L` + 6–30 characters.
pub(super) fn number(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<StudentNumber> {
    let report = |issues: &mut Vec<Issue>, code, value: Option<String>, message: String| {
        t.push(issues, || {
            t.issue(code, Some(row.line), Some(NUMBER), value, message)
        });
    };
    const NOT_TEXT: &str = "学籍号被存成了数字（可能已变成科学计数法、丢失了数字），应为文本：\
                            G 加 18 位身份证号，或 L 开头的临时学籍号；请把该列设为文本格式后重新填写";
    let text = match Table::cell(row, t.column(NUMBER)) {
        Value::Text(text) => text,
        Value::Empty => {
            report(
                issues,
                t.codes.required_cell_empty,
                None,
                "「学籍号」不能为空".into(),
            );
            return None;
        }
        Value::Error(e) => {
            let message = "是表格错误值，应为学籍号（文本）".into();
            report(issues, t.codes.excel_error_cell, Some(e.clone()), message);
            return None;
        }
        Value::Number(v) => {
            let value = Some(hide(&format_number(*v)));
            report(issues, codes::NUMBER_NOT_TEXT, value, NOT_TEXT.into());
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
        report(
            issues,
            codes::NUMBER_NOT_TEXT,
            Some(hide(text)),
            NOT_TEXT.into(),
        );
        return None;
    }
    match StudentNumber::parse(text) {
        Ok(n) => Some(n),
        Err(e) => {
            let code = if e == NumberError::Check {
                codes::NUMBER_CHECK
            } else {
                codes::NUMBER_INVALID
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

/// 姓名, required, never echoed.
pub(super) fn name(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<String> {
    if c.refused(NAME) {
        return None;
    }
    let who = || format!("第 {} 行的姓名", c.row.line);
    let codes_ = c.t.codes;
    let (code, message) = match c.value(NAME) {
        Value::Text(s) => {
            let n = s.chars().count();
            if s.chars().any(char::is_control) {
                let m = format!("{}含有换行、制表符等控制字符，应只含可见字符", who());
                (codes_.control_character, m)
            } else if looks_like_formula(s) {
                let m = format!(
                    "{}以 = + - @ 开头，会被表格软件当作公式，应为学生姓名",
                    who()
                );
                (codes::TEXT_FORMULA, m)
            } else if n > NAME_MAX_CHARS {
                let m = format!("{}有 {n} 个字，应不超过 {NAME_MAX_CHARS} 个字", who());
                (codes::NAME_INVALID, m)
            } else if s
                .chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                (
                    codes::NAME_INVALID,
                    format!("{}全是数字，应为学生姓名", who()),
                )
            } else {
                return Some(s.clone());
            }
        }
        Value::Empty => (codes_.required_cell_empty, "「姓名」不能为空".into()),
        Value::Number(_) => (
            codes::NAME_INVALID,
            format!("{}是数字，应为学生姓名", who()),
        ),
        Value::Error(_) => (
            codes_.excel_error_cell,
            format!("{}是表格错误值，应为学生姓名", who()),
        ),
        Value::Other(what, _) => (codes_.not_text, format!("{}是{what}，应为文本", who())),
    };
    c.report(issues, code, NAME, None, message);
    None
}

/// 班级, required: at most [`CLASS_MAX_CHARS`] characters, not a formula.
pub(super) fn class(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<String> {
    if c.refused(CLASS) {
        return None;
    }
    let text = c.t.text(c.row, CLASS, true, issues)?;
    let n = text.chars().count();
    let (code, message) = if looks_like_formula(&text) {
        (
            codes::TEXT_FORMULA,
            "班级以 = + - @ 开头，会被表格软件当作公式，应写作 3班、(3)班 等".to_owned(),
        )
    } else if n > CLASS_MAX_CHARS {
        (
            codes::CLASS_INVALID,
            format!("班级有 {n} 个字，应不超过 {CLASS_MAX_CHARS} 个字"),
        )
    } else {
        return Some(text);
    };
    c.report(issues, code, CLASS, Some(text), message);
    None
}

/// 出生日期, required.
pub(super) fn birth_date(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<String> {
    const FORM: &str = "YYYY-MM-DD（例如 2016-09-01）";
    if c.refused(BIRTH) {
        return None;
    }
    let value = c.value(BIRTH);
    let parsed = match value {
        Value::Empty => {
            let m = format!("「{BIRTH}」不能为空，应为{FORM}");
            c.report(issues, c.t.codes.required_cell_empty, BIRTH, None, m);
            return None;
        }
        Value::Text(text) => DATES.text(text),
        // The readers mark date cells 日期或时间.
        Value::Other(what, shown) if what.starts_with("日期") => DATES.cell(shown),
        Value::Number(_) | Value::Other(..) | Value::Error(_) => None,
    };
    if parsed.is_none() {
        let m = format!(
            "出生日期应为 1990 至 2100 年间的真实日期，写作{FORM}；若填的是数字，请把该列设为日期格式"
        );
        c.report(issues, codes::BIRTH_DATE_INVALID, BIRTH, value.shown(), m);
    }
    parsed
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

/// 年级, required.
pub(super) fn grade(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<u8> {
    if c.refused(GRADE) {
        return None;
    }
    let value = c.value(GRADE);
    let grade = match value {
        Value::Empty => {
            let m = format!("「{GRADE}」不能为空，应为 1 至 9 的整数");
            c.report(issues, c.t.codes.required_cell_empty, GRADE, None, m);
            return None;
        }
        Value::Number(v) => as_whole(*v)
            .filter(|v| (1.0..=9.0).contains(v))
            .map(|v| v as u8),
        Value::Text(text) => grade_of(text),
        Value::Error(_) | Value::Other(..) => None,
    };
    if grade.is_none() {
        let m =
            "年级应为 1 至 9 的整数（小学 1–6，初中 7–9），也可写 三年级、初一、七年级 等".into();
        c.report(issues, codes::GRADE_INVALID, GRADE, value.shown(), m);
    }
    grade
}
