//! The audit log: who did what, when — one sentence per entry in the viewer's language
//! (`sentence`), filtered by person, action and a range of Beijing dates, sorted, paged and
//! downloaded through the list mechanism (`crate::list`); downloads are in Chinese.
//! Administrators and supervisors of the district only.

mod sentence;

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::date::{civil_from_days, days_from_civil};
use junheng_store::{AuditFilter, AuditRecord};
use serde::Deserialize;

use crate::access::DistrictReader;
use crate::error::{AppError, Message};
use crate::i18n::{Arg, Lang};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};
use sentence::{KINDS, Names, Sentence, any_kind, kind_code, kind_name};

/// The most entries one page or download reads (newest first); a narrower date range or
/// filter shows older ones.
const MOST: usize = 5_000;

/// The columns of the audit list.
const COLUMNS: &[Column] = &[
    Column::plain("at", "list-time"),
    Column::choice("actor", "versions-actor"),
    Column::choice("action", "common-action"),
    Column::plain("record", "city-record"),
];

/// `?from=2026-12-01&to=2026-12-03`: Beijing dates, both included.
#[derive(Deserialize)]
pub(crate) struct Range {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    from: String,
    to: String,
    capped: bool,
    list: ListView,
    /// The rows of the page (those of `list.keys`), drawn by the template.
    entries: Vec<EntryView>,
}

/// One entry of a record's history (its page's 变更记录): when, and the sentence.
pub(crate) struct HistoryLine {
    pub at: String,
    pub record: Vec<Piece>,
}

/// The newest `limit` entries about `target` (e.g. `group:3`) as sentences in `lang`.
pub(crate) async fn history(
    here: &Here,
    lang: Lang,
    target: String,
    limit: u32,
) -> Result<Vec<HistoryLine>, AppError> {
    let filter = AuditFilter {
        limit,
        district: Some(here.district.id),
        target: Some(target),
        ..AuditFilter::default()
    };
    let entries = here.state.store.audit_log(&filter).await?;
    let names = names(here).await?;
    Ok(entries
        .iter()
        .map(|e| {
            let s = sentence::sentence(lang, &names, &e.actor, &e.action, &e.target, &e.detail);
            HistoryLine {
                at: crate::views::time(&e.at),
                record: s
                    .pieces()
                    .into_iter()
                    .map(|(text, data)| Piece::new(lang, text, data))
                    .collect(),
            }
        })
        .collect())
}

/// A row of the page.
struct EntryView {
    at: String,
    actor: Piece,
    action: String,
    record: Vec<Piece>,
}

/// A piece of text; `zh`: Chinese data on an English page (marked `lang="zh-CN"`).
pub(crate) struct Piece {
    pub text: String,
    pub zh: bool,
}

impl Piece {
    fn new(lang: Lang, text: String, data: bool) -> Piece {
        let zh = data && lang == Lang::En && !text.is_ascii();
        Piece { text, zh }
    }
}

/// A Beijing date `YYYY-MM-DD` as the UTC time its day starts (plus `days`), as stored; `bad`
/// is the catalogue key of the refusal (`audit-error-from-date`), its variable `$v` the text.
fn day_start(text: &str, days: i64, bad: &'static str) -> Result<String, AppError> {
    let bad = || {
        AppError::bad_request(Message {
            key: bad,
            args: vec![("v", Arg::from(crate::views::cut(text)))],
        })
    };
    let part = |r: std::ops::Range<usize>| text.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) else {
        return Err(bad());
    };
    if text.len() != 10 || !junheng_core::date::is_real_day(y.into(), m, d) {
        return Err(bad());
    }
    // 00:00 in Beijing is 16:00 UTC of the day before.
    let (y, m, d) = civil_from_days(days_from_civil(y.into(), m, d) + days - 1);
    Ok(format!("{y:04}-{m:02}-{d:02}T16:00:00.000Z"))
}

/// Display names of the district's users and names of its groups, for the sentences.
async fn names(here: &Here) -> Result<Names, AppError> {
    let users = here.state.store.users(Some(here.district.id)).await?;
    let groups = here.store.groups().await?;
    let shown = |u: &junheng_store::User| {
        if u.display_name.is_empty() {
            u.name.clone()
        } else {
            u.display_name.clone()
        }
    };
    Ok(Names {
        logins: users.iter().map(|u| (u.name.clone(), shown(u))).collect(),
        users: users.iter().map(|u| (u.id, shown(u))).collect(),
        groups: groups
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect::<HashMap<_, _>>(),
    })
}

/// The district's entries the filter selects, newest first, at most [`MOST`]; and whether
/// there were more.
async fn entries(
    here: &Here,
    filter: AuditFilter,
    exact: Option<&str>,
) -> Result<(Vec<AuditRecord>, bool), AppError> {
    let mut filter = filter;
    let mut out = Vec::new();
    loop {
        let page = here.state.store.audit_log(&filter).await?;
        let full = page.len() == filter.limit as usize;
        filter.before_id = page.last().map(|e| e.id);
        out.extend(
            page.into_iter()
                .filter(|e| exact.is_none_or(|a| e.action == a)),
        );
        if !full {
            return Ok((out, false));
        }
        if out.len() >= MOST {
            out.truncate(MOST);
            return Ok((out, true));
        }
    }
}

/// The list row of an entry: its action and sentence in `lang`.
fn row(lang: Lang, names: &Names, e: &AuditRecord) -> (Row, Sentence) {
    let record = sentence::sentence(lang, names, &e.actor, &e.action, &e.target, &e.detail);
    let row = Row::new(vec![
        Value::Time(e.at.clone()),
        Value::Text(e.actor.clone()),
        Value::Text(kind_name(lang, &e.action)),
        Value::Text(record.text()),
    ]);
    (row, record)
}

/// `GET /audit?actor=&action=&from=&to=&q=&sort=&desc=&page=&format=`. The action filter
/// offers the names of the actions in the viewer's language; a code, or a name in the other
/// language (a link from a page in it), means the same action.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(range): Query<Range>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let lang = viewer.lang;
    let here = state.here(viewer.district()?);
    let names = names(&here).await?;
    let mut logins: Vec<String> = names.logins.keys().cloned().collect();
    logins.push("system".into());
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| match any_kind(v.trim()) {
            Some(code) if k == "action" => (k, kind_name(lang, code)),
            _ => (k, v),
        })
        .collect();
    let list = List::new(COLUMNS, pairs.clone(), &["from", "to"])?
        .with_inputs(&["from", "to"])
        .with_choices("actor", logins)
        .with_choices(
            "action",
            KINDS
                .iter()
                .map(|(code, _)| kind_name(lang, code))
                .collect(),
        );
    let action = match list.filter("action") {
        Some(name) => Some(kind_code(lang, name).ok_or_else(|| {
            let name = crate::views::cut(name);
            AppError::bad_request(crate::msg!("audit-error-no-action", v = name))
        })?),
        None => None,
    };
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let (from, to) = (present(&range.from), present(&range.to));
    let filter = AuditFilter {
        limit: AuditFilter::MAX_LIMIT,
        before_id: None,
        action_prefix: action.map(str::to_owned),
        actor: list.filter("actor").map(str::to_owned),
        district: Some(here.district.id),
        since: from
            .map(|f| day_start(f, 0, "audit-error-from-date"))
            .transpose()?,
        until: to
            .map(|t| day_start(t, 1, "audit-error-to-date"))
            .transpose()?,
        target: None,
    };
    let (entries, capped) = entries(&here, filter, action).await?;
    let (rows, records): (Vec<Row>, Vec<Sentence>) = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (r, record) = row(lang, &names, e);
            (r.key(i), record)
        })
        .unzip();
    // Downloads are in Chinese: the rows the page's search, filters and order select.
    let name = Lang::Zh.t("audit-audit-log");
    if list.is_download() && lang != Lang::Zh {
        let chosen: Vec<Row> = list
            .select(&rows)
            .iter()
            .map(|r| row(Lang::Zh, &names, &entries[r.key]).0)
            .collect();
        let format = pairs.into_iter().filter(|(k, _)| k == "format").collect();
        return List::new(COLUMNS, format, &[])?.respond(&chosen, name, name, |_| {
            unreachable!("a download renders no page")
        });
    }
    list.respond(&rows, name, name, |list| {
        let entries = list
            .keys
            .iter()
            .map(|&k| {
                let e = &entries[k];
                EntryView {
                    at: crate::views::time(&e.at),
                    actor: Piece::new(lang, e.actor.clone(), true),
                    action: kind_name(lang, &e.action),
                    record: records[k]
                        .pieces()
                        .into_iter()
                        .map(|(text, data)| Piece::new(lang, text, data))
                        .collect(),
                }
            })
            .collect();
        render(&AuditPage {
            layout: Layout::new("audit-audit-log", &viewer),
            from: from.unwrap_or_default().to_owned(),
            to: to.unwrap_or_default().to_owned(),
            capped,
            list,
            entries,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days_start_at_16_utc_the_day_before() {
        let from = "audit-error-from-date";
        assert_eq!(
            day_start("2026-12-03", 0, from).unwrap(),
            "2026-12-02T16:00:00.000Z"
        );
        assert_eq!(
            day_start("2026-12-31", 1, "audit-error-to-date").unwrap(),
            "2026-12-31T16:00:00.000Z"
        );
        assert_eq!(
            day_start("2027-01-01", 0, from).unwrap(),
            "2026-12-31T16:00:00.000Z"
        );
        let e = day_start("2026-02-30", 0, from).unwrap_err();
        assert!(e.to_string().starts_with("起始日期应写作"), "{e}");
        let (en, _) = e.message(Lang::En);
        assert!(en.starts_with("The start date should be"), "{en}");
        assert!(day_start("20261203", 0, from).is_err());
    }
}
