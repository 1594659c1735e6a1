//! Logging in through a city's identity service (统一身份认证): OpenID Connect, authorization
//! code flow with PKCE (S256), `state` and `nonce`, through the `openidconnect` crate.
//!
//! 1. `GET /login/sso` reads the provider's discovery document (cached for an hour), makes
//!    `state`, `nonce` and a PKCE verifier, keeps them in this browser's flow cookie
//!    ([`flow`]) and sends the browser to the provider.
//! 2. `GET /login/sso/callback` (a GET from the provider, so no form token: `state` and PKCE
//!    protect it) clears the cookie, compares `state`, exchanges the code with the verifier,
//!    verifies the ID token (issuer, audience, signature with the provider's JWKS, expiry,
//!    nonce, `at_hash`), completes its claims from the UserInfo endpoint when a mapped claim is
//!    missing, and maps them ([`mapping`]) to a role, a district code and a scope.
//! 3. The use-case layer ([`junheng_app::external`]) checks them against this deployment's
//!    data (the district by its code, a city's or province's districts, the school in the
//!    latest statistics, the group) and gives the person a local row
//!    ([`Store::external_login`]: created at the first login, role, scope and district
//!    following the claims, no password, deactivation by an administrator winning, a role that
//!    reads named children waiting for an administrator's confirmation); then a session exactly
//!    like a password login's: same cookie, same CSRF token, `auth.login` with `via=sso` in the
//!    user's district. Anyone refused gets a page in their language saying what is missing and
//!    whom to ask, no session, no row, and `auth.login_failed` with `via=sso reason=…`.
//!
//! [`Store::external_login`]: junheng_store::Store::external_login

mod flow;
mod mapping;
mod provider;

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::external::{ExternalInput, ExternalRefusal, external_login};
use junheng_store::{Actor, ExternalLogin};
use serde::Deserialize;

pub use mapping::ClaimMapping;

use crate::access::cookie;
use crate::auth::{audit, constant_time_eq, marked, open_session};
use crate::error::{AppError, Message};
use crate::i18n::Lang;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, LocalPath, render};
use flow::{FLOW_COOKIE, Flow, clear_cookie};
use mapping::Refusal;
pub(crate) use provider::Sso;
use provider::{Failure, Verified};

/// The identity service, as configured (`[sso]` in the settings, see `config`).
#[derive(Clone, PartialEq, Eq)]
pub struct SsoConfig {
    /// The provider's issuer URL, exactly as its ID tokens name it.
    pub issuer: String,
    /// This platform's client id.
    pub client_id: String,
    /// The client secret; `None` for a public client (PKCE only).
    pub client_secret: Option<String>,
    /// The public address of `/login/sso/callback`.
    pub redirect_url: String,
    /// Scopes asked for (`openid` first).
    pub scopes: Vec<String>,
    /// Further root certificates (PEM) for the provider's HTTPS.
    pub extra_roots: Option<Vec<u8>>,
    /// Which claims carry what.
    pub claims: ClaimMapping,
}

impl std::fmt::Debug for SsoConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "…"))
            .field("redirect_url", &self.redirect_url)
            .field("scopes", &self.scopes)
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

pub(crate) use provider::{http_client, issuer_allowed, redirect_allowed};

/// The actor of audit entries about a login whose person is not known.
const UNKNOWN: &str = "sso";

#[derive(Template)]
#[template(path = "sso.html")]
struct RefusedPage {
    layout: Layout,
    /// The login name the identity service gave, if any.
    login: String,
    code: &'static str,
    /// What went wrong, as HTML (its data marked, see [`marked`]).
    message: String,
    /// The catalogue key of whom to ask.
    ask: &'static str,
}

/// A refusal as the browser sees it.
struct Refused {
    status: StatusCode,
    code: &'static str,
    message: Message,
    ask: &'static str,
}

impl Refused {
    fn failure(f: &Failure) -> Self {
        Refused {
            status: f.status(),
            code: f.code(),
            message: f.message(),
            ask: f.ask(),
        }
    }

    fn refusal(lang: Lang, r: &Refusal) -> Self {
        Refused {
            status: StatusCode::FORBIDDEN,
            code: r.code(),
            message: r.message(lang),
            ask: r.ask(),
        }
    }
}

/// The refusal page, in the visitor's language; it also clears the flow cookie.
fn refused(state: &AppState, lang: Lang, login: &str, r: Refused) -> Response {
    let page = RefusedPage {
        layout: Layout::anonymous(lang.t("auth-log-in-with-the"), lang, "/login"),
        login: login.to_owned(),
        code: r.code,
        message: marked(lang, &r.message),
        ask: r.ask,
    };
    let mut response = (r.status, render(&page)).into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, clear_cookie(state.config.secure_cookies));
    response
}

fn not_configured() -> AppError {
    AppError::not_found(crate::msg!("auth-error-no-sso"))
}

#[derive(Deserialize)]
pub(crate) struct StartQuery {
    next: Option<String>,
}

/// `GET /login/sso`: off to the provider.
pub(crate) async fn start(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    let sso = state.sso.clone().ok_or_else(not_configured)?;
    let next = LocalPath::or_dashboard(q.next.as_deref());
    let (url, flow) = match sso.begin(next).await {
        Ok(begun) => begun,
        Err(f) => {
            audit(&state, None, UNKNOWN, "auth.login_failed", &detail(&f)).await;
            return Ok(refused(&state, lang, "", Refused::failure(&f)));
        }
    };
    let mut response = Redirect::to(url.as_str()).into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, flow.cookie(state.config.secure_cookies));
    Ok(response)
}

fn detail(f: &Failure) -> String {
    format!("via=sso reason={}{}", f.code(), f.detail())
}

#[derive(Deserialize)]
pub(crate) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

/// Longest `code` or `state` looked at.
const MAX_PARAM: usize = 2048;

/// `GET /login/sso/callback`: the provider sends the browser back.
pub(crate) async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    lang: Lang,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    let sso = state.sso.clone().ok_or_else(not_configured)?;
    let verified = match check_callback(&sso, &headers, &q).await {
        Ok(v) => v,
        Err(f) => {
            audit(&state, None, UNKNOWN, "auth.login_failed", &detail(&f)).await;
            return Ok(refused(&state, lang, "", Refused::failure(&f)));
        }
    };
    let login = verified
        .claims
        .text(&sso.config.claims.login)
        .unwrap_or_default();
    let actor = if login.is_empty() {
        UNKNOWN
    } else {
        login.as_str()
    };
    let refuse = async |district, r: Refusal| {
        let detail = format!("via=sso reason={}{}", r.code(), r.detail());
        audit(&state, district, actor, "auth.login_failed", &detail).await;
        refused(&state, lang, &login, Refused::refusal(lang, &r))
    };
    let mapped = match mapping::map(&verified.claims, &sso.config.claims) {
        Ok(m) => m,
        Err(r) => return Ok(refuse(None, r).await),
    };
    let input = ExternalInput {
        issuer: verified.issuer,
        subject: verified.subject,
        name: mapped.login.clone(),
        display_name: mapped.display_name,
        role: mapped.role,
        district: mapped.district,
        scope: mapped.scope.clone(),
    };
    let login = external_login(&state.store, &input, &Actor::new(actor)).await?;
    let user = match login {
        Ok(ExternalLogin::Ready { user, .. }) => user,
        Ok(ExternalLogin::Inactive(user)) => {
            state.forget_user(user.id);
            return Ok(refuse(user.district, Refusal::Inactive).await);
        }
        Ok(ExternalLogin::Pending(user)) => {
            state.forget_user(user.id);
            return Ok(refuse(user.district, Refusal::Pending).await);
        }
        Ok(ExternalLogin::NameTaken) => {
            let name = mapped.login;
            return Ok(refuse(None, Refusal::NameTaken { name }).await);
        }
        Err(ExternalRefusal::UnknownDistrict(code)) => {
            return Ok(refuse(None, Refusal::UnknownDistrict { code }).await);
        }
        Err(ExternalRefusal::NoDistrict) => return Ok(refuse(None, Refusal::WhichDistrict).await),
        Err(ExternalRefusal::UnknownRegion(code)) => {
            return Ok(refuse(None, Refusal::UnknownRegion { code }).await);
        }
        Err(ExternalRefusal::Invalid(reason)) => {
            let scope = mapped.scope;
            return Ok(refuse(None, Refusal::NotAccepted { reason, scope }).await);
        }
    };
    // Sessions of this user cached with the old role see the new one at once.
    state.forget_user(user.id);
    let mut response = open_session(&state, &user, &verified.next, "via=sso").await?;
    response
        .headers_mut()
        .append(SET_COOKIE, clear_cookie(state.config.secure_cookies));
    Ok(response)
}

/// The checks of the callback up to verified claims: the flow cookie, `state`, the provider's
/// answer, the code exchange and the ID token.
async fn check_callback(
    sso: &Sso,
    headers: &HeaderMap,
    q: &CallbackQuery,
) -> Result<Verified, Failure> {
    let flow = cookie(headers, FLOW_COOKIE)
        .and_then(Flow::decode)
        .ok_or(Failure::Expired)?;
    let returned = q
        .state
        .as_deref()
        .filter(|s| s.len() <= MAX_PARAM)
        .ok_or(Failure::Expired)?;
    if !constant_time_eq(returned.as_bytes(), flow.state.as_bytes()) {
        return Err(Failure::StateMismatch);
    }
    if let Some(error) = &q.error {
        return Err(Failure::Denied(crate::views::cut(error)));
    }
    // RFC 9207: a provider that names itself must be ours.
    if let Some(iss) = &q.iss
        && iss != &sso.config.issuer
    {
        return Err(Failure::WrongIssuer);
    }
    let code = q
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= MAX_PARAM)
        .ok_or(Failure::Expired)?;
    sso.finish(flow, code).await
}

/// How long a cached discovery document (with its keys) is used before it is read again.
const PROVIDER_TTL: Duration = Duration::from_secs(3600);

/// The identity service of the configuration, if any.
pub(crate) fn from_config(config: &crate::Config) -> std::io::Result<Option<Arc<Sso>>> {
    config
        .sso
        .as_ref()
        .map(|c| {
            Sso::new(c.clone())
                .map(Arc::new)
                .map_err(std::io::Error::other)
        })
        .transpose()
}
