//! The cells only the registry and its lists have: 姓名 (never shown) and 出生日期. The cells
//! every file of children shares (学籍号, 年级, 班级, 性别) are [`crate::pupil`]'s.

use super::NAME_MAX_CHARS;
use super::codes;
use super::columns::*;
use crate::pupil::Cells;
use crate::school::Issue;
use crate::table::Value;
use crate::table::date::Dates;
use crate::table::write::looks_like_formula;

/// Birth dates fall in these years.
const DATES: Dates = Dates(1990..=2100);

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

/// 出生日期, required.
pub(super) fn birth_date(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<String> {
    const FORM: &str = "YYYY-MM-DD（例如 2016-09-01）";
    if c.refused(BIRTH) {
        return None;
    }
    let value = c.value(BIRTH);
    if c.empty(BIRTH) {
        let m = format!("「{BIRTH}」不能为空，应为{FORM}");
        c.report(issues, c.t.codes.required_cell_empty, BIRTH, None, m);
        return None;
    }
    let parsed = DATES.value(value);
    if parsed.is_none() {
        let m = format!(
            "出生日期应为 1990 至 2100 年间的真实日期，写作{FORM}；若填的是数字，请把该列设为日期格式"
        );
        c.report(issues, codes::BIRTH_DATE_INVALID, BIRTH, value.shown(), m);
    }
    parsed
}
