//! The ledger file's rows → [`ProjectLine`]s, every problem reported at once.

use std::collections::{BTreeMap, HashMap};

use junheng_core::seats::ledger::{ProjectKind, ProjectStatus, status_problem};
use junheng_core::seats::project::Additions;

use super::columns::*;
use super::{
    COLUMNS, FUNDING_MAX_CHARS, ImportFailure, LedgerFile, MoneyLine, NAME_MAX_CHARS,
    NOTE_MAX_CHARS, ProjectLine, SHEET_NAME, codes, money_column,
};
use crate::classroom::parse::bounded;
use crate::limits::Limits;
use crate::school::Issue;
use crate::school::cell::parse_number;
use crate::table::date::Dates;
use crate::table::rows::Checked;
use crate::table::{Row, Table, Value, read_with};

/// The ledger's dates fall in these years.
const DATES: Dates = Dates(2000..=2100);
/// School years and budget years.
const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;
/// The largest 元 a cell may hold (10¹³).
const MAX_YUAN: i64 = 10_000_000_000_000;
/// The largest ㎡ or 万元 a cell may hold.
const MAX_ADDED: f64 = 10_000_000.0;

pub(super) fn read(bytes: &[u8], file: &str, limits: &Limits) -> Result<LedgerFile, ImportFailure> {
    let table = read_with(bytes, file, SHEET_NAME, &codes::TABLE, limits).map_err(|issue| {
        ImportFailure {
            issues: vec![*issue],
            warnings: Vec::new(),
        }
    })?;
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    let known: Vec<(&str, bool)> = COLUMNS.iter().map(|c| (c.header, c.required)).collect();
    table.check_header(
        &known,
        |h| money_column(h).is_some(),
        &mut issues,
        &mut warnings,
    );
    table.require_rows(&mut issues);
    if !issues.is_empty() {
        return Err(ImportFailure { issues, warnings });
    }
    // The money columns: (header, year, planned?).
    let money: Vec<(String, i32, bool)> = table
        .headers
        .iter()
        .flatten()
        .filter_map(|h| money_column(h).map(|(y, p)| (h.clone(), y, p)))
        .collect();
    for (h, year, _) in &money {
        if !YEARS.contains(&i64::from(*year)) {
            table.push(&mut issues, || {
                table.issue(
                    codes::YEAR_INVALID,
                    Some(table.header_row),
                    Some(h),
                    None,
                    "资金列的年度应在 2000 到 2100 之间".into(),
                )
            });
        }
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if let Some(p) = project(&table, row, &money, &mut issues) {
            if let Some(first) = first_row.get(&p.name) {
                table.push(&mut issues, || {
                    table.issue(
                        codes::DUPLICATE_NAME,
                        Some(row.line),
                        Some(NAME),
                        Some(p.name.clone()),
                        format!("与第 {first} 行的项目同名；每个项目在台账中只能出现一次"),
                    )
                });
                continue;
            }
            first_row.insert(p.name.clone(), row.line);
            rows.push((row.line, p));
        }
    }
    let place = table.place.clone();
    let (projects, warnings) = Checked {
        table,
        rows,
        issues,
        warnings,
    }
    .finish()?;
    Ok(LedgerFile {
        file: place.file,
        sheet: place.sheet,
        projects,
        warnings,
    })
}

/// A whole number ≥ 0 of at most `max` (empty is `None`).
fn whole(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    max: i64,
    issues: &mut Vec<Issue>,
) -> Result<Option<i64>, ()> {
    let empty = matches!(Table::cell(row, t.column(header)), Value::Empty);
    if empty && !required {
        return Ok(None);
    }
    let what = || format!("0 到 {max} 之间的整数");
    let v = t
        .whole(row, header, required, what, codes::NOT_INTEGER, issues)
        .ok_or(())?;
    if !(0..=max).contains(&v) {
        let shown = Table::cell(row, t.column(header)).shown();
        t.push(issues, || {
            t.issue(
                codes::NOT_INTEGER,
                Some(row.line),
                Some(header),
                shown,
                format!("{header}应为 0 到 {max} 之间的整数"),
            )
        });
        return Err(());
    }
    Ok(Some(v))
}

/// A count (classes, rooms, seats; empty is 0).
fn count(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Result<u32, ()> {
    Ok(whole(t, row, header, false, 100_000, issues)?.unwrap_or(0) as u32)
}

/// A number ≥ 0 (㎡, 万元; empty is 0).
fn decimal(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Result<f64, ()> {
    let value = Table::cell(row, t.column(header));
    let v = match value {
        Value::Empty => return Ok(0.0),
        Value::Number(v) => Some(*v),
        Value::Text(text) => parse_number(text),
        _ => None,
    };
    match v.filter(|v| v.is_finite() && (0.0..=MAX_ADDED).contains(v)) {
        Some(v) => Ok(v),
        None => {
            t.push(issues, || {
                t.issue(
                    codes::NUMBER_INVALID,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!("{header}应为 0 到 {MAX_ADDED} 之间的数"),
                )
            });
            Err(())
        }
    }
}

/// A school year (`None` when empty and not required).
fn school_year(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Result<Option<i32>, ()> {
    let empty = matches!(Table::cell(row, t.column(header)), Value::Empty);
    if empty && !required {
        return Ok(None);
    }
    let year = t.year(row, header, &codes::FIELDS, issues).ok_or(())?;
    Ok(Some(year))
}

/// An optional date, as `YYYY-MM-DD`.
fn date(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Result<Option<String>, ()> {
    let value = Table::cell(row, t.column(header));
    if matches!(value, Value::Empty) {
        return Ok(None);
    }
    match DATES.value(value) {
        Some(day) => Ok(Some(day)),
        None => {
            t.push(issues, || {
                t.issue(
                    codes::DATE_INVALID,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!(
                        "{header}应为 2000 至 2100 年间的真实日期，写作 YYYY-MM-DD（例如 2024-03-01）"
                    ),
                )
            });
            Err(())
        }
    }
}

/// One row, checked; `None` when anything is wrong (and reported).
fn project(
    t: &Table,
    row: &Row,
    money: &[(String, i32, bool)],
    issues: &mut Vec<Issue>,
) -> Option<ProjectLine> {
    let name = bounded(
        t,
        row,
        NAME,
        true,
        NAME_MAX_CHARS,
        codes::NAME_TOO_LONG,
        issues,
    );
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let kind = t.word(
        row,
        KIND,
        true,
        ProjectKind::parse,
        || "新建、改扩建、挖潜扩容、改造".into(),
        codes::KIND_INVALID,
        issues,
    );
    let status = t.word(
        row,
        STATUS,
        true,
        ProjectStatus::parse,
        || "规划、在建、完成".into(),
        codes::STATUS_INVALID,
        issues,
    );
    let planned = school_year(t, row, YEAR_PLANNED, true, issues);
    let opened = school_year(t, row, YEAR_OPENED, false, issues);
    let (pc, jc) = (
        count(t, row, PRIMARY_CLASSES, issues),
        count(t, row, JUNIOR_CLASSES, issues),
    );
    let (teaching, gym, sports, equipment) = (
        decimal(t, row, TEACHING_AREA, issues),
        decimal(t, row, GYM_AREA, issues),
        decimal(t, row, SPORTS_AREA, issues),
        decimal(t, row, EQUIPMENT, issues),
    );
    let (multimedia, music, art) = (
        count(t, row, MULTIMEDIA, issues),
        count(t, row, MUSIC, issues),
        count(t, row, ART, issues),
    );
    // Every cell was read (and its problems reported) before any is given up on.
    let adds = (|| {
        Ok::<_, ()>(Additions {
            primary_classes: pc?,
            junior_classes: jc?,
            teaching_room_area: teaching?,
            gym_area: gym?,
            sports_ground_area: sports?,
            equipment_value: equipment?,
            multimedia_rooms: multimedia?,
            music_rooms: music?,
            art_rooms: art?,
        })
    })();
    let seats = count(t, row, SEATS, issues);
    let cost = whole(t, row, COST, true, MAX_YUAN, issues);
    let funding = bounded(
        t,
        row,
        FUNDING,
        false,
        FUNDING_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let note = bounded(
        t,
        row,
        NOTE,
        false,
        NOTE_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let started = date(t, row, STARTED, issues);
    let completed = date(t, row, COMPLETED, issues);
    let mut by_year: BTreeMap<i32, MoneyLine> = BTreeMap::new();
    let mut money_ok = true;
    for (header, year, is_planned) in money {
        match whole(t, row, header, false, MAX_YUAN, issues) {
            Ok(Some(v)) => {
                let line = by_year.entry(*year).or_insert(MoneyLine {
                    year: *year,
                    planned: 0,
                    spent: 0,
                });
                if *is_planned {
                    line.planned = v;
                } else {
                    line.spent = v;
                }
            }
            Ok(None) => {}
            Err(()) => money_ok = false,
        }
    }
    let (Ok(Some(name)), Some(school), Some(kind), Some(status)) = (name, school, kind, status)
    else {
        return None;
    };
    let (Ok(Some(year_planned)), Ok(year_opened), Ok(adds), Ok(seats), Ok(Some(cost))) =
        (planned, opened, adds, seats, cost)
    else {
        return None;
    };
    let (Ok(funding), Ok(note), Ok(started_on), Ok(completed_on)) =
        (funding, note, started, completed)
    else {
        return None;
    };
    if !money_ok {
        return None;
    }
    if let Some(opened) = year_opened.filter(|o| *o < year_planned) {
        t.push(issues, || {
            t.issue(
                codes::YEAR_INVALID,
                Some(row.line),
                Some(YEAR_OPENED),
                Some(opened.to_string()),
                format!("投入使用学年不能早于规划学年 {year_planned}"),
            )
        });
        return None;
    }
    if let Some(problem) = status_problem(
        status,
        started_on.as_deref(),
        completed_on.as_deref(),
        year_opened,
    ) {
        t.push(issues, || {
            t.issue(
                codes::STATUS_DATES,
                Some(row.line),
                Some(STATUS),
                Some(status.label().to_owned()),
                problem.to_owned(),
            )
        });
        return None;
    }
    Some(ProjectLine {
        row: row.line,
        name,
        school,
        kind,
        status,
        year_planned,
        year_opened,
        adds,
        seats_added: seats,
        cost,
        funding: funding.unwrap_or_default(),
        started_on,
        completed_on,
        note: note.unwrap_or_default(),
        money: by_year.into_values().collect(),
    })
}
