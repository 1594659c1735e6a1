//! The writes of `/teachers/posts`, each through the app's use case: the two yearly files
//! (imported whole or refused with every problem located, replaced only when ticked, withdrawn
//! when confirmed), the approved totals, post moves and their cancelling, the pay figures, and
//! the two templates.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::posts as app;
use junheng_core::school::SchoolCode;
use junheng_teachers::posts::{Approved, PayYear, PostDate, PostMove};
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::pairings::{caller, refusal};
use crate::params::{Form, Multipart, Path};
use crate::seats::{refused_import, year_of, year_upload};
use crate::state::AppState;

const BACK: &str = "/teachers/posts";

fn done(year: i32, what: &str) -> Response {
    Redirect::to(&format!("{BACK}?year={year}&done={what}")).into_response()
}

/// A refused import as the located problem page, anything else as its error.
fn refused(viewer: &Admin, e: Refused, file_name: String) -> Result<Response, AppError> {
    refused_import(viewer, e, "posts-import-title", file_name, BACK)
}

/// `POST /teachers/posts/certificates/import` (multipart `file`, `year`, `replace`).
pub(crate) async fn import_certificates(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let up = year_upload(multipart, crate::msg!("posts-choose-file")).await?;
    let read = crate::upload::parse(&state, up.bytes, up.file_name.clone(), |bytes, name| {
        app::read_certificates(bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let result = match read {
        Ok(file) => {
            app::import_certificates(
                &here.store,
                &caller(&viewer),
                up.year,
                &file,
                &up.sha256,
                up.replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(done(up.year, "certificates")),
        Err(e) => refused(&viewer, e, up.file_name),
    }
}

/// `POST /teachers/posts/staffing/import` (multipart `file`, `year`, `replace`).
pub(crate) async fn import_staffing(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let up = year_upload(multipart, crate::msg!("posts-choose-file")).await?;
    let read = crate::upload::parse(&state, up.bytes, up.file_name.clone(), |bytes, name| {
        app::read_staffing(bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let result = match read {
        Ok(file) => {
            app::import_staffing(
                &here.store,
                &caller(&viewer),
                up.year,
                &file,
                &up.sha256,
                up.replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(done(up.year, "staffing")),
        Err(e) => refused(&viewer, e, up.file_name),
    }
}

fn year(text: &str) -> Result<i32, AppError> {
    year_of(Some(text))?.ok_or_else(|| AppError::bad_request(crate::msg!("posts-choose-year")))
}

fn number(text: &str) -> Result<u64, AppError> {
    text.trim().parse().map_err(|_| {
        AppError::bad_request(crate::msg!("posts-bad-number", v = crate::views::cut(text)))
    })
}

fn count(text: &str) -> Result<u32, AppError> {
    u32::try_from(number(text)?).map_err(|_| {
        AppError::bad_request(crate::msg!("posts-bad-number", v = crate::views::cut(text)))
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    year: String,
    kind: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /teachers/posts/withdraw` (form `year`, `kind` = certificates|staffing, `confirm`).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year(&form.year)?;
    let kind = app::file_kind(&form.kind)
        .ok_or_else(|| AppError::bad_request(crate::msg!("posts-choose-file")))?;
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!("posts-confirm-withdraw")));
    }
    app::withdraw(&here.store, &caller(&viewer), kind, year)
        .await
        .map_err(refusal)?;
    Ok(done(year, "withdrawn"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ApprovedForm {
    year: String,
    posts: String,
    #[serde(default)]
    positions: String,
}

/// `POST /teachers/posts/approved` (form `year`, `posts`, `positions` optional).
pub(crate) async fn approved(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<ApprovedForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let a = Approved {
        year: year(&form.year)?,
        posts: count(&form.posts)?,
        positions: match form.positions.trim() {
            "" => None,
            p => Some(count(p)?),
        },
    };
    app::set_approved(&here.store, &caller(&viewer), &a)
        .await
        .map_err(refusal)?;
    Ok(done(a.year, "approved"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct MoveForm {
    from: String,
    to: String,
    count: String,
    date: String,
    #[serde(default)]
    reason: String,
}

fn school(text: &str) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|_| {
        AppError::bad_request(crate::msg!("posts-bad-school", v = crate::views::cut(text)))
    })
}

/// `POST /teachers/posts/moves` (form `from`, `to`, `count`, `date`, `reason`).
pub(crate) async fn record_move(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let date = PostDate::parse(&form.date).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "posts-bad-date",
            v = crate::views::cut(&form.date)
        ))
    })?;
    let m = PostMove {
        from: school(&form.from)?,
        to: school(&form.to)?,
        count: count(&form.count)?,
        date,
        reason: form.reason.trim().to_owned(),
        cancelled: false,
    };
    app::record_move(&here.store, &caller(&viewer), &m)
        .await
        .map_err(refusal)?;
    Ok(done(date.school_year(), "move"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CancelForm {
    #[serde(default)]
    year: String,
}

/// `POST /teachers/posts/moves/{id}/cancel` (form `year`, the page to return to).
pub(crate) async fn cancel_move(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let back = year_of(Some(&form.year))?;
    app::cancel_move(&here.store, &caller(&viewer), id)
        .await
        .map_err(refusal)?;
    Ok(match back {
        Some(y) => done(y, "cancelled"),
        None => Redirect::to(&format!("{BACK}?done=cancelled")).into_response(),
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct PayForm {
    year: String,
    teachers: String,
    civil_servants: String,
}

/// `POST /teachers/posts/pay` (form `year`, `teachers`, `civil_servants`: average yearly 元).
pub(crate) async fn pay(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<PayForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let p = PayYear {
        year: year(&form.year)?,
        teachers: number(&form.teachers)?,
        civil_servants: number(&form.civil_servants)?,
    };
    app::set_pay(&here.store, &caller(&viewer), &p)
        .await
        .map_err(refusal)?;
    Ok(done(p.year, "pay"))
}

/// `GET /teachers/posts/certificates/template.xlsx`.
pub(crate) async fn template_certificates(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "教师资格证表模板.xlsx",
        junheng_io::teachers::posts::certificates::write_template(),
    ))
}

/// `GET /teachers/posts/staffing/template.xlsx`.
pub(crate) async fn template_staffing(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "编制表模板.xlsx",
        junheng_io::teachers::posts::staffing::write_template(),
    ))
}
