//! The respondent's page, no login, phone-first: `/s` to type a short code, `/s/{token}` from
//! the slip's QR, one simple form, `POST /s/answer` once. Every try of a code (typing one,
//! answering) is limited per client address like the lottery lookup; an unknown, used or closed
//! code gets one same page. Forms carry the anonymous form token.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use junheng_app::pairings::Refused;
use junheng_app::survey::answer::{Form as Questions, answer as answer_code, open};
use junheng_store::StoreError;

use crate::access::ClientAddr;
use crate::auth::anonymous_form_token;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::limit::{RateLimiter, client_key, minutes};
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// Tries per client address in a window.
const LIMIT: u32 = 20;
/// The window.
const WINDOW: Duration = Duration::from_secs(10 * 60);

/// The limiter of respondents' tries.
pub(crate) fn limiter() -> RateLimiter {
    RateLimiter::new(LIMIT, WINDOW)
}

#[derive(Template)]
#[template(path = "survey_public.html")]
struct PublicPage {
    layout: Layout,
    csrf: String,
    /// The code the form answers with (hidden), empty on the entry page.
    code: String,
    questions: Option<Questions>,
    /// What happened, in the page's language (empty before).
    said: String,
    /// Whether the answer was taken.
    done: bool,
}

fn page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    code: &str,
    questions: Option<Questions>,
    said: String,
    done: bool,
) -> Response {
    let (csrf, cookie) = anonymous_form_token(state, headers);
    let p = PublicPage {
        layout: Layout::anonymous("survey-public-title", lang, "/s"),
        csrf,
        code: code.to_owned(),
        questions,
        said,
        done,
    };
    let mut response = render(&p);
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

fn limited(state: &AppState, addr: &ClientAddr) -> Result<(), AppError> {
    state
        .survey_codes
        .attempt(&client_key(addr.ip), Instant::now())
        .map_err(|wait| AppError::too_many(crate::msg!("survey-too-many", wait = minutes(wait))))
}

/// A code as typed or linked, bounded (longer text is no code).
fn bounded(text: &str) -> &str {
    let t = text.trim();
    if t.len() <= 64 { t } else { "" }
}

/// `GET /s`: the field for a short code.
pub(crate) async fn enter(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    Ok(page(&state, &headers, lang, "", None, String::new(), false))
}

/// The typed code.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /s` (form `code`): the questionnaire of a working short code, else the one refusal.
pub(crate) async fn lookup(
    State(state): State<AppState>,
    axum::Extension(addr): axum::Extension<ClientAddr>,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    limited(&state, &addr)?;
    let code = bounded(&form.code);
    Ok(match open(&state.store, code, super::today()).await {
        Ok(q) => page(&state, &headers, lang, code, Some(q), String::new(), false),
        Err(_) => page(
            &state,
            &headers,
            lang,
            "",
            None,
            lang.t("survey-gone").to_owned(),
            false,
        ),
    })
}

/// `GET /s/{token}`: the questionnaire of a slip's link (32 hex digits only: a short code is
/// typed on `/s`, where tries are limited).
pub(crate) async fn show(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let t = token.trim();
    let found = if t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        open(&state.store, t, super::today()).await.ok()
    } else {
        None
    };
    Ok(match found {
        Some(q) => page(&state, &headers, lang, t, Some(q), String::new(), false),
        None => page(
            &state,
            &headers,
            lang,
            "",
            None,
            lang.t("survey-gone").to_owned(),
            false,
        ),
    })
}

/// `POST /s/answer` (form `code`, `q1` … `qN`: an option's index, empty skipped).
pub(crate) async fn answer(
    State(state): State<AppState>,
    axum::Extension(addr): axum::Extension<ClientAddr>,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    limited(&state, &addr)?;
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    };
    let code = bounded(field("code"));
    let today = super::today();
    let gone = |lang: Lang| lang.t("survey-gone").to_owned();
    let Ok(questions) = open(&state.store, code, today).await else {
        return Ok(page(&state, &headers, lang, "", None, gone(lang), false));
    };
    let answers: Vec<Option<u8>> = questions
        .questions
        .iter()
        .map(|q| field(&format!("q{}", q.no)).parse::<u8>().ok())
        .collect();
    Ok(
        match answer_code(&state.store, code, &answers, today).await {
            Ok(()) => page(
                &state,
                &headers,
                lang,
                "",
                None,
                lang.t("survey-thanks").to_owned(),
                true,
            ),
            Err(Refused::Store(StoreError::Invalid(m))) => {
                page(&state, &headers, lang, code, Some(questions), m, false)
            }
            Err(_) => page(&state, &headers, lang, "", None, gone(lang), false),
        },
    )
}
