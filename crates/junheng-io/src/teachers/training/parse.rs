//! The training files' rows → records, every problem reported at once.

use std::collections::HashMap;

use junheng_teachers::training::{
    Budget, Day, Hours, Level, MAX_BUDGET_YUAN, MAX_CERTIFICATE_CHARS, MAX_COURSE_CHARS,
    MAX_RECORD_HOURS, RecordKey, Source, TrainingRecord,
};

use super::columns::*;
use super::{BUDGET_TEMPLATE, BudgetFile, ImportFailure, TEMPLATE, TrainingFile, codes};
use crate::classroom::parse::bounded;
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::date::Dates;
use crate::table::rows::{Checked, read_rows};
use crate::table::{Row, Table, Value};

/// The ledger's dates fall in these years.
const DATES: Dates = Dates(2000..=2100);

pub(super) fn read_training(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<TrainingFile, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, &mut |_, _| {}, record)?;
    let mut seen: HashMap<RecordKey, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (line, r) in &checked.rows {
        let first = *seen.entry(r.key()).or_insert(*line);
        if first != *line {
            duplicates.push((*line, first, r.course.clone()));
        }
    }
    for (line, first, course) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE_RECORD,
                Some(line),
                Some(COURSE),
                Some(course),
                format!("与第 {first} 行是同一教师、同一培训项目、同一开始日期；每次培训只填一行"),
            )
        });
    }
    // The rows are kept with their line numbers, for the use-case layer's own checks.
    let rows: Vec<(usize, TrainingRecord)> = checked.rows.clone();
    let place = checked.table.place.clone();
    let (_, warnings) = checked.finish()?;
    Ok(TrainingFile {
        file: place.file,
        sheet: place.sheet,
        records: rows,
        warnings,
    })
}

pub(super) fn read_budgets(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<BudgetFile, ImportFailure> {
    let mut checked: Checked<Budget> = read_rows(
        bytes,
        file,
        &BUDGET_TEMPLATE,
        limits,
        &mut |_, _| {},
        budget,
    )?;
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (line, b) in &checked.rows {
        let first = *seen
            .entry((b.school.as_str().to_owned(), b.year))
            .or_insert(*line);
        if first != *line {
            duplicates.push((*line, first, b.school.as_str().to_owned()));
        }
    }
    for (line, first, school) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE_BUDGET,
                Some(line),
                Some(SCHOOL),
                Some(school),
                format!("与第 {first} 行是同一学校、同一年度；每校每年只填一行"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (budgets, warnings) = checked.finish()?;
    Ok(BudgetFile {
        file: place.file,
        sheet: place.sheet,
        budgets,
        warnings,
    })
}

/// A required date.
fn date(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Option<Day> {
    let value = Table::cell(row, t.column(header));
    if matches!(value, Value::Empty) {
        t.text(row, header, true, issues);
        return None;
    }
    let day = DATES.value(value).and_then(|d| Day::parse(&d));
    if day.is_none() {
        t.push(issues, || {
            t.issue(
                codes::DATE_INVALID,
                Some(row.line),
                Some(header),
                value.shown(),
                format!(
                    "{header}应为 2000 至 2100 年间的真实日期，写作 YYYY-MM-DD（例如 2024-07-08）"
                ),
            )
        });
    }
    day
}

/// 学时: a number > 0 with at most two decimals, at most [`MAX_RECORD_HOURS`].
fn hours(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Hours> {
    let value = Table::cell(row, t.column(HOURS));
    if matches!(value, Value::Empty) {
        t.text(row, HOURS, true, issues);
        return None;
    }
    let h = match value {
        Value::Number(v) => Hours::from_f64(*v),
        Value::Text(text) => Hours::parse(text),
        _ => None,
    }
    .filter(|h| *h > Hours::ZERO && *h <= MAX_RECORD_HOURS);
    if h.is_none() {
        t.push(issues, || {
            t.issue(
                codes::HOURS_INVALID,
                Some(row.line),
                Some(HOURS),
                value.shown(),
                format!(
                    "学时应为大于 0、不超过 {MAX_RECORD_HOURS} 的数，最多两位小数（例如 40 或 2.5）"
                ),
            )
        });
    }
    h
}

/// One ledger row, checked; `None` when anything is wrong (and reported).
pub(super) fn record(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<TrainingRecord> {
    let teacher = t.teacher_id(row, TEACHER, &codes::FIELDS, issues);
    let course = bounded(
        t,
        row,
        COURSE,
        true,
        MAX_COURSE_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let level = t.word(
        row,
        LEVEL,
        true,
        Level::parse,
        || Level::expected().into(),
        codes::LEVEL_INVALID,
        issues,
    );
    let start = date(t, row, START, issues);
    let end = date(t, row, END, issues);
    let hours = hours(t, row, issues);
    let certificate = bounded(
        t,
        row,
        CERTIFICATE,
        false,
        MAX_CERTIFICATE_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let source_empty = matches!(Table::cell(row, t.column(SOURCE)), Value::Empty);
    let source = if source_empty {
        Some(Source::Platform)
    } else {
        t.word(
            row,
            SOURCE,
            false,
            Source::parse,
            || "平台导出、手工录入".into(),
            codes::SOURCE_INVALID,
            issues,
        )
    };
    let (start, end) = (start?, end?);
    if end < start {
        t.push(issues, || {
            t.issue(
                codes::DATES_REVERSED,
                Some(row.line),
                Some(END),
                Some(end.to_string()),
                format!("结束日期早于开始日期 {start}；应不早于开始日期"),
            )
        });
        return None;
    }
    Some(TrainingRecord {
        teacher: teacher?,
        course: course.ok()??.trim().to_owned(),
        level: level?,
        start,
        end,
        hours: hours?,
        certificate: certificate.ok()?,
        source: source?,
    })
}

/// A whole number of 元 in `min..=MAX_BUDGET_YUAN`.
fn yuan(t: &Table, row: &Row, header: &str, min: i64, issues: &mut Vec<Issue>) -> Option<i64> {
    let what = || format!("{min} 到 {MAX_BUDGET_YUAN} 之间的整数（元）");
    let v = t.whole(row, header, true, what, codes::AMOUNT_INVALID, issues)?;
    if !(min..=MAX_BUDGET_YUAN).contains(&v) {
        let shown = Table::cell(row, t.column(header)).shown();
        t.push(issues, || {
            t.issue(
                codes::AMOUNT_INVALID,
                Some(row.line),
                Some(header),
                shown,
                format!("{header}应为{}", what()),
            )
        });
        return None;
    }
    Some(v)
}

/// One budget row, checked.
pub(super) fn budget(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Budget> {
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let year = t.year(row, YEAR, &codes::FIELDS, issues);
    let funds = yuan(t, row, FUNDS, 1, issues);
    let training = yuan(t, row, TRAINING, 0, issues);
    let (funds, training) = (funds?, training?);
    if training > funds {
        t.push(issues, || {
            t.issue(
                codes::AMOUNT_INVALID,
                Some(row.line),
                Some(TRAINING),
                Some(training.to_string()),
                format!(
                    "教师培训经费 {training} 元超过了公用经费预算 {funds} 元；应为其中的一部分"
                ),
            )
        });
        return None;
    }
    Some(Budget {
        school: school?,
        year: year?,
        public_funds: funds,
        training,
    })
}
