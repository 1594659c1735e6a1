//! The reading of an export: header matching and answers.

use junheng_core::survey::{Group, Question};

use super::SurveyFile;
use super::codes::{self, TABLE};
use crate::limits::Limits;
use crate::school::{ImportFailure, Issue};
use crate::table::{Table, Value};

/// The columns an online survey adds that are dropped before anything is kept: the time, the
/// address, the channel.
pub const DROPPED: [&str; 6] = [
    "序号",
    "提交答卷时间",
    "所用时间",
    "来源",
    "来源详情",
    "来自IP",
];

/// Cells that mean "skipped".
const SKIPPED: [&str; 4] = ["(跳过)", "（跳过）", "-3", "(空)"];

/// A question header split: its number and its text (`1、题目`, `1.题目`, `Q1、题目`).
fn header_parts(h: &str) -> Option<(usize, &str)> {
    let t = h.trim().trim_start_matches(['Q', 'q']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let no: usize = t[..digits].parse().ok()?;
    let rest = t[digits..].trim_start();
    let rest = ["、", ".", "．", "，", ","]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))?;
    Some((no, rest.trim()))
}

/// A question's text compared loosely: no spaces, no end punctuation, full-width brackets as
/// half-width.
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .trim_end_matches(['？', '?', '。', '：', ':'])
        .to_owned()
}

/// Whether a header's text is the question's: equal, or equal once an option in brackets at
/// its end is taken off (`题目(选项)`).
fn same_question(header: &str, q: &Question) -> bool {
    let (h, want) = (norm(header), norm(&q.text));
    if h == want {
        return true;
    }
    h.strip_suffix(')')
        .and_then(|x| x.rfind('(').map(|i| &x[..i]))
        .is_some_and(|x| x.trim_end_matches(['？', '?', '。', '：', ':']) == want)
}

/// The option a cell names: its text, or its number (1 = first option).
fn option_of(q: &Question, v: &Value) -> Result<Option<u8>, ()> {
    let shown = v.shown().map(|s| s.trim().to_owned()).unwrap_or_default();
    if shown.is_empty() || SKIPPED.contains(&shown.as_str()) {
        return Ok(None);
    }
    if let Some(i) = q.options.iter().position(|o| o.label == shown) {
        return u8::try_from(i).map(Some).map_err(|_| ());
    }
    match shown.parse::<usize>() {
        Ok(n) if (1..=q.options.len()).contains(&n) => {
            u8::try_from(n - 1).map(Some).map_err(|_| ())
        }
        _ => Err(()),
    }
}

/// Reads an export for `group` (format from the name's extension) within the default limits.
pub fn read(group: &Group, bytes: &[u8], file_name: &str) -> Result<SurveyFile, ImportFailure> {
    read_with(group, bytes, file_name, &Limits::default())
}

/// [`read`] within the given limits.
pub fn read_with(
    group: &Group,
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<SurveyFile, ImportFailure> {
    let table =
        crate::table::read_with(bytes, file_name, "答卷", &TABLE, limits).map_err(|issue| {
            ImportFailure {
                issues: vec![*issue],
                warnings: Vec::new(),
            }
        })?;
    let mut issues: Vec<Issue> = Vec::new();
    let mut warnings = table.warnings.clone();
    // The column of each question; the rest dropped.
    let mut columns: Vec<Option<usize>> = vec![None; group.questions.len()];
    // Questions whose column was found with another text (reported once, not as missing too).
    let mut mistyped = vec![false; group.questions.len()];
    for (j, h) in table.headers.iter().enumerate() {
        let Some(h) = h else { continue };
        if DROPPED.contains(&h.as_str()) {
            continue;
        }
        let Some((no, text)) = header_parts(h) else {
            table.warn(&mut warnings, || {
                table.issue(
                    codes::COLUMN_IGNORED,
                    Some(table.header_row),
                    Some(h),
                    None,
                    "不是题目列（应为“题号、题目”），已忽略，其内容不会保存".into(),
                )
            });
            continue;
        };
        let Some(q) = group.questions.iter().find(|q| q.no == no) else {
            table.push(&mut issues, || {
                table.issue(
                    codes::QUESTION_UNKNOWN,
                    Some(table.header_row),
                    Some(h),
                    Some(no.to_string()),
                    format!("{}问卷只有第 1 至 {} 题", group.name, group.questions.len()),
                )
            });
            continue;
        };
        if !same_question(text, q) {
            mistyped[no - 1] = true;
            table.push(&mut issues, || {
                table.issue(
                    codes::QUESTION_TEXT,
                    Some(table.header_row),
                    Some(h),
                    Some(text.to_owned()),
                    format!("第 {no} 题应为“{}”", q.text),
                )
            });
            continue;
        }
        if columns[no - 1].is_some() {
            table.push(&mut issues, || {
                table.issue(
                    codes::DUPLICATE_COLUMN,
                    Some(table.header_row),
                    Some(h),
                    None,
                    format!("第 {no} 题有两列"),
                )
            });
            continue;
        }
        columns[no - 1] = Some(j);
    }
    for ((q, c), mistyped) in group.questions.iter().zip(&columns).zip(&mistyped) {
        if c.is_none() && !mistyped {
            table.push(&mut issues, || {
                table.issue(
                    codes::QUESTION_MISSING,
                    Some(table.header_row),
                    None,
                    None,
                    format!(
                        "缺少第 {} 题“{}”的列（应为“{}、{}”）",
                        q.no, q.text, q.no, q.text
                    ),
                )
            });
        }
    }
    if !issues.is_empty() {
        return Err(ImportFailure { issues, warnings });
    }
    if table.rows.is_empty() {
        return Err(table
            .place
            .fail(codes::NO_DATA_ROWS, "文件只有表头，没有答卷".into()));
    }
    let mut answers = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut one = Vec::with_capacity(group.questions.len());
        for (q, c) in group.questions.iter().zip(&columns) {
            let v = Table::cell(row, *c);
            match option_of(q, v) {
                Ok(a) => one.push(a),
                Err(()) => {
                    let header = c.and_then(|j| table.headers[j].clone());
                    table.push(&mut issues, || {
                        table.issue(
                            codes::OPTION_UNKNOWN,
                            Some(row.line),
                            header.as_deref(),
                            v.shown(),
                            format!(
                                "应为选项之一：{}（或其序号 1 至 {}），跳过的题留空",
                                q.options
                                    .iter()
                                    .map(|o| o.label.as_str())
                                    .collect::<Vec<_>>()
                                    .join("、"),
                                q.options.len()
                            ),
                        )
                    });
                    one.push(None);
                }
            }
        }
        if !junheng_core::survey::answered_any(group, &one) {
            table.push(&mut issues, || {
                table.issue(
                    codes::EMPTY_RESPONSE,
                    Some(row.line),
                    None,
                    None,
                    "这份答卷没有回答任何计入认可度的题".into(),
                )
            });
        }
        answers.push(one);
    }
    if issues.is_empty() {
        Ok(SurveyFile { answers, warnings })
    } else {
        Err(ImportFailure { issues, warnings })
    }
}
