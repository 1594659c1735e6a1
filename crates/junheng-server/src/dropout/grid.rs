//! The grids of 控辍保学's pages and workbooks: counts per school and state (small cells
//! suppressed) or named rows, drawn by `dropout_grid.html` and written as a workbook sheet.

use super::*;

/// A table of counts or names drawn by `dropout_grid.html` and written to a workbook sheet: its
/// headers (catalogue keys) and rows.
pub(crate) struct Grid {
    /// `id` of the table.
    pub id: &'static str,
    /// Its title (a catalogue key).
    pub title: &'static str,
    /// The sheet's name in a workbook.
    pub sheet: &'static str,
    /// Column headers (catalogue keys).
    pub headers: Vec<&'static str>,
    pub rows: Vec<GridRow>,
    /// A totals row, if any.
    pub totals: Option<Vec<GridCell>>,
}

/// A row of a [`Grid`].
pub(crate) struct GridRow {
    /// Where the first cell links to (empty: nowhere).
    pub href: String,
    pub cells: Vec<GridCell>,
    /// The row's class (`fail` for a breach), or empty.
    pub class: &'static str,
}

/// A cell of a [`Grid`].
pub(crate) struct GridCell {
    /// Data, or a catalogue key when `label`.
    pub text: String,
    /// A catalogue key (shown in the page's language, written in Chinese).
    pub label: bool,
    /// A count (right-aligned; a number in a workbook unless suppressed).
    pub num: bool,
}

impl GridCell {
    /// Data.
    pub(super) fn text(text: impl Into<String>) -> GridCell {
        GridCell {
            text: text.into(),
            label: false,
            num: false,
        }
    }

    /// A count, or what a suppressed count shows (`<10`, `*`).
    pub(super) fn count(text: impl Into<String>) -> GridCell {
        GridCell {
            text: text.into(),
            label: false,
            num: true,
        }
    }

    /// An interface text by its key.
    pub(super) fn label(key: &'static str) -> GridCell {
        GridCell {
            text: key.to_owned(),
            label: true,
            num: false,
        }
    }

    fn cell(&self) -> junheng_io::export::Cell {
        use junheng_io::export::Cell as X;
        if self.label {
            return X::text(Lang::Zh.lookup(&self.text).unwrap_or(&self.text));
        }
        match self.text.parse::<i64>() {
            Ok(n) if self.num => X::Integer(n),
            _ => X::text(self.text.clone()),
        }
    }
}

impl GridRow {
    pub(super) fn new(cells: Vec<GridCell>) -> GridRow {
        GridRow {
            href: String::new(),
            cells,
            class: "",
        }
    }

    pub(super) fn link(mut self, href: String) -> GridRow {
        self.href = href;
        self
    }
}

impl Grid {
    /// The grid as a workbook sheet: Chinese headers, labels in Chinese, counts as numbers.
    pub(super) fn table(&self) -> Table {
        let mut rows: Vec<Vec<junheng_io::export::Cell>> = self
            .rows
            .iter()
            .map(|r| r.cells.iter().map(GridCell::cell).collect())
            .collect();
        if let Some(t) = &self.totals {
            rows.push(t.iter().map(GridCell::cell).collect());
        }
        Table {
            sheet: self.sheet,
            headers: self
                .headers
                .iter()
                .map(|h| Lang::Zh.t(h).to_owned())
                .collect(),
            rows,
        }
    }
}

/// A table of counts (rows × columns) as a viewer may see it: exact for those who see names,
/// else with every small cell suppressed and the totals hiding nothing
/// (`junheng_core::student::suppress`, the rule of `junheng_app::students::suppressed`).
pub(crate) struct Counts {
    pub cells: Vec<Vec<String>>,
    pub row_totals: Vec<String>,
    pub column_totals: Vec<String>,
    pub total: String,
}

impl Counts {
    pub(super) fn of(rows: &[Vec<u64>], columns: usize, exact: bool, k: u64) -> Counts {
        if exact {
            let column_totals: Vec<u64> = (0..columns)
                .map(|j| rows.iter().map(|r| r[j]).sum())
                .collect();
            return Counts {
                cells: rows
                    .iter()
                    .map(|r| r.iter().map(u64::to_string).collect())
                    .collect(),
                row_totals: rows
                    .iter()
                    .map(|r| r.iter().sum::<u64>().to_string())
                    .collect(),
                total: column_totals.iter().sum::<u64>().to_string(),
                column_totals: column_totals.iter().map(u64::to_string).collect(),
            };
        }
        if rows.is_empty() {
            return Counts {
                cells: Vec::new(),
                row_totals: Vec::new(),
                column_totals: vec!["0".into(); columns],
                total: "0".into(),
            };
        }
        let s: Suppressed = suppress(rows, k);
        let text = |c: &Cell| c.text(k);
        Counts {
            cells: s
                .cells
                .iter()
                .map(|r| r.iter().map(text).collect())
                .collect(),
            row_totals: s.row_totals.iter().map(text).collect(),
            column_totals: s.column_totals.iter().map(text).collect(),
            total: text(&s.total),
        }
    }
}
