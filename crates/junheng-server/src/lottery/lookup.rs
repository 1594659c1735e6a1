//! A parent's lookup: 报名号 and 回执校验码 (never in a URL) open one receipt of the lottery, and
//! only that applicant's outcome is shown; rate-limited per client address.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use junheng_lottery::AuditPack;
use serde::Deserialize;

use super::{Loaded, drawn, load_public};
use crate::access::ClientAddr;
use crate::auth::anonymous_form_token;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::limit::{RateLimiter, client_key, minutes};
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// Lookups per client address (IPv6: per /64) …
const LOOKUP_LIMIT: u32 = 10;
/// … in this window, from the first.
const LOOKUP_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The limiter of the parents' lookup ([`AppState::lookups`]).
pub(crate) fn lookup_limiter() -> RateLimiter {
    RateLimiter::new(LOOKUP_LIMIT, LOOKUP_WINDOW)
}

#[derive(Template)]
#[template(path = "lottery_lookup.html")]
struct LookupPage {
    layout: Layout,
    id: i64,
    title: String,
    /// The form's CSRF token (also in the cookie).
    csrf: String,
    /// Lookups are switched off (a lottery stored before version 2).
    disabled: bool,
    applicant: String,
    outcome: String,
    message: String,
}

/// The lookup page, its form carrying the anonymous form token (see
/// [`anonymous_form_token`]), which the CSRF middleware checks.
fn lookup_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    loaded: &Loaded,
    applicant: String,
    outcome: String,
    message: String,
) -> Response {
    let id = loaded.lottery.info.id;
    let (csrf, cookie) = anonymous_form_token(state, headers);
    let page = LookupPage {
        layout: Layout::anonymous(
            lang.t("派位结果查询"),
            lang,
            &format!("/lottery/{id}/lookup"),
        ),
        id,
        title: loaded.lottery.info.title.clone(),
        csrf: csrf.clone(),
        disabled: loaded.legacy(),
        applicant,
        outcome,
        message,
    };
    let mut response = render(&page);
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// A parent's lookup form.
pub(crate) async fn lookup(
    State(state): State<AppState>,
    headers: HeaderMap,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, loaded) = load_public(&state, id).await?;
    drawn(&loaded)?;
    Ok(lookup_page(
        &state,
        &headers,
        lang,
        &loaded,
        String::new(),
        String::new(),
        String::new(),
    ))
}

#[derive(Deserialize)]
pub(crate) struct LookupForm {
    applicant: String,
    check: String,
}

/// Full-width ASCII forms (as a phone keyboard may type them) as ASCII.
fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// One applicant's outcome, if `applicant` and `check` open a receipt of this lottery. Which of
/// the two was wrong, or whether the 报名号 took part at all, is never said.
fn outcome_of(loaded: &Loaded, pack: &AuditPack, applicant: &str, check: &str) -> Option<String> {
    let key = loaded.key.as_ref()?;
    let check = halfwidth(check.trim());
    let typed = applicant.trim();
    let code = [typed.to_owned(), halfwidth(typed)]
        .iter()
        .find_map(|r| key.open_receipt(r, &check))?;
    let a = pack.results.applicants.iter().find(|a| a.id == code)?;
    let name = |school: &str| {
        pack.inputs
            .schools
            .iter()
            .find(|s| s.id == school)
            .map_or("", |s| s.name.as_str())
            .to_owned()
    };
    Some(match (&a.school, a.round) {
        (Some(school), Some(round)) => format!(
            "公示编号 {code}：录取 {}（{school}），第 {round} 志愿{}；随机号 {}",
            name(school),
            a.seat
                .as_ref()
                .map(|c| format!("，{c}名额"))
                .unwrap_or_default(),
            a.rank
        ),
        _ => format!(
            "公示编号 {code}：未派中，转入公办兜底安排；随机号 {}",
            a.rank
        ),
    })
}

/// A parent's lookup: their 报名号 and 回执校验码 (never in a URL), CSRF-checked, rate-limited
/// per client address; shows that applicant's outcome and nothing else.
pub(crate) async fn lookup_post(
    State(state): State<AppState>,
    axum::Extension(addr): axum::Extension<ClientAddr>,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    let (_, loaded) = load_public(&state, id).await?;
    let pack = drawn(&loaded)?;
    let applicant: String = form.applicant.trim().chars().take(64).collect();
    let page = |outcome: String, message: &'static str| {
        let (applicant, message) = (applicant.clone(), lang.t(message).to_owned());
        lookup_page(&state, &headers, lang, &loaded, applicant, outcome, message)
    };
    if loaded.legacy() {
        return Ok(page(String::new(), ""));
    }
    if let Err(wait) = state.lookups.attempt(&client_key(addr.ip), Instant::now()) {
        return Ok(too_many(wait));
    }
    Ok(match outcome_of(&loaded, pack, &applicant, &form.check) {
        Some(outcome) => page(outcome, ""),
        None => page(String::new(), NOT_FOUND),
    })
}

/// The one answer to every failed lookup.
const NOT_FOUND: &str = "报名号或回执校验码不正确，或该报名号没有参加本次派位；请核对回执后重试";

/// 429 with the minutes to wait, in the page and in `Retry-After`.
fn too_many(wait: Duration) -> Response {
    let message = format!(
        "查询次数过多：同一网络 {} 分钟内最多查询 {LOOKUP_LIMIT} 次。请在 {} 分钟后再试",
        LOOKUP_WINDOW.as_secs() / 60,
        minutes(wait)
    );
    let mut response = AppError::TooMany(message).into_response();
    response.headers_mut().insert(
        RETRY_AFTER,
        HeaderValue::from_str(&wait.as_secs().max(1).to_string()).expect("digits"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_are_folded() {
        assert_eq!(halfwidth("２０２５Ａ－１\u{3000}"), "2025A-1 ");
        assert_eq!(halfwidth("报名"), "报名");
    }
}
