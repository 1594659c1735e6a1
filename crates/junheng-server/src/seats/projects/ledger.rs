//! `GET /seats/projects`: the ledger (sortable, filterable by kind, status, year and funding
//! source, downloadable) with the totals of the rows shown — seats added, cost, money planned
//! and spent with the execution rate, per budget year and per funding source; the template, the
//! ledger in the template's layout, the import (a file replacing projects of the ledger only
//! when confirmed), and `GET /api/v1/seats/projects`.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::seats::projects::money::{Execution, execution};
use junheng_app::seats::projects::{Imported, Refused, line_of};
use junheng_core::school::SchoolCode;
use junheng_store::SeatProject;
use serde::Serialize;

use super::{caller, is_admin, kind_key, kinds, rate, refusal, status_key, statuses, wan};
use crate::access::{Admin, DistrictReader};
use crate::error::{ApiError, AppError};
use crate::import::IssueRow;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the ledger.
const COLUMNS: &[Column] = &[
    Column::plain("id", "projects-id"),
    Column::plain("name", "projects-name"),
    Column::plain("school", "projects-school"),
    Column::choice("kind", "projects-kind"),
    Column::choice("status", "projects-status"),
    Column::choice("planned_year", "projects-year-planned"),
    Column::choice("opened_year", "projects-year-opened"),
    Column::plain("seats", "projects-seats-added"),
    Column::plain("cost", "projects-cost-wan"),
    Column::choice("funding", "projects-funding"),
    Column::plain("planned", "projects-planned-wan"),
    Column::plain("spent", "projects-spent-wan"),
    Column::plain("rate", "projects-rate"),
];

fn row(i: usize, p: &SeatProject, names: &HashMap<SchoolCode, String>) -> Row {
    let e = &p.entry;
    let planned: i64 = e.money.iter().map(|m| m.planned).sum();
    let spent: i64 = e.money.iter().map(|m| m.spent).sum();
    Row::new(vec![
        Value::Int(p.id),
        Value::text(&e.name),
        Value::text(crate::pairings::school_text(names, &e.school)),
        Value::Label(kind_key(e.kind)),
        Value::Label(status_key(e.status)),
        Value::Int(i64::from(e.year_planned)),
        e.year_opened
            .map_or(Value::Empty, |y| Value::Int(i64::from(y))),
        Value::Int(i64::from(e.seats_added)),
        Value::Decimal(e.cost as f64 / 10_000.0, 2),
        Value::text(&e.funding),
        Value::Decimal(planned as f64 / 10_000.0, 2),
        Value::Decimal(spent as f64 / 10_000.0, 2),
        Value::text(rate(junheng_core::seats::ledger::execution_rate(
            planned, spent,
        ))),
    ])
    .key(i)
    .link(format!("/seats/projects/{}", p.id))
}

/// A line of the totals: what, projects, cost, planned, spent, rate.
pub(super) struct TotalRow {
    pub what: String,
    pub projects: String,
    pub cost: String,
    pub planned: String,
    pub spent: String,
    pub rate: String,
}

/// The totals of the rows shown.
struct Totals {
    projects: usize,
    seats: u64,
    cost: String,
    planned: String,
    spent: String,
    rate: String,
    by_year: Vec<TotalRow>,
    by_source: Vec<TotalRow>,
}

fn totals(x: &Execution) -> Totals {
    Totals {
        projects: x.projects,
        seats: x.seats,
        cost: wan(x.cost),
        planned: wan(x.total.planned),
        spent: wan(x.total.spent),
        rate: rate(x.total.rate),
        by_year: x
            .by_year
            .iter()
            .map(|(y, m)| TotalRow {
                what: y.to_string(),
                projects: String::new(),
                cost: String::new(),
                planned: wan(m.planned),
                spent: wan(m.spent),
                rate: rate(m.rate),
            })
            .collect(),
        by_source: x
            .by_source
            .iter()
            .map(|f| TotalRow {
                what: f.source.clone(),
                projects: f.projects.to_string(),
                cost: wan(f.cost),
                planned: wan(f.money.planned),
                spent: wan(f.money.spent),
                rate: rate(f.money.rate),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "seat_projects.html")]
struct Page {
    layout: Layout,
    list: ListView,
    totals: Totals,
    admin: bool,
    kinds: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    imported: String,
    form: super::write::FormValues,
}

/// `GET /seats/projects?q=&kind=&status=&planned_year=&…&format=`: the ledger and its totals.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let imported = pairs
        .iter()
        .find(|(k, _)| k == "imported")
        .map_or(String::new(), |(_, v)| crate::views::cut(v));
    let list = List::new(COLUMNS, pairs, &[])?;
    let projects = junheng_app::seats::projects::list(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    let names = crate::pairings::school_names(&here).await?;
    let rows: Vec<Row> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| row(i, p, &names))
        .collect();
    let shown: Vec<SeatProject> = list
        .select(&rows)
        .iter()
        .map(|r| projects[r.key].clone())
        .collect();
    list.respond(&rows, "建设项目台账", "建设项目", |list| {
        render(&Page {
            layout: Layout::new("projects-title", &viewer),
            list,
            totals: totals(&execution(&shown)),
            admin: is_admin(&viewer),
            kinds: kinds(),
            statuses: statuses(),
            imported,
            form: super::write::FormValues::default(),
        })
    })
}

/// `GET /seats/projects/template.xlsx`: the ledger template with examples and a 说明 sheet.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "建设项目台账模板.xlsx",
        junheng_io::seats::projects::write_template(),
    ))
}

/// `GET /seats/projects/ledger.xlsx`: the whole ledger in the template's layout (it imports
/// again).
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: DistrictReader,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let projects = junheng_app::seats::projects::list(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    let lines: Vec<_> = projects.iter().map(line_of).collect();
    Ok(crate::views::download(
        crate::views::XLSX,
        "建设项目台账.xlsx",
        junheng_io::seats::projects::write_ledger(&lines),
    ))
}

#[derive(Template)]
#[template(path = "seat_projects_import.html")]
struct ImportPage {
    layout: Layout,
    file_name: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
    replaced: Vec<String>,
    added: usize,
}

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// `POST /seats/projects/import` (a file, `confirm=1` to replace projects of the same names):
/// written whole, or refused with every problem listed, or sent back for confirmation.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let confirmed = upload
        .fields
        .iter()
        .any(|(k, v)| k == "confirm" && v == "1");
    let (file_name, bytes) = upload
        .file
        .ok_or_else(|| AppError::bad_request(crate::msg!("projects-choose-file")))?;
    let read = crate::upload::parse(&state, bytes, file_name.clone(), |bytes, name| {
        junheng_io::seats::projects::read_ledger(bytes, name)
    })
    .await?;
    let done = match read {
        Ok(file) => {
            junheng_app::seats::projects::import(&here.store, &caller(&viewer), &file, confirmed)
                .await
        }
        Err(failure) => Err(Refused::Problems(failure)),
    };
    let page = |issue_count, issues, replaced, added| {
        render(&ImportPage {
            layout: Layout::new("projects-import-title", &viewer),
            file_name: file_name.clone(),
            issue_count,
            issues,
            replaced,
            added,
        })
    };
    match done {
        Ok(Imported::Done(d)) => Ok(Redirect::to(&format!(
            "/seats/projects?imported={}",
            d.added + d.replaced
        ))
        .into_response()),
        Ok(Imported::NeedsConfirmation { added, replaced }) => {
            Ok(page(0, Vec::new(), replaced, added))
        }
        Err(Refused::Problems(failure)) => Ok(page(
            failure.issue_count(),
            failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect(),
            Vec::new(),
            0,
        )),
        Err(e) => Err(refusal(e)),
    }
}

/// The ledger in the API.
#[derive(Serialize)]
struct LedgerView {
    /// Every project, with its money (元).
    projects: Vec<SeatProject>,
    /// Totals of seats, cost and money per year and funding source (元).
    execution: Execution,
}

/// `GET /api/v1/seats/projects`: the ledger and its totals.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let projects = junheng_app::seats::projects::list(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    Ok(Json(LedgerView {
        execution: execution(&projects),
        projects,
    })
    .into_response())
}
