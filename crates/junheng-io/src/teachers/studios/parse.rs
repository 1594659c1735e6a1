//! The studios and outputs files' rows → records, every problem reported at once.

use std::collections::HashMap;

use junheng_teachers::studios::{Level, Output, OutputKind, Status, Studio, StudioSettings};

use super::columns::*;
use super::{
    COUNT_MAX, ImportFailure, NAME_MAX_CHARS, OUTPUT_TEMPLATE, Origin, OutputsFile,
    SUBJECT_MAX_CHARS, StudiosFile, TEMPLATE, codes, output_codes,
};
use crate::classroom::parse::bounded;
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::rows::{Checked, read_rows};
use crate::table::{Row, Table};
use crate::teachers::cells::{date, period, school_codes, teacher_ids};

/// Reports, on `column`, each row whose key was seen on an earlier row.
pub(crate) fn once<T, K: std::hash::Hash + Eq>(
    checked: &mut Checked<T>,
    key: impl Fn(&T) -> K,
    code: &'static str,
    column: &str,
    what: &str,
) {
    let mut first: HashMap<K, usize> = HashMap::new();
    let mut twice = Vec::new();
    for (line, r) in &checked.rows {
        let f = *first.entry(key(r)).or_insert(*line);
        if f != *line {
            twice.push((*line, f));
        }
    }
    let t = &checked.table;
    for (line, f) in twice {
        t.push(&mut checked.issues, || {
            t.issue(
                code,
                Some(line),
                Some(column),
                None,
                format!("与第 {f} 行{what}相同；每项只能填一行"),
            )
        });
    }
}

/// A file's records: where they came from, the records, their rows, the warnings.
pub(crate) type Finished<T> = (Origin, Vec<T>, Vec<usize>, Vec<Issue>);

/// The rows and where they came from, when nothing is wrong.
pub(crate) fn finish<T>(checked: Checked<T>) -> Result<Finished<T>, ImportFailure> {
    let place = checked.table.place.clone();
    let rows: Vec<usize> = checked.rows.iter().map(|(l, _)| *l).collect();
    let (records, warnings) = checked.finish()?;
    Ok((
        Origin {
            file: place.file,
            sheet: place.sheet,
        },
        records,
        rows,
        warnings,
    ))
}

pub(super) fn studios(
    bytes: &[u8],
    file: &str,
    settings: &StudioSettings,
    limits: &Limits,
) -> Result<StudiosFile, ImportFailure> {
    let mut checked = read_rows(bytes, file, &TEMPLATE, limits, &mut |_, _| {}, |t, r, i| {
        studio(t, r, settings, i)
    })?;
    once(
        &mut checked,
        |s| s.name.clone(),
        codes::DUPLICATE_NAME,
        NAME,
        "的名称",
    );
    let (origin, studios, rows, warnings) = finish(checked)?;
    Ok(StudiosFile {
        origin,
        studios,
        rows,
        warnings,
    })
}

pub(super) fn outputs(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<OutputsFile, ImportFailure> {
    let mut checked = read_rows(
        bytes,
        file,
        &OUTPUT_TEMPLATE,
        limits,
        &mut |_, _| {},
        output,
    )?;
    once(
        &mut checked,
        |o| (o.studio.clone(), o.year, o.kind),
        output_codes::DUPLICATE,
        OUTPUT_KIND,
        "的工作室、学年和成果类型",
    );
    let (origin, outputs, rows, warnings) = finish(checked)?;
    Ok(OutputsFile {
        origin,
        outputs,
        rows,
        warnings,
    })
}

/// One studio row, checked; `None` when anything is wrong (and reported).
fn studio(
    t: &Table,
    row: &Row,
    settings: &StudioSettings,
    issues: &mut Vec<Issue>,
) -> Option<Studio> {
    let name = bounded(
        t,
        row,
        NAME,
        true,
        NAME_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let kind = t.word(
        row,
        KIND,
        true,
        |k| settings.kind_allowed(k).then(|| k.to_owned()),
        || settings.kinds.join("、"),
        codes::KIND_INVALID,
        issues,
    );
    let level = t.word(
        row,
        LEVEL,
        true,
        Level::parse,
        Level::expected,
        codes::LEVEL_INVALID,
        issues,
    );
    let subject = bounded(
        t,
        row,
        SUBJECT,
        false,
        SUBJECT_MAX_CHARS,
        codes::TEXT_TOO_LONG,
        issues,
    );
    let host = t.teacher_id(row, HOST, &codes::FIELDS, issues);
    let host_school = t.school_code(row, HOST_SCHOOL, &codes::FIELDS, issues);
    let start = date(t, row, START, true, codes::DATE_INVALID, issues);
    let end = date(t, row, END, false, codes::DATE_INVALID, issues);
    let status = t.word(
        row,
        STATUS,
        true,
        Status::parse,
        Status::expected,
        codes::STATUS_INVALID,
        issues,
    );
    let members = teacher_ids(t, row, MEMBERS, codes::TEACHER_ID_INVALID, issues);
    let (Ok(Some(name)), Some(kind), Some(level), Ok(subject)) = (name, kind, level, subject)
    else {
        return None;
    };
    let (Some(host), Some(host_school), Ok(Some(start)), Ok(end), Some(status), Ok(members)) =
        (host, host_school, start, end, status, members)
    else {
        return None;
    };
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
    let members = members.into_iter().filter(|m| *m != host).collect();
    Some(Studio {
        name,
        kind,
        level,
        subject: subject.unwrap_or_default(),
        host,
        host_school,
        start,
        end,
        status,
        members,
    })
}

/// One output row, checked.
fn output(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<Output> {
    let studio = bounded(
        t,
        row,
        STUDIO,
        true,
        NAME_MAX_CHARS,
        output_codes::TEXT_TOO_LONG,
        issues,
    );
    let year = t.year(row, YEAR, &output_codes::FIELDS, issues);
    let kind = t.word(
        row,
        OUTPUT_KIND,
        true,
        OutputKind::parse,
        OutputKind::expected,
        output_codes::KIND_INVALID,
        issues,
    );
    let count = t.count(row, COUNT, true, 1, output_codes::NOT_INTEGER, issues);
    let count = count.filter(|c| {
        let ok = *c <= COUNT_MAX;
        if !ok {
            t.push(issues, || {
                t.issue(
                    output_codes::NOT_INTEGER,
                    Some(row.line),
                    Some(COUNT),
                    Some(c.to_string()),
                    format!("{COUNT}应为 1 至 {COUNT_MAX} 之间的整数"),
                )
            });
        }
        ok
    });
    let schools = school_codes(t, row, SCHOOLS, output_codes::SCHOOL_CODE_INVALID, issues);
    let (Ok(Some(studio)), Some(year), Some(kind), Some(count), Ok(schools)) =
        (studio, year, kind, count, schools)
    else {
        return None;
    };
    Some(Output {
        studio,
        year,
        kind,
        count,
        schools,
    })
}
