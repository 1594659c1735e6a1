//! `GET /teachers/mentors?year=&format=`: the year's 师徒结对 (sortable, filterable,
//! downloadable) with their scope, problems and the new teachers covered per school; `POST
//! /teachers/mentors/end`: ends a running pair; `GET /api/v1/teachers/mentors`: the same
//! report as JSON — all from [`junheng_app::teachers::studios::mentors::mentors`].

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::teachers::studios::mentors::{MentorsReport, PairView, mentors};
use junheng_core::school::school_year;
use junheng_teachers::mentors::{MentorSettings, Outcome};
use serde::Deserialize;

use super::{caller, given, is_admin, refusal, sees, year_of};
use crate::access::{Admin, Member};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("number", "mentors-number"),
    Column::plain("mentor", "mentors-mentor"),
    Column::plain("mentor_school", "mentors-mentor-school"),
    Column::plain("mentee", "mentors-mentee"),
    Column::plain("mentee_school", "mentors-mentee-school"),
    Column::choice("subject", "mentors-subject"),
    Column::plain("start", "mentors-start"),
    Column::plain("end", "mentors-end"),
    Column::choice("scope", "mentors-scope"),
    Column::plain("held", "mentors-held"),
    Column::plain("planned", "mentors-planned"),
    Column::choice("outcome", "mentors-outcome"),
    Column::choice("active", "mentors-active"),
    Column::plain("problems", "mentors-problems"),
];

fn row(v: &PairView) -> Row {
    let p = &v.pair;
    let row = Row::new(vec![
        Value::Int(v.position as i64 + 1),
        Value::text(p.mentor.as_str()),
        Value::text(&v.mentor_school_name),
        Value::text(p.mentee.as_str()),
        Value::text(&v.mentee_school_name),
        Value::text(&p.subject),
        Value::text(&p.start),
        p.end.as_deref().map_or(Value::Empty, Value::text),
        Value::text(v.scope.label()),
        Value::Int(i64::from(p.meetings_held)),
        Value::Int(i64::from(p.meetings_planned)),
        p.outcome.map_or(Value::Empty, |o| Value::text(o.label())),
        Value::Label(if v.active {
            "studios-yes"
        } else {
            "studios-no"
        }),
        Value::text(v.problems.join("；")),
    ]);
    if v.problems.is_empty() {
        row
    } else {
        row.class(13, "fail")
    }
}

#[derive(Template)]
#[template(path = "teachers_mentors.html")]
struct Page {
    layout: Layout,
    year: i32,
    year_label: String,
    has_roster: bool,
    file: String,
    has_file: bool,
    settings: MentorSettings,
    /// (scope label, pairs).
    scopes: Vec<(&'static str, usize)>,
    findings: Vec<String>,
    /// (code, name, new teachers, covered).
    coverage: Vec<(String, String, u32, u32)>,
    list: ListView,
    /// Numbers of the running pairs shown, for the form that ends one.
    running: Vec<usize>,
    admin: bool,
    outcomes: Vec<&'static str>,
    imported: u64,
    withdrawn: bool,
    ended: bool,
}

/// `GET /teachers/mentors?year=&q=&subject=&scope=&outcome=&active=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_of(given(&pairs, "year").as_deref())?;
    let imported = given(&pairs, "imported")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let withdrawn = given(&pairs, "withdrawn").is_some();
    let ended = given(&pairs, "ended").is_some();
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let sees = sees(&here, &viewer).await?;
    let r: MentorsReport = mentors(&here.store, &sees, year, &MentorSettings::default()).await?;
    let rows: Vec<Row> = r.pairs.iter().map(row).collect();
    let y = r.year.year;
    let name = format!("师徒结对-{y}");
    list.respond(&rows, &name, "师徒结对", |list| {
        render(&Page {
            layout: Layout::new("mentors-title", &viewer),
            year: y,
            year_label: school_year(y),
            has_roster: r.year.has_roster,
            file: r
                .file
                .as_ref()
                .map_or(String::new(), |f| f.file_name.clone()),
            has_file: r.file.is_some(),
            settings: r.settings,
            scopes: r
                .by_scope()
                .into_iter()
                .map(|(s, n)| (s.label(), n))
                .collect(),
            findings: r.findings.iter().map(|f| f.message()).collect(),
            coverage: r
                .coverage
                .iter()
                .map(|c| {
                    (
                        c.coverage.school.to_string(),
                        c.school_name.clone(),
                        c.coverage.new_teachers,
                        c.coverage.covered,
                    )
                })
                .collect(),
            list,
            running: r
                .pairs
                .iter()
                .filter(|v| v.pair.end.is_none())
                .map(|v| v.position + 1)
                .collect(),
            admin: is_admin(&viewer),
            outcomes: Outcome::ALL.iter().map(|o| o.label()).collect(),
            imported,
            withdrawn,
            ended,
        })
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct EndForm {
    #[serde(default)]
    n: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    outcome: String,
}

/// `POST /teachers/mentors/end` (form `n`, `on`, `outcome`): ends running pair number `n`.
pub(crate) async fn end(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<EndForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let outcome = Outcome::parse(&form.outcome).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "mentors-bad-outcome",
            v = crate::views::cut(&form.outcome)
        ))
    })?;
    let n: usize = form
        .n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::not_found(crate::msg!("mentors-not-found")))?;
    junheng_app::teachers::studios::end_pair(
        &here.store,
        &caller(&viewer),
        n - 1,
        form.on.trim(),
        outcome,
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to("/teachers/mentors?ended=1").into_response())
}

/// `?year=`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    year: Option<String>,
}

/// `GET /api/v1/teachers/mentors?year=`: the report the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: Member,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let year = year_of(q.year.as_deref())?;
    let sees = sees(&here, &caller).await?;
    let r = mentors(&here.store, &sees, year, &MentorSettings::default())
        .await
        .map_err(AppError::from)?;
    Ok(Json(r).into_response())
}
