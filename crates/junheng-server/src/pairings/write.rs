//! `POST /pairings`: an administrator records a pairing — its kind, who helps (a school of the
//! district by code, a partner outside it by name and place, or an expert team by name and
//! number of teachers), the helped schools (codes, one list), the kinds of help (check boxes),
//! the dates and a note — through `junheng_app::pairings::add`.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::SchoolCode;
use junheng_store::{Helper, NewPairing};

use super::{caller, refusal};
use crate::access::Admin;
use crate::error::AppError;
use crate::params::Form;
use crate::state::AppState;

/// The one value of field `key` (trimmed; empty when absent).
pub(crate) fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.trim())
}

/// A school code of a form field.
pub(super) fn school(text: &str) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|_| {
        AppError::bad_request(crate::msg!(
            "pairings-bad-school-code",
            v = crate::views::cut(text)
        ))
    })
}

/// `POST /pairings` (form fields `kind`, `helper_school`, `helper_name`, `helper_place`,
/// `teachers`, `schools`, `help` (repeated), `started_on`, `ended_on`, `note`).
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let kind = PairingKind::parse(field(&form, "kind")).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "pairings-bad-kind",
            v = crate::views::cut(field(&form, "kind"))
        ))
    })?;
    let name = field(&form, "helper_name");
    let helper = match kind {
        PairingKind::ExpertTeam => {
            let teachers = field(&form, "teachers").parse::<u32>().map_err(|_| {
                AppError::bad_request(crate::msg!(
                    "pairings-bad-teachers",
                    v = crate::views::cut(field(&form, "teachers"))
                ))
            })?;
            Helper::Team {
                name: name.to_owned(),
                teachers,
            }
        }
        _ if !field(&form, "helper_school").is_empty() => Helper::School {
            code: school(field(&form, "helper_school"))?,
        },
        _ => Helper::Outside {
            name: name.to_owned(),
            place: field(&form, "helper_place").to_owned(),
        },
    };
    let schools = junheng_app::pairings::parse_schools(field(&form, "schools"))?;
    let mut help = Vec::new();
    for (k, v) in &form {
        if k == "help" {
            help.push(HelpKind::parse(v).ok_or_else(|| {
                AppError::bad_request(crate::msg!("pairings-bad-help", v = crate::views::cut(v)))
            })?);
        }
    }
    let ended_on = Some(field(&form, "ended_on")).filter(|e| !e.is_empty());
    let new = NewPairing {
        kind,
        helper: &helper,
        schools: &schools,
        help: &help,
        started_on: field(&form, "started_on"),
        ended_on,
        note: field(&form, "note"),
    };
    let stored = junheng_app::pairings::add(&here.store, &caller(&viewer), &new)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/pairings/{}?done=added", stored.id)).into_response())
}
