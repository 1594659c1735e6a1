//! `GET /exams/{id}/card/{student}`: a student's 成绩单 — each paper's and the 总分's score, 标准分
//! and ranks in the school and the pool — for the school and the class's 班主任 only (for
//! parents, through the school). The read is recorded by the use case before anything is
//! shown; a student the caller may not name, or the district does not have, is refused alike.
//! Printable.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::exams::card::card;
use junheng_store::Scope;

use super::{caller, exam_of, num};
use crate::access::Member;
use crate::error::AppError;
use crate::params::Path;
use crate::state::AppState;
use crate::students::{keys, refusal_hiding, what};
use crate::views::{Layout, render};

/// One line of the card.
pub(crate) struct LineView {
    pub subject: String,
    pub status: String,
    pub score: String,
    pub z: String,
    pub t: String,
    pub school_rank: String,
    pub pool_rank: String,
}

#[derive(Template)]
#[template(path = "exams_card.html")]
struct Page {
    layout: Layout,
    id: i64,
    student: i64,
    exam: String,
    school: String,
    class: String,
    lines: Vec<LineView>,
}

/// `GET /exams/{id}/card/{student}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path((id, student)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    // A card is read at the caller's own school; nobody else names a student.
    let school = match &viewer.user.scope {
        Scope::School(s) | Scope::Class { school: s, .. } => s.clone(),
        _ => return Err(AppError::Forbidden),
    };
    exam_of(&here, id).await?;
    let c = card(
        &here.store,
        &caller(&viewer),
        keys(&here),
        id,
        &school,
        student,
        &state.config.quality,
        &what(&viewer),
    )
    .await
    .map_err(refusal_hiding)?
    .ok_or_else(|| AppError::not_found(crate::msg!("exams-no-card")))?;
    let rank = |r: Option<u32>, n: u32| r.map_or_else(|| "—".to_owned(), |r| format!("{r} / {n}"));
    let lines = c
        .card
        .lines
        .iter()
        .map(|l| LineView {
            subject: l.subject.clone(),
            status: l.status.to_owned(),
            score: num(l.score, 1),
            z: num(l.z, 2),
            t: num(l.t, 1),
            school_rank: rank(l.rank_in_school, l.school_n),
            pool_rank: rank(l.rank_in_pool, l.pool_n),
        })
        .collect();
    Ok(render(&Page {
        layout: Layout::new("exams-card-title", &viewer),
        id,
        student,
        exam: c.exam,
        school: c.school,
        class: c.class,
        lines,
    }))
}
