//! Plain tables to download: the exports of lists whose columns are decided by their caller
//! (the city comparison, for one), written as the project's other workbooks are (bold frozen
//! header, text cells as text) or as CSV (UTF-8 with BOM, CRLF, formulas neutralised).

use std::io::{self, Write};

use rust_xlsxwriter::XlsxError;

use crate::table::write::{Sheet, V, csv, xlsx};

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell, empty for `None`.
    pub fn number(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Number)
    }

    fn v(&self) -> V {
        match self {
            Cell::Text(s) => V::T(s.clone()),
            Cell::Number(x) => V::N(*x),
            Cell::Empty => V::E,
        }
    }
}

/// One sheet: its name, headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name (at most 31 characters).
    pub sheet: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, as long as the headers.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn headers(&self) -> Vec<&str> {
        self.headers.iter().map(String::as_str).collect()
    }

    fn rows(&self) -> Vec<Vec<V>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(Cell::v).collect())
            .collect()
    }
}

/// The tables as one .xlsx workbook, a sheet each.
pub fn write_xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let sheets: Vec<Sheet> = tables
        .iter()
        .map(|t| Sheet::new(t.sheet, &t.headers(), t.rows()))
        .collect();
    xlsx(&sheets)
}

/// One table as CSV.
pub fn write_csv(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    csv(&table.headers(), &table.rows(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_through_csv_with_formulas_neutralised() {
        let table = Table {
            sheet: "比较",
            headers: vec!["区县".into(), "差异系数".into()],
            rows: vec![
                vec![Cell::text("渝北区"), Cell::number(Some(0.412))],
                vec![Cell::text("=HYPERLINK(1)"), Cell::Empty],
            ],
        };
        let mut out = Vec::new();
        write_csv(&table, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}区县,差异系数\r\n渝北区,0.412\r\n'=HYPERLINK(1),\r\n"
        );
        let bytes = write_xlsx(&[table]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
