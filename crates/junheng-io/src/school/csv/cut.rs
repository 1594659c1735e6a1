//! The CSV reader's work done by hand, for speed, on a part of the body without quote
//! characters whose lines end in `\n`: the text is already checked UTF-8, so each record is cut
//! into `&str` fields where it lies, with no copy and no second check. The test below holds it
//! to the CSV reader's rows, lines and problems ([`super::rows::read_rows`]).

use super::super::cell::{Cell, trim};
use super::super::columns::{FIRST_NUMBER, N, YEAR};
use super::super::validate::{RowCells, Validator};
use super::Stop;
use super::rows::{Layout, PROGRESS_EVERY, plain_count, plain_digits};

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
/// record, empty records are skipped, and fields are what lies between delimiters.
pub(super) fn read_plain_rows(
    part: &str,
    layout: &Layout,
    validator: &mut Validator,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<usize, Stop> {
    let total = part.len() as u64;
    let delimiter = char::from(layout.delimiter);
    let mut rows = 0usize;
    let mut kept = 0usize;
    let mut at = 0usize;
    for (n, line) in part.split('\n').enumerate() {
        let start = at;
        at += line.len() + 1;
        for record in line.split('\r').filter(|r| !r.is_empty()) {
            rows += 1;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress(start as u64, total);
            }
            if record.split(delimiter).all(|f| trim(f).is_empty()) {
                continue;
            }
            let line = layout.base + n;
            layout.keep(&mut kept, line, record.len(), |max| {
                record
                    .split(delimiter)
                    .position(|f| f.len() > max && f.chars().count() > max)
            })?;
            let row = TextRow {
                fields: layout.by_column(record.split(delimiter)),
            };
            validator.row(line, &row);
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::super::super::header::map_header;
    use super::super::super::issue::Place;
    use super::super::inverse;
    use super::super::rows::read_rows;
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
            let read = if plain {
                read_plain_rows(body, &layout, &mut v, &mut |_, _| {})
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
