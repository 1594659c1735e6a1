//! Logging in and out: argon2 password hashes, server-side sessions in the store, CSRF tokens on
//! every form, a pause after repeated failed logins, every login in the audit log.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use askama::Template;
use axum::extract::{ConnectInfo, Form, FromRequestParts, Query, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_store::{Actor, AuditEntry, User};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::{Layout, render};

const SESSION_COOKIE: &str = "junheng_session";
const LOGIN_CSRF_COOKIE: &str = "junheng_login";
/// Failed logins are counted over this window, and a locked name or address waits this long.
const LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// An argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// 32 random bytes as hex: session ids, CSRF tokens, API tokens.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    hex(&bytes)
}

/// SHA-256 of a secret as hex: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// SHA-256 of bytes as lowercase hex (file digests in the import history).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<Duration>) -> HeaderValue {
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

/// The logged-in user of a page request, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user.
    pub user: User,
    /// The token every form of this session must carry.
    pub csrf: String,
    /// The interface language of this request.
    pub lang: Lang,
    /// The path and query of this request (for the language switch).
    pub path: String,
}

impl Viewer {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if constant_time_eq(token.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(AppError::BadRequest(
                "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试".into(),
            ))
        }
    }

    /// The actor recorded in the audit log.
    pub fn actor(&self) -> Actor {
        Actor {
            name: self.user.name.clone(),
        }
    }
}

/// The path and query of a request.
pub(crate) fn request_path(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Option::<Viewer>::from_request_parts(parts, state)
            .await?
            .ok_or(AppError::Unauthorized)
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(None);
        };
        let hash = secret_hash(secret);
        let (lang, path) = (Lang::of(&parts.headers), request_path(parts));
        if let Some(viewer) = state.known_session(&hash) {
            return Ok(Some(Viewer {
                lang,
                path,
                ..viewer
            }));
        }
        let found = state.store.session(&hash, SystemTime::now()).await?;
        let viewer = found.map(|(session, user)| Viewer {
            user,
            csrf: session.csrf,
            lang,
            path,
        });
        if let Some(v) = &viewer {
            state.remember_session(hash, v.clone());
        }
        Ok(viewer)
    }
}

/// Failed logins per user name and per client address.
#[derive(Default)]
pub(crate) struct Limiter {
    failures: HashMap<String, (u32, Instant)>,
}

impl Limiter {
    fn locked(&mut self, key: &str, max: u32) -> bool {
        match self.failures.get(key) {
            Some((n, since)) if since.elapsed() < LOCKOUT => *n >= max,
            Some(_) => {
                self.failures.remove(key);
                false
            }
            None => false,
        }
    }

    fn fail(&mut self, key: String) {
        let entry = self.failures.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= LOCKOUT {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    fn clear(&mut self, key: &str) {
        self.failures.remove(key);
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    message: String,
    name: String,
}

#[derive(Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

/// Only local paths are followed after login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/dashboard".to_owned(),
    }
}

fn login_form(
    state: &AppState,
    lang: Lang,
    next: String,
    message: String,
    name: String,
) -> Response {
    let csrf = new_secret();
    let page = LoginPage {
        layout: Layout::anonymous(lang.t("登录"), lang, &format!("/login?next={next}")),
        csrf: csrf.clone(),
        next,
        message,
        name,
    };
    let mut response = render(&page).into_response();
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            state,
            LOGIN_CSRF_COOKIE,
            &csrf,
            Some(Duration::from_secs(3600)),
        ),
    );
    response
}

pub(crate) async fn login_page(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<NextQuery>,
) -> Response {
    login_form(
        &state,
        lang,
        safe_next(q.next.as_deref()),
        String::new(),
        String::new(),
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return Ok(login_form(
            &state,
            lang,
            next,
            "登录表单已过期，请重新输入".into(),
            form.name,
        ));
    }
    let name = form.name.trim().to_owned();
    let (name_key, peer_key) = (format!("user:{name}"), format!("addr:{}", peer.ip()));
    let max = state.config.max_failed_logins;
    let locked = {
        let mut limiter = state.logins.lock().expect("limiter lock");
        limiter.locked(&name_key, max) || limiter.locked(&peer_key, max)
    };
    if locked {
        audit(&state, &name, "auth.login_locked", "").await;
        return Err(AppError::TooMany(
            "登录失败次数过多，请 15 分钟后再试，或联系管理员".into(),
        ));
    }
    let user = state.store.user_by_name(&name).await?;
    let verified = match &user {
        Some(u) if u.user.active => {
            let (password, hash) = (form.password.clone(), u.password_hash.clone());
            tokio::task::spawn_blocking(move || verify_password(&password, &hash))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
        }
        _ => false,
    };
    let Some(user) = user.filter(|_| verified) else {
        {
            let mut limiter = state.logins.lock().expect("limiter lock");
            limiter.fail(name_key);
            limiter.fail(peer_key);
        }
        audit(&state, &name, "auth.login_failed", "").await;
        let message = if lang == Lang::En {
            "Wrong user name or password"
        } else {
            "用户名或密码不正确"
        };
        return Ok(login_form(&state, lang, next, message.into(), name));
    };
    state.logins.lock().expect("limiter lock").clear(&name_key);
    let secret = new_secret();
    let csrf = new_secret();
    let expires = SystemTime::now() + state.config.session_ttl;
    state
        .store
        .create_session(&secret_hash(&secret), user.user.id, &csrf, expires)
        .await?;
    audit(&state, &user.user.name, "auth.login", "").await;
    let mut response = Redirect::to(&next).into_response();
    let headers = response.headers_mut();
    headers.append(
        SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, &secret, None),
    );
    headers.append(
        SET_COOKIE,
        set_cookie(&state, LOGIN_CSRF_COOKIE, "", Some(Duration::ZERO)),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: String,
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        let hash = secret_hash(secret);
        state.forget_session(&hash);
        state.store.delete_session(&hash).await?;
    }
    audit(&state, &viewer.user.name, "auth.logout", "").await;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(Duration::ZERO)),
    );
    Ok(response)
}

/// Appends an audit entry; a failure to audit a login is logged (it must not lock people out).
async fn audit(state: &AppState, actor: &str, action: &'static str, detail: &str) {
    let entry = AuditEntry {
        actor: actor.to_owned(),
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
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
    }

    #[test]
    fn next_is_only_a_local_path() {
        assert_eq!(safe_next(Some("/schools/1")), "/schools/1");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }

    #[test]
    fn the_limiter_locks_after_the_maximum() {
        let mut l = Limiter::default();
        for _ in 0..4 {
            l.fail("user:a".into());
        }
        assert!(!l.locked("user:a", 5));
        l.fail("user:a".into());
        assert!(l.locked("user:a", 5));
        l.clear("user:a");
        assert!(!l.locked("user:a", 5));
    }
}
