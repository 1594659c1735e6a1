//! The English switch: Chinese by default; `/lang?to=en` (a cookie) shows the interface in
//! English. Interface texts are looked up by stable keys in the catalogue (`catalogue`,
//! `locales/`). Domain data — school names, indicator names from the rulebooks, gap sentences, the
//! engine's explanations — stay in Chinese, as in the official rules they come from, and pages
//! mark them `lang="zh-CN"` (an English page has no Chinese text outside such marks; a test
//! checks every page).

mod catalogue;
pub(crate) mod labels;
pub(crate) mod marks;

pub use catalogue::Arg;

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub(crate) const LANG_COOKIE: &str = "junheng_lang";

/// The interface language of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// From the request's cookie.
    pub fn of(headers: &HeaderMap) -> Self {
        let en = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim() == format!("{LANG_COOKIE}=en"));
        if en { Lang::En } else { Lang::Zh }
    }

    /// The interface text `key` (a message without variables) in this language; the key itself
    /// if the catalogue lacks it (a test keeps every key used in the code in both languages).
    pub fn t(self, key: &'static str) -> &'static str {
        catalogue::plain(self, key)
    }

    /// The interface text `key` with its variables: `lang.tf("common-people", &[("n", 3.into())])`
    /// (or the [`tr!`](crate::tr) macro).
    pub fn tf(self, key: &str, args: &[(&str, Arg)]) -> String {
        catalogue::format(self, key, args)
    }

    /// A message whose one variable is `$n` (for templates).
    pub fn t_n(self, key: &str, n: impl Into<Arg>) -> String {
        self.tf(key, &[("n", n.into())])
    }

    /// The interface text `key` if `key` is one (a page title given as a key), else `None` (a
    /// title that is data, such as a school's name).
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        catalogue::lookup(self, key)
    }

    /// A message whose one variable is `$v` (for templates).
    pub fn t_v(self, key: &str, v: impl std::fmt::Display) -> String {
        self.tf(key, &[("v", Arg::Text(v.to_string()))])
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The catalogue key of a role's name.
pub(crate) fn role(role: junheng_store::Role) -> &'static str {
    use junheng_store::Role;
    match role {
        Role::Province => "role-province",
        Role::City => "role-city",
        Role::Admin => "role-admin",
        Role::Supervisor => "role-supervisor",
        Role::GroupLead => "role-group-lead",
        Role::ZoneLead => "role-zone-lead",
        Role::School => "role-school",
        Role::ClassTeacher => "role-class-teacher",
        Role::SubjectTeacher => "role-subject-teacher",
        Role::PsychTeacher => "role-psych-teacher",
        Role::CareOfficer => "role-care-officer",
        Role::DropoutOfficer => "role-dropout-officer",
        Role::SchoolDoctor => "role-school-doctor",
        Role::CrisisTeam => "role-crisis-team",
        Role::Department => "role-department",
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}

#[derive(Deserialize)]
pub(crate) struct Switch {
    to: String,
    next: Option<String>,
}

/// `/lang?to=en&next=/dashboard`: sets the language cookie and goes back (only to a local path,
/// see [`crate::views::LocalPath`]).
pub(crate) async fn switch(crate::params::Query(q): crate::params::Query<Switch>) -> Response {
    let value = if q.to == "en" { "en" } else { "zh" };
    let next = q
        .next
        .as_deref()
        .and_then(crate::views::LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!("{LANG_COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
    response.headers_mut().append(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    response
}

/// An interface text with variables in a language: `tr!(lang, "common-people", n = 3)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $lang.tf($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

/// The keys `sources` name as string literals starting with `prefix` (e.g. `"health-"`), each
/// checked to have a text in both languages; returns how many were checked. For the modules'
/// catalogue tests.
#[cfg(test)]
pub(crate) fn assert_named_keys_exist(prefix: &str, sources: &[&str]) -> usize {
    let mut checked = 0;
    for text in sources {
        for part in text.split(&format!("\"{prefix}")).skip(1) {
            let rest: String = part
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if part[rest.len()..].starts_with('"') && !rest.is_empty() {
                let key = format!("{prefix}{rest}");
                assert!(Lang::Zh.lookup(&key).is_some(), "{key} has no text");
                assert!(Lang::En.lookup(&key).is_some(), "{key} has no English");
                checked += 1;
            }
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::of(&HeaderMap::new()), Lang::Zh);
        assert_eq!(Lang::Zh.t("nav-overview"), "概览");
        assert_eq!(Lang::En.t("nav-overview"), "Overview");
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=b; junheng_lang=en"));
        assert_eq!(Lang::of(&headers), Lang::En);
    }
}
