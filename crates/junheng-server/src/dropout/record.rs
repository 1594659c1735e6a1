//! The records of the children's days: `POST /students/dropout/absence` (an unexcused absence,
//! by whoever keeps the child's school's cases: it opens a case at 缺勤待核), `POST
//! /students/dropout/events` (转出, 转入, 休学, 复学, 辍学, 死亡, 毕业, by whoever may import the
//! school's registry) and `POST /students/dropout/transfers/{event}/confirm` (the destination
//! confirmed a 转出, by a keeper). The child is named by their id (the number of their page,
//! `/students/child/{id}`); their school and grade come from the registry when the form leaves
//! them out.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Caller;
use junheng_app::students::{cases, roster};
use junheng_core::school::SchoolCode;
use junheng_store::{EventKind, NewStudentEvent, StoreError};
use serde::Deserialize;

use super::forms::{EVENT_KINDS, event_scope};
use super::{Keeps, refusal};
use crate::access::Member;
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::{AppState, Here};

/// The school of a form (empty: none), refused when it is not a 学校标识码.
fn school_field(v: &str) -> Result<Option<SchoolCode>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    SchoolCode::parse(v).map(Some).map_err(|_| {
        AppError::bad_request(crate::msg!("dropout-bad-school", v = crate::views::cut(v)))
    })
}

/// The grade of a form (empty: none), refused unless 1–9.
fn grade_field(v: &str) -> Result<Option<u8>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u8>()
        .ok()
        .filter(|g| (1..=9).contains(g))
        .map(Some)
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!("dropout-bad-grade", v = crate::views::cut(v)))
        })
}

/// Where the registry has the child: (school, grade) of their latest entry.
async fn place(here: &Here, student: i64) -> Result<Option<(SchoolCode, u8)>, AppError> {
    Ok(here
        .store
        .student_place(student)
        .await?
        .map(|(school, _, grade)| (school, grade)))
}

/// The form of `POST /students/dropout/absence`.
#[derive(Debug, Deserialize)]
pub(crate) struct AbsenceForm {
    student: i64,
    on_date: String,
    days: u32,
    #[serde(default)]
    school: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    note: String,
}

/// `POST /students/dropout/absence`: records the absence and shows the child's case.
pub(crate) async fn absence(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<AbsenceForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let keeps = Keeps::of(&viewer.user);
    if !keeps.any() {
        return Err(AppError::Forbidden);
    }
    let asked = school_field(&form.school)?;
    let grade = grade_field(&form.grade)?;
    let (school, registry_grade) = match place(&here, form.student).await? {
        Some((school, grade)) => (school, Some(grade)),
        // A child of the district without a registry entry: the form must say where.
        None => (
            asked
                .clone()
                .ok_or_else(|| AppError::bad_request(crate::msg!("dropout-not-in-registry")))?,
            None,
        ),
    };
    if !keeps.covers(&school) {
        return Err(AppError::Forbidden);
    }
    if asked.as_ref().is_some_and(|a| *a != school) {
        return Err(AppError::bad_request(crate::msg!("dropout-other-school")));
    }
    let grade = grade
        .or(registry_grade)
        .ok_or_else(|| AppError::bad_request(crate::msg!("dropout-grade-unknown")))?;
    let case = cases::record_absence(
        &here.store,
        &Caller::User(&viewer.user),
        form.student,
        &school,
        grade,
        form.on_date.trim(),
        form.days,
        form.note.trim(),
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!("/students/cases/{case}")).into_response())
}

/// The form of `POST /students/dropout/events`.
#[derive(Debug, Deserialize)]
pub(crate) struct EventForm {
    student: i64,
    /// `transfer_out`, `transfer_in`, `suspend`, `resume`, `dropout`, `death`, `graduate` (or
    /// their Chinese names).
    kind: String,
    on_date: String,
    #[serde(default)]
    school: String,
    #[serde(default)]
    grade: String,
    /// The destination of a 转出, the origin of a 转入.
    #[serde(default)]
    other_place: String,
    #[serde(default)]
    note: String,
}

/// `POST /students/dropout/events`: records one event of a child.
pub(crate) async fn events(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<EventForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if event_scope(&viewer.user).is_none() {
        return Err(AppError::Forbidden);
    }
    let kind = EventKind::parse(&form.kind)
        .filter(|k| EVENT_KINDS.contains(k))
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!(
                "dropout-bad-kind",
                v = crate::views::cut(&form.kind)
            ))
        })?;
    if kind == EventKind::TransferOut && form.other_place.trim().is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "dropout-destination-required"
        )));
    }
    let asked = school_field(&form.school)?;
    let registry = place(&here, form.student).await?;
    let school = asked
        .clone()
        .or_else(|| registry.as_ref().map(|(s, _)| s.clone()))
        .ok_or_else(|| AppError::bad_request(crate::msg!("dropout-not-in-registry")))?;
    let grade = grade_field(&form.grade)?
        .or_else(|| registry.as_ref().map(|(_, g)| *g))
        .ok_or_else(|| AppError::bad_request(crate::msg!("dropout-grade-unknown")))?;
    let event = NewStudentEvent {
        student: form.student,
        school,
        kind,
        on_date: form.on_date.trim().to_owned(),
        grade,
        other_place: form.other_place.trim().to_owned(),
        confirmed: false,
        days: 0,
        note: form.note.trim().to_owned(),
    };
    roster::record_events(&here.store, &Caller::User(&viewer.user), &[event])
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/students/dropout?done=events").into_response())
}

/// The form of `POST /students/dropout/transfers/{event}/confirm`: the child (whose 转出 it is).
#[derive(Debug, Deserialize)]
pub(crate) struct ConfirmForm {
    student: i64,
}

/// `POST /students/dropout/transfers/{event}/confirm`.
pub(crate) async fn confirm_transfer(
    State(state): State<AppState>,
    viewer: Member,
    Path(event): Path<i64>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let keeps = Keeps::of(&viewer.user);
    if !keeps.any() {
        return Err(AppError::Forbidden);
    }
    let found = here
        .store
        .student_events(form.student)
        .await?
        .into_iter()
        .find(|e| e.id == event && e.kind == EventKind::TransferOut)
        .ok_or(StoreError::NotFound("这条转出记录"))?;
    if !keeps.covers(&found.school) {
        return Err(AppError::Forbidden);
    }
    here.store.confirm_transfer(event, &viewer.actor()).await?;
    Ok(Redirect::to("/students/dropout?done=transfer").into_response())
}
