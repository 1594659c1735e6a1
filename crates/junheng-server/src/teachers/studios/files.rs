//! The three files: templates, imports (all or nothing; a current file replaced only when
//! confirmed; a refused file's problems listed) and withdrawals (confirmed).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::teachers::studios::{self as app, Refused};
use junheng_store::teachers::studios::StudioFileKind;
use junheng_teachers::studios::StudioSettings;
use serde::Deserialize;

use super::{caller, kind_key, refusal};
use crate::access::Admin;
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Form, Multipart};
use crate::state::AppState;
use crate::views::{Layout, render};

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// The page a file of `kind` belongs to.
fn back(kind: StudioFileKind) -> &'static str {
    match kind {
        StudioFileKind::Mentors => "/teachers/mentors",
        _ => "/teachers/studios",
    }
}

#[derive(Template)]
#[template(path = "teachers_studios_issues.html")]
struct IssuesPage {
    layout: Layout,
    kind: &'static str,
    file_name: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
    back: &'static str,
}

fn template(viewer: &Admin, kind: StudioFileKind) -> Result<Response, AppError> {
    viewer.district()?;
    let (bytes, name) = app::template(kind);
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}

/// `GET /teachers/studios/template.xlsx`.
pub(crate) async fn studios_template(viewer: Admin) -> Result<Response, AppError> {
    template(&viewer, StudioFileKind::Studios)
}

/// `GET /teachers/studios/outputs-template.xlsx`.
pub(crate) async fn outputs_template(viewer: Admin) -> Result<Response, AppError> {
    template(&viewer, StudioFileKind::Outputs)
}

/// `GET /teachers/mentors/template.xlsx`.
pub(crate) async fn mentors_template(viewer: Admin) -> Result<Response, AppError> {
    template(&viewer, StudioFileKind::Mentors)
}

/// An upload (`file`, `replace`; for the studios page also `kind`: `studios` or `outputs`).
async fn import(
    state: AppState,
    viewer: Admin,
    multipart: Multipart,
    fixed: Option<StudioFileKind>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let field = |k: &str| {
        upload
            .fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let kind = match fixed {
        Some(k) => k,
        None => match field("kind") {
            Some("outputs") => StudioFileKind::Outputs,
            _ => StudioFileKind::Studios,
        },
    };
    let replace = field("replace").is_some_and(|v| v == "1" || v == "on");
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("studios-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let read = crate::upload::parse(&state, bytes, file_name.clone(), move |bytes, name| {
        app::read(kind, bytes, name, &StudioSettings::default())
    })
    .await?;
    let done = match read {
        Ok(parsed) => app::import(&here.store, &caller(&viewer), &parsed, &sha256, replace).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => {
            Ok(Redirect::to(&format!("{}?imported={}", back(kind), stored.rows)).into_response())
        }
        Err(Refused::Problems(failure)) => Ok(render(&IssuesPage {
            layout: Layout::new("studios-import-title", &viewer),
            kind: kind_key(kind),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect(),
            back: back(kind),
        })),
        Err(e) => Err(refusal(e)),
    }
}

/// `POST /teachers/studios/import` (multipart `kind`, `file`, `replace`).
pub(crate) async fn studios_import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    import(state, viewer, multipart, None).await
}

/// `POST /teachers/mentors/import` (multipart `file`, `replace`).
pub(crate) async fn mentors_import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    import(state, viewer, multipart, Some(StudioFileKind::Mentors)).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    confirm: String,
}

async fn withdraw(
    state: AppState,
    viewer: Admin,
    kind: StudioFileKind,
    confirm: &str,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if confirm != "1" {
        return Err(AppError::bad_request(crate::msg!(
            "studios-confirm-withdraw"
        )));
    }
    app::withdraw(&here.store, &caller(&viewer), kind)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("{}?withdrawn=1", back(kind))).into_response())
}

/// `POST /teachers/studios/withdraw` (form `kind`: `studios` or `outputs`, `confirm`).
pub(crate) async fn studios_withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let kind = if form.kind == "outputs" {
        StudioFileKind::Outputs
    } else {
        StudioFileKind::Studios
    };
    withdraw(state, viewer, kind, &form.confirm).await
}

/// `POST /teachers/mentors/withdraw` (form `confirm`).
pub(crate) async fn mentors_withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    withdraw(state, viewer, StudioFileKind::Mentors, &form.confirm).await
}
