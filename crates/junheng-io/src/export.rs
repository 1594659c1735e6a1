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
    /// A number (Excel's general format).
    Number(f64),
    /// A whole number, shown `#,##0`.
    Integer(i64),
    /// A number shown with this many decimals (0 to 4); the cell keeps full precision.
    Decimal(f64, u8),
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
            Cell::Integer(x) => V::F(*x as f64, "#,##0"),
            Cell::Decimal(x, d) => V::F(*x, DECIMALS[usize::from(*d).min(DECIMALS.len() - 1)]),
            Cell::Empty => V::E,
        }
    }
}

/// The number formats of [`Cell::Decimal`], by decimals.
const DECIMALS: [&str; 5] = ["0", "0.0", "0.00", "0.000", "0.0000"];

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
        .map(|t| {
            let mut sheet = Sheet::new(t.sheet, &t.headers(), t.rows());
            // Only columns without numbers are text-formatted.
            sheet.text = (0..t.headers.len())
                .map(|j| {
                    !t.rows.iter().any(|r| {
                        matches!(
                            r.get(j),
                            Some(Cell::Number(_) | Cell::Integer(_) | Cell::Decimal(..))
                        )
                    })
                })
                .collect();
            sheet
        })
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

    #[test]
    fn numbers_are_numeric_cells_with_number_formats() {
        use calamine::{Data, Reader, Xlsx};
        let table = Table {
            sheet: "学校",
            headers: vec!["学校".into(), "在校生".into(), "差异系数".into()],
            rows: vec![vec![
                Cell::text("一小"),
                Cell::Integer(7310),
                Cell::Decimal(0.41234, 3),
            ]],
        };
        let bytes = write_xlsx(std::slice::from_ref(&table)).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("学校").unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::String("一小".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(7310.0)));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(0.41234)));
        let mut out = Vec::new();
        write_csv(&table, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("一小,7310,0.41234\r\n")
        );
    }
}
