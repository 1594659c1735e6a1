//! Shared view helpers: the page layout, rendering, number formats.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use junheng_store::{Role, User};

use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::Lang;

/// What every page's frame needs: title, navigation for the user's role, the CSRF token, the
/// interface language.
pub struct Layout {
    /// Page title.
    pub title: String,
    /// Logged-in user's display name, empty when anonymous.
    pub user: String,
    /// Role label.
    pub role: String,
    /// CSRF token for the logout form and page forms.
    pub csrf: String,
    /// Navigation: (href, label).
    pub nav: Vec<(&'static str, &'static str)>,
    /// Interface language.
    pub lang: Lang,
    /// This page's path, for the language switch to come back to.
    pub path: String,
}

impl Layout {
    /// The frame for a logged-in user.
    pub fn new(title: impl Into<String>, viewer: &Viewer) -> Self {
        let lang = viewer.lang;
        Self {
            title: title.into(),
            user: display_name(&viewer.user),
            role: lang.t(viewer.user.role.label()).to_owned(),
            csrf: viewer.csrf.clone(),
            nav: nav(viewer.user.role)
                .into_iter()
                .map(|(href, label)| (href, lang.t(label)))
                .collect(),
            lang,
            path: viewer.path.clone(),
        }
    }

    /// The frame of the login and public pages.
    pub fn anonymous(title: impl Into<String>, lang: Lang, path: &str) -> Self {
        Self {
            title: title.into(),
            user: String::new(),
            role: String::new(),
            csrf: String::new(),
            nav: Vec::new(),
            lang,
            path: path.to_owned(),
        }
    }

    /// A text of the interface in the page's language.
    pub fn t(&self, zh: &'static str) -> &'static str {
        self.lang.t(zh)
    }
}

fn display_name(user: &User) -> String {
    if user.display_name.is_empty() {
        user.name.clone()
    } else {
        user.display_name.clone()
    }
}

fn nav(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut nav = vec![
        ("/dashboard", "概览"),
        ("/schools", "学校"),
        ("/groups", "教育集团"),
        ("/map", "地图"),
        ("/rotation", "交流轮岗"),
    ];
    if role != Role::School {
        nav.push(("/plan", "交流方案"));
    }
    if matches!(role, Role::Admin | Role::Supervisor) {
        nav.push(("/report", "报告"));
        nav.push(("/audit", "审计"));
    }
    if role == Role::Admin {
        nav.push(("/import", "导入数据"));
        nav.push(("/submissions", "审核提交"));
        nav.push(("/lottery", "随机派位"));
        nav.push(("/users", "用户"));
    }
    if role == Role::School {
        nav.push(("/submit", "提交本校数据"));
    }
    nav
}

/// Renders a template as an HTML response; a template error is a server error.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    crate::charts::escape(text)
}

/// An indicator value for display: 2 decimals (engines keep full precision).
pub fn value(v: f64) -> String {
    format!("{v:.2}")
}

/// A 差异系数 for display: 3 decimals, or 不可计算.
pub fn cv(v: Option<f64>) -> String {
    v.map_or_else(|| "不可计算".to_owned(), |v| format!("{v:.3}"))
}

/// A threshold as rulebooks write it: 1.0, 0.9, 2000.
pub fn threshold(v: f64) -> String {
    if v.fract() == 0.0 && v < 100.0 {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

/// 达标 / 未达标.
pub fn verdict(passes: bool) -> &'static str {
    if passes { "达标" } else { "未达标" }
}

/// Percent-encodes text for a URL path segment or query value.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The media type of .xlsx workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to download: `name` must be ASCII.
pub fn download(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
