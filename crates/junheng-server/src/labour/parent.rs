//! The parent's page of a one-time link (`/labour/p/{token}`, no login): the record's item, day,
//! minutes, evidence and class — no child's name — and two buttons, 确认 and 有误. Answers are
//! CSRF-checked with the anonymous form token and rate-limited per client address like the
//! lottery lookup; a link that does not work (unknown, used, expired, settled) gets one same
//! page. Reading does not use a link up; the answer does (`junheng_app::labour::links`).

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use junheng_app::labour::links::{ParentView, answer, open};
use junheng_labour::passport::{Decision, Status};

use crate::access::ClientAddr;
use crate::auth::anonymous_form_token;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::limit::{RateLimiter, client_key, minutes};
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// Answers per client address in a window.
const LIMIT: u32 = 20;
/// The window.
const WINDOW: Duration = Duration::from_secs(10 * 60);

/// The limiter of parents' answers.
pub(crate) fn limiter() -> RateLimiter {
    RateLimiter::new(LIMIT, WINDOW)
}

/// A link's token as the path gives it: 32–64 hex digits, else nothing to look up.
fn token_of(text: &str) -> Option<&str> {
    let t = text.trim();
    ((32..=64).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_hexdigit())).then_some(t)
}

#[derive(Template)]
#[template(path = "labour_parent.html")]
struct ParentPage {
    layout: Layout,
    csrf: String,
    token: String,
    view: Option<ParentView>,
    /// The outcome after an answer, in the page's language (empty before).
    said: String,
}

fn page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    token: &str,
    view: Option<ParentView>,
    said: String,
) -> Response {
    let (csrf, cookie) = anonymous_form_token(state, headers);
    let p = ParentPage {
        layout: Layout::anonymous("labour-parent-title", lang, "/labour/p"),
        csrf,
        token: token.to_owned(),
        view,
        said,
    };
    let mut response = render(&p);
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// `GET /labour/p/{token}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let settings = super::settings(&state);
    let view = match token_of(&token) {
        Some(t) => open(
            &state.store,
            super::keys(&state)?,
            t,
            super::class::today(),
            &settings.checklist.required_groups,
        )
        .await
        .ok(),
        None => None,
    };
    let said = if view.is_none() {
        lang.t("labour-parent-gone").to_owned()
    } else {
        String::new()
    };
    Ok(page(&state, &headers, lang, &token, view, said))
}

/// The parent's answer.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct AnswerForm {
    #[serde(default)]
    decision: String,
}

/// `POST /labour/p/{token}` (form `decision` confirmed|rejected).
pub(crate) async fn answer_link(
    State(state): State<AppState>,
    axum::Extension(addr): axum::Extension<ClientAddr>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, AppError> {
    let decision = Decision::from_id(form.decision.trim())
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-parent-choose")))?;
    if let Err(wait) = state
        .parent_links
        .attempt(&client_key(addr.ip), Instant::now())
    {
        return Err(AppError::too_many(crate::msg!(
            "labour-parent-too-many",
            wait = minutes(wait)
        )));
    }
    let settings = super::settings(&state);
    let done = match token_of(&token) {
        Some(t) => answer(
            &state.store,
            super::keys(&state)?,
            t,
            decision,
            super::class::today(),
            &settings.checklist.required_groups,
        )
        .await
        .ok(),
        None => None,
    };
    let said = match done {
        Some(Status::ParentConfirmed) => lang.t("labour-parent-confirmed"),
        Some(_) => lang.t("labour-parent-disputed"),
        None => lang.t("labour-parent-gone"),
    };
    Ok(page(&state, &headers, lang, &token, None, said.to_owned()))
}
