//! Reading a table's file: CSV (UTF-8 with or without BOM, UTF-16 with BOM, GB18030) or a
//! workbook (.xlsx/.xlsm, .xls, .ods), into owned cells.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::Cursor;
use std::path::Path;

use calamine::{Ods, Reader, Xls, Xlsx};
use csv::ReaderBuilder;

use super::{Codes, Row, Table, Value};
use crate::school::cell::{Cell, trim};
use crate::school::issue::Place;
use crate::school::sheet::{OpenCodes, Workbook, open_sheet, sheet_cell};
use crate::school::{ImportFailure, Issue};

/// Reads a file into memory: its bytes and its name (as issues show it).
pub(crate) fn load(path: &Path, codes: &Codes) -> Result<(Vec<u8>, String), ImportFailure> {
    let place = Place {
        file: crate::school::file_name(path),
        sheet: None,
    };
    let bytes = crate::school::read_file(path, &place, codes.file_unreadable)?;
    Ok((bytes, place.file))
}

/// Reads a table from a file held in memory; the format comes from the name's extension. In a
/// workbook the sheet named `sheet_name` is read, else the first visible worksheet.
pub(crate) fn read(
    bytes: &[u8],
    file: &str,
    sheet_name: &str,
    codes: &'static Codes,
) -> Result<Table, Box<Issue>> {
    let place = Place {
        file: file.to_owned(),
        sheet: None,
    };
    match crate::school::Format::of(file) {
        Some(crate::school::Format::Csv) => read_csv(bytes, place, codes),
        Some(crate::school::Format::Workbook(w)) => {
            let cursor = Cursor::new(bytes);
            match w {
                Workbook::Xlsx => read_book::<Xlsx<_>>(cursor, place, sheet_name, codes),
                Workbook::Xls => read_book::<Xls<_>>(cursor, place, sheet_name, codes),
                Workbook::Ods => read_book::<Ods<_>>(cursor, place, sheet_name, codes),
            }
        }
        None => Err(place
            .file_issue(
                codes.unsupported_format,
                "不支持这种文件格式；请使用 .xlsx、.xlsm、.xls、.ods 或 .csv 文件".into(),
            )
            .into()),
    }
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030.
fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(Cow::Borrowed);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode_without_bom_handling_and_without_replacement(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode_without_bom_handling_and_without_replacement(rest);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Cow::Borrowed(text));
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
}

fn empty(place: &Place, code: &'static str, codes: &Codes) -> Issue {
    place.file_issue(
        code,
        format!(
            "表格是空的：第一行应为表头（见{}），其后每行一条记录",
            codes.template
        ),
    )
}

fn read_csv(bytes: &[u8], place: Place, codes: &'static Codes) -> Result<Table, Box<Issue>> {
    let Some(text) = decode(bytes) else {
        return Err(place
            .file_issue(
                codes.encoding_invalid,
                "文件既不是 UTF-8 也不是 GB18030（GBK）编码；请用 Excel 或 WPS 另存为「CSV UTF-8」"
                    .into(),
            )
            .into());
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(crate::school::csv::sniff_delimiter(text.as_bytes()))
        .from_reader(text.as_bytes());
    let mut lines = crate::school::csv::LineCounter::new(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            place.file_issue(
                codes.file_unreadable,
                format!("无法读取 CSV 文件：{e}；请用 Excel 或 WPS 另存为 CSV"),
            )
        })?;
        let cells: Vec<Value> = record
            .iter()
            .map(|f| Value::of(Cell::from_text(f)))
            .collect();
        if cells.iter().all(|c| *c == Value::Empty) {
            continue;
        }
        let line = lines.line_of(record.as_byte_record());
        rows.push(Row { line, cells });
    }
    table(rows, place, codes, codes.file_empty, Vec::new())
}

fn table(
    mut rows: Vec<Row>,
    place: Place,
    codes: &'static Codes,
    if_empty: &'static str,
    warnings: Vec<Issue>,
) -> Result<Table, Box<Issue>> {
    if rows.is_empty() {
        return Err(empty(&place, if_empty, codes).into());
    }
    let header = rows.remove(0);
    let headers = header
        .cells
        .iter()
        .map(|c| {
            c.shown()
                .map(|t| trim(&t).to_owned())
                .filter(|t| !t.is_empty())
        })
        .collect();
    Ok(Table {
        place,
        codes,
        warnings,
        header_row: header.line,
        headers,
        rows,
    })
}

fn read_book<'b, R>(
    cursor: Cursor<&'b [u8]>,
    mut place: Place,
    wanted: &str,
    codes: &'static Codes,
) -> Result<Table, Box<Issue>>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: Display,
{
    let open = OpenCodes {
        file_unreadable: codes.file_unreadable,
        sheet_missing: codes.sheet_missing,
        sheet_not_named: codes.sheet_not_named,
    };
    let (range, warning) = open_sheet::<R>(cursor, &mut place, wanted, &open, "")?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let rows = range
        .rows()
        .enumerate()
        .filter_map(|(k, r)| {
            let mut cells = vec![Value::Empty; first_col];
            cells.extend(r.iter().map(|d| Value::of(sheet_cell(d))));
            (!cells.iter().all(|c| *c == Value::Empty)).then_some(Row {
                line: first_row + k + 1,
                cells,
            })
        })
        .collect();
    table(
        rows,
        place,
        codes,
        codes.sheet_empty,
        warning.into_iter().collect(),
    )
}
