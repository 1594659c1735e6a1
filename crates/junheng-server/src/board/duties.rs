//! `GET /board/duties`: the 责任清单 — which department answers for which 督导评估 item, 牵头 or
//! 配合 — as the viewer sees it (a department: its own duties); `POST /board/duties` records a
//! duty and `POST /board/duties/{id}/withdraw` withdraws one (管理员).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::board as app;
use junheng_core::rulebook::Rulebook;
use junheng_store::NewDuty;
use serde::Deserialize;

use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::tasks::{refused, who};
use crate::views::{Layout, render};

struct DutyView {
    id: i64,
    /// Data: the item's number and name (or its id), the department, the duty.
    item: String,
    department: String,
    duty: String,
    lead: bool,
    by: String,
    withdrawn: bool,
}

#[derive(Template)]
#[template(path = "board_duties.html")]
struct DutiesPage {
    layout: Layout,
    duties: Vec<DutyView>,
    keeps: bool,
    /// (id, "5 班额") of every item, 资源配置 first.
    items: Vec<(String, String)>,
    done: &'static str,
}

/// `?done=` after a write.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DutiesQuery {
    pub done: Option<String>,
}

/// Every item a duty may name: 资源配置, then the rulebook's items in order.
fn items() -> Vec<(String, String)> {
    let mut out = vec![(app::RESOURCES.to_owned(), "资源配置".to_owned())];
    if let Ok(rb) = Rulebook::builtin(junheng_app::tasks::DEFAULT_RULEBOOK) {
        out.extend(rb.items.iter().map(|i| {
            (
                i.id.clone(),
                format!("{} {} {}", i.dimension.label(), i.no, i.name),
            )
        }));
    }
    out
}

/// `GET /board/duties`
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<DutiesQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let items = items();
    let name = |id: &str| {
        items
            .iter()
            .find(|(i, _)| i == id)
            .map_or(id.to_owned(), |(_, n)| n.clone())
    };
    let duties = app::duties(&here.store, &who)
        .await?
        .into_iter()
        .map(|d| DutyView {
            id: d.id,
            item: name(&d.item),
            department: d.department,
            duty: d.duty,
            lead: d.lead,
            by: d.set_by,
            withdrawn: d.withdrawn.is_some(),
        })
        .collect();
    let done = match q.done.as_deref() {
        Some("added") => "board-duty-added",
        Some("withdrawn") => "board-duty-withdrawn",
        _ => "",
    };
    Ok(render(&DutiesPage {
        layout: Layout::new("board-duties-title", &viewer),
        duties,
        keeps: app::keeps(&who),
        items,
        done,
    }))
}

/// The duty form.
#[derive(Debug, Deserialize)]
pub(crate) struct DutyForm {
    item: String,
    department: String,
    duty: String,
    /// `1`: 牵头.
    lead: Option<String>,
}

/// `POST /board/duties`
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<DutyForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    if !items().iter().any(|(id, _)| *id == form.item) {
        return Err(AppError::bad_request(crate::msg!(
            "board-bad-item",
            v = crate::views::cut(&form.item)
        )));
    }
    app::set_duty(
        &here.store,
        &who,
        &NewDuty {
            item: &form.item,
            department: &form.department,
            duty: &form.duty,
            lead: form.lead.as_deref() == Some("1"),
        },
    )
    .await
    .map_err(refused)?;
    Ok(Redirect::to("/board/duties?done=added").into_response())
}

/// `POST /board/duties/{id}/withdraw`
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    app::withdraw_duty(&here.store, &who, id)
        .await
        .map_err(refused)?;
    Ok(Redirect::to("/board/duties?done=withdrawn").into_response())
}
