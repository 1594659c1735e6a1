//! The session file's rows → [`SessionLine`]s, every problem reported at once.

use std::collections::HashMap;

use junheng_core::classroom::ClassroomKind;

use super::columns::*;
use super::{
    GIVER_MAX_CHARS, Giver, ImportFailure, MINUTES_MAX, NOTE_MAX_CHARS, SUBJECT_MAX_CHARS,
    SessionFile, SessionLine, TEMPLATE, codes,
};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::date::Dates;
use crate::table::rows::read_rows;
use crate::table::{Row, Table, Value};

/// The session file's dates fall in these years.
const DATES: Dates = Dates(2000..=2100);

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<SessionFile, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, &mut |_, _| {}, session)?;
    // Rows are told apart by everything but their number.
    let keys: Vec<SessionLine> = checked
        .rows
        .iter()
        .map(|(_, s)| SessionLine {
            row: 0,
            ..s.clone()
        })
        .collect();
    let mut seen: HashMap<&SessionLine, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for ((line, _), key) in checked.rows.iter().zip(&keys) {
        let first = *seen.entry(key).or_insert(*line);
        if first != *line {
            duplicates.push((*line, first));
        }
    }
    for (line, first) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE_SESSION,
                Some(line),
                None,
                None,
                format!(
                    "与第 {first} 行是同一节课（各列都相同）；同一天同一学科上了两节课时，请在备注中区分"
                ),
            )
        });
    }
    let place = checked.table.place.clone();
    let (sessions, warnings) = checked.finish()?;
    Ok(SessionFile {
        file: place.file,
        sheet: place.sheet,
        sessions,
        warnings,
    })
}

/// A text cell of at most `max` characters (`code` when longer); empty is `None`.
pub(crate) fn bounded(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    max: usize,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Result<Option<String>, ()> {
    let empty = matches!(Table::cell(row, t.column(header)), Value::Empty);
    let Some(text) = t.text(row, header, required, issues) else {
        // An empty optional cell is nothing; anything else was reported.
        return if empty && !required {
            Ok(None)
        } else {
            Err(())
        };
    };
    let n = text.chars().count();
    if n > max {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                Some(text.clone()),
                format!("{header}有 {n} 个字，应不超过 {max} 个字"),
            )
        });
        return Err(());
    }
    Ok(Some(text))
}

/// 日期, required.
fn held_on(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<String> {
    const FORM: &str = "YYYY-MM-DD（例如 2024-09-10）";
    let value = Table::cell(row, t.column(DATE));
    let at =
        |code, message: String| t.issue(code, Some(row.line), Some(DATE), value.shown(), message);
    let parsed = match value {
        Value::Empty => {
            t.push(issues, || {
                at(
                    t.codes.required_cell_empty,
                    format!("「{DATE}」不能为空，应为{FORM}"),
                )
            });
            return None;
        }
        Value::Error(_) => {
            t.push(issues, || {
                at(
                    t.codes.excel_error_cell,
                    format!("是表格错误值，应为{FORM}"),
                )
            });
            return None;
        }
        Value::Text(text) => DATES.text(text),
        // The readers mark date cells 日期或时间.
        Value::Other(what, shown) if what.starts_with("日期") => DATES.cell(shown),
        Value::Number(_) | Value::Other(..) => None,
    };
    if parsed.is_none() {
        t.push(issues, || {
            at(
                codes::DATE_INVALID,
                format!("{DATE}应为 2000 至 2100 年间的真实日期，写作{FORM}；若填的是数字，请把该列设为日期格式"),
            )
        });
    }
    parsed
}

/// One row, checked; `None` when anything is wrong (and reported).
fn session(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<SessionLine> {
    let f = &codes::FIELDS;
    let kind = t.word(
        row,
        KIND,
        true,
        ClassroomKind::parse,
        || "专递课堂、名师课堂、名校网络课堂、同步课堂".into(),
        codes::KIND_INVALID,
        issues,
    );
    let has = |header| !matches!(Table::cell(row, t.column(header)), Value::Empty);
    let giver_school = has(GIVER_SCHOOL).then(|| t.school_code(row, GIVER_SCHOOL, f, issues));
    let giver_name = bounded(
        t,
        row,
        GIVER_NAME,
        false,
        GIVER_MAX_CHARS,
        codes::GIVER_TOO_LONG,
        issues,
    );
    let receiver = t.school_code(row, RECEIVER, f, issues);
    let subject = bounded(
        t,
        row,
        SUBJECT,
        true,
        SUBJECT_MAX_CHARS,
        codes::SUBJECT_TOO_LONG,
        issues,
    );
    let held_on = held_on(t, row, issues);
    let what = || format!("1 至 {MINUTES_MAX} 之间的整数（分钟）");
    let minutes = t
        .whole(row, MINUTES, true, what, codes::NOT_INTEGER, issues)
        .and_then(|m| {
            let ok = u32::try_from(m)
                .ok()
                .filter(|m| (1..=MINUTES_MAX).contains(m));
            if ok.is_none() {
                t.push(issues, || {
                    t.issue(
                        codes::MINUTES_INVALID,
                        Some(row.line),
                        Some(MINUTES),
                        Table::cell(row, t.column(MINUTES)).shown(),
                        format!("{MINUTES}应为{}", what()),
                    )
                });
            }
            ok
        });
    let note = bounded(
        t,
        row,
        NOTE,
        false,
        NOTE_MAX_CHARS,
        codes::NOTE_TOO_LONG,
        issues,
    );
    let at = |code, column: &str, message: String| {
        t.issue(
            code,
            Some(row.line),
            Some(column),
            Table::cell(row, t.column(column)).shown(),
            message,
        )
    };
    let giver = match (giver_school, giver_name) {
        (Some(Some(code)), Ok(None)) => Some(Giver::School(code)),
        (None, Ok(Some(name))) => Some(Giver::Outside(name)),
        (None, Ok(None)) => {
            t.push(issues, || {
                at(
                    codes::GIVER_MISSING,
                    GIVER_SCHOOL,
                    format!("「{GIVER_SCHOOL}」和「{GIVER_NAME}」应填写其中一项：本区县学校填学校标识码，区县外的授课方填名称"),
                )
            });
            None
        }
        (Some(_), Ok(Some(_))) => {
            t.push(issues, || {
                at(
                    codes::GIVER_AMBIGUOUS,
                    GIVER_NAME,
                    format!("「{GIVER_SCHOOL}」和「{GIVER_NAME}」只能填写其中一项"),
                )
            });
            None
        }
        // Reported already.
        _ => None,
    };
    if let (Some(ClassroomKind::Synchronous), Some(Giver::Outside(_))) = (kind, &giver) {
        t.push(issues, || {
            at(
                codes::SYNCHRONOUS_NEEDS_SCHOOL,
                GIVER_SCHOOL,
                "同步课堂在教育集团内的学校之间进行，应填写本区县授课学校的学校标识码".into(),
            )
        });
        return None;
    }
    if let (Some(Giver::School(g)), Some(r)) = (&giver, &receiver)
        && g == r
    {
        t.push(issues, || {
            at(
                codes::SAME_SCHOOL,
                RECEIVER,
                "接收学校与授课学校是同一所学校，应为两所不同的学校".into(),
            )
        });
        return None;
    }
    Some(SessionLine {
        row: row.line,
        kind: kind?,
        giver: giver?,
        receiver: receiver?,
        subject: subject.ok()??,
        held_on: held_on?,
        minutes: minutes?,
        note: note.ok()?.unwrap_or_default(),
    })
}
