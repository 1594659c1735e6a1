//! Small routes: the home redirect, the stylesheet, 404.

use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::access::MaybeViewer;
use crate::error::AppError;

const STYLESHEET: &str = include_str!("../static/app.css");

pub(crate) async fn home(MaybeViewer(viewer): MaybeViewer) -> Redirect {
    Redirect::to(if viewer.is_some() {
        "/dashboard"
    } else {
        "/login"
    })
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
    crate::access::refusal(uri.path(), AppError::NotFound("页面不存在".into()))
}
