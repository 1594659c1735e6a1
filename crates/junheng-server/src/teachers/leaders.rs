//! `/teachers/leaders`: the 校长、副校长 serving in a school year, each with the years in post at
//! the school and whether the term rule makes them due to rotate (the rulebook's
//! `leader_term_years` × `leader_terms`); sortable, filterable and downloadable, and
//! `GET /api/v1/teachers/leaders` as JSON — both from one scoped selection
//! ([`selection`]). Administrators import the district's 任职表 (all or nothing; a current list
//! replaced only when confirmed), withdraw it (the previous one is back), and download the
//! template.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::leaders::{LeaderRow, Leaders};
use junheng_core::school::school_year;
use serde::Deserialize;

use crate::access::{Admin, Member, Viewer};
use crate::dashboard::RulebookLink;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the list of leaders.
const COLUMNS: &[Column] = &[
    Column::plain("code", "leaders-school-code"),
    Column::plain("name", "leaders-school-name"),
    Column::plain("person", "common-teacher-id"),
    Column::choice("post", "leaders-post"),
    Column::plain("since", "leaders-since"),
    Column::plain("years", "leaders-years"),
    Column::choice("standing", "leaders-standing"),
    Column::choice("rotated", "leaders-rotated-in"),
];

fn row(l: &LeaderRow) -> Row {
    let row = Row::new(vec![
        Value::text(l.school.as_str()),
        Value::text(&l.school_name),
        Value::text(&l.person),
        Value::text(l.post),
        Value::Int(i64::from(l.since)),
        Value::Int(i64::from(l.years)),
        Value::Label(if l.due {
            "leaders-due"
        } else {
            "leaders-not-due"
        }),
        Value::Label(if l.rotated_in {
            "common-yes"
        } else {
            "label-no"
        }),
    ]);
    if l.due { row.class(6, "fail") } else { row }
}

/// `?year=&rulebook=` of the page and the JSON.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LeadersQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
}

/// The year asked for (or the newest with a roster or statistics) under the rulebook, restricted
/// to the schools the viewer sees; `None` before any import.
async fn selection(
    state: &AppState,
    viewer: &Viewer,
    q: &LeadersQuery,
) -> Result<Option<(Leaders, Vec<RulebookLink>, Vec<(i32, String, bool)>)>, AppError> {
    let here = state.here(viewer.district()?);
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let Some(data) = crate::rotation::load(&here, q.year, rulebook).await? else {
        return Ok(None);
    };
    let sees = viewer.sees();
    let leaders = junheng_app::teachers::leaders::year(
        &here.store,
        data.year,
        &data.rulebook.rotation,
        &data.names,
    )
    .await?
    .within(|code| sees.in_year(code, &data.groups));
    let links = crate::rotation::rulebook_links(&data, |y, id| {
        format!("/teachers/leaders?year={y}&rulebook={id}")
    });
    Ok(Some((leaders, links, crate::rotation::year_links(&data))))
}

#[derive(Template)]
#[template(path = "teachers_leaders.html")]
struct LeadersPage {
    layout: Layout,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebook_id: String,
    rulebooks: Vec<RulebookLink>,
    rule: String,
    /// The current 任职表: (file name, terms, imported by and when); `None`: 未接入.
    file: Option<(String, u64, String)>,
    serving: usize,
    due: usize,
    rotated: usize,
    list: ListView,
    admin: bool,
    imported: u64,
    withdrawn: bool,
}

/// `GET /teachers/leaders?year=&rulebook=&q=&post=&standing=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<LeadersQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let imported = given("imported").and_then(|n| n.parse().ok()).unwrap_or(0);
    let withdrawn = given("withdrawn").is_some();
    let list = List::new(COLUMNS, pairs, &["year", "rulebook"])?;
    let found = selection(&state, &viewer, &q).await?;
    let rows: Vec<Row> = found
        .as_ref()
        .map_or_else(Vec::new, |(l, _, _)| l.rows.iter().map(row).collect());
    let year = found.as_ref().map_or(0, |(l, _, _)| l.year);
    let name = format!("校长副校长任职-{year}");
    let (leaders, rulebooks, years) = match found {
        Some((l, r, y)) => (Some(l), r, y),
        None => (None, Vec::new(), Vec::new()),
    };
    let leaders = leaders.as_ref();
    list.respond(&rows, &name, "校长副校长任职", |list| {
        render(&LeadersPage {
            layout: Layout::new("leaders-title", &viewer),
            year,
            year_label: if year > 0 { school_year(year) } else { String::new() },
            years,
            rulebook_id: q.rulebook.clone().unwrap_or_default(),
            rulebooks,
            rule: leaders.map_or(String::new(), |l| {
                format!(
                    "校长、副校长在同一学校连续任职满 {} 届（每届 {} 年，共 {} 年）应交流；副校长提任校长、连续任职不中断",
                    l.terms, l.term_years, l.due_after
                )
            }),
            file: leaders.and_then(|l| l.file.as_ref()).map(|f| {
                (
                    f.file_name.clone(),
                    f.terms,
                    format!("{} {}", f.imported_by, crate::views::time(&f.imported_at)),
                )
            }),
            serving: leaders.map_or(0, |l| l.rows.len()),
            due: leaders.map_or(0, Leaders::due),
            rotated: leaders.map_or(0, Leaders::rotated),
            list,
            admin: is_admin(&viewer),
            imported,
            withdrawn,
        })
    })
}

/// `GET /api/v1/teachers/leaders?year=&rulebook=`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<LeadersQuery>,
) -> Result<Response, ApiError> {
    let (leaders, _, _) = selection(&state, &viewer, &q)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("rotation-error-nothing")))?;
    Ok(Json(leaders).into_response())
}

/// `POST /teachers/leaders/import` (multipart `file`, `replace`): the district's 任职表,
/// written whole or refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let replace = upload
        .fields
        .iter()
        .any(|(k, v)| k == "replace" && (v == "1" || v == "on"));
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("leaders-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let read = crate::upload::parse(&state, bytes, file_name.clone(), |bytes, name| {
        junheng_app::teachers::leaders::read(bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let done = match read {
        Ok(parsed) => {
            junheng_app::teachers::leaders::import(
                &here.store,
                &caller(&viewer),
                &parsed,
                &file_name,
                &sha256,
                replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => Ok(
            Redirect::to(&format!("/teachers/leaders?imported={}", stored.terms)).into_response(),
        ),
        Err(Refused::Problems(failure)) => Ok(crate::seats::problems(
            &viewer,
            "leaders-import-title",
            file_name,
            &failure,
            "/teachers/leaders",
        )),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    #[serde(default)]
    confirm: String,
}

/// `POST /teachers/leaders/withdraw` (form `confirm`): withdraws the current 任职表.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!(
            "leaders-confirm-withdraw"
        )));
    }
    junheng_app::teachers::leaders::withdraw(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/teachers/leaders?withdrawn=1").into_response())
}

/// `GET /teachers/leaders/template.xlsx`: the 任职表 template with examples and a 说明 sheet.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "校长副校长任职表模板.xlsx",
        junheng_io::rotation::leaders::write_leaders_template(),
    ))
}
