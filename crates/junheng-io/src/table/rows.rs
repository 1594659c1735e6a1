//! The reading of a one-table template (the teacher roster, the rotation ledger): the file into
//! a table, the header checked, each row validated, every problem gathered before returning.

use super::{Codes, Column, Row, Table, read_with};
use crate::guard::cap;
use crate::limits::Limits;
use crate::school::{ImportFailure, Issue};

/// Rows between two progress reports.
const PROGRESS_EVERY: usize = 4096;

/// What a template's rows gave: the records that passed, with their row numbers, and everything
/// found so far. Cross-row checks add to `issues` before [`Checked::finish`].
#[derive(Debug)]
pub(crate) struct Checked<T> {
    pub table: Table,
    /// Valid rows: (row number, record).
    pub rows: Vec<(usize, T)>,
    pub issues: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl<T> Checked<T> {
    /// The records when nothing is wrong; else every problem, in file order (by row).
    pub fn finish(mut self) -> Result<(Vec<T>, Vec<Issue>), ImportFailure> {
        let (t, limits) = (&self.table, &self.table.limits);
        let codes = &t.codes.limits;
        let noun = "条警告";
        cap(
            &mut self.warnings,
            limits.max_warnings,
            0,
            codes.more_warnings,
            &t.place,
            noun,
        );
        if self.issues.is_empty() {
            return Ok((
                self.rows.into_iter().map(|(_, r)| r).collect(),
                self.warnings,
            ));
        }
        self.issues.sort_by_key(|i| i.row);
        cap(
            &mut self.issues,
            limits.max_issues,
            0,
            codes.more_issues,
            &t.place,
            "个问题",
        );
        Err(ImportFailure {
            issues: self.issues,
            warnings: self.warnings,
        })
    }
}

/// Where a template is read from, and how.
pub(crate) struct Template<'a> {
    /// The sheet read when present (else the first visible worksheet).
    pub sheet: &'a str,
    pub codes: &'static Codes,
    pub columns: &'a [Column],
    /// The template header of another spelling of it a file may use (see [`exact`]).
    pub aliases: fn(&str) -> Option<&'static str>,
}

/// A template's headers are written as the template writes them, with no other spelling.
pub(crate) fn exact(_: &str) -> Option<&'static str> {
    None
}

/// Reads a template held in memory and validates each row with `each`, which reports its
/// problems and returns the record when the row is valid. Header problems (missing required
/// columns, duplicates) and an empty table stop before the rows. `progress(done, total)` counts
/// rows.
pub(crate) fn read_rows<T>(
    bytes: &[u8],
    file: &str,
    template: &Template<'_>,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
    mut each: impl FnMut(&Table, &Row, &mut Vec<Issue>) -> Option<T>,
) -> Result<Checked<T>, ImportFailure> {
    let mut table =
        read_with(bytes, file, template.sheet, template.codes, limits).map_err(|issue| {
            ImportFailure {
                issues: vec![*issue],
                warnings: Vec::new(),
            }
        })?;
    table.rename(template.aliases);
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    let known: Vec<(&str, bool)> = template
        .columns
        .iter()
        .map(|c| (c.header, c.required))
        .collect();
    table.check_header(&known, |_| false, &mut issues, &mut warnings);
    for w in &mut warnings {
        if w.code == template.codes.unknown_column
            && w.column.as_deref().is_some_and(|c| c.contains("身份证"))
        {
            w.message = "不是模板中的列，已忽略；请不要上传身份证号，删除该列后再导入".into();
        }
    }
    table.require_rows(&mut issues);
    if !issues.is_empty() {
        return Err(ImportFailure { issues, warnings });
    }
    let total = table.rows.len() as u64;
    let mut rows = Vec::with_capacity(table.rows.len());
    for (k, row) in table.rows.iter().enumerate() {
        if k % PROGRESS_EVERY == 0 && k > 0 {
            progress(k as u64, total);
        }
        if let Some(record) = each(&table, row, &mut issues) {
            rows.push((row.line, record));
        }
    }
    progress(total, total);
    Ok(Checked {
        table,
        rows,
        issues,
        warnings,
    })
}

/// What [`unique`] gives: the rows' numbers, the place read, the records, the warnings.
pub(crate) type Unique<T> = (Vec<usize>, crate::school::issue::Place, Vec<T>, Vec<Issue>);

/// Refuses a record listed twice (by `key`; `code` on the later row, in `column`, naming the
/// earlier), then the records with their row numbers, or every problem.
pub(crate) fn unique<T, K: std::hash::Hash + Eq>(
    mut checked: Checked<T>,
    code: &'static str,
    column: &str,
    key: impl Fn(&T) -> K,
) -> Result<Unique<T>, ImportFailure> {
    let mut seen: std::collections::HashMap<K, usize> = std::collections::HashMap::new();
    let mut duplicates = Vec::new();
    for (line, r) in &checked.rows {
        let first = *seen.entry(key(r)).or_insert(*line);
        if first != *line {
            duplicates.push((*line, first));
        }
    }
    for (line, first) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                code,
                Some(line),
                Some(column),
                None,
                format!("与第 {first} 行重复；同一条记录只填一行"),
            )
        });
    }
    let rows = checked.rows.iter().map(|(line, _)| *line).collect();
    let place = checked.table.place.clone();
    let (list, warnings) = checked.finish()?;
    Ok((rows, place, list, warnings))
}
