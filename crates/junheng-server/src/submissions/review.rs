//! `/submissions`: the administrator's review. Each pending submission shows the fields it
//! changes (Chinese template headers, before → after) and its effect on the school's verdict;
//! approving and returning are two different buttons, and a return needs its reason. Decided
//! submissions stay listed (已处理) with their changes, outcome and reason, as a list
//! (`crate::list`: sorted, searched, filtered by 学年 and 结果, downloaded as XLSX/CSV).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{SubmissionView, views};
use crate::access::Admin;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Form, Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// Decided submissions listed (the newest).
const SHOWN_DECIDED: usize = 200;

#[derive(Template)]
#[template(path = "submissions.html")]
struct ReviewPage {
    layout: Layout,
    pending: Vec<SubmissionView>,
    /// The decided submissions of the list's page, in its order.
    decided: Vec<SubmissionView>,
    decided_total: usize,
    /// Decided submissions the list holds (the newest [`SHOWN_DECIDED`]).
    decided_listed: usize,
    list: ListView,
}

/// The columns of the decided submissions (the page adds the changes to each row).
const COLUMNS: &[Column] = &[
    Column::plain("id", "common-no"),
    Column::plain("code", "common-school-code"),
    Column::plain("name", "common-schools-2"),
    Column::choice("year", "common-school-year-2"),
    Column::plain("by", "list-submitted-by"),
    Column::plain("submitted", "submissions-submitted-at"),
    Column::choice("result", "list-outcome"),
    Column::plain("decider", "list-decided-by"),
    Column::plain("decided", "list-decided-at"),
    Column::plain("note", "submissions-reviewers-note"),
];

/// `GET /submissions` and the decided list's parameters (`sort`, `desc`, `q`, `year`,
/// `result`, `page`, `format=xlsx|csv`).
pub(crate) async fn review(
    State(state): State<AppState>,
    viewer: Admin,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let list = List::new(COLUMNS, pairs, &[])?;
    let here = state.here(viewer.district()?);
    let (pending, decided): (Vec<_>, Vec<_>) = here
        .store
        .submissions(None)
        .await?
        .into_iter()
        .partition(|s| s.status == "pending");
    let decided_total = decided.len();
    let decided: Vec<_> = decided.into_iter().take(SHOWN_DECIDED).collect();
    let rows: Vec<Row> = decided
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Row::new(vec![
                Value::Int(s.id),
                Value::text(s.school_code.as_str()),
                Value::text(&s.record.name),
                Value::text(junheng_core::school::school_year(s.year)),
                Value::text(&s.submitted_by),
                Value::Time(s.submitted_at.clone()),
                Value::Label(crate::i18n::labels::stage(
                    junheng_app::submissions::Stage::of(&s.status),
                )),
                Value::maybe(s.decided_by.clone()),
                s.decided_at.clone().map_or(Value::Empty, Value::Time),
                Value::maybe(Some(s.note.clone())),
            ])
            .key(i)
        })
        .collect();
    // A download needs no changes and verdicts: only the page measures them.
    let (pending, decided) = if list.is_download() {
        (Vec::new(), Vec::new())
    } else {
        (views(&here, pending).await?, views(&here, decided).await?)
    };
    let mut decided: Vec<Option<SubmissionView>> = decided.into_iter().map(Some).collect();
    list.respond(&rows, "已处理的提交", "已处理的提交", |list| {
        render(&ReviewPage {
            layout: Layout::new("submissions-review-school-submissions", &viewer),
            pending,
            decided: list
                .keys
                .iter()
                .filter_map(|k| decided[*k].take())
                .collect(),
            decided_total,
            decided_listed: rows.len(),
            list,
        })
    })
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
