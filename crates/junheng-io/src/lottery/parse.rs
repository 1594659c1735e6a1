//! The three tables → validated [`Inputs`], every problem reported at once.

use std::collections::HashMap;

use junheng_lottery::{Applicant, Inputs, Quota, School, Zone, ZoneMode, freeze};

use super::columns::*;
use super::{
    APPLICANT_COLUMNS, ImportFailure, Issue, Loaded, MODE_LABELS, ReadOptions, SEAT_COLUMNS,
    SHEETS, Source, ZONE_COLUMNS, codes,
};
use junheng_core::privacy;

use crate::school::cell::format_number;
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

struct ZoneRow {
    mode: ZoneMode,
    line: usize,
}

struct Zones {
    list: Vec<Zone>,
    by_id: HashMap<String, ZoneRow>,
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
struct SchoolRow {
    zone: Option<String>,
    line: usize,
    index: Option<usize>,
}

struct Schools {
    list: Vec<School>,
    by_id: HashMap<String, SchoolRow>,
}

/// The row's 学区代码, when it names a zone of the zone table (else reported).
fn known_zone(t: &Table, row: &Row, zones: &Zones, issues: &mut Vec<Issue>) -> Option<String> {
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

/// N of a 志愿N / 第N志愿 header.
fn preference_number(header: &str) -> Option<u32> {
    let digits = header
        .strip_prefix("志愿")
        .or_else(|| header.strip_prefix('第')?.strip_suffix("志愿"))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|n| *n >= 1)
}

fn read_applicants(
    t: &Table,
    zones: &Zones,
    schools: &Schools,
    options: &ReadOptions,
    issues: &mut Vec<Issue>,
) -> Vec<Applicant> {
    let mut pref_columns: Vec<(u32, String)> = t
        .headers
        .iter()
        .flatten()
        .filter_map(|h| preference_number(h).map(|n| (n, h.clone())))
        .collect();
    pref_columns.sort();
    for pair in pref_columns.windows(2) {
        if pair[0].0 == pair[1].0 {
            issues.push(t.issue(
                codes::DUPLICATE_COLUMN,
                Some(t.header_row),
                Some(&pair[1].1),
                None,
                format!(
                    "「{}」与「{}」是同一个志愿，只能保留一列",
                    pair[1].1, pair[0].1
                ),
            ));
        }
    }
    let mut applicants: Vec<Applicant> = Vec::with_capacity(t.rows.len());
    let mut lines: HashMap<String, usize> = HashMap::new();
    let mut sibling_cells: Vec<(usize, String, String)> = Vec::new();
    for row in &t.rows {
        let id = registration(t, row, APPLICANT, true, issues);
        let zone = known_zone(t, row, zones, issues);
        let tier = read_tier(t, row, options, issues);
        let preferences = read_preferences(
            t,
            row,
            &pref_columns,
            zone.as_deref(),
            zones,
            schools,
            issues,
        );
        let sibling = registration(t, row, SIBLING, false, issues);
        let category = t.text(row, CATEGORY, false, issues);
        let Some(id) = id else { continue };
        if let Some(first) = lines.get(&id) {
            issues.push(t.issue(
                codes::DUPLICATE_APPLICANT,
                Some(row.line),
                Some(APPLICANT),
                Some(id),
                format!("报名号与第 {first} 行重复，应唯一"),
            ));
            continue;
        }
        lines.insert(id.clone(), row.line);
        if let Some(s) = &sibling {
            sibling_cells.push((row.line, id.clone(), s.clone()));
        }
        if let (Some(zone), Some(tier), Some(preferences)) = (zone, tier, preferences) {
            applicants.push(Applicant {
                id,
                zone,
                tier,
                preferences,
                sibling,
                category,
            });
        }
    }
    for (line, id, sibling) in sibling_cells {
        let (code, message) = if sibling == id {
            (
                codes::SIBLING_SELF,
                "同胞报名号不能是本人的报名号".to_owned(),
            )
        } else if !lines.contains_key(&sibling) {
            (
                codes::SIBLING_NOT_FOUND,
                "报名表中没有这个报名号，应为同胞的报名号".to_owned(),
            )
        } else {
            continue;
        };
        issues.push(t.issue(code, Some(line), Some(SIBLING), Some(sibling), message));
    }
    applicants
}

/// Characters a 报名号 may not start with: a spreadsheet would take the cell for a formula
/// (CSV formula injection) when the bureau opens a table that lists it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A 报名号 or 同胞报名号 cell: one holding a 居民身份证号 is refused and shown masked, before
/// any other check can repeat it; one starting like a formula is refused; then the checks of any
/// text cell (control characters, numbers in scientific notation …).
pub(super) fn registration(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    let raw = match Table::cell(row, t.column(header)) {
        Value::Text(text) => Some(text.clone()),
        // Whole numbers are taken as their digits; 1.10101E+17 is an ID number Excel mangled.
        Value::Number(v) if v.abs() >= 1e13 => Some(format!("{v:e}")),
        Value::Number(v) => Some(format_number(*v)),
        _ => None,
    };
    let at = |code, value, message: String| {
        t.issue(code, Some(row.line), Some(header), Some(value), message)
    };
    if let Some(text) = &raw {
        let scientific =
            matches!(Table::cell(row, t.column(header)), Value::Number(v) if v.abs() >= 1e13);
        if scientific || privacy::contains_national_id(text) {
            issues.push(at(
                codes::APPLICANT_ID_NATIONAL_ID,
                privacy::mask(text),
                format!(
                    "{header}中含有居民身份证号（或被表格转成数字的长号码）。请不要填写身份证号，\
                     应填写教育局编制的报名号；为保护隐私，这里只显示前 3 位"
                ),
            ));
            return None;
        }
        if text.starts_with(FORMULA_STARTS) {
            issues.push(at(
                codes::APPLICANT_ID_FORMULA,
                text.clone(),
                format!(
                    "{header}不能以 =、+、-、@、制表符或回车开头（表格软件会把它当作公式执行）"
                ),
            ));
            return None;
        }
    }
    t.text(row, header, required, issues)
}

fn read_tier(t: &Table, row: &Row, options: &ReadOptions, issues: &mut Vec<Issue>) -> Option<u32> {
    if let Value::Text(label) = Table::cell(row, t.column(TIER))
        && let Some(i) = options.tiers.iter().position(|l| l == label)
    {
        return Some(i as u32);
    }
    let mut found = Vec::new();
    let tier = t.count(row, TIER, true, 0, codes::TIER_INVALID, &mut found);
    for mut issue in found {
        if issue.code == codes::TIER_INVALID {
            let labels: Vec<String> = options
                .tiers
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{l}（{i}）"))
                .collect();
            issue.message = format!(
                "优先级应为不小于 0 的整数（0 最优先），或标签 {} 之一",
                labels.join("、")
            );
        }
        issues.push(issue);
    }
    tier
}

fn read_preferences(
    t: &Table,
    row: &Row,
    columns: &[(u32, String)],
    zone: Option<&str>,
    zones: &Zones,
    schools: &Schools,
    issues: &mut Vec<Issue>,
) -> Option<Vec<String>> {
    let mut prefs: Vec<String> = Vec::new();
    let mut gap: Option<&str> = None;
    let mut ok = true;
    for (_, header) in columns {
        let Some(school) = t.text(row, header, false, issues) else {
            gap = gap.or(Some(header));
            continue;
        };
        let mut at = |code, message: String| {
            ok = false;
            issues.push(t.issue(
                code,
                Some(row.line),
                Some(header),
                Some(school.clone()),
                message,
            ));
        };
        if let Some(empty) = gap {
            at(
                codes::PREFERENCE_GAP,
                format!("前面的「{empty}」为空；志愿应从志愿1起连续填写"),
            );
        } else if let Some(first) = prefs.iter().position(|p| *p == school) {
            at(
                codes::REPEATED_PREFERENCE,
                format!("与「{}」重复，同一学校只能填报一次", columns[first].1),
            );
        } else if let Some(s) = schools.by_id.get(&school) {
            if s.index.is_none() {
                ok = false;
            } else if let Some((zone, school_zone)) =
                zone.zip(s.zone.as_deref()).filter(|(z, sz)| z != sz)
            {
                at(
                    codes::PREFERENCE_OUTSIDE_ZONE,
                    format!(
                        "该校属于学区 {school_zone}，不在报名者的学区 {zone} 内；志愿只能填报本学区学校"
                    ),
                );
            } else if !prefs.is_empty()
                && zone.is_some_and(|z| zones.by_id[z].mode == ZoneMode::SingleSchool)
            {
                at(
                    codes::SINGLE_SCHOOL_PREFERENCES,
                    "所在学区为单校派位，只能填报 1 个志愿".into(),
                );
            }
        } else {
            at(
                codes::UNKNOWN_SCHOOL,
                "学校代码不在学位计划表中，应为已登记的学校".into(),
            );
        }
        prefs.push(school);
    }
    if prefs.is_empty() {
        let column = columns.first().map_or("志愿1", |(_, h)| h.as_str());
        issues.push(t.issue(
            codes::PREFERENCES_EMPTY,
            Some(row.line),
            Some(column),
            None,
            "没有填报任何志愿，应至少填报志愿1".into(),
        ));
        return None;
    }
    ok.then_some(prefs)
}
