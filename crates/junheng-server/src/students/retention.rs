//! Retention, the one place children's data is erased: `GET /students/retention?month=YYYY-MM`
//! reports the cut-off day (the month's last day, `retention_months` earlier), how many
//! children's records would be reduced and what is erased; `POST /students/retention` reduces
//! them, only with `confirm=yes` and the month typed again (`month_again`). The administrator
//! of the district only (`junheng_app::students::who::may_administer`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::students::roster::{retention, retention_cutoff};

use super::write::field;
use super::{caller, param, refusal};
use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "students_retention.html")]
struct RetentionPage {
    layout: Layout,
    month: String,
    cutoff: String,
    retention_months: u32,
    students: u64,
    reduced_before: u64,
    /// How many were just reduced (`?reduced=`), if any.
    reduced: Option<u64>,
}

/// The month of a form or query: `YYYY-MM` with a cut-off, refused otherwise.
fn month_of(state: &AppState, text: &str) -> Result<String, AppError> {
    retention_cutoff(text, &state.config.students)
        .map(|_| text.to_owned())
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!(
                "students-bad-month",
                v = crate::views::cut(text)
            ))
        })
}

/// `GET /students/retention?month=&reduced=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Admin,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let month = match param(&pairs, "month")
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(m) => month_of(&state, m)?,
        None => junheng_app::tasks::beijing_today()
            .chars()
            .take(7)
            .collect(),
    };
    let (cutoff, report) = retention(
        &here.store,
        &caller(&viewer),
        &month,
        &state.config.students,
        false,
    )
    .await
    .map_err(refusal)?;
    Ok(render(&RetentionPage {
        layout: Layout::new("students-retention-title", &viewer),
        month,
        cutoff,
        retention_months: state.config.students.retention_months,
        students: report.students,
        reduced_before: report.reduced_before,
        reduced: param(&pairs, "reduced").and_then(|n| n.parse().ok()),
    }))
}

/// `POST /students/retention` (fields `month`, `month_again`, `confirm=yes`).
pub(crate) async fn apply(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let month = month_of(&state, field(&form, "month"))?;
    if field(&form, "confirm") != "yes" || field(&form, "month_again") != month {
        return Err(AppError::bad_request(crate::msg!(
            "students-retention-unconfirmed",
            month = month.clone()
        )));
    }
    let (_, done) = retention(
        &here.store,
        &caller(&viewer),
        &month,
        &state.config.students,
        true,
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!(
        "/students/retention?month={month}&reduced={}",
        done.students
    ))
    .into_response())
}
