//! The 报名 table: each applicant's 报名号 (no ID number, no formula), 学区, 优先级, 志愿 and
//! sibling, checked against the zones and schools already read.

use std::collections::HashMap;

use junheng_lottery::{Applicant, ZoneMode};

use super::columns::*;
use super::parse::{Schools, Zones, known_zone};
use super::{Issue, ReadOptions, codes};
use junheng_core::privacy;

use crate::school::cell::format_number;
use crate::table::{Row, Table, Value};

/// N of a 志愿N / 第N志愿 header.
pub(super) fn preference_number(header: &str) -> Option<u32> {
    let digits = header
        .strip_prefix("志愿")
        .or_else(|| header.strip_prefix('第')?.strip_suffix("志愿"))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|n| *n >= 1)
}

pub(super) fn read_applicants(
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
