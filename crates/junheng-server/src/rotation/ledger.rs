//! The ledger by hand (administrators): add one move, cancel one with a reason, cancel a whole
//! batch (an accepted plan, a ledger file) with a reason.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::school::SchoolCode;
use junheng_rotation::{Move, MoveKind, TeacherId};
use junheng_store::MoveSource;
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct NewMove {
    teacher: String,
    from: String,
    to: String,
    start_year: String,
    end_year: String,
    kind: String,
    #[serde(default)]
    note: String,
    /// The rulebook of the page, kept on the way back.
    rulebook: Option<String>,
}

/// Longest note or reason, in characters.
const NOTE: usize = 500;

fn year(text: &str, what: &str) -> Result<i32, AppError> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "{what}「{}」有误：应为四位数的学年，例如 2024",
                crate::views::cut(text)
            ))
        })
}

fn school(text: &str, what: &str) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|e| {
        AppError::BadRequest(format!("{what}「{}」有误：{e}", crate::views::cut(text)))
    })
}

impl NewMove {
    fn parse(&self) -> Result<Move, AppError> {
        let teacher = TeacherId::parse(&self.teacher)
            .map_err(|e| AppError::BadRequest(format!("教师编号有误：{e}")))?;
        let kind = MoveKind::parse(&self.kind).ok_or_else(|| {
            AppError::BadRequest(format!(
                "类型「{}」有误：应为 {}",
                crate::views::cut(&self.kind),
                MoveKind::expected()
            ))
        })?;
        Ok(Move {
            teacher,
            from: school(&self.from, "调出学校标识码")?,
            to: school(&self.to, "调入学校标识码")?,
            start_year: year(&self.start_year, "起始学年")?,
            end_year: year(&self.end_year, "结束学年")?,
            kind,
        })
    }
}

/// `POST /rotation/moves`: one move entered by hand.
pub(crate) async fn add_move(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<NewMove>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let m = form.parse()?;
    let back = super::ledger_href(Some(m.start_year), form.rulebook.as_deref())?;
    let note = Some(form.note.trim()).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE) {
        return Err(AppError::BadRequest(format!("备注不超过 {NOTE} 个字")));
    }
    here.store
        .add_moves(
            std::slice::from_ref(&m),
            MoveSource::Manual,
            &viewer.actor(),
            note,
        )
        .await?;
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
pub(crate) struct Cancel {
    reason: String,
    #[serde(default)]
    year: String,
    rulebook: Option<String>,
}

impl Cancel {
    /// The reason, refused when empty or too long.
    fn reason(&self) -> Result<&str, AppError> {
        let reason = self.reason.trim();
        if reason.is_empty() {
            return Err(AppError::BadRequest("请填写撤销原因".into()));
        }
        if reason.chars().count() > NOTE {
            return Err(AppError::BadRequest(format!("撤销原因不超过 {NOTE} 个字")));
        }
        Ok(reason)
    }

    fn back(&self) -> Result<String, AppError> {
        super::ledger_href(self.year.trim().parse().ok(), self.rulebook.as_deref())
    }
}

/// `POST /rotation/moves/{id}/cancel`: the move stays in the ledger, marked cancelled.
pub(crate) async fn cancel_move(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Cancel>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let back = form.back()?;
    here.store
        .cancel_move(id, &viewer.actor(), form.reason()?)
        .await?;
    Ok(Redirect::to(&back).into_response())
}

/// `POST /rotation/batches/{id}/cancel`: every active move of the batch cancelled in one step
/// with the reason; they stay in the ledger, marked cancelled.
pub(crate) async fn cancel_batch(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Cancel>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let back = form.back()?;
    junheng_app::rotation::cancel_batch(&here.store, id, &viewer.actor(), form.reason()?).await?;
    Ok(Redirect::to(&back).into_response())
}
