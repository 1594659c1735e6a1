//! The audit log: who did what, when. Administrators and supervisors only.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_store::AuditFilter;
use serde::Deserialize;

use crate::access::DistrictReader;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

const PAGE: u32 = 100;

#[derive(Deserialize)]
pub(crate) struct AuditQuery {
    before: Option<i64>,
    action: Option<String>,
    actor: Option<String>,
}

pub(crate) struct Row {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<Row>,
    action: String,
    actor: String,
    next: String,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let bounded = |v: &Option<String>| {
        v.as_deref()
            .map(|a| a.trim().chars().take(64).collect::<String>())
            .filter(|a| !a.is_empty())
    };
    let (action, actor) = (bounded(&q.action), bounded(&q.actor));
    let filter = AuditFilter {
        limit: PAGE,
        before_id: q.before,
        action_prefix: action.clone(),
        actor: actor.clone(),
        district: Some(here.district.id),
    };
    let entries = here.state.store.audit_log(&filter).await?;
    let next = match entries.last() {
        Some(last) if entries.len() == PAGE as usize => format!(
            "/audit?before={}&action={}&actor={}",
            last.id,
            crate::views::query_value(action.as_deref().unwrap_or_default()),
            crate::views::query_value(actor.as_deref().unwrap_or_default())
        ),
        _ => String::new(),
    };
    let rows = entries
        .into_iter()
        .map(|e| Row {
            at: e.at,
            actor: e.actor,
            action: e.action,
            target: e.target,
            detail: e.detail,
        })
        .collect();
    let page = AuditPage {
        layout: Layout::new("审计日志", &viewer),
        rows,
        action: action.unwrap_or_default(),
        actor: actor.unwrap_or_default(),
        next,
    };
    Ok(render(&page))
}
