//! `/submissions`: the administrator's review. Each pending submission shows the fields it
//! changes (Chinese template headers, before → after) and its effect on the school's verdict;
//! approving and returning are two different buttons, and a return needs its reason. Decided
//! submissions stay listed (已处理) with their changes, outcome and reason.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{SubmissionView, views};
use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// Decided submissions listed (the newest).
const SHOWN_DECIDED: usize = 200;

#[derive(Template)]
#[template(path = "submissions.html")]
struct ReviewPage {
    layout: Layout,
    pending: Vec<SubmissionView>,
    decided: Vec<SubmissionView>,
    decided_total: usize,
}

pub(crate) async fn review(
    State(state): State<AppState>,
    viewer: Admin,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (pending, decided): (Vec<_>, Vec<_>) = here
        .store
        .submissions(None)
        .await?
        .into_iter()
        .partition(|s| s.status == "pending");
    let decided_total = decided.len();
    let page = ReviewPage {
        layout: Layout::new("审核学校提交", &viewer),
        pending: views(&here, pending).await?,
        decided: views(&here, decided.into_iter().take(SHOWN_DECIDED).collect()).await?,
        decided_total,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub(crate) struct Decision {
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /submissions/{id}`: approve, or return with a reason (refused without one).
pub(crate) async fn decide(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Decision>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    junheng_app::submissions::decide(&here.store, id, &form.decision, &form.note, &viewer.actor())
        .await?;
    here.years_changed();
    Ok(Redirect::to(&format!("/submissions#s{id}")).into_response())
}
