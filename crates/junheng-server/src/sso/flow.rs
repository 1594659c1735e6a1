//! One login in flight: the `state`, `nonce` and PKCE verifier made by `GET /login/sso`, kept
//! until the provider sends the browser back, in a short-lived cookie of that browser
//! (`HttpOnly`, `SameSite=Lax`, path `/login/sso`, 10 minutes). Any server of the same
//! database can finish the login; the callback clears the cookie whatever happens, so a
//! callback address opened twice is refused, and the provider refuses an authorization code
//! used twice.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderValue;

use crate::views::LocalPath;

/// The cookie's name.
pub(crate) const FLOW_COOKIE: &str = "junheng_sso";
/// How long a login may take at the provider.
pub(crate) const FLOW_TTL: Duration = Duration::from_secs(10 * 60);
/// Only the two SSO routes receive the cookie.
const FLOW_PATH: &str = "/login/sso";
const VERSION: &str = "v1";
/// Longest `next` kept (browsers keep cookies of about 4 KB; `%` is encoded again).
const MAX_NEXT: usize = 1000;

/// A login in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flow {
    /// The `state` sent to the provider, compared with the one it sends back.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier (the provider got its S256 challenge).
    pub verifier: String,
    /// When the login started (seconds since 1970).
    pub started: u64,
    /// Where to go once logged in.
    pub next: LocalPath,
}

/// Random values of the flow: base64url, as the `openidconnect` crate makes them.
fn token_ok(t: &str) -> bool {
    (16..=128).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Flow {
    /// A flow starting now. A `next` too long for a cookie becomes `/dashboard`.
    pub fn new(state: String, nonce: String, verifier: String, next: LocalPath) -> Self {
        let next = if next.as_str().len() > MAX_NEXT {
            LocalPath::or_dashboard(None)
        } else {
            next
        };
        Flow {
            state,
            nonce,
            verifier,
            started: now(),
            next,
        }
    }

    /// The cookie's value: dot-separated parts, `next` percent-encoded.
    fn encode(&self) -> String {
        let next = percent_encoding::utf8_percent_encode(
            self.next.as_str(),
            percent_encoding::NON_ALPHANUMERIC,
        );
        format!(
            "{VERSION}.{}.{}.{}.{}.{next}",
            self.state, self.nonce, self.verifier, self.started
        )
    }

    /// The flow of a cookie value, if it is one and has not expired.
    pub fn decode(value: &str) -> Option<Flow> {
        let mut parts = value.split('.');
        let (Some(VERSION), Some(state), Some(nonce), Some(verifier), Some(started), Some(next)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        if parts.next().is_some() || ![state, nonce, verifier].into_iter().all(token_ok) {
            return None;
        }
        let started: u64 = started.parse().ok()?;
        let age = now().checked_sub(started)?;
        if age > FLOW_TTL.as_secs() {
            return None;
        }
        let next = percent_encoding::percent_decode_str(next)
            .decode_utf8()
            .ok()?;
        Some(Flow {
            state: state.to_owned(),
            nonce: nonce.to_owned(),
            verifier: verifier.to_owned(),
            started,
            next: LocalPath::parse(&next)?,
        })
    }

    /// The `Set-Cookie` header that keeps this flow.
    pub fn cookie(&self, secure: bool) -> HeaderValue {
        header(&self.encode(), FLOW_TTL, secure)
    }
}

/// The `Set-Cookie` header that clears the flow.
pub(crate) fn clear_cookie(secure: bool) -> HeaderValue {
    header("", Duration::ZERO, secure)
}

fn header(value: &str, age: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{FLOW_COOKIE}={value}; Path={FLOW_PATH}; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        age.as_secs()
    ))
    .expect("the flow cookie is ASCII without separators")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(next: &str) -> Flow {
        Flow::new(
            "s".repeat(43),
            "n".repeat(43),
            "v".repeat(43),
            LocalPath::parse(next).unwrap(),
        )
    }

    #[test]
    fn a_flow_survives_its_cookie() {
        let f = flow("/schools?q=第一小学&x=1;2");
        let header = f.cookie(true);
        let text = header.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("Secure"));
        assert!(text.contains("Path=/login/sso;") && text.contains("SameSite=Lax"));
        let value = text
            .strip_prefix("junheng_sso=")
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        assert_eq!(Flow::decode(value), Some(f));
    }

    #[test]
    fn damaged_or_old_flows_are_refused() {
        let f = flow("/dashboard");
        let good = f.encode();
        assert!(Flow::decode(&good).is_some());
        assert!(Flow::decode(&good.replacen("v1.", "v2.", 1)).is_none());
        assert!(Flow::decode(&format!("{good}.x")).is_none());
        assert!(Flow::decode(&good.replace(&"n".repeat(43), "n=n")).is_none());
        let old = Flow {
            started: f.started - FLOW_TTL.as_secs() - 1,
            ..f.clone()
        };
        assert!(Flow::decode(&old.encode()).is_none());
        let future = Flow {
            started: f.started + 3600,
            ..f
        };
        assert!(Flow::decode(&future.encode()).is_none());
        assert!(Flow::decode("").is_none());
        assert!(!clear_cookie(false).to_str().unwrap().contains("Secure"));
    }
}
