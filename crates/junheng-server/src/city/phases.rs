//! 创建阶段: each district's target year (set by the city) and the steps it reached, with their
//! dates and documents — the page, and the two writes of a city user.

use askama::Template;
use axum::extract::State;
use axum::response::{Redirect, Response};
use junheng_core::creation::{CreationStatus, Phase};
use junheng_store::NewStep;
use serde::Deserialize;

use crate::access::{Regional, RegionalWriter};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

struct StepView {
    status: &'static str,
    reached_on: String,
    document: String,
    note: String,
    recorded: String,
}

struct DistrictPhase {
    code: String,
    name: String,
    target: String,
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
    statuses: Vec<&'static str>,
    /// The district a write just changed, and what happened.
    done: String,
    today: String,
}

/// `?done=…`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    pub done: Option<String>,
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
                target: match target.and_then(|t| Phase::of_target(t).map(|p| (t, p))) {
                    Some((t, p)) => format!("{t}（{}）", p.label()),
                    None => "未设定".into(),
                },
                status: c.status().label(),
                progress: p.describe(),
                overdue: p.overdue,
                steps: c
                    .steps
                    .iter()
                    .rev()
                    .map(|s| StepView {
                        status: s.status.label(),
                        reached_on: s.reached_on.clone(),
                        document: s.document.clone(),
                        note: s.note.clone(),
                        recorded: format!(
                            "{} {}",
                            s.recorded_by,
                            crate::views::time(&s.recorded_at)
                        ),
                    })
                    .collect(),
            }
        })
        .collect();
    let page = PhasesPage {
        layout: Layout::new("创建阶段", &viewer),
        districts: rows,
        phases: Phase::ALL
            .iter()
            .map(|p| {
                (
                    p.target_year(),
                    format!("{}（{}）", p.target_year(), p.label()),
                )
            })
            .collect(),
        statuses: CreationStatus::ALL[1..].iter().map(|s| s.label()).collect(),
        done: q.done.map(|d| crate::views::cut(&d)).unwrap_or_default(),
        today: now.get(..10).unwrap_or_default().to_owned(),
    };
    Ok(render(&page))
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
        AppError::BadRequest(format!(
            "目标年份「{}」有误：应为 2024、2028 或 2030",
            crate::views::cut(&f.year)
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
    Ok(done(&format!("已将{}的创建目标设为 {year} 年", d.name)))
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
        AppError::BadRequest(format!(
            "状态「{}」有误：应为 自评、市级过程评估、市级督导评估 或 国家认定",
            crate::views::cut(&f.status)
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
    Ok(done(&format!("已记录{}：{}", d.name, status)))
}

fn done(message: &str) -> Response {
    use axum::response::IntoResponse;
    Redirect::to(&format!(
        "/city/phases?done={}",
        crate::views::urlencode(message)
    ))
    .into_response()
}
