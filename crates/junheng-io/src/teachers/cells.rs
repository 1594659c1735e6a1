//! Cells the teacher development templates share: dates, lists of 教师编号 and of 学校标识码,
//! bounded texts. Each reports its problem located (row, column, value, what is expected) and
//! gives `Err(())` when the cell is wrong.

use junheng_core::privacy::mask;
use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;

use crate::school::Issue;
use crate::table::date::Dates;
use crate::table::fields::holds_national_id;
use crate::table::{Row, Table, Value};

/// The templates' dates fall in these years.
const DATES: Dates = Dates(2000..=2100);

/// Most items of a list cell.
pub(crate) const MAX_LIST: usize = 500;

/// A date cell, as `YYYY-MM-DD` (`None` when empty and not required).
pub(crate) fn date(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<Option<String>, ()> {
    let value = Table::cell(row, t.column(header));
    if matches!(value, Value::Empty) {
        if required {
            t.text(row, header, true, issues);
            return Err(());
        }
        return Ok(None);
    }
    match DATES.value(value) {
        Some(day) => Ok(Some(day)),
        None => {
            t.push(issues, || {
                t.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!(
                        "{header}应为 2000 至 2100 年间的真实日期，写作 YYYY-MM-DD（例如 2024-09-01）"
                    ),
                )
            });
            Err(())
        }
    }
}

/// The items of a list cell: separated by 、 , ， ; ； or spaces.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；') || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

/// One refused item of a list: the value shown (masked when it must be) and the message.
struct Refusal {
    shown: String,
    message: String,
}

/// A list of `parse`d items (empty: none), separated by 、 (or the other separators of
/// [`items`]), each kept once, at most [`MAX_LIST`] (`units` count them in the message: the
/// number found, the most allowed).
fn list_of<T: PartialEq>(
    t: &Table,
    row: &Row,
    header: &str,
    code: &'static str,
    issues: &mut Vec<Issue>,
    units: (&str, &str),
    parse: impl Fn(&str) -> Result<T, Refusal>,
) -> Result<Vec<T>, ()> {
    let Some(text) = t.text(row, header, false, issues) else {
        let empty = matches!(Table::cell(row, t.column(header)), Value::Empty);
        return if empty { Ok(Vec::new()) } else { Err(()) };
    };
    let mut out: Vec<T> = Vec::new();
    for item in items(&text) {
        match parse(item) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(r) => {
                t.push(issues, || {
                    t.issue(code, Some(row.line), Some(header), Some(r.shown), r.message)
                });
                return Err(());
            }
        }
    }
    if out.len() > MAX_LIST {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                None,
                format!(
                    "{header}有 {} {}，最多 {MAX_LIST} {}",
                    out.len(),
                    units.0,
                    units.1
                ),
            )
        });
        return Err(());
    }
    Ok(out)
}

/// A list of 教师编号 (empty: none). A national ID number is refused and shown masked.
pub(crate) fn teacher_ids(
    t: &Table,
    row: &Row,
    header: &str,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<Vec<TeacherId>, ()> {
    list_of(t, row, header, code, issues, ("人", "人"), |item| {
        TeacherId::parse(item).map_err(|e| {
            let national = holds_national_id(item);
            let why = if national {
                "看起来是居民身份证号；请填写单位内部的教师编号，不要上传身份证号（这里只显示前 3 位）"
                    .to_owned()
            } else {
                e.to_string()
            };
            Refusal {
                shown: if national { mask(item) } else { item.to_owned() },
                message: format!(
                    "{header}中的「{}」{why}；应为用「、」分隔的教师编号",
                    if national { "该项" } else { item }
                ),
            }
        })
    })
}

/// A list of 学校标识码 (empty: none), each 10 digits, each kept once.
pub(crate) fn school_codes(
    t: &Table,
    row: &Row,
    header: &str,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<Vec<SchoolCode>, ()> {
    list_of(t, row, header, code, issues, ("所学校", "所"), |item| {
        SchoolCode::parse(item).map_err(|_| Refusal {
            shown: item.to_owned(),
            message: format!("{header}中的「{item}」应为 10 位数字的学校标识码，多个用「、」分隔"),
        })
    })
}

/// The end date is not before the start (reported on the end's column).
pub(crate) fn period(
    t: &Table,
    row: &Row,
    header: &str,
    start: &str,
    end: Option<&str>,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> bool {
    match end {
        Some(e) if e < start => {
            t.push(issues, || {
                t.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    Some(e.to_owned()),
                    format!("{header}不能早于开始日期 {start}"),
                )
            });
            false
        }
        _ => true,
    }
}
