//! `GET /evidence/{id}`: a document, for whoever may read its record's documents; every download
//! is audited by the store. Always an attachment (never shown in the page), with the media type
//! decided from its content when it was checked, and headers that keep a browser from reading
//! it as anything else: `X-Content-Type-Options: nosniff`, `Content-Security-Policy:
//! default-src 'none'; sandbox`, `Cache-Control: private, no-store`.

use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::response::Response;
use junheng_app::evidence::{self as app, Caller};
use junheng_io::evidence::Kind;

use super::refusal;
use crate::access::Member;
use crate::error::AppError;
use crate::params::Path;
use crate::state::AppState;

/// What a document is served as when its stored media type is none of the accepted kinds'.
const UNKNOWN: &str = "application/octet-stream";

/// The policy of a downloaded document: nothing it holds may load, run or submit anything.
const SANDBOX: &str = "default-src 'none'; sandbox";

/// `GET /evidence/{id}`.
pub(crate) async fn download(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (document, bytes) = app::open(&here.store, &Caller::User(&viewer.user), id)
        .await
        .map_err(refusal)?;
    let media_type = Kind::from_media_type(&document.media_type).map_or(UNKNOWN, Kind::media_type);
    let mut response = crate::views::download(media_type, &document.file_name, bytes);
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(SANDBOX));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
