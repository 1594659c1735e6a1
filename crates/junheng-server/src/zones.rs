//! 学区 as a governance level: the list of a district's 学区 (its head school, the year's schools
//! and students, its 集团化办学 coverage) and a 学区's page (its schools with their verdicts, the
//! 学区 taken as one unit in the bundled evaluation, its coverage). A 学区's schools in a year are
//! those whose 学区 column names it; a zone lead sees their own 学区 only. Administrators record
//! a 学区's head school and note (`POST /zones`).

use std::collections::HashSet;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use serde::Deserialize;

use crate::access::{Admin, Member};
use crate::dashboard::{Selection, select};
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Form, Path, Query};
use crate::schools::school_verdict;
use crate::state::AppState;
use crate::views::{Layout, render, urlencode};

const COLUMNS: &[Column] = &[
    Column::plain("name", "zones-zone"),
    Column::plain("head", "zones-head-school"),
    Column::plain("schools", "coverage-schools"),
    Column::plain("students", "common-students"),
    Column::plain("school_rate", "coverage-school-rate"),
    Column::plain("student_rate", "coverage-student-rate"),
];

fn zone_of(r: &SchoolRecord) -> Option<&str> {
    r.zone.as_deref().map(str::trim).filter(|z| !z.is_empty())
}

fn students(r: &SchoolRecord) -> u64 {
    u64::from(r.primary.students) + u64::from(r.junior.students)
}

#[derive(Template)]
#[template(path = "zones.html")]
struct ListPage {
    layout: Layout,
    years: Vec<crate::dashboard::YearChip>,
    year_label: String,
    list: ListView,
}

/// `GET /zones?year=&format=`: the 学区 the viewer may see.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse().ok());
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let sees = viewer.sees();
    let sel = select(
        &here,
        &Selection {
            year,
            rulebook: None,
        },
    )
    .await?;
    let recorded = here.store.zones().await?;
    let coverage = match &sel {
        Some(s) => Some(junheng_app::groups::coverage_of(&here.store, s.year).await?),
        None => None,
    };
    let mut rows = Vec::new();
    for name in here.store.zone_names().await? {
        if !sees.zone(&name) {
            continue;
        }
        let schools: Vec<&SchoolRecord> = sel.as_ref().map_or_else(Vec::new, |s| {
            s.records()
                .iter()
                .filter(|r| zone_of(r) == Some(name.as_str()))
                .collect()
        });
        let head = recorded
            .iter()
            .find(|z| z.name == name)
            .and_then(|z| z.head_school.as_ref())
            .map_or(String::new(), ToString::to_string);
        let rates = coverage
            .as_ref()
            .and_then(|c| c.zones.iter().find(|z| z.zone.as_deref() == Some(&name)));
        let rate = |v: Option<f64>| v.map_or(Value::Empty, |v| Value::Decimal(v * 100.0, 1));
        rows.push(
            Row::new(vec![
                Value::text(&name),
                Value::text(head),
                Value::Int(schools.len() as i64),
                Value::Int(schools.iter().map(|r| students(r)).sum::<u64>() as i64),
                rate(rates.and_then(|z| z.rates.schools.value)),
                rate(rates.and_then(|z| z.rates.students.value)),
            ])
            .link(format!("/zones/{}", urlencode(&name))),
        );
    }
    list.respond(&rows, "学区", "学区", |list| {
        render(&ListPage {
            layout: Layout::new("zones-title", &viewer),
            years: sel.as_ref().map_or_else(Vec::new, |s| {
                crate::dashboard::year_switch(&s.years, |y| format!("/zones?year={y}"))
            }),
            year_label: sel.as_ref().map_or(String::new(), |s| school_year(s.year)),
            list,
        })
    })
}

struct SchoolRow {
    code: String,
    name: String,
    group: String,
    students: u64,
    verdict: String,
    passes: bool,
}

#[derive(Template)]
#[template(path = "zone.html")]
struct ZonePage {
    layout: Layout,
    years: Vec<crate::dashboard::YearChip>,
    name: String,
    head: String,
    note: String,
    admin: bool,
    saved: bool,
    year_label: String,
    schools: Vec<SchoolRow>,
    bundled: Vec<crate::bundle::BundleSection>,
    unevaluated: Vec<String>,
    school_rate: String,
    student_rate: String,
}

/// Whether the page says the record was saved (`?saved=1`).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Saved {
    saved: Option<String>,
}

/// `GET /zones/{name}?year=&rulebook=`: a 学区's page.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(name): Path<String>,
    Query(q): Query<Selection>,
    Query(saved): Query<Saved>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sees = viewer.sees();
    if !sees.zone(&name) {
        return Err(AppError::Forbidden);
    }
    if !here.store.zone_names().await?.contains(&name) {
        return Err(AppError::not_found(crate::msg!(
            "zones-no-zone",
            v = crate::views::cut(&name)
        )));
    }
    let lang = viewer.lang;
    let sel = select(&here, &q).await?;
    let e = sel.as_ref().map(|s| s.evaluation()).transpose()?;
    let records: &[SchoolRecord] = sel.as_ref().map_or(&[], |s| s.records());
    let members: Vec<SchoolCode> = records
        .iter()
        .filter(|r| zone_of(r) == Some(name.as_str()))
        .map(|r| r.code.clone())
        .collect();
    let wanted: HashSet<&SchoolCode> = members.iter().collect();
    let schools = records
        .iter()
        .filter(|r| wanted.contains(&r.code))
        .map(|r| {
            let (verdict, passes) = match &e {
                Some(e) => school_verdict(lang, e, &r.code),
                None => (String::new(), true),
            };
            SchoolRow {
                code: r.code.to_string(),
                name: r.name.clone(),
                group: r.group.clone().unwrap_or_default(),
                students: students(r),
                verdict,
                passes,
            }
        })
        .collect();
    let (bundled, unevaluated) = match &e {
        Some(e) => crate::bundle::sections_of(&sees, e, records, &members, &name),
        None => (Vec::new(), Vec::new()),
    };
    let coverage = match &sel {
        Some(s) => Some(junheng_app::groups::coverage_of(&here.store, s.year).await?),
        None => None,
    };
    let zone_rates = coverage
        .as_ref()
        .and_then(|c| c.zones.iter().find(|z| z.zone.as_deref() == Some(&name)));
    let percent = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0));
    let recorded = here.store.zones().await?;
    let record = recorded.iter().find(|z| z.name == name);
    let page = ZonePage {
        layout: Layout::new(name.clone(), &viewer),
        years: sel.as_ref().map_or_else(Vec::new, |s| {
            crate::dashboard::year_switch(&s.years, |y| {
                format!(
                    "/zones/{}?year={y}&rulebook={}",
                    urlencode(&name),
                    s.rulebook.id
                )
            })
        }),
        head: record
            .and_then(|z| z.head_school.as_ref())
            .map_or(String::new(), ToString::to_string),
        note: record.map_or(String::new(), |z| z.note.clone()),
        admin: viewer
            .user
            .role
            .grants(junheng_store::Capability::AdministerDistrict)
            && viewer.user.role.in_district(),
        saved: saved.saved.is_some(),
        year_label: sel.as_ref().map_or(String::new(), |s| school_year(s.year)),
        schools,
        bundled,
        unevaluated,
        school_rate: percent(zone_rates.and_then(|z| z.rates.schools.value)),
        student_rate: percent(zone_rates.and_then(|z| z.rates.students.value)),
        name,
    };
    Ok(render(&page))
}

/// The 学区 form.
#[derive(Debug, Deserialize)]
pub(crate) struct ZoneForm {
    pub name: String,
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub note: String,
}

/// `POST /zones`: records a 学区's head school and note.
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Admin,
    Form(f): Form<ZoneForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let head = match f.head.trim() {
        "" => None,
        h => Some(SchoolCode::parse(h).map_err(|_| {
            AppError::bad_request(crate::msg!(
                "groups-bad-school-code",
                v = crate::views::cut(h)
            ))
        })?),
    };
    here.store
        .save_zone(&f.name, head.as_ref(), &f.note, &viewer.actor())
        .await?;
    Ok(Redirect::to(&format!("/zones/{}?saved=1", urlencode(f.name.trim()))).into_response())
}
