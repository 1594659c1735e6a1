//! `GET /api/v1/groups?year=` and `GET /api/v1/groups/{name}`: the registry as JSON, each group
//! with its members on the year's 1 September (the newest year by default) and, for one group,
//! its whole membership history; the caller sees the groups of their scope only.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_core::school::SchoolCode;
use junheng_store::{Group, GroupDetail, Membership, membership_date};
use serde::Serialize;

use super::coverage::YearQuery;
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::params::{Path, Query};
use crate::state::AppState;

/// A group in the API.
#[derive(Serialize)]
struct GroupView {
    #[serde(flatten)]
    group: Group,
    /// 正式 / 培育.
    status_label: &'static str,
    /// 法人形式.
    legal_form_label: &'static str,
    /// The date the members are read on (`YYYY-MM-DD`), when there are statistics.
    members_on: Option<String>,
    /// The members on that date (the open memberships without statistics).
    members: Vec<SchoolCode>,
    /// Every membership, when one group is asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<Vec<Membership>>,
}

fn view(d: GroupDetail, date: Option<&str>, history: bool) -> GroupView {
    let members = match date {
        Some(date) => d.members_on(date),
        None => d
            .members
            .iter()
            .filter(|m| m.left_on.is_none())
            .map(|m| m.school.clone())
            .collect(),
    };
    GroupView {
        status_label: d.group.status.label(),
        legal_form_label: d.group.legal_form.label(),
        group: d.group,
        members_on: date.map(str::to_owned),
        members,
        history: history.then_some(d.members),
    }
}

async fn date(state: &crate::state::Here, year: Option<i32>) -> Result<Option<String>, AppError> {
    Ok(state.current(year).await?.map(|y| membership_date(y.year)))
}

/// `GET /api/v1/groups?year=`
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Member,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let sees = caller.sees();
    let date = date(&here, q.year).await?;
    let groups: Vec<GroupView> = here
        .store
        .group_details()
        .await
        .map_err(AppError::from)?
        .into_iter()
        .filter(|d| sees.group(&d.group.name))
        .map(|d| view(d, date.as_deref(), false))
        .collect();
    Ok(Json(groups).into_response())
}

/// `GET /api/v1/groups/{name}?year=`
pub(crate) async fn one(
    State(state): State<AppState>,
    caller: Member,
    Path(name): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    if !caller.sees().group(&name) {
        return Err(AppError::Forbidden.into());
    }
    let d = here
        .store
        .group(&name)
        .await
        .map_err(AppError::from)?
        .ok_or_else(|| {
            AppError::not_found(crate::msg!("groups-no-group", v = crate::views::cut(&name)))
        })?;
    let date = date(&here, q.year).await?;
    Ok(Json(view(d, date.as_deref(), true)).into_response())
}
