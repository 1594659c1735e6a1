//! A sheet's non-empty cells, compact: one text arena and 24 bytes a cell, never a dense
//! rows × columns rectangle. Built cell by cell (in any order) with every cap checked as the cells
//! arrive; cells right of the header's last column are counted, not kept.

use std::borrow::Cow;

use crate::guard::{Refusal, column_letters};
use crate::limits::Limits;
use crate::school::cell::Cell;

/// What a non-text, non-number cell is, for messages.
const KINDS: [&str; 3] = ["逻辑值", "日期或时间", "时长"];

/// A cell as a format's reader hands it over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum In<'a> {
    Empty,
    Number(f64),
    Text(&'a str),
    Error(&'a str),
    Bool(bool),
    Date(&'a str),
    Duration(&'a str),
}

#[derive(Debug, Clone, Copy)]
enum Stored {
    Number(f64),
    Text(u32, u32),
    Error(u32, u32),
    Other(u8, u32, u32),
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    row: u32,
    col: u32,
    value: Stored,
}

/// One non-blank row: its number as the spreadsheet shows it and its cells.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GridRow {
    pub line: usize,
    start: usize,
    end: usize,
}

/// A sheet's cells, by non-blank row; the first row is the header.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub rows: Vec<GridRow>,
    slots: Vec<Slot>,
    text: String,
    /// Columns of the header row (its last non-empty cell's column + 1).
    pub width: usize,
    /// Cells right of the header (or past the column cap) that were ignored.
    pub outside: usize,
}

impl Grid {
    /// The cells of a row as (column, cell), by column.
    pub fn cells(&self, row: &GridRow) -> impl Iterator<Item = (usize, Cell<'_>)> {
        self.slots[row.start..row.end]
            .iter()
            .map(|s| (s.col as usize, self.cell(s.value)))
    }

    /// The cell of a row at a column (`Cell::Empty` when there is none).
    pub fn cell_at(&self, row: &GridRow, col: usize) -> Cell<'_> {
        let slots = &self.slots[row.start..row.end];
        match slots.binary_search_by_key(&col, |s| s.col as usize) {
            Ok(k) => self.cell(slots[k].value),
            Err(_) => Cell::Empty,
        }
    }

    fn cell(&self, value: Stored) -> Cell<'_> {
        let text = |start: u32, len: u32| &self.text[start as usize..(start + len) as usize];
        match value {
            Stored::Number(v) => Cell::Number(v),
            Stored::Text(s, l) => Cell::from_text(text(s, l)),
            Stored::Error(s, l) => Cell::Error(Cow::Borrowed(text(s, l))),
            Stored::Other(k, s, l) => Cell::Other(KINDS[k as usize], Cow::Borrowed(text(s, l))),
        }
    }
}

/// Builds a [`Grid`], refusing as soon as a cap is passed.
pub(crate) struct Builder<'l> {
    limits: &'l Limits,
    sheet: Option<String>,
    slots: Vec<Slot>,
    text: String,
    sorted: bool,
    /// Cells at or past the column cap: how many, and the first row holding one.
    far: usize,
    first_far_row: Option<u32>,
}

impl<'l> Builder<'l> {
    pub fn new(limits: &'l Limits, sheet: Option<String>) -> Self {
        Builder {
            limits,
            sheet,
            slots: Vec::new(),
            text: String::new(),
            sorted: true,
            far: 0,
            first_far_row: None,
        }
    }

    fn too_large(&self, what: String) -> Refusal {
        Refusal::SheetTooLarge {
            sheet: self.sheet.clone(),
            what,
        }
    }

    /// Adds the cell at (`row`, `col`), both from 0. Blank cells are skipped.
    pub fn push(&mut self, row: u32, col: u32, value: In<'_>) -> Result<(), Refusal> {
        let text = match value {
            In::Empty => return Ok(()),
            In::Number(_) => "",
            In::Text(t) => {
                if matches!(Cell::from_text(t), Cell::Empty) {
                    return Ok(());
                }
                t
            }
            In::Error(t) | In::Date(t) | In::Duration(t) => t,
            In::Bool(_) => "",
        };
        if text.len() > self.limits.max_cell_chars
            && text.chars().count() > self.limits.max_cell_chars
        {
            return Err(Refusal::CellTooLong {
                sheet: self.sheet.clone(),
                row: Some(row as usize + 1),
                column: Some(column_letters(col)),
                part: None,
            });
        }
        if col as usize >= self.limits.max_columns {
            self.far += 1;
            self.first_far_row = Some(self.first_far_row.map_or(row, |r| r.min(row)));
            return Ok(());
        }
        if self.slots.len() >= self.limits.max_cells {
            return Err(
                self.too_large(format!("非空单元格超过 {} 个的上限", self.limits.max_cells))
            );
        }
        if (self.text.len() + text.len()) as u64 > self.limits.max_text_bytes {
            return Err(self.too_large(format!(
                "文字超过 {} 的上限",
                crate::limits::size(self.limits.max_text_bytes)
            )));
        }
        let mut keep = |t: &str| {
            let start = self.text.len() as u32;
            self.text.push_str(t);
            (start, t.len() as u32)
        };
        let value = match value {
            In::Number(v) => Stored::Number(v),
            In::Text(t) => {
                let (s, l) = keep(t);
                Stored::Text(s, l)
            }
            In::Error(t) => {
                let (s, l) = keep(t);
                Stored::Error(s, l)
            }
            In::Bool(b) => {
                let (s, l) = keep(if b { "TRUE" } else { "FALSE" });
                Stored::Other(0, s, l)
            }
            In::Date(t) => {
                let (s, l) = keep(t);
                Stored::Other(1, s, l)
            }
            In::Duration(t) => {
                let (s, l) = keep(t);
                Stored::Other(2, s, l)
            }
            In::Empty => unreachable!("returned above"),
        };
        if let Some(last) = self.slots.last()
            && (last.row, last.col) >= (row, col)
        {
            self.sorted = false;
        }
        self.slots.push(Slot { row, col, value });
        Ok(())
    }

    /// The grid: cells in row order (the last of two at one place wins), the header is the
    /// first non-blank row, cells right of it are dropped and counted.
    pub fn finish(mut self) -> Result<Grid, Refusal> {
        if !self.sorted {
            // Stable: of two cells at one place the later one stays last, and wins below.
            self.slots.sort_by_key(|s| (s.row, s.col));
            let mut kept: Vec<Slot> = Vec::with_capacity(self.slots.len());
            for slot in self.slots {
                match kept.last_mut() {
                    Some(last) if (last.row, last.col) == (slot.row, slot.col) => *last = slot,
                    _ => kept.push(slot),
                }
            }
            self.slots = kept;
        }
        let Some(header_row) = self.slots.first().map(|s| s.row) else {
            return Ok(Grid {
                outside: self.far,
                ..Grid::default()
            });
        };
        let header_cells = self.slots.iter().take_while(|s| s.row == header_row);
        let width = header_cells.map(|s| s.col as usize + 1).max().unwrap_or(0);
        if let Some(far_row) = self.first_far_row
            && far_row <= header_row
        {
            return Err(Refusal::TooManyColumns {
                sheet: self.sheet,
                row: far_row as usize + 1,
                columns: self.limits.max_columns + 1,
            });
        }
        let before = self.slots.len();
        self.slots.retain(|s| (s.col as usize) < width);
        let outside = self.far + (before - self.slots.len());
        let mut rows: Vec<GridRow> = Vec::new();
        for (k, slot) in self.slots.iter().enumerate() {
            match rows.last_mut() {
                Some(r) if r.line == slot.row as usize + 1 => r.end = k + 1,
                _ => {
                    if rows.len() > self.limits.max_rows {
                        return Err(Refusal::TooManyRows { sheet: self.sheet });
                    }
                    rows.push(GridRow {
                        line: slot.row as usize + 1,
                        start: k,
                        end: k + 1,
                    });
                }
            }
        }
        Ok(Grid {
            rows,
            slots: self.slots,
            text: self.text,
            width,
            outside,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            max_columns: 4,
            max_cells: 10,
            max_cell_chars: 5,
            ..Limits::default()
        }
    }

    #[test]
    fn keeps_cells_in_row_order_within_the_header() {
        let limits = small();
        let mut b = Builder::new(&limits, None);
        b.push(3, 0, In::Text("x")).unwrap();
        b.push(1, 1, In::Number(2.0)).unwrap();
        b.push(1, 0, In::Text("学年")).unwrap();
        b.push(3, 0, In::Text("y")).unwrap();
        b.push(3, 2, In::Text("右边")).unwrap();
        b.push(2, 0, In::Text("  ")).unwrap();
        b.push(3, 9, In::Text("远处")).unwrap();
        let grid = b.finish().unwrap();
        assert_eq!(grid.width, 2);
        assert_eq!(grid.outside, 2);
        let lines: Vec<usize> = grid.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(grid.cell_at(&grid.rows[1], 0), Cell::Text("y"));
        assert_eq!(grid.cell_at(&grid.rows[0], 1), Cell::Number(2.0));
        assert_eq!(grid.cell_at(&grid.rows[1], 1), Cell::Empty);
    }

    #[test]
    fn refuses_past_each_cap() {
        let limits = small();
        let mut b = Builder::new(&limits, Some("表".into()));
        let err = b.push(0, 0, In::Text("六个字太长了")).unwrap_err();
        assert!(matches!(err, Refusal::CellTooLong { row: Some(1), .. }));
        let mut b = Builder::new(&limits, None);
        for k in 0..10 {
            b.push(k, 0, In::Number(1.0)).unwrap();
        }
        assert!(matches!(
            b.push(11, 0, In::Number(1.0)),
            Err(Refusal::SheetTooLarge { .. })
        ));
        let mut b = Builder::new(&limits, None);
        b.push(0, 0, In::Text("a")).unwrap();
        b.push(0, 16_383, In::Text("far")).unwrap();
        assert!(matches!(
            b.finish(),
            Err(Refusal::TooManyColumns { row: 1, .. })
        ));
    }
}
