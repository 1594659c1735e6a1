//! Going past a [`Limits`] cap: the refusals the readers return, turned into located issues with
//! each template's codes; and the caps on the issues and warnings kept.

use crate::limits::{Limits, size};
use crate::school::Issue;
use crate::school::issue::Place;

/// The codes a template reports going past a cap with (its own prefix: `import.`, `roster.` …).
#[derive(Debug)]
pub(crate) struct LimitCodes {
    pub file_too_large: &'static str,
    pub workbook_too_large: &'static str,
    pub sheet_too_large: &'static str,
    pub too_many_rows: &'static str,
    pub too_many_columns: &'static str,
    pub cell_too_long: &'static str,
    pub more_issues: &'static str,
    pub more_warnings: &'static str,
    pub cells_outside_header: &'static str,
}

/// Why a reader stopped. Sheet, row and column are those the user sees (row from 1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    /// The file is not readable as its format (the reason, in Chinese).
    Unreadable(String),
    /// The file holds more than `max_input_bytes`.
    FileTooLarge,
    /// The container inflates or expands past a cap: what passed it, in Chinese.
    WorkbookTooLarge(String),
    /// The sheet holds more cells or more text than allowed: what passed, in Chinese.
    SheetTooLarge { sheet: Option<String>, what: String },
    /// More data rows than `max_rows`.
    TooManyRows { sheet: Option<String> },
    /// The header row (at `row`) is wider than `max_columns`.
    TooManyColumns {
        sheet: Option<String>,
        row: usize,
        columns: usize,
    },
    /// A cell longer than `max_cell_chars` (`column` is its letter or header; `None` when only
    /// the part of the container is known, named in `part`).
    CellTooLong {
        sheet: Option<String>,
        row: Option<usize>,
        column: Option<String>,
        part: Option<String>,
    },
}

const ADVICE: &str = "请确认选对了文件；删除表格中多余的行、列和内容（或另存为新文件）后重新导入";

impl Refusal {
    /// The refusal as one issue of the file at `place`, with `codes`; `unreadable` is the code
    /// of a file that is not readable as its format.
    pub fn issue(
        &self,
        place: &Place,
        codes: &LimitCodes,
        unreadable: &'static str,
        limits: &Limits,
    ) -> Issue {
        let at = |sheet: &Option<String>| Place {
            file: place.file.clone(),
            sheet: sheet.clone().or_else(|| place.sheet.clone()),
        };
        match self {
            Refusal::Unreadable(why) => place.file_issue(unreadable, why.clone()),
            Refusal::FileTooLarge => place.file_issue(
                codes.file_too_large,
                format!(
                    "文件超过 {} 的大小上限，未读取；{ADVICE}",
                    size(limits.max_input_bytes)
                ),
            ),
            Refusal::WorkbookTooLarge(what) => place.file_issue(
                codes.workbook_too_large,
                format!("工作簿解压或展开后过大（{what}），未读取；{ADVICE}"),
            ),
            Refusal::SheetTooLarge { sheet, what } => at(sheet).file_issue(
                codes.sheet_too_large,
                format!("工作表内容过多（{what}），未读取；{ADVICE}"),
            ),
            Refusal::TooManyRows { sheet } => at(sheet).file_issue(
                codes.too_many_rows,
                format!(
                    "数据行超过 {} 行的上限，未读取；请把数据拆成几个文件分别导入",
                    limits.max_rows
                ),
            ),
            Refusal::TooManyColumns {
                sheet,
                row,
                columns,
            } => at(sheet).issue(
                codes.too_many_columns,
                Some(*row),
                None,
                None,
                format!(
                    "表头有 {columns} 列，超过 {} 列的上限，未读取；模板的列不超过 60 列，请删除多余的列",
                    limits.max_columns
                ),
            ),
            Refusal::CellTooLong {
                sheet,
                row,
                column,
                part,
            } => {
                let part = part
                    .as_ref()
                    .map(|p| format!("（位于 {}）", shown(p)))
                    .unwrap_or_default();
                at(sheet).issue(
                    codes.cell_too_long,
                    *row,
                    column.as_deref(),
                    None,
                    format!(
                        "单元格超过 {} 个字符的上限{part}，未读取；请删除或缩短该单元格的内容",
                        limits.max_cell_chars
                    ),
                )
            }
        }
    }
}

/// Characters of a value, a name or a header shown in a message; longer ones are cut with "…".
pub(crate) const SHOWN_CHARS: usize = 60;

/// `text` cut to [`SHOWN_CHARS`] characters (with "…" when cut), so that no message grows with
/// the input.
pub(crate) fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The letters of a column (0 → A, 26 → AA), as spreadsheets show them.
pub(crate) fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Keeps at most `max` items of `list`, and when more were found (`dropped` besides those
/// beyond `max` in the list, and those counted by summary items already in it) appends one last
/// item saying how many: `noun` is 个问题 or 条警告. The count is in the last item's `value`.
pub(crate) fn cap(
    list: &mut Vec<Issue>,
    max: usize,
    dropped: usize,
    code: &'static str,
    place: &Place,
    noun: &str,
) {
    let mut more = dropped;
    // Summaries already in the list (a reader's, or one pushed before later issues) are merged.
    list.retain(|i| {
        if i.code != code {
            return true;
        }
        more += i
            .value
            .as_deref()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        false
    });
    if list.len() > max {
        more += list.len() - max;
        list.truncate(max);
    }
    if more > 0 {
        let file_only = Place {
            file: place.file.clone(),
            sheet: None,
        };
        list.push(file_only.issue(
            code,
            None,
            None,
            Some(more.to_string()),
            format!("另有 {more} {noun}未列出"),
        ));
    }
}

/// How many issues a list stands for: its length, plus the count its last item carries when
/// it is a summary [`cap`] appended (a code ending in `suffix`: `.more_issues`).
pub(crate) fn count(list: &[Issue], suffix: &str) -> usize {
    match list.last() {
        Some(last) if last.code.ends_with(suffix) => {
            list.len() - 1
                + last
                    .value
                    .as_deref()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
        }
        _ => list.len(),
    }
}

/// A list of issues that keeps at most `max` and counts the rest.
#[derive(Debug)]
pub(crate) struct Capped {
    pub list: Vec<Issue>,
    pub max: usize,
    pub dropped: usize,
}

impl Capped {
    pub fn new(max: usize) -> Self {
        Capped {
            list: Vec::new(),
            max,
            dropped: 0,
        }
    }

    /// Keeps `issue` unless `max` are kept already (then counts it). `make` is only called when
    /// the issue is kept, so a dropped issue costs nothing.
    pub fn push_with(&mut self, make: impl FnOnce() -> Issue) {
        if self.list.len() < self.max {
            self.list.push(make());
        } else {
            self.dropped += 1;
        }
    }

    /// The list with its summary item, if any.
    pub fn into_list(mut self, code: &'static str, place: &Place, noun: &str) -> Vec<Issue> {
        cap(&mut self.list, self.max, self.dropped, code, place, noun);
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            file: "a.csv".into(),
            sheet: Some("表".into()),
        }
    }

    #[test]
    fn lists_are_cut_with_a_count_of_the_rest() {
        let p = place();
        let mut list: Vec<Issue> = (0..10)
            .map(|i| p.issue("x", Some(i), None, None, "坏".into()))
            .collect();
        cap(&mut list, 4, 3, "more", &p, "个问题");
        assert_eq!(list.len(), 5);
        assert_eq!(list[4].message, "另有 9 个问题未列出");
        assert_eq!(count(&list, "more"), 13);
        // Capping again keeps the count, wherever the summary sits.
        list.insert(0, p.issue("x", None, None, None, "坏".into()));
        cap(&mut list, 2, 0, "more", &p, "个问题");
        assert_eq!(list.len(), 3);
        assert_eq!(count(&list, "more"), 14);
        let mut short = vec![p.issue("x", None, None, None, "坏".into())];
        cap(&mut short, 4, 0, "more", &p, "个问题");
        assert_eq!(short.len(), 1);
    }

    #[test]
    fn shown_text_is_cut_and_letters_are_excel_s() {
        assert_eq!(shown("短"), "短");
        let long = "字".repeat(100);
        assert_eq!(shown(&long).chars().count(), SHOWN_CHARS + 1);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
