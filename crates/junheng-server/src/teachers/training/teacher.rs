//! One teacher's 继续教育: `GET /teachers/training/t/{teacher}` (the current and the previous
//! cycle's progress — done, expected by today, required, behind or not — and every record, the
//! records downloadable with `?format=xlsx|csv`) and `GET /api/v1/teachers/training/t/{teacher}`,
//! from one scoped, audited selection ([`junheng_app::teachers::training::teacher`]). The
//! district's users see any teacher of its rosters; a school's users their own school's teachers
//! only (another school's teacher is answered as an unknown one: 404, nothing named); group and
//! 学区 leads are refused as on the training page.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::teachers::training::{TeacherDetail, teacher as detail_of};
use junheng_rotation::TeacherId;
use junheng_store::StoreError;
use junheng_teachers::training::{Hours, Level, Progress, TrainingRules};

use super::{scope, today};
use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::caller;
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render, urlencode};

/// The columns of the teacher's records.
const COLUMNS: &[Column] = &[
    Column::plain("course", "training-course"),
    Column::choice("level", "training-level"),
    Column::plain("start", "training-start"),
    Column::plain("end", "training-end"),
    Column::plain("hours", "training-hours"),
    Column::plain("certificate", "training-certificate"),
    Column::choice("source", "training-source"),
    Column::choice("cycle", "training-cycle"),
];

/// The page of a teacher's 继续教育.
pub(crate) fn href(teacher: &TeacherId) -> String {
    format!("/teachers/training/t/{}", urlencode(teacher.as_str()))
}

/// The teacher's detail as the viewer may see it, the read audited as `via`; an unknown teacher,
/// a malformed id and another school's teacher alike are 404 without naming anything.
async fn detail(
    state: &AppState,
    viewer: &Viewer,
    teacher: &str,
    via: &str,
) -> Result<TeacherDetail, AppError> {
    let here = state.here(viewer.district()?);
    let school = scope(viewer.sees())?;
    let unknown = || AppError::not_found(crate::msg!("training-no-teacher"));
    let id = TeacherId::parse(teacher).map_err(|_| unknown())?;
    let rules = TrainingRules::default();
    let found = detail_of(
        &here.store,
        &caller(viewer),
        school.as_ref(),
        &rules,
        &id,
        today(),
        via,
    )
    .await;
    match found {
        Ok(d) => Ok(d),
        Err(StoreError::NotFound(_)) => Err(unknown()),
        Err(e) => Err(e.into()),
    }
}

/// 学时 with the decimals it has (40, 2.5, 0.25).
fn hours(h: Hours) -> Value {
    let decimals = match h.hundredths() % 100 {
        0 => 0,
        c if c % 10 == 0 => 1,
        _ => 2,
    };
    Value::Decimal(h.as_f64(), decimals)
}

/// A cycle's progress as a card.
pub(crate) struct CycleCard {
    pub id: &'static str,
    pub heading: &'static str,
    pub cycle: String,
    pub done: String,
    pub expected: String,
    pub required: String,
    /// The catalogue key of the state: completed, on track, behind, not completed.
    pub state: &'static str,
    pub class: &'static str,
    pub levels: String,
    pub join_year: Option<i32>,
}

fn card(id: &'static str, heading: &'static str, p: &Progress, ended: bool) -> CycleCard {
    let (state, class) = if p.completed {
        ("training-state-completed", "pass")
    } else if ended {
        ("training-state-not-completed", "fail")
    } else if p.behind {
        ("training-state-behind", "fail")
    } else {
        ("training-state-on-track", "pass")
    };
    CycleCard {
        id,
        heading,
        cycle: p.cycle.label(),
        done: p.done.to_string(),
        expected: p.expected.to_string(),
        required: p.required.to_string(),
        state,
        class,
        levels: Level::ALL
            .iter()
            .zip(p.by_level)
            .zip(p.level_records)
            .map(|((l, h), n)| format!("{} {h} 学时（{n} 条）", l.label()))
            .collect::<Vec<_>>()
            .join(" · "),
        join_year: p.join_year,
    }
}

#[derive(Template)]
#[template(path = "teachers_training_teacher.html")]
struct TeacherPage {
    layout: Layout,
    teacher: String,
    school: String,
    as_of: String,
    cycles: [CycleCard; 2],
    list: ListView,
}

/// `GET /teachers/training/t/{teacher}?q=&level=&source=&cycle=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(teacher): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let list = List::new(COLUMNS, pairs, &[])?;
    let via = if list.is_xlsx() {
        "xlsx"
    } else if list.is_download() {
        "csv"
    } else {
        "page"
    };
    let d = detail(&state, &viewer, &teacher, via).await?;
    let rules = TrainingRules::default();
    let rows: Vec<Row> = d
        .records
        .iter()
        .map(|r| {
            Row::new(vec![
                Value::text(r.course.clone()),
                Value::text(r.level.label()),
                Value::text(r.start.to_string()),
                Value::text(r.end.to_string()),
                hours(r.hours),
                Value::maybe(r.certificate.clone()),
                Value::text(r.source.label()),
                Value::text(rules.cycle_of(r.end.year()).label()),
            ])
        })
        .collect();
    let id = d.current.teacher.to_string();
    let name = format!("继续教育记录-{id}");
    list.respond(&rows, &name, "培训记录", |list| {
        render(&TeacherPage {
            layout: Layout::new("training-teacher-title", &viewer),
            school: d
                .school_name
                .clone()
                .unwrap_or_else(|| d.current.school.to_string()),
            as_of: d.as_of.to_string(),
            cycles: [
                card(
                    "training-current",
                    "training-current-cycle",
                    &d.current,
                    false,
                ),
                card(
                    "training-previous",
                    "training-previous-cycle",
                    &d.previous,
                    d.previous.cycle.ended(d.as_of),
                ),
            ],
            teacher: id.clone(),
            list,
        })
    })
}

/// `GET /api/v1/teachers/training/t/{teacher}`: the same selection as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Path(teacher): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(detail(&state, &viewer, &teacher, "json").await?).into_response())
}
