//! The ledger's rows → [`Move`] records, every problem reported at once.

use std::collections::HashMap;

use junheng_rotation::{Move, MoveKind, TeacherId};

use super::columns::*;
use super::{ImportFailure, ImportedLedger, TEMPLATE, codes};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::rows::read_rows;
use crate::table::{Row, Table};

/// Earlier moves of a teacher each move is compared with.
const MAX_MOVES_COMPARED: usize = 102;

/// School years a move may last, beyond its first.
pub(super) const MAX_EXTRA_YEARS: i32 = 9;

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportedLedger, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, progress, one_move)?;
    let mut by_teacher: HashMap<&TeacherId, Vec<(usize, &Move)>> = HashMap::new();
    for (line, m) in &checked.rows {
        let earlier = by_teacher.entry(&m.teacher).or_default();
        // Moves that do not overlap fit in 2000–2100 at most 101 times: past that a teacher's
        // moves already overlap (and are reported), so the comparisons stay linear in the rows.
        for (first, other) in earlier.iter().take(MAX_MOVES_COMPARED) {
            if m.start_year <= other.end_year && other.start_year <= m.end_year {
                checked.issues.push(checked.table.issue(
                    codes::OVERLAP,
                    Some(*line),
                    Some(START),
                    Some(m.start_year.to_string()),
                    format!(
                        "教师 {} 的第 {first} 行（{}–{} 学年）和第 {line} 行（{}–{} 学年）时间重叠；\
                         同一教师的交流轮岗记录不能有重叠的学年",
                        m.teacher, other.start_year, other.end_year, m.start_year, m.end_year
                    ),
                ));
            }
        }
        earlier.push((*line, m));
    }
    let (moves, warnings) = checked.finish()?;
    Ok(ImportedLedger { moves, warnings })
}

/// One row, validated; `None` when anything is wrong (and reported).
fn one_move(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Move> {
    let f = &codes::FIELDS;
    let teacher = t.teacher_id(row, TEACHER, f, issues);
    let from = t.school_code(row, FROM, f, issues);
    let to = t.school_code(row, TO, f, issues);
    let start_year = t.year(row, START, f, issues);
    let end_year = t.year(row, END, f, issues);
    let kind = t.word(
        row,
        KIND,
        true,
        MoveKind::parse,
        MoveKind::expected,
        codes::KIND_INVALID,
        issues,
    );
    let mut at = |code, column, value: String, message: String| {
        issues.push(t.issue(code, Some(row.line), Some(column), Some(value), message));
    };
    let (from, to) = (from?, to?);
    let mut ok = true;
    if from == to {
        ok = false;
        at(
            codes::SAME_SCHOOL,
            TO,
            to.to_string(),
            "调入学校与调出学校相同，应为另一所学校".into(),
        );
    }
    let (start_year, end_year) = (start_year?, end_year?);
    if end_year < start_year {
        ok = false;
        at(
            codes::YEARS_REVERSED,
            END,
            end_year.to_string(),
            format!("结束学年早于开始学年 {start_year}，应不早于开始学年"),
        );
    } else if end_year > start_year + MAX_EXTRA_YEARS {
        ok = false;
        at(
            codes::TERM_TOO_LONG,
            END,
            end_year.to_string(),
            format!(
                "一次交流轮岗最长 {} 个学年，结束学年应不晚于 {}",
                MAX_EXTRA_YEARS + 1,
                start_year + MAX_EXTRA_YEARS
            ),
        );
    }
    ok.then_some(Move {
        teacher: teacher?,
        from,
        to,
        start_year,
        end_year,
        kind: kind?,
    })
}
