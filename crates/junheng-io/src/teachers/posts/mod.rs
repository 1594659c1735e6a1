//! The files of `posts` (资格证, 编制): the 教师资格证 file ([`certificates`]) and the 编制 file
//! ([`staffing`]), each read from .xlsx, .xlsm, .xls, .ods or .csv (the shared table reader) with
//! every problem located (file, sheet, row, column, value, what is expected) under a stable
//! code, nothing returned when anything is wrong, and its template. The school year is chosen at
//! import, not in the file.

pub mod certificates;
pub mod staffing;
#[cfg(test)]
mod tests;

pub use crate::school::{ImportFailure, Issue};

/// The place of a file's issues found by the use-case layer (a teacher not in the roster …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlace {
    /// The file's name.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
}

impl FilePlace {
    /// An issue of this file at a row and column.
    pub fn issue(
        &self,
        code: &'static str,
        row: usize,
        column: &str,
        value: Option<String>,
        message: String,
    ) -> Issue {
        crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        }
        .issue(code, Some(row), Some(column), value, message)
    }
}

/// A whole number 0 to `max` in a required cell; `code` when outside.
pub(crate) fn bounded(
    t: &crate::table::Table,
    row: &crate::table::Row,
    header: &str,
    max: u32,
    not_integer: &'static str,
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> Option<u32> {
    let what = || format!("0 至 {max} 之间的整数");
    let v = t.whole(row, header, true, what, not_integer, issues)?;
    let ok = u32::try_from(v).ok().filter(|v| *v <= max);
    if ok.is_none() {
        t.push(issues, || {
            t.issue(
                code,
                Some(row.line),
                Some(header),
                crate::table::Table::cell(row, t.column(header)).shown(),
                format!("{header}应为{}", what()),
            )
        });
    }
    ok
}
