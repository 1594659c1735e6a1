//! The small fixed tables of the health pages (rates by grade and sex, across rounds, by grade,
//! the targets): drawn by `health_table.html` in the viewer's language and written to a workbook
//! sheet in Chinese, from the same cells.

use junheng_io::export::Cell as X;

use crate::i18n::Lang;

/// A table: its headers (catalogue keys) and rows.
pub(crate) struct Table {
    /// `id` of the table.
    pub id: &'static str,
    /// Its title (a catalogue key).
    pub title: &'static str,
    /// The sheet's name in a workbook.
    pub sheet: &'static str,
    /// Column headers (catalogue keys).
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// A cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// Data, or a catalogue key when `label`.
    pub text: String,
    /// A catalogue key (shown in the page's language, written in Chinese).
    pub label: bool,
    /// A number (right-aligned; a number in a workbook unless suppressed).
    pub num: bool,
    /// Its class (`fail` below a target), or empty.
    pub class: &'static str,
    /// Where it links to, or empty.
    pub href: String,
}

impl Cell {
    /// Data.
    pub(crate) fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            label: false,
            num: false,
            class: "",
            href: String::new(),
        }
    }

    /// A number, or what a suppressed one shows (`<10`, `*`).
    pub(crate) fn num(text: impl Into<String>) -> Cell {
        Cell {
            num: true,
            ..Cell::text(text)
        }
    }

    /// An interface text by its key.
    pub(crate) fn label(key: &'static str) -> Cell {
        Cell {
            text: key.to_owned(),
            label: true,
            num: false,
            class: "",
            href: String::new(),
        }
    }

    /// The cell linking to `href`.
    pub(crate) fn link(mut self, href: String) -> Cell {
        self.href = href;
        self
    }

    /// The cell with class `class`.
    pub(crate) fn class(mut self, class: &'static str) -> Cell {
        self.class = class;
        self
    }

    fn cell(&self) -> X {
        if self.label {
            return X::text(Lang::Zh.lookup(&self.text).unwrap_or(&self.text));
        }
        if self.num {
            if let Ok(n) = self.text.parse::<i64>() {
                return X::Integer(n);
            }
            if let Ok(x) = self.text.parse::<f64>() {
                return X::Decimal(x, 1);
            }
        }
        if self.text.is_empty() {
            X::Empty
        } else {
            X::text(self.text.clone())
        }
    }
}

impl Table {
    /// The table as a workbook sheet: Chinese headers and labels, numbers as numbers.
    pub(crate) fn sheet(&self) -> junheng_io::export::Table {
        junheng_io::export::Table {
            sheet: self.sheet,
            headers: self
                .headers
                .iter()
                .map(|h| Lang::Zh.t(h).to_owned())
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::cell).collect())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_holds_numbers_as_numbers_and_labels_in_chinese() {
        let t = Table {
            id: "t",
            title: "health-title",
            sheet: "表",
            headers: vec!["health-col-tested"],
            rows: vec![vec![
                Cell::num("12"),
                Cell::num("96.4"),
                Cell::num("<10"),
                Cell::label("health-unscored"),
                Cell::text(""),
            ]],
        };
        let s = t.sheet();
        assert_eq!(s.headers, vec![Lang::Zh.t("health-col-tested").to_owned()]);
        assert_eq!(
            s.rows[0],
            vec![
                X::Integer(12),
                X::Decimal(96.4, 1),
                X::text("<10"),
                X::text("未评分"),
                X::Empty
            ]
        );
    }
}
