//! One record or one school's budget entered on a form (the 继续教育 page, `junheng training add`):
//! the form's fields are a table of one row under the template's headers, checked by the very
//! row rules of a file ([`super::read_training`], [`super::read_budgets`]), so that a form takes
//! exactly what a file takes. An issue names the field (the column's header), the value given
//! and what is expected; it has no row.

use junheng_teachers::training::{Budget, TrainingRecord};

use super::{BUDGET_TEMPLATE, ImportFailure, Issue, TEMPLATE, columns, parse};
use crate::limits::Limits;
use crate::school::issue::Place;
use crate::table::rows::Template;
use crate::table::{Row, Table, Value};

/// The name entries go by (in issues, and as the batch of one entered record).
pub const ENTERED: &str = "页面录入";

/// The place of an entry's issues.
fn place() -> Place {
    Place {
        file: ENTERED.into(),
        sheet: None,
    }
}

/// An issue of an entry's field (the use-case layer's own checks, e.g. a teacher not in the
/// roster).
pub fn entry_issue(
    code: &'static str,
    field: &str,
    value: Option<String>,
    message: String,
) -> Issue {
    place().issue(code, None, Some(field), value, message)
}

/// `fields` (header → text; blank is empty, absent headers too) as the one row of `template`,
/// checked by `check`.
fn one_row<T>(
    template: &Template<'static>,
    fields: &[(&str, &str)],
    check: impl FnOnce(&Table, &Row, &mut Vec<Issue>) -> Option<T>,
) -> Result<T, ImportFailure> {
    let headers = template
        .columns
        .iter()
        .map(|c| Some(c.header.to_owned()))
        .collect();
    let cells = template
        .columns
        .iter()
        .map(|c| {
            fields
                .iter()
                .rev()
                .find(|(k, _)| *k == c.header)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .map_or(Value::Empty, |v| Value::Text(v.to_owned()))
        })
        .collect();
    let row = Row { line: 2, cells };
    let table = Table::new(
        place(),
        template.codes,
        Vec::new(),
        1,
        headers,
        vec![row],
        &Limits::default(),
    );
    let mut issues = Vec::new();
    let got = check(&table, &table.rows[0], &mut issues);
    for i in &mut issues {
        i.row = None;
    }
    match got {
        Some(r) if issues.is_empty() => Ok(r),
        _ => Err(ImportFailure {
            issues,
            warnings: Vec::new(),
        }),
    }
}

/// One training record entered by hand: `fields` are (header of [`super::COLUMNS`], text) —
/// 教师编号, 培训项目, 培训级别, 开始日期, 结束日期, 学时, 证书编号 — checked as a ledger row; its 来源 is
/// 手工录入 whatever the fields say. Every problem, each naming its field, when anything is wrong.
///
/// ```
/// use junheng_io::teachers::training::{columns as c, read_entry};
/// let r = read_entry(&[
///     (c::TEACHER, "T0001"), (c::COURSE, "校本研修"), (c::LEVEL, "校"),
///     (c::START, "2025-12-31"), (c::END, "2025-12-31"), (c::HOURS, "0.5"),
/// ]).unwrap();
/// assert_eq!(r.hours.to_string(), "0.5");
/// let e = read_entry(&[(c::TEACHER, "T0001"), (c::HOURS, "四十")]).unwrap_err();
/// assert!(e.issues.iter().any(|i| i.column.as_deref() == Some(c::HOURS)));
/// ```
pub fn read_entry(fields: &[(&str, &str)]) -> Result<TrainingRecord, ImportFailure> {
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| *k != columns::SOURCE)
        .copied()
        .collect();
    all.push((columns::SOURCE, "手工录入"));
    one_row(&TEMPLATE, &all, parse::record)
}

/// One school's budget entered by hand: `fields` are (header of [`super::BUDGET_COLUMNS`],
/// text) — 学校标识码, 年度, 公用经费预算（元）, 其中教师培训经费（元） — checked as a row of the budget
/// file.
pub fn read_budget_entry(fields: &[(&str, &str)]) -> Result<Budget, ImportFailure> {
    one_row(&BUDGET_TEMPLATE, fields, parse::budget)
}
