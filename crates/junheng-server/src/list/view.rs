//! What `templates/list.html` shows of a list: sortable headers, the filter form, one page of
//! rows, the pager and the download links — every link a query on the same page.

use super::{Filter, List, Row, Value};
use crate::views::query_value;

/// A column header: its sort link and mark.
pub(crate) struct HeaderView {
    pub label: &'static str,
    pub href: String,
    /// `▲`, `▼` or empty.
    pub mark: &'static str,
    /// `ascending`, `descending` or `none` (the `aria-sort` of the header).
    pub aria: &'static str,
}

/// A cell of the page.
pub(crate) struct CellView {
    pub text: String,
    /// A link (first cell only), empty for none.
    pub href: String,
    pub class: &'static str,
    /// A number (right-aligned).
    pub num: bool,
}

/// A drop-down of the filter form.
pub(crate) struct FilterView {
    pub key: &'static str,
    pub label: &'static str,
    /// (value, selected).
    pub options: Vec<(String, bool)>,
}

/// One page of a list, for `templates/list.html`.
pub(crate) struct ListView {
    pub headers: Vec<HeaderView>,
    pub rows: Vec<Vec<CellView>>,
    /// The [`Row::key`] of each row shown, in order.
    pub keys: Vec<usize>,
    pub filters: Vec<FilterView>,
    pub q: String,
    /// Hidden fields of the filter form: the page's own parameters and the sort.
    pub hidden: Vec<(String, String)>,
    /// Rows the filters select, and rows before filtering.
    pub total: usize,
    pub all: usize,
    pub page: usize,
    pub pages: usize,
    /// Links to the previous and next page (empty: none).
    pub prev: String,
    pub next: String,
    /// Links to the downloads of the selected rows.
    pub xlsx: String,
    pub csv: String,
}

/// The query of a link: the page's own parameters, the filters, then `extra`.
fn href(list: &List, sort: bool, extra: &[(&str, String)]) -> String {
    let mut pairs: Vec<(String, String)> = list.kept.clone();
    for (c, f) in list.columns.iter().zip(&list.filters) {
        if let Some(f) = f {
            pairs.push((c.key.to_owned(), f.clone()));
        }
    }
    if !list.q.is_empty() {
        pairs.push(("q".into(), list.q.clone()));
    }
    if sort && let Some(i) = list.sort {
        pairs.push(("sort".into(), list.columns[i].key.to_owned()));
        if list.desc {
            pairs.push(("desc".into(), "1".into()));
        }
    }
    pairs.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", query_value(k), query_value(v)))
        .collect();
    format!("?{}", query.join("&"))
}

/// The page the list asks for of the `selected` rows (`rows`: all rows, for the drop-downs).
pub(super) fn view(list: &List, rows: &[Row], selected: Vec<Row>) -> ListView {
    let headers = list
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let on = list.sort == Some(i);
            // A click on the sorted column turns its direction; on another, sorts ascending.
            let desc = on && !list.desc;
            let mut extra = vec![("sort", c.key.to_owned())];
            if desc {
                extra.push(("desc", "1".to_owned()));
            }
            HeaderView {
                label: c.label,
                href: href(list, false, &extra),
                mark: match (on, list.desc) {
                    (false, _) => "",
                    (true, false) => "▲",
                    (true, true) => "▼",
                },
                aria: match (on, list.desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    let filters = list
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.filter == Filter::Choice)
        .map(|(i, c)| {
            let mut values = list.choices[i].clone().unwrap_or_else(|| {
                rows.iter()
                    .map(|r| r.values[i].shown())
                    .filter(|v| !v.is_empty())
                    .collect()
            });
            values.sort();
            values.dedup();
            let chosen = list.filters[i].as_deref();
            FilterView {
                key: c.key,
                label: c.label,
                options: values
                    .into_iter()
                    .map(|v| {
                        let on = chosen == Some(v.as_str());
                        (v, on)
                    })
                    .collect(),
            }
        })
        .collect();
    let total = selected.len();
    let pages = total.div_ceil(list.page_size).max(1);
    let page = list.page.min(pages);
    let link = |p: usize| href(list, true, &[("page", p.to_string())]);
    let shown: Vec<Row> = selected
        .into_iter()
        .skip((page - 1) * list.page_size)
        .take(list.page_size)
        .collect();
    let keys = shown.iter().map(|r| r.key).collect();
    let shown = shown
        .into_iter()
        .map(|r| {
            r.values
                .iter()
                .enumerate()
                .map(|(i, v)| CellView {
                    text: v.shown(),
                    href: if i == 0 {
                        r.href.clone().unwrap_or_default()
                    } else {
                        String::new()
                    },
                    class: r.classes.get(i).copied().unwrap_or(""),
                    num: matches!(v, Value::Int(_) | Value::Decimal(..)),
                })
                .collect()
        })
        .collect();
    let mut hidden: Vec<(String, String)> = list
        .kept
        .iter()
        .filter(|(k, _)| !list.inputs.contains(&k.as_str()))
        .cloned()
        .collect();
    if let Some(i) = list.sort {
        hidden.push(("sort".into(), list.columns[i].key.to_owned()));
        if list.desc {
            hidden.push(("desc".into(), "1".into()));
        }
    }
    ListView {
        headers,
        rows: shown,
        keys,
        filters,
        q: list.q.clone(),
        hidden,
        total,
        all: rows.len(),
        page,
        pages,
        prev: if page > 1 {
            link(page - 1)
        } else {
            String::new()
        },
        next: if page < pages {
            link(page + 1)
        } else {
            String::new()
        },
        xlsx: href(list, true, &[("format", "xlsx".into())]),
        csv: href(list, true, &[("format", "csv".into())]),
    }
}
