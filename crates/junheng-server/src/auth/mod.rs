//! Logging in and out: argon2 password hashes, server-side sessions in the store, a pause after
//! repeated failed logins, every login in the audit log. CSRF is checked by the middleware in
//! `access` (the login form's token lives in its own cookie until a session exists).

mod limiter;

use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_store::{AuditEntry, User};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::access::{ClientAddr, Member, cookie};
use crate::error::{AppError, Message};
use crate::i18n::{Arg, Lang};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, LocalPath, render};

pub(crate) use limiter::{Limiter, Locked};

pub(crate) const SESSION_COOKIE: &str = "junheng_session";
pub(crate) const LOGIN_CSRF_COOKIE: &str = "junheng_login";
/// Longest user name (as the store allows).
pub(crate) const MAX_NAME: usize = 64;
/// Longest password accepted (argon2 of a megabyte would be a cheap way to burn CPU).
pub(crate) const MAX_PASSWORD: usize = 256;
/// Shortest password a user may choose.
pub(crate) const MIN_PASSWORD: usize = 8;

/// An argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A hash no password matches, verified for unknown or inactive names so that a login takes as
/// long whether the name exists or not.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password(&new_secret()).expect("argon2 hashes a random password"));

/// Verifies `password` against `hash` (or against [`DUMMY_HASH`] when there is no account) off
/// the async runtime; false for the dummy. Every check is counted (`password_checks` in
/// `/metrics`), the dummy ones too.
pub(crate) async fn check_password(
    state: &AppState,
    password: &str,
    hash: Option<&str>,
) -> Result<bool, AppError> {
    state.metrics.password_checks.inc();
    let (password, hash, real) = (
        password.to_owned(),
        hash.map_or_else(|| DUMMY_HASH.clone(), str::to_owned),
        hash.is_some(),
    );
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(real && matches)
}

/// Hashes a new password off the async runtime.
pub(crate) async fn hash_off_runtime(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)
}

/// A new password's problem, if any (8 to 256 characters), said in `lang`.
pub(crate) fn password_problem(lang: Lang, password: &str) -> Option<String> {
    let n = password.chars().count();
    (n < MIN_PASSWORD || password.len() > MAX_PASSWORD).then(|| {
        crate::tr!(
            lang,
            "auth-password-length",
            min = MIN_PASSWORD,
            max = MAX_PASSWORD,
            n = n
        )
    })
}

/// A [`Message`] as HTML for a page in `lang`: the text escaped and, on a page that is not in
/// Chinese, each variable holding Chinese (data: a name, a file name, a reason given by the store
/// or the use-case layer) marked `lang="zh-CN"`. A Chinese page is Chinese throughout and marks
/// nothing.
pub(crate) fn marked(lang: Lang, m: &Message) -> String {
    use crate::i18n::marks::{self, Var};
    let vars: Vec<(&str, Var<'_>)> = m
        .args
        .iter()
        .map(|(name, value)| match value {
            Arg::Text(t) if t.chars().any(crate::views::is_chinese) => (*name, Var::Data(t)),
            other => (*name, Var::Arg(other.clone())),
        })
        .collect();
    marks::html(lang, m.key, &vars)
}

/// 32 random bytes as hex: session ids, CSRF tokens, API tokens.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    hex::encode(bytes)
}

/// SHA-256 of a secret as hex: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// SHA-256 of bytes as lowercase hex (file digests in the import history).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Compares secrets in time independent of where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<Duration>,
) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={}", a.as_secs()));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{age}{secure}"
    ))
    .expect("cookie values are hex")
}

/// A one-time password an administrator hands out: 12 characters of an alphabet without look-
/// alikes (no 0/O, 1/l/I), about 69 bits.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    // 256 is not a multiple of the alphabet's size: a slight bias, irrelevant at this length.
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    message: String,
    name: String,
    /// Whether the identity service's button is shown.
    sso: bool,
}

#[derive(Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
    /// Set after the user changed their password.
    changed: Option<String>,
}

/// The token of the forms anonymous callers send (the login form, a parent's lottery lookup),
/// kept in its own cookie since there is no session yet, and the `Set-Cookie` header that keeps
/// it; a browser that has one keeps it, so that two open tabs both work. The CSRF middleware
/// accepts it in place of a session's token.
pub(crate) fn anonymous_form_token(state: &AppState, headers: &HeaderMap) -> (String, HeaderValue) {
    let token = cookie(headers, LOGIN_CSRF_COOKIE)
        .filter(|c| c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(new_secret, str::to_owned);
    let header = set_cookie(
        state,
        LOGIN_CSRF_COOKIE,
        &token,
        Some(Duration::from_secs(3600)),
    );
    (token, header)
}

/// The login page.
fn login_form(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    next: &LocalPath,
    message: String,
    name: String,
) -> Response {
    let (csrf, cookie) = anonymous_form_token(state, headers);
    let page = LoginPage {
        layout: Layout::anonymous(
            lang.t("auth-log-in"),
            lang,
            &format!("/login?next={}", crate::views::query_value(next.as_str())),
        ),
        csrf: csrf.clone(),
        next: next.as_str().to_owned(),
        message,
        name,
        sso: state.sso.is_some(),
    };
    let mut response = render(&page).into_response();
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

pub(crate) async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    lang: Lang,
    Query(q): Query<NextQuery>,
) -> Response {
    let message = if q.changed.is_some() {
        lang.t("auth-password-changed")
    } else {
        ""
    };
    login_form(
        &state,
        &headers,
        lang,
        &LocalPath::or_dashboard(q.next.as_deref()),
        message.to_owned(),
        String::new(),
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
    next: Option<String>,
}

/// The message of a refused login: the same whatever was wrong.
fn wrong(lang: Lang) -> String {
    lang.t("auth-wrong-name-or-password").to_owned()
}

/// `POST /login`. Names longer than [`MAX_NAME`] and passwords longer than [`MAX_PASSWORD`] are
/// refused before anything is looked up or audited; every attempt counts against the name and
/// the client address before the password is checked.
pub(crate) async fn login(
    State(state): State<AppState>,
    axum::Extension(addr): axum::Extension<ClientAddr>,
    headers: HeaderMap,
    lang: Lang,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = LocalPath::or_dashboard(form.next.as_deref());
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || form.password.len() > MAX_PASSWORD {
        return Ok(login_form(
            &state,
            &headers,
            lang,
            &next,
            wrong(lang),
            String::new(),
        ));
    }
    let name_key = format!("user:{name}");
    let keys = vec![name_key.clone(), format!("addr:{}", addr.ip)];
    let attempt = match state.logins.begin(keys.clone()) {
        Ok(attempt) => attempt,
        Err(locked) => {
            // An administrator may have ended a recorded lock of the name (on the web or from
            // the command line): the name starts afresh, whatever else is paused.
            let unlocked = locked.keys.contains(&name_key)
                && state.logins.is_recorded(&name_key)
                && state
                    .store
                    .user_by_name(name)
                    .await?
                    .is_some_and(|u| !locked_now(&u.user));
            if !unlocked {
                return Ok(lockout(&state, lang, name, &locked).await);
            }
            state.logins.unlock(&name_key);
            match state.logins.begin(keys) {
                Ok(attempt) => attempt,
                Err(locked) => return Ok(lockout(&state, lang, name, &locked).await),
            }
        }
    };
    let user = state.store.user_by_name(name).await?;
    if let Some(u) = user.as_ref().filter(|u| locked_now(&u.user)) {
        // Locked in the store (before this server started, or by another one).
        drop(attempt);
        let until = u.user.locked_until.as_deref().unwrap_or_default();
        let wait = until_from_now(until);
        let locked = Locked {
            wait,
            keys: vec![name_key],
        };
        return Ok(lockout(&state, lang, name, &locked).await);
    }
    // Users of the identity service have no password here: checked like unknown names.
    let hash = user
        .as_ref()
        .filter(|u| u.user.active && !u.user.external)
        .map(|u| u.password_hash.as_str());
    let verified = check_password(&state, &form.password, hash).await?;
    let Some(user) = user.filter(|_| verified) else {
        drop(attempt);
        audit(&state, None, name, "auth.login_failed", "via=password").await;
        if let Some(wait) = state.logins.newly_locked(&name_key)
            && let Some(known) = state.store.user_by_name(name).await?
        {
            state
                .store
                .lock_user(known.user.id, SystemTime::now() + wait)
                .await?;
            state.logins.recorded(&name_key);
        }
        return Ok(login_form(
            &state,
            &headers,
            lang,
            &next,
            wrong(lang),
            name.to_owned(),
        ));
    };
    attempt.succeeded(&name_key);
    open_session(&state, &user.user, &next, "via=password").await
}

/// Whether `user`'s login name is locked in the store now.
pub(crate) fn locked_now(user: &User) -> bool {
    let now = junheng_store::rfc3339(SystemTime::now());
    user.locked_until
        .as_deref()
        .is_some_and(|t| t > now.as_str())
}

/// The time from now until `until` (RFC 3339 UTC as the store writes it), zero if past or
/// unreadable.
fn until_from_now(until: &str) -> Duration {
    junheng_store::parse_rfc3339(until)
        .and_then(|t| t.duration_since(SystemTime::now()).ok())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "lockout.html")]
struct LockoutPage {
    layout: Layout,
    name: String,
    name_locked: bool,
    address_locked: bool,
    minutes: u64,
    until: String,
}

/// The page of a refused login (429): what is locked, and when the lock ends, in Beijing time.
async fn lockout(state: &AppState, lang: Lang, name: &str, locked: &Locked) -> Response {
    audit(state, None, name, "auth.login_locked", "").await;
    let page = LockoutPage {
        layout: Layout::anonymous(lang.t("auth-login-paused"), lang, "/login"),
        name: name.to_owned(),
        name_locked: locked.keys.iter().any(|k| k.starts_with("user:")),
        address_locked: locked.keys.iter().any(|k| k.starts_with("addr:")),
        minutes: locked.wait.as_secs().div_ceil(60).max(1),
        until: junheng_store::beijing_time(SystemTime::now() + locked.wait),
    };
    let mut response = render(&page);
    *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    response
}

/// A new session for `user`, however they proved who they are (`via`, in the audit entry):
/// the session cookie, a fresh CSRF token, `auth.login`, then off to `next`.
pub(crate) async fn open_session(
    state: &AppState,
    user: &User,
    next: &LocalPath,
    via: &str,
) -> Result<Response, AppError> {
    let secret = new_secret();
    let csrf = new_secret();
    let expires = SystemTime::now() + state.config.session_ttl;
    state
        .store
        .create_session(&secret_hash(&secret), user.id, &csrf, expires)
        .await?;
    audit(state, user.district, &user.name, "auth.login", via).await;
    let mut response = Redirect::to(next.as_str()).into_response();
    let headers = response.headers_mut();
    headers.append(SET_COOKIE, set_cookie(state, SESSION_COOKIE, &secret, None));
    headers.append(
        SET_COOKIE,
        set_cookie(state, LOGIN_CSRF_COOKIE, "", Some(Duration::ZERO)),
    );
    Ok(response)
}

/// Ends this browser's session.
pub(crate) async fn end_session(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<(), AppError> {
    if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let hash = secret_hash(secret);
        state.forget_session(&hash);
        state.store.delete_session(&hash).await?;
    }
    Ok(())
}

/// A redirect to the login page that also clears the session cookie.
pub(crate) fn to_login(state: &AppState, query: &str) -> Response {
    let mut response = Redirect::to(&format!("/login{query}")).into_response();
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(state, SESSION_COOKIE, "", Some(Duration::ZERO)),
    );
    response
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    end_session(&state, &headers).await?;
    audit(
        &state,
        member.user.district,
        &member.user.name,
        "auth.logout",
        "",
    )
    .await;
    Ok(to_login(&state, ""))
}

/// Appends an audit entry; a failure to audit a login is logged (it must not lock people out).
/// `actor` (what was typed as a name, for failed logins) is cut to [`MAX_NAME`] characters and
/// masked if it holds a national ID number.
pub(crate) async fn audit(
    state: &AppState,
    district: Option<junheng_store::DistrictId>,
    actor: &str,
    action: &'static str,
    detail: &str,
) {
    let entry = AuditEntry {
        district,
        actor: junheng_core::privacy::shown(actor)
            .chars()
            .take(MAX_NAME)
            .collect(),
        action,
        target: String::new(),
        detail: detail.to_owned(),
    };
    if let Err(e) = state.store.audit(&entry).await {
        tracing::error!(error = %e, action, "audit entry not written");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("正确的密码 123").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("正确的密码 123", &hash));
        assert!(!verify_password("错误", &hash));
        assert_ne!(hash, hash_password("正确的密码 123").unwrap(), "salted");
        assert!(!verify_password("", &DUMMY_HASH));
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn new_passwords_are_bounded() {
        assert_eq!(
            password_problem(Lang::Zh, "1234567").as_deref(),
            Some("密码应为 8 到 256 个字符（当前 7 个）")
        );
        assert_eq!(
            password_problem(Lang::En, "1234567").as_deref(),
            Some("A password must have 8 to 256 characters (this one has 7)")
        );
        assert!(password_problem(Lang::Zh, "12345678").is_none());
        assert!(password_problem(Lang::Zh, &"x".repeat(300)).is_some());
        assert_eq!(wrong(Lang::Zh), "用户名或密码不正确");
        assert_eq!(wrong(Lang::En), "Wrong user name or password");
    }

    #[test]
    fn messages_mark_chinese_data_on_english_pages() {
        let m = crate::msg!("sso-refusal-name-taken", name = "王<校长>");
        assert_eq!(
            marked(Lang::Zh, &m),
            "本平台已有用户名为「王&lt;校长&gt;」的另一个账户，不能再为您建立同名账户。"
        );
        let en = marked(Lang::En, &m);
        assert!(
            en.contains("user name &quot;<span lang=\"zh-CN\">王&lt;校长&gt;</span>&quot;;"),
            "{en}"
        );
        let m = crate::msg!("sso-refusal-name-taken", name = "admin");
        assert!(marked(Lang::En, &m).contains("&quot;admin&quot;"));
    }
}
