//! Reading the template from CSV: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030
//! (see [`crate::encoding`]), within the [`Limits`].
//!
//! This module reads the file: its text decoded, the delimiter sniffed, the header mapped to the
//! template's columns, and the data rows split into parts read in parallel (a large body without
//! quote characters). How a part's rows become the validator's rows is [`rows`]: through the CSV
//! reader, or cut by hand ([`cut`]) where no field can be quoted.

mod cut;
mod rows;

use csv::{ByteRecord, ReaderBuilder};

use super::Imported;
use super::cell::Cell;
use super::header::{ColumnMap, map_header};
use super::issue::{ImportFailure, Place, codes};
use super::validate::Validator;
use crate::guard::Refusal;
use crate::limits::Limits;
use rows::{Layout, read_part};

/// Reads a CSV file held in memory. `progress(done, total)` counts bytes.
pub(crate) fn read(
    bytes: &[u8],
    place: Place,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let text = crate::encoding::decode(bytes).map_err(|bad| ImportFailure {
        issues: vec![crate::encoding::issue(
            bytes,
            &bad,
            &place,
            codes::ENCODING_INVALID,
        )],
        warnings: Vec::new(),
    })?;
    parse(&text, place, limits, progress)
}

/// The delimiter of the header line: `,` unless tabs or semicolons are clearly meant.
pub(crate) fn sniff_delimiter(text: &[u8]) -> u8 {
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b'\t', b';'][best]
    }
}

/// Line numbers as an editor shows them (csv's own count skips blank lines and CRLF quirks).
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    /// The line terminator counted: `\n`, or `\r` for files with classic Mac line ends.
    newline: u8,
    /// Lines before `at`, plus one.
    line: usize,
    at: usize,
}

impl<'t> LineCounter<'t> {
    pub(crate) fn new(text: &'t [u8]) -> Self {
        let newline = if !text.contains(&b'\n') && text.contains(&b'\r') {
            b'\r'
        } else {
            b'\n'
        };
        LineCounter {
            text,
            newline,
            line: 1,
            at: 0,
        }
    }

    /// The line a record starts on. Records come in file order.
    pub(crate) fn line_of(&mut self, record: &ByteRecord) -> usize {
        let mut start = record
            .position()
            .map_or(self.at, |p| p.byte() as usize)
            .min(self.text.len());
        // The position may point at blank lines skipped before the record.
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.at {
            let newline = self.newline;
            self.line += self.text[self.at..start]
                .iter()
                .filter(|&&b| b == newline)
                .count();
            self.at = start;
        }
        self.line
    }
}

/// For each file column, the template column it holds.
fn inverse(map: &ColumnMap) -> Vec<Option<usize>> {
    let width = map.iter().flatten().max().map_or(0, |&j| j + 1);
    let mut inverse = vec![None; width];
    for (i, j) in map.iter().enumerate() {
        if let Some(j) = *j {
            inverse[j] = Some(i);
        }
    }
    inverse
}

fn unreadable(place: &Place, error: &csv::Error) -> ImportFailure {
    place.fail(
        codes::FILE_UNREADABLE,
        format!("无法读取 CSV 文件：{error}；请用 Excel 或 WPS 另存为 CSV 后重新导入"),
    )
}

/// One issue of a file that goes past a limit.
fn refused(place: &Place, refusal: Refusal, limits: &Limits) -> ImportFailure {
    ImportFailure {
        issues: vec![refusal.issue(place, &codes::LIMITS, codes::FILE_UNREADABLE, limits)],
        warnings: Vec::new(),
    }
}

/// The first field of `record` longer than `max` characters, if any (its index).
pub(crate) fn too_long_field(record: &ByteRecord, max: usize) -> Option<usize> {
    record
        .iter()
        .position(|f| f.len() > max && String::from_utf8_lossy(f).chars().count() > max)
}

/// Parses UTF-8 CSV text.
fn parse(
    source: &str,
    place: Place,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let text = source.as_bytes();
    let total = text.len() as u64;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .buffer_capacity(1 << 16)
        .from_reader(text);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            return Err(place.fail(
                codes::FILE_EMPTY,
                "文件是空的：第一行应为表头（学年、学校标识码、学校名称、办学类型……），其后每行一所学校"
                    .to_owned(),
            ));
        }
        Err(e) => return Err(unreadable(&place, &e)),
    }
    let mut lines = LineCounter::new(text);
    let header_line = lines.line_of(&record);
    if record.len() > limits.max_columns {
        let refusal = Refusal::TooManyColumns {
            sheet: None,
            row: header_line,
            columns: record.len(),
        };
        return Err(refused(&place, refusal, limits));
    }
    if let Some(j) = too_long_field(&record, limits.max_cell_chars) {
        let refusal = Refusal::CellTooLong {
            sheet: None,
            row: Some(header_line),
            column: Some(format!("第 {} 列", j + 1)),
            part: None,
        };
        return Err(refused(&place, refusal, limits));
    }
    // Decoded text is UTF-8 throughout.
    let headers: Vec<&str> = record
        .iter()
        .map(|f| std::str::from_utf8(f).unwrap_or_default())
        .collect();
    let (mut issues, mut warnings) = (Vec::new(), Vec::new());
    let map = map_header(
        headers.iter().map(|h| Cell::from_text(h)),
        header_line,
        &place,
        &mut issues,
        &mut warnings,
    );
    let columns = inverse(&map);
    let mut validator = Validator::new(place.clone(), &map, issues, warnings, limits);
    let delimiter = sniff_delimiter(text);
    let body_start = (reader.position().byte() as usize).min(text.len());
    let parts = split_body(text, body_start, lines.newline);
    // The first part's validator collects every part's rows: sized for the whole body once, the
    // later parts are appended without growing it (a grown vector copies and touches twice).
    validator.reserve(rows_in(text.len() - body_start));
    progress(0, total);
    // Every part but the first on its own thread; the first on this one, reporting progress.
    let result = std::thread::scope(|scope| {
        let later: Vec<_> = parts[1..]
            .iter()
            .map(|&(start, end)| {
                let mut part = validator.part();
                part.reserve(rows_in(end - start));
                let columns = &columns;
                let headers = &headers;
                scope.spawn(move || {
                    let layout = Layout {
                        base: line_at(text, start, b'\n'),
                        delimiter,
                        columns,
                        headers,
                        limits,
                    };
                    let rows = read_part(
                        source,
                        start..end,
                        b'\n',
                        &layout,
                        &mut part,
                        &mut |_, _| {},
                    );
                    rows.map(|n| (n, part))
                })
            })
            .collect();
        let (start, end) = parts[0];
        let scale = end.max(1) as f64 / text.len().max(1) as f64;
        let mut first_progress = |done: u64, _: u64| progress((done as f64 / scale) as u64, total);
        let layout = Layout {
            base: line_at(text, start, lines.newline),
            delimiter,
            columns: &columns,
            headers: &headers,
            limits,
        };
        let mut rows = read_part(
            source,
            start..end,
            lines.newline,
            &layout,
            &mut validator,
            &mut first_progress,
        )?;
        for handle in later {
            let (n, part) = handle.join().expect("CSV reader thread panicked")?;
            rows += n;
            validator.absorb(part);
        }
        if rows > limits.max_rows {
            return Err(Stop::Refused(Refusal::TooManyRows { sheet: None }));
        }
        Ok(())
    });
    match result {
        Err(Stop::Csv(e)) => return Err(unreadable(&place, &e)),
        Err(Stop::Refused(r)) => return Err(refused(&place, r, limits)),
        Ok(()) => {}
    }
    progress(total, total);
    validator.finish()
}

/// Why reading rows stopped.
enum Stop {
    Csv(csv::Error),
    Refused(Refusal),
}

impl From<csv::Error> for Stop {
    fn from(e: csv::Error) -> Self {
        Stop::Csv(e)
    }
}

/// About how many rows `bytes` of CSV hold (a template row takes about 150 bytes), to size the
/// vectors once. Reserved room that is never written costs no memory.
fn rows_in(bytes: usize) -> usize {
    bytes / 150
}

/// Bodies smaller than this are read on one thread.
const PARALLEL_BODY: usize = 4 << 20;

/// Splits the data rows (from `body_start`) into byte ranges to read in parallel, cut at line ends.
/// Only a body without quote characters is split (a quoted field may hold a line break).
fn split_body(text: &[u8], body_start: usize, newline: u8) -> Vec<(usize, usize)> {
    let body = &text[body_start..];
    let parts = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if parts < 2 || body.len() < PARALLEL_BODY || newline != b'\n' || body.contains(&b'"') {
        return vec![(body_start, text.len())];
    }
    let mut ranges = Vec::with_capacity(parts);
    let mut start = body_start;
    for k in 1..parts {
        let aim = (body_start + body.len() * k / parts).max(start);
        let cut = text[aim..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| aim + p + 1);
        ranges.push((start, cut));
        start = cut;
    }
    ranges.push((start, text.len()));
    ranges.retain(|&(a, b)| a < b || a == body_start);
    ranges
}

/// The line number of the byte at `at`, counting `newline` bytes before it.
fn line_at(text: &[u8], at: usize, newline: u8) -> usize {
    1 + text[..at].iter().filter(|&&b| b == newline).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<usize> {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut counter = LineCounter::new(text.as_bytes());
        let mut record = ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            out.push(counter.line_of(&record));
        }
        out
    }

    #[test]
    fn counts_lines_as_an_editor_shows_them() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n\r\n\r\n3,4\r\n"), [1, 2, 5]);
        assert_eq!(lines("\n\na,b\n\"x\ny\",2\n3,4"), [3, 4, 6]);
        assert_eq!(lines("a,b\r1,2\r\r3,4\r"), [1, 2, 4]);
    }

    #[test]
    fn sniffs_the_delimiter_of_the_header_line() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter(b"abc"), b',');
        assert_eq!(sniff_delimiter(b""), b',');
    }
}
