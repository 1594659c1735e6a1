//! The 政府保障 size items of a school year: `GET /seats?year=&format=` shows music and art
//! rooms, school size and class size with their failing schools and what closes each gap, and
//! lists every class above its limit (sortable, filterable, downloadable);
//! `GET /api/v1/seats/sizes?year=` gives the same as JSON — both from one computation
//! ([`junheng_app::seats::sizes::items`]). Administrators import the year's class table (all or
//! nothing; a year's table replaced only when confirmed), withdraw it (the previous one is back),
//! and download the template.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::seats::sizes::{LargeClass, SizeItems, items};
use junheng_core::school::school_year;
use junheng_core::seats::class_size::{ClassRules, ItemResult};
use serde::Deserialize;

use crate::access::{Admin, DistrictReader};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::import::IssueRow;
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the list of classes above their limit.
const COLUMNS: &[Column] = &[
    Column::plain("code", "seats-school-code"),
    Column::plain("name", "seats-school-name"),
    Column::plain("grade", "seats-grade"),
    Column::plain("class", "seats-class"),
    Column::plain("pupils", "seats-pupils"),
    Column::plain("limit", "seats-limit"),
    Column::choice("band", "seats-band"),
];

fn band_key(c: &LargeClass) -> &'static str {
    if c.band.very_large {
        "seats-band-very-large"
    } else if c.band.large {
        "seats-band-large"
    } else {
        "seats-band-over"
    }
}

fn row(c: &LargeClass) -> Row {
    let row = Row::new(vec![
        Value::text(c.school.as_str()),
        Value::text(&c.school_name),
        Value::Int(i64::from(c.grade)),
        Value::text(&c.class),
        Value::Int(i64::from(c.pupils)),
        Value::Int(i64::from(c.limit)),
        Value::Label(band_key(c)),
    ]);
    if c.band.large || c.band.very_large {
        row.class(4, "fail")
    } else {
        row
    }
}

pub(crate) fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!("seats-bad-year", v = crate::views::cut(t)))
                })
        })
        .transpose()
}

/// The year asked for (or the newest with statistics) and its items; `None` before any import.
async fn of_year(here: &Here, year: Option<i32>) -> Result<Option<SizeItems>, AppError> {
    let Some(current) = here.current(year).await? else {
        return Ok(None);
    };
    Ok(Some(
        items(&here.store, current.year, &ClassRules::default()).await?,
    ))
}

/// One item as the page shows it.
pub(crate) struct ItemCard {
    pub id: &'static str,
    pub title: &'static str,
    pub rule: String,
    /// `None`: not assessed (no classes known).
    pub met: Option<bool>,
    pub assessed: usize,
    pub failing: Vec<(String, String, String)>,
}

fn card(id: &'static str, title: &'static str, rule: String, item: &ItemResult) -> ItemCard {
    ItemCard {
        id,
        title,
        rule,
        met: Some(item.met()),
        assessed: item.assessed,
        failing: item
            .failing
            .iter()
            .map(|f| (f.code.to_string(), f.name.clone(), f.remedy.clone()))
            .collect(),
    }
}

fn cards(s: &SizeItems) -> Vec<ItemCard> {
    let r = &s.rules;
    let mut cards = vec![
        card(
            "seats-item-rooms",
            "seats-item-rooms",
            format!(
                "每 {} 个班音乐、美术专用教室各 1 间（不足 {} 个班按 1 间）",
                r.classes_per_room, r.classes_per_room
            ),
            &s.rooms,
        ),
        card(
            "seats-item-school-size",
            "seats-item-school-size",
            format!(
                "义务教育学校规模不超过 {} 人，九年一贯制、十二年一贯制学校义务教育阶段不超过 {} 人",
                r.school_max, r.through_school_max
            ),
            &s.school_size,
        ),
    ];
    let rule = format!(
        "小学、初中每个班级学生数分别不超过 {} 人、{} 人（{} 人及以上为大班额，{} 人及以上为超大班额）",
        r.primary_max, r.junior_max, r.large, r.very_large
    );
    cards.push(match &s.class_size {
        Some(c) => card(
            "seats-item-class-size",
            "seats-item-class-size",
            rule,
            &c.item,
        ),
        None => ItemCard {
            id: "seats-item-class-size",
            title: "seats-item-class-size",
            rule,
            met: None,
            assessed: 0,
            failing: Vec::new(),
        },
    });
    cards
}

#[derive(Template)]
#[template(path = "seats.html")]
struct SeatsPage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    year: i32,
    cards: Vec<ItemCard>,
    source: String,
    /// Classes, over the limit, 大班额, 超大班额.
    counts: Option<[usize; 4]>,
    has_table: bool,
    list: ListView,
    admin: bool,
    /// Classes a file just wrote, or 0.
    imported: u64,
    withdrawn: bool,
}

/// `GET /seats?year=&q=&band=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let year = year_of(given("year").as_deref())?;
    let imported = given("imported").and_then(|n| n.parse().ok()).unwrap_or(0);
    let withdrawn = given("withdrawn").is_some();
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let found = of_year(&here, year).await?;
    let all_years = here.years().await?;
    let shown = found.as_ref().map(|s| s.year);
    let classes = found.as_ref().and_then(|s| s.class_size.as_ref());
    let rows: Vec<Row> = classes.map_or_else(Vec::new, |c| c.large.iter().map(row).collect());
    let name = match shown {
        Some(y) => format!("超标准班额-{y}"),
        None => "超标准班额".to_owned(),
    };
    list.respond(&rows, &name, "超标准班额", |list| {
        render(&SeatsPage {
            layout: Layout::new("seats-title", &viewer),
            years: year_switch(
                &all_years
                    .iter()
                    .map(|y| YearLink {
                        year: y.year,
                        label: school_year(y.year),
                        selected: Some(y.year) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/seats?year={y}"),
            ),
            year_label: shown.map_or(String::new(), school_year),
            year: shown.unwrap_or(0),
            cards: found.as_ref().map_or_else(Vec::new, cards),
            source: classes.map_or(String::new(), |c| c.source.label()),
            counts: classes.map(|c| {
                [
                    c.counts.classes,
                    c.counts.over_limit,
                    c.counts.large,
                    c.counts.very_large,
                ]
            }),
            has_table: classes.is_some_and(|c| {
                matches!(
                    c.source,
                    junheng_app::seats::sizes::ClassSource::Table { .. }
                )
            }),
            list,
            admin: is_admin(&viewer),
            imported,
            withdrawn,
        })
    })
}

/// `?year=` of the JSON answers.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    pub(super) year: Option<String>,
}

/// `GET /api/v1/seats/sizes?year=`: the size items the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: DistrictReader,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let year = year_of(q.year.as_deref())?;
    let found = of_year(&here, year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("seats-no-data")))?;
    Ok(Json(found).into_response())
}

/// The problems of an imported file, with the way back to the page it came from.
#[derive(Template)]
#[template(path = "seats_issues.html")]
pub(crate) struct IssuesPage {
    pub layout: Layout,
    pub title: &'static str,
    pub file_name: String,
    pub issue_count: usize,
    pub issues: Vec<IssueRow>,
    pub back: &'static str,
}

/// At most this many problems are listed (all are counted).
pub(super) const SHOWN: usize = 500;

/// A yearly file uploaded with its form: the other fields, the school year, whether a stored
/// file of the year may be replaced, and the file with its SHA-256.
pub(crate) struct YearUpload {
    pub fields: Vec<(String, String)>,
    pub year: i32,
    pub replace: bool,
    pub file_name: String,
    pub bytes: axum::body::Bytes,
    pub sha256: String,
}

/// Reads a yearly file's upload (`year`, `replace`, `file`); `missing` says that no file came.
pub(crate) async fn year_upload(
    multipart: Multipart,
    missing: crate::error::Message,
) -> Result<YearUpload, AppError> {
    let upload = crate::upload::read(multipart).await?;
    let field = |k: &str| {
        upload
            .fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let year = year_of(field("year"))?
        .ok_or_else(|| AppError::bad_request(crate::msg!("seats-choose-year")))?;
    let replace = field("replace").is_some_and(|v| v == "1" || v == "on");
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(missing))?;
    Ok(YearUpload {
        year,
        replace,
        sha256: junheng_app::classroom::digest(&bytes),
        file_name,
        bytes,
        fields: upload.fields,
    })
}

/// The answer to a refused file: its problems listed (at most [`SHOWN`]), with a way `back`.
pub(crate) fn problems(
    viewer: &Admin,
    title: &'static str,
    file_name: String,
    failure: &junheng_io::school::ImportFailure,
    back: &'static str,
) -> Response {
    render(&IssuesPage {
        layout: Layout::new(title, viewer),
        title,
        file_name,
        issue_count: failure.issue_count(),
        issues: failure
            .issues
            .iter()
            .take(SHOWN)
            .map(IssueRow::from)
            .collect(),
        back,
    })
}

/// A refused import: its problems listed ([`problems`]), or the refusal it is.
pub(crate) fn refused_import(
    viewer: &Admin,
    e: Refused,
    title: &'static str,
    file_name: String,
    back: &'static str,
) -> Result<Response, AppError> {
    match e {
        Refused::Problems(failure) => Ok(problems(viewer, title, file_name, &failure, back)),
        e => Err(refusal(e)),
    }
}

/// `POST /seats/classes/import` (multipart `file`, `year`, `replace`): the year's class table,
/// written whole or refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let YearUpload {
        year,
        replace,
        file_name,
        bytes,
        sha256,
        ..
    } = year_upload(multipart, crate::msg!("seats-choose-file")).await?;
    let read = crate::upload::parse(&state, bytes, file_name.clone(), |bytes, name| {
        junheng_app::seats::sizes::read(bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let done = match read {
        Ok(parsed) => {
            junheng_app::seats::sizes::import(
                &here.store,
                &caller(&viewer),
                year,
                &parsed,
                &sha256,
                replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => Ok(
            Redirect::to(&format!("/seats?year={year}&imported={}", stored.classes))
                .into_response(),
        ),
        Err(Refused::Problems(failure)) => Ok(problems(
            &viewer,
            "seats-import-title",
            file_name,
            &failure,
            "/seats",
        )),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    year: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /seats/classes/withdraw` (form `year`, `confirm`): withdraws the year's class table.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_of(Some(&form.year))?
        .ok_or_else(|| AppError::bad_request(crate::msg!("seats-choose-year")))?;
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!("seats-confirm-withdraw")));
    }
    junheng_app::seats::sizes::withdraw(&here.store, &caller(&viewer), year)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/seats?year={year}&withdrawn=1")).into_response())
}

/// `GET /seats/classes/template.xlsx`: the class table template with examples and a 说明 sheet.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "班级规模表模板.xlsx",
        junheng_io::seats::classes::write_template(),
    ))
}
