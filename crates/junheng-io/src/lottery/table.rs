//! A lottery table (学区, 学位计划, 报名) read from CSV or a workbook into owned cells, with the
//! header row mapped to column names. Reuses the school importer's cell rules (trimming, error
//! literals, number parsing) and its CSV delimiter sniffing.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx, open_workbook_from_rs};
use csv::ReaderBuilder;

use super::codes;
use crate::school::Issue;
use crate::school::cell::{Cell, as_whole, format_number, parse_number, trim};
use crate::school::issue::Place;
use crate::school::sheet::Workbook;

/// One cell, owned, independent of the file format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Empty,
    Text(String),
    Number(f64),
    Error(String),
    /// Dates, booleans …: what it is and how it shows.
    Other(&'static str, String),
}

impl Value {
    fn of(cell: Cell<'_>) -> Value {
        match cell {
            Cell::Empty => Value::Empty,
            Cell::Text(t) => Value::Text(t.to_owned()),
            Cell::Number(v) => Value::Number(v),
            Cell::Error(e) => Value::Error(e.into_owned()),
            Cell::Undecodable(t) => Value::Other("无法识别的文字", t),
            Cell::Other(what, shown) => Value::Other(what, shown.into_owned()),
        }
    }

    /// How the cell shows, for messages.
    pub fn shown(&self) -> Option<String> {
        match self {
            Value::Empty => None,
            Value::Text(t) | Value::Error(t) | Value::Other(_, t) => Some(t.clone()),
            Value::Number(v) => Some(format_number(*v)),
        }
    }
}

/// A data row: its number as the user sees it and its cells by file column.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<Value>,
}

/// A table as read: where it is, its header and its non-blank rows.
#[derive(Debug)]
pub(crate) struct Table {
    pub place: Place,
    pub header_row: usize,
    /// Trimmed header of each file column (`None` when blank).
    pub headers: Vec<Option<String>>,
    pub rows: Vec<Row>,
}

const EMPTY: Value = Value::Empty;

impl Table {
    /// The file column holding `header`, if any.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.as_deref() == Some(header))
    }

    /// The cell of a row at a file column (`Empty` for absent columns).
    pub fn cell(row: &Row, column: Option<usize>) -> &Value {
        column.and_then(|j| row.cells.get(j)).unwrap_or(&EMPTY)
    }

    /// An issue located at a row and column of this table.
    pub fn issue(
        &self,
        code: &'static str,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<String>,
        message: String,
    ) -> Issue {
        self.place.issue(code, row, column, value, message)
    }

    /// Checks the header against the known columns: duplicates and missing required columns are
    /// errors, unknown headers warnings. `pattern` accepts further headers (志愿1, 志愿2 …).
    pub fn check_header(
        &self,
        known: &[(&str, bool)],
        pattern: impl Fn(&str) -> bool,
        issues: &mut Vec<Issue>,
        warnings: &mut Vec<Issue>,
    ) {
        for (j, h) in self.headers.iter().enumerate() {
            let Some(h) = h else { continue };
            if let Some(first) = self.headers[..j].iter().position(|o| o.as_ref() == Some(h)) {
                issues.push(self.issue(
                    codes::DUPLICATE_COLUMN,
                    Some(self.header_row),
                    Some(h),
                    None,
                    format!(
                        "表头「{h}」出现了两次（第 {} 列和第 {} 列），每列只能出现一次",
                        first + 1,
                        j + 1
                    ),
                ));
            } else if !known.iter().any(|(k, _)| k == h) && !pattern(h) {
                warnings.push(self.issue(
                    codes::UNKNOWN_COLUMN,
                    Some(self.header_row),
                    Some(h),
                    None,
                    format!("「{h}」不是模板中的列，已忽略"),
                ));
            }
        }
        for (name, required) in known {
            if *required && self.column(name).is_none() {
                issues.push(self.issue(
                    codes::REQUIRED_COLUMN_MISSING,
                    None,
                    Some(name),
                    None,
                    format!("缺少必填列「{name}」；表头须位于第一行，且与模板列名完全一致"),
                ));
            }
        }
    }

    /// A text cell: codes typed as whole numbers are taken as their digits. Empty cells give
    /// `None` and, when `required`, an issue.
    pub fn text(
        &self,
        row: &Row,
        header: &str,
        required: bool,
        issues: &mut Vec<Issue>,
    ) -> Option<String> {
        let value = Self::cell(row, self.column(header));
        let at = |code, message: String| {
            self.issue(code, Some(row.line), Some(header), value.shown(), message)
        };
        match value {
            Value::Empty => {
                if required {
                    issues.push(at(
                        codes::REQUIRED_CELL_EMPTY,
                        format!("「{header}」不能为空"),
                    ));
                }
                None
            }
            Value::Text(t) if t.chars().any(char::is_control) => {
                issues.push(at(
                    codes::CONTROL_CHARACTER,
                    "含有换行、制表符等控制字符，应只含可见字符".into(),
                ));
                None
            }
            Value::Text(t) => Some(t.clone()),
            Value::Number(v) if as_whole(*v).is_some_and(|w| w.abs() < 1e15) => {
                Some(format_number(*v))
            }
            Value::Number(_) => {
                issues.push(at(
                    codes::NOT_TEXT,
                    "被转成了小数或科学计数法的数字，应为文本（请将该列设为文本格式后重新填写）"
                        .into(),
                ));
                None
            }
            Value::Error(_) => {
                issues.push(at(codes::EXCEL_ERROR_CELL, "是表格错误值，应为文本".into()));
                None
            }
            Value::Other(what, _) => {
                issues.push(at(codes::NOT_TEXT, format!("是{what}，应为文本")));
                None
            }
        }
    }

    /// A whole number ≥ `min` (and < 2³²). Empty cells give `None` and, when `required`, an issue.
    pub fn count(
        &self,
        row: &Row,
        header: &str,
        required: bool,
        min: u32,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Option<u32> {
        let value = Self::cell(row, self.column(header));
        let number = match value {
            Value::Empty => {
                if required {
                    issues.push(self.issue(
                        codes::REQUIRED_CELL_EMPTY,
                        Some(row.line),
                        Some(header),
                        None,
                        format!("「{header}」不能为空，应为不小于 {min} 的整数"),
                    ));
                }
                return None;
            }
            Value::Number(v) => Some(*v),
            Value::Text(t) => parse_number(t),
            _ => None,
        };
        let whole = number
            .filter(|v| v.is_finite())
            .and_then(as_whole)
            .filter(|v| *v >= f64::from(min) && *v <= f64::from(u32::MAX));
        if whole.is_none() {
            issues.push(self.issue(
                code,
                Some(row.line),
                Some(header),
                value.shown(),
                format!("应为不小于 {min} 的整数"),
            ));
        }
        whole.map(|v| v as u32)
    }
}

/// Reads a table from a file held in memory; the format comes from the name's extension. In a
/// workbook the sheet named `sheet_name` is read, else the first visible worksheet.
pub(crate) fn read(bytes: &[u8], file: &str, sheet_name: &str) -> Result<Table, Box<Issue>> {
    let place = Place {
        file: file.to_owned(),
        sheet: None,
    };
    match crate::school::Format::of(file) {
        Some(crate::school::Format::Csv) => read_csv(bytes, place),
        Some(crate::school::Format::Workbook(w)) => {
            let cursor = Cursor::new(bytes);
            match w {
                Workbook::Xlsx => read_book::<Xlsx<_>>(cursor, place, sheet_name),
                Workbook::Xls => read_book::<Xls<_>>(cursor, place, sheet_name),
                Workbook::Ods => read_book::<Ods<_>>(cursor, place, sheet_name),
            }
        }
        None => Err(place
            .file_issue(
                codes::UNSUPPORTED_FORMAT,
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

fn empty(place: &Place, code: &'static str) -> Issue {
    place.file_issue(
        code,
        "表格是空的：第一行应为表头（见 `junheng lottery template`），其后每行一条记录".into(),
    )
}

fn read_csv(bytes: &[u8], place: Place) -> Result<Table, Box<Issue>> {
    let Some(text) = decode(bytes) else {
        return Err(place
            .file_issue(
                codes::ENCODING_INVALID,
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
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            place.file_issue(
                codes::FILE_UNREADABLE,
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
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push(Row { line, cells });
    }
    table(rows, place, codes::FILE_EMPTY)
}

fn table(mut rows: Vec<Row>, place: Place, if_empty: &'static str) -> Result<Table, Box<Issue>> {
    if rows.is_empty() {
        return Err(empty(&place, if_empty).into());
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
        header_row: header.line,
        headers,
        rows,
    })
}

fn read_book<'b, R>(
    cursor: Cursor<&'b [u8]>,
    mut place: Place,
    wanted: &str,
) -> Result<Table, Box<Issue>>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: Display,
{
    let mut book: R = open_workbook_from_rs(cursor).map_err(|e| {
        place.file_issue(
            codes::FILE_UNREADABLE,
            format!("无法打开工作簿（{e}）；请确认文件没有损坏、没有加密，且扩展名与实际格式一致"),
        )
    })?;
    let (chosen, _, _) = crate::school::sheet::sheet_to_read(&book, wanted);
    let Some(name) = chosen else {
        return Err(place
            .file_issue(
                codes::SHEET_MISSING,
                format!("工作簿中没有工作表；数据应放在名为「{wanted}」的工作表或第一个工作表中"),
            )
            .into());
    };
    place.sheet = Some(name.clone());
    let range: Range<Data> = book
        .worksheet_range(&name)
        .map_err(|e| place.file_issue(codes::FILE_UNREADABLE, format!("无法读取工作表（{e}）")))?;
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
    table(rows, place, codes::SHEET_EMPTY)
}

/// A spreadsheet cell as a template cell (as the school importer reads it).
fn sheet_cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Float(v) => Cell::Number(*v),
        Data::Int(v) => Cell::Number(*v as f64),
        Data::Bool(b) => Cell::Other("逻辑值", Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(d) => Cell::Other("日期或时间", Cow::Owned(d.to_string())),
        Data::DateTimeIso(s) => Cell::Other("日期或时间", Cow::Borrowed(s)),
        Data::DurationIso(s) => Cell::Other("时长", Cow::Borrowed(s)),
        Data::Error(e) => Cell::Error(Cow::Owned(e.to_string())),
    }
}
