//! A file's rows → its lines, every problem reported at once (each row, then the checks across
//! rows: keys given twice, an area's shares).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use junheng_core::seats::forecast::BirthSeries;

use super::columns::*;
use super::{
    BirthLine, CapacityLine, EnrolmentLine, ImportFailure, NAME_MAX_CHARS, SeatFile, SeatFileKind,
    SeatRows, ZoneLine, codes,
};
use crate::limits::Limits;
use crate::school::Issue;
use crate::school::cell::parse_number;
use crate::table::rows::{Checked, read_rows};
use crate::table::{Row, Table, Value};

/// How far an area's shares may sum from 1.
const SHARE_TOLERANCE: f64 = 1e-3;

pub(super) fn read(
    kind: SeatFileKind,
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<SeatFile, ImportFailure> {
    let template = kind.template();
    let mut none = |_, _| {};
    let (rows, place, warnings) = match kind {
        SeatFileKind::Births => {
            let mut c = read_rows(bytes, file, &template, limits, &mut none, birth)?;
            twice(
                &mut c,
                |b| (b.area.clone(), b.series, b.year),
                |b| format!("{} {} 年的{}出生数", b.area, b.year, b.series.label()),
            );
            let place = c.table.place.clone();
            let (rows, warnings) = c.finish()?;
            (SeatRows::Births(rows), place, warnings)
        }
        SeatFileKind::Zones => {
            let mut c = read_rows(bytes, file, &template, limits, &mut none, zone)?;
            twice(
                &mut c,
                |z| (z.area.clone(), z.zone.clone()),
                |z| format!("{} → {}", z.area, z.zone),
            );
            shares(&mut c);
            let place = c.table.place.clone();
            let (rows, warnings) = c.finish()?;
            (SeatRows::Zones(rows), place, warnings)
        }
        SeatFileKind::Enrolment => {
            let mut c = read_rows(bytes, file, &template, limits, &mut none, enrolment)?;
            twice(
                &mut c,
                |e| (e.year, e.school.clone(), e.grade),
                |e| format!("{} {} 学年 {} 年级", e.school, e.year, e.grade),
            );
            let place = c.table.place.clone();
            let (rows, warnings) = c.finish()?;
            (SeatRows::Enrolment(rows), place, warnings)
        }
        SeatFileKind::Capacity => {
            let mut c = read_rows(bytes, file, &template, limits, &mut none, capacity)?;
            twice(
                &mut c,
                |r| (r.year, r.school.clone()),
                |r| format!("{} {} 学年", r.school, r.year),
            );
            let place = c.table.place.clone();
            let (rows, warnings) = c.finish()?;
            (SeatRows::Capacity(rows), place, warnings)
        }
    };
    Ok(SeatFile {
        file: place.file,
        sheet: place.sheet,
        rows,
        warnings,
    })
}

/// Reports every row whose key an earlier row had, naming both.
fn twice<T, K: Hash + Eq>(c: &mut Checked<T>, key: impl Fn(&T) -> K, what: impl Fn(&T) -> String) {
    let mut seen: HashMap<K, usize> = HashMap::new();
    let mut found = Vec::new();
    for (line, r) in &c.rows {
        let first = *seen.entry(key(r)).or_insert(*line);
        if first != *line {
            found.push((*line, first, what(r)));
        }
    }
    let t = &c.table;
    for (line, first, what) in found {
        t.push(&mut c.issues, || {
            t.issue(
                codes::DUPLICATE_ROW,
                Some(line),
                None,
                None,
                format!("{what}与第 {first} 行重复，每项只能填一行"),
            )
        });
    }
}

/// Reports each area whose shares do not sum to 1, on its last row.
fn shares(c: &mut Checked<ZoneLine>) {
    let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (line, z) in &c.rows {
        let e = sums.entry(z.area.as_str()).or_default();
        e.0 += z.share;
        e.1 = *line;
    }
    let bad: Vec<(String, f64, usize)> = sums
        .into_iter()
        .filter(|(_, (sum, _))| (sum - 1.0).abs() > SHARE_TOLERANCE)
        .map(|(area, (sum, line))| (area.to_owned(), sum, line))
        .collect();
    let t = &c.table;
    for (area, sum, line) in bad {
        t.push(&mut c.issues, || {
            t.issue(
                codes::SHARES_NOT_ONE,
                Some(line),
                Some(SHARE),
                Some(format!("{sum:.3}")),
                format!("{area} 划入各学区的比例之和为 {sum:.3}，应为 1（分属几个学区时各写一行，比例相加为 1）"),
            )
        });
    }
}

/// Whether the row's cell under `header` is empty.
fn empty(t: &Table, row: &Row, header: &str) -> bool {
    matches!(Table::cell(row, t.column(header)), Value::Empty)
}

/// A required name of at most [`NAME_MAX_CHARS`] characters.
fn name(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Option<String> {
    let text = t.text(row, header, true, issues)?;
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
        return None;
    }
    Some(text)
}

/// A count ≥ 0: `Err` when reported, `Ok(None)` for an empty optional cell.
fn count(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Result<Option<u32>, ()> {
    if !required && empty(t, row, header) {
        return Ok(None);
    }
    t.count(row, header, required, 0, codes::COUNT_INVALID, issues)
        .map(Some)
        .ok_or(())
}

fn birth(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<BirthLine> {
    let area = name(t, row, AREA, issues);
    let series = t.word(
        row,
        SERIES,
        true,
        BirthSeries::parse,
        || "常住、户籍".into(),
        codes::SERIES_INVALID,
        issues,
    );
    let year = t.year(row, BIRTH_YEAR, &codes::FIELDS, issues);
    let births = count(t, row, BIRTHS, true, issues);
    Some(BirthLine {
        row: row.line,
        area: area?,
        series: series?,
        year: year?,
        births: births.ok()??,
    })
}

fn zone(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<ZoneLine> {
    let area = name(t, row, AREA, issues);
    let zone = name(t, row, ZONE, issues);
    let value = Table::cell(row, t.column(SHARE));
    let share = match value {
        Value::Empty => Some(1.0),
        Value::Number(v) => Some(*v),
        Value::Text(text) => parse_number(text.trim_end_matches('%'))
            .map(|v| if text.ends_with('%') { v / 100.0 } else { v }),
        _ => None,
    }
    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1.0);
    if share.is_none() {
        t.push(issues, || {
            t.issue(
                codes::SHARE_INVALID,
                Some(row.line),
                Some(SHARE),
                value.shown(),
                "比例应为大于 0、不超过 1 的小数（如 0.6 或 60%），留空表示 1".into(),
            )
        });
    }
    Some(ZoneLine {
        row: row.line,
        area: area?,
        zone: zone?,
        share: share?,
    })
}

fn enrolment(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<EnrolmentLine> {
    let year = t.year(row, YEAR, &codes::FIELDS, issues);
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let what = || "1 至 9 的整数（1–6 为小学，7–9 为初中）".to_owned();
    let grade = t
        .whole(row, GRADE, true, what, codes::GRADE_INVALID, issues)
        .and_then(|g| {
            let ok = u8::try_from(g).ok().filter(|g| (1..=9).contains(g));
            if ok.is_none() {
                t.push(issues, || {
                    t.issue(
                        codes::GRADE_INVALID,
                        Some(row.line),
                        Some(GRADE),
                        Table::cell(row, t.column(GRADE)).shown(),
                        format!("{GRADE}应为{}", what()),
                    )
                });
            }
            ok
        });
    let pupils = count(t, row, PUPILS, true, issues);
    let migrant = count(t, row, MIGRANT, false, issues);
    let (pupils, migrant) = (pupils.ok()??, migrant.ok()?.unwrap_or(0));
    if migrant > pupils {
        t.push(issues, || {
            t.issue(
                codes::MIGRANT_OVER_PUPILS,
                Some(row.line),
                Some(MIGRANT),
                Some(migrant.to_string()),
                format!("随迁子女数 {migrant} 多于在校生数 {pupils}，应不超过在校生数"),
            )
        });
        return None;
    }
    Some(EnrolmentLine {
        row: row.line,
        year: year?,
        school: school?,
        grade: grade?,
        pupils,
        migrant,
    })
}

fn capacity(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<CapacityLine> {
    let year = t.year(row, YEAR, &codes::FIELDS, issues);
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let mut get = |h| count(t, row, h, false, issues);
    let (pc, jc, ps, js, rooms) = (
        get(PRIMARY_CLASSES),
        get(JUNIOR_CLASSES),
        get(PRIMARY_SEATS),
        get(JUNIOR_SEATS),
        get(CLASSROOMS),
    );
    let (pc, jc, ps, js, rooms) = (pc.ok()?, jc.ok()?, ps.ok()?, js.ok()?, rooms.ok()?);
    if [pc, jc, ps, js].iter().all(Option::is_none) {
        t.push(issues, || {
            t.issue(
                codes::CAPACITY_EMPTY,
                Some(row.line),
                Some(PRIMARY_CLASSES),
                None,
                "应至少填写一项：小学核定班数、初中核定班数、小学核定学位或初中核定学位".into(),
            )
        });
        return None;
    }
    Some(CapacityLine {
        row: row.line,
        year: year?,
        school: school?,
        primary_classes: pc,
        junior_classes: jc,
        primary_seats: ps,
        junior_seats: js,
        classrooms: rooms,
    })
}
