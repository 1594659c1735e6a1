//! A parent's lookup: 报名号 and 回执校验码 (never in a URL) open one receipt of the lottery, and
//! only that applicant's outcome is shown; rate-limited per client address.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use junheng_lottery::{AuditPack, ZoneMode};
use serde::Deserialize;

use super::{Loaded, drawn, load_public, school_html, sentence};
use crate::access::ClientAddr;
use crate::auth::anonymous_form_token;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks;
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
    outcome: Option<Outcome>,
    /// Why nothing was found, in the page's language; empty when nothing was asked.
    message: &'static str,
}

/// The lookup page, its form carrying the anonymous form token (see
/// [`anonymous_form_token`]), which the CSRF middleware checks.
fn lookup_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    loaded: &Loaded,
    applicant: String,
    outcome: Option<Outcome>,
    message: &'static str,
) -> Response {
    let id = loaded.lottery.info.id;
    let (csrf, cookie) = anonymous_form_token(state, headers);
    let page = LookupPage {
        layout: Layout::anonymous(
            "lottery-lottery-result-lookup",
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
        None,
        "",
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

/// One applicant's outcome, as a parent reads it (sentences in the page's language, as HTML:
/// see [`sentence`]).
pub(crate) struct Outcome {
    /// The 公示编号.
    pub code: String,
    /// 随机号.
    pub rank: u32,
    /// Where the child was placed, if it was.
    pub placed: Option<Placed>,
    /// The child's place on the waitlist of each school it listed and was not placed at.
    pub waitlists: Vec<String>,
}

/// A school the child was placed at (已录取：its name and code) and which 志愿 it was.
pub(crate) struct Placed {
    pub school: String,
    pub choice: String,
}

/// Which 志愿 a placement was (the round, in a 顺序志愿 zone), and the reserved seat's category
/// (data).
fn choice(lang: Lang, n: u32, sequential: bool, seat: Option<&str>) -> String {
    let said = match (sequential, seat.is_some()) {
        (false, false) => crate::msg!("lottery-lookup-choice", n = n),
        (true, false) => crate::msg!("lottery-lookup-choice-round", n = n),
        (false, true) => crate::msg!("lottery-lookup-choice-seat", n = n),
        (true, true) => crate::msg!("lottery-lookup-choice-round-seat", n = n),
    };
    let seat = seat.map(|s| ("seat", marks::zh(lang, s)));
    sentence(lang, said, seat.as_slice())
}

/// A place on one school's waitlist (`school` as HTML).
fn waiting(lang: Lang, choice: usize, school: String, position: usize, length: usize) -> String {
    let said = crate::msg!(
        "lottery-lookup-waitlist",
        choice = choice,
        position = position,
        length = length,
    );
    sentence(lang, said, &[("school", school)])
}

/// One applicant's outcome, if `applicant` and `check` open a receipt of this lottery. Which of
/// the two was wrong, or whether the 报名号 took part at all, is never said.
fn outcome_of(
    lang: Lang,
    loaded: &Loaded,
    pack: &AuditPack,
    applicant: &str,
    check: &str,
) -> Option<Outcome> {
    let key = loaded.key.as_ref()?;
    let check = halfwidth(check.trim());
    let typed = applicant.trim();
    let code = [typed.to_owned(), halfwidth(typed)]
        .iter()
        .find_map(|r| key.open_receipt(r, &check))?;
    let a = pack.results.applicants.iter().find(|a| a.id == code)?;
    let entered = pack.inputs.applicants.iter().find(|x| x.id == code)?;
    let sequential = pack
        .inputs
        .zones
        .iter()
        .find(|z| z.id == entered.zone)
        .is_some_and(|z| z.mode == ZoneMode::Sequential);
    let placed = match (&a.school, a.round) {
        (Some(school), Some(n)) => Some(Placed {
            school: sentence(
                lang,
                crate::msg!("lottery-lookup-placed"),
                &[("school", school_html(lang, pack, school))],
            ),
            choice: choice(lang, n, sequential, a.seat.as_deref()),
        }),
        _ => None,
    };
    let waitlists = entered
        .preferences
        .iter()
        .enumerate()
        .filter_map(|(i, school)| {
            let result = pack.results.schools.iter().find(|s| &s.id == school)?;
            let at = result.waitlist.iter().position(|w| *w == code)?;
            let name = school_html(lang, pack, school);
            Some(waiting(lang, i + 1, name, at + 1, result.waitlist.len()))
        })
        .collect();
    Some(Outcome {
        code,
        rank: a.rank,
        placed,
        waitlists,
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
    let page = |outcome: Option<Outcome>, message: &'static str| {
        let applicant = applicant.clone();
        lookup_page(&state, &headers, lang, &loaded, applicant, outcome, message)
    };
    if loaded.legacy() {
        return Ok(page(None, ""));
    }
    if let Err(wait) = state.lookups.attempt(&client_key(addr.ip), Instant::now()) {
        return Ok(too_many(wait));
    }
    Ok(
        match outcome_of(lang, &loaded, pack, &applicant, &form.check) {
            Some(outcome) => page(Some(outcome), ""),
            // The one answer to every failed lookup.
            None => page(None, lang.t("lottery-lookup-not-found")),
        },
    )
}

/// 429 with the minutes to wait, in the page and in `Retry-After`.
fn too_many(wait: Duration) -> Response {
    let said = crate::msg!(
        "lottery-lookup-too-many",
        window = LOOKUP_WINDOW.as_secs() / 60,
        limit = LOOKUP_LIMIT,
        wait = minutes(wait),
    );
    let mut response = AppError::too_many(said).into_response();
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

    #[test]
    fn outcomes_are_one_sentence_with_the_data_marked_in_english() {
        assert_eq!(choice(Lang::Zh, 2, false, None), "第 2 志愿录取");
        assert_eq!(
            choice(Lang::Zh, 2, true, Some("随迁子女")),
            "第 2 志愿录取（顺序志愿第 2 轮），随迁子女名额"
        );
        assert_eq!(
            choice(Lang::En, 2, true, Some("随迁子女")),
            "Admitted as choice 2 (sequential round 2), on a reserved seat \
             (<span lang=\"zh-CN\">随迁子女</span>)"
        );
        let zh = waiting(Lang::Zh, 1, "城南一小（S1）".into(), 2, 3);
        assert_eq!(zh, "第 1 志愿 城南一小（S1）：候补第 2 位（共 3 位）");
        let en = waiting(Lang::En, 1, "<b>S1</b>".into(), 2, 3);
        assert_eq!(en, "Choice 1, <b>S1</b>: number 2 of 3 on the waitlist");
        let not_found = Lang::En.t("lottery-lookup-not-found");
        assert!(
            !not_found.chars().any(crate::views::is_chinese),
            "{not_found}"
        );
    }
}
