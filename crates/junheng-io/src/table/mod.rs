//! A table (lottery tables, the teacher roster, the rotation ledger) read from CSV or a workbook
//! into owned cells, with the header row mapped to column names. Reuses the school importer's
//! cell rules (trimming, error literals, number parsing) and its CSV delimiter sniffing.
//!
//! Each template names its own stable issue codes in a [`Codes`] (declared with `table_codes!`);
//! the cell readers here report with them, located as the user sees it (file, sheet, row, column,
//! value).

pub(crate) mod date;
pub(crate) mod fields;
mod read;
pub(crate) mod rows;
pub(crate) mod write;

use std::collections::HashMap;

use crate::guard::shown;
use crate::limits::Limits;
use crate::school::Issue;
use crate::school::cell::{Cell, as_whole, format_number, parse_number};
use crate::school::issue::Place;

pub(crate) use read::{load, read, read_with};

/// The issue codes a template's tables report with (its own prefix: `lottery.`, `roster.` …).
#[derive(Debug)]
pub(crate) struct Codes {
    /// The file could not be read.
    pub file_unreadable: &'static str,
    /// The extension is not .csv .xlsx .xlsm .xls .ods.
    pub unsupported_format: &'static str,
    /// A CSV file is neither UTF-8, UTF-16 with BOM nor GB18030.
    pub encoding_invalid: &'static str,
    /// A CSV file without any content.
    pub file_empty: &'static str,
    /// A workbook without worksheets.
    pub sheet_missing: &'static str,
    /// The worksheet read has no cells.
    pub sheet_empty: &'static str,
    /// Warning when no sheet has the template's name and another of several was read (`None`:
    /// no warning).
    pub sheet_not_named: Option<&'static str>,
    /// A header but no data row.
    pub no_data_rows: &'static str,
    /// A required column is missing.
    pub required_column_missing: &'static str,
    /// A header appears twice.
    pub duplicate_column: &'static str,
    /// Warning: a header that is not in the template (ignored).
    pub unknown_column: &'static str,
    /// A required cell is empty.
    pub required_cell_empty: &'static str,
    /// A text cell holds a fraction, a date, a boolean …
    pub not_text: &'static str,
    /// A spreadsheet error value (#N/A …).
    pub excel_error_cell: &'static str,
    /// Text with a line break, tab or other control character.
    pub control_character: &'static str,
    /// Where to get the template, for the message of an empty file (「见 …」).
    pub template: &'static str,
    /// The codes of going past a [`crate::Limits`] cap.
    pub limits: crate::guard::LimitCodes,
}

impl Codes {
    /// The same codes for another template of a family: its name in messages.
    pub const fn for_template(&'static self, template: &'static str) -> Codes {
        Codes {
            template,
            limits: crate::guard::LimitCodes { ..self.limits },
            ..*self
        }
    }
}

/// Declares, inside a template's `codes` module, the codes of reading its tables (with the given
/// prefix) and the crate-internal `TABLE` [`Codes`] that hands them to the reader.
/// `$sheet_not_named` is the warning when another sheet than the named one is read (`None`: no
/// warning).
macro_rules! table_codes {
    ($prefix:literal, $template:literal, $sheet_not_named:expr) => {
        /// The file could not be read (I/O error, corrupt, or not the format its name says).
        pub const FILE_UNREADABLE: &str = concat!($prefix, ".file_unreadable");
        /// The extension is not .csv .xlsx .xlsm .xls .ods.
        pub const UNSUPPORTED_FORMAT: &str = concat!($prefix, ".unsupported_format");
        /// A CSV file is neither UTF-8, UTF-16 with BOM nor GB18030.
        pub const ENCODING_INVALID: &str = concat!($prefix, ".encoding_invalid");
        /// A CSV file without any content.
        pub const FILE_EMPTY: &str = concat!($prefix, ".file_empty");
        /// A workbook without worksheets.
        pub const SHEET_MISSING: &str = concat!($prefix, ".sheet_missing");
        /// The worksheet read has no cells.
        pub const SHEET_EMPTY: &str = concat!($prefix, ".sheet_empty");
        /// A header but no data row.
        pub const NO_DATA_ROWS: &str = concat!($prefix, ".no_data_rows");
        /// A required column is missing (the issue names it).
        pub const REQUIRED_COLUMN_MISSING: &str = concat!($prefix, ".required_column_missing");
        /// A header appears twice.
        pub const DUPLICATE_COLUMN: &str = concat!($prefix, ".duplicate_column");
        /// Warning: a header that is not in the template (ignored).
        pub const UNKNOWN_COLUMN: &str = concat!($prefix, ".unknown_column");
        /// A required cell is empty.
        pub const REQUIRED_CELL_EMPTY: &str = concat!($prefix, ".required_cell_empty");
        /// A text cell holds a fraction, a date, a boolean …
        pub const NOT_TEXT: &str = concat!($prefix, ".not_text");
        /// A spreadsheet error value (#N/A …).
        pub const EXCEL_ERROR_CELL: &str = concat!($prefix, ".excel_error_cell");
        /// Text with a line break, tab or other control character.
        pub const CONTROL_CHARACTER: &str = concat!($prefix, ".control_character");
        /// The file is larger than `Limits::max_input_bytes`.
        pub const FILE_TOO_LARGE: &str = concat!($prefix, ".file_too_large");
        /// A workbook inflates or expands past the limits, or is not a sound container.
        pub const WORKBOOK_TOO_LARGE: &str = concat!($prefix, ".workbook_too_large");
        /// The sheet holds more cells or text than the limits allow.
        pub const SHEET_TOO_LARGE: &str = concat!($prefix, ".sheet_too_large");
        /// More data rows than `Limits::max_rows`.
        pub const TOO_MANY_ROWS: &str = concat!($prefix, ".too_many_rows");
        /// A header row wider than `Limits::max_columns`.
        pub const TOO_MANY_COLUMNS: &str = concat!($prefix, ".too_many_columns");
        /// A cell longer than `Limits::max_cell_chars`.
        pub const CELL_TOO_LONG: &str = concat!($prefix, ".cell_too_long");
        /// The last issue of a list cut at `Limits::max_issues`: how many more were found.
        pub const MORE_ISSUES: &str = concat!($prefix, ".more_issues");
        /// The last warning of a list cut at `Limits::max_warnings`.
        pub const MORE_WARNINGS: &str = concat!($prefix, ".more_warnings");
        /// Warning: cells right of the header's last column were ignored.
        pub const CELLS_OUTSIDE_HEADER: &str = concat!($prefix, ".cells_outside_header");

        pub(crate) static TABLE: $crate::table::Codes = $crate::table::Codes {
            file_unreadable: FILE_UNREADABLE,
            unsupported_format: UNSUPPORTED_FORMAT,
            encoding_invalid: ENCODING_INVALID,
            file_empty: FILE_EMPTY,
            sheet_missing: SHEET_MISSING,
            sheet_empty: SHEET_EMPTY,
            sheet_not_named: $sheet_not_named,
            no_data_rows: NO_DATA_ROWS,
            required_column_missing: REQUIRED_COLUMN_MISSING,
            duplicate_column: DUPLICATE_COLUMN,
            unknown_column: UNKNOWN_COLUMN,
            required_cell_empty: REQUIRED_CELL_EMPTY,
            not_text: NOT_TEXT,
            excel_error_cell: EXCEL_ERROR_CELL,
            control_character: CONTROL_CHARACTER,
            template: $template,
            limits: $crate::guard::LimitCodes {
                file_too_large: FILE_TOO_LARGE,
                workbook_too_large: WORKBOOK_TOO_LARGE,
                sheet_too_large: SHEET_TOO_LARGE,
                too_many_rows: TOO_MANY_ROWS,
                too_many_columns: TOO_MANY_COLUMNS,
                cell_too_long: CELL_TOO_LONG,
                more_issues: MORE_ISSUES,
                more_warnings: MORE_WARNINGS,
                cells_outside_header: CELLS_OUTSIDE_HEADER,
            },
        };
    };
}
pub(crate) use table_codes;

/// A column of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header, matched exactly after trimming spaces.
    pub header: &'static str,
    /// Whether the column must be present.
    pub required: bool,
    /// The type, in Chinese.
    pub kind: &'static str,
    /// What the column holds.
    pub note: &'static str,
    /// An example value.
    pub example: &'static str,
}

/// A [`Column`] in one line.
pub(crate) const fn col(
    header: &'static str,
    required: bool,
    kind: &'static str,
    note: &'static str,
    example: &'static str,
) -> Column {
    Column {
        header,
        required,
        kind,
        note,
        example,
    }
}

impl Column {
    /// Whether the column holds numbers (kind 整数 or 一位小数): written in the general format.
    pub(crate) fn numeric(&self) -> bool {
        matches!(self.kind, "整数" | "一位小数")
    }

    /// The column explained in one sentence (header notes of the written templates).
    pub fn explained(&self) -> String {
        let required = if self.required {
            "必填。"
        } else {
            "选填。"
        };
        format!(
            "{}（{}）{required}{}。例：{}",
            self.header, self.kind, self.note, self.example
        )
    }
}

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
    /// The template's codes.
    pub codes: &'static Codes,
    /// Warnings of the reading itself (the sheet read was not the named one).
    pub warnings: Vec<Issue>,
    pub header_row: usize,
    /// Trimmed header of each file column (`None` when blank).
    pub headers: Vec<Option<String>>,
    pub rows: Vec<Row>,
    /// The first file column of each header, so that finding a column does not scan the header.
    index: HashMap<String, usize>,
    pub limits: Limits,
}

const EMPTY: Value = Value::Empty;

/// Appends `make()` to `list` unless it holds `max` items already; past that, the last item
/// counts the rest (code `more`, its count in `value`), so a caller's list never grows past
/// `max + 1` whatever it is handed.
pub(crate) fn report(
    list: &mut Vec<Issue>,
    max: usize,
    more: &'static str,
    place: &Place,
    noun: &str,
    make: impl FnOnce() -> Issue,
) {
    if list.len() < max.max(1) {
        list.push(make());
        return;
    }
    let count = match list.last() {
        Some(last) if last.code == more => {
            let n = last.value.as_deref().and_then(|v| v.parse::<usize>().ok());
            list.pop();
            n.unwrap_or(0) + 1
        }
        _ => 1,
    };
    let file_only = Place {
        file: place.file.clone(),
        sheet: None,
    };
    list.push(file_only.issue(
        more,
        None,
        None,
        Some(count.to_string()),
        format!("另有 {count} {noun}未列出"),
    ));
}

/// The first file column of each header.
fn index_of(headers: &[Option<String>]) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(headers.len());
    for (j, h) in headers.iter().enumerate() {
        if let Some(h) = h {
            index.entry(h.clone()).or_insert(j);
        }
    }
    index
}

impl Table {
    /// A table read from a file: its header row (and its number) and its data rows.
    pub fn new(
        place: Place,
        codes: &'static Codes,
        warnings: Vec<Issue>,
        header_row: usize,
        headers: Vec<Option<String>>,
        rows: Vec<Row>,
        limits: &Limits,
    ) -> Table {
        let index = index_of(&headers);
        Table {
            place,
            codes,
            warnings,
            header_row,
            headers,
            rows,
            index,
            limits: *limits,
        }
    }

    /// The file column holding `header`, if any.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.index.get(header).copied()
    }

    /// Renames the headers `name` gives a template header for (another spelling of it).
    pub fn rename(&mut self, name: fn(&str) -> Option<&'static str>) {
        let mut renamed = false;
        for h in self.headers.iter_mut().flatten() {
            if let Some(to) = name(h).filter(|to| to != h) {
                *h = to.to_owned();
                renamed = true;
            }
        }
        if renamed {
            self.index = index_of(&self.headers);
        }
    }

    /// Adds an issue to `issues`, within [`Limits::max_issues`] (see [`report`]).
    pub fn push(&self, issues: &mut Vec<Issue>, make: impl FnOnce() -> Issue) {
        let (max, more) = (self.limits.max_issues, self.codes.limits.more_issues);
        report(issues, max, more, &self.place, "个问题", make);
    }

    /// Adds a warning to `warnings`, within [`Limits::max_warnings`].
    pub fn warn(&self, warnings: &mut Vec<Issue>, make: impl FnOnce() -> Issue) {
        let (max, more) = (self.limits.max_warnings, self.codes.limits.more_warnings);
        report(warnings, max, more, &self.place, "条警告", make);
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
    /// The table's own warnings are passed on to `warnings` too.
    pub fn check_header(
        &self,
        known: &[(&str, bool)],
        pattern: impl Fn(&str) -> bool,
        issues: &mut Vec<Issue>,
        warnings: &mut Vec<Issue>,
    ) {
        for w in &self.warnings {
            self.warn(warnings, || w.clone());
        }
        for (j, h) in self.headers.iter().enumerate() {
            let Some(h) = h else { continue };
            let first = self.index.get(h).copied().unwrap_or(j);
            if first != j {
                self.push(issues, || {
                    let h = shown(h);
                    self.issue(
                        self.codes.duplicate_column,
                        Some(self.header_row),
                        Some(&h),
                        None,
                        format!(
                            "表头「{h}」出现了两次（第 {} 列和第 {} 列），每列只能出现一次",
                            first + 1,
                            j + 1
                        ),
                    )
                });
            } else if !known.iter().any(|(k, _)| k == h) && !pattern(h) {
                self.warn(warnings, || {
                    let h = shown(h);
                    self.issue(
                        self.codes.unknown_column,
                        Some(self.header_row),
                        Some(&h),
                        None,
                        format!("「{h}」不是模板中的列，已忽略"),
                    )
                });
            }
        }
        for (name, required) in known {
            if *required && self.column(name).is_none() {
                self.push(issues, || {
                    self.issue(
                        self.codes.required_column_missing,
                        None,
                        Some(name),
                        None,
                        format!("缺少必填列「{name}」；表头须位于第一行，且与模板列名完全一致"),
                    )
                });
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
                    self.push(issues, || {
                        at(
                            self.codes.required_cell_empty,
                            format!("「{header}」不能为空"),
                        )
                    });
                }
                None
            }
            Value::Text(t) if t.chars().any(char::is_control) => {
                self.push(issues, || {
                    at(
                        self.codes.control_character,
                        "含有换行、制表符等控制字符，应只含可见字符".into(),
                    )
                });
                None
            }
            Value::Text(t) => Some(t.clone()),
            Value::Number(v) if as_whole(*v).is_some_and(|w| w.abs() < 1e15) => {
                Some(format_number(*v))
            }
            Value::Number(_) => {
                self.push(issues, || {
                    at(
                    self.codes.not_text,
                    "被转成了小数或科学计数法的数字，应为文本（请将该列设为文本格式后重新填写）"
                        .into(),
                )
                });
                None
            }
            Value::Error(_) => {
                self.push(issues, || {
                    at(self.codes.excel_error_cell, "是表格错误值，应为文本".into())
                });
                None
            }
            Value::Other(what, _) => {
                self.push(issues, || {
                    at(self.codes.not_text, format!("是{what}，应为文本"))
                });
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
        let what = || format!("不小于 {min} 的整数");
        let v = self.whole(row, header, required, what, code, issues)?;
        let v = u32::try_from(v).ok().filter(|v| *v >= min);
        if v.is_none() {
            let value = Self::cell(row, self.column(header));
            self.push(issues, || {
                self.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!("应为{}", what()),
                )
            });
        }
        v
    }

    /// A whole number (`12`, `12.0`, `1,234`; not `12.5`). Empty cells give `None` and, when
    /// `required`, an issue; anything else that is not a whole number gives `code`. `what` says
    /// what is expected (「2000 至 2100 之间的整数」); it is only called for a message.
    pub fn whole(
        &self,
        row: &Row,
        header: &str,
        required: bool,
        what: impl Fn() -> String,
        code: &'static str,
        issues: &mut Vec<Issue>,
    ) -> Option<i64> {
        let value = Self::cell(row, self.column(header));
        let number = match value {
            Value::Empty => {
                if required {
                    self.push(issues, || {
                        self.issue(
                            self.codes.required_cell_empty,
                            Some(row.line),
                            Some(header),
                            None,
                            format!("「{header}」不能为空，应为{}", what()),
                        )
                    });
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
            .filter(|v| v.abs() < 1e15);
        if whole.is_none() {
            self.push(issues, || {
                self.issue(
                    code,
                    Some(row.line),
                    Some(header),
                    value.shown(),
                    format!("应为{}", what()),
                )
            });
        }
        whole.map(|v| v as i64)
    }

    /// Reports a table with a header but no data row.
    pub fn require_rows(&self, issues: &mut Vec<Issue>) {
        if self.rows.is_empty() {
            self.push(issues, || {
                self.issue(
                    self.codes.no_data_rows,
                    None,
                    None,
                    None,
                    "只有表头，没有数据行".into(),
                )
            });
        }
    }
}
