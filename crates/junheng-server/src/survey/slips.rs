//! `POST /survey/{id}/codes` (form `group`, `school`, `count`): a batch of one-time codes printed
//! as slips — the QR of the link `/s/{token}`, the link written out and the short code to type on
//! `/s`. The codes exist only on this page (the store keeps their SHA-256).

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use junheng_app::survey::codes::issue as issue_codes;

use crate::access::Admin;
use crate::error::AppError;
use crate::pairings::{caller, refusal};
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

struct SlipRow {
    token: String,
    short: String,
    qr: String,
}

#[derive(Template)]
#[template(path = "survey_slips.html")]
struct SlipsPage {
    layout: Layout,
    title: String,
    group: String,
    school: String,
    base: String,
    slips: Vec<SlipRow>,
}

/// The slips' form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct CodesForm {
    #[serde(default)]
    group: String,
    #[serde(default)]
    school: String,
    #[serde(default)]
    count: String,
}

/// `POST /survey/{id}/codes`.
pub(crate) async fn issue(
    State(state): State<AppState>,
    viewer: Admin,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CodesForm>,
) -> Result<Response, AppError> {
    let count: u32 = form.count.trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!(
            "survey-bad-count",
            v = crate::views::cut(&form.count)
        ))
    })?;
    let here = state.here(viewer.district()?);
    let batch = issue_codes(
        &here.store,
        &caller(&viewer),
        id,
        &form.group,
        Some(&form.school),
        count,
        |b| getrandom::fill(b).expect("the operating system provides random bytes"),
    )
    .await
    .map_err(refusal)?;
    let base = crate::labour::class::link_base(&state, &headers);
    Ok(render(&SlipsPage {
        layout: Layout::new("survey-slips-title", &viewer),
        title: batch.title,
        group: batch.group,
        school: batch.school.unwrap_or_default(),
        slips: batch
            .slips
            .into_iter()
            .map(|s| SlipRow {
                qr: crate::labour::qr::svg(&format!("{base}/s/{}", s.token)),
                token: s.token,
                short: s.short,
            })
            .collect(),
        base,
    }))
}
