//! The writes of 责任督学: `POST /supervision/assignments` and `POST
//! /supervision/assignments/{id}/end` (administrators), `POST /supervision/visits`
//! (administrators and supervisors: the route admits every district reader, the use-case
//! refuses city and province users once the form is complete) and `POST
//! /supervision/visits/{id}/tasks` (administrators: raise the tasks a visit lacks).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::supervision::{self as app, AssignInput, Caller, VisitInput};
use junheng_app::tasks::beijing_today;
use serde::Deserialize;

use super::refused;
use crate::access::{Admin, DistrictReader};
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;

/// The assignment form: `unit` is `zone:名称` or `group:名称`.
#[derive(Debug, Deserialize)]
pub(crate) struct AssignForm {
    supervisor: String,
    unit: String,
    since: String,
}

/// `POST /supervision/assignments`.
pub(crate) async fn assign(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<AssignForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (kind, unit) = form.unit.split_once(':').ok_or_else(|| {
        AppError::BadRequest(format!(
            "负责单位应写作 zone:学区名称 或 group:教育集团名称，收到「{}」",
            crate::views::cut(&form.unit)
        ))
    })?;
    app::assign(
        &here.store,
        &Caller::of(&viewer.user),
        &AssignInput {
            supervisor: &form.supervisor,
            unit_kind: kind,
            unit,
            since: &form.since,
        },
    )
    .await
    .map_err(refused)?;
    Ok(Redirect::to("/supervision#assignments").into_response())
}

/// The form that ends an assignment.
#[derive(Debug, Deserialize)]
pub(crate) struct EndForm {
    until: String,
}

/// `POST /supervision/assignments/{id}/end`.
pub(crate) async fn end(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<EndForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    app::end(&here.store, &Caller::of(&viewer.user), id, &form.until)
        .await
        .map_err(refused)?;
    Ok(Redirect::to("/supervision#assignments").into_response())
}

/// The visit form. What a form must carry is required here, so that an incomplete form is a
/// 400 before anything is looked up.
#[derive(Debug, Deserialize)]
pub(crate) struct VisitForm {
    school: String,
    visited_on: String,
    summary: String,
    findings: String,
    #[serde(default)]
    supervisor: String,
    #[serde(default)]
    deadline: String,
}

/// `POST /supervision/visits`: records the visit, raises its tasks and shows it.
pub(crate) async fn record(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Form(form): Form<VisitForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let recorded = app::record_visit(
        &here.store,
        &Caller::of(&viewer.user),
        &VisitInput {
            school: &form.school,
            visited_on: &form.visited_on,
            supervisor: &form.supervisor,
            summary: &form.summary,
            findings: &form.findings,
            deadline: &form.deadline,
        },
        &beijing_today(),
        state.config.finding_deadline_days,
    )
    .await
    .map_err(refused)?;
    Ok(Redirect::to(&format!("/supervision/visits/{}", recorded.visit.id)).into_response())
}

/// `POST /supervision/visits/{id}/tasks`: raises the tasks of the visit's findings that have
/// none (after a failure between the visit and its tasks), and shows the visit.
pub(crate) async fn complete(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let done = app::complete(&here.store, &Caller::of(&viewer.user), id)
        .await
        .map_err(refused)?;
    Ok(Redirect::to(&format!("/supervision/visits/{}", done.visit.id)).into_response())
}
