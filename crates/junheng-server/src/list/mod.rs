//! List pages: one mechanism to sort by any column (a click on its header), filter (a search
//! box and a drop-down per filterable column), page, and download exactly the filtered rows as
//! XLSX or CSV. Everything is in the query (`sort`, `desc`, `q`, `page`, `format`, one
//! parameter per filterable column, named by its key), so it works without JavaScript and a
//! page and its downloads come from the one scoped selection its handler builds.
//!
//! A handler builds its rows (only what the viewer may see), then:
//!
//! ```ignore
//! const COLUMNS: &[Column] = &[Column::text("code", "学校标识码"), Column::choice("kind", "list-school-type")];
//! let list = List::new(COLUMNS, pairs, &["year"])?;        // Query<Vec<(String, String)>>
//! let rows: Vec<Row> = records.map(|r| Row::new(vec![Value::text(&r.code), …])).collect();
//! list.respond(rows, "学校名单-2024", |view| render(&Page { layout, list: view }))
//! ```
//!
//! and its template includes `list.html`. See DEVELOPERS.md.

mod view;

use axum::response::Response;
use junheng_io::export::{Cell, Table, write_csv, write_xlsx};

use crate::error::AppError;
use crate::i18n::Lang;
pub(crate) use view::ListView;

/// Rows per page.
pub(crate) const PAGE_SIZE: usize = 50;

/// Longest search text kept.
const SEARCH: usize = 100;

/// How a column filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// Not filterable by itself (the search box still looks into it).
    None,
    /// A drop-down of the column's values.
    Choice,
}

/// A column of a list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Its name in the query (`sort=key`, `key=value`).
    pub key: &'static str,
    /// Its Chinese header (an interface text: translated by `Lang::t`).
    pub label: &'static str,
    /// How it filters.
    pub filter: Filter,
}

impl Column {
    /// A column sorted and searched, without a drop-down.
    pub(crate) const fn plain(key: &'static str, label: &'static str) -> Column {
        Column {
            key,
            label,
            filter: Filter::None,
        }
    }

    /// A column with a drop-down filter of its values.
    pub(crate) const fn choice(key: &'static str, label: &'static str) -> Column {
        Column {
            key,
            label,
            filter: Filter::Choice,
        }
    }
}

/// A cell's value: what the page shows, how it sorts and what the download holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number shown with this many decimals (the download keeps full precision, in a
    /// numeric cell with that number format).
    Decimal(f64, u8),
    /// A stored UTC time: shown and exported as Beijing time ([`crate::views::time`]),
    /// sorted by the time itself.
    Time(String),
    /// An interface text (a role, a state, a verdict) by its catalogue key: the page shows it in
    /// the viewer's language, filters and sorts by the key, downloads it in Chinese.
    Label(&'static str),
    /// Nothing.
    Empty,
}

impl Value {
    /// A text value.
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A text value, or nothing.
    pub(crate) fn maybe(s: Option<String>) -> Value {
        s.filter(|s| !s.is_empty())
            .map_or(Value::Empty, Value::Text)
    }

    /// What the page shows.
    pub(crate) fn shown(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Decimal(x, d) => format!("{x:.*}", usize::from(*d)),
            Value::Time(t) => crate::views::time(t),
            Value::Label(key) => (*key).to_owned(),
            Value::Empty => String::new(),
        }
    }

    /// Whether a search for `q` finds this value (a label in either language).
    fn contains(&self, q: &str) -> bool {
        match self {
            Value::Label(key) => [Lang::Zh, Lang::En]
                .iter()
                .any(|l| l.t(key).to_lowercase().contains(&q.to_lowercase())),
            v => v.shown().contains(q),
        }
    }

    /// Its number, if it is one.
    fn number(&self) -> Option<f64> {
        match self {
            Value::Int(n) => Some(*n as f64),
            Value::Decimal(x, _) => Some(*x),
            _ => None,
        }
    }

    /// The value as a download holds it (a label in Chinese).
    pub(crate) fn cell(&self) -> Cell {
        match self {
            Value::Text(s) => Cell::text(s.clone()),
            Value::Int(n) => Cell::Integer(*n),
            Value::Decimal(x, d) => Cell::Decimal(*x, *d),
            Value::Time(t) => Cell::text(crate::views::time(t)),
            Value::Label(key) => Cell::text(Lang::Zh.t(key)),
            Value::Empty => Cell::Empty,
        }
    }

    /// Order: numbers by value, texts by their characters, nothing last.
    fn order(&self, other: &Value) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self.number(), other.number()) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            _ => match (self, other) {
                (Value::Empty, Value::Empty) => Ordering::Equal,
                (Value::Empty, _) => Ordering::Greater,
                (_, Value::Empty) => Ordering::Less,
                (Value::Time(a), Value::Time(b)) => a.cmp(b),
                _ => self.shown().cmp(&other.shown()),
            },
        }
    }
}

/// A row of a list: its values (one per column), a link on its first cell and a CSS class per
/// cell (`pass`, `fail`, or empty).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// One value per column.
    pub values: Vec<Value>,
    /// Where the first cell links to.
    pub href: Option<String>,
    /// A class per column (missing: none).
    pub classes: Vec<&'static str>,
    /// The handler's own index of the row ([`Row::key`]), for pages that draw their rows
    /// themselves (with forms per row) from [`ListView::keys`].
    pub key: usize,
}

impl Row {
    /// A row of these values.
    pub(crate) fn new(values: Vec<Value>) -> Row {
        Row {
            values,
            href: None,
            classes: Vec::new(),
            key: 0,
        }
    }

    /// The handler's own index of the row: the page lists the keys of the rows it shows
    /// ([`ListView::keys`]) so it can draw them with its own cells.
    pub(crate) fn key(mut self, key: usize) -> Row {
        self.key = key;
        self
    }

    /// The first cell links to `href`.
    pub(crate) fn link(mut self, href: String) -> Row {
        self.href = Some(href);
        self
    }

    /// Column `col` carries the CSS class `class`.
    pub(crate) fn class(mut self, col: usize, class: &'static str) -> Row {
        if self.classes.len() <= col {
            self.classes.resize(col + 1, "");
        }
        self.classes[col] = class;
        self
    }
}

/// The format asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// The page.
    Html,
    /// An .xlsx workbook of the filtered rows.
    Xlsx,
    /// A CSV file (UTF-8 with BOM) of the filtered rows.
    Csv,
}

/// A list request: its columns and what the query asks of them.
#[derive(Debug, Clone)]
pub(crate) struct List {
    columns: &'static [Column],
    /// Sorted by this column, if any.
    sort: Option<usize>,
    desc: bool,
    /// The search text (trimmed, cut).
    q: String,
    /// Per column: the value its drop-down asks for.
    filters: Vec<Option<String>>,
    /// Drop-down values given by the handler instead of the rows' own.
    choices: Vec<Option<Vec<String>>>,
    page: usize,
    format: Format,
    /// The page's own parameters, kept in every link (`year`, `rulebook` …).
    kept: Vec<(String, String)>,
    /// Those of them the page shows as inputs of the list's form (`form="list-form"`), not
    /// as hidden fields.
    inputs: &'static [&'static str],
    /// Rows per page.
    page_size: usize,
}

impl List {
    /// Reads the list's parameters from the query pairs; `keep` names the page's own
    /// parameters that every link of the list carries on. An unknown sort column, page or
    /// format is a 400 that names what is expected.
    pub(crate) fn new(
        columns: &'static [Column],
        pairs: Vec<(String, String)>,
        keep: &[&str],
    ) -> Result<List, AppError> {
        let mut list = List {
            columns,
            sort: None,
            desc: false,
            q: String::new(),
            filters: vec![None; columns.len()],
            choices: vec![None; columns.len()],
            page: 1,
            format: Format::Html,
            kept: Vec::new(),
            inputs: &[],
            page_size: PAGE_SIZE,
        };
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "sort" if !value.is_empty() => {
                    let i = columns.iter().position(|c| c.key == value).ok_or_else(|| {
                        let keys: Vec<&str> = columns.iter().map(|c| c.key).collect();
                        AppError::BadRequest(format!(
                            "不能按「{}」排序；可用的列：{}",
                            crate::views::cut(value),
                            keys.join("、")
                        ))
                    })?;
                    list.sort = Some(i);
                }
                "desc" => list.desc = value == "1",
                "q" => list.q = value.chars().take(SEARCH).collect(),
                "page" if !value.is_empty() => {
                    list.page =
                        value
                            .parse::<usize>()
                            .ok()
                            .filter(|p| *p >= 1)
                            .ok_or_else(|| {
                                AppError::BadRequest(format!(
                                    "页码应为从 1 起的整数，收到「{}」",
                                    crate::views::cut(value)
                                ))
                            })?;
                }
                "format" if !value.is_empty() => {
                    list.format = match value {
                        "xlsx" => Format::Xlsx,
                        "csv" => Format::Csv,
                        "html" => Format::Html,
                        _ => {
                            return Err(AppError::BadRequest(format!(
                                "下载格式应为 xlsx 或 csv，收到「{}」",
                                crate::views::cut(value)
                            )));
                        }
                    }
                }
                _ => {
                    if let Some(i) = columns
                        .iter()
                        .position(|c| c.key == key && c.filter == Filter::Choice)
                    {
                        list.filters[i] =
                            (!value.is_empty()).then(|| value.chars().take(SEARCH).collect());
                    } else if keep.contains(&key.as_str()) && !value.is_empty() {
                        let value: String = value.chars().take(SEARCH).collect();
                        list.kept.retain(|(k, _)| *k != key);
                        list.kept.push((key, value));
                    }
                }
            }
        }
        Ok(list)
    }

    /// The value the drop-down of column `key` asks for.
    pub(crate) fn filter(&self, key: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c.key == key)?;
        self.filters[i].as_deref()
    }

    /// The drop-down of column `key` offers these values (instead of the rows' own).
    pub(crate) fn with_choices(mut self, key: &str, values: Vec<String>) -> List {
        if let Some(i) = self.columns.iter().position(|c| c.key == key) {
            self.choices[i] = Some(values);
        }
        self
    }

    /// The page shows these of its own parameters as inputs joined to the list's form
    /// (`<input form="list-form" name="…">`) rather than as hidden fields.
    pub(crate) fn with_inputs(mut self, keys: &'static [&'static str]) -> List {
        self.inputs = keys;
        self
    }

    /// Pages of `rows` rows instead of [`PAGE_SIZE`] (a list whose rows carry forms the user
    /// works through, like the rotation ledger's).
    pub(crate) fn with_page_size(mut self, rows: usize) -> List {
        self.page_size = rows.max(1);
        self
    }

    /// Whether the query asks for a download (`format=xlsx|csv`) rather than the page.
    pub(crate) fn is_download(&self) -> bool {
        self.format != Format::Html
    }

    /// Whether a row passes the search and every drop-down.
    fn keeps(&self, row: &Row) -> bool {
        let filters = self
            .filters
            .iter()
            .zip(&row.values)
            .all(|(f, v)| f.as_deref().is_none_or(|f| v.shown() == f));
        filters && (self.q.is_empty() || row.values.iter().any(|v| v.contains(&self.q)))
    }

    /// The rows the query selects, in its order: what the page pages through and what a
    /// download holds.
    pub(crate) fn select(&self, rows: &[Row]) -> Vec<Row> {
        let mut kept: Vec<Row> = rows.iter().filter(|r| self.keeps(r)).cloned().collect();
        if let Some(i) = self.sort {
            kept.sort_by(|a, b| {
                let (x, y) = (&a.values[i], &b.values[i]);
                match (x, y, self.desc) {
                    // Nothing stays last in both directions.
                    (Value::Empty, _, _) | (_, Value::Empty, _) => x.order(y),
                    (_, _, true) => y.order(x),
                    (_, _, false) => x.order(y),
                }
            });
        }
        kept
    }

    /// The answer: a download of the selected rows when `format=xlsx|csv` (named
    /// `name.xlsx` / `name.csv`, one sheet called `sheet`), else the page `page` renders.
    pub(crate) fn respond(
        &self,
        rows: &[Row],
        name: &str,
        sheet: &'static str,
        page: impl FnOnce(ListView) -> Response,
    ) -> Result<Response, AppError> {
        let selected = self.select(rows);
        match self.format {
            Format::Html => Ok(page(view::view(self, rows, selected))),
            format => self.download(&selected, name, sheet, format),
        }
    }

    /// The rows the query selects as a workbook sheet called `sheet` (for a page whose download
    /// is a workbook of several sheets, this list's among them).
    pub(crate) fn table(&self, rows: &[Row], sheet: &'static str) -> Table {
        self.sheet_of(&self.select(rows), sheet)
    }

    fn sheet_of(&self, rows: &[Row], sheet: &'static str) -> Table {
        Table {
            sheet,
            // Downloads keep the Chinese headers of the official tables.
            headers: self
                .columns
                .iter()
                .map(|c| Lang::Zh.t(c.label).to_owned())
                .collect(),
            rows: rows
                .iter()
                .map(|r| r.values.iter().map(Value::cell).collect())
                .collect(),
        }
    }

    /// The XLSX download of a page whose workbook holds more than its list: the rows the query
    /// selects as sheet `sheet`, then the sheets `more`, named `name.xlsx`.
    pub(crate) fn workbook(
        &self,
        rows: &[Row],
        sheet: &'static str,
        more: Vec<Table>,
        name: &str,
    ) -> Result<Response, AppError> {
        let mut all = vec![self.table(rows, sheet)];
        all.extend(more);
        let bytes = write_xlsx(&all).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(crate::views::download(
            crate::views::XLSX,
            &format!("{name}.xlsx"),
            bytes,
        ))
    }

    /// Whether the query asks for the XLSX download (rather than CSV or the page).
    pub(crate) fn is_xlsx(&self) -> bool {
        self.format == Format::Xlsx
    }

    fn download(
        &self,
        rows: &[Row],
        name: &str,
        sheet: &'static str,
        format: Format,
    ) -> Result<Response, AppError> {
        let table = self.sheet_of(rows, sheet);
        let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
        Ok(match format {
            Format::Csv => {
                let mut bytes = Vec::new();
                write_csv(&table, &mut bytes).map_err(|e| internal(&e))?;
                crate::views::download("text/csv; charset=utf-8", &format!("{name}.csv"), bytes)
            }
            _ => {
                let bytes = write_xlsx(&[table]).map_err(|e| internal(&e))?;
                crate::views::download(crate::views::XLSX, &format!("{name}.xlsx"), bytes)
            }
        })
    }
}

#[cfg(test)]
mod tests;
