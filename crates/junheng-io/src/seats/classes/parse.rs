//! The class table's rows → [`ClassLine`]s, every problem reported at once.

use std::collections::HashMap;

use super::columns::*;
use super::{CLASS_MAX_CHARS, ClassFile, ClassLine, ImportFailure, PUPILS_MAX, TEMPLATE, codes};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::rows::read_rows;
use crate::table::{Row, Table};

pub(super) fn read(bytes: &[u8], file: &str, limits: &Limits) -> Result<ClassFile, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, &mut |_, _| {}, class)?;
    let mut seen: HashMap<(&junheng_core::school::SchoolCode, u8, &str), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (line, c) in &checked.rows {
        let first = *seen
            .entry((&c.school, c.grade, c.class.as_str()))
            .or_insert(*line);
        if first != *line {
            duplicates.push((*line, first));
        }
    }
    for (line, first) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE_CLASS,
                Some(line),
                Some(CLASS),
                None,
                format!("与第 {first} 行是同一学校、同一年级的同一个班；每个班只填一行"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (classes, warnings) = checked.finish()?;
    Ok(ClassFile {
        file: place.file,
        sheet: place.sheet,
        classes,
        warnings,
    })
}

/// A whole number within `range`, required; `code` when outside.
fn within(
    t: &Table,
    row: &Row,
    header: &str,
    range: std::ops::RangeInclusive<u32>,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Option<u32> {
    let what = || format!("{} 至 {} 之间的整数", range.start(), range.end());
    let v = t.whole(row, header, true, what, codes::NOT_INTEGER, issues)?;
    let ok = u32::try_from(v).ok().filter(|v| range.contains(v));
    if ok.is_none() {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                Table::cell(row, t.column(header)).shown(),
                format!("{header}应为{}", what()),
            )
        });
    }
    ok
}

/// One row, checked; `None` when anything is wrong (and reported).
fn class(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<ClassLine> {
    let school = t.school_code(row, SCHOOL, &codes::FIELDS, issues);
    let grade = within(t, row, GRADE, 1..=9, codes::GRADE_INVALID, issues);
    let name = t.text(row, CLASS, true, issues).and_then(|text| {
        let n = text.chars().count();
        if n > CLASS_MAX_CHARS {
            t.push(issues, || {
                t.issue(
                    codes::CLASS_TOO_LONG,
                    Some(row.line),
                    Some(CLASS),
                    Some(text.clone()),
                    format!("{CLASS}有 {n} 个字，应不超过 {CLASS_MAX_CHARS} 个字"),
                )
            });
            return None;
        }
        Some(text)
    });
    let pupils = within(
        t,
        row,
        PUPILS,
        1..=PUPILS_MAX,
        codes::PUPILS_INVALID,
        issues,
    );
    Some(ClassLine {
        row: row.line,
        school: school?,
        grade: u8::try_from(grade?).ok()?,
        class: name?,
        pupils: pupils?,
    })
}
