//! What every template of the student family (the registry, the comparison lists) does around
//! its rows: a 身份证 column refuses the whole file before a row is read, and a 学籍号 repeated
//! in the file is refused on its later row.

use std::collections::HashMap;

use junheng_core::student::StudentNumber;

use super::codes;
use super::columns::NUMBER;
use crate::limits::Limits;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};
use crate::table::rows::{Template, read_rows};
use crate::table::{Row, Table};

/// The message of a refused 身份证 column.
const ID_COLUMN: &str =
    "请不要上传身份证号列，学籍号已含所需信息；删除该列后重新导入，本次未读取文件内容";

/// Whether a header names a 身份证 column.
pub(super) fn is_id_header(header: &str) -> bool {
    header.contains("身份证")
}

/// The unknown-column warnings of 身份证 columns, taken out and turned into refusals.
fn take_id_warnings(warnings: &mut Vec<Issue>) -> Vec<Issue> {
    let mut ids = Vec::new();
    warnings.retain(|w| {
        let id = w.code == codes::UNKNOWN_COLUMN && w.column.as_deref().is_some_and(is_id_header);
        if id {
            ids.push(Issue {
                code: codes::NATIONAL_ID_COLUMN,
                message: ID_COLUMN.into(),
                ..w.clone()
            });
        }
        !id
    });
    ids
}

/// A file of the family read: where it was read, its records, its warnings.
pub(super) struct Read<T> {
    pub place: Place,
    pub records: Vec<T>,
    pub warnings: Vec<Issue>,
}

/// Reads `bytes` with `template`, each row through `row` (the record, or, for a wrong row, its
/// 学籍号 when it has one, so duplicates are still found; `None` when the row gave nothing),
/// refusing a 身份证 column and a repeated 学籍号 (`each` says what one row is: 每名学生只能有一
/// 行). Every problem at once; nothing when anything is wrong.
pub(super) fn read_numbered<T>(
    bytes: &[u8],
    file: &str,
    template: &Template<'_>,
    limits: &Limits,
    mut row: impl FnMut(&Table, &Row, &mut Vec<Issue>) -> Option<Result<T, StudentNumber>>,
    number: impl Fn(&T) -> &StudentNumber,
    each: &str,
) -> Result<Read<T>, ImportFailure> {
    let mut refused = None;
    let checked = read_rows(
        bytes,
        file,
        template,
        limits,
        &mut |_, _| {},
        |t, r, issues| {
            let refused =
                *refused.get_or_insert_with(|| t.headers.iter().flatten().any(|h| is_id_header(h)));
            if refused { None } else { row(t, r, issues) }
        },
    );
    let mut checked = match checked {
        Ok(checked) => checked,
        Err(mut failure) => {
            // The header was wrong too: the 身份证 column comes first.
            let ids = take_id_warnings(&mut failure.warnings);
            failure.issues.splice(0..0, ids);
            return Err(failure);
        }
    };
    if checked
        .table
        .headers
        .iter()
        .flatten()
        .any(|h| is_id_header(h))
    {
        let mut warnings = checked.warnings;
        let issues = take_id_warnings(&mut warnings);
        return Err(ImportFailure { issues, warnings });
    }
    let mut seen: HashMap<&StudentNumber, usize> = HashMap::with_capacity(checked.rows.len());
    let mut duplicates = Vec::new();
    for (line, parsed) in &checked.rows {
        let n = match parsed {
            Ok(record) => number(record),
            Err(n) => n,
        };
        let first = *seen.entry(n).or_insert(*line);
        if first != *line {
            duplicates.push((*line, first, n.masked()));
        }
    }
    for (line, first, masked) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE_NUMBER,
                Some(line),
                Some(NUMBER),
                Some(masked),
                format!("学籍号与第 {first} 行重复；{each}"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (parsed, warnings) = checked.finish()?;
    Ok(Read {
        place,
        // Without issues every row gave its record.
        records: parsed.into_iter().filter_map(Result::ok).collect(),
        warnings,
    })
}
