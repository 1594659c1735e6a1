//! The two sheets → [`GroupFile`], every problem of both reported at once.

use std::collections::{BTreeMap, HashMap};

use junheng_core::group::{GroupStatus, LegalForm};
use junheng_core::school::SchoolCode;

use super::columns::*;
use super::{
    GROUP_COLUMNS, GROUP_SHEET, GroupFile, GroupLine, ImportFailure, MEMBER_COLUMNS, MEMBER_SHEET,
    MemberLine, NAME_MAX_CHARS, NOTE_MAX_CHARS, codes,
};
use crate::guard::{cap, shown};
use crate::limits::Limits;
use crate::school::Format;
use crate::school::Issue;
use crate::school::cell::trim;
use crate::school::issue::Place;
use crate::table::date::Dates;
use crate::table::{Column, Row, Table, Value, read_with};

/// The group file's dates fall in these years.
const DATES: Dates = Dates(1900..=2100);

/// A cell was wrong, and its problem is among the issues.
struct Reported;

/// What a date cell shows, in every message about one.
const DATE_FORM: &str = "YYYY-MM-DD 格式的日期（如 2024-09-01）或 Excel 日期单元格";

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    kinds: &[String],
    limits: &Limits,
) -> Result<(GroupFile, Vec<Issue>), ImportFailure> {
    let place = Place {
        file: shown(file),
        sheet: None,
    };
    if matches!(Format::of(file), Some(Format::Csv)) {
        return Err(place.fail(
            codes::UNSUPPORTED_FORMAT,
            format!(
                "教育集团名册应为含「{GROUP_SHEET}」「{MEMBER_SHEET}」两个工作表的工作簿\
                 （.xlsx、.xlsm、.xls 或 .ods）；CSV 文件只能存一张表，请使用模板填写"
            ),
        ));
    }
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    let groups = sheet(bytes, file, GROUP_SHEET, limits, &mut issues)?;
    let members = sheet(bytes, file, MEMBER_SHEET, limits, &mut issues)?;
    let groups = groups.filter(|t| header(t, GROUP_COLUMNS, true, &mut issues, &mut warnings));
    let members = members.filter(|t| header(t, MEMBER_COLUMNS, false, &mut issues, &mut warnings));

    // Every name of the 集团 sheet (with its first row), also of rows wrong otherwise, so that a
    // member of a group whose row has another problem is not reported a second time.
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut group_lines = Vec::new();
    if let Some(t) = &groups {
        for row in &t.rows {
            let (name, line) = group_line(t, row, kinds, &mut issues);
            if let Some(name) = name {
                match names.get(&name) {
                    Some(&first) => t.push(&mut issues, || {
                        t.issue(
                            codes::DUPLICATE_GROUP,
                            Some(row.line),
                            Some(NAME),
                            Some(name.clone()),
                            format!(
                                "集团名称重复：第 {first} 行已有同名的集团；每个集团只填一行，\
                                 集团名称不能重复"
                            ),
                        )
                    }),
                    None => {
                        names.insert(name, row.line);
                    }
                }
            }
            group_lines.extend(line);
        }
    }
    let mut member_lines = Vec::new();
    if let Some(t) = &members {
        for row in &t.rows {
            let (group, line) = member_line(t, row, &mut issues);
            if let Some(group) = group.filter(|g| groups.is_some() && !names.contains_key(g)) {
                t.push(&mut issues, || {
                    t.issue(
                        codes::MEMBER_GROUP_UNKNOWN,
                        Some(row.line),
                        Some(NAME),
                        Some(group),
                        format!(
                            "「{GROUP_SHEET}」工作表中没有这个集团；成员的集团名称须与\
                             「{GROUP_SHEET}」工作表中的集团名称完全一致"
                        ),
                    )
                });
            }
            member_lines.extend(line);
        }
        overlaps(t, &member_lines, &mut issues);
    }
    let warnings = finish(&place, issues, warnings, limits)?;
    let file = GroupFile {
        groups: group_lines,
        members: member_lines,
    };
    Ok((file, warnings))
}

/// Reads the sheet named `wanted`. A missing sheet, or one that cannot be read (empty, too
/// large), is an issue added to `issues` and `None`; a file that cannot be read at all stops
/// everything.
fn sheet(
    bytes: &[u8],
    file: &str,
    wanted: &str,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> Result<Option<Table>, ImportFailure> {
    // The shared reader reads the first sheet when none has the name: that is not this one.
    let named = |sheet: Option<&str>| sheet.is_some_and(|s| trim(s) == wanted);
    match read_with(bytes, file, wanted, &codes::TABLE, limits) {
        Ok(table) if named(table.place.sheet.as_deref()) => Ok(Some(table)),
        Err(issue) if named(issue.sheet.as_deref()) => {
            issues.push(*issue);
            Ok(None)
        }
        Err(issue) if issue.sheet.is_none() => Err(ImportFailure {
            issues: vec![*issue],
            warnings: Vec::new(),
        }),
        _ => {
            let place = Place {
                file: shown(file),
                sheet: Some(wanted.to_owned()),
            };
            issues.push(place.file_issue(
                codes::SHEET_MISSING,
                format!(
                    "工作簿中没有名为「{wanted}」的工作表；教育集团名册应有「{GROUP_SHEET}」和\
                     「{MEMBER_SHEET}」两个工作表（见教育集团名册模板）"
                ),
            ));
            Ok(None)
        }
    }
}

/// Checks a sheet's header (and, when `rows_required`, that it has a data row); `true` when its
/// rows can be read.
fn header(
    t: &Table,
    columns: &[Column],
    rows_required: bool,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> bool {
    let known: Vec<(&str, bool)> = columns.iter().map(|c| (c.header, c.required)).collect();
    let mut found = Vec::new();
    t.check_header(&known, |_| false, &mut found, warnings);
    if rows_required {
        t.require_rows(&mut found);
    }
    let ok = found.is_empty();
    for issue in found {
        t.push(issues, || issue);
    }
    ok
}

/// The issues in file order (the file's own, then the 集团 sheet's, then the 成员 sheet's, each
/// by row, then column), within the limits; the warnings when there is no issue.
fn finish(
    place: &Place,
    mut issues: Vec<Issue>,
    mut warnings: Vec<Issue>,
    limits: &Limits,
) -> Result<Vec<Issue>, ImportFailure> {
    cap(
        &mut warnings,
        limits.max_warnings,
        0,
        codes::MORE_WARNINGS,
        place,
        "条警告",
    );
    if issues.is_empty() {
        return Ok(warnings);
    }
    issues.sort_by_key(|i| {
        let (sheet, columns) = match i.sheet.as_deref().map(trim) {
            None => (0, &[][..]),
            Some(GROUP_SHEET) => (1, GROUP_COLUMNS),
            Some(MEMBER_SHEET) => (2, MEMBER_COLUMNS),
            Some(_) => (3, &[][..]),
        };
        let column = i
            .column
            .as_deref()
            .and_then(|h| columns.iter().position(|c| c.header == h));
        (sheet, i.row.unwrap_or(0), column.unwrap_or(usize::MAX))
    });
    cap(
        &mut issues,
        limits.max_issues,
        0,
        codes::MORE_ISSUES,
        place,
        "个问题",
    );
    Err(ImportFailure { issues, warnings })
}

fn is_empty(row: &Row, t: &Table, header: &str) -> bool {
    *Table::cell(row, t.column(header)) == Value::Empty
}

/// A 集团名称 (required in both sheets).
fn name(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<String> {
    if is_empty(row, t, NAME) {
        t.push(issues, || {
            t.issue(
                codes::NAME_REQUIRED,
                Some(row.line),
                Some(NAME),
                None,
                format!("「{NAME}」不能为空，应为集团的全称"),
            )
        });
        return None;
    }
    t.text(row, NAME, false, issues)
}

/// Whether `text` has at most `max` characters (else `code` is reported).
#[allow(clippy::too_many_arguments)]
fn within(
    t: &Table,
    row: &Row,
    header: &str,
    text: &str,
    max: usize,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> bool {
    let chars = text.chars().count();
    if chars > max {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                Some(text.to_owned()),
                format!("{header}有 {chars} 个字，应不超过 {max} 个字"),
            )
        });
    }
    chars <= max
}

/// A word of a fixed list: `parse` decides; an empty cell is `empty`. `expected` (only called
/// for a message) says what the cell may hold.
#[allow(clippy::too_many_arguments)]
fn choice<T>(
    t: &Table,
    row: &Row,
    header: &str,
    parse: impl Fn(&str) -> Option<T>,
    empty: T,
    expected: impl FnOnce() -> String,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Option<T> {
    if is_empty(row, t, header) {
        return Some(empty);
    }
    let text = t.text(row, header, false, issues)?;
    let word = parse(&text);
    if word.is_none() {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                Some(text),
                format!("{header}应为{}", expected()),
            )
        });
    }
    word
}

/// 集团类型: one of `kinds`, or empty.
fn kind(t: &Table, row: &Row, kinds: &[String], issues: &mut Vec<Issue>) -> Option<String> {
    let known: Vec<&str> = kinds
        .iter()
        .map(|k| trim(k))
        .filter(|k| !k.is_empty())
        .collect();
    let expected = || {
        if known.is_empty() {
            "空：本系统没有设置集团类型".to_owned()
        } else {
            format!("本系统集团类型表中的一种：{}；或留空", known.join("、"))
        }
    };
    choice(
        t,
        row,
        KIND,
        |text| known.contains(&text).then(|| text.to_owned()),
        String::new(),
        expected,
        codes::KIND_UNKNOWN,
        issues,
    )
}

/// A date (`required` or not): `Ok(None)` when empty and optional.
fn date_cell(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    issues: &mut Vec<Issue>,
) -> Result<Option<String>, Reported> {
    let value = Table::cell(row, t.column(header));
    let mut report = |code, message: String| {
        t.push(issues, || {
            t.issue(code, Some(row.line), Some(header), value.shown(), message)
        });
        Err(Reported)
    };
    let date = match value {
        Value::Empty if required => {
            return report(
                codes::REQUIRED_CELL_EMPTY,
                format!("「{header}」不能为空，应为 {DATE_FORM}"),
            );
        }
        Value::Empty => return Ok(None),
        Value::Error(_) => {
            return report(
                codes::EXCEL_ERROR_CELL,
                format!("是表格错误值，应为 {DATE_FORM}"),
            );
        }
        Value::Number(_) => {
            return report(
                codes::DATE,
                format!(
                    "{header}是数字，应为 {DATE_FORM}；若填的是日期，请把该列设为日期格式后重新填写"
                ),
            );
        }
        Value::Text(text) => DATES.text(text),
        // The readers mark date cells 日期或时间 (and booleans, durations otherwise).
        Value::Other(what, shown) if what.starts_with("日期") => DATES.cell(shown),
        Value::Other(..) => None,
    };
    match date {
        Some(date) => Ok(Some(date)),
        None => report(
            codes::DATE,
            format!("{header}应为 1900 至 2100 年间的真实日期，写作 {DATE_FORM}"),
        ),
    }
}

/// One row of the 集团 sheet: its name when readable (for the cross-checks), and the group when
/// nothing is wrong (each problem reported).
fn group_line(
    t: &Table,
    row: &Row,
    kinds: &[String],
    issues: &mut Vec<Issue>,
) -> (Option<String>, Option<GroupLine>) {
    let name = name(t, row, issues);
    let name_ok = name.as_deref().is_some_and(|n| {
        within(
            t,
            row,
            NAME,
            n,
            NAME_MAX_CHARS,
            codes::NAME_TOO_LONG,
            issues,
        )
    });
    let kind = kind(t, row, kinds, issues);
    let status = choice(
        t,
        row,
        STATUS,
        GroupStatus::parse,
        GroupStatus::Formal,
        || "「正式」或「培育」（也可填 培育集团；留空表示正式）".into(),
        codes::STATUS,
        issues,
    );
    let founded_on = date_cell(t, row, FOUNDED, false, issues);
    let legal_form = choice(
        t,
        row,
        LEGAL_FORM,
        LegalForm::parse,
        LegalForm::Unknown,
        || "「一法人多校区」或「多法人」，或留空".into(),
        codes::LEGAL_FORM,
        issues,
    );
    let lead_school: Result<Option<SchoolCode>, Reported> = if is_empty(row, t, LEAD) {
        Ok(None)
    } else {
        t.school_code(row, LEAD, &codes::FIELDS, issues)
            .map(Some)
            .ok_or(Reported)
    };
    let note = if is_empty(row, t, NOTE) {
        Some(String::new())
    } else {
        t.text(row, NOTE, false, issues).filter(|n| {
            within(
                t,
                row,
                NOTE,
                n,
                NOTE_MAX_CHARS,
                codes::NOTE_TOO_LONG,
                issues,
            )
        })
    };
    let line = || {
        Some(GroupLine {
            row: row.line,
            name: name.clone().filter(|_| name_ok)?,
            kind: kind?,
            status: status?,
            founded_on: founded_on.ok()?,
            legal_form: legal_form?,
            lead_school: lead_school.ok()?,
            note: note?,
        })
    };
    let line = line();
    (name, line)
}

/// One row of the 成员 sheet: its group's name when readable (for the cross-checks), and the
/// membership when nothing is wrong (each problem reported).
fn member_line(
    t: &Table,
    row: &Row,
    issues: &mut Vec<Issue>,
) -> (Option<String>, Option<MemberLine>) {
    let group = name(t, row, issues);
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let joined = date_cell(t, row, JOINED, true, issues);
    let left = date_cell(t, row, LEFT, false, issues);
    let ordered = match (&joined, &left) {
        (Ok(Some(joined)), Ok(Some(left))) if left <= joined => {
            t.push(issues, || {
                t.issue(
                    codes::LEFT_BEFORE_JOINED,
                    Some(row.line),
                    Some(LEFT),
                    Some(left.clone()),
                    format!("退出日期应晚于加入日期 {joined}（退出日期当天起学校不再属于该集团）"),
                )
            });
            false
        }
        _ => true,
    };
    let line = || {
        Some(MemberLine {
            row: row.line,
            group: group.clone()?,
            school: school?,
            joined_on: joined.ok()??,
            left_on: left.ok()?,
        })
    };
    let line = if ordered { line() } else { None };
    (group, line)
}

/// A membership's period as messages show it.
fn period(m: &MemberLine) -> String {
    match &m.left_on {
        Some(left) => format!("{} 至 {left}", m.joined_on),
        None => format!("{} 起至今", m.joined_on),
    }
}

/// Reports each line whose period overlaps an earlier-joined line of the same school, in any
/// group: one school, one group at a time. Each school's lines are swept once in order of
/// joining, against the line reaching furthest so far.
fn overlaps(t: &Table, members: &[MemberLine], issues: &mut Vec<Issue>) {
    let mut by_school: BTreeMap<&SchoolCode, Vec<&MemberLine>> = BTreeMap::new();
    for m in members {
        by_school.entry(&m.school).or_default().push(m);
    }
    // Whether `a` ends after `b` (an open end is the far future).
    let ends_later = |a: &MemberLine, b: &MemberLine| match (&a.left_on, &b.left_on) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => x > y,
        _ => false,
    };
    for lines in by_school.values_mut() {
        lines.sort_by(|a, b| (&a.joined_on, a.row).cmp(&(&b.joined_on, b.row)));
        let mut furthest: Option<&MemberLine> = None;
        for &m in lines.iter() {
            if let Some(p) = furthest
                && p.left_on.as_ref().is_none_or(|end| *end > m.joined_on)
            {
                t.push(issues, || {
                    t.issue(
                        codes::MEMBER_OVERLAP,
                        Some(m.row),
                        Some(JOINED),
                        Some(m.joined_on.clone()),
                        format!(
                            "学校 {} 在「{}」的成员关系（{}）与第 {} 行在「{}」的成员关系（{}）\
                             时间重叠：一所学校同一时间只属于一个集团，前一段成员关系的退出日期\
                             应不晚于 {}",
                            m.school,
                            m.group,
                            period(m),
                            p.row,
                            p.group,
                            period(p),
                            m.joined_on
                        ),
                    )
                });
            }
            if furthest.is_none_or(|p| ends_later(m, p)) {
                furthest = Some(m);
            }
        }
    }
}
