//! A part of the CSV body read into the validator's rows. [`read_part`] chooses how: a part
//! without quote characters in a file of `\n` lines is cut by hand ([`super::cut`]), anything
//! else goes through the CSV reader ([`read_rows`]). Both give the same rows, lines and problems,
//! and share what a part needs besides its text ([`Layout`]): where it stands in the file, how
//! its fields map to the template's columns, and the checks of a kept row against the limits.

use std::ops::Range;

use csv::{ByteRecord, ReaderBuilder};

use super::super::cell::{Cell, trim};
use super::super::columns::{FIRST_NUMBER, N, YEAR};
use super::super::validate::{RowCells, Validator};
use super::cut::{Plain, read_plain_rows};
use super::{LineCounter, Stop, too_long_field};
use crate::guard::{Refusal, shown};
use crate::limits::Limits;

/// Rows between two progress reports.
pub(super) const PROGRESS_EVERY: usize = 4096;

/// What reading a part's rows needs besides its text.
#[derive(Clone, Copy)]
pub(super) struct Layout<'a> {
    /// The line of the file the part's first byte is on.
    pub(super) base: usize,
    pub(super) delimiter: u8,
    /// For each file column, the template column it holds.
    pub(super) columns: &'a [Option<usize>],
    /// The file's header row, to name the column of a field that is too long.
    pub(super) headers: &'a [&'a str],
    pub(super) limits: &'a Limits,
}

impl Layout<'_> {
    /// Counts one more non-blank row, `kept` so far, on `line` and of `len` bytes: refused past
    /// the row limit, or when `too_long(max)` finds a field of more than `max` characters (its
    /// index). `too_long` is asked only of a record longer than `max` bytes: a record of no more
    /// bytes than the limit has no field of more characters.
    pub(super) fn keep(
        &self,
        kept: &mut usize,
        line: usize,
        len: usize,
        too_long: impl FnOnce(usize) -> Option<usize>,
    ) -> Result<(), Stop> {
        *kept += 1;
        if *kept > self.limits.max_rows {
            return Err(Stop::Refused(Refusal::TooManyRows { sheet: None }));
        }
        let max = self.limits.max_cell_chars;
        if len > max
            && let Some(j) = too_long(max)
        {
            return Err(Stop::Refused(Refusal::CellTooLong {
                sheet: None,
                row: Some(line),
                column: Some(column_name(self.headers, j)),
                part: None,
            }));
        }
        Ok(())
    }

    /// A record's `fields` by template column (empty for the columns the file lacks).
    pub(super) fn by_column<T: Copy + Default>(&self, fields: impl Iterator<Item = T>) -> [T; N] {
        let mut row = [T::default(); N];
        for (field, i) in fields.zip(self.columns) {
            if let Some(i) = *i {
                row[i] = field;
            }
        }
        row
    }
}

/// How a part of the body was read.
pub(super) struct PartRead {
    /// The non-blank rows read.
    pub(super) kept: usize,
    /// Whether the rows were read on to the end of the body (from a record with a quote
    /// character on): the parts after this one were cut without regard to quotes, and their
    /// rows are already read.
    pub(super) to_end: bool,
}

/// Reads the data rows of `source[range]`, whose lines end in `newline`, and on to `body_end`
/// from the first record with a quote character (stopping past the row limit). A part of `\n`
/// lines is cut by hand up to such a record; the CSV reader reads the rest.
pub(super) fn read_part(
    source: &str,
    range: Range<usize>,
    body_end: usize,
    newline: u8,
    layout: &Layout,
    validator: &mut Validator,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PartRead, Stop> {
    let text = source.as_bytes();
    let (mut from, mut layout, mut kept) = (range.start, *layout, 0);
    if newline == b'\n'
        && let Some(part) = source.get(range.clone())
    {
        match read_plain_rows(part, &layout, validator, progress)? {
            Plain::Read(kept) => {
                return Ok(PartRead {
                    kept,
                    to_end: false,
                });
            }
            Plain::Quoted {
                at,
                line,
                kept: before,
            } => {
                (from, layout.base, kept) = (range.start + at, line, before);
            }
        }
    }
    kept += read_rows(&text[from..body_end], &layout, validator, progress)?;
    Ok(PartRead { kept, to_end: true })
}

/// One record's fields by template column (empty for absent columns).
struct CsvRow<'r> {
    fields: [&'r [u8]; N],
}

impl RowCells for CsvRow<'_> {
    fn cell(&self, i: usize) -> Cell<'_> {
        let field = self.fields[i];
        if field.is_empty() {
            return Cell::Empty;
        }
        // Fast path for numeric columns: plain digits need no UTF-8 check nor trimming.
        if (i >= FIRST_NUMBER || i == YEAR)
            && let Some(v) = plain_digits(field)
        {
            return Cell::Number(v);
        }
        match std::str::from_utf8(field) {
            Ok(text) => Cell::from_text(text),
            Err(_) => Cell::Undecodable(String::from_utf8_lossy(field).into_owned()),
        }
    }

    fn plain_count(&self, i: usize) -> Option<u32> {
        plain_count(self.fields[i])
    }
}

/// The value of 1 to 9 ASCII digits (a count that fits).
pub(super) fn plain_count(field: &[u8]) -> Option<u32> {
    digits(field, 9).map(|v| v as u32)
}

/// The value of 1 to 15 ASCII digits.
pub(super) fn plain_digits(field: &[u8]) -> Option<f64> {
    digits(field, 15).map(|v| v as f64)
}

/// The value of 1 to `most` ASCII digits (`most` at most 19, so that it fits).
fn digits(field: &[u8], most: usize) -> Option<u64> {
    if field.is_empty() || field.len() > most {
        return None;
    }
    let mut v = 0u64;
    for &b in field {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        v = v * 10 + u64::from(digit);
    }
    Some(v)
}

/// Whether every field is empty or spaces.
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| {
        f.iter().all(u8::is_ascii_whitespace)
            || std::str::from_utf8(f).is_ok_and(|t| trim(t).is_empty())
    })
}

/// The column a too-long field is reported in: its header, or its position.
fn column_name(headers: &[&str], j: usize) -> String {
    headers
        .get(j)
        .map(|h| shown(trim(h)))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| format!("第 {} 列", j + 1))
}

/// Reads the data rows of `part` with the CSV reader (quoted fields, classic Mac line ends).
pub(super) fn read_rows(
    part: &[u8],
    layout: &Layout,
    validator: &mut Validator,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<usize, Stop> {
    let total = part.len() as u64;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(layout.delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(part);
    let mut lines = LineCounter::new(part);
    let mut record = ByteRecord::new();
    let mut rows = 0usize;
    let mut kept = 0usize;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        if rows.is_multiple_of(PROGRESS_EVERY) {
            progress(record.position().map_or(0, |p| p.byte()), total);
        }
        if is_blank(&record) {
            continue;
        }
        let line = layout.base + lines.line_of(&record) - 1;
        layout.keep(&mut kept, line, record.as_slice().len(), |max| {
            too_long_field(&record, max)
        })?;
        let row = CsvRow {
            fields: layout.by_column(record.iter()),
        };
        validator.row(line, &row);
    }
    Ok(kept)
}
