//! One error type for handlers: a Chinese page for browsers, `{code, message}` JSON for the API.
//! Causes of server errors are logged, never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::views::escape;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not logged in.
    #[error("请先登录")]
    Unauthorized,
    /// Logged in, but the role or scope does not allow it.
    #[error("没有权限访问此内容")]
    Forbidden,
    /// Nothing there.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed; the message says what is expected.
    #[error("{0}")]
    BadRequest(String),
    /// The request conflicts with stored data.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts.
    #[error("{0}")]
    TooMany(String),
    /// Anything else: logged, shown as a generic message.
    #[error("服务器内部错误，请稍后重试或联系管理员")]
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable code, e.g. `auth.forbidden`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "auth.unauthorized",
            AppError::Forbidden => "auth.forbidden",
            AppError::NotFound(_) => "request.not_found",
            AppError::BadRequest(_) => "request.invalid",
            AppError::Conflict(_) => "request.conflict",
            AppError::TooMany(_) => "auth.too_many_attempts",
            AppError::Internal(_) => "server.internal",
        }
    }

    fn logged(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
    }
}

impl From<junheng_store::StoreError> for AppError {
    fn from(e: junheng_store::StoreError) -> Self {
        match e.code() {
            "store.not_found" => AppError::NotFound(e.to_string()),
            "store.conflict" => AppError::Conflict(e.to_string()),
            _ => AppError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.logged();
        if matches!(self, AppError::Unauthorized) {
            return axum::response::Redirect::to("/login").into_response();
        }
        let body = format!(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{title}</title>\
             <link rel=\"stylesheet\" href=\"/static/app.css\"><main class=\"narrow\"><h1>{title}</h1>\
             <p class=\"error\" data-code=\"{code}\">{message}</p><p><a href=\"/dashboard\">返回概览</a></p></main></html>",
            title = self.status().canonical_reason().unwrap_or("错误"),
            code = self.code(),
            message = escape(&self.to_string()),
        );
        (self.status(), Html(body)).into_response()
    }
}

/// The same errors as JSON, for `/api/v1/`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.logged();
        let body = ErrorBody {
            code: self.0.code(),
            message: self.0.to_string(),
        };
        (self.0.status(), Json(body)).into_response()
    }
}
