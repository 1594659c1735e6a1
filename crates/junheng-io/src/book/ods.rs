//! The expansion an OpenDocument sheet asks of the spreadsheet library, computed from the events
//! of content.xml before the library parses it.
//!
//! calamine clones a cell's value (and its formula) into each of its `number-columns-repeated`
//! columns, keeps each row once with its `number-rows-repeated`, then builds one dense rectangle
//! per sheet — from the first to the last non-empty row, empty rows between included, as wide as
//! the widest row — and clones the rows' cells into every repetition. A few hundred bytes of XML
//! can so ask for 10⁸ cells and terabytes of text. Here every sheet's rectangle (rows × widest
//! row, an upper bound of the library's) and the text cloned into it are summed over all sheets
//! (the library reads them all on opening) and refused past [`Limits::max_cells`] and
//! [`Limits::max_text_bytes`], as soon as the running sum passes them.

use quick_xml::events::{BytesStart, Event};

use crate::guard::{Refusal, shown};
use crate::limits::{Limits, size};

/// A sheet being read.
#[derive(Debug, Default)]
struct Table {
    name: String,
    /// Rows from the first non-empty row to the last, repetitions included.
    height: u64,
    /// Empty rows after the last non-empty one (they count once a non-empty row follows).
    pending_empty: u64,
    started: bool,
    width: u64,
    text: u64,
}

/// A row being read: its repetitions, its width up to the last non-empty cell, its text.
#[derive(Debug, Default)]
struct Row {
    repeats: u64,
    position: u64,
    len: u64,
    text: u64,
}

/// A cell being read: its repetitions, whether it holds a value, its text so far.
#[derive(Debug, Default)]
struct CellAcc {
    repeats: u64,
    filled: bool,
    from_content: bool,
    text: u64,
    paragraphs: u64,
}

/// The running expansion of content.xml.
pub(crate) struct Expansion {
    max_cells: u64,
    max_text: u64,
    max_cell: u64,
    /// Cells and text of the sheets already read.
    cells: u64,
    text: u64,
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<CellAcc>,
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

fn number(e: &BytesStart<'_>, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

impl Expansion {
    pub fn new(limits: &Limits) -> Self {
        Expansion {
            max_cells: limits.max_cells as u64,
            max_text: limits.max_text_bytes,
            max_cell: limits.max_cell_bytes(),
            cells: 0,
            text: 0,
            table: None,
            row: None,
            cell: None,
        }
    }

    fn refuse(&self, what: String) -> Refusal {
        Refusal::SheetTooLarge {
            sheet: self.table.as_ref().map(|t| shown(&t.name)),
            what,
        }
    }

    /// Checks the running totals, the current sheet's rectangle included.
    fn check(&self) -> Result<(), Refusal> {
        let (cells, text) = match &self.table {
            Some(t) => (
                self.cells.saturating_add(t.height.saturating_mul(t.width)),
                self.text.saturating_add(t.text),
            ),
            None => (self.cells, self.text),
        };
        if cells > self.max_cells {
            return Err(self.refuse(format!(
                "重复的行和列展开后超过 {} 个单元格的上限",
                self.max_cells
            )));
        }
        if text > self.max_text {
            return Err(self.refuse(format!(
                "重复的单元格展开后文字超过 {} 的上限",
                size(self.max_text)
            )));
        }
        Ok(())
    }

    /// Takes one event of content.xml.
    pub fn event(&mut self, event: &Event<'_>) -> Result<(), Refusal> {
        match event {
            Event::Start(e) => self.start(e),
            Event::End(e) => self.end(e.name().as_ref()),
            Event::Text(t) => self.add_text(t.len() as u64),
            Event::CData(t) => self.add_text(t.len() as u64),
            Event::GeneralRef(_) => self.add_text(4),
            _ => Ok(()),
        }
    }

    fn add_text(&mut self, n: u64) -> Result<(), Refusal> {
        if let Some(c) = self.cell.as_mut().filter(|c| c.from_content) {
            c.text = c.text.saturating_add(n);
            if c.text > self.max_cell {
                return Err(Refusal::CellTooLong {
                    sheet: self.table.as_ref().map(|t| shown(&t.name)),
                    row: None,
                    column: None,
                    part: Some("content.xml".into()),
                });
            }
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        match e.name().as_ref() {
            "table:table" => {
                let name = attr(e, "table:name").unwrap_or_default();
                self.table = Some(Table {
                    name,
                    ..Table::default()
                });
            }
            "table:table-row" if self.table.is_some() => {
                self.row = Some(Row {
                    repeats: number(e, "table:number-rows-repeated"),
                    ..Row::default()
                });
            }
            "table:table-cell" | "table:covered-table-cell" if self.row.is_some() => {
                let mut cell = CellAcc {
                    repeats: number(e, "table:number-columns-repeated"),
                    ..CellAcc::default()
                };
                for a in e.attributes().flatten() {
                    let len = a.value.len() as u64;
                    match a.key.as_ref() {
                        "office:value" | "office:boolean-value" => cell.filled = true,
                        "office:string-value"
                        | "office:date-value"
                        | "office:time-value"
                        | "table:formula" => {
                            cell.filled = true;
                            cell.text = cell.text.saturating_add(len);
                        }
                        "office:value-type" if a.value == "string" => {
                            cell.filled = true;
                            cell.from_content = true;
                        }
                        "calcext:value-type" if a.value == "error" => {
                            cell.from_content = true;
                        }
                        _ => {}
                    }
                }
                self.cell = Some(cell);
            }
            "text:p" => {
                if let Some(c) = self.cell.as_mut() {
                    c.paragraphs += 1;
                }
                self.add_text(u64::from(
                    self.cell.as_ref().is_some_and(|c| c.paragraphs > 1),
                ))?;
            }
            "text:s" => self.add_text(number(e, "text:c"))?,
            "text:tab" | "text:line-break" => self.add_text(1)?,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), Refusal> {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) else {
                    return Ok(());
                };
                row.position = row.position.saturating_add(cell.repeats);
                if cell.filled || cell.text > 0 {
                    row.len = row.position;
                    row.text = row
                        .text
                        .saturating_add(cell.text.saturating_mul(cell.repeats));
                }
                if row.text > self.max_text {
                    return Err(self.refuse(format!(
                        "一行中重复的单元格展开后文字超过 {} 的上限",
                        size(self.max_text)
                    )));
                }
            }
            "table:table-row" => {
                let (Some(row), Some(t)) = (self.row.take(), self.table.as_mut()) else {
                    return Ok(());
                };
                if row.len == 0 {
                    if t.started {
                        t.pending_empty = t.pending_empty.saturating_add(row.repeats);
                    }
                    return Ok(());
                }
                t.started = true;
                t.height = t
                    .height
                    .saturating_add(t.pending_empty)
                    .saturating_add(row.repeats);
                t.pending_empty = 0;
                t.width = t.width.max(row.len);
                t.text = t.text.saturating_add(row.text.saturating_mul(row.repeats));
                self.check()?;
            }
            "table:table" => {
                if let Some(t) = self.table.take() {
                    self.cells = self.cells.saturating_add(t.height.saturating_mul(t.width));
                    self.text = self.text.saturating_add(t.text);
                }
                self.check()?;
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::zip::check;
    use super::*;
    use std::io::Write;

    fn ods(content: &str) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        w.start_file("content.xml", options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap();
        out.into_inner()
    }

    fn sheet(rows: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"表\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
    }

    #[test]
    fn repeated_cells_and_rows_are_counted_as_expanded() {
        let limits = Limits {
            max_cells: 1_000,
            ..Limits::default()
        };
        let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>";
        let fine = sheet(&format!("<table:table-row>{cell}</table:table-row>"));
        check(&ods(&fine), true, &limits).unwrap();
        let wide = "<table:table-row table:number-rows-repeated=\"100\">\
             <table:table-cell table:number-columns-repeated=\"11\" office:value-type=\"float\" office:value=\"1\"/>\
             </table:table-row>";
        let err = check(&ods(&sheet(wide)), true, &limits).unwrap_err();
        assert!(
            matches!(&err, Refusal::SheetTooLarge { sheet: Some(s), .. } if s == "表"),
            "{err:?}"
        );
        // Trailing empty rows and cells, as LibreOffice writes them, cost nothing.
        let trailing = format!(
            "<table:table-row>{cell}<table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
        );
        check(&ods(&sheet(&trailing)), true, &limits).unwrap();
    }

    #[test]
    fn text_cloned_into_repeats_is_counted() {
        let limits = Limits {
            max_text_bytes: 10_000,
            ..Limits::default()
        };
        let text = format!(
            "<table:table-row><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"string\">\
             <text:p>{}</text:p></table:table-cell></table:table-row>",
            "x".repeat(200)
        );
        assert!(check(&ods(&sheet(&text)), true, &limits).is_err());
        let spaces = "<table:table-row><table:table-cell office:value-type=\"string\">\
             <text:p><text:s text:c=\"1000000000\"/></text:p></table:table-cell></table:table-row>";
        let err = check(&ods(&sheet(spaces)), true, &limits).unwrap_err();
        assert!(matches!(err, Refusal::CellTooLong { .. }), "{err:?}");
    }
}
