//! Plain-text tables that line up in a terminal, Chinese characters counted as two columns, and
//! where a text result goes.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use unicode_width::UnicodeWidthStr;

/// Where a text result (a report, JSON) goes: a new file, or stdout. Buffered: flush it.
pub fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("无法创建 {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Column alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of text cells.
pub struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[(&str, Align)]) -> Self {
        Self {
            headers: headers.iter().map(|(h, a)| ((*h).to_owned(), *a)).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push(cells);
    }

    /// Renders with two spaces between columns and an indent.
    pub fn render(&self, indent: &str) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|(h, _)| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let mut out = String::new();
        let mut line = |cells: &mut dyn Iterator<Item = &String>| {
            out.push_str(indent);
            let mut parts = Vec::new();
            for (i, cell) in cells.enumerate() {
                let pad = " ".repeat(widths[i] - cell.width());
                parts.push(match self.headers[i].1 {
                    Align::Left => format!("{cell}{pad}"),
                    Align::Right => format!("{pad}{cell}"),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&mut self.headers.iter().map(|(h, _)| h));
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&mut rule.iter());
        for row in &self.rows {
            line(&mut row.iter());
        }
        out
    }
}

/// Prints `value` as pretty JSON on stdout (the `--json` of the reports).
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<crate::Outcome, crate::Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| crate::Failure::Output(e.into()))?;
    println!("{text}");
    Ok(crate::Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_line_up() {
        let mut t = Table::new(&[("学校", Align::Left), ("值", Align::Right)]);
        t.row(vec!["龙凤中心小学".into(), "1.5".into()]);
        t.row(vec!["A".into(), "12.25".into()]);
        let text = t.render("");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("学校{}值", " ".repeat(13)));
        assert_eq!(lines[2], "龙凤中心小学    1.5");
        assert_eq!(lines[3], format!("A{}12.25", " ".repeat(13)));
        assert_eq!(lines[2].width(), lines[3].width());
    }
}
