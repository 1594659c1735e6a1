//! `GET /board/plans/{id}`: a plan (一校一策, 一集团一案, 专项) with its tasks as the viewer sees
//! them — status, deadline, where each stands, budget — and its progress.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use junheng_app::board as app;
use junheng_app::tasks::{self as tasks_app, due};
use serde::Deserialize;

use super::{CountsView, yuan};
use crate::access::Member;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::tasks::{Names, due_key, owner_key, soon_days, status_key, who};
use crate::views::{Layout, render};

struct TaskLine {
    id: i64,
    /// Data.
    title: String,
    owner: String,
    deadline: String,
    status: &'static str,
    due: &'static str,
    class: &'static str,
    budget: String,
}

#[derive(Template)]
#[template(path = "board_plan.html")]
struct PlanPage {
    layout: Layout,
    id: i64,
    title: String,
    kind: &'static str,
    owner_kind: &'static str,
    owner: String,
    year: i32,
    tasks: Vec<TaskLine>,
    counts: CountsView,
    budget: String,
    done: bool,
}

/// `?done=plan` after the plan was created.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PlanQuery {
    pub done: Option<String>,
}

/// `GET /board/plans/{id}`
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let (plan, members) = app::plan(&here.store, &who, id).await?;
    let today = tasks_app::beijing_today();
    let soon = soon_days(&here);
    let budgets = here.store.task_budgets().await?;
    let names = Names::of(&here).await?;
    let progress = app::board(
        &members,
        &budgets,
        std::slice::from_ref(&plan),
        true,
        |_| None,
        &today,
        soon,
    );
    let counts = progress.plans.first().map(|p| p.counts).unwrap_or_default();
    let tasks = members
        .iter()
        .map(|t| {
            let d = due(t, &today, soon);
            TaskLine {
                id: t.id,
                title: t.title.clone(),
                owner: names.owner(&t.owner),
                deadline: t.deadline.clone(),
                status: status_key(t.status),
                due: due_key(d),
                class: if d == tasks_app::Due::Overdue {
                    "fail"
                } else {
                    ""
                },
                budget: budgets.get(&t.id).map_or("—".to_owned(), |b| {
                    format!("{}（{}）", yuan(b.amount_fen), b.funded_by)
                }),
            }
        })
        .collect();
    Ok(render(&PlanPage {
        layout: Layout::new("board-plan-title", &viewer),
        id: plan.id,
        title: plan.title.clone(),
        kind: plan.kind.label(),
        owner_kind: owner_key(plan.owner.kind),
        owner: names.owner(&plan.owner),
        year: plan.year,
        tasks,
        counts: (&counts).into(),
        budget: yuan(progress.plans.first().map_or(0, |p| p.budget_fen)),
        done: q.done.as_deref() == Some("plan"),
    }))
}
