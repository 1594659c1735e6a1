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

pub use columns::{COLUMNS, Column};
pub use issue::{DISPLAY_LIMIT, ImportFailure, Issue, codes};
pub use write::{write_csv, write_xlsx};

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
/// .ods, case-insensitive). The file is read into memory once.
///
/// `progress(done, total)` is called now and then (every few thousand rows, and at the end):
/// in bytes for CSV, in rows for spreadsheets.
pub fn read_path(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let place = Place {
        file: file_name(path),
        sheet: None,
    };
    let Some(format) = Format::of(&place.file) else {
        return Err(unsupported(&place));
    };
    let bytes = read_file(path, &place, codes::FILE_UNREADABLE)?;
    read_format(&bytes, format, place, progress)
}

/// A file's name as issues show it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads a file into memory; `code` (at `place`) when it cannot be read.
pub(crate) fn read_file(
    path: &Path,
    place: &Place,
    code: &'static str,
) -> Result<Vec<u8>, ImportFailure> {
    std::fs::read(path).map_err(|e| {
        place.fail(
            code,
            format!("无法读取文件（{e}）；请确认文件存在且有读取权限"),
        )
    })
}

/// Imports the template from bytes in memory (an upload); the format comes from `file_name`'s
/// extension, which issues also name.
pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<Imported, ImportFailure> {
    let place = Place {
        file: file_name.to_owned(),
        sheet: None,
    };
    let Some(format) = Format::of(file_name) else {
        return Err(unsupported(&place));
    };
    read_format(bytes, format, place, &mut |_, _| {})
}

fn read_format(
    bytes: &[u8],
    format: Format,
    place: Place,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    match format {
        Format::Csv => csv::read(bytes, place, progress),
        Format::Workbook(w) => sheet::read(bytes, w, &place.file, progress),
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
