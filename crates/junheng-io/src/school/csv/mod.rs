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
    parse(&text, place, limits, progress, crate::read_parts())
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

/// Parses UTF-8 CSV text, a large body in up to `parts` parts on as many threads.
fn parse(
    source: &str,
    place: Place,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
    parts: usize,
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
    let parts = split_body(text, body_start, lines.newline, parts);
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
                    let read = read_part(
                        source,
                        start..end,
                        text.len(),
                        b'\n',
                        &layout,
                        &mut part,
                        &mut |_, _| {},
                    );
                    read.map(|read| (read, part))
                })
            })
            .collect();
        let (start, end) = parts[0];
        let scale = end.max(1) as f64 / text.len().max(1) as f64;
        let mut first_progress =
            |done: u64, _: u64| progress(((done as f64 / scale) as u64).min(total), total);
        let layout = Layout {
            base: line_at(text, start, lines.newline),
            delimiter,
            columns: &columns,
            headers: &headers,
            limits,
        };
        let first = read_part(
            source,
            start..end,
            text.len(),
            lines.newline,
            &layout,
            &mut validator,
            &mut first_progress,
        )?;
        let (mut rows, mut to_end) = (first.kept, first.to_end);
        for handle in later {
            let result = handle.join().expect("CSV reader thread panicked");
            // Once a part has been read on to the end, the later parts (cut at line ends that
            // may lie inside a quoted field) are dropped, problems and all.
            if to_end {
                continue;
            }
            let (read, part) = result?;
            rows += read.kept;
            to_end = read.to_end;
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

/// Splits the data rows (from `body_start`) into byte ranges to read in parallel, cut at line
/// ends. A cut may fall inside a quoted field (which may hold a line break): the part with the
/// first quote character is then read on to the end of the body ([`rows::read_part`]).
fn split_body(text: &[u8], body_start: usize, newline: u8, parts: usize) -> Vec<(usize, usize)> {
    let body = &text[body_start..];
    if parts < 2 || body.len() < PARALLEL_BODY || newline != b'\n' {
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

    /// A body past [`PARALLEL_BODY`] read in three parts gives what one part gives: the same
    /// records, or the same problems on the same lines — with quoted fields (a delimiter and a
    /// line break inside quotes) early, late, or nowhere.
    #[test]
    fn a_large_body_reads_the_same_in_parts() {
        let header = crate::school::COLUMNS
            .iter()
            .map(|c| c.header)
            .collect::<Vec<_>>()
            .join(",");
        let row = |i: usize, name: &str| {
            format!(
                "2024,{},{name},小学,城区,,一学区,,812,0,0,12,0,30,0,28,0,5,0,4\n",
                5_001_100_000 + i
            )
        };
        let rows = PARALLEL_BODY / row(0, "实验小学").len() + 2_000;
        let body = |quoted_at: Option<usize>, bad_at: &[usize]| {
            let mut text = format!("{header}\n");
            for i in 0..rows {
                let name = if quoted_at == Some(i) {
                    "\"实验小学,\n南校区\"".to_owned()
                } else if bad_at.contains(&i) {
                    "实验小学".to_owned() + "\u{3000}"
                } else {
                    "实验小学".to_owned()
                };
                let mut line = row(i, &name);
                if bad_at.contains(&i) {
                    line = line.replace(",812,", ",八百,");
                }
                text.push_str(&line);
            }
            text
        };
        let read = |text: &str, parts: usize| {
            let place = Place {
                file: "大.csv".into(),
                sheet: None,
            };
            match parse(text, place, &Limits::default(), &mut |_, _| {}, parts) {
                Ok(imported) => {
                    let names: Vec<_> = imported.records.iter().map(|r| r.name.clone()).collect();
                    format!("{} records: {names:?}", names.len())
                }
                Err(failure) => format!("{:?}", failure.issues),
            }
        };
        let cases = [
            body(None, &[]),
            body(Some(rows / 5), &[]),
            body(Some(rows - 3), &[]),
            body(None, &[7, rows / 2, rows - 1]),
            body(Some(rows * 4 / 5), &[rows / 3]),
        ];
        for (n, text) in cases.iter().enumerate() {
            assert!(text.len() > PARALLEL_BODY);
            assert!(split_body(text.as_bytes(), header.len() + 1, b'\n', 3).len() == 3);
            let (one, three) = (read(text, 1), read(text, 3));
            assert_eq!(one, three, "case {n}");
            let expected = match n {
                0..3 => format!("{rows} records"),
                3 => format!("row: Some({})", rows / 2 + 2),
                _ => format!("row: Some({})", rows / 3 + 2),
            };
            assert!(
                one.contains(&expected),
                "case {n}: {}",
                &one[..200.min(one.len())]
            );
        }
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
