//! The district's writes: a statement on an item (confirmed), 撤回 of a statement, a figure
//! entered, 撤回 of a figure. Each is the use case's, audited there; each sends the browser back
//! to the page it came from with a notice.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::inspection::{
    attest as attest_item, set_input, withdraw_input as withdraw_figure,
};
use junheng_store::Actor;

use super::keep;
use crate::access::Admin;
use crate::dashboard::rulebook;
use crate::error::AppError;
use crate::params::Form;
use crate::state::AppState;

fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn year(form: &[(String, String)]) -> Result<i32, AppError> {
    crate::students::year_of(Some(field(form, "year")))?
        .ok_or_else(|| AppError::bad_request(crate::msg!("insp-field-missing", v = "year")))
}

fn actor(viewer: &Admin) -> Actor {
    Actor::new(viewer.user.name.clone())
}

/// `POST /inspection/items/{item}/attest`: year, rulebook, `met` (`1` met, `0` not), note, and
/// `confirm` — a statement decides an item, so it is confirmed first.
pub(crate) async fn attest(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = year(&form)?;
    let rb = rulebook(Some(field(&form, "rulebook")).filter(|r| !r.is_empty()))?;
    let met = match field(&form, "met") {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::bad_request(crate::msg!(
                "insp-field-missing",
                v = "met"
            )));
        }
    };
    if field(&form, "confirm").is_empty() {
        return Err(AppError::bad_request(crate::msg!("insp-confirm")));
    }
    let here = state.here(viewer.district()?);
    attest_item(
        &here.store,
        year,
        &rb,
        &id,
        met,
        field(&form, "note"),
        &actor(&viewer),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/inspection/items/{id}?{}&done=attested",
        keep(year, &rb)
    ))
    .into_response())
}

/// `POST /inspection/statements/{id}/withdraw`: 撤回 a statement; back to its item.
pub(crate) async fn withdraw_statement(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let rb = rulebook(Some(field(&form, "rulebook")).filter(|r| !r.is_empty()))?;
    let here = state.here(viewer.district()?);
    let gone =
        junheng_app::inspection::withdraw_statement(&here.store, id, &actor(&viewer)).await?;
    Ok(Redirect::to(&format!(
        "/inspection/items/{}?{}&done=withdrawn",
        gone.item,
        keep(gone.year, &rb)
    ))
    .into_response())
}

/// `POST /inspection/inputs`: year, rulebook, name, value, source.
pub(crate) async fn input(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let year = year(&form)?;
    let rb = rulebook(Some(field(&form, "rulebook")).filter(|r| !r.is_empty()))?;
    let text = field(&form, "value").trim().trim_end_matches(['%', '％']);
    let value: f64 = text.parse().map_err(|_| {
        AppError::bad_request(crate::msg!("insp-bad-value", v = crate::views::cut(text)))
    })?;
    let here = state.here(viewer.district()?);
    set_input(
        &here.store,
        year,
        field(&form, "name"),
        value,
        field(&form, "source"),
        &actor(&viewer),
    )
    .await?;
    Ok(Redirect::to(&format!("/inspection?{}&done=input", keep(year, &rb))).into_response())
}

/// `POST /inspection/inputs/{id}/withdraw`: 撤回 a figure.
pub(crate) async fn withdraw_input(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let rb = rulebook(Some(field(&form, "rulebook")).filter(|r| !r.is_empty()))?;
    let here = state.here(viewer.district()?);
    let gone = withdraw_figure(&here.store, id, &actor(&viewer)).await?;
    Ok(Redirect::to(&format!(
        "/inspection?{}&done=withdrawn",
        keep(gone.year, &rb)
    ))
    .into_response())
}
