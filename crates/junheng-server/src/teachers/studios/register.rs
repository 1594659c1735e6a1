//! `GET /teachers/studios?year=&format=`: the year's studios (sortable, filterable,
//! downloadable) with the district's figures (the district's users only); `GET
//! /teachers/studios/{id}`: a studio with its people and outputs; `GET /api/v1/teachers/studios`:
//! the same report as JSON — all from [`junheng_app::teachers::studios::report`].

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::teachers::studios::report::{StudioView, StudiosReport};
use junheng_core::school::school_year;
use junheng_teachers::studios::OutputKind;
use serde::Deserialize;

use super::{decimal, given, is_admin, sees, year_of};
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("name", "studios-name"),
    Column::choice("kind", "studios-kind"),
    Column::choice("level", "studios-level"),
    Column::plain("subject", "studios-subject"),
    Column::plain("host_school", "studios-host-school"),
    Column::choice("status", "studios-status"),
    Column::choice("counts", "studios-counts"),
    Column::plain("people", "studios-people"),
    Column::plain("backbone", "studios-backbone"),
    Column::plain("rural", "studios-rural"),
    Column::plain("lessons", "studios-output-lessons"),
    Column::plain("research", "studios-output-research"),
    Column::plain("courses", "studios-output-courses"),
    Column::plain("trainings", "studios-output-trainings"),
    Column::plain("outreach", "studios-output-outreach"),
    Column::plain("reached", "studios-rural-reached"),
];

fn row(v: &StudioView, year: &junheng_app::teachers::studios::report::Year) -> Row {
    let f = &v.figures;
    let int = |n: u32| Value::Int(i64::from(n));
    let mut cells = vec![
        Value::text(&v.studio.name),
        Value::text(&v.studio.kind),
        Value::text(v.studio.level.label()),
        Value::text(&v.studio.subject),
        Value::text(year.name(&v.studio.host_school)),
        Value::text(v.studio.status.label()),
        Value::Label(if f.counts {
            "studios-yes"
        } else {
            "studios-no"
        }),
        int(f.people),
        int(f.backbone),
        int(f.rural),
    ];
    cells.extend(OutputKind::ALL.iter().map(|k| int(f.output(*k))));
    cells.push(int(f.rural_reached));
    Row::new(cells).link(format!(
        "/teachers/studios/{}?year={}",
        v.index + 1,
        year.year
    ))
}

#[derive(Template)]
#[template(path = "teachers_studios.html")]
struct Page {
    layout: Layout,
    year: i32,
    year_label: String,
    has_roster: bool,
    has_statistics: bool,
    studios_file: String,
    outputs_file: String,
    has_studios: bool,
    has_outputs: bool,
    /// (catalogue key, value) of the district's figures; empty for a school's users.
    figures: Vec<(&'static str, String)>,
    /// Schools without any host or member: (code, name).
    without: Vec<(String, String)>,
    list: ListView,
    admin: bool,
    imported: u64,
    withdrawn: bool,
}

fn figures(r: &StudiosReport) -> Vec<(&'static str, String)> {
    let Some(d) = &r.district else {
        return Vec::new();
    };
    let totals = OutputKind::ALL
        .iter()
        .zip(&d.outputs)
        .map(|(k, n)| format!("{} {n}", k.label()))
        .collect::<Vec<_>>()
        .join("，");
    vec![
        ("studios-fig-studios", d.studios.to_string()),
        ("studios-fig-teachers", d.teachers.to_string()),
        ("studios-fig-per-100", decimal(d.per_100_teachers, 2)),
        ("studios-fig-people", d.people.to_string()),
        (
            "studios-fig-backbone",
            format!(
                "{}（{}）",
                d.backbone,
                decimal(d.backbone_share.map(|s| s * 100.0), 1) + "%"
            ),
        ),
        ("studios-fig-rural-people", d.rural.to_string()),
        (
            "studios-fig-rural-schools",
            format!(
                "{} / {} / {}",
                d.rural_schools, d.rural_schools_with_member, d.rural_schools_reached
            ),
        ),
        ("studios-fig-outputs", totals),
    ]
}

/// `GET /teachers/studios?year=&q=&kind=&level=&status=&counts=&sort=&desc=&page=&format=`.
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
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let sees = sees(&here, &viewer).await?;
    let r = junheng_app::teachers::studios::report(&here.store, &sees, year).await?;
    let rows: Vec<Row> = r.studios.iter().map(|v| row(v, &r.year)).collect();
    let y = r.year.year;
    let without = r
        .district
        .as_ref()
        .map(|d| {
            d.schools_without_member
                .iter()
                .map(|c| (c.to_string(), r.year.name(c)))
                .collect()
        })
        .unwrap_or_default();
    let name = format!("名师工作室-{y}");
    list.respond(&rows, &name, "名师工作室", |list| {
        render(&Page {
            layout: Layout::new("studios-title", &viewer),
            year: y,
            year_label: school_year(y),
            has_roster: r.year.has_roster,
            has_statistics: r.year.has_statistics,
            studios_file: r
                .studios_file
                .as_ref()
                .map_or(String::new(), |f| f.file_name.clone()),
            outputs_file: r
                .outputs_file
                .as_ref()
                .map_or(String::new(), |f| f.file_name.clone()),
            has_studios: r.studios_file.is_some(),
            has_outputs: r.outputs_file.is_some(),
            figures: figures(&r),
            without,
            list,
            admin: is_admin(&viewer),
            imported,
            withdrawn,
        })
    })
}

#[derive(Template)]
#[template(path = "teachers_studio.html")]
struct Detail {
    layout: Layout,
    year: i32,
    year_label: String,
    name: String,
    /// (catalogue key, value).
    facts: Vec<(&'static str, String)>,
    /// (role key, id, school name, 骨干, 乡村).
    people: Vec<(&'static str, String, String, String, bool)>,
    /// (year label, kind, count, schools reached).
    outputs: Vec<(String, &'static str, u32, String)>,
    not_on_roster: String,
}

/// `GET /teachers/studios/{id}?year=`: studio number `n` of the current 名册, if the viewer sees it.
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Member,
    Path(n): Path<usize>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_of(q.year.as_deref())?;
    let sees = sees(&here, &viewer).await?;
    let r = junheng_app::teachers::studios::report(&here.store, &sees, year).await?;
    let v = r
        .studios
        .iter()
        .find(|v| v.index + 1 == n)
        .ok_or_else(|| AppError::not_found(crate::msg!("studios-not-found")))?;
    let s = &v.studio;
    let facts = vec![
        ("studios-kind", s.kind.clone()),
        ("studios-level", s.level.label().to_owned()),
        ("studios-subject", s.subject.clone()),
        ("studios-host-school", r.year.name(&s.host_school)),
        (
            "studios-period",
            format!("{} 至 {}", s.start, s.end.as_deref().unwrap_or("—")),
        ),
        ("studios-status", s.status.label().to_owned()),
    ];
    let people = v
        .people
        .iter()
        .map(|p| {
            (
                if p.host {
                    "studios-host"
                } else {
                    "studios-member"
                },
                p.id.to_string(),
                p.school_name.clone(),
                p.backbone
                    .map_or_else(|| "—".to_owned(), |b| b.label().to_owned()),
                p.rural,
            )
        })
        .collect();
    let outputs = v
        .outputs
        .iter()
        .map(|o| {
            let schools: Vec<String> = o.schools.iter().map(|c| r.year.name(c)).collect();
            (
                school_year(o.year),
                o.kind.label(),
                o.count,
                schools.join("、"),
            )
        })
        .collect();
    Ok(render(&Detail {
        layout: Layout::new("studios-title", &viewer),
        year: r.year.year,
        year_label: school_year(r.year.year),
        name: s.name.clone(),
        facts,
        people,
        outputs,
        not_on_roster: v
            .figures
            .not_on_roster
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
    }))
}

/// `?year=`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    year: Option<String>,
}

/// `GET /api/v1/teachers/studios?year=`: the report the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: Member,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let year = year_of(q.year.as_deref())?;
    let sees = sees(&here, &caller).await?;
    let r = junheng_app::teachers::studios::report(&here.store, &sees, year)
        .await
        .map_err(AppError::from)?;
    Ok(Json(r).into_response())
}
