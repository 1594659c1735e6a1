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

/// Which field of the form a value came from (its error message names it).
#[derive(Clone, Copy)]
enum Field {
    From,
    To,
    Start,
    End,
}

fn year(text: &str, field: Field) -> Result<i32, AppError> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| {
            let v = crate::views::cut(text);
            AppError::bad_request(match field {
                Field::End => crate::msg!("rotation-error-end-year", v = v),
                _ => crate::msg!("rotation-error-start-year", v = v),
            })
        })
}

fn school(text: &str, field: Field) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|e| {
        let (v, e) = (crate::views::cut(text), e.to_string());
        AppError::bad_request(match field {
            Field::To => crate::msg!("rotation-error-to-school", v = v, e = e),
            _ => crate::msg!("rotation-error-from-school", v = v, e = e),
        })
    })
}

impl NewMove {
    fn parse(&self) -> Result<Move, AppError> {
        let teacher = TeacherId::parse(&self.teacher).map_err(|e| {
            AppError::bad_request(crate::msg!("rotation-error-teacher-id", v = e.to_string()))
        })?;
        let kind = MoveKind::parse(&self.kind).ok_or_else(|| {
            AppError::bad_request(crate::msg!(
                "rotation-error-kind",
                v = crate::views::cut(&self.kind),
                e = MoveKind::expected()
            ))
        })?;
        Ok(Move {
            teacher,
            from: school(&self.from, Field::From)?,
            to: school(&self.to, Field::To)?,
            start_year: year(&self.start_year, Field::Start)?,
            end_year: year(&self.end_year, Field::End)?,
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
        return Err(AppError::bad_request(crate::msg!(
            "common-error-note-length",
            n = NOTE
        )));
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
            return Err(AppError::bad_request(crate::msg!("rotation-error-reason")));
        }
        if reason.chars().count() > NOTE {
            return Err(AppError::bad_request(crate::msg!(
                "rotation-error-reason-length",
                n = NOTE
            )));
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
