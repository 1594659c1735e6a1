//! `GET /tasks/{id}`: a task — its facts, where it stands against its deadline, its source (with
//! a link), its history with the re-check recorded on closing, the actions the viewer may take
//! (a verifier of a submitted task sees the re-check as it stands now), and its evidence.
//! `POST /tasks/{id}/status`: one action; a closing whose re-check finds the source still open
//! shows the page again asking for a confirmation (`confirm=1`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::tasks::{self as app, Acted, Action, Recheck, Who};
use junheng_core::record::RecordKind;
use junheng_store::{Task, TaskEvent, TaskStatus};
use serde::Deserialize;

use super::{
    Names, action_key, due_class, due_key, owner_key, recheck_key, refused, source_href,
    source_kind_key, status_key, who,
};
use crate::access::Member;
use crate::error::AppError;
use crate::evidence::Block;
use crate::params::{Form, Path};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// One line of the history.
pub(crate) struct EventRow {
    pub at: String,
    /// A login name (data).
    pub actor: String,
    /// The status before (a key; empty for the creation).
    pub from: &'static str,
    pub to: &'static str,
    /// Data.
    pub note: String,
    /// The re-check recorded with a closing: its outcome's key, its text (data), whether the
    /// task was closed despite it.
    pub check: &'static str,
    pub check_text: String,
    pub despite: bool,
}

/// A form for one action.
pub(crate) struct ActionForm {
    pub id: &'static str,
    pub label: &'static str,
    pub needs_note: bool,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    layout: Layout,
    id: i64,
    /// Data.
    title: String,
    detail: String,
    owner_kind: &'static str,
    owner: String,
    deadline: String,
    status: &'static str,
    due: &'static str,
    due_class: &'static str,
    source_kind: &'static str,
    source: String,
    source_href: String,
    created_by: String,
    created_at: String,
    history: Vec<EventRow>,
    actions: Vec<ActionForm>,
    /// The re-check as it stands now, for a verifier of a submitted task: its outcome's key and
    /// text (data).
    recheck: &'static str,
    recheck_text: String,
    /// A closing waiting for its confirmation: the note given.
    confirm: Option<String>,
    /// The task's documents (佐证材料: `RecordRef { kind: Task, key: id }`), drawn by
    /// `evidence_block.html`.
    evidence: Block,
}

/// The page of task `task` for `viewer`; `confirm` when a closing waits for a confirmation.
async fn render_page(
    here: &Here,
    viewer: &Member,
    who: &Who,
    task: Task,
    events: Vec<TaskEvent>,
    confirm: Option<(String, Recheck)>,
) -> Result<Response, AppError> {
    let names = Names::of(here).await?;
    let today = app::beijing_today();
    let due = app::due(&task, &today, super::soon_days(here));
    let actions = who.actions(&task);
    // A verifier deciding on a submitted task sees what a closing would record.
    let now = match &confirm {
        Some((_, found)) => Some(found.clone()),
        None if actions.contains(&Action::Close) => {
            Some(app::recheck(&here.store, task.source.as_ref()).await?)
        }
        None => None,
    };
    let history = events
        .iter()
        .map(|e| {
            let check = e.check.as_ref().map(Recheck::of_record);
            EventRow {
                at: crate::views::time(&e.at),
                actor: e.actor.clone(),
                from: e.from.map_or("", status_key),
                to: status_key(e.to),
                note: e.note.clone(),
                check: check.as_ref().map_or("", recheck_key),
                check_text: check
                    .as_ref()
                    .map_or(String::new(), |c| c.text().to_owned()),
                despite: e.check.as_ref().is_some_and(|c| c.despite),
            }
        })
        .collect();
    let back = format!("/tasks/{}", task.id);
    let evidence =
        crate::evidence::record_block(here, viewer, RecordKind::Task, &task.id.to_string(), &back)
            .await?;
    let page = TaskPage {
        layout: Layout::new(task.title.clone(), viewer),
        id: task.id,
        detail: task.detail.clone(),
        owner_kind: owner_key(task.owner.kind),
        owner: names.owner(&task.owner),
        deadline: task.deadline.clone(),
        status: status_key(task.status),
        due: due_key(due),
        due_class: due_class(due),
        source_kind: task.source.as_ref().map_or("", |s| source_kind_key(s.kind)),
        source: task
            .source
            .as_ref()
            .map_or(String::new(), |s| names.source(s)),
        source_href: task
            .source
            .as_ref()
            .and_then(source_href)
            .unwrap_or_default(),
        created_by: task.created_by.clone(),
        created_at: crate::views::time(&task.created_at),
        history,
        actions: actions
            .iter()
            .map(|a| ActionForm {
                id: a.id(),
                label: action_key(*a),
                needs_note: a.needs_note(),
            })
            .collect(),
        recheck: now.as_ref().map_or("", recheck_key),
        recheck_text: now.as_ref().map_or(String::new(), |r| r.text().to_owned()),
        confirm: confirm.map(|(note, _)| note),
        evidence,
        title: task.title,
    };
    Ok(render(&page))
}

/// `GET /tasks/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let (task, events) = app::get(&here.store, &who, id).await.map_err(refused)?;
    render_page(&here, &viewer, &who, task, events, None).await
}

/// The form of `POST /tasks/{id}/status`.
#[derive(Debug, Deserialize)]
pub(crate) struct StatusForm {
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /tasks/{id}/status`: `action=start|submit|close|reopen|cancel`, `note`, `confirm=1`.
pub(crate) async fn change_status(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let action = Action::parse(&form.action).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "tasks-error-action",
            v = crate::views::cut(&form.action)
        ))
    })?;
    let who = who(&here, &viewer).await?;
    let confirm = form.confirm.trim() == "1";
    match app::act(&here.store, &who, id, action, &form.note, confirm)
        .await
        .map_err(refused)?
    {
        Acted::Changed(..) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Acted::NeedsConfirmation(task, found) => {
            let events = here.store.task_events(id).await?;
            debug_assert_eq!(task.status, TaskStatus::Submitted);
            render_page(
                &here,
                &viewer,
                &who,
                task,
                events,
                Some((form.note.trim().to_owned(), found)),
            )
            .await
        }
    }
}
