//! The roster's rows → [`Teacher`] records, every problem reported at once.

use std::collections::HashMap;

use junheng_core::school::Section;
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};

use super::columns::*;
use super::{ImportFailure, ImportedRoster, TEMPLATE, codes};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::fields::{YEARS, yes_no};
use crate::table::rows::read_rows;
use crate::table::{Row, Table, Value};

/// Most characters of a 学科.
pub(super) const SUBJECT_MAX_CHARS: usize = 20;
/// Earliest 出生年.
pub(super) const BIRTH_MIN: i32 = 1940;
/// Youngest age at which one teaches.
pub(super) const MIN_AGE: i32 = 16;

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedRoster, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, progress, teacher)?;
    let mut seen: HashMap<(i32, &TeacherId), usize> = HashMap::new();
    for (line, t) in &checked.rows {
        let first = *seen.entry((t.year, &t.id)).or_insert(*line);
        if first != *line {
            checked.issues.push(checked.table.issue(
                codes::DUPLICATE_TEACHER,
                Some(*line),
                Some(ID),
                Some(t.id.to_string()),
                format!(
                    "教师编号在 {} 学年重复：第 {first} 行和第 {line} 行是同一位教师；\
                     同一学年每位教师只能有一行",
                    t.year
                ),
            ));
        }
    }
    let (teachers, warnings) = checked.finish()?;
    Ok(ImportedRoster { teachers, warnings })
}

fn section(text: &str) -> Option<Section> {
    Section::EVALUATED.into_iter().find(|s| s.label() == text)
}

/// One row, validated; `None` when anything is wrong (and reported).
fn teacher(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Teacher> {
    let f = &codes::FIELDS;
    let year = t.year(row, YEAR, f, issues);
    let id = t.teacher_id(row, ID, f, issues);
    let school = t.school_code(row, SCHOOL, f, issues);
    let section = t.word(
        row,
        SECTION,
        true,
        section,
        || "小学、初中".into(),
        codes::SECTION_INVALID,
        issues,
    );
    let subject = subject(t, row, issues);
    let degree = t.word(
        row,
        DEGREE,
        true,
        Degree::parse,
        || format!("{}（也接受 中专、大专、硕士、博士 等）", Degree::expected()),
        codes::DEGREE_INVALID,
        issues,
    );
    let backbone = if *Table::cell(row, t.column(BACKBONE)) == Value::Empty {
        Some(BackboneLevel::None)
    } else {
        t.word(
            row,
            BACKBONE,
            false,
            BackboneLevel::parse,
            || {
                format!(
                    "{}（也接受 区县级、市级 等；留空表示无）",
                    BackboneLevel::expected()
                )
            },
            codes::BACKBONE_INVALID,
            issues,
        )
    };
    let yes_no = |header, issues: &mut Vec<Issue>| {
        t.word(
            row,
            header,
            true,
            yes_no,
            || "是、否".into(),
            codes::YES_NO_INVALID,
            issues,
        )
    };
    let pe_arts = yes_no(PE_ARTS, issues);
    let (birth_year, start_year) = years(t, row, year, issues);
    let sex = t.word(
        row,
        SEX,
        true,
        Sex::parse,
        Sex::expected,
        codes::SEX_INVALID,
        issues,
    );
    let on_staff = yes_no(ON_STAFF, issues);
    let title = t.word(
        row,
        TITLE,
        false,
        Title::parse,
        || format!("{}（也接受 一级教师 等；可留空）", Title::expected()),
        codes::TITLE_INVALID,
        issues,
    );
    let title_ok = title.is_some() || *Table::cell(row, t.column(TITLE)) == Value::Empty;
    let title = title_ok.then_some(title)?;
    Some(Teacher {
        year: year?,
        id: id?,
        school: school?,
        section: section?,
        subject: subject?,
        degree: degree?,
        backbone: backbone?,
        pe_arts: pe_arts?,
        start_year: start_year?,
        birth_year: birth_year?,
        sex: sex?,
        on_staff: on_staff?,
        title,
    })
}

fn subject(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<String> {
    let subject = t.text(row, SUBJECT, true, issues)?;
    let chars = subject.chars().count();
    if chars > SUBJECT_MAX_CHARS {
        issues.push(t.issue(
            codes::SUBJECT_TOO_LONG,
            Some(row.line),
            Some(SUBJECT),
            Some(subject),
            format!("学科有 {chars} 个字，应不超过 {SUBJECT_MAX_CHARS} 个字"),
        ));
        return None;
    }
    Some(subject)
}

/// 出生年 and 本校任教起始年, checked against each other and against 学年 (when valid).
fn years(
    t: &Table,
    row: &Row,
    year: Option<i32>,
    issues: &mut Vec<Issue>,
) -> (Option<i32>, Option<i32>) {
    let latest = year.unwrap_or(*YEARS.end());
    let birth = within(
        t,
        row,
        BIRTH,
        (BIRTH_MIN, latest - MIN_AGE),
        codes::BIRTH_YEAR_INVALID,
        || format!("不早于 {BIRTH_MIN} 年，且学年时至少年满 {MIN_AGE} 岁"),
        issues,
    );
    let start = within(
        t,
        row,
        START,
        (birth.unwrap_or(BIRTH_MIN) + MIN_AGE, latest),
        codes::START_YEAR_INVALID,
        || format!("不晚于学年，且到本校任教时至少年满 {MIN_AGE} 岁"),
        issues,
    );
    (birth, start)
}

/// A year in `low..=high`: not a whole number is `not_integer`, outside is `code` (saying `why`,
/// only called for a message).
fn within(
    t: &Table,
    row: &Row,
    header: &str,
    (low, high): (i32, i32),
    code: &'static str,
    why: impl FnOnce() -> String,
    issues: &mut Vec<Issue>,
) -> Option<i32> {
    let what = || "四位数的整数年份".into();
    let value = t.whole(row, header, true, what, codes::NOT_INTEGER, issues)?;
    let ok = (i64::from(low)..=i64::from(high)).contains(&value);
    if !ok {
        issues.push(t.issue(
            code,
            Some(row.line),
            Some(header),
            Table::cell(row, t.column(header)).shown(),
            format!("{header}应在 {low} 至 {high} 之间（{}）", why()),
        ));
    }
    ok.then_some(value as i32)
}
