//! The three files' rows → [`Line`]s, every problem reported at once.

use std::collections::HashMap;

use junheng_core::school::{SchoolCode, Section};
use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, Place, QuotaRow};

use super::columns::*;
use super::{CATCHMENTS, COUNT_MAX, ImportFailure, Line, NAME_MAX_CHARS, QUOTAS, Upload, codes};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::rows::{Checked, Template, read_rows};
use crate::table::{Row, Table, Value};

type Rows<T> = Checked<T>;

/// A row of a place: its line, 派位学区 and school.
type PlaceRow<'a> = (usize, Option<&'a str>, &'a SchoolCode);

fn read<T>(
    bytes: &[u8],
    file: &str,
    template: &Template<'_>,
    limits: &Limits,
    each: impl FnMut(&Table, &Row, &mut Vec<Issue>) -> Option<T>,
    cross: impl FnOnce(&mut Rows<T>),
) -> Result<Upload<T>, ImportFailure> {
    let mut checked = read_rows(bytes, file, template, limits, &mut |_, _| {}, each)?;
    cross(&mut checked);
    let lines: Vec<usize> = checked.rows.iter().map(|(line, _)| *line).collect();
    let place = checked.table.place.clone();
    let (values, warnings) = checked.finish()?;
    Ok(Upload {
        file: place.file,
        sheet: place.sheet,
        rows: lines
            .into_iter()
            .zip(values)
            .map(|(row, value)| Line { row, value })
            .collect(),
        warnings,
    })
}

/// Reports an issue at a row and column found by a cross-row check.
fn report<T>(c: &mut Rows<T>, code: &'static str, line: usize, column: &str, message: String) {
    let t = &c.table;
    t.push(&mut c.issues, || {
        t.issue(code, Some(line), Some(column), None, message)
    });
}

fn section_of(text: &str) -> Option<Section> {
    match text.trim() {
        "小学" => Some(Section::Primary),
        "初中" => Some(Section::Junior),
        _ => None,
    }
}

fn section(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Section> {
    t.word(
        row,
        SECTION,
        true,
        section_of,
        || "小学、初中".into(),
        codes::SECTION_INVALID,
        issues,
    )
}

/// A name of at most [`NAME_MAX_CHARS`]: `Ok(None)` when empty (an issue when `required`),
/// `Err` when the cell is wrong (and reported).
fn name(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Result<Option<String>, ()> {
    let empty = matches!(Table::cell(row, t.column(header)), Value::Empty);
    let text = t.text(row, header, required, issues);
    let Some(text) = text.map(|s| s.trim().to_owned()) else {
        return if empty && !required {
            Ok(None)
        } else {
            Err(())
        };
    };
    let n = text.chars().count();
    if n > NAME_MAX_CHARS {
        t.push(issues, || {
            t.issue(
                codes::NAME_TOO_LONG,
                Some(row.line),
                Some(header),
                Some(text.clone()),
                format!("{header}有 {n} 个字，应不超过 {NAME_MAX_CHARS} 个字"),
            )
        });
        return Err(());
    }
    Ok((!text.is_empty()).then_some(text))
}

/// A whole number `min..=COUNT_MAX`; `default` when empty and not required.
fn count(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    min: u32,
    issues: &mut Vec<Issue>,
) -> Result<Option<u32>, ()> {
    if !required && matches!(Table::cell(row, t.column(header)), Value::Empty) {
        return Ok(None);
    }
    let what = || format!("{min} 至 {COUNT_MAX} 之间的整数");
    let v = t
        .whole(row, header, true, what, codes::NUMBER_INVALID, issues)
        .ok_or(())?;
    match u32::try_from(v)
        .ok()
        .filter(|v| (min..=COUNT_MAX).contains(v))
    {
        Some(v) => Ok(Some(v)),
        None => {
            t.push(issues, || {
                t.issue(
                    codes::NUMBER_INVALID,
                    Some(row.line),
                    Some(header),
                    Some(v.to_string()),
                    format!("{header}应为{}", what()),
                )
            });
            Err(())
        }
    }
}

fn flag(
    t: &Table,
    row: &Row,
    header: &str,
    parse: fn(&str) -> Option<bool>,
    expected: &'static str,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<bool, ()> {
    if matches!(Table::cell(row, t.column(header)), Value::Empty) {
        return Ok(false);
    }
    t.word(row, header, false, parse, || expected.into(), code, issues)
        .ok_or(())
}

fn private_of(text: &str) -> Option<bool> {
    match text.trim() {
        "公办" => Some(false),
        "民办" => Some(true),
        _ => None,
    }
}

fn catchment(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<CatchmentRow> {
    let section = section(t, row, issues);
    let street = name(t, row, STREET, false, issues);
    let community = name(t, row, COMMUNITY, false, issues);
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let zone = name(t, row, LOTTERY_ZONE, false, issues);
    let private = flag(
        t,
        row,
        OWNERSHIP,
        private_of,
        "公办、民办",
        codes::OWNERSHIP_INVALID,
        issues,
    );
    let boarding = flag(
        t,
        row,
        BOARDING,
        crate::table::fields::yes_no,
        "是、否",
        codes::YES_NO_INVALID,
        issues,
    );
    let (street, community, zone) = (street.ok()?, community.ok()?, zone.ok()?);
    if street.is_none() && (community.is_some() || zone.is_some()) {
        let column = if community.is_some() {
            COMMUNITY
        } else {
            LOTTERY_ZONE
        };
        t.push(issues, || {
            t.issue(
                codes::PLACE_INCOMPLETE,
                Some(row.line),
                Some(column),
                None,
                "没有街道的行只登记学校的办学性质和寄宿制，不能填小区或派位学区；请补上街道".into(),
            )
        });
        return None;
    }
    Some(CatchmentRow {
        section: section?,
        place: street.map(|s| Place::new(&s, community.as_deref())),
        school: school?,
        lottery_zone: zone,
        private: private.ok()?,
        boarding: boarding.ok()?,
    })
}

pub(super) fn catchments(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<Upload<CatchmentRow>, ImportFailure> {
    read(bytes, file, &CATCHMENTS, limits, catchment, |c| {
        let mut found = Vec::new();
        let mut keys: HashMap<(Section, Option<&Place>, &SchoolCode), usize> = HashMap::new();
        let mut terms: HashMap<&SchoolCode, (usize, bool, bool)> = HashMap::new();
        let mut places: HashMap<(Section, &Place), Vec<PlaceRow<'_>>> = HashMap::new();
        for (line, r) in &c.rows {
            let first = *keys
                .entry((r.section, r.place.as_ref(), &r.school))
                .or_insert(*line);
            if first != *line {
                found.push((
                    codes::DUPLICATE_ROW,
                    *line,
                    SCHOOL,
                    format!("与第 {first} 行是同一学段、同一地方的同一所学校；每所学校只填一行"),
                ));
            }
            let (at, private, boarding) = *terms
                .entry(&r.school)
                .or_insert((*line, r.private, r.boarding));
            if (private, boarding) != (r.private, r.boarding) {
                let column = if private == r.private {
                    BOARDING
                } else {
                    OWNERSHIP
                };
                found.push((
                    codes::TERMS_INCONSISTENT,
                    *line,
                    column,
                    format!("同一学校的{column}应与第 {at} 行相同"),
                ));
            }
            if let Some(p) = &r.place {
                places.entry((r.section, p)).or_default().push((
                    *line,
                    r.lottery_zone.as_deref(),
                    &r.school,
                ));
            }
        }
        let several =
            |rows: &&Vec<(usize, Option<&str>, &SchoolCode)>| rows.iter().any(|r| r.2 != rows[0].2);
        for rows in places.values().filter(several) {
            let first = rows.iter().find_map(|(l, z, _)| z.map(|z| (*l, z)));
            for (line, zone, _) in rows {
                match (zone, first) {
                    (None, _) => found.push((
                        codes::LOTTERY_ZONE_MISSING,
                        *line,
                        LOTTERY_ZONE,
                        "这个地方对应几所学校（多校划片），应填随机派位的派位学区".into(),
                    )),
                    (Some(z), Some((at, first))) if *z != first => found.push((
                        codes::LOTTERY_ZONE_INCONSISTENT,
                        *line,
                        LOTTERY_ZONE,
                        format!("同一地方的派位学区应与第 {at} 行的“{first}”相同"),
                    )),
                    _ => {}
                }
            }
        }
        found.sort_by_key(|f| f.1);
        for (code, line, column, message) in found {
            report(c, code, line, column, message);
        }
    })
}

fn entrant(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<EntrantCount> {
    let section = section(t, row, issues);
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let street = name(t, row, STREET, true, issues);
    let community = name(t, row, COMMUNITY, false, issues);
    let pupils = count(t, row, PUPILS, false, 1, issues);
    Some(EntrantCount {
        section: section?,
        school: school?,
        home: Place::new(&street.ok()??, community.ok()?.as_deref()),
        pupils: pupils.ok()?.unwrap_or(1),
    })
}

pub(super) fn entrants(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<Upload<EntrantCount>, ImportFailure> {
    read(bytes, file, &super::ENTRANTS, limits, entrant, |_| {})
}

fn quota(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<QuotaRow> {
    let high = name(t, row, HIGH_SCHOOL, true, issues);
    let plan = count(t, row, PLAN, true, 1, issues);
    let junior = t.school_code(row, JUNIOR, &codes::FIELDS, issues);
    let quota = count(t, row, QUOTA, true, 0, issues);
    let graduates = count(t, row, GRADUATES, true, 1, issues);
    Some(QuotaRow {
        high_school: high.ok()??,
        plan: plan.ok()??,
        junior: junior?,
        quota: quota.ok()??,
        graduates: graduates.ok()??,
    })
}

pub(super) fn quotas(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<Upload<QuotaRow>, ImportFailure> {
    read(bytes, file, &QUOTAS, limits, quota, |c| {
        let mut found = Vec::new();
        let mut keys: HashMap<(&str, &SchoolCode), usize> = HashMap::new();
        let mut plans: HashMap<&str, (usize, u32, u64, usize)> = HashMap::new();
        let mut graduates: HashMap<&SchoolCode, (usize, u32)> = HashMap::new();
        for (line, q) in &c.rows {
            let first = *keys
                .entry((q.high_school.as_str(), &q.junior))
                .or_insert(*line);
            if first != *line {
                found.push((
                    codes::DUPLICATE_ROW,
                    *line,
                    JUNIOR,
                    format!("与第 {first} 行是同一高中、同一所初中；每所初中只填一行"),
                ));
            }
            let p = plans
                .entry(q.high_school.as_str())
                .or_insert((*line, q.plan, 0, *line));
            if p.1 != q.plan {
                found.push((
                    codes::PLAN_INCONSISTENT,
                    *line,
                    PLAN,
                    format!("同一高中的招生计划应与第 {} 行的 {} 相同", p.0, p.1),
                ));
            }
            p.2 += u64::from(q.quota);
            p.3 = *line;
            let g = *graduates.entry(&q.junior).or_insert((*line, q.graduates));
            if g.1 != q.graduates {
                found.push((
                    codes::GRADUATES_INCONSISTENT,
                    *line,
                    GRADUATES,
                    format!("同一初中的毕业生数应与第 {} 行的 {} 相同", g.0, g.1),
                ));
            }
        }
        for (high, (_, plan, allotted, last)) in &plans {
            if *allotted > u64::from(*plan) {
                found.push((
                    codes::QUOTA_OVER_PLAN,
                    *last,
                    QUOTA,
                    format!("{high}分配到各初中的名额合计 {allotted}，超过其招生计划 {plan}"),
                ));
            }
        }
        found.sort_by_key(|f| f.1);
        for (code, line, column, message) in found {
            report(c, code, line, column, message);
        }
    })
}
