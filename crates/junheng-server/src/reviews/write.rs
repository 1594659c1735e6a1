//! The writes of the review: `POST /reviews/{kind}/{key}/scores` (a score of an item by a
//! scorer, as `junheng_app::reviews::enter` allows the viewer) and `POST /reviews/finalise`
//! (an administrator finalises a year; finalising a year again must be confirmed).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::evidence::Caller;
use junheng_app::reviews::Entry;
use junheng_core::review::Scorer;
use junheng_store::ReviewUnit;

use super::{refusal, scoped};
use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;

/// The one value of field `key` (trimmed; empty when absent).
fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.trim())
}

/// The year of a form, refused when missing or not a number.
fn year(form: &[(String, String)]) -> Result<i32, AppError> {
    let v = field(form, "year");
    v.parse().map_err(|_| {
        AppError::bad_request(crate::msg!("review-bad-year", v = crate::views::cut(v)))
    })
}

/// `POST /reviews/{kind}/{key}/scores` (fields `year`, `item` and `scorer` — or `pick` as
/// `item|scorer` —, `score`, `note`).
pub(crate) async fn score(
    State(state): State<AppState>,
    viewer: Member,
    Path((kind, key)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let unit = ReviewUnit::parse(&kind, &key)
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-unit")))?;
    let y = year(&form)?;
    // The page's form picks an item and a scorer in one field, `item|scorer`.
    let (item, scorer) = match field(&form, "pick").split_once('|') {
        Some((item, scorer)) => (item, scorer),
        None => (field(&form, "item"), field(&form, "scorer")),
    };
    let scorer = Scorer::from_id(scorer).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "review-bad-scorer",
            v = crate::views::cut(scorer)
        ))
    })?;
    let text = field(&form, "score");
    let value = text
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!("review-bad-score", v = crate::views::cut(text)))
        })?;
    let s = scoped(&state, &here, &viewer, Some(y))
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-data")))?;
    let entry = Entry {
        unit: &unit,
        item,
        scorer,
        score: value,
        note: field(&form, "note"),
    };
    junheng_app::reviews::enter(
        &here.store,
        &Caller::User(&viewer.user),
        &state.config.review,
        &s.year.review,
        &entry,
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!(
        "/reviews/{}/{}?year={y}&saved={value}",
        unit.kind(),
        crate::views::urlencode(unit.key())
    ))
    .into_response())
}

/// `POST /reviews/finalise` (fields `year`, and `confirm` when the year was finalised before).
pub(crate) async fn finalise(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let y = year(&form)?;
    let s = scoped(&state, &here, &viewer, Some(y))
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-data")))?;
    if s.year.finalised.is_some() && field(&form, "confirm") != "yes" {
        return Err(AppError::Conflict(crate::tr!(
            viewer.lang,
            "review-confirm-again",
            year = y
        )));
    }
    junheng_app::reviews::finalise(&here.store, &Caller::User(&viewer.user), &s.year.review)
        .await
        .map_err(refusal)?;
    let stored = s.year.review.schools.len() + s.year.review.groups.len();
    Ok(Redirect::to(&format!("/reviews?year={y}&finalised={stored}")).into_response())
}
