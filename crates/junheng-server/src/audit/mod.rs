//! The audit log: who did what, when — one Chinese sentence per entry (`sentence`), filtered by
//! person, action and a range of Beijing dates, sorted, paged and downloaded through the list
//! mechanism (`crate::list`). Administrators and supervisors of the district only.

mod sentence;

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::date::{civil_from_days, days_from_civil};
use junheng_store::{AuditFilter, AuditRecord};
use serde::Deserialize;

use crate::access::DistrictReader;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};
use sentence::{KINDS, Names, kind_code, kind_name};

/// The most entries one page or download reads (newest first); a narrower date range or
/// filter shows older ones.
const MOST: usize = 5_000;

/// The columns of the audit list.
const COLUMNS: &[Column] = &[
    Column::plain("at", "时间"),
    Column::choice("actor", "操作人"),
    Column::choice("action", "操作"),
    Column::plain("record", "记录"),
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
}

/// A Beijing date `YYYY-MM-DD` as the UTC time its day starts (plus `days`), as stored.
fn day_start(text: &str, days: i64, field: &str) -> Result<String, AppError> {
    let bad = || {
        AppError::BadRequest(format!(
            "{field}应写作 2026-12-03 这样的日期，收到「{}」",
            crate::views::cut(text)
        ))
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

/// `GET /audit?actor=&action=&from=&to=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(range): Query<Range>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let names = names(&here).await?;
    let mut logins: Vec<String> = names.logins.keys().cloned().collect();
    logins.push("system".into());
    let list = List::new(COLUMNS, pairs, &["from", "to"])?
        .with_inputs(&["from", "to"])
        .with_choices("actor", logins)
        .with_choices(
            "action",
            KINDS.iter().map(|(_, n)| (*n).to_owned()).collect(),
        );
    let action = match list.filter("action") {
        Some(name) => Some(kind_code(name).ok_or_else(|| {
            AppError::BadRequest(format!("没有名为「{}」的操作", crate::views::cut(name)))
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
        since: from.map(|f| day_start(f, 0, "起始日期")).transpose()?,
        until: to.map(|t| day_start(t, 1, "截止日期")).transpose()?,
    };
    let (entries, capped) = entries(&here, filter, action).await?;
    let rows: Vec<Row> = entries
        .into_iter()
        .map(|e| {
            let record = sentence::sentence(&names, &e.actor, &e.action, &e.target, &e.detail);
            Row::new(vec![
                Value::Time(e.at),
                Value::Text(e.actor),
                Value::Text(kind_name(&e.action)),
                Value::Text(record),
            ])
        })
        .collect();
    list.respond(&rows, "审计日志", "审计日志", |list| {
        render(&AuditPage {
            layout: Layout::new("审计日志", &viewer),
            from: from.unwrap_or_default().to_owned(),
            to: to.unwrap_or_default().to_owned(),
            capped,
            list,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days_start_at_16_utc_the_day_before() {
        assert_eq!(
            day_start("2026-12-03", 0, "起始日期").unwrap(),
            "2026-12-02T16:00:00.000Z"
        );
        assert_eq!(
            day_start("2026-12-31", 1, "截止日期").unwrap(),
            "2026-12-31T16:00:00.000Z"
        );
        assert_eq!(
            day_start("2027-01-01", 0, "起始日期").unwrap(),
            "2026-12-31T16:00:00.000Z"
        );
        let e = day_start("2026-02-30", 0, "起始日期").unwrap_err();
        assert!(e.to_string().starts_with("起始日期应写作"), "{e}");
        assert!(day_start("20261203", 0, "x").is_err());
    }
}
