//! `GET /tasks`: the tasks of the viewer's scope as a list (sort, filter by status, owner kind
//! and due state, XLSX/CSV of exactly the filtered rows); `GET /api/v1/tasks`: the same
//! selection as JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use junheng_app::tasks::{self as app, Due};
use junheng_store::{OwnerKind, Task, TaskFilter, TaskStatus};
use serde::{Deserialize, Serialize};

use super::{Names, due_class, due_key, owner_key, source_kind_key, status_key, who};
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("id", "tasks-col-id"),
    Column::plain("title", "tasks-col-title"),
    Column::choice("owner_kind", "tasks-col-owner-kind"),
    Column::plain("owner", "tasks-col-owner"),
    Column::plain("deadline", "tasks-col-deadline"),
    Column::choice("due", "tasks-col-due"),
    Column::choice("status", "tasks-col-status"),
    Column::choice("source_kind", "tasks-col-source-kind"),
    Column::plain("source", "tasks-col-source"),
    Column::plain("created_at", "tasks-col-created-at"),
];

#[derive(Template)]
#[template(path = "tasks.html")]
struct ListPage {
    layout: Layout,
    list: ListView,
    /// Overdue tasks among the viewer's (whatever the filters).
    overdue: usize,
    may_create: bool,
    today: String,
}

/// The tasks of the viewer's scope, with where each stands on `today`: what the page, its
/// downloads and the API show.
async fn scoped(
    here: &Here,
    viewer: &Member,
    today: &str,
) -> Result<(app::Who, Vec<(Task, Due)>), AppError> {
    let who = who(here, viewer).await?;
    let soon = super::soon_days(here);
    let tasks = app::list(&here.store, &who, &TaskFilter::default())
        .await?
        .into_iter()
        .map(|t| {
            let due = app::due(&t, today, soon);
            (t, due)
        })
        .collect();
    Ok((who, tasks))
}

/// `GET /tasks?status=&owner_kind=&due=&q=&sort=&desc=&page=&format=` (`overdue=1` is another
/// name of `due=tasks-due-overdue`, and `status=open…` of its label).
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let today = app::beijing_today();
    let (who, tasks) = scoped(&here, &viewer, &today).await?;
    let names = Names::of(&here).await?;
    // Filters by the stable identifiers are kept as other names of the drop-downs' keys.
    let pairs = pairs
        .into_iter()
        .map(|(k, v)| match (k.as_str(), v.as_str()) {
            ("overdue", "1") => ("due".to_owned(), "tasks-due-overdue".to_owned()),
            ("status", id) if TaskStatus::parse(id).is_some() => {
                let s = TaskStatus::parse(id).unwrap_or(TaskStatus::Open);
                (k, status_key(s).to_owned())
            }
            ("owner_kind", id) if OwnerKind::parse(id).is_some() => {
                let o = OwnerKind::parse(id).unwrap_or(OwnerKind::School);
                (k, owner_key(o).to_owned())
            }
            _ => (k, v),
        })
        .collect();
    let list = List::new(COLUMNS, pairs, &[])?;
    let rows: Vec<Row> = tasks
        .iter()
        .map(|(t, due)| {
            Row::new(vec![
                Value::Int(t.id),
                Value::text(&t.title),
                Value::Label(owner_key(t.owner.kind)),
                Value::text(names.owner(&t.owner)),
                Value::text(&t.deadline),
                Value::Label(due_key(*due)),
                Value::Label(status_key(t.status)),
                t.source
                    .as_ref()
                    .map_or(Value::Empty, |s| Value::Label(source_kind_key(s.kind))),
                t.source
                    .as_ref()
                    .map_or(Value::Empty, |s| Value::text(names.source(s))),
                Value::Time(t.created_at.clone()),
            ])
            .link(format!("/tasks/{}", t.id))
            .class(5, due_class(*due))
        })
        .collect();
    let overdue = tasks.iter().filter(|(_, d)| *d == Due::Overdue).count();
    let name = format!("任务清单-{today}");
    list.respond(&rows, &name, "任务", |list| {
        render(&ListPage {
            layout: Layout::new("tasks-tasks", &viewer),
            list,
            overdue,
            may_create: who.may_create(),
            today: today.clone(),
        })
    })
}

/// `GET /api/v1/tasks` query: `status=open`, `owner_kind=school`, `overdue=1`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ApiQuery {
    status: Option<String>,
    owner_kind: Option<String>,
    overdue: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ApiTask {
    #[serde(flatten)]
    task: Task,
    /// `overdue`, `soon`, `later` or `closed`.
    due: &'static str,
    overdue: bool,
}

#[derive(Serialize)]
pub(crate) struct ApiTasks {
    /// Beijing date the due states are measured on.
    today: String,
    due_soon_days: u32,
    tasks: Vec<ApiTask>,
}

/// `GET /api/v1/tasks`: the tasks of the caller's scope (as `/tasks` lists them).
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: Member,
    Query(q): Query<ApiQuery>,
) -> Result<Json<ApiTasks>, ApiError> {
    let here = state.here(caller.district()?);
    let bad = |what: &str, v: &str| {
        AppError::BadRequest(format!("{what}「{}」未知", crate::views::cut(v)))
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(TaskStatus::parse(s).ok_or_else(|| bad("状态", s))?),
        None => None,
    };
    let kind = match q.owner_kind.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(OwnerKind::parse(k).ok_or_else(|| bad("负责方类型", k))?),
        None => None,
    };
    let only_overdue = matches!(q.overdue.as_deref(), Some("1" | "true"));
    let today = app::beijing_today();
    let (_, tasks) = scoped(&here, &caller, &today).await?;
    let tasks = tasks
        .into_iter()
        .filter(|(t, due)| {
            status.is_none_or(|s| t.status == s)
                && kind.is_none_or(|k| t.owner.kind == k)
                && (!only_overdue || *due == Due::Overdue)
        })
        .map(|(task, due)| ApiTask {
            overdue: due == Due::Overdue,
            due: match due {
                Due::Overdue => "overdue",
                Due::Soon => "soon",
                Due::Later => "later",
                Due::Closed => "closed",
            },
            task,
        })
        .collect();
    Ok(Json(ApiTasks {
        today,
        due_soon_days: super::soon_days(&state),
        tasks,
    }))
}
