//! The three tables → validated [`Inputs`], every problem reported at once.

use std::collections::HashMap;

use junheng_lottery::{Inputs, Quota, School, Zone, ZoneMode, freeze};

use super::applicants::{preference_number, read_applicants};
use super::columns::*;
use super::{
    APPLICANT_COLUMNS, ImportFailure, Issue, Loaded, MODE_LABELS, ReadOptions, SEAT_COLUMNS,
    SHEETS, Source, ZONE_COLUMNS, codes,
};

use crate::table::{self, Row, Table, Value};

pub(super) fn read(
    zones: Source<'_>,
    seats: Source<'_>,
    applicants: Source<'_>,
    options: &ReadOptions,
) -> Result<Loaded, ImportFailure> {
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    let tables: Vec<Option<Table>> = [zones, seats, applicants]
        .iter()
        .zip(SHEETS)
        .map(
            |(s, sheet)| match table::read(s.bytes, s.file, sheet, &codes::TABLE) {
                Ok(t) => Some(t),
                Err(issue) => {
                    issues.push(*issue);
                    None
                }
            },
        )
        .collect();
    let [Some(zt), Some(st), Some(at)] = <[Option<Table>; 3]>::try_from(tables).unwrap() else {
        return Err(ImportFailure { issues, warnings });
    };
    let known = |cols: &[super::Column]| -> Vec<(&str, bool)> {
        cols.iter().map(|c| (c.header, c.required)).collect()
    };
    zt.check_header(&known(ZONE_COLUMNS), |_| false, &mut issues, &mut warnings);
    st.check_header(&known(SEAT_COLUMNS), |_| false, &mut issues, &mut warnings);
    let applicant_known: Vec<(&str, bool)> = APPLICANT_COLUMNS
        .iter()
        .filter(|c| preference_number(c.header).is_none())
        .map(|c| (c.header, c.required))
        .collect();
    at.check_header(
        &applicant_known,
        |h| preference_number(h).is_some(),
        &mut issues,
        &mut warnings,
    );
    if !at
        .headers
        .iter()
        .flatten()
        .any(|h| preference_number(h).is_some())
    {
        issues.push(at.issue(
            codes::REQUIRED_COLUMN_MISSING,
            None,
            Some("志愿1"),
            None,
            "缺少必填列「志愿1」；志愿列依次为 志愿1、志愿2……".into(),
        ));
    }
    for t in [&zt, &st, &at] {
        t.require_rows(&mut issues);
    }
    if !issues.is_empty() {
        return Err(ImportFailure { issues, warnings });
    }
    let zones = read_zones(&zt, &mut issues);
    let schools = read_schools(&st, &zones, &mut issues);
    for (id, z) in &zones.by_id {
        if !schools.by_id.values().any(|s| s.zone.as_ref() == Some(id)) {
            issues.push(zt.issue(
                codes::ZONE_WITHOUT_SCHOOLS,
                Some(z.line),
                Some(ZONE),
                Some(id.clone()),
                "学位计划表中没有属于该学区的学校".into(),
            ));
        }
    }
    let applicants = read_applicants(&at, &zones, &schools, options, &mut issues);
    if !issues.is_empty() {
        return Err(ImportFailure { issues, warnings });
    }
    let inputs = Inputs {
        title: options.title.clone(),
        zones: zones.list,
        schools: schools.list,
        applicants,
        key_commitment: None,
    };
    if let Err(e) = freeze(&inputs) {
        issues.push(at.issue(codes::ENGINE_REJECTED, None, None, None, e.to_string()));
        return Err(ImportFailure { issues, warnings });
    }
    Ok(Loaded { inputs, warnings })
}

pub(super) struct ZoneRow {
    pub(super) mode: ZoneMode,
    line: usize,
}

pub(super) struct Zones {
    list: Vec<Zone>,
    pub(super) by_id: HashMap<String, ZoneRow>,
}

fn read_zones(t: &Table, issues: &mut Vec<Issue>) -> Zones {
    let mut zones = Zones {
        list: Vec::new(),
        by_id: HashMap::new(),
    };
    for row in &t.rows {
        let id = t.text(row, ZONE, true, issues);
        let name = t.text(row, ZONE_NAME, false, issues).unwrap_or_default();
        let mode = t.text(row, MODE, true, issues).and_then(|m| {
            let found = MODE_LABELS.iter().find(|(l, _)| *l == m).map(|(_, z)| *z);
            if found.is_none() {
                issues.push(t.issue(
                    codes::UNKNOWN_MODE,
                    Some(row.line),
                    Some(MODE),
                    Some(m),
                    "派位方式应为 单校派位（或 单校划片）、顺序志愿、平行志愿（或 延迟接受）之一"
                        .into(),
                ));
            }
            found
        });
        let Some(id) = id else { continue };
        if let Some(first) = zones.by_id.get(&id) {
            issues.push(t.issue(
                codes::DUPLICATE_ZONE,
                Some(row.line),
                Some(ZONE),
                Some(id),
                format!("学区代码与第 {} 行重复，应唯一", first.line),
            ));
            continue;
        }
        let Some(mode) = mode else {
            // Known, so that its schools and applicants are not reported again.
            let line = row.line;
            zones.by_id.insert(
                id,
                ZoneRow {
                    mode: ZoneMode::DeferredAcceptance,
                    line,
                },
            );
            continue;
        };
        zones.by_id.insert(
            id.clone(),
            ZoneRow {
                mode,
                line: row.line,
            },
        );
        zones.list.push(Zone { id, name, mode });
    }
    zones
}

/// A school code as first seen; `index` is `None` when its first row was invalid (further
/// problems naming it are then not reported again).
pub(super) struct SchoolRow {
    pub(super) zone: Option<String>,
    line: usize,
    pub(super) index: Option<usize>,
}

pub(super) struct Schools {
    list: Vec<School>,
    pub(super) by_id: HashMap<String, SchoolRow>,
}

/// The row's 学区代码, when it names a zone of the zone table (else reported).
pub(super) fn known_zone(
    t: &Table,
    row: &Row,
    zones: &Zones,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    t.text(row, ZONE, true, issues).filter(|z| {
        let known = zones.by_id.contains_key(z);
        if !known {
            issues.push(t.issue(
                codes::UNKNOWN_ZONE,
                Some(row.line),
                Some(ZONE),
                Some(z.clone()),
                "学区代码不在学区表中，应为学区表已登记的学区之一".into(),
            ));
        }
        known
    })
}

fn read_schools(t: &Table, zones: &Zones, issues: &mut Vec<Issue>) -> Schools {
    let mut schools = Schools {
        list: Vec::new(),
        by_id: HashMap::new(),
    };
    for row in &t.rows {
        let Some(id) = t.text(row, SCHOOL, true, issues) else {
            continue;
        };
        let quota = read_quota(t, row, issues);
        if let Some(first) = schools.by_id.get(&id) {
            let Some(quota) = quota else {
                issues.push(t.issue(
                    codes::DUPLICATE_SCHOOL,
                    Some(row.line),
                    Some(SCHOOL),
                    Some(id),
                    format!(
                        "学校代码与第 {} 行重复；同一学校的另一行只能用来填写另一个类别及其类别计划数",
                        first.line
                    ),
                ));
                continue;
            };
            let Some(index) = first.index else { continue };
            let school = &mut schools.list[index];
            let zone = t.text(row, ZONE, false, issues);
            let capacity = t.count(row, CAPACITY, false, 1, codes::CAPACITY_INVALID, issues);
            for (column, given, expected) in [
                (ZONE, zone, school.zone.clone()),
                (
                    CAPACITY,
                    capacity.map(|c| c.to_string()),
                    school.capacity.to_string(),
                ),
            ] {
                if given.as_ref().is_some_and(|g| *g != expected) {
                    issues.push(t.issue(
                        codes::SCHOOL_CONFLICT,
                        Some(row.line),
                        Some(column),
                        given,
                        format!(
                            "与该校第 {} 行的「{expected}」不一致，应留空或相同",
                            first.line
                        ),
                    ));
                }
            }
            push_quota(t, row, school, Some(quota), issues);
            continue;
        }
        let name = t.text(row, SCHOOL_NAME, false, issues).unwrap_or_default();
        let zone = known_zone(t, row, zones, issues);
        let capacity = t.count(row, CAPACITY, true, 1, codes::CAPACITY_INVALID, issues);
        let (Some(zone), Some(capacity)) = (zone.clone(), capacity) else {
            let row = SchoolRow {
                zone,
                line: row.line,
                index: None,
            };
            schools.by_id.insert(id, row);
            continue;
        };
        let mut school = School {
            id: id.clone(),
            name,
            zone: zone.clone(),
            capacity,
            quotas: Vec::new(),
        };
        push_quota(t, row, &mut school, quota, issues);
        schools.by_id.insert(
            id,
            SchoolRow {
                zone: Some(zone),
                line: row.line,
                index: Some(schools.list.len()),
            },
        );
        schools.list.push(school);
    }
    for school in &schools.list {
        let reserved: u64 = school.quotas.iter().map(|q| u64::from(q.seats)).sum();
        if reserved > u64::from(school.capacity) {
            issues.push(t.issue(
                codes::QUOTAS_EXCEED_CAPACITY,
                Some(schools.by_id[&school.id].line),
                Some(QUOTA),
                Some(reserved.to_string()),
                format!(
                    "学校 {} 各类别计划数合计 {reserved}，超过计划数 {}，应不超过计划数",
                    school.id, school.capacity
                ),
            ));
        }
    }
    schools
}

/// The row's 类别 and 类别计划数, both or neither.
fn read_quota(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Quota> {
    let category = t.text(row, CATEGORY, false, issues);
    let seats = t.count(row, QUOTA, false, 1, codes::QUOTA_INVALID, issues);
    let seats_given = *Table::cell(row, t.column(QUOTA)) != Value::Empty;
    match (category, seats) {
        (Some(category), Some(seats)) => Some(Quota { category, seats }),
        (Some(c), None) if !seats_given => {
            issues.push(t.issue(
                codes::QUOTA_INCOMPLETE,
                Some(row.line),
                Some(QUOTA),
                None,
                format!("填写了类别「{c}」，还应填写其类别计划数（正整数）"),
            ));
            None
        }
        (None, Some(_)) => {
            issues.push(t.issue(
                codes::QUOTA_INCOMPLETE,
                Some(row.line),
                Some(CATEGORY),
                None,
                "填写了类别计划数，还应填写类别名称".into(),
            ));
            None
        }
        _ => None,
    }
}

fn push_quota(
    t: &Table,
    row: &Row,
    school: &mut School,
    quota: Option<Quota>,
    issues: &mut Vec<Issue>,
) {
    let Some(quota) = quota else { return };
    if school.quotas.iter().any(|q| q.category == quota.category) {
        issues.push(t.issue(
            codes::DUPLICATE_CATEGORY,
            Some(row.line),
            Some(CATEGORY),
            Some(quota.category),
            format!("学校 {} 的该类别已填写过，每个类别只能出现一次", school.id),
        ));
    } else {
        school.quotas.push(quota);
    }
}
