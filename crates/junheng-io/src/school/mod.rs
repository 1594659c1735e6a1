//! The school statistics template (学校基本情况表, templates.md §1): import from .csv, .xlsx,
//! .xlsm, .xls and .ods, and export to CSV and .xlsx.
//!
//! Import validates everything before returning and reports every problem at once, each located
//! as the user sees it (file, sheet, row, column, value) with a stable code (see [`codes`]).
//!
//! ```
//! use junheng_io::school::{read_bytes, write_csv};
//! let csv = "学年,学校标识码,学校名称,办学类型,小学在校生数\n2024,5001120001,实验小学,小学,812\n";
//! let imported = read_bytes(csv.as_bytes(), "学校.csv").unwrap();
//! assert_eq!(imported.records[0].primary.students, 812);
//! let mut out = Vec::new();
//! write_csv(&imported.records, &mut out).unwrap();
//! assert_eq!(read_bytes(&out, "again.csv").unwrap().records, imported.records);
//! ```

pub(crate) mod cell;
mod columns;
mod cross;
pub(crate) mod csv;
mod header;
pub(crate) mod issue;
pub(crate) mod sheet;
mod validate;
mod write;

use std::path::Path;

use junheng_core::school::SchoolRecord;

use crate::limits::{InputError, Limits};

pub use columns::{COLUMNS, Column};
pub use issue::{DISPLAY_LIMIT, ImportFailure, Issue, codes};
pub use write::{fields, write_csv, write_xlsx, write_xlsx_bytes};

use issue::Place;
use sheet::Workbook;

/// Result of a successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The schools, in file order.
    pub records: Vec<SchoolRecord>,
    /// Things worth telling that did not stop the import (unknown columns, missing optional
    /// columns taken as 0 …).
    pub warnings: Vec<Issue>,
}

/// File formats, decided by the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Workbook(Workbook),
}

impl Format {
    /// The format of a file name (case-insensitive extension).
    pub(crate) fn of(file_name: &str) -> Option<Format> {
        let (_, ext) = file_name.rsplit_once('.')?;
        Some(match ext.to_ascii_lowercase().as_str() {
            "csv" => Format::Csv,
            "xlsx" | "xlsm" => Format::Workbook(Workbook::Xlsx),
            "xls" => Format::Workbook(Workbook::Xls),
            "ods" => Format::Workbook(Workbook::Ods),
            _ => return None,
        })
    }
}

fn unsupported(place: &Place) -> ImportFailure {
    place.fail(
        codes::UNSUPPORTED_FORMAT,
        "不支持这种文件格式；请使用 .xlsx、.xlsm、.xls、.ods 或 .csv 文件".to_owned(),
    )
}

/// Imports the template from a file; the format comes from the extension (.csv .xlsx .xlsm .xls
/// .ods, case-insensitive). The file is read into memory once, within [`Limits::default`]
/// (see [`read_path_with`]).
///
/// `progress(done, total)` is called now and then (every few thousand rows, and at the end):
/// in bytes for CSV, in rows for spreadsheets.
pub fn read_path(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    read_path_with(path, &Limits::default(), progress)
}

/// [`read_path`] within the given limits: a file over `limits.max_input_bytes` is refused
/// ([`codes::FILE_TOO_LARGE`]) without being read further.
pub fn read_path_with(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let place = Place {
        file: file_name(path),
        sheet: None,
    };
    let Some(format) = Format::of(&place.file) else {
        return Err(unsupported(&place));
    };
    let bytes = read_file(path, &place, &READ_CODES, limits)?;
    read_format(&bytes, format, place, limits, progress)
}

/// The codes of reading a file: unreadable, and too large.
pub(crate) struct ReadCodes {
    pub unreadable: &'static str,
    pub too_large: &'static str,
}

const READ_CODES: ReadCodes = ReadCodes {
    unreadable: codes::FILE_UNREADABLE,
    too_large: codes::FILE_TOO_LARGE,
};

/// A file's name as issues show it (cut to a readable length).
pub(crate) fn file_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::guard::shown(&name)
}

/// Reads a file into memory within `limits.max_input_bytes`; one issue (at `place`) when it
/// cannot be read or is too large.
pub(crate) fn read_file(
    path: &Path,
    place: &Place,
    codes: &ReadCodes,
    limits: &Limits,
) -> Result<Vec<u8>, ImportFailure> {
    crate::limits::read_input(path, limits).map_err(|e| {
        let code = match e {
            InputError::Io(_) => codes.unreadable,
            InputError::TooLarge { .. } => codes.too_large,
        };
        place.fail(code, e.to_string())
    })
}

/// Imports the template from bytes in memory (an upload) within [`Limits::default`]; the format
/// comes from `file_name`'s extension, which issues also name.
pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<Imported, ImportFailure> {
    read_bytes_with(bytes, file_name, &Limits::default())
}

/// [`read_bytes`] within the given limits.
pub fn read_bytes_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<Imported, ImportFailure> {
    let place = Place {
        file: crate::guard::shown(file_name),
        sheet: None,
    };
    let Some(format) = Format::of(file_name) else {
        return Err(unsupported(&place));
    };
    read_format(bytes, format, place, limits, &mut |_, _| {})
}

fn read_format(
    bytes: &[u8],
    format: Format,
    place: Place,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    if bytes.len() as u64 > limits.max_input_bytes {
        let message = InputError::TooLarge {
            limit: limits.max_input_bytes,
        }
        .to_string();
        return Err(place.fail(codes::FILE_TOO_LARGE, message));
    }
    match format {
        Format::Csv => csv::read(bytes, place, limits, progress),
        Format::Workbook(w) => sheet::read(bytes, w, &place.file, limits, progress),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension_whatever_its_case() {
        assert_eq!(Format::of("a.CSV"), Some(Format::Csv));
        assert_eq!(
            Format::of("学校.Xlsx"),
            Some(Format::Workbook(Workbook::Xlsx))
        );
        assert_eq!(Format::of("b.xlsm"), Some(Format::Workbook(Workbook::Xlsx)));
        assert_eq!(Format::of("c.XLS"), Some(Format::Workbook(Workbook::Xls)));
        assert_eq!(Format::of("d.ods"), Some(Format::Workbook(Workbook::Ods)));
        assert_eq!(Format::of("e.txt"), None);
        assert_eq!(Format::of("csv"), None);
    }
}
