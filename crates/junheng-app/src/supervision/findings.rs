//! The findings of a form: one a line, each with its severity.

use junheng_store::limits::{MAX_FINDING_TEXT, MAX_VISIT_FINDINGS};
use junheng_store::{Severity, StoreError};

/// Reads the findings of a form: one a line, empty lines left out, a leading list marker
/// (`1.`, `1、`, `（1）`, `-`, `•`) dropped; a line may start with its severity — `严重：`,
/// `较重：`, `一般：` (or `【严重】`, `[严重]`) — and is 一般 without.
///
/// ```
/// use junheng_app::supervision::parse_findings;
/// use junheng_store::Severity;
/// let found = parse_findings("1. 严重：实验室存在安全隐患\n\n【较重】图书更新不足\n功能室使用记录不全").unwrap();
/// assert_eq!(found[0], (Severity::Severe, "实验室存在安全隐患".to_owned()));
/// assert_eq!(found[1], (Severity::Serious, "图书更新不足".to_owned()));
/// assert_eq!(found[2], (Severity::General, "功能室使用记录不全".to_owned()));
/// assert!(parse_findings("严重：").is_err());
/// ```
pub fn parse_findings(text: &str) -> Result<Vec<(Severity, String)>, StoreError> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let n = out.len() + 1;
        let line = strip_marker(line);
        let (severity, rest) = severity_prefix(line);
        let rest = rest.trim();
        if rest.is_empty() {
            return Err(StoreError::Invalid(format!(
                "第 {n} 条督导发现只写了严重程度，没有写发现的问题"
            )));
        }
        if rest.chars().count() > MAX_FINDING_TEXT {
            return Err(StoreError::Invalid(format!(
                "第 {n} 条督导发现超过 {MAX_FINDING_TEXT} 个字，请拆成几条或精简"
            )));
        }
        out.push((severity, rest.to_owned()));
    }
    if out.len() > MAX_VISIT_FINDINGS {
        return Err(StoreError::Invalid(format!(
            "一次督导最多记录 {MAX_VISIT_FINDINGS} 条发现，收到 {} 条",
            out.len()
        )));
    }
    Ok(out)
}

/// A line without its list marker.
fn strip_marker(line: &str) -> &str {
    for bullet in ["-", "•", "·", "*"] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    if let Some(rest) = line.strip_prefix('（').or_else(|| line.strip_prefix('('))
        && let Some(end) = rest.find(['）', ')'])
        && !rest[..end].is_empty()
        && rest[..end].chars().all(|c| c.is_ascii_digit())
    {
        let close = rest[end..].chars().next().map_or(1, char::len_utf8);
        return rest[end + close..].trim_start();
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        for mark in ['.', '、', '．', ')', '）'] {
            if let Some(after) = rest.strip_prefix(mark) {
                return after.trim_start();
            }
        }
    }
    line
}

/// The severity a line starts with, and the rest.
fn severity_prefix(line: &str) -> (Severity, &str) {
    for s in Severity::ALL {
        let label = s.label();
        for (open, close) in [("【", "】"), ("[", "]")] {
            if let Some(rest) = line
                .strip_prefix(open)
                .and_then(|r| r.strip_prefix(label))
                .and_then(|r| r.strip_prefix(close))
            {
                return (s, rest);
            }
        }
        if let Some(rest) = line.strip_prefix(label)
            && let Some(rest) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))
        {
            return (s, rest);
        }
    }
    (Severity::General, line)
}
