//! One error type for handlers: a Chinese page for browsers, `{code, message}` JSON for the API.
//! Causes of server errors are logged, never shown. Every refusal of the framework itself (a bad
//! path, query or form value, a wrong method, a body too large, a timeout) goes through it too
//! (`params.rs` and the error-page middleware in `ops.rs`).

use askama::Template;
use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::i18n::Lang;
use crate::views::{Layout, escape};

/// Why a request failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// Not logged in.
    #[error("请先登录")]
    Unauthorized,
    /// Logged in, but the role or scope does not allow it.
    #[error("没有权限访问此内容")]
    Forbidden,
    /// A write without this session's form token, or from another site.
    #[error("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")]
    Csrf,
    /// Nothing there.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed; the message says what is expected.
    #[error("{0}")]
    BadRequest(String),
    /// The request conflicts with stored data.
    #[error("{0}")]
    Conflict(String),
    /// The path exists, but not for this method.
    #[error("不支持这种请求方式（请从页面上的链接或按钮进入）")]
    MethodNotAllowed,
    /// The request took longer than the server allows.
    #[error("请求处理超时，请稍后重试；上传大文件时请检查网络")]
    Timeout,
    /// The body is larger than the route accepts (the limit in bytes).
    #[error("{}", too_large(*.0))]
    PayloadTooLarge(usize),
    /// Too many attempts.
    #[error("{0}")]
    TooMany(String),
    /// Too many parses or computations at once; the message says when to retry.
    #[error("{0}")]
    Busy(String),
    /// A city or province user asked for a district's page without choosing a district of
    /// their region (pages send them to the city page).
    #[error("请先在市级页面选择要查看的区县")]
    NoDistrict,
    /// Anything else: logged, shown as a generic message.
    #[error("服务器内部错误，请稍后重试或联系管理员")]
    Internal(String),
}

/// The message of [`AppError::PayloadTooLarge`] (0: the limit is not known here).
fn too_large(limit: usize) -> String {
    match limit {
        0 => "提交的内容过大，请缩小文件后重试".to_owned(),
        n => format!("提交的内容过大：此处最多接受 {}", size(n)),
    }
}

/// A byte count as people read it.
pub(crate) fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KB", (bytes >> 10).max(1))
    }
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Timeout => StatusCode::REQUEST_TIMEOUT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::NoDistrict => StatusCode::CONFLICT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable code, e.g. `auth.forbidden`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "auth.unauthorized",
            AppError::Forbidden => "auth.forbidden",
            AppError::Csrf => "auth.csrf",
            AppError::NotFound(_) => "request.not_found",
            AppError::BadRequest(_) => "request.invalid",
            AppError::Conflict(_) => "request.conflict",
            AppError::MethodNotAllowed => "request.method",
            AppError::Timeout => "request.timeout",
            AppError::PayloadTooLarge(_) => "request.too_large",
            AppError::TooMany(_) => "auth.too_many_attempts",
            AppError::Busy(_) => "server.busy",
            AppError::NoDistrict => "district.not_chosen",
            AppError::Internal(_) => "server.internal",
        }
    }

    fn logged(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
    }

    /// The error for a status the framework answered with an empty body (405, 408, 413 …).
    pub fn of_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => AppError::NotFound("页面不存在".into()),
            StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => AppError::Timeout,
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(0),
            StatusCode::SERVICE_UNAVAILABLE => AppError::Busy("服务器正忙，请稍后重试".into()),
            s if s.is_client_error() => AppError::BadRequest("请求有误，请从页面上重新操作".into()),
            s => AppError::Internal(format!("framework answered {s}")),
        }
    }
}

impl From<junheng_store::StoreError> for AppError {
    fn from(e: junheng_store::StoreError) -> Self {
        match e.code() {
            "store.not_found" => AppError::NotFound(e.to_string()),
            "store.conflict" => AppError::Conflict(e.to_string()),
            "store.invalid" => AppError::BadRequest(e.to_string()),
            "store.unavailable" => {
                tracing::warn!(error = ?std::error::Error::source(&e), "database unavailable");
                AppError::Busy(e.to_string())
            }
            _ => AppError::Internal(format!("{e}: {:?}", std::error::Error::source(&e))),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    code: &'static str,
    message: &'a str,
    /// Whether the viewer is logged in (the way back goes to the dashboard, else home).
    member: bool,
    /// Whether logging in may help (401, 403 for an anonymous visitor).
    login: bool,
}

/// The error page of an error, in the site's frame `layout` (the viewer's, or the anonymous
/// one), with a way back.
pub(crate) fn page(e: &AppError, layout: Layout) -> String {
    let member = !layout.user.is_empty();
    let message = e.to_string();
    let page = ErrorPage {
        login: !member && matches!(e.status(), StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        layout,
        code: e.code(),
        message: &message,
        member,
    };
    page.render().unwrap_or_else(|_| {
        // The template is compiled in; should rendering still fail, a bare page says it.
        format!(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{t}</title>\
             <h1>{t}</h1><p class=\"error\" data-code=\"{c}\">{m}</p><p><a href=\"/\">返回首页</a></p></html>",
            t = title(e.status()),
            c = e.code(),
            m = escape(&message),
        )
    })
}

/// The page of an error for a visitor not (yet) known: the anonymous frame in Chinese. The
/// [`framed`] middleware renders it again in the viewer's own frame and language.
fn anonymous_page(e: &AppError) -> String {
    page(e, Layout::anonymous(title(e.status()), Lang::Zh, "/"))
}

/// Marks an error page for [`framed`].
#[derive(Clone)]
struct Framed(AppError);

/// Renders every error page of a handler (or of the route guards and the CSRF check inside
/// it) in the frame of the viewer who asked: their navigation, name and language.
pub(crate) async fn framed(request: Request, next: Next) -> Response {
    let viewer = request
        .extensions()
        .get::<crate::access::Identity>()
        .and_then(|i| i.viewer())
        .cloned();
    let lang = Lang::of(request.headers());
    let mut response = next.run(request).await;
    let Some(Framed(e)) = response.extensions_mut().remove::<Framed>() else {
        return response;
    };
    let title = lang.t(title(e.status()));
    // The language switch comes back home, never to the refused path (an error page repeats
    // nothing of what was asked for).
    let mut layout = match &viewer {
        Some(v) => Layout::new(title, v),
        None => Layout::anonymous(title, lang, "/"),
    };
    layout.path = "/".to_owned();
    response.headers_mut().remove(header::CONTENT_LENGTH);
    *response.body_mut() = Body::from(page(&e, layout));
    response
}

fn title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "需要登录",
        StatusCode::FORBIDDEN => "没有权限",
        StatusCode::NOT_FOUND => "未找到",
        StatusCode::BAD_REQUEST => "请求有误",
        StatusCode::CONFLICT => "数据已变化",
        StatusCode::METHOD_NOT_ALLOWED => "请求方式有误",
        StatusCode::REQUEST_TIMEOUT => "请求超时",
        StatusCode::PAYLOAD_TOO_LARGE => "内容过大",
        StatusCode::TOO_MANY_REQUESTS => "尝试次数过多",
        StatusCode::SERVICE_UNAVAILABLE => "服务器正忙",
        _ => "出错了",
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.logged();
        if matches!(self, AppError::Unauthorized) {
            return axum::response::Redirect::to("/login").into_response();
        }
        if matches!(self, AppError::NoDistrict) {
            return axum::response::Redirect::to("/city").into_response();
        }
        let mut response = (self.status(), Html(anonymous_page(&self))).into_response();
        response.extensions_mut().insert(Framed(self));
        response
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_page_is_a_chinese_page_in_the_frame_with_a_way_back() {
        for (e, title) in [
            (AppError::Forbidden, "没有权限"),
            (AppError::NotFound("页面不存在".into()), "未找到"),
            (AppError::TooMany("请 5 分钟后再试".into()), "尝试次数过多"),
            (AppError::Internal("cause".into()), "出错了"),
            (
                AppError::Busy("服务器正忙，请稍后重试".into()),
                "服务器正忙",
            ),
        ] {
            let html = anonymous_page(&e);
            assert!(
                html.contains("<header class=\"top\">"),
                "{title}: the site's frame"
            );
            assert!(html.contains(&format!("<h1>{title}</h1>")), "{html}");
            assert!(html.contains(&format!("data-code=\"{}\"", e.code())));
            assert!(html.contains("href=\"/\">返回首页</a>"));
            assert!(
                !html.contains("cause"),
                "a server error's cause is never shown"
            );
        }
    }

    #[test]
    fn validation_failures_of_the_store_are_bad_requests() {
        let e: AppError = junheng_store::StoreError::Invalid("用户名不能含空格".into()).into();
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert_eq!(e.to_string(), "用户名不能含空格");
        assert_eq!(
            AppError::PayloadTooLarge(64 << 10).to_string(),
            "提交的内容过大：此处最多接受 64 KB"
        );
    }
}
