//! `GET /tasks/new`: the form that creates a task, prefilled from the query (the school page's
//! "create a task from this gap" link: `source_kind=gap&source_key=学校标识码/indicator&
//! owner_kind=school&owner_key=学校标识码` — the title and detail then say the gap); `POST
//! /tasks`: creates it (who may: `junheng_app::tasks::Who::check_create`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::tasks::{self as app, GapKey, TaskInput};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_store::OwnerKind;
use serde::Deserialize;

use super::{owner_key, refused, source_kind_key, who};
use crate::access::DistrictReader;
use crate::dashboard::{Selection, select};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// How many days after today a new task's deadline is proposed.
const PROPOSED_DAYS: i64 = 30;

/// What the form is prefilled with (`GET /tasks/new?…`), and what `POST /tasks` receives.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Fields {
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    owner_kind: String,
    #[serde(default)]
    owner_key: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    source_kind: String,
    #[serde(default)]
    source_key: String,
}

/// What `POST /tasks` requires (a form without them is refused before anything is read).
#[derive(Debug, Deserialize)]
pub(crate) struct CreateForm {
    title: String,
    owner_kind: String,
    owner_key: String,
    deadline: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    source_kind: String,
    #[serde(default)]
    source_key: String,
}

#[derive(Template)]
#[template(path = "task_new.html")]
struct NewPage {
    layout: Layout,
    may_create: bool,
    fields: Fields,
    /// (id, catalogue key, selected) of every owner kind.
    owner_kinds: Vec<(&'static str, &'static str, bool)>,
    /// The source's kind (a key), empty without one.
    source_label: &'static str,
    /// Unfinished tasks already raised from the source: (href, "#id 标题").
    raised: Vec<(String, String)>,
}

/// The title and detail a gap proposes: the school and indicator, and the engine's sentences of
/// what closes the gap in the district's current evaluation.
async fn from_gap(here: &Here, key: &GapKey) -> Result<Option<(String, String)>, AppError> {
    let Some(sel) = select(here, &Selection::default()).await? else {
        return Ok(None);
    };
    let Ok(e) = sel.evaluation() else {
        return Ok(None);
    };
    let Some(record) = sel.records().iter().find(|r| r.code == key.school) else {
        return Ok(None);
    };
    let mut name = key.indicator.clone();
    let mut lines = Vec::new();
    for s in &e.sections {
        let Some(i) = s.indicators.iter().position(|x| x.id == key.indicator) else {
            continue;
        };
        name.clone_from(&s.indicators[i].name);
        for (unit, verdict) in s.units.iter().zip(&s.verdicts) {
            if unit.school_code() != &key.school {
                continue;
            }
            for gap in verdict.gaps.iter().filter(|g| g.indicator == i) {
                lines.push(format!(
                    "{}：{}",
                    s.section.label(),
                    gap.describe(&e.policy)
                ));
            }
        }
    }
    let title = format!("整改：{}{}", record.name, name);
    Ok(Some((title.chars().take(100).collect(), lines.join("\n"))))
}

/// `GET /tasks/new`.
pub(crate) async fn new_page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(mut fields): Query<Fields>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let source = RecordRef::parse(fields.source_kind.trim(), fields.source_key.trim()).ok();
    let mut raised = Vec::new();
    if let Some(source) = &source {
        for t in app::raised_from(&here.store, source).await? {
            raised.push((format!("/tasks/{}", t.id), format!("#{} {}", t.id, t.title)));
        }
        if source.kind == RecordKind::Gap
            && let Ok(key) = GapKey::parse(&source.key)
            && let Some((title, detail)) = from_gap(&here, &key).await?
        {
            if fields.title.trim().is_empty() {
                fields.title = title;
            }
            if fields.detail.trim().is_empty() {
                fields.detail = detail;
            }
        }
    }
    if fields.deadline.trim().is_empty() {
        fields.deadline = app::add_days(&app::beijing_today(), PROPOSED_DAYS).unwrap_or_default();
    }
    let chosen = OwnerKind::parse(&fields.owner_kind).unwrap_or(OwnerKind::School);
    let page = NewPage {
        layout: Layout::new("tasks-new", &viewer),
        may_create: who.may_create(),
        owner_kinds: OwnerKind::ALL
            .into_iter()
            .map(|k| (k.id(), owner_key(k), k == chosen))
            .collect(),
        source_label: source.as_ref().map_or("", |s| source_kind_key(s.kind)),
        raised,
        fields,
    };
    Ok(render(&page))
}

/// `POST /tasks`: creates the task and shows it.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = who(&here, &viewer).await?;
    let input = TaskInput {
        title: &form.title,
        detail: &form.detail,
        owner_kind: &form.owner_kind,
        owner_key: &form.owner_key,
        deadline: &form.deadline,
        source_kind: &form.source_kind,
        source_key: &form.source_key,
    };
    let task = app::create_from(&here.store, &who, &input)
        .await
        .map_err(refused)?;
    Ok(Redirect::to(&format!("/tasks/{}", task.id)).into_response())
}
