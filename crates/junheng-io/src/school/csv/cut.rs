//! The CSV reader's work done by hand, for speed, on a part of the body without quote
//! characters whose lines end in `\n`: the text is already checked UTF-8, so each record is cut
//! into `&str` fields where it lies, with no copy and no second check. The test below holds it
//! to the CSV reader's rows, lines and problems ([`super::rows::read_rows`]).

use super::super::cell::{Cell, trim};
use super::super::columns::{FIRST_NUMBER, N, YEAR};
use super::super::validate::{RowCells, Validator};
use super::Stop;
use super::rows::{Layout, PROGRESS_EVERY, plain_count, plain_digits};

/// How far a part was read by hand.
#[derive(Debug)]
pub(super) enum Plain {
    /// Every row; how many were kept.
    Read(usize),
    /// The rows before the record at byte `at` (starting on `line`), which holds a quote
    /// character: the CSV reader reads on from there. `kept` rows were kept before it.
    Quoted { at: usize, line: usize, kept: usize },
}

/// One record's fields by template column, borrowed from text already checked as UTF-8.
struct TextRow<'r> {
    fields: [&'r str; N],
}

impl RowCells for TextRow<'_> {
    fn cell(&self, i: usize) -> Cell<'_> {
        let field = self.fields[i];
        if field.is_empty() {
            return Cell::Empty;
        }
        if (i >= FIRST_NUMBER || i == YEAR)
            && let Some(v) = plain_digits(field.as_bytes())
        {
            return Cell::Number(v);
        }
        Cell::from_text(field)
    }

    fn plain_count(&self, i: usize) -> Option<u32> {
        plain_count(self.fields[i].as_bytes())
    }
}

/// [`super::rows::read_rows`] for a part without quote characters, whose lines end in `\n`: what
/// the CSV reader does, by hand and without copying — `\n`, `\r\n` and a lone `\r` each end a
/// record, empty records are skipped, and fields are what lies between delimiters. One pass over
/// the bytes finds the fields and the record ends together. It stops before the first record
/// with a quote character ([`Plain::Quoted`]): a quoted field may hold delimiters and line
/// breaks, and the records before it read the same either way.
pub(super) fn read_plain_rows(
    part: &str,
    layout: &Layout,
    validator: &mut Validator,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plain, Stop> {
    let bytes = part.as_bytes();
    let total = bytes.len() as u64;
    let delimiter = layout.delimiter;
    // The bytes that end a field: the delimiter, the two that end a record, and a quote.
    let mut ends = [false; 256];
    for b in [delimiter, b'\n', b'\r', b'"'] {
        ends[usize::from(b)] = true;
    }
    let mut rows = 0usize;
    let mut kept = 0usize;
    let mut line = layout.base;
    let mut fields = [""; N];
    let mut k = 0usize;
    let (mut record_start, mut field_start) = (0usize, 0usize);
    let mut at = 0usize;
    loop {
        while at < bytes.len() && !ends[usize::from(bytes[at])] {
            at += 1;
        }
        // Every cut is at an ASCII byte (or the end), so each slice is on character boundaries.
        let field = &part[field_start..at];
        if let Some(Some(i)) = layout.columns.get(k) {
            fields[*i] = field;
        }
        k += 1;
        let end = bytes.get(at).copied();
        if end == Some(delimiter) {
            at += 1;
            field_start = at;
            continue;
        }
        if end == Some(b'"') {
            return Ok(Plain::Quoted {
                at: record_start,
                line,
                kept,
            });
        }
        // A record ends here (a line end, or the end of the part).
        if at > record_start {
            rows += 1;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress(record_start as u64, total);
            }
            let record = &part[record_start..at];
            if !is_blank(record, delimiter) {
                layout.keep(&mut kept, line, record.len(), |max| {
                    record
                        .split(char::from(delimiter))
                        .position(|f| f.len() > max && f.chars().count() > max)
                })?;
                validator.row(line, &TextRow { fields });
            }
            fields = [""; N];
        }
        k = 0;
        match end {
            None => break,
            Some(b'\n') => line += 1,
            Some(_) => {}
        }
        at += 1;
        record_start = at;
        field_start = at;
    }
    Ok(Plain::Read(kept))
}

/// Whether every field of `record` is empty or spaces. Most records have a letter or digit in
/// their first bytes, which settles it at once.
fn is_blank(record: &str, delimiter: u8) -> bool {
    !record.bytes().any(|b| b.is_ascii_alphanumeric())
        && record
            .split(char::from(delimiter))
            .all(|f| trim(f).is_empty())
}

#[cfg(test)]
mod tests {
    use super::super::super::header::map_header;
    use super::super::super::issue::Place;
    use super::super::inverse;
    use super::super::rows::{read_part, read_rows};
    use super::*;
    use crate::limits::Limits;

    /// The rows of `body` (after a full template header on line 1) read by hand and by the CSV
    /// reader: records, or every issue with its line and column.
    fn both_ways(body: &str, limits: &Limits) -> [String; 2] {
        let headers: Vec<&str> = crate::school::COLUMNS.iter().map(|c| c.header).collect();
        let place = Place {
            file: "a.csv".into(),
            sheet: None,
        };
        let (mut issues, mut warnings) = (Vec::new(), Vec::new());
        let map = map_header(
            headers.iter().map(|h| Cell::from_text(h)),
            1,
            &place,
            &mut issues,
            &mut warnings,
        );
        let columns = inverse(&map);
        let layout = Layout {
            base: 2,
            delimiter: b',',
            columns: &columns,
            headers: &headers,
            limits,
        };
        let run = |plain: bool| {
            let mut v = Validator::new(place.clone(), &map, Vec::new(), Vec::new(), limits);
            let len = body.len();
            let read = if plain {
                read_part(body, 0..len, len, b'\n', &layout, &mut v, &mut |_, _| {})
                    .map(|read| read.kept)
            } else {
                read_rows(body.as_bytes(), &layout, &mut v, &mut |_, _| {})
            };
            match read {
                Ok(n) => format!("{n} rows: {:?}", v.finish()),
                Err(Stop::Refused(r)) => format!("refused: {r:?}"),
                Err(Stop::Csv(e)) => format!("csv error: {e}"),
            }
        };
        [run(true), run(false)]
    }

    #[test]
    fn rows_cut_by_hand_are_the_rows_of_the_csv_reader() {
        let row = |code: &str, students: &str| {
            format!("2024,{code},实验小学,小学,城区,,一学区,,{students},0,0,12,0,30,0,28,0,5,0,4")
        };
        let bodies = [
            format!(
                "{}\n{}\n",
                row("5001120001", "812"),
                row("5001120002", "640")
            ),
            // CRLF, blank lines, a line of spaces and delimiters, a lone CR inside a line, no
            // final line break.
            format!(
                "{}\r\n\r\n  \r\n,, ,\u{3000}\r\n{}\r{}",
                row("5001120001", "812"),
                row("5001120002", "640"),
                row("5001120003", "12")
            ),
            // Problems on known lines: a bad number, a duplicate code, a short and a long row.
            format!(
                "\n{}\n{}\n\n{}\n2024,5001120009\n{},extra,fields\n",
                row("5001120001", "八百"),
                row("5001120002", "-3"),
                row("5001120002", "1,234"),
                row("5001120004", " 7 ")
            ),
            // A quoted field (a delimiter and a line break inside) after rows cut by hand: the
            // CSV reader reads on from its record, on the right lines.
            format!(
                "{}\n{}\n{}\n{}\n",
                row("5001120001", "812"),
                row("5001120002", "640").replace("实验小学", "\"实验小学,\n南校区\""),
                row("5001120003", "八百"),
                row("5001120004", "12")
            ),
            format!(
                "{}\r{}\n",
                row("5001120001", "812"),
                row("5001120002", "x\"y")
            ),
        ];
        for body in &bodies {
            let [plain, reader] = both_ways(body, &Limits::default());
            assert_eq!(plain, reader, "{body:?}");
        }
        let too_many_rows = Limits {
            max_rows: 1,
            ..Limits::default()
        };
        let too_long = Limits {
            max_cell_chars: 8,
            ..Limits::default()
        };
        for limits in [too_many_rows, too_long] {
            let [plain, reader] = both_ways(&bodies[1], &limits);
            assert!(plain.starts_with("refused"), "{plain}");
            assert_eq!(plain, reader);
        }
    }
}
