//! The administrator's writes on the board: raising tasks from the 督导评估 gap list (shown
//! first, then confirmed), a task's budget, a plan. Each is the use case's, audited there; each
//! sends the browser back to the board with a notice.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::board::{self as app, Proposal};
use junheng_store::{NewPlan, OwnerKind, PlanKind, TaskFilter, TaskOwner};
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::inspection::{InspectionQuery, load};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::tasks::{Names, owner_key, refused, who};
use crate::views::{Layout, render};

struct ProposalView {
    /// Data.
    title: String,
    kind: &'static str,
    owner: String,
    detail: String,
    existing: Option<i64>,
}

#[derive(Template)]
#[template(path = "board_raise.html")]
struct RaisePage {
    layout: Layout,
    year: i32,
    rulebook: String,
    proposals: Vec<ProposalView>,
    new: usize,
    deadline: String,
    owner: String,
}

/// `?year=&rulebook=&owner=` of the raise preview.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RaiseQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub owner: Option<String>,
}

/// The department that owns what neither a school nor the 责任清单 claims (default 区教委).
fn fallback(name: Option<&str>) -> Result<TaskOwner, AppError> {
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("区教委");
    Ok(TaskOwner::new(OwnerKind::Department, name)?)
}

/// `GET /board/raise?year=`: what raising from the year's gap list would create, and the form
/// that confirms it.
pub(crate) async fn preview(
    State(state): State<AppState>,
    viewer: Admin,
    Query(q): Query<RaiseQuery>,
) -> Result<Response, AppError> {
    let iq = InspectionQuery {
        year: q.year,
        rulebook: q.rulebook.clone(),
        done: None,
    };
    let (here, sel, s) = load(&state, &viewer, &iq).await?;
    let owner = fallback(q.owner.as_deref())?;
    let open = here.store.tasks(&TaskFilter::default()).await?;
    let duties = here.store.duties().await?;
    let names = Names::of(&here).await?;
    let proposals: Vec<Proposal> = app::proposals(&s.verdict, &duties, &owner, &open);
    let deadline = format!("{}-08-31", s.year + 1);
    Ok(render(&RaisePage {
        layout: Layout::new("board-raise-title", &viewer),
        year: s.year,
        rulebook: sel.rulebook.id.clone(),
        new: proposals.iter().filter(|p| p.existing.is_none()).count(),
        proposals: proposals
            .into_iter()
            .map(|p| ProposalView {
                kind: owner_key(p.owner.kind),
                owner: names.owner(&p.owner),
                title: p.title,
                detail: p.detail,
                existing: p.existing,
            })
            .collect(),
        deadline,
        owner: owner.key,
    }))
}

/// The raise form.
#[derive(Debug, Deserialize)]
pub(crate) struct RaiseForm {
    year: i32,
    rulebook: Option<String>,
    deadline: String,
    owner: Option<String>,
    confirm: Option<String>,
}

/// `POST /board/raise`: year, rulebook, deadline, the fallback department, `confirm`.
pub(crate) async fn raise(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<RaiseForm>,
) -> Result<Response, AppError> {
    if form.confirm.as_deref().unwrap_or("").is_empty() {
        return Err(AppError::bad_request(crate::msg!("board-confirm")));
    }
    let iq = InspectionQuery {
        year: Some(form.year),
        rulebook: form.rulebook.clone(),
        done: None,
    };
    let (here, _, s) = load(&state, &viewer, &iq).await?;
    let who = who(&here, &viewer).await?;
    let owner = fallback(form.owner.as_deref())?;
    let raised = app::raise(&here.store, &who, &s.verdict, &form.deadline, &owner)
        .await
        .map_err(refused)?;
    Ok(Redirect::to(&format!(
        "/board?done=raised&n={}&kept={}",
        raised.created.len(),
        raised.kept
    ))
    .into_response())
}

/// The budget form.
#[derive(Debug, Deserialize)]
pub(crate) struct BudgetForm {
    task: i64,
    amount: String,
    funded_by: String,
}

/// `POST /board/budgets`: a task's budget in 元 and its 资金来源.
pub(crate) async fn budget(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<BudgetForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    app::set_budget(&here.store, &who, form.task, &form.amount, &form.funded_by)
        .await
        .map_err(refused)?;
    Ok(Redirect::to("/board?done=budget").into_response())
}

/// The plan form: `tasks` are task numbers separated by commas or spaces.
#[derive(Debug, Deserialize)]
pub(crate) struct PlanForm {
    title: String,
    kind: String,
    owner_kind: String,
    owner_key: String,
    year: i32,
    tasks: String,
}

/// `POST /board/plans`: a plan of tasks.
pub(crate) async fn plan(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<PlanForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let kind = PlanKind::parse(&form.kind)
        .ok_or_else(|| AppError::bad_request(crate::msg!("board-bad-kind")))?;
    let owner_kind = OwnerKind::parse(&form.owner_kind)
        .ok_or_else(|| AppError::bad_request(crate::msg!("board-bad-kind")))?;
    let owner = TaskOwner::new(owner_kind, &form.owner_key)?;
    let tasks = task_ids(&form.tasks)?;
    let id = app::create_plan(
        &here.store,
        &who,
        &NewPlan {
            title: &form.title,
            kind,
            owner: &owner,
            year: form.year,
        },
        &tasks,
    )
    .await
    .map_err(refused)?;
    Ok(Redirect::to(&format!("/board/plans/{id}?done=plan")).into_response())
}

/// Task numbers written `12, 15 16` (`#12` too).
fn task_ids(text: &str) -> Result<Vec<i64>, AppError> {
    text.split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i64>().map_err(|_| {
                AppError::bad_request(crate::msg!("board-bad-task", v = crate::views::cut(t)))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn task_numbers_are_read_from_commas_and_spaces() {
        assert_eq!(super::task_ids("12, #15，16  ").unwrap(), [12, 15, 16]);
        assert!(super::task_ids("12 x").is_err());
    }
}
