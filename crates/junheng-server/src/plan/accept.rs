//! The plan as files (XLSX, JSON) and accepting it into the ledger.

use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_rotation::Plan;
use junheng_store::MoveSource;
use serde::Deserialize;

use crate::access::require_admin;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::{XLSX, download};

use super::{PlanQuery, compute, plan_hash};

/// The plan of a query that must name its year.
async fn required(state: &AppState, viewer: &Viewer, q: &PlanQuery) -> Result<Arc<Plan>, AppError> {
    let (_, plan) = compute(state, viewer, q)
        .await?
        .ok_or_else(|| AppError::BadRequest("请指定学年（year）".into()))?;
    Ok(plan)
}

/// `GET /plan.xlsx?…`: the plan the same query shows.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let plan = required(&state, &viewer, &q).await?;
    let bytes = junheng_io::rotation::write_plan_xlsx(&plan)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        XLSX,
        &format!("plan-{}.xlsx", plan.options.year),
        bytes,
    ))
}

/// `GET /plan.json?…`: the plan the same query shows.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let plan = required(&state, &viewer, &q).await?;
    let bytes = serde_json::to_vec_pretty(&*plan).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        "application/json; charset=utf-8",
        &format!("plan-{}.json", plan.options.year),
        bytes,
    ))
}

#[derive(Deserialize)]
pub(crate) struct Accept {
    csrf: String,
    hash: String,
    #[serde(default)]
    note: String,
    #[serde(flatten)]
    query: PlanQuery,
}

/// `POST /plan/accept` (administrators): recomputes the plan with the same parameters (rulebook
/// included), refuses it if it differs from the one shown (its hash, which covers the rulebook),
/// then adds its moves to the ledger.
pub(crate) async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<Accept>,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    viewer.check_csrf(&form.csrf)?;
    let plan = required(&state, &viewer, &form.query).await?;
    if plan_hash(&plan) != form.hash.trim() {
        return Err(AppError::Conflict(
            "方案已变化：页面显示之后，花名册、台账或学校统计数据有了改动，按相同条件重新计算的方案与页面上的不同。请刷新交流方案页面，核对新方案后再采纳。".into(),
        ));
    }
    let moves = plan.as_ledger();
    if moves.is_empty() {
        return Err(AppError::BadRequest(
            "方案中没有交流教师，无需写入台账".into(),
        ));
    }
    let note = match form.note.trim() {
        "" => format!("交流方案（{}，{} 学年起）", plan.scope, plan.term.0),
        n => n.to_owned(),
    };
    state
        .store
        .add_moves(&moves, MoveSource::Plan, &viewer.actor(), Some(&note))
        .await?;
    let back = crate::rotation::ledger_href(Some(plan.options.year), Some(&plan.rulebook))?;
    Ok(Redirect::to(&back).into_response())
}
