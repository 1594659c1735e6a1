//! The plan as files (XLSX, JSON) — made from the same scoped plan as the page — and accepting
//! it into the ledger: first a page that shows what will be written (moves, teachers, schools)
//! and asks to confirm, then one batch of moves.

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_rotation::Plan;
use serde::Deserialize;

use crate::access::{Admin, Planner, Sees};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::rotation::Data;
use crate::state::{AppState, Here};
use crate::views::{Layout, XLSX, download, render};

use super::{PlanQuery, compute, plan_hash, scoped};

/// The data and plan of a query that must name its year.
async fn required(
    here: &Here,
    sees: &Sees,
    q: &PlanQuery,
) -> Result<(Arc<Data>, Arc<Plan>), AppError> {
    compute(here, sees, q)
        .await?
        .ok_or_else(|| AppError::bad_request(crate::msg!("plan-error-year")))
}

/// The plan of a query as the caller may see it.
async fn scoped_plan(here: &Here, planner: &Planner, q: &PlanQuery) -> Result<Plan, AppError> {
    let sees = planner.sees();
    let (data, plan) = required(here, &sees, q).await?;
    Ok(scoped(&plan, &sees, &data))
}

/// `GET /plan.xlsx?…`: the plan the same query shows.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    planner: Planner,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let here = state.here(planner.district()?);
    let plan = scoped_plan(&here, &planner, &q).await?;
    let bytes = junheng_io::rotation::write_plan_xlsx(&plan)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        XLSX,
        &format!("交流方案-{}.xlsx", plan.options.year),
        bytes,
    ))
}

/// `GET /plan.json?…`: the plan the same query shows.
pub(crate) async fn json(
    State(state): State<AppState>,
    planner: Planner,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let here = state.here(planner.district()?);
    let plan = scoped_plan(&here, &planner, &q).await?;
    let bytes = serde_json::to_vec_pretty(&plan).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        "application/json; charset=utf-8",
        &format!("交流方案-{}.json", plan.options.year),
        bytes,
    ))
}

#[derive(Deserialize)]
pub(crate) struct Accept {
    hash: String,
    #[serde(default)]
    note: String,
    /// Set by the confirmation page's ticked box; without it the page is shown.
    #[serde(default)]
    confirm: String,
    #[serde(flatten)]
    query: PlanQuery,
}

/// One move of the confirmation page.
struct AcceptRow {
    teacher: String,
    from: String,
    to: String,
    term: String,
}

#[derive(Template)]
#[template(path = "plan_accept.html")]
struct AcceptPage {
    layout: Layout,
    moves: Vec<AcceptRow>,
    teachers: usize,
    from_schools: usize,
    to_schools: usize,
    scope: String,
    year: i32,
    rulebook: String,
    group: String,
    max_moves: String,
    max_km: String,
    hash: String,
    note: String,
    back: String,
}

/// `POST /plan/accept` (administrators): recomputes the plan with the same parameters (rulebook
/// included) and refuses it if it differs from the one shown (its hash, which covers the
/// rulebook). Without `confirm`, shows what would be written (moves, teachers, schools) and asks
/// to confirm; with it, adds the moves to the ledger as one batch and shows the ledger with the
/// batch saved.
pub(crate) async fn accept(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<Accept>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let (_, plan) = required(&here, &admin.sees(), &form.query).await?;
    if plan_hash(&plan) != form.hash.trim() {
        return Err(AppError::conflict(crate::msg!("plan-error-changed")));
    }
    let moves = plan.as_ledger();
    if moves.is_empty() {
        return Err(AppError::bad_request(crate::msg!("plan-error-empty")));
    }
    let note = match form.note.trim() {
        "" => format!("交流方案（{}，{} 学年起）", plan.scope, plan.term.0),
        n if n.chars().count() > 500 => {
            return Err(AppError::bad_request(crate::msg!(
                "common-error-note-length",
                n = 500
            )));
        }
        n => n.to_owned(),
    };
    if form.confirm.trim().is_empty() {
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        let page = AcceptPage {
            layout: Layout::new("plan-confirm-accepting-the-rotation", &admin),
            teachers: moves
                .iter()
                .map(|m| &m.teacher)
                .collect::<BTreeSet<_>>()
                .len(),
            from_schools: moves.iter().map(|m| &m.from).collect::<BTreeSet<_>>().len(),
            to_schools: moves.iter().map(|m| &m.to).collect::<BTreeSet<_>>().len(),
            moves: plan
                .moves
                .iter()
                .map(|m| AcceptRow {
                    teacher: m.teacher.to_string(),
                    from: format!("{} {}", m.from, m.from_name),
                    to: format!("{} {}", m.to, m.to_name),
                    term: format!("{}–{}", plan.term.0, plan.term.1),
                })
                .collect(),
            scope: plan.scope.clone(),
            year: plan.options.year,
            rulebook: plan.rulebook.clone(),
            group: field(&form.query.group),
            max_moves: field(&form.query.max_moves),
            max_km: field(&form.query.max_km),
            hash: form.hash.trim().to_owned(),
            note: form.note.trim().to_owned(),
            back: format!(
                "/plan?year={}&rulebook={}&group={}&max_moves={}&max_km={}",
                plan.options.year,
                plan.rulebook,
                crate::views::urlencode(&field(&form.query.group)),
                crate::views::urlencode(&field(&form.query.max_moves)),
                crate::views::urlencode(&field(&form.query.max_km)),
            ),
        };
        return Ok(render(&page));
    }
    let ids =
        junheng_app::rotation::accept_plan(&here.store, &moves, &admin.actor(), &note).await?;
    let back = crate::rotation::batch_href(plan.options.year, &plan.rulebook, ids[0]);
    Ok(Redirect::to(&back).into_response())
}
