//! The 师徒结对 file's rows → [`Pair`]s, every problem reported at once.

use junheng_teachers::mentors::{Outcome, Pair};

use super::columns::*;
use super::{
    GOALS_MAX_CHARS, ImportFailure, MEETINGS_MAX, MentorsFile, SUBJECT_MAX_CHARS, TEMPLATE, codes,
};
use crate::classroom::parse::bounded;
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::rows::read_rows;
use crate::table::{Row, Table, Value};
use crate::teachers::cells::{date, period};
use crate::teachers::studios::parse::{finish, once};

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<MentorsFile, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, &mut |_, _| {}, pair)?;
    once(
        &mut checked,
        |p| {
            (
                p.mentor.clone(),
                p.mentee.clone(),
                p.subject.clone(),
                p.start.clone(),
            )
        },
        codes::DUPLICATE,
        MENTEE,
        "的师傅、徒弟、学科和开始日期",
    );
    let (origin, pairs, rows, warnings) = finish(checked)?;
    Ok(MentorsFile {
        origin,
        pairs,
        rows,
        warnings,
    })
}

/// A count of meetings (empty is 0).
fn meetings(t: &Table, row: &Row, header: &str, issues: &mut Vec<Issue>) -> Option<u32> {
    if matches!(Table::cell(row, t.column(header)), Value::Empty) {
        return Some(0);
    }
    let v = t.count(row, header, false, 0, codes::NOT_INTEGER, issues)?;
    if v > MEETINGS_MAX {
        t.push(issues, || {
            t.issue(
                codes::NOT_INTEGER,
                Some(row.line),
                Some(header),
                Some(v.to_string()),
                format!("{header}应为 0 至 {MEETINGS_MAX} 之间的整数"),
            )
        });
        return None;
    }
    Some(v)
}

/// One row, checked; `None` when anything is wrong (and reported).
fn pair(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Pair> {
    let mentor = t.teacher_id(row, MENTOR, &codes::FIELDS, issues);
    let mentor_school = t.school_code(row, MENTOR_SCHOOL, &codes::FIELDS, issues);
    let mentee = t.teacher_id(row, MENTEE, &codes::FIELDS, issues);
    let mentee_school = t.school_code(row, MENTEE_SCHOOL, &codes::FIELDS, issues);
    let subject = bounded(
        t,
        row,
        SUBJECT,
        true,
        SUBJECT_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let start = date(t, row, START, true, codes::DATE_INVALID, issues);
    let end = date(t, row, END, false, codes::DATE_INVALID, issues);
    let goals = bounded(
        t,
        row,
        GOALS,
        false,
        GOALS_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let held = meetings(t, row, HELD, issues);
    let planned = meetings(t, row, PLANNED, issues);
    let outcome = t.word(
        row,
        OUTCOME,
        false,
        Outcome::parse,
        Outcome::expected,
        codes::OUTCOME_INVALID,
        issues,
    );
    let outcome_bad =
        outcome.is_none() && !matches!(Table::cell(row, t.column(OUTCOME)), Value::Empty);
    let (Some(mentor), Some(mentor_school), Some(mentee), Some(mentee_school)) =
        (mentor, mentor_school, mentee, mentee_school)
    else {
        return None;
    };
    let (Ok(Some(subject)), Ok(Some(start)), Ok(end), Ok(goals), Some(held), Some(planned)) =
        (subject, start, end, goals, held, planned)
    else {
        return None;
    };
    if outcome_bad {
        return None;
    }
    if mentor == mentee {
        t.push(issues, || {
            t.issue(
                codes::SAME_TEACHER,
                Some(row.line),
                Some(MENTEE),
                Some(mentee.to_string()),
                "徒弟与师傅是同一位教师；师傅和徒弟应为两位不同的教师".into(),
            )
        });
        return None;
    }
    if !period(
        t,
        row,
        END,
        &start,
        end.as_deref(),
        codes::DATE_INVALID,
        issues,
    ) {
        return None;
    }
    if let (Some(o), None) = (outcome, &end) {
        t.push(issues, || {
            t.issue(
                codes::OUTCOME_INVALID,
                Some(row.line),
                Some(OUTCOME),
                Some(o.label().to_owned()),
                "填写结果时须同时填写结束日期；进行中的结对请把结果留空".into(),
            )
        });
        return None;
    }
    Some(Pair {
        mentor,
        mentor_school,
        mentee,
        mentee_school,
        subject,
        start,
        end,
        goals: goals.unwrap_or_default(),
        meetings_held: held,
        meetings_planned: planned,
        outcome,
    })
}
