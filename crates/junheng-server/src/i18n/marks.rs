//! Chinese data inside the interface's own texts, as HTML: school names, indicator names and
//! units, section names, the engine's sentences stay Chinese on an English page, marked
//! `lang="zh-CN"` (an English page has no Chinese outside such marks). A Chinese page is
//! Chinese throughout and carries no marks: its text and markup stay as they were.
//!
//! A sentence with data is one message of the catalogue whose data variables are marked here
//! ([`html`]); a chart's `<text>` marks with `<tspan>` ([`svg`]), since an HTML `<span>` would
//! end the SVG (a `<title>` is HTML inside, so tooltips use [`html`]).

use crate::charts::escape;
use crate::i18n::{Arg, Lang};

/// The attribute of an element that holds only data: ` lang="zh-CN"` on an English page.
pub(crate) fn lang_attr(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => r#" lang="zh-CN""#,
    }
}

/// Data as HTML: escaped, and on an English page marked by a `<span lang="zh-CN">`.
pub(crate) fn zh(lang: Lang, text: &str) -> String {
    mark(lang, text, "span")
}

fn mark(lang: Lang, text: &str, tag: &str) -> String {
    match lang {
        Lang::Zh => escape(text),
        Lang::En => format!(r#"<{tag} lang="zh-CN">{}</{tag}>"#, escape(text)),
    }
}

/// A variable of a message rendered as HTML.
#[derive(Debug, Clone)]
pub(crate) enum Var<'a> {
    /// A number or an interface text: formatted by the catalogue (plurals select by it),
    /// escaped with the message.
    Arg(Arg),
    /// Chinese data: escaped and marked.
    Data(&'a str),
    /// HTML the caller made (a link, data marked already): put in as it is.
    Html(String),
}

impl Var<'_> {
    /// A number or interface text.
    pub(crate) fn arg(value: impl Into<Arg>) -> Self {
        Var::Arg(value.into())
    }
}

/// The message `key` as HTML (for `|safe`): its text escaped, its data variables marked.
pub(crate) fn html(lang: Lang, key: &str, vars: &[(&str, Var<'_>)]) -> String {
    render(lang, key, vars, Some("span"))
}

/// The message `key` for an SVG `<text>`: as [`html`], data marked by `<tspan>`.
pub(crate) fn svg(lang: Lang, key: &str, vars: &[(&str, Var<'_>)]) -> String {
    render(lang, key, vars, Some("tspan"))
}

/// The message `key` as plain text, its data as they are: what a chart measures the width of.
pub(crate) fn plain(lang: Lang, key: &str, vars: &[(&str, Var<'_>)]) -> String {
    render(lang, key, vars, None)
}

/// Formats with a private-use placeholder for each data and HTML variable, escapes the text
/// (as HTML, when `tag` is given), then puts the marked data in.
fn render(lang: Lang, key: &str, vars: &[(&str, Var<'_>)], tag: Option<&str>) -> String {
    let placeholder = |i: usize| format!("\u{e000}{i}\u{e001}");
    let mut args = Vec::with_capacity(vars.len());
    let mut pieces = Vec::new();
    for (name, var) in vars {
        let piece = match (var, tag) {
            (Var::Arg(a), _) => {
                args.push((*name, a.clone()));
                continue;
            }
            (Var::Data(d), Some(tag)) => mark(lang, d, tag),
            (Var::Data(d), None) => (*d).to_owned(),
            (Var::Html(h), _) => h.clone(),
        };
        args.push((*name, Arg::Text(placeholder(pieces.len()))));
        pieces.push(piece);
    }
    let text = lang.tf(key, &args);
    let mut out = if tag.is_some() { escape(&text) } else { text };
    for (i, piece) in pieces.iter().enumerate() {
        out = out.replace(&placeholder(i), piece);
    }
    out
}

/// Items of a list in the language's way: `、` between Chinese items, `, ` between English
/// ones (each already HTML).
pub(crate) fn list(lang: Lang, items: &[String]) -> String {
    items.join(lang.t("common-separator"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_marked_on_english_pages_only_and_always_escaped() {
        assert_eq!(zh(Lang::Zh, "甲<乙>"), "甲&lt;乙&gt;");
        assert_eq!(zh(Lang::En, "甲"), r#"<span lang="zh-CN">甲</span>"#);
        assert_eq!(
            svg(Lang::En, "charts-value-unit", &[("unit", Var::Data("元"))]),
            r#"Value (<tspan lang="zh-CN">元</tspan>)"#
        );
        assert_eq!(lang_attr(Lang::Zh), "");
        let vars = [
            ("name", Var::Data("骨干<教师>")),
            ("cv", Var::arg("0.620")),
            ("limit", Var::arg("0.5")),
        ];
        assert_eq!(
            html(Lang::Zh, "charts-cv-tip", &vars),
            "骨干&lt;教师&gt;：差异系数 0.620，上限 0.5"
        );
        assert_eq!(
            html(Lang::En, "charts-cv-tip", &vars),
            r#"<span lang="zh-CN">骨干&lt;教师&gt;</span>: coefficient of variation 0.620, limit 0.5"#
        );
        assert_eq!(
            plain(Lang::En, "charts-cv-tip", &vars),
            "骨干<教师>: coefficient of variation 0.620, limit 0.5"
        );
        assert_eq!(list(Lang::Zh, &["a".into(), "b".into()]), "a、b");
        assert_eq!(list(Lang::En, &["a".into(), "b".into()]), "a, b");
    }
}
