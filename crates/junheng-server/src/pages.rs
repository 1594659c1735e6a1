//! Small routes: the home redirect, the stylesheet, 404, and security headers on every response.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::Viewer;
use crate::error::AppError;

const STYLESHEET: &str = include_str!("../static/app.css");

pub(crate) async fn home(viewer: Option<Viewer>) -> Redirect {
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

pub(crate) async fn not_found() -> AppError {
    AppError::NotFound("页面不存在".into())
}

/// No third-party content, no framing, no sniffing; pages are not cached by shared caches.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "private, no-store");
    response
}
