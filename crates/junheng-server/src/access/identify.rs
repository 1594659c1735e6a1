//! [`identify`]: the first step of every request: who is calling, from where.

use std::net::{IpAddr, SocketAddr};
use std::time::SystemTime;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Viewer;
use super::policy::{refusal, request_path};
use crate::auth::{SESSION_COOKIE, constant_time_eq, secret_hash};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// The caller of a request, as [`identify`] found it (a request extension).
#[derive(Debug, Clone)]
pub(crate) enum Identity {
    /// No session cookie, or one that is unknown or expired.
    Anonymous,
    /// A browser session.
    Session(Viewer),
    /// A valid API token (`Authorization: Bearer …`).
    Token(Viewer),
    /// The operators' metrics token.
    MetricsToken,
    /// An `Authorization` header that is not a valid token: nobody, and the session cookie is
    /// not looked at either.
    BadToken,
}

impl Identity {
    /// The logged-in user, if any.
    pub fn viewer(&self) -> Option<&Viewer> {
        match self {
            Identity::Session(v) | Identity::Token(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the request carries an `Authorization` header: such a request cannot come from a
    /// cross-site form, and no cookie identifies it.
    pub fn by_header(&self) -> bool {
        matches!(
            self,
            Identity::Token(_) | Identity::MetricsToken | Identity::BadToken
        )
    }

    /// `Some(true)` for the metrics token, `Some(false)` for another `Authorization` header,
    /// `None` without one.
    pub fn metrics_token(&self) -> Option<bool> {
        match self {
            Identity::MetricsToken => Some(true),
            Identity::Token(_) | Identity::BadToken => Some(false),
            _ => None,
        }
    }
}

/// Where a request comes from (a request extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientAddr {
    /// The client: the connection's peer, or, when the peer is a trusted proxy, the address it
    /// forwards (`X-Forwarded-For`, read from the right, skipping trusted proxies).
    pub ip: IpAddr,
    /// The connection's peer.
    pub peer: IpAddr,
    /// Whether the request carries a forwarding header (from anyone).
    pub forwarded: bool,
}

/// The value of cookie `name`, if the request has it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

const FORWARDING: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

/// The client address of a request from `peer`, given the trusted proxies.
fn client_addr(trusted_proxies: &[ipnet::IpNet], peer: IpAddr, headers: &HeaderMap) -> ClientAddr {
    let forwarded = FORWARDING.iter().any(|h| headers.contains_key(*h));
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|n| n.contains(ip));
    let mut ip = peer;
    if trusted(&peer) {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        // From the right: each trusted proxy vouches for the hop before it; the first hop that
        // is not a trusted proxy is the client. An unreadable hop ends the trust.
        for hop in hops.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(hop) if trusted(&hop) => ip = hop,
                Ok(hop) => {
                    ip = hop;
                    break;
                }
                Err(_) => break,
            }
        }
    }
    ClientAddr {
        ip,
        peer,
        forwarded,
    }
}

/// Finds the caller of every request and stores [`Identity`] and [`ClientAddr`] in its
/// extensions. A database failure refuses the request (fail closed).
pub(crate) async fn identify(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let addr = client_addr(&state.config.trusted_proxies, peer, &parts.headers);
    let path = request_path(&parts);
    let lang = Lang::of(&parts.headers);
    let identity = match find(&state, &parts.headers, lang, &path).await {
        Ok(identity) => identity,
        Err(e) => return refusal(&path, e),
    };
    let identity = match in_district(&state, identity, &parts.headers).await {
        Ok(identity) => identity,
        Err(e) => return refusal(&path, e),
    };
    if let Identity::Session(viewer) = &identity
        && viewer.user.must_change_password
        && !crate::account::reachable_before_change(parts.uri.path())
    {
        return axum::response::Redirect::to("/account").into_response();
    }
    let identity = match identity {
        // Pages answered to a POST (a form shown again with its problem) have the header too.
        Identity::Session(mut viewer) => {
            viewer.inbox = match crate::inbox::counts(&state, &viewer, parts.uri.path()).await {
                Ok(inbox) => inbox,
                Err(e) => return refusal(&path, e),
            };
            Identity::Session(viewer)
        }
        other => other,
    };
    parts.extensions.insert(addr);
    parts.extensions.insert(identity);
    request = Request::from_parts(parts, body);
    next.run(request).await
}

/// The cookie in which a city or province user keeps the district they look into.
pub(crate) const DISTRICT_COOKIE: &str = "jh_district";
/// The header in which a city or province API client names the district it asks about.
pub(crate) const DISTRICT_HEADER: &str = "x-junheng-district";

/// Sets the district of the viewer: a district user's own (a user whose district is gone has
/// none); a city or province user's choice, kept only when the district lies in their region.
async fn in_district(
    state: &AppState,
    identity: Identity,
    headers: &HeaderMap,
) -> Result<Identity, AppError> {
    let with = |mut viewer: Viewer, district| {
        viewer.district = district;
        viewer
    };
    Ok(match identity {
        Identity::Session(v) => {
            let d = district_of(state, &v.user, headers).await?;
            Identity::Session(with(v, d))
        }
        Identity::Token(v) => {
            let d = district_of(state, &v.user, headers).await?;
            Identity::Token(with(v, d))
        }
        other => other,
    })
}

async fn district_of(
    state: &AppState,
    user: &junheng_store::User,
    headers: &HeaderMap,
) -> Result<Option<junheng_store::District>, AppError> {
    if let Some(id) = user.district {
        return match state.district(id).await {
            Ok(d) => Ok(Some(d)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        };
    }
    // Browsers keep the choice in a cookie; API clients name it in a header.
    let chosen = headers
        .get(DISTRICT_HEADER)
        .and_then(|v| v.to_str().ok())
        .or_else(|| cookie(headers, DISTRICT_COOKIE));
    let Some(chosen) = chosen.map(str::trim).filter(|c| c.len() <= 20) else {
        return Ok(None);
    };
    Ok(state
        .districts()
        .await?
        .iter()
        .find(|d| d.code == chosen && d.in_region(&user.scope))
        .cloned())
}

async fn find(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    path: &str,
) -> Result<Identity, AppError> {
    if let Some(value) = headers.get(AUTHORIZATION) {
        let Some(token) = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 200)
        else {
            return Ok(Identity::BadToken);
        };
        if let Some(metrics) = &state.config.metrics_token
            && constant_time_eq(metrics.as_bytes(), token.as_bytes())
        {
            return Ok(Identity::MetricsToken);
        }
        let hash = secret_hash(token);
        let user = match state.known_token(&hash) {
            Some(user) => Some(user),
            None => {
                let user = state.store.token_user(&hash).await?;
                if let Some(u) = &user {
                    state.remember_token(hash, u.clone());
                }
                user
            }
        };
        return Ok(user.map_or(Identity::BadToken, |user| {
            Identity::Token(Viewer {
                user,
                csrf: String::new(),
                lang,
                path: path.to_owned(),
                district: None,
                inbox: None,
            })
        }));
    }
    let Some(secret) = cookie(headers, SESSION_COOKIE).filter(|s| s.len() <= 200) else {
        return Ok(Identity::Anonymous);
    };
    let hash = secret_hash(secret);
    if let Some(viewer) = state.known_session(&hash) {
        return Ok(Identity::Session(Viewer {
            lang,
            path: path.to_owned(),
            ..viewer
        }));
    }
    let found = state.store.session(&hash, SystemTime::now()).await?;
    Ok(match found {
        Some((session, user)) => {
            let viewer = Viewer {
                user,
                csrf: session.csrf,
                lang,
                path: path.to_owned(),
                district: None,
                inbox: None,
            };
            state.remember_session(hash, viewer.clone());
            Identity::Session(viewer)
        }
        None => Identity::Anonymous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.5");
        // From a trusted proxy: the rightmost address that is not a trusted proxy.
        let a = client_addr(&trusted, proxy, &headers(&["198.51.100.1, 10.0.0.7"]));
        assert_eq!(a.ip, ip("198.51.100.1"));
        assert!(a.forwarded);
        // A spoofed leftmost entry does not win over the address the proxy saw.
        let a = client_addr(&trusted, proxy, &headers(&["1.2.3.4", "198.51.100.1"]));
        assert_eq!(a.ip, ip("198.51.100.1"));
        // From anyone else the header is ignored.
        let a = client_addr(&trusted, ip("203.0.113.9"), &headers(&["198.51.100.1"]));
        assert_eq!(a.ip, ip("203.0.113.9"));
        // Garbage ends the trust: the proxy itself.
        let a = client_addr(&trusted, proxy, &headers(&["not an address"]));
        assert_eq!(a.ip, proxy);
        // Without trusted proxies nothing is forwarded.
        let a = client_addr(&[], proxy, &headers(&["198.51.100.1"]));
        assert_eq!(a.ip, proxy);
    }
}
