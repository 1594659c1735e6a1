//! The framework's extractors with their refusals turned into [`AppError`]s: a malformed path,
//! query or form value, or an unreadable upload, is a 4xx with a Chinese message (JSON under
//! `/api/`), never axum's plain-text answer.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::access::{FORM_LIMIT, refusal, request_path};
use crate::error::AppError;

/// What a rejection's technical text is cut to in a message.
const DETAIL: usize = 120;

fn detail(text: &str) -> String {
    let mut cut: String = text.chars().take(DETAIL).collect();
    if text.chars().count() > DETAIL {
        cut.push('…');
    }
    cut
}

fn path_of(request: &Request) -> String {
    request
        .uri()
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned())
}

/// `?a=…&b=…` parsed into `T`.
pub(crate) struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Query(q.0)),
            Err(e) => Err(refusal(
                &request_path(parts),
                AppError::bad_request(crate::msg!("error-query", v = detail(&e.body_text()))),
            )),
        }
    }
}

/// Path segments parsed into `T`.
pub(crate) struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(Path(p.0)),
            Err(e) => Err(refusal(
                &request_path(parts),
                AppError::not_found(crate::msg!("error-path", v = detail(&e.body_text()))),
            )),
        }
    }
}

/// A URL-encoded form parsed into `T`.
pub(crate) struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let path = path_of(&request);
        match axum::extract::Form::<T>::from_request(request, state).await {
            Ok(f) => Ok(Form(f.0)),
            Err(FormRejection::BytesRejection(_)) => {
                Err(refusal(&path, AppError::PayloadTooLarge(FORM_LIMIT)))
            }
            Err(e) => Err(refusal(
                &path,
                AppError::bad_request(crate::msg!("error-form", v = detail(&e.body_text()))),
            )),
        }
    }
}

/// A multipart upload.
pub(crate) struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let path = path_of(&request);
        match axum::extract::Multipart::from_request(request, state).await {
            Ok(m) => Ok(Multipart(m)),
            Err(e) => Err(refusal(
                &path,
                AppError::bad_request(crate::msg!("error-multipart", v = detail(&e.body_text()))),
            )),
        }
    }
}
