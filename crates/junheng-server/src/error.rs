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

use crate::i18n::{Arg, Lang};
use crate::views::{Layout, escape};

/// Why a request failed.
#[derive(Debug, Clone)]
pub enum AppError {
    /// Not logged in.
    Unauthorized,
    /// Logged in, but the role or scope does not allow it.
    Forbidden,
    /// A write without this session's form token, or from another site.
    Csrf,
    /// Nothing there.
    NotFound(String),
    /// The request is malformed; the message says what is expected.
    BadRequest(String),
    /// The request conflicts with stored data.
    Conflict(String),
    /// The path exists, but not for this method.
    MethodNotAllowed,
    /// The request took longer than the server allows.
    Timeout,
    /// The body is larger than the route accepts (the limit in bytes).
    PayloadTooLarge(usize),
    /// Too many attempts.
    TooMany(String),
    /// Too many parses or computations at once; the message says when to retry.
    Busy(String),
    /// A city or province user asked for a district's page without choosing a district of
    /// their region (pages send them to the city page).
    NoDistrict,
    /// Anything else: logged, shown as a generic message.
    Internal(String),
    /// A refusal of one of the kinds above, said by an interface text of the catalogue (shown in
    /// the viewer's language). The `String` variants carry texts of the engines and the store,
    /// which are Chinese data.
    Said(Said, Message),
}

/// The kind of a [`AppError::Said`] refusal: its status and code are those of the variant of
/// the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// As [`AppError::NotFound`].
    NotFound,
    /// As [`AppError::BadRequest`].
    BadRequest,
    /// As [`AppError::Conflict`].
    Conflict,
    /// As [`AppError::TooMany`].
    TooMany,
    /// As [`AppError::Busy`].
    Busy,
}

/// An interface text with its variables, said later in the viewer's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The catalogue key.
    pub key: &'static str,
    /// The variables.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        lang.tf(self.key, &self.args)
    }
}

/// A [`Message`]: `msg!("lottery-error-no-lottery", n = 7)`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::error::Message {
            key: $key,
            args: vec![$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        }
    };
}

impl AppError {
    /// 404 said by a text of the catalogue.
    pub fn not_found(m: Message) -> Self {
        AppError::Said(Said::NotFound, m)
    }

    /// 400 said by a text of the catalogue.
    pub fn bad_request(m: Message) -> Self {
        AppError::Said(Said::BadRequest, m)
    }

    /// 409 said by a text of the catalogue.
    pub fn conflict(m: Message) -> Self {
        AppError::Said(Said::Conflict, m)
    }

    /// 429 said by a text of the catalogue.
    pub fn too_many(m: Message) -> Self {
        AppError::Said(Said::TooMany, m)
    }

    /// 503 said by a text of the catalogue.
    pub fn busy(m: Message) -> Self {
        AppError::Said(Said::Busy, m)
    }

    /// The variant of the same status and code.
    fn kind(&self) -> Self {
        match self {
            AppError::Said(kind, _) => match kind {
                Said::NotFound => AppError::NotFound(String::new()),
                Said::BadRequest => AppError::BadRequest(String::new()),
                Said::Conflict => AppError::Conflict(String::new()),
                Said::TooMany => AppError::TooMany(String::new()),
                Said::Busy => AppError::Busy(String::new()),
            },
            e => e.clone(),
        }
    }

    /// The message in `lang`, and whether it is Chinese data (a text of the engines or the
    /// store) rather than an interface text.
    pub fn message(&self, lang: Lang) -> (String, bool) {
        match self {
            AppError::Said(_, m) => (m.text(lang), false),
            AppError::NotFound(s)
            | AppError::BadRequest(s)
            | AppError::Conflict(s)
            | AppError::TooMany(s)
            | AppError::Busy(s) => (s.clone(), true),
            AppError::PayloadTooLarge(n) if *n > 0 => {
                (lang.t_v("error-too-large-limit", size(*n)), false)
            }
            e => (lang.t(fixed_key(e)).to_owned(), false),
        }
    }
}

/// The catalogue key of a variant's fixed message.
fn fixed_key(e: &AppError) -> &'static str {
    match e {
        AppError::Unauthorized => "error-unauthorized",
        AppError::Forbidden => "error-forbidden",
        AppError::Csrf => "error-csrf",
        AppError::MethodNotAllowed => "error-method",
        AppError::Timeout => "error-timeout",
        AppError::PayloadTooLarge(_) => "error-too-large",
        AppError::NoDistrict => "error-no-district",
        _ => "error-internal",
    }
}

/// In Chinese, as the API and the logs say it.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh).0)
    }
}

impl std::error::Error for AppError {}

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
            AppError::Said(..) => self.kind().status(),
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
            AppError::Said(..) => self.kind().code(),
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
            StatusCode::NOT_FOUND => AppError::not_found(msg!("error-no-page")),
            StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => AppError::Timeout,
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(0),
            StatusCode::SERVICE_UNAVAILABLE => AppError::busy(msg!("error-busy")),
            s if s.is_client_error() => AppError::bad_request(msg!("error-bad-request")),
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
    /// Whether the message is Chinese data (marked `lang="zh-CN"`).
    data: bool,
    /// Whether the viewer is logged in (the way back goes to the dashboard, else home).
    member: bool,
    /// Whether logging in may help (401, 403 for an anonymous visitor).
    login: bool,
}

/// The error page of an error, in the site's frame `layout` (the viewer's, or the anonymous
/// one), with a way back.
pub(crate) fn page(e: &AppError, layout: Layout) -> String {
    let member = !layout.user.is_empty();
    let (message, data) = e.message(layout.lang);
    let page = ErrorPage {
        data,
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
            t = Lang::Zh.t(title(e.status())),
            c = e.code(),
            m = escape(&message),
        )
    })
}

/// The page of an error for a visitor not (yet) known: the anonymous frame in Chinese. The
/// [`framed`] middleware renders it again in the viewer's own frame and language.
fn anonymous_page(e: &AppError) -> String {
    page(
        e,
        Layout::anonymous(Lang::Zh.t(title(e.status())), Lang::Zh, "/"),
    )
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

/// The catalogue key of an error page's title.
fn title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "error-title-401",
        StatusCode::FORBIDDEN => "error-title-403",
        StatusCode::NOT_FOUND => "error-title-404",
        StatusCode::BAD_REQUEST => "error-title-400",
        StatusCode::CONFLICT => "error-title-409",
        StatusCode::METHOD_NOT_ALLOWED => "error-title-405",
        StatusCode::REQUEST_TIMEOUT => "error-title-408",
        StatusCode::PAYLOAD_TOO_LARGE => "error-title-413",
        StatusCode::TOO_MANY_REQUESTS => "error-title-429",
        StatusCode::SERVICE_UNAVAILABLE => "error-title-503",
        _ => "error-title-500",
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
            (AppError::not_found(msg!("error-no-page")), "未找到"),
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
        assert_eq!(
            AppError::PayloadTooLarge(64 << 10).message(Lang::En),
            (
                "What you sent is too large: at most 64 KB is accepted here".to_owned(),
                false
            )
        );
    }

    #[test]
    fn said_errors_speak_the_viewers_language_and_keep_their_codes() {
        let e = AppError::not_found(msg!("error-no-page"));
        assert_eq!(
            (e.status(), e.code()),
            (StatusCode::NOT_FOUND, "request.not_found")
        );
        assert_eq!(e.to_string(), "页面不存在");
        assert_eq!(
            e.message(Lang::En),
            ("There is no such page".to_owned(), false)
        );
        // Texts of the store are Chinese data, marked as such on English pages.
        let e = AppError::Conflict("数据已被他人修改".into());
        assert_eq!(e.message(Lang::En), ("数据已被他人修改".to_owned(), true));
        let html = page(&e, Layout::anonymous("x", Lang::En, "/"));
        assert!(
            html.contains("lang=\"zh-CN\">数据已被他人修改</p>"),
            "{html}"
        );
        let html = page(&AppError::Forbidden, Layout::anonymous("x", Lang::En, "/"));
        assert!(
            html.contains(">You are not allowed to see this</p>"),
            "{html}"
        );
    }
}
