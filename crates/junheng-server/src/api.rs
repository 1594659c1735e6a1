//! The JSON API under `/api/v1/`: bearer tokens (or the browser's session), errors as
//! `{code, message}` with a Chinese message. `GET /api/v1/evaluation` returns exactly the JSON
//! of `junheng evaluate --format json`.

use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use junheng_core::school::SchoolCode;
use junheng_store::User;
use serde::Serialize;

use crate::access::{can_view_school, require_district};
use crate::auth::{Viewer, secret_hash};
use crate::dashboard::{RulebookParam, Selection, evaluated, require_selection};
use crate::error::{ApiError, AppError};
use crate::state::AppState;

const OPENAPI: &str = include_str!("../openapi.json");

/// The caller of an API request: a bearer token's user, or the logged-in browser user.
pub(crate) struct ApiUser(User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthorized)?;
            let hash = secret_hash(token.trim());
            if let Some(user) = state.known_token(&hash) {
                return Ok(ApiUser(user));
            }
            let user = state.store.token_user(&hash).await?;
            if let Some(u) = &user {
                state.remember_token(hash, u.clone());
            }
            return user.map(ApiUser).ok_or(ApiError(AppError::Unauthorized));
        }
        let viewer =
            <Viewer as axum::extract::OptionalFromRequestParts<AppState>>::from_request_parts(
                parts, state,
            )
            .await
            .map_err(ApiError)?;
        viewer
            .map(|v| ApiUser(v.user))
            .ok_or(ApiError(AppError::Unauthorized))
    }
}

pub(crate) async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(Serialize)]
pub(crate) struct YearView {
    year: i32,
    version: u32,
    schools: u64,
    imported_at: String,
}

pub(crate) async fn years(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
) -> Result<Json<Vec<YearView>>, ApiError> {
    let years = state.years().await?;
    Ok(Json(
        years
            .iter()
            .map(|y| YearView {
                year: y.year,
                version: y.latest_version,
                schools: y.schools,
                imported_at: y.imported_at.clone(),
            })
            .collect(),
    ))
}

/// The district's evaluation: every school's values, so district-wide roles only.
pub(crate) async fn evaluation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<Selection>,
) -> Result<Response, ApiError> {
    require_district(&user)?;
    let sel = require_selection(&state, &q).await?;
    let json = state.cached_json((sel.year, sel.version, &sel.rulebook.id), || {
        let e = evaluated(&sel)?;
        serde_json::to_string(&e).map_err(|e| AppError::Internal(e.to_string()))
    })?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// One school's record of the selected year, within the caller's scope.
pub(crate) async fn school(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<Selection>,
) -> Result<Json<junheng_core::school::SchoolRecord>, ApiError> {
    let code =
        SchoolCode::parse(&code).map_err(|e| AppError::BadRequest(format!("{e}：{code}")))?;
    let sel = require_selection(&state, &q).await?;
    let record = sel
        .records
        .iter()
        .find(|r| r.code == code)
        .ok_or_else(|| AppError::NotFound(format!("没有学校 {code}")))?;
    if !can_view_school(&user, record) {
        return Err(AppError::Forbidden.into());
    }
    Ok(Json(record.clone()))
}

#[derive(Serialize)]
pub(crate) struct RotationView {
    year: i32,
    rulebook: String,
    rules: String,
    /// Only for district-wide roles.
    district: Option<junheng_rotation::Quota>,
    groups: std::collections::BTreeMap<String, junheng_rotation::Quota>,
    schools: std::collections::BTreeMap<String, junheng_rotation::Quota>,
}

/// The rotation quotas of a school year under a rulebook, within the caller's scope (counts only,
/// no teacher).
pub(crate) async fn rotation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(year): Path<i32>,
    Query(q): Query<RulebookParam>,
) -> Result<Json<RotationView>, ApiError> {
    use crate::access::{can_view_group, can_view_in, sees_all_schools};
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let data = crate::rotation::require(&state, Some(year), rulebook).await?;
    if data.roster.is_empty() {
        return Err(AppError::NotFound(format!("{year} 学年没有教师花名册")).into());
    }
    let ry = data.rotation_year();
    Ok(Json(RotationView {
        year,
        rulebook: data.rulebook.id.clone(),
        rules: data.rulebook.rotation.describe(),
        district: sees_all_schools(&user).then_some(ry.district),
        groups: ry
            .groups
            .iter()
            .filter(|(g, _)| can_view_group(&user, g))
            .map(|(g, q)| (g.clone(), *q))
            .collect(),
        schools: ry
            .schools
            .iter()
            .filter(|(c, _)| can_view_in(&user, c, &data.groups))
            .map(|(c, q)| (c.to_string(), *q))
            .collect(),
    }))
}
