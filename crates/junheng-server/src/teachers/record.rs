//! A teacher's record: `GET /teachers/t/{teacher}` — the roster history, rotation moves, titles,
//! 继续教育 progress, 教师资格证, 名师工作室 and 师徒结对 for the district's readers and the
//! administrator of the teacher's school (403 for anyone else and for an unknown teacher);
//! awards and 师德 only with a
//! [`junheng_app::teachers::honours::HonoursPass`] for it. Every read is audited by the store.
//! One section per capability; each is a small struct of the app layer
//! ([`junheng_app::teachers::record::TeacherRecord`]).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::teachers::record::{
    CertificateSection, HonoursSection, RosterYear, StudioPlace, TeacherRecord, TrainingSection,
    record,
};
use junheng_core::school::school_year;
use junheng_rotation::{Move, TeacherId};
use junheng_teachers::mentors::Pair;
use junheng_teachers::pipeline::HonourTitle;
use junheng_teachers::training::Progress;

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
    training: Option<TrainingSection>,
    certificates: Option<CertificateSection>,
    studios: Vec<StudioPlace>,
    pairs: Vec<Pair>,
    honours: Option<HonoursSection>,
}

impl RecordPage {
    fn year(&self, y: &i32) -> String {
        school_year(*y)
    }

    /// A cycle's progress in one line: done / required (expected by today), and its state.
    fn progress(&self, p: &Progress) -> String {
        let state = if p.completed {
            "已完成"
        } else if p.behind {
            "进度落后"
        } else {
            "进度正常"
        };
        format!(
            "{}：{} / {} 学时（截至今日应达 {}），{state}",
            p.cycle.label(),
            p.done.as_f64(),
            p.required.as_f64(),
            p.expected.as_f64()
        )
    }

    /// 带教 or 拜师, with the other teacher and the pair's period and outcome.
    fn pair(&self, p: &Pair) -> String {
        let (role, other) = if p.mentor.as_str() == self.teacher {
            ("带教", &p.mentee)
        } else {
            ("拜师", &p.mentor)
        };
        format!(
            "{role} {other}（{}，{} 至 {}，见面 {}/{} 次，{}）",
            p.subject,
            p.start,
            p.end.as_deref().unwrap_or("今"),
            p.meetings_held,
            p.meetings_planned,
            p.outcome.map_or("进行中", |o| o.label())
        )
    }
}

/// `GET /teachers/t/{teacher}`.
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
    let found: Option<TeacherRecord> = record(
        &here.store,
        &caller(&viewer),
        &id,
        |c| school.as_ref().is_none_or(|s| s == c),
        crate::teachers::training::today(),
    )
    .await?;
    let r = found.ok_or(AppError::Forbidden)?;
    Ok(render(&RecordPage {
        layout: Layout::new("tr-title", &viewer),
        teacher: r.teacher.to_string(),
        roster: r.roster,
        moves: r.moves,
        titles: r.titles,
        training: r.training,
        certificates: r.certificates,
        studios: r.studios,
        pairs: r.pairs,
        honours: r.honours,
    }))
}
