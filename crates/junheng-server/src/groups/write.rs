//! An administrator keeps the group registry on the web: saving a group (type from the
//! deployment's vocabulary, status, founding date, legal form, lead school, note), schools
//! joining and leaving on dates, and a group file (教育集团名册) imported whole or not at all.
//! Every write goes through `junheng_app::groups`; what was computed from the year's records is
//! forgotten afterwards, since a year's groups come from the registry.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::group::{GroupStatus, LegalForm};
use junheng_core::school::SchoolCode;
use junheng_store::GroupInfo;
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Multipart, Path};
use crate::state::AppState;
use crate::views::urlencode;

/// The group form.
#[derive(Debug, Deserialize)]
pub(crate) struct GroupForm {
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub founded_on: String,
    #[serde(default)]
    pub legal_form: String,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub note: String,
}

fn present(v: &str) -> Option<&str> {
    Some(v.trim()).filter(|v| !v.is_empty())
}

fn school(text: &str) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|_| {
        AppError::bad_request(crate::msg!(
            "groups-bad-school-code",
            v = crate::views::cut(text)
        ))
    })
}

fn to_group(here: &str, done: &str) -> Response {
    Redirect::to(&format!("/groups/{}?done={done}", urlencode(here))).into_response()
}

/// `POST /groups`: creates a group or sets what is recorded about it.
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Admin,
    Form(f): Form<GroupForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let status = match present(&f.status) {
        None => GroupStatus::Formal,
        Some(s) => GroupStatus::parse(s).ok_or_else(|| {
            AppError::bad_request(crate::msg!("groups-bad-status", v = crate::views::cut(s)))
        })?,
    };
    let legal_form = LegalForm::parse(f.legal_form.trim()).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "groups-bad-legal-form",
            v = crate::views::cut(&f.legal_form)
        ))
    })?;
    let info = GroupInfo {
        kind: f.kind.trim().to_owned(),
        lead_school: present(&f.lead).map(school).transpose()?,
        founded_on: present(&f.founded_on).map(str::to_owned),
        status,
        legal_form,
        note: f.note.clone(),
    };
    junheng_app::groups::save(
        &here.store,
        &f.name,
        &info,
        &here.config.group_kinds,
        &viewer.actor(),
    )
    .await?;
    here.records_changed();
    Ok(to_group(f.name.trim(), "saved"))
}

/// The membership forms.
#[derive(Debug, Deserialize)]
pub(crate) struct MemberForm {
    pub school: String,
    #[serde(default)]
    pub joined_on: String,
    #[serde(default)]
    pub left_on: String,
}

/// `POST /groups/{name}/members`: a school joins the group on a date (until a date when given).
pub(crate) async fn join(
    State(state): State<AppState>,
    viewer: Admin,
    Path(name): Path<String>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    junheng_app::groups::join(
        &here.store,
        &name,
        &school(&f.school)?,
        f.joined_on.trim(),
        present(&f.left_on),
        &viewer.actor(),
    )
    .await?;
    here.records_changed();
    Ok(to_group(&name, "joined"))
}

/// `POST /groups/{name}/members/leave`: a member school leaves the group on a date.
pub(crate) async fn leave(
    State(state): State<AppState>,
    viewer: Admin,
    Path(name): Path<String>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    junheng_app::groups::leave(
        &here.store,
        &name,
        &school(&f.school)?,
        f.left_on.trim(),
        &viewer.actor(),
    )
    .await?;
    here.records_changed();
    Ok(to_group(&name, "left"))
}

/// `POST /groups/import`: a group file (教育集团名册), written whole or refused with every
/// problem named (sheet, row, column, value).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (file_name, bytes) = crate::upload::read(multipart)
        .await?
        .file
        .ok_or_else(|| AppError::bad_request(crate::msg!("groups-choose-file")))?;
    let kinds = here.config.group_kinds.clone();
    let parsed = crate::upload::parse(&state, bytes, file_name.clone(), move |bytes, name| {
        junheng_app::groups::read(bytes, name, &kinds)
    })
    .await??;
    let done =
        junheng_app::groups::import(&here.store, &parsed, &file_name, &viewer.actor()).await?;
    here.records_changed();
    Ok(Redirect::to(&format!(
        "/groups?created={}&updated={}&added={}&closed={}",
        done.groups_created, done.groups_updated, done.members_added, done.members_closed
    ))
    .into_response())
}

/// `GET /groups/template.xlsx`: the registry as a group file, to fill and import again.
pub(crate) async fn template(
    State(state): State<AppState>,
    viewer: Admin,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let bytes = junheng_app::groups::workbook(&here.store, &here.config.group_kinds).await?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "教育集团名册.xlsx",
        bytes,
    ))
}
