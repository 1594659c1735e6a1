//! 创建阶段: each district's target year (set by the city) and the steps it reached, with their
//! dates and documents — the page, and the two writes of a city user.

use askama::Template;
use axum::extract::State;
use axum::response::{Redirect, Response};
use junheng_core::creation::{CreationStatus, Phase};
use junheng_store::NewStep;
use serde::Deserialize;

use super::{progress_text, status_key, target_text};
use crate::access::{Regional, RegionalWriter};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render, urlencode};

struct StepView {
    /// A catalogue key.
    status: &'static str,
    reached_on: String,
    /// Data: the document, the note and who recorded the step.
    document: String,
    note: String,
    recorded_by: String,
    recorded_at: String,
}

/// A status of the step form: the Chinese word the form sends and its catalogue key.
struct StatusChoice {
    value: &'static str,
    key: &'static str,
}

struct DistrictPhase {
    code: String,
    /// The district's name (data).
    name: String,
    target: String,
    /// A catalogue key.
    status: &'static str,
    progress: String,
    overdue: bool,
    steps: Vec<StepView>,
}

#[derive(Template)]
#[template(path = "city_phases.html")]
struct PhasesPage {
    layout: Layout,
    districts: Vec<DistrictPhase>,
    /// (year, label) of the three phases.
    phases: Vec<(i32, String)>,
    /// Statuses a step may record.
    statuses: Vec<StatusChoice>,
    /// What a write just changed (HTML: the district's name is data), or empty.
    done: String,
    today: String,
}

/// What a write just did: `?done=target&district=500112&year=2028` or
/// `?done=step&district=500112&status=自评`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    pub done: Option<String>,
    pub district: Option<String>,
    pub year: Option<i32>,
    pub status: Option<String>,
}

/// `GET /city/phases`
pub(crate) async fn phases_page(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<Done>,
) -> Result<Response, AppError> {
    let districts: Vec<_> = state
        .districts()
        .await?
        .iter()
        .filter(|d| d.in_region(&viewer.region))
        .cloned()
        .collect();
    let creations = state.store.creations().await?;
    let now = junheng_store::rfc3339(std::time::SystemTime::now());
    let this_year = junheng_app::city::this_year();
    let lang = viewer.lang;
    let done = done_text(lang, &q, &districts);
    let rows = districts
        .into_iter()
        .map(|d| {
            let c = creations
                .iter()
                .find(|(id, _)| *id == d.id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            let target = c.target.as_ref().map(|t| t.year);
            let p = junheng_core::creation::progress(target, c.status(), this_year);
            DistrictPhase {
                code: d.code,
                name: d.name,
                target: target_text(lang, target),
                status: status_key(c.status()),
                progress: progress_text(lang, &p),
                overdue: p.overdue,
                steps: c
                    .steps
                    .iter()
                    .rev()
                    .map(|s| StepView {
                        status: status_key(s.status),
                        reached_on: s.reached_on.clone(),
                        document: s.document.clone(),
                        note: s.note.clone(),
                        recorded_by: s.recorded_by.clone(),
                        recorded_at: crate::views::time(&s.recorded_at),
                    })
                    .collect(),
            }
        })
        .collect();
    let page = PhasesPage {
        layout: Layout::new("city-creation-phases", &viewer),
        districts: rows,
        phases: Phase::ALL
            .iter()
            .map(|p| (p.target_year(), target_text(lang, Some(p.target_year()))))
            .collect(),
        statuses: CreationStatus::ALL[1..]
            .iter()
            .map(|s| StatusChoice {
                value: s.label(),
                key: status_key(*s),
            })
            .collect(),
        done,
        today: now.get(..10).unwrap_or_default().to_owned(),
    };
    Ok(render(&page))
}

/// What `q` says a write just did, in `lang` (HTML); empty for a district not on the page.
fn done_text(lang: Lang, q: &Done, districts: &[junheng_store::District]) -> String {
    let Some(d) = q
        .district
        .as_deref()
        .and_then(|code| districts.iter().find(|d| d.code == code))
    else {
        return String::new();
    };
    let name = Var::Data(&d.name);
    match (q.done.as_deref(), q.year, q.status.as_deref()) {
        (Some("target"), Some(year), _) => marks::html(
            lang,
            "city-done-target",
            &[("district", name), ("year", Var::arg(year.to_string()))],
        ),
        (Some("step"), _, Some(status)) => match CreationStatus::parse(status) {
            Some(s) => marks::html(
                lang,
                "city-done-step",
                &[
                    ("district", name),
                    ("status", Var::arg(lang.t(status_key(s)))),
                ],
            ),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// The target form.
#[derive(Debug, Deserialize)]
pub(crate) struct TargetForm {
    pub district: String,
    pub year: String,
}

/// `POST /city/phases/target`
pub(crate) async fn set_target(
    State(state): State<AppState>,
    viewer: RegionalWriter,
    Form(f): Form<TargetForm>,
) -> Result<Response, AppError> {
    let year: i32 = f.year.trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!(
            "city-bad-target-year",
            v = crate::views::cut(&f.year),
        ))
    })?;
    let d = junheng_app::city::set_target(
        &state.store,
        Some(&viewer.region),
        &f.district,
        year,
        &viewer.actor(),
    )
    .await?;
    state.cities_changed();
    Ok(done(&format!(
        "done=target&district={}&year={year}",
        urlencode(&d.code)
    )))
}

/// The step form.
#[derive(Debug, Deserialize)]
pub(crate) struct StepForm {
    pub district: String,
    pub status: String,
    pub reached_on: String,
    pub document: String,
    #[serde(default)]
    pub note: String,
}

/// `POST /city/phases/step`
pub(crate) async fn record_step(
    State(state): State<AppState>,
    viewer: RegionalWriter,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    let status = CreationStatus::parse(&f.status).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "city-bad-status",
            v = crate::views::cut(&f.status),
        ))
    })?;
    let step = NewStep {
        status,
        reached_on: f.reached_on,
        document: f.document,
        note: f.note,
    };
    let d = junheng_app::city::record_step(
        &state.store,
        Some(&viewer.region),
        &f.district,
        &step,
        &viewer.actor(),
    )
    .await?;
    state.cities_changed();
    Ok(done(&format!(
        "done=step&district={}&status={}",
        urlencode(&d.code),
        urlencode(status.label())
    )))
}

/// Back to the page, saying what was done (`query`, see [`Done`]).
fn done(query: &str) -> Response {
    use axum::response::IntoResponse;
    Redirect::to(&format!("/city/phases?{query}")).into_response()
}
