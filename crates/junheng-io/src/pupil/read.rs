//! What every file of children does around its rows: a 身份证 column refuses the whole file
//! before a row is read, and a 学籍号 repeated in the file is refused on its later row.

use std::collections::HashMap;

use junheng_core::student::StudentNumber;

use super::columns::NUMBER;
use super::{Cells, PupilCodes};
use crate::limits::Limits;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};
use crate::table::rows::{Template, read_rows};

/// The message of a refused 身份证 column.
const ID_COLUMN: &str =
    "请不要上传身份证号列，学籍号已含所需信息；删除该列后重新导入，本次未读取文件内容";

/// Whether a header names a 身份证 column.
fn is_id_header(header: &str) -> bool {
    header.contains("身份证")
}

/// A file of children: its template, its codes, and what one row is (「每名学生只能有一行」,
/// said when a 学籍号 repeats).
pub(crate) struct Family<'a> {
    pub template: Template<'a>,
    pub codes: &'static PupilCodes,
    pub each: &'a str,
}

/// Who a row is about: a child's 学籍号 and whether the row is a 补测 (a second sitting, which
/// may stand beside the first).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Sitting {
    pub number: StudentNumber,
    pub retest: bool,
}

impl From<StudentNumber> for Sitting {
    /// The first sitting.
    fn from(number: StudentNumber) -> Sitting {
        Sitting {
            number,
            retest: false,
        }
    }
}

/// What a row gave: its record, or, when the row is wrong, who it is about (so that a repeated
/// 学籍号 is still found).
pub(crate) type Parsed<T> = Result<T, Sitting>;

/// What a row gave: `line` when it is right, else (all reported) its 学籍号's first sitting if
/// that at least is valid.
pub(crate) fn outcome<T>(line: Option<T>, number: Option<StudentNumber>) -> Option<Parsed<T>> {
    match line {
        Some(line) => Some(Ok(line)),
        None => number.map(|n| Err(n.into())),
    }
}

/// The unknown-column warnings of 身份证 columns, taken out and turned into refusals.
fn take_id_warnings(warnings: &mut Vec<Issue>, unknown: &str, refused: &'static str) -> Vec<Issue> {
    let mut ids = Vec::new();
    warnings.retain(|w| {
        let id = w.code == unknown && w.column.as_deref().is_some_and(is_id_header);
        if id {
            ids.push(Issue {
                code: refused,
                message: ID_COLUMN.into(),
                ..w.clone()
            });
        }
        !id
    });
    ids
}

/// A file of children read: where it was read, its records, its warnings.
pub(crate) struct Read<T> {
    pub place: Place,
    pub records: Vec<T>,
    pub warnings: Vec<Issue>,
}

/// Reads `bytes` as a file of `family`, each row through `row` (given the row's cells, the
/// issues and the warnings; it returns the record, or, for a wrong row, who it is about when
/// that is known; `None` when the row gave nothing), refusing a 身份证 column and a repeated
/// sitting (`who`: a record's 学籍号 and whether it is a 补测). Every problem at once; nothing
/// when anything is wrong.
pub(crate) fn read_numbered<T>(
    bytes: &[u8],
    file: &str,
    family: &Family<'_>,
    limits: &Limits,
    mut row: impl FnMut(&Cells<'_>, &mut Vec<Issue>, &mut Vec<Issue>) -> Option<Parsed<T>>,
    who: impl Fn(&T) -> (&StudentNumber, bool),
) -> Result<Read<T>, ImportFailure> {
    let codes = family.codes;
    let unknown = family.template.codes.unknown_column;
    let mut refused = None;
    let mut row_warnings = Vec::new();
    let checked = read_rows(
        bytes,
        file,
        &family.template,
        limits,
        &mut |_, _| {},
        |t, r, issues| {
            let refused =
                *refused.get_or_insert_with(|| t.headers.iter().flatten().any(|h| is_id_header(h)));
            if refused {
                return None;
            }
            row(&Cells::new(t, r, codes, issues), issues, &mut row_warnings)
        },
    );
    let mut checked = match checked {
        Ok(checked) => checked,
        Err(mut failure) => {
            // The header was wrong too: the 身份证 column comes first.
            let ids = take_id_warnings(&mut failure.warnings, unknown, codes.national_id_column);
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
        let issues = take_id_warnings(&mut warnings, unknown, codes.national_id_column);
        return Err(ImportFailure { issues, warnings });
    }
    checked.warnings.append(&mut row_warnings);
    let mut seen: HashMap<(&StudentNumber, bool), usize> =
        HashMap::with_capacity(checked.rows.len());
    let mut duplicates = Vec::new();
    for (line, parsed) in &checked.rows {
        let key = match parsed {
            Ok(record) => who(record),
            Err(s) => (&s.number, s.retest),
        };
        let first = *seen.entry(key).or_insert(*line);
        if first != *line {
            duplicates.push((*line, first, key.0.masked()));
        }
    }
    for (line, first, masked) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes.duplicate_number,
                Some(line),
                Some(NUMBER),
                Some(masked),
                format!("学籍号与第 {first} 行重复；{}", family.each),
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
