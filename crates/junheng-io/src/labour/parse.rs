//! The templates' columns, and their rows → records, every problem reported at once.

use junheng_labour::Grade;
use junheng_labour::bases::BaseKind;
use junheng_labour::calendar::{Day, Semester, Span, Term};
use junheng_labour::compliance::LabourWeek;
use junheng_labour::five::{
    ArtsRecord, BreakRecord, FootballSchool, Level, Specialty, SpecialtyKind, StudyTrip,
};

use super::columns::*;
use super::{
    AllianceRow, BaseRow, CLASS_MAX_CHARS, ImportFailure, Kind, LabourFile, LessonRow,
    MAX_LABOUR_WEEK_DAYS, MAX_STUDENTS, MAX_WEEKLY_LESSONS, NAME_MAX_CHARS, NOTE_MAX_CHARS,
    Records, VisitRow, codes,
};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::fields::FieldCodes;
use crate::table::rows::{Template, exact, read_rows, unique};
use crate::table::{Row, Table};
use crate::teachers::cells;

/// The codes of one template, as the row checks use them.
pub(super) struct Codes {
    pub table: &'static crate::table::Codes,
    pub fields: &'static FieldCodes,
    pub word: &'static str,
    pub too_long: &'static str,
    pub count: &'static str,
    pub date: &'static str,
    pub part: &'static str,
    pub list: &'static str,
    pub duplicate: &'static str,
}

macro_rules! codes_of {
    ($kind:expr, $($k:ident => $m:ident),+) => {
        match $kind {
            $(Kind::$k => Codes {
                table: &codes::$m::TABLE,
                fields: &codes::$m::FIELDS,
                word: codes::$m::WORD_INVALID,
                too_long: codes::$m::TEXT_TOO_LONG,
                count: codes::$m::COUNT_INVALID,
                date: codes::$m::DATE_INVALID,
                part: codes::$m::PART_ABOVE_WHOLE,
                list: codes::$m::LIST_INVALID,
                duplicate: codes::$m::DUPLICATE,
            },)+
        }
    };
}

pub(super) fn codes_of(kind: Kind) -> Codes {
    codes_of!(kind, Bases => bases, Alliances => alliances, Visits => visits,
        Breaks => breaks, Arts => arts, Specialties => specialties, Football => football,
        Trips => trips, Lessons => lessons, Weeks => weeks)
}

pub(super) fn read(
    kind: Kind,
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<LabourFile, ImportFailure> {
    let c = codes_of(kind);
    let template = Template {
        sheet: kind.label(),
        codes: c.table,
        columns: kind.columns(),
        aliases: exact,
    };
    macro_rules! run {
        ($each:ident, $variant:ident, $column:expr, $key:expr) => {{
            let checked = read_rows(bytes, file, &template, limits, &mut |_, _| {}, |t, r, i| {
                $each(t, r, &c, i)
            })?;
            let (rows, place, list, warnings) = unique(checked, c.duplicate, $column, $key)?;
            (Records::$variant(list), rows, place, warnings)
        }};
    }
    let (records, rows, place, warnings) = match kind {
        Kind::Bases => run!(base, Bases, BASE, |x: &BaseRow| x.name.clone()),
        Kind::Alliances => run!(alliance, Alliances, ALLIANCE, |x: &AllianceRow| x
            .name
            .clone()),
        Kind::Visits => run!(visit, Visits, BASE, |x: &VisitRow| (
            x.base.clone(),
            x.school.clone(),
            x.day
        )),
        Kind::Breaks => run!(breaks, Breaks, SEMESTER, |x: &BreakRecord| (
            x.school.clone(),
            x.term
        )),
        Kind::Arts => run!(arts, Arts, YEAR, |x: &ArtsRecord| (
            x.school.clone(),
            x.year
        )),
        Kind::Specialties => run!(specialty, Specialties, KIND, |x: &Specialty| (
            x.school.clone(),
            x.kind,
            x.level,
            x.since
        )),
        Kind::Football => run!(football, Football, LEVEL, |x: &FootballSchool| (
            x.school.clone(),
            x.level,
            x.since
        )),
        Kind::Trips => run!(trip, Trips, DESTINATION, |x: &StudyTrip| (
            x.school.clone(),
            x.day,
            x.destination.clone()
        )),
        Kind::Lessons => run!(lesson, Lessons, WEEK, |x: &LessonRow| (
            x.school.clone(),
            x.grade,
            x.class.clone(),
            x.week
        )),
        Kind::Weeks => run!(labour_week, Weeks, FIRST_DAY, |x: &LabourWeek| (
            x.school.clone(),
            x.year
        )),
    };
    Ok(LabourFile {
        file: place.file,
        sheet: place.sheet,
        records,
        rows,
        warnings,
    })
}

/// A text of at most `max` characters (`None` when empty and not required, or wrong).
fn bounded(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    max: usize,
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    t.bounded(row, header, required, max, c.too_long, issues)
}

/// A count of children or days in 0..=[`MAX_STUDENTS`] (`min` and up).
fn count(
    t: &Table,
    row: &Row,
    header: &str,
    min: u32,
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Option<u32> {
    int_in(t, row, header, (min, MAX_STUDENTS), c, issues)
}

/// A part not above its whole (reported on the part's column).
fn part_of(
    t: &Table,
    row: &Row,
    (part, part_header): (Option<u32>, &str),
    (whole, whole_header): (Option<u32>, &str),
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> bool {
    match (part, whole) {
        (Some(p), Some(w)) if p > w => {
            t.push(issues, || {
                t.issue(
                    c.part,
                    Some(row.line),
                    Some(part_header),
                    Some(p.to_string()),
                    format!("{part_header} {p} 多于{whole_header} {w}；应不超过{whole_header}"),
                )
            });
            false
        }
        _ => true,
    }
}

/// A date cell as a [`Day`].
fn day(t: &Table, row: &Row, header: &str, c: &Codes, issues: &mut Vec<Issue>) -> Option<Day> {
    cells::date(t, row, header, true, c.date, issues)
        .ok()
        .flatten()
        .and_then(|d| Day::parse(&d))
}

/// An optional last school year, not before `since`.
fn until(
    t: &Table,
    row: &Row,
    since: Option<i32>,
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Result<Option<i32>, ()> {
    if t.column(UNTIL).is_none()
        || matches!(
            Table::cell(row, t.column(UNTIL)),
            crate::table::Value::Empty
        )
    {
        return Ok(None);
    }
    let y = t.year(row, UNTIL, c.fields, issues).ok_or(())?;
    if since.is_some_and(|s| y < s) {
        t.push(issues, || {
            t.issue(
                c.fields.year_invalid,
                Some(row.line),
                Some(UNTIL),
                Some(y.to_string()),
                format!("截止学年 {y} 早于认定学年；应不早于认定学年，仍有效则留空"),
            )
        });
        return Err(());
    }
    Ok(Some(y))
}

fn level(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<Level> {
    t.word(
        row,
        LEVEL,
        true,
        Level::parse,
        || "国家级、省级、市级、区级".into(),
        c.word,
        issues,
    )
}

fn base(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<BaseRow> {
    let name = bounded(t, row, BASE, true, NAME_MAX_CHARS, c, issues);
    let kind = t.word(
        row,
        KIND,
        true,
        BaseKind::parse,
        || "校内、社区、农场、企业".into(),
        c.word,
        issues,
    );
    let capacity = count(t, row, CAPACITY, 1, c, issues);
    let host = match Table::cell(row, t.column(HOST)) {
        crate::table::Value::Empty => Some(None),
        _ => t.school_code(row, HOST, c.fields, issues).map(Some),
    };
    Some(BaseRow {
        name: name?,
        kind: kind?,
        capacity: capacity?,
        school: host?,
    })
}

/// The names of a list cell: separated by 、 , ， ; ；.
fn names(
    t: &Table,
    row: &Row,
    header: &str,
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Option<Vec<String>> {
    let Some(text) = t.text(row, header, false, issues) else {
        return matches!(
            Table::cell(row, t.column(header)),
            crate::table::Value::Empty
        )
        .then(Vec::new);
    };
    let mut out: Vec<String> = Vec::new();
    for item in text
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if item.chars().count() > NAME_MAX_CHARS {
            t.push(issues, || {
                t.issue(
                    c.too_long,
                    Some(row.line),
                    Some(header),
                    Some(item.to_owned()),
                    format!("{header}中的名称应不超过 {NAME_MAX_CHARS} 个字"),
                )
            });
            return None;
        }
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    Some(out)
}

fn alliance(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<AllianceRow> {
    let name = bounded(t, row, ALLIANCE, true, NAME_MAX_CHARS, c, issues);
    let schools = cells::school_codes(t, row, MEMBERS, c.list, issues).ok();
    if schools.as_ref().is_some_and(Vec::is_empty) {
        t.push(issues, || {
            t.issue(
                c.table.required_cell_empty,
                Some(row.line),
                Some(MEMBERS),
                None,
                "「成员学校」不能为空，应为用「、」分隔的学校标识码".into(),
            )
        });
        return None;
    }
    let bases = if t.column(SHARED).is_some() {
        names(t, row, SHARED, c, issues)
    } else {
        Some(Vec::new())
    };
    Some(AllianceRow {
        name: name?,
        schools: schools?,
        bases: bases?,
    })
}

fn visit(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<VisitRow> {
    let base = bounded(t, row, BASE, true, NAME_MAX_CHARS, c, issues);
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let day = day(t, row, DAY, c, issues);
    let students = count(t, row, STUDENTS, 1, c, issues);
    let note = if t.column(NOTE).is_some() {
        match Table::cell(row, t.column(NOTE)) {
            crate::table::Value::Empty => Some(String::new()),
            _ => bounded(t, row, NOTE, false, NOTE_MAX_CHARS, c, issues),
        }
    } else {
        Some(String::new())
    };
    Some(VisitRow {
        base: base?,
        school: school?,
        day: day?,
        students: students?,
        note: note?,
    })
}

/// 第一学期 / 第二学期 (or 上学期 / 下学期, 秋季 / 春季).
pub(crate) fn semester(text: &str) -> Option<Semester> {
    match text.trim() {
        "第一学期" | "上学期" | "秋季学期" | "秋季" | "1" => Some(Semester::First),
        "第二学期" | "下学期" | "春季学期" | "春季" | "2" => Some(Semester::Second),
        _ => None,
    }
}

fn breaks(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<BreakRecord> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let year = t.year(row, YEAR, c.fields, issues);
    let half = t.word(
        row,
        SEMESTER,
        true,
        semester,
        || "第一学期、第二学期".into(),
        c.word,
        issues,
    );
    let held = count(t, row, DAYS_HELD, 0, c, issues);
    let days = count(t, row, SCHOOL_DAYS, 1, c, issues);
    let fits = part_of(t, row, (held, DAYS_HELD), (days, SCHOOL_DAYS), c, issues);
    fits.then_some(())?;
    Some(BreakRecord {
        school: school?,
        term: Term {
            year: year?,
            semester: half?,
        },
        days_held: held?,
        school_days: days?,
    })
}

fn arts(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<ArtsRecord> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let year = t.year(row, YEAR, c.fields, issues);
    let reached = count(t, row, REACHED, 0, c, issues);
    let students = count(t, row, ENROLLED, 1, c, issues);
    part_of(t, row, (reached, REACHED), (students, ENROLLED), c, issues).then_some(())?;
    Some(ArtsRecord {
        school: school?,
        year: year?,
        students_reached: reached?,
        students: students?,
    })
}

fn specialty(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<Specialty> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let kind = t.word(
        row,
        KIND,
        true,
        SpecialtyKind::parse,
        || "体育、艺术、科技、劳动".into(),
        c.word,
        issues,
    );
    let level = level(t, row, c, issues);
    let since = t.year(row, SINCE, c.fields, issues);
    let until = until(t, row, since, c, issues);
    Some(Specialty {
        school: school?,
        kind: kind?,
        level: level?,
        since: since?,
        until: until.ok()?,
    })
}

fn football(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<FootballSchool> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let level = level(t, row, c, issues);
    let since = t.year(row, SINCE, c.fields, issues);
    let until = until(t, row, since, c, issues);
    Some(FootballSchool {
        school: school?,
        level: level?,
        since: since?,
        until: until.ok()?,
    })
}

fn trip(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<StudyTrip> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let day = day(t, row, LEFT, c, issues);
    let destination = bounded(t, row, DESTINATION, true, NAME_MAX_CHARS, c, issues);
    let went = count(t, row, PARTICIPANTS, 0, c, issues);
    let invited = count(t, row, INVITED, 1, c, issues);
    part_of(t, row, (went, PARTICIPANTS), (invited, INVITED), c, issues).then_some(())?;
    Some(StudyTrip {
        school: school?,
        day: day?,
        destination: destination?,
        participants: went?,
        students: invited?,
    })
}

/// A whole number in `min..=max` (`None` when empty, wrong or out of range).
fn int_in(
    t: &Table,
    row: &Row,
    header: &str,
    (min, max): (u32, u32),
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Option<u32> {
    let v = t.count(row, header, true, min, c.count, issues)?;
    if v > max {
        t.push(issues, || {
            t.issue(
                c.count,
                Some(row.line),
                Some(header),
                Some(v.to_string()),
                format!("{header}应为 {min} 至 {max} 之间的整数"),
            )
        });
        return None;
    }
    Some(v)
}

fn lesson(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<LessonRow> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let grade = int_in(t, row, GRADE, (1, 9), c, issues).and_then(|g| Grade::new(g as u8));
    let class = bounded(t, row, CLASS, true, CLASS_MAX_CHARS, c, issues);
    let week = day(t, row, WEEK, c, issues);
    let lessons = int_in(t, row, LESSONS, (0, MAX_WEEKLY_LESSONS), c, issues);
    Some(LessonRow {
        school: school?,
        grade: grade?,
        class: class?.trim().to_owned(),
        week: week?.monday(),
        lessons: lessons?,
    })
}

fn labour_week(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<LabourWeek> {
    let school = t.school_code(row, SCHOOL, c.fields, issues);
    let first = day(t, row, FIRST_DAY, c, issues);
    let last = day(t, row, LAST_DAY, c, issues);
    let (first, last) = (first?, last?);
    let span = Span::new(first, last)
        .filter(|s| s.days() <= MAX_LABOUR_WEEK_DAYS && last.school_year() == first.school_year());
    if span.is_none() {
        t.push(issues, || {
            t.issue(
                c.date,
                Some(row.line),
                Some(LAST_DAY),
                Some(last.to_string()),
                format!(
                    "最后一天应不早于第一天 {first}、与它在同一学年（9 月 1 日起），\
                     且劳动周最多 {MAX_LABOUR_WEEK_DAYS} 天"
                ),
            )
        });
    }
    Some(LabourWeek {
        school: school?,
        year: first.school_year(),
        span: span?,
    })
}
