//! A teacher's record: `GET /teachers/{teacher}` — the roster history, rotation moves and titles
//! for the district's readers and the administrator of the teacher's school (403 for anyone
//! else and for an unknown teacher); awards and 师德 only with a
//! [`junheng_app::teachers::honours::HonoursPass`] for it. Every read is audited by the store.
//! One section per capability; each is a small struct of the app layer
//! ([`junheng_app::teachers::record::TeacherRecord`]).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::teachers::record::{HonoursSection, RosterYear, TeacherRecord, record};
use junheng_core::school::school_year;
use junheng_rotation::{Move, TeacherId};
use junheng_teachers::pipeline::HonourTitle;

use crate::access::{Member, Sees};
use crate::error::AppError;
use crate::pairings::caller;
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "teachers_record.html")]
struct RecordPage {
    layout: Layout,
    teacher: String,
    roster: Vec<RosterYear>,
    moves: Vec<Move>,
    titles: Vec<HonourTitle>,
    honours: Option<HonoursSection>,
}

impl RecordPage {
    fn year(&self, y: &i32) -> String {
        school_year(*y)
    }
}

/// `GET /teachers/{teacher}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(teacher): Path<String>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    // Their school's administrator and the district only (not group or 学区 leads); an unknown
    // teacher is refused alike, so that a refusal tells nothing.
    let school = match viewer.sees() {
        Sees::District => None,
        Sees::School(c) => Some(c),
        _ => return Err(AppError::Forbidden),
    };
    let id = TeacherId::parse(&teacher).map_err(|_| AppError::Forbidden)?;
    let found: Option<TeacherRecord> = record(&here.store, &caller(&viewer), &id, |c| {
        school.as_ref().is_none_or(|s| s == c)
    })
    .await?;
    let r = found.ok_or(AppError::Forbidden)?;
    Ok(render(&RecordPage {
        layout: Layout::new("tr-title", &viewer),
        teacher: r.teacher.to_string(),
        roster: r.roster,
        moves: r.moves,
        titles: r.titles,
        honours: r.honours,
    }))
}
