//! The files of `/teachers/training`: the ledger imported (all or nothing, every problem listed)
//! and a batch withdrawn (confirmed); the training budgets imported (a school and year entered
//! already replaced only when ticked); the two templates.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::training::{
    import as import_ledger, set_budgets, withdraw as withdraw_batch,
};
use junheng_io::teachers::training::{
    read_budgets, read_training, write_budget_template, write_template,
};
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::pairings::{caller, refusal};
use crate::params::{Form, Multipart};
use crate::seats::{refused_import, year_upload};
use crate::state::AppState;

/// Where a write goes back to: the page with a notice of what it did.
fn back(notice: &str) -> Response {
    Redirect::to(&format!("/teachers/training?{notice}")).into_response()
}

/// A refused file: its problems listed (like every import), or the refusal it is.
fn refused(viewer: &Admin, e: Refused, file_name: String) -> Result<Response, AppError> {
    refused_import(
        viewer,
        e,
        "training-import-title",
        file_name,
        "/teachers/training",
    )
}

/// `POST /teachers/training/import` (multipart `file`, `year`): the ledger, written whole or
/// refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = year_upload(multipart, crate::msg!("seats-choose-file")).await?;
    let name = upload.file_name.clone();
    let read = crate::upload::parse(&state, upload.bytes.clone(), name.clone(), |bytes, n| {
        read_training(bytes, n).map_err(Refused::Problems)
    })
    .await?;
    let done = match read {
        Ok(file) => {
            import_ledger(
                &here.store,
                &caller(&viewer),
                upload.year,
                &file,
                &upload.bytes,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(d) => Ok(back(&format!(
            "imported={}",
            d.batch.map_or(0, |b| b.records)
        ))),
        Err(e) => refused(&viewer, e, name),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    batch: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /teachers/training/withdraw` (form `batch`, `confirm`): withdraws a batch — a file or
/// one entered record.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let id: i64 = form
        .batch
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request(crate::msg!("training-bad-batch")))?;
    withdraw_batch(&here.store, &caller(&viewer), id, form.confirm == "1")
        .await
        .map_err(refusal)?;
    Ok(back("withdrawn=1"))
}

/// `POST /teachers/training/budgets/import` (multipart `file`, `replace`): the schools' budgets,
/// written whole or refused with every problem listed; a school and year entered already is a
/// conflict unless `replace` is ticked.
pub(crate) async fn import_budgets(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let replace = matches!(upload.field("replace"), "1" | "on");
    let (name, bytes) = upload.spreadsheet()?;
    let read = crate::upload::parse(&state, bytes, name.clone(), |bytes, n| {
        read_budgets(bytes, n).map_err(Refused::Problems)
    })
    .await?;
    let done = match read {
        Ok(file) => set_budgets(&here.store, &caller(&viewer), &file.budgets, replace).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(n) => Ok(back(&format!("budgets={n}"))),
        Err(e) => refused(&viewer, e, name),
    }
}

/// A blank template, for a district's administrator.
fn blank(viewer: &Admin, name: &str, write: fn() -> Vec<u8>) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(crate::views::XLSX, name, write()))
}

/// `GET /teachers/training/template.xlsx`: the ledger template.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    blank(&viewer, "培训台账模板.xlsx", write_template)
}

/// `GET /teachers/training/budgets/template.xlsx`: the budgets template.
pub(crate) async fn budget_template(viewer: Admin) -> Result<Response, AppError> {
    blank(&viewer, "培训经费模板.xlsx", write_budget_template)
}
