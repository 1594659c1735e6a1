//! Honours and 师德: `GET /teachers/honours?year=&format=` — per school of the year's roster,
//! awards by level (and per 100 teachers), the 师德 distribution, teachers without a result and
//! any 不合格 flagged; the year's awards and 师德 results listed — for those holding a
//! [`HonoursPass`] (the district's administrators and 督学, a school's administrator for their
//! school; not group or 学区 leads, not teachers); `GET /api/v1/teachers/honours?year=` the
//! same as JSON. Administrators import the three files (all or nothing), withdraw a batch and
//! download the templates.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::honours::{HonoursPass, HonoursView, import as store_file, read, view};
use junheng_core::school::school_year;
use junheng_io::teachers::honours::{Kind, write_template};
use junheng_teachers::honours::HonoursSettings;
use serde::Deserialize;

use crate::access::{Admin, Member};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::import::IssueRow;
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("code", "tp-school-code"),
    Column::plain("teachers", "tp-teachers"),
    Column::plain("national", "th-level-national"),
    Column::plain("province", "th-level-province"),
    Column::plain("city", "th-level-city"),
    Column::plain("district", "th-level-district"),
    Column::plain("school", "th-level-school"),
    Column::plain("per100", "th-per-100"),
    Column::plain("ethics", "th-ethics"),
    Column::plain("missing", "th-missing"),
    Column::choice("failing", "th-failing"),
];

/// The pass of a viewer, or 403.
fn pass(viewer: &Member) -> Result<HonoursPass, AppError> {
    HonoursPass::of(&caller(viewer)).ok_or(AppError::Forbidden)
}

fn rows(v: &HonoursView) -> Vec<Row> {
    v.schools
        .iter()
        .map(|s| {
            let per100: f64 = s.awards_per_100.map_or(0.0, |a| a.iter().sum());
            let ethics: Vec<String> = v
                .settings
                .ethics_levels
                .iter()
                .zip(&s.ethics)
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            let n = |x: u32| Value::Int(i64::from(x));
            let mut cells = vec![Value::text(s.school.as_str()), n(s.teachers)];
            cells.extend(s.awards.map(n));
            cells.extend([
                Value::Decimal(per100, 1),
                Value::text(ethics.join("，")),
                n(s.ethics_missing),
                Value::text(if s.failing > 0 { "有不合格" } else { "无" }),
            ]);
            let row = Row::new(cells);
            if s.failing > 0 {
                row.class(10, "fail")
            } else {
                row
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "teachers_honours.html")]
struct HonoursPage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    year: i32,
    list: ListView,
    /// Teacher, school, kind, level, title.
    awards: Vec<[String; 5]>,
    /// Teacher, school, level, failing.
    ethics: Vec<(String, String, String, bool)>,
    failing_schools: usize,
    batches: Vec<junheng_store::teachers::honours::HonourFile>,
    admin: bool,
    imported: u64,
    withdrawn: bool,
}

/// `GET /teachers/honours?year=&failing=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let pass = pass(&viewer)?;
    let here = state.here(viewer.district()?);
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let year = super::year_of(given("year").as_deref())?;
    let imported = given("imported").and_then(|n| n.parse().ok()).unwrap_or(0);
    let withdrawn = given("withdrawn").is_some();
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let settings = HonoursSettings::default();
    let found = view(&here.store, &pass, year, &settings).await?;
    let admin = is_admin(&viewer);
    let batches = if admin {
        here.store.honour_files(None).await?
    } else {
        Vec::new()
    };
    let rows = found.as_ref().map_or_else(Vec::new, rows);
    let shown = found.as_ref().map(|v| v.year);
    let name = shown.map_or_else(|| "获奖与师德".to_owned(), |y| format!("获奖与师德-{y}"));
    list.respond(&rows, &name, "获奖与师德", |list| {
        let v = found.as_ref();
        render(&HonoursPage {
            years: year_switch(
                &v.map_or_else(Vec::new, |v| v.years.clone())
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        label: school_year(*y),
                        selected: Some(*y) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/teachers/honours?year={y}"),
            ),
            layout: Layout::new("th-title", &viewer),
            year_label: shown.map_or(String::new(), school_year),
            year: shown.unwrap_or(0),
            list,
            awards: v.map_or_else(Vec::new, |v| {
                v.awards
                    .iter()
                    .map(|(a, s)| {
                        [
                            a.teacher.to_string(),
                            s.to_string(),
                            a.kind.label().into(),
                            a.level.label().into(),
                            a.title.clone(),
                        ]
                    })
                    .collect()
            }),
            ethics: v.map_or_else(Vec::new, |v| {
                v.ethics
                    .iter()
                    .map(|(e, s)| {
                        (
                            e.teacher.to_string(),
                            s.to_string(),
                            e.level.clone(),
                            v.settings.fails(&e.level),
                        )
                    })
                    .collect()
            }),
            failing_schools: v.map_or(0, |v| {
                junheng_app::teachers::honours::failing_schools(v).len()
            }),
            batches: batches.clone(),
            admin,
            imported,
            withdrawn,
        })
    })
}

/// `GET /api/v1/teachers/honours?year=`: the view the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<super::YearQuery>,
) -> Result<Response, ApiError> {
    let pass = pass(&viewer)?;
    let here = state.here(viewer.district()?);
    let year = super::year_of(q.year.as_deref())?;
    let found = view(&here.store, &pass, year, &HonoursSettings::default())
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("tp-no-roster")))?;
    Ok(Json(found).into_response())
}

#[derive(Template)]
#[template(path = "teachers_honours_issues.html")]
struct IssuesPage {
    layout: Layout,
    file_name: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
}

/// `POST /teachers/honours/import` (multipart `kind`, `file`, `replace`): a file written whole
/// or refused with every problem listed.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let field = |k: &str| {
        upload
            .fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let kind = field("kind")
        .and_then(Kind::from_id)
        .ok_or_else(|| AppError::bad_request(crate::msg!("th-choose-kind")))?;
    let replace = field("replace").is_some_and(|v| v == "1" || v == "on");
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("th-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let parsed = crate::upload::parse(&state, bytes, file_name.clone(), move |bytes, name| {
        read(kind, bytes, name, &HonoursSettings::default())
    })
    .await?;
    let done = match parsed {
        Ok(f) => store_file(&here.store, &caller(&viewer), &f, &sha256, replace).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => Ok(
            Redirect::to(&format!("/teachers/honours?imported={}", stored.records)).into_response(),
        ),
        Err(Refused::Problems(failure)) => Ok(render(&IssuesPage {
            layout: Layout::new("th-import-title", &viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(500)
                .map(IssueRow::from)
                .collect(),
        })),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    id: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /teachers/honours/withdraw` (form `id`, `confirm`): withdraws a batch.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let id: i64 = form
        .id
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request(crate::msg!("th-bad-batch")))?;
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!("th-confirm-withdraw")));
    }
    junheng_app::teachers::honours::withdraw(&here.store, &caller(&viewer), id)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/teachers/honours?withdrawn=1").into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// `GET /teachers/honours/template.xlsx?kind=awards|ethics|titles`.
pub(crate) async fn template(
    viewer: Admin,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    viewer.district()?;
    let kind = Kind::from_id(&q.kind)
        .ok_or_else(|| AppError::bad_request(crate::msg!("th-choose-kind")))?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("{}模板.xlsx", kind.label()),
        write_template(kind, &HonoursSettings::default()),
    ))
}
