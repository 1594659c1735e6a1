//! The district's pages of its surveys: the list and the form to create one, a survey's results
//! (its page, JSON and download share `junheng_app::survey::results::view`), opening and closing,
//! imports and their 撤回, the templates.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::survey::results::{SurveyResults, tables, view};
use junheng_app::survey::{Draft, import as imports, list as surveys, may_write};
use junheng_core::school::school_year;
use junheng_core::survey::{Questionnaire, UnknownRule, Weighting};
use junheng_labour::calendar::Day;
use junheng_store::survey::{SurveyInfo, SurveyStatus};

use super::percent;
use crate::access::{Admin, DistrictReader};
use crate::error::{ApiError, AppError};
use crate::pairings::{caller, refusal};
use crate::params::{Form, Multipart, Path, Query};
use crate::state::AppState;
use crate::views::{Layout, XLSX, cut, download, render};

/// One survey in the list.
struct Row {
    id: i64,
    title: String,
    year: String,
    status: &'static str,
    open: bool,
    days: String,
    responses: u64,
}

/// The catalogue key of a status.
fn status_key(s: SurveyStatus) -> &'static str {
    match s {
        SurveyStatus::Draft => "survey-status-draft",
        SurveyStatus::Open => "survey-status-open",
        SurveyStatus::Closed => "survey-status-closed",
    }
}

fn row(s: &SurveyInfo) -> Row {
    Row {
        id: s.id,
        title: s.title.clone(),
        year: school_year(s.year),
        status: status_key(s.status),
        open: s.status == SurveyStatus::Open,
        days: format!("{} – {}", s.opens_on, s.closes_on),
        responses: s.responses,
    }
}

#[derive(Template)]
#[template(path = "survey.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    admin: bool,
    year: i32,
    today: String,
}

/// `GET /survey`.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: DistrictReader,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    let all = surveys(&here.store, &who).await.map_err(refusal)?;
    let today = super::today();
    Ok(render(&ListPage {
        layout: Layout::new("survey-title", &viewer),
        rows: all.iter().map(row).collect(),
        admin: may_write(&who),
        year: today.school_year(),
        today: today.to_string(),
    }))
}

/// `GET /api/v1/survey`.
pub(crate) async fn list_json(
    State(state): State<AppState>,
    viewer: DistrictReader,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let all = surveys(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    Ok(Json(serde_json::json!({ "surveys": all })).into_response())
}

/// `GET /survey/questionnaire.toml`: the built-in questionnaire.
pub(crate) async fn questionnaire(_viewer: DistrictReader) -> Response {
    download(
        "application/toml; charset=utf-8",
        "recognition-2017.toml",
        Questionnaire::builtin_text(),
    )
}

/// A text field of an upload form, empty when absent.
fn field_of<'a>(upload: &'a crate::upload::Upload, key: &str) -> &'a str {
    upload
        .fields
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn day_of(text: &str) -> Result<Day, AppError> {
    Day::parse(text.trim())
        .ok_or_else(|| AppError::bad_request(crate::msg!("survey-bad-day", v = cut(text))))
}

/// `POST /survey` (multipart `year`, `title`, `opens_on`, `closes_on`, `weighting` equal|sample,
/// `min_cell`, optional `file`: the district's own questionnaire TOML).
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let field = |k: &str| field_of(&upload, k);
    let year: i32 = field("year").trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!("survey-bad-year", v = cut(field("year"))))
    })?;
    let min_cell: u32 = field("min_cell").trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!("survey-bad-count", v = cut(field("min_cell"))))
    })?;
    let weighting = Weighting::parse(field("weighting")).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "survey-bad-weighting",
            v = cut(field("weighting"))
        ))
    })?;
    let own = match &upload.file {
        Some((_, bytes)) => Some(
            String::from_utf8(bytes.to_vec())
                .map_err(|_| AppError::bad_request(crate::msg!("survey-bad-questionnaire")))?,
        ),
        None => None,
    };
    let id = junheng_app::survey::create(
        &here.store,
        &caller(&viewer),
        &Draft {
            year,
            title: field("title"),
            questionnaire: own.as_deref(),
            weighting,
            min_cell,
            opens_on: day_of(field("opens_on"))?,
            closes_on: day_of(field("closes_on"))?,
        },
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!("/survey/{id}")).into_response())
}

/// One group's line of the results.
struct GroupLine {
    name: String,
    respondents: u64,
    rate: String,
    interval: String,
    weight: String,
    shown: bool,
    below: bool,
}

/// One question's line.
struct QuestionLine {
    group: String,
    no: usize,
    text: String,
    topic: &'static str,
    counts: bool,
    rate: String,
    options: String,
    shown: bool,
}

/// One school's line.
struct SchoolLine {
    school: String,
    respondents: u64,
    rate: String,
    shown: bool,
}

#[derive(Template)]
#[template(path = "survey_view.html")]
struct ViewPage {
    layout: Layout,
    r: SurveyResults,
    status: &'static str,
    overall: String,
    meets: Option<bool>,
    unknown_against: bool,
    sample: bool,
    groups: Vec<GroupLine>,
    questions: Vec<QuestionLine>,
    schools: Vec<SchoolLine>,
    admin: bool,
    open: bool,
    closed: bool,
}

/// The page's lines of a survey's results.
fn lines(r: &SurveyResults) -> (Vec<GroupLine>, Vec<QuestionLine>, Vec<SchoolLine>) {
    let res = &r.results;
    let groups = res
        .groups
        .iter()
        .map(|g| GroupLine {
            name: g.name.clone(),
            respondents: g.respondents,
            rate: percent(g.rate),
            interval: g.interval.map_or_else(
                || "—".to_owned(),
                |i| format!("{} – {}", percent(Some(i.low)), percent(Some(i.high))),
            ),
            weight: format!("{:.3}", g.weight),
            shown: g.shown,
            below: g.rate.is_some_and(|p| p < res.line),
        })
        .collect();
    let questions = res
        .questions
        .iter()
        .map(|q| QuestionLine {
            group: r
                .questionnaire
                .group(&q.group)
                .map_or_else(|| q.group.clone(), |g| g.name.clone()),
            no: q.no,
            text: q.text.clone(),
            topic: q.topic.label(),
            counts: q.counts,
            rate: percent(q.rate),
            options: q
                .options
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join("，"),
            shown: q.shown,
        })
        .collect();
    let schools = res
        .schools
        .iter()
        .map(|s| SchoolLine {
            school: s.school.clone(),
            respondents: s.respondents,
            rate: percent(s.rate),
            shown: s.shown,
        })
        .collect();
    (groups, questions, schools)
}

/// `GET /survey/{id}?format=xlsx|csv`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    let r = view(&here.store, &who, id).await.map_err(refusal)?;
    let name = format!("社会认可度自测-{}-{}", r.info.year, r.info.id);
    match pairs
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str())
    {
        Some("xlsx") => {
            let bytes = junheng_io::export::write_xlsx(&tables(&r))
                .map_err(|e| AppError::Internal(e.to_string()))?;
            return Ok(download(XLSX, &format!("{name}.xlsx"), bytes));
        }
        Some("csv") => {
            // The groups' sheet (the one a CSV can hold); the workbook has every sheet.
            let mut out = Vec::new();
            junheng_io::export::write_csv(&tables(&r)[1], &mut out)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            return Ok(download(
                "text/csv; charset=utf-8",
                &format!("{name}.csv"),
                out,
            ));
        }
        Some(other) => {
            return Err(AppError::bad_request(crate::msg!(
                "survey-bad-format",
                v = cut(other)
            )));
        }
        None => {}
    }
    let (groups, questions, schools) = lines(&r);
    Ok(render(&ViewPage {
        layout: Layout::new("survey-title", &viewer),
        status: status_key(r.info.status),
        overall: percent(r.results.overall),
        meets: r.results.meets,
        unknown_against: r.results.unknown == UnknownRule::Against,
        sample: r.results.settings.weighting == Weighting::Sample,
        groups,
        questions,
        schools,
        admin: may_write(&who),
        open: r.info.status == SurveyStatus::Open,
        closed: r.info.status == SurveyStatus::Closed,
        r,
    }))
}

/// `GET /api/v1/survey/{id}`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let r = view(&here.store, &caller(&viewer), id)
        .await
        .map_err(refusal)?;
    Ok(Json(r).into_response())
}

/// The status form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct StatusForm {
    #[serde(default)]
    to: String,
}

/// `POST /survey/{id}/status` (form `to` open|closed).
pub(crate) async fn status(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let to = match form.to.trim() {
        "open" => SurveyStatus::Open,
        "closed" => SurveyStatus::Closed,
        other => {
            return Err(AppError::bad_request(crate::msg!(
                "survey-bad-status",
                v = cut(other)
            )));
        }
    };
    let here = state.here(viewer.district()?);
    junheng_app::survey::set_status(&here.store, &caller(&viewer), id, to)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/survey/{id}")).into_response())
}

/// `POST /survey/{id}/import` (multipart `group`, `school`, `file`).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let field = |k: &str| field_of(&upload, k);
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("survey-choose-file")))?;
    let done = imports::import(
        &here.store,
        &caller(&viewer),
        id,
        field("group"),
        Some(field("school")),
        &bytes,
        &file_name,
        super::today(),
    )
    .await;
    match done {
        Ok(done) => {
            Ok(Redirect::to(&format!("/survey/{id}?imported={}", done.responses)).into_response())
        }
        // Every problem of the file, located, on the labour imports' page of problems.
        Err(Refused::Problems(failure)) => Ok(render(&crate::labour::IssuesPage {
            layout: Layout::new("survey-import", &viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(500)
                .map(crate::import::IssueRow::from)
                .collect(),
            back: "/survey",
        })),
        Err(e) => Err(refusal(e)),
    }
}

/// The 撤回 form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct WithdrawForm {
    #[serde(default)]
    import: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /survey/{id}/withdraw` (form `import`, `confirm`).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let import: i64 = form.import.trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!("survey-bad-import", v = cut(&form.import)))
    })?;
    if form.confirm != "yes" {
        return Err(AppError::bad_request(crate::msg!("survey-confirm")));
    }
    let here = state.here(viewer.district()?);
    imports::withdraw(&here.store, &caller(&viewer), id, import)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/survey/{id}?withdrawn=1")).into_response())
}

/// The template's group.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct GroupQuery {
    #[serde(default)]
    group: String,
}

/// `GET /survey/{id}/template.xlsx?group=`.
pub(crate) async fn template(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Query(q): Query<GroupQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let bytes = imports::template(&here.store, &caller(&viewer), id, &q.group)
        .await
        .map_err(refusal)?;
    Ok(download(
        XLSX,
        &format!("问卷导入模板-{}.xlsx", q.group.trim()),
        bytes,
    ))
}
