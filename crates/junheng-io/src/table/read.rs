//! Reading a table's file: CSV (UTF-8 with or without BOM, UTF-16 with BOM, GB18030; see
//! [`crate::encoding`]) or a workbook (.xlsx/.xlsm, .xls, .ods; see [`crate::book`]), into owned
//! cells, within the [`Limits`]: the file's size, the header's width, each cell's length, the
//! rows, the cells and the text kept. Cells right of the header are counted, not kept.

use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use super::{Codes, Row, Table, Value};
use crate::book::{BookCodes, Grid};
use crate::guard::{Refusal, shown};
use crate::limits::{Limits, size};
use crate::school::cell::{Cell, trim};
use crate::school::issue::Place;
use crate::school::sheet::Workbook;
use crate::school::{ImportFailure, Issue, ReadCodes};

/// Reads a file into memory within `limits.max_input_bytes`: its bytes and its name (as issues
/// show it).
pub(crate) fn load(
    path: &Path,
    codes: &Codes,
    limits: &Limits,
) -> Result<(Vec<u8>, String), ImportFailure> {
    let place = Place {
        file: crate::school::file_name(path),
        sheet: None,
    };
    let read = ReadCodes {
        unreadable: codes.file_unreadable,
        too_large: codes.limits.file_too_large,
    };
    let bytes = crate::school::read_file(path, &place, &read, limits)?;
    Ok((bytes, place.file))
}

/// Reads a table from a file held in memory within [`Limits::default`]; the format comes from
/// the name's extension. In a workbook the sheet named `sheet_name` is read, else the first
/// visible worksheet.
pub(crate) fn read(
    bytes: &[u8],
    file: &str,
    sheet_name: &str,
    codes: &'static Codes,
) -> Result<Table, Box<Issue>> {
    read_with(bytes, file, sheet_name, codes, &Limits::default())
}

/// [`read`] within the given limits.
pub(crate) fn read_with(
    bytes: &[u8],
    file: &str,
    sheet_name: &str,
    codes: &'static Codes,
    limits: &Limits,
) -> Result<Table, Box<Issue>> {
    let mut place = Place {
        file: shown(file),
        sheet: None,
    };
    let refused = |r: Refusal, place: &Place| {
        Box::new(r.issue(place, &codes.limits, codes.file_unreadable, limits))
    };
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(refused(Refusal::FileTooLarge, &place));
    }
    match crate::school::Format::of(file) {
        Some(crate::school::Format::Csv) => {
            read_csv(bytes, &place, codes, limits).map_err(|e| match e {
                Stop::Issue(issue) => issue,
                Stop::Refused(r) => refused(r, &place),
            })
        }
        Some(crate::school::Format::Workbook(w)) => {
            read_book(bytes, w, &mut place, sheet_name, codes, limits)
        }
        None => Err(place
            .file_issue(
                codes.unsupported_format,
                "不支持这种文件格式；请使用 .xlsx、.xlsm、.xls、.ods 或 .csv 文件".into(),
            )
            .into()),
    }
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

/// Why reading a CSV table stopped.
enum Stop {
    Issue(Box<Issue>),
    Refused(Refusal),
}

/// The running totals of the cells kept.
struct Kept<'l> {
    limits: &'l Limits,
    cells: usize,
    text: u64,
    outside: usize,
}

impl Kept<'_> {
    /// Keeps a row's values up to its last non-empty one within `width` columns.
    fn row(
        &mut self,
        values: impl Iterator<Item = Value>,
        width: usize,
    ) -> Result<Vec<Value>, Refusal> {
        let mut cells = Vec::new();
        for (j, value) in values.enumerate() {
            if value == Value::Empty {
                continue;
            }
            if j >= width {
                self.outside += 1;
                continue;
            }
            self.cells += 1;
            self.text += value.shown().map_or(0, |t| t.len() as u64);
            if self.cells > self.limits.max_cells {
                return Err(Refusal::SheetTooLarge {
                    sheet: None,
                    what: format!("非空单元格超过 {} 个的上限", self.limits.max_cells),
                });
            }
            if self.text > self.limits.max_text_bytes {
                return Err(Refusal::SheetTooLarge {
                    sheet: None,
                    what: format!("文字超过 {} 的上限", size(self.limits.max_text_bytes)),
                });
            }
            cells.resize(j, Value::Empty);
            cells.push(value);
        }
        Ok(cells)
    }
}

fn read_csv(
    bytes: &[u8],
    place: &Place,
    codes: &'static Codes,
    limits: &Limits,
) -> Result<Table, Stop> {
    let text = crate::encoding::decode(bytes).map_err(|bad| {
        Stop::Issue(Box::new(crate::encoding::issue(
            bytes,
            &bad,
            place,
            codes.encoding_invalid,
        )))
    })?;
    let text = text.as_bytes();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(crate::school::csv::sniff_delimiter(text))
        .from_reader(text);
    let mut lines = crate::school::csv::LineCounter::new(text);
    let mut kept = Kept {
        limits,
        cells: 0,
        text: 0,
        outside: 0,
    };
    let mut header: Option<(usize, Vec<Option<String>>)> = None;
    let mut rows = Vec::new();
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Stop::Issue(Box::new(place.file_issue(
                    codes.file_unreadable,
                    format!("无法读取 CSV 文件：{e}；请用 Excel 或 WPS 另存为 CSV"),
                ))));
            }
        }
        // The text was decoded: every field is UTF-8.
        fn cell(f: &[u8]) -> Cell<'_> {
            Cell::from_text(std::str::from_utf8(f).unwrap_or_default())
        }
        let field = |f: &[u8]| Value::of(cell(f));
        if record.iter().all(|f| cell(f) == Cell::Empty) {
            continue;
        }
        let line = lines.line_of(&record);
        let cell_long = crate::school::csv::too_long_field(&record, limits.max_cell_chars);
        let Some((_, headers)) = &header else {
            if record.len() > limits.max_columns {
                return Err(Stop::Refused(Refusal::TooManyColumns {
                    sheet: None,
                    row: line,
                    columns: record.len(),
                }));
            }
            if let Some(j) = cell_long {
                return Err(Stop::Refused(too_long(line, format!("第 {} 列", j + 1))));
            }
            let names = record.iter().map(|f| header_name(&field(f))).collect();
            header = Some((line, names));
            continue;
        };
        if let Some(j) = cell_long.filter(|&j| j < headers.len()) {
            let name = headers[j]
                .clone()
                .unwrap_or_else(|| format!("第 {} 列", j + 1));
            return Err(Stop::Refused(too_long(line, name)));
        }
        if rows.len() >= limits.max_rows {
            return Err(Stop::Refused(Refusal::TooManyRows { sheet: None }));
        }
        let cells = kept
            .row(record.iter().map(field), headers.len())
            .map_err(Stop::Refused)?;
        rows.push(Row { line, cells });
    }
    let Some((header_row, headers)) = header else {
        return Err(Stop::Issue(Box::new(empty(place, codes.file_empty, codes))));
    };
    let mut warnings = Vec::new();
    if kept.outside > 0 {
        warnings.push(outside(place, codes, kept.outside));
    }
    Ok(Table::new(
        place.clone(),
        codes,
        warnings,
        header_row,
        headers,
        rows,
        limits,
    ))
}

fn too_long(line: usize, column: String) -> Refusal {
    Refusal::CellTooLong {
        sheet: None,
        row: Some(line),
        column: Some(column),
        part: None,
    }
}

fn outside(place: &Place, codes: &Codes, n: usize) -> Issue {
    place.file_issue(
        codes.limits.cells_outside_header,
        format!("有 {n} 个单元格位于表头最后一列的右侧，已忽略"),
    )
}

/// A header cell's trimmed text (`None` when blank).
fn header_name(value: &Value) -> Option<String> {
    value
        .shown()
        .map(|t| trim(&t).to_owned())
        .filter(|t| !t.is_empty())
}

fn read_book(
    bytes: &[u8],
    format: Workbook,
    place: &mut Place,
    wanted: &str,
    codes: &'static Codes,
    limits: &Limits,
) -> Result<Table, Box<Issue>> {
    let book = BookCodes {
        file_unreadable: codes.file_unreadable,
        sheet_missing: codes.sheet_missing,
        sheet_not_named: codes.sheet_not_named,
        limits: &codes.limits,
    };
    let (grid, warnings) = crate::book::open(bytes, format, place, wanted, &book, limits)?;
    table_of(&grid, place.clone(), codes, warnings, limits)
}

/// The table of a sheet's grid: its first row is the header.
fn table_of(
    grid: &Grid,
    place: Place,
    codes: &'static Codes,
    warnings: Vec<Issue>,
    limits: &Limits,
) -> Result<Table, Box<Issue>> {
    let Some((header, rows)) = grid.rows.split_first() else {
        return Err(Box::new(empty(&place, codes.sheet_empty, codes)));
    };
    let headers = (0..grid.width)
        .map(|j| header_name(&Value::of(grid.cell_at(header, j))))
        .collect();
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = Vec::new();
            for (j, cell) in grid.cells(r) {
                cells.resize(j, Value::Empty);
                cells.push(Value::of(cell));
            }
            Row {
                line: r.line,
                cells,
            }
        })
        .collect();
    Ok(Table::new(
        place,
        codes,
        warnings,
        header.line,
        headers,
        rows,
        limits,
    ))
}
