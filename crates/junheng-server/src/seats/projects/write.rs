//! The forms that keep the ledger: `POST /seats/projects` (add), `POST /seats/projects/{id}`
//! (edit), `…/{id}/status` (a status with its dates), `…/{id}/delete` (with a confirmation
//! box), through `junheng_app::seats::projects`. A project's money is one text field, a line
//! per budget year: `年度,计划（元）,已支出（元）`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::seats::projects::StatusChange;
use junheng_core::school::SchoolCode;
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;
use junheng_store::{ProjectEntry, ProjectMoney, SeatProject};

use super::{caller, refusal};
use crate::access::Admin;
use crate::error::AppError;
use crate::pairings::field;
use crate::params::Form;
use crate::state::AppState;

/// The fields of the project form as text (blank for a new project).
#[derive(Debug, Default)]
pub(super) struct FormValues {
    pub name: String,
    pub school: String,
    pub kind: String,
    pub status: String,
    pub year_planned: String,
    pub year_opened: String,
    pub primary_classes: String,
    pub junior_classes: String,
    pub teaching_room_area: String,
    pub gym_area: String,
    pub sports_ground_area: String,
    pub equipment_value: String,
    pub multimedia_rooms: String,
    pub music_rooms: String,
    pub art_rooms: String,
    pub seats_added: String,
    pub cost: String,
    pub funding: String,
    pub started_on: String,
    pub completed_on: String,
    pub money: String,
    pub note: String,
}

impl FormValues {
    /// The form of a stored project.
    pub fn of(p: &SeatProject) -> FormValues {
        let e = &p.entry;
        let a = &e.adds;
        FormValues {
            name: e.name.clone(),
            school: e.school.to_string(),
            kind: e.kind.id().into(),
            status: e.status.id().into(),
            year_planned: e.year_planned.to_string(),
            year_opened: e.year_opened.map_or(String::new(), |y| y.to_string()),
            primary_classes: a.primary_classes.to_string(),
            junior_classes: a.junior_classes.to_string(),
            teaching_room_area: a.teaching_room_area.to_string(),
            gym_area: a.gym_area.to_string(),
            sports_ground_area: a.sports_ground_area.to_string(),
            equipment_value: a.equipment_value.to_string(),
            multimedia_rooms: a.multimedia_rooms.to_string(),
            music_rooms: a.music_rooms.to_string(),
            art_rooms: a.art_rooms.to_string(),
            seats_added: e.seats_added.to_string(),
            cost: e.cost.to_string(),
            funding: e.funding.clone(),
            started_on: e.started_on.clone().unwrap_or_default(),
            completed_on: e.completed_on.clone().unwrap_or_default(),
            money: e
                .money
                .iter()
                .map(|m| format!("{},{},{}", m.year, m.planned, m.spent))
                .collect::<Vec<_>>()
                .join("\n"),
            note: e.note.clone(),
        }
    }
}

/// A 400 naming the field and the value given.
fn bad(field_name: &str, value: &str) -> AppError {
    AppError::bad_request(crate::msg!(
        "projects-bad-field",
        field = field_name.to_owned(),
        v = crate::views::cut(value)
    ))
}

/// A number of the form (empty: `default`).
fn number<T: std::str::FromStr>(
    form: &[(String, String)],
    key: &str,
    default: Option<T>,
) -> Result<T, AppError> {
    let text = field(form, key);
    if text.is_empty()
        && let Some(d) = default
    {
        return Ok(d);
    }
    text.parse().map_err(|_| bad(key, text))
}

/// An optional field (empty: `None`).
fn optional(form: &[(String, String)], key: &str) -> Option<String> {
    Some(field(form, key))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The money lines: `年度,计划,已支出` (commas or spaces), one per year.
fn money(text: &str) -> Result<Vec<ProjectMoney>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let parts: Vec<&str> = line
                .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .collect();
            match parts[..] {
                [y, p, s] => match (y.parse(), p.parse(), s.parse()) {
                    (Ok(year), Ok(planned), Ok(spent)) => Ok(ProjectMoney {
                        year,
                        planned,
                        spent,
                    }),
                    _ => Err(bad("money", line)),
                },
                _ => Err(bad("money", line)),
            }
        })
        .collect()
}

/// The project a form says.
fn entry(form: &[(String, String)]) -> Result<ProjectEntry, AppError> {
    let kind =
        ProjectKind::parse(field(form, "kind")).ok_or_else(|| bad("kind", field(form, "kind")))?;
    let status = ProjectStatus::parse(field(form, "status"))
        .ok_or_else(|| bad("status", field(form, "status")))?;
    let school = SchoolCode::parse(field(form, "school"))
        .map_err(|_| bad("school", field(form, "school")))?;
    Ok(ProjectEntry {
        name: field(form, "name").to_owned(),
        school,
        kind,
        status,
        year_planned: number(form, "year_planned", None)?,
        year_opened: optional(form, "year_opened")
            .map(|y| y.parse().map_err(|_| bad("year_opened", &y)))
            .transpose()?,
        adds: Additions {
            primary_classes: number(form, "primary_classes", Some(0))?,
            junior_classes: number(form, "junior_classes", Some(0))?,
            teaching_room_area: number(form, "teaching_room_area", Some(0.0))?,
            gym_area: number(form, "gym_area", Some(0.0))?,
            sports_ground_area: number(form, "sports_ground_area", Some(0.0))?,
            equipment_value: number(form, "equipment_value", Some(0.0))?,
            multimedia_rooms: number(form, "multimedia_rooms", Some(0))?,
            music_rooms: number(form, "music_rooms", Some(0))?,
            art_rooms: number(form, "art_rooms", Some(0))?,
        },
        seats_added: number(form, "seats_added", Some(0))?,
        cost: number(form, "cost", None)?,
        funding: field(form, "funding").to_owned(),
        started_on: optional(form, "started_on"),
        completed_on: optional(form, "completed_on"),
        note: field(form, "note").to_owned(),
        money: money(field(form, "money"))?,
    })
}

/// `POST /seats/projects`: adds a project.
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let entry = entry(&form)?;
    let stored = junheng_app::seats::projects::add(&here.store, &caller(&viewer), &entry)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/seats/projects/{}?done=added", stored.id)).into_response())
}

/// `POST /seats/projects/{id}`: replaces what a project says.
pub(crate) async fn edit(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let entry = entry(&form)?;
    junheng_app::seats::projects::edit(&here.store, &caller(&viewer), id, &entry)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/seats/projects/{id}?done=saved")).into_response())
}

/// `POST /seats/projects/{id}/status` (`status`, `started_on`, `completed_on`, `year_opened`).
pub(crate) async fn status(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let status = ProjectStatus::parse(field(&form, "status"))
        .ok_or_else(|| bad("status", field(&form, "status")))?;
    let change = StatusChange {
        started_on: optional(&form, "started_on"),
        completed_on: optional(&form, "completed_on"),
        year_opened: optional(&form, "year_opened")
            .map(|y| y.parse().map_err(|_| bad("year_opened", &y)))
            .transpose()?,
    };
    junheng_app::seats::projects::change_status(&here.store, &caller(&viewer), id, status, &change)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/seats/projects/{id}?done=status")).into_response())
}

/// `POST /seats/projects/{id}/delete` (`confirm=1`): deletes a project and its money.
pub(crate) async fn delete(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if field(&form, "confirm") != "1" {
        return Err(AppError::bad_request(crate::msg!(
            "projects-delete-unconfirmed"
        )));
    }
    junheng_app::seats::projects::delete(&here.store, &caller(&viewer), id)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/seats/projects?deleted=1").into_response())
}
