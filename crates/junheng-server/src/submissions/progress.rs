//! `/submissions/progress`: a year's collection (收集进度) school by school — submitted or not,
//! waiting for review, approved, or returned with its reason — with a filter by stage, and the
//! same selection as XLSX (`/submissions/progress.xlsx`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::submissions::{Progress, Stage, progress as collect, progress_table};
use junheng_core::school::school_year;
use junheng_store::AuditEntry;
use serde::Deserialize;

use crate::access::Admin;
use crate::dashboard::YearLink;
use crate::error::AppError;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// `?year=2024&stage=returned`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProgressQuery {
    year: Option<i32>,
    /// `not_submitted`, `pending`, `approved` or `returned`; every school when not set.
    stage: Option<String>,
}

/// The stages a filter names, in the order the page lists them.
const STAGES: [(&str, Stage); 4] = [
    ("not_submitted", Stage::NotSubmitted),
    ("pending", Stage::Pending),
    ("returned", Stage::Returned),
    ("approved", Stage::Approved),
];

/// The collection of the asked year (the newest with data by default, every school), its year
/// links and the stage filter: the one selection of the page and of its workbook.
async fn scoped(
    here: &Here,
    q: &ProgressQuery,
) -> Result<(Progress, Vec<YearLink>, Option<Stage>), AppError> {
    let stage = match q.stage.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            STAGES
                .iter()
                .find(|(id, _)| *id == s)
                .map(|(_, stage)| *stage)
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "状态应为 not_submitted、pending、returned 或 approved，收到「{}」",
                        crate::views::cut(s)
                    ))
                })?,
        ),
    };
    let Some(current) = here.current(q.year).await? else {
        return Err(AppError::NotFound(match q.year {
            Some(y) => format!("没有 {y} 学年的数据"),
            None => "还没有导入任何学年的数据".into(),
        }));
    };
    let records = here.records(current.year, current.latest_version).await?;
    let submissions = here.store.submissions(None).await?;
    let progress = collect(current.year, &records, &submissions);
    let years = here
        .years()
        .await?
        .iter()
        .map(|y| YearLink {
            year: y.year,
            label: school_year(y.year),
            selected: y.year == current.year,
        })
        .collect();
    Ok((progress, years, stage))
}

pub(crate) struct StageLink {
    pub id: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub on: bool,
}

pub(crate) struct ProgressView {
    pub code: String,
    pub name: String,
    pub stage: &'static str,
    pub class: &'static str,
    pub submissions: usize,
    pub latest: String,
    pub submitted_at: String,
    pub decided_at: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    layout: Layout,
    year: i32,
    year_label: String,
    years: Vec<YearLink>,
    stages: Vec<StageLink>,
    stage: &'static str,
    schools: usize,
    submitted: usize,
    rows: Vec<ProgressView>,
}

pub(crate) async fn progress(
    State(state): State<AppState>,
    viewer: Admin,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    // The counts are of every school; the table is of the filter.
    let (all, years, stage) = scoped(&here, &q).await?;
    let stage_id = STAGES
        .iter()
        .find(|(_, s)| Some(*s) == stage)
        .map_or("", |(id, _)| id);
    let page = ProgressPage {
        layout: Layout::new("收集进度", &viewer),
        year: all.year,
        year_label: school_year(all.year),
        years,
        stages: STAGES
            .iter()
            .map(|(id, s)| StageLink {
                id,
                label: s.label(),
                count: all.count(*s),
                on: Some(*s) == stage,
            })
            .collect(),
        stage: stage_id,
        schools: all.rows.len(),
        submitted: all.submitted(),
        rows: all
            .rows
            .iter()
            .filter(|r| stage.is_none_or(|s| r.stage == s))
            .map(|r| ProgressView {
                code: r.code.to_string(),
                name: r.name.clone(),
                stage: r.stage.label(),
                class: match r.stage {
                    Stage::Approved => "pass",
                    Stage::Returned => "fail",
                    Stage::Pending => "pending",
                    Stage::NotSubmitted => "muted",
                },
                submissions: r.submissions,
                latest: r.latest.map_or(String::new(), |id| id.to_string()),
                submitted_at: r.submitted_at.clone(),
                decided_at: r.decided_at.clone(),
                reason: r.reason.clone(),
            })
            .collect(),
    };
    Ok(render(&page))
}

/// `GET /submissions/progress.xlsx`: the page's selection as a workbook.
pub(crate) async fn progress_workbook(
    State(state): State<AppState>,
    viewer: Admin,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (mut progress, _, stage) = scoped(&here, &q).await?;
    if let Some(stage) = stage {
        progress.rows.retain(|r| r.stage == stage);
    }
    let (year, rows) = (progress.year, progress.rows.len());
    let tables = [progress_table(&progress)];
    let bytes = tokio::task::spawn_blocking(move || junheng_io::export::write_xlsx(&tables))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    here.audit(AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: "submissions.progress.xlsx",
        target: format!("year:{year}"),
        detail: format!("{rows} 所学校"),
    })
    .await?;
    let name = format!("采集进度-{year}.xlsx");
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}
