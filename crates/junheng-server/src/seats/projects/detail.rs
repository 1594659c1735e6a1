//! `GET /seats/projects/{id}`: a project — its school, kind, status and dates, what it adds to
//! the school's statistics, its cost and funding source, its money per year with the execution
//! rate — and, for administrators, the forms to change its status, edit or delete it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use junheng_core::seats::ledger::execution_rate;
use serde::Deserialize;

use super::write::FormValues;
use super::{caller, is_admin, kind_key, kinds, rate, refusal, status_key, statuses, wan};
use crate::access::DistrictReader;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// One year of money as the page shows it (万元).
struct MoneyRow {
    year: i32,
    planned: String,
    spent: String,
    rate: String,
}

#[derive(Template)]
#[template(path = "seat_project.html")]
struct Page {
    layout: Layout,
    id: i64,
    name: String,
    school: String,
    kind: &'static str,
    status: &'static str,
    status_id: &'static str,
    year_planned: i32,
    year_opened: String,
    /// (catalogue key, value) of each addition.
    adds: Vec<(&'static str, String)>,
    seats: u32,
    cost: String,
    funding: String,
    started_on: String,
    completed_on: String,
    note: String,
    money: Vec<MoneyRow>,
    total: MoneyRow,
    admin: bool,
    done: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    form: FormValues,
    updated: String,
}

/// `?done=added|saved|status`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// `GET /seats/projects/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let p = junheng_app::seats::projects::open(&here.store, &caller(&viewer), id)
        .await
        .map_err(refusal)?;
    let names = crate::pairings::school_names(&here).await?;
    let e = &p.entry;
    let a = &e.adds;
    let row = |year: i32, planned: i64, spent: i64| MoneyRow {
        year,
        planned: wan(planned),
        spent: wan(spent),
        rate: rate(execution_rate(planned, spent)),
    };
    let planned: i64 = e.money.iter().map(|m| m.planned).sum();
    let spent: i64 = e.money.iter().map(|m| m.spent).sum();
    let done = match q.done.as_deref() {
        Some("added") => "projects-done-added",
        Some("saved") => "projects-done-saved",
        Some("status") => "projects-done-status",
        _ => "",
    };
    Ok(render(&Page {
        layout: Layout::new("projects-one", &viewer),
        id: p.id,
        name: e.name.clone(),
        school: crate::pairings::school_text(&names, &e.school),
        kind: kind_key(e.kind),
        status: status_key(e.status),
        status_id: e.status.id(),
        year_planned: e.year_planned,
        year_opened: e.year_opened.map_or(String::new(), |y| y.to_string()),
        adds: vec![
            ("projects-primary-classes", a.primary_classes.to_string()),
            ("projects-junior-classes", a.junior_classes.to_string()),
            (
                "projects-teaching-area",
                format!("{:.1}", a.teaching_room_area),
            ),
            ("projects-gym-area", format!("{:.1}", a.gym_area)),
            (
                "projects-sports-area",
                format!("{:.1}", a.sports_ground_area),
            ),
            ("projects-equipment", format!("{:.2}", a.equipment_value)),
            ("projects-multimedia", a.multimedia_rooms.to_string()),
            ("projects-music", a.music_rooms.to_string()),
            ("projects-art", a.art_rooms.to_string()),
        ],
        seats: e.seats_added,
        cost: wan(e.cost),
        funding: e.funding.clone(),
        started_on: e.started_on.clone().unwrap_or_default(),
        completed_on: e.completed_on.clone().unwrap_or_default(),
        note: e.note.clone(),
        money: e
            .money
            .iter()
            .map(|m| row(m.year, m.planned, m.spent))
            .collect(),
        total: row(0, planned, spent),
        admin: is_admin(&viewer),
        done,
        kinds: kinds(),
        statuses: statuses(),
        form: FormValues::of(&p),
        updated: crate::views::time(&p.updated_at),
    }))
}
