//! The JSON API under `/api/v1/`: bearer tokens (or the browser's session), errors as
//! `{code, message}` with a Chinese message. `GET /api/v1/evaluation` returns exactly the JSON
//! of `junheng evaluate --format json`.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::access::{DistrictReader, Member};
use crate::dashboard::{RulebookParam, Selection, require_selection};
use crate::error::{ApiError, AppError};
use crate::params::{Path, Query};
use crate::state::AppState;

const OPENAPI: &str = include_str!("../openapi.json");

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
    _caller: Member,
) -> Result<Json<Vec<YearView>>, ApiError> {
    let here = state.here(_caller.district()?);
    let years = here.years().await?;
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

/// The district's evaluation: every school's values, so district-wide roles only. Always the
/// newest version (waiting for its evaluation if need be).
pub(crate) async fn evaluation(
    State(state): State<AppState>,
    _caller: DistrictReader,
    Query(q): Query<Selection>,
) -> Result<Response, ApiError> {
    let here = state.here(_caller.district()?);
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let current = here.current(q.year).await?.ok_or_else(|| {
        AppError::NotFound(match q.year {
            Some(y) => format!("没有 {y} 学年的数据"),
            None => "还没有导入任何学年的数据".into(),
        })
    })?;
    let evaluated = here
        .evaluation_of(current.year, current.latest_version, &rulebook)
        .await?;
    let key = format!(
        "evaluation.json:{}:{}:{}",
        current.year, current.latest_version, rulebook.id
    );
    let json = here
        .view(key, move || {
            let e = evaluated.evaluation()?;
            serde_json::to_string(e)
                .map(axum::body::Bytes::from)
                .map_err(|e| AppError::Internal(e.to_string()))
        })
        .await?;
    Ok(([(CONTENT_TYPE, "application/json")], (*json).clone()).into_response())
}

/// One school's record of the selected year, within the caller's scope.
pub(crate) async fn school(
    State(state): State<AppState>,
    caller: Member,
    Path(code): Path<String>,
    Query(q): Query<Selection>,
) -> Result<Json<junheng_core::school::SchoolRecord>, ApiError> {
    let here = state.here(caller.district()?);
    let code = SchoolCode::parse(&code)
        .map_err(|e| AppError::BadRequest(format!("{e}：{}", crate::views::cut(&code))))?;
    let sees = caller.sees();
    let sel = require_selection(&here, &q).await?;
    let record = sel.records().iter().find(|r| r.code == code);
    // Out of scope is refused the same whether the school exists or not.
    if !record.map_or_else(|| sees.school(&code, None), |r| sees.record(r)) {
        return Err(AppError::Forbidden.into());
    }
    let record = record.ok_or_else(|| AppError::NotFound(format!("没有学校 {code}")))?;
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
    caller: Member,
    Path(year): Path<i32>,
    Query(q): Query<RulebookParam>,
) -> Result<Json<RotationView>, ApiError> {
    let here = state.here(caller.district()?);
    let sees = caller.sees();
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let data = crate::rotation::require(&here, Some(year), rulebook).await?;
    if data.roster.is_empty() {
        return Err(AppError::NotFound(format!("{year} 学年没有教师花名册")).into());
    }
    let (ry, district) = crate::rotation::scoped(data.rotation_year(), &sees, &data);
    Ok(Json(RotationView {
        year,
        rulebook: data.rulebook.id.clone(),
        rules: data.rulebook.rotation.describe(),
        district: district.then_some(ry.district),
        groups: ry.groups.clone(),
        schools: ry
            .schools
            .iter()
            .map(|(c, q)| (c.to_string(), *q))
            .collect(),
    }))
}
