//! `/submissions/progress`: a year's collection (收集进度) school by school — submitted or not,
//! waiting for review, approved, or returned with its reason — with a filter by stage, and the
//! same selection as XLSX (`/submissions/progress.xlsx`). The page is a list (`crate::list`):
//! sorted, searched and downloaded as XLSX/CSV (`?format=`) within the stage filter.

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
use crate::list::{Column, List, ListView, Row, Value};
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

/// Each submission's stored (UTC) submission and decision times, by its number: what the list
/// sorts its times by.
type Times = std::collections::HashMap<i64, (String, Option<String>)>;

/// The collection of the asked year (the newest with data by default, every school), its year
/// links, the stage filter and the submissions' stored times: the one selection of the page and
/// of its workbook.
async fn scoped(
    here: &Here,
    q: &ProgressQuery,
) -> Result<(Progress, Vec<YearLink>, Option<Stage>, Times), AppError> {
    let stage = match q.stage.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            STAGES
                .iter()
                .find(|(id, _)| *id == s)
                .map(|(_, stage)| *stage)
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!(
                        "submissions-error-stage",
                        v = crate::views::cut(s)
                    ))
                })?,
        ),
    };
    let Some(current) = here.current(q.year).await? else {
        return Err(AppError::not_found(match q.year {
            Some(y) => crate::msg!("common-error-no-year", v = y),
            None => crate::msg!("common-error-no-data"),
        }));
    };
    let records = here.records(current.year, current.latest_version).await?;
    let submissions = here.store.submissions(None).await?;
    let progress = collect(current.year, &records, &submissions);
    let times = submissions
        .into_iter()
        .map(|s| (s.id, (s.submitted_at, s.decided_at)))
        .collect();
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
    Ok((progress, years, stage, times))
}

pub(crate) struct StageLink {
    pub id: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub on: bool,
}

/// The columns of the progress list.
const COLUMNS: &[Column] = &[
    Column::plain("code", "common-school-code"),
    Column::plain("name", "common-schools-2"),
    Column::choice("state", "common-status"),
    Column::plain("submissions", "list-submissions"),
    Column::plain("latest", "list-latest-submission-no"),
    Column::plain("submitted", "list-latest-submitted-at"),
    Column::plain("decided", "list-decided-at"),
    Column::plain("reason", "list-reason-for-returning"),
];

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
    list: ListView,
}

/// `GET /submissions/progress?year=&stage=` and the list's parameters (`sort`, `desc`, `q`,
/// `state`, `page`, `format=xlsx|csv`).
pub(crate) async fn progress(
    State(state): State<AppState>,
    viewer: Admin,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let value = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    let year = match value("year").filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(y.parse::<i32>().map_err(|_| {
            AppError::bad_request(crate::msg!("common-error-year", v = crate::views::cut(y)))
        })?),
    };
    let q = ProgressQuery {
        year,
        stage: value("stage").map(str::to_owned),
    };
    let list = List::new(COLUMNS, pairs.clone(), &["year", "stage"])?;
    // The counts are of every school; the table is of the filter.
    let (all, years, stage, times) = scoped(&here, &q).await?;
    let stage_id = STAGES
        .iter()
        .find(|(_, s)| Some(*s) == stage)
        .map_or("", |(id, _)| id);
    let time = |at: Option<String>| {
        at.filter(|t| !t.is_empty())
            .map_or(Value::Empty, Value::Time)
    };
    let rows: Vec<Row> = all
        .rows
        .iter()
        .filter(|r| stage.is_none_or(|s| r.stage == s))
        .map(|r| {
            let (submitted, decided) = r
                .latest
                .and_then(|id| times.get(&id).cloned())
                .map_or((None, None), |(s, d)| (Some(s), d));
            let class = match r.stage {
                Stage::Approved => "pass",
                Stage::Returned => "fail",
                Stage::Pending => "pending",
                Stage::NotSubmitted => "muted",
            };
            Row::new(vec![
                Value::text(r.code.as_str()),
                Value::text(&r.name),
                Value::Label(crate::i18n::labels::stage(r.stage)),
                Value::Int(r.submissions as i64),
                r.latest.map_or(Value::Empty, Value::Int),
                time(submitted),
                time(decided),
                Value::maybe(Some(r.reason.clone())),
            ])
            .link(format!("/schools/{}?year={}", r.code, all.year))
            .class(2, class)
        })
        .collect();
    let name = format!("收集进度-{}", all.year);
    list.respond(&rows, &name, "收集进度", |list| {
        render(&ProgressPage {
            layout: Layout::new("submissions-collection-progress", &viewer),
            year: all.year,
            year_label: school_year(all.year),
            years,
            stages: STAGES
                .iter()
                .map(|(id, s)| StageLink {
                    id,
                    label: crate::i18n::labels::stage(*s),
                    count: all.count(*s),
                    on: Some(*s) == stage,
                })
                .collect(),
            stage: stage_id,
            schools: all.rows.len(),
            submitted: all.submitted(),
            list,
        })
    })
}

/// `GET /submissions/progress.xlsx`: the page's selection as a workbook.
pub(crate) async fn progress_workbook(
    State(state): State<AppState>,
    viewer: Admin,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (mut progress, _, stage, _) = scoped(&here, &q).await?;
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
    let name = format!("收集进度-{year}.xlsx");
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}
