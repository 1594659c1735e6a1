//! The plan as files (XLSX, JSON) — made from the same scoped plan as the page — and accepting
//! it into the ledger.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_rotation::Plan;
use serde::Deserialize;

use crate::access::{Admin, Planner, Sees};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::rotation::Data;
use crate::state::{AppState, Here};
use crate::views::{XLSX, download};

use super::{PlanQuery, compute, plan_hash, scoped};

/// The data and plan of a query that must name its year.
async fn required(
    here: &Here,
    sees: &Sees,
    q: &PlanQuery,
) -> Result<(Arc<Data>, Arc<Plan>), AppError> {
    compute(here, sees, q)
        .await?
        .ok_or_else(|| AppError::BadRequest("请指定学年（year）".into()))
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
        &format!("plan-{}.xlsx", plan.options.year),
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
        &format!("plan-{}.json", plan.options.year),
        bytes,
    ))
}

#[derive(Deserialize)]
pub(crate) struct Accept {
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
    admin: Admin,
    Form(form): Form<Accept>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let (_, plan) = required(&here, &admin.sees(), &form.query).await?;
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
        n if n.chars().count() > 500 => {
            return Err(AppError::BadRequest("备注不超过 500 个字".into()));
        }
        n => n.to_owned(),
    };
    junheng_app::rotation::accept_plan(&here.store, &moves, &admin.actor(), &note).await?;
    let back = crate::rotation::ledger_href(Some(plan.options.year), Some(&plan.rulebook))?;
    Ok(Redirect::to(&back).into_response())
}
