//! Small routes: the home page, the stylesheet, 404.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::access::MaybeViewer;
use crate::dashboard::{PublicDistrict, Selection};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Query;
use crate::state::AppState;

const STYLESHEET: &str = include_str!("../static/app.css");

/// `/`: a logged-in user's dashboard; for anyone else the public page (published aggregates,
/// lotteries, the parents' lookup), never a login.
pub(crate) async fn home(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    lang: Lang,
    Query(q): Query<Selection>,
    Query(d): Query<PublicDistrict>,
) -> Result<Response, AppError> {
    if viewer.is_some() {
        return Ok(Redirect::to("/dashboard").into_response());
    }
    crate::dashboard::public_at(state, lang, q, d, "/").await
}

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

pub(crate) async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    crate::access::refusal(
        uri.path(),
        AppError::not_found(crate::msg!("error-no-page")),
    )
}
