//! [`csrf`]: one middleware in front of every write. A request that is not `GET`/`HEAD`/`OPTIONS`
//! passes only if
//!
//! 1. it names no other site: its `Origin` (else its `Referer`) is this server's own host, and
//!    `Origin: null` is refused; and
//! 2. its form carries the token of the caller's session (or, before login, of the login form's
//!    cookie) as the field `csrf`: the whole body of a URL-encoded form (at most
//!    [`FORM_LIMIT`]), or the **first part** of a multipart upload, read without buffering the
//!    file behind it.
//!
//! Requests with an `Authorization` header are exempt: a cross-site form cannot set one, and the
//! session cookie is not used for them. Handlers never check the token themselves.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;

use super::Identity;
use super::identify::cookie;
use super::policy::{refusal, request_path};
use crate::auth::{LOGIN_CSRF_COOKIE, constant_time_eq};
use crate::error::AppError;

/// Largest URL-encoded form body (forms carry a few short fields; uploads are multipart).
pub(crate) const FORM_LIMIT: usize = 64 << 10;
/// How far into a multipart body the `csrf` part must have ended.
const PEEK_LIMIT: usize = 16 << 10;

fn refused() -> AppError {
    AppError::Csrf
}

/// The host (and port) of an origin or URL: `https://a.b:8080/x` → `a.b:8080`.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

/// Whether the request's `Origin` (or, without one, `Referer`) is this server's host. Neither
/// header: left to the token (some privacy tools strip both).
fn same_origin(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    let public = public_origin.and_then(authority);
    let ours = |url: &str| {
        authority(url).is_some_and(|a| {
            host.is_some_and(|h| a.eq_ignore_ascii_case(h))
                || public.is_some_and(|p| a.eq_ignore_ascii_case(p))
        })
    };
    match (headers.get(ORIGIN), headers.get(REFERER)) {
        (Some(origin), _) => origin.to_str().is_ok_and(ours),
        (None, Some(referer)) => referer.to_str().is_ok_and(ours),
        (None, None) => true,
    }
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

/// What the start of a multipart body says about its first part.
#[derive(Debug, PartialEq, Eq)]
enum FirstPart {
    /// Not all of it has arrived yet.
    Incomplete,
    /// The first part is the `csrf` field, with this value.
    Csrf(String),
    /// The first part is something else, or the body is not multipart.
    Other,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads the first part of a multipart body from its first bytes.
fn first_part(buf: &[u8], boundary: &str) -> FirstPart {
    let opening = format!("--{boundary}\r\n");
    let Some(start) = find(buf, opening.as_bytes()) else {
        return if buf.len() < opening.len() + 2 {
            FirstPart::Incomplete
        } else {
            FirstPart::Other
        };
    };
    let rest = &buf[start + opening.len()..];
    let Some(head_end) = find(rest, b"\r\n\r\n") else {
        return FirstPart::Incomplete;
    };
    let head = String::from_utf8_lossy(&rest[..head_end]).to_ascii_lowercase();
    let named_csrf = head.lines().any(|line| {
        line.starts_with("content-disposition:")
            && line
                .split(';')
                .any(|p| matches!(p.trim(), "name=\"csrf\"" | "name=csrf"))
    });
    if !named_csrf {
        return FirstPart::Other;
    }
    let value = &rest[head_end + 4..];
    let closing = format!("\r\n--{boundary}");
    match find(value, closing.as_bytes()) {
        Some(end) => std::str::from_utf8(&value[..end])
            .map_or(FirstPart::Other, |v| FirstPart::Csrf(v.trim().to_owned())),
        None => FirstPart::Incomplete,
    }
}

/// The token of a multipart body's first part, and the body to hand on (the bytes read so far
/// followed by the rest of the stream).
async fn multipart_token(body: Body, boundary: &str) -> Result<(Option<String>, Body), AppError> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let token = loop {
        match first_part(&buf, boundary) {
            FirstPart::Csrf(token) => break Some(token),
            FirstPart::Other => break None,
            FirstPart::Incomplete if buf.len() > PEEK_LIMIT => break None,
            FirstPart::Incomplete => match stream.next().await {
                Some(Ok(chunk)) => buf.extend_from_slice(&chunk),
                Some(Err(_)) => {
                    return Err(AppError::bad_request(crate::msg!("error-form-incomplete")));
                }
                None => break None,
            },
        }
    };
    let head =
        futures_util::stream::once(async move { Ok::<Bytes, axum::Error>(Bytes::from(buf)) });
    Ok((token, Body::from_stream(head.chain(stream))))
}

/// The `csrf` field of a URL-encoded form, and the body to hand on.
async fn form_token(body: Body) -> Result<(Option<String>, Body), AppError> {
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge(FORM_LIMIT))?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned());
    Ok((token, Body::from(bytes)))
}

/// The middleware (see the module documentation).
pub(crate) async fn csrf(
    axum::extract::State(public_origin): axum::extract::State<Option<String>>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let path = request_path(&parts);
    let identity = parts.extensions.get::<Identity>();
    if identity.is_some_and(Identity::by_header) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    if !same_origin(&parts.headers, public_origin.as_deref()) {
        return refusal(&path, refused());
    }
    // The session's token, and before login (or on the login page) the login form's cookie.
    let expected: Vec<String> = identity
        .and_then(Identity::viewer)
        .map(|v| v.csrf.clone())
        .into_iter()
        .chain(cookie(&parts.headers, LOGIN_CSRF_COOKIE).map(str::to_owned))
        .filter(|t| !t.is_empty())
        .collect();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let read = if let Some(b) = boundary(&content_type) {
        multipart_token(body, &b).await
    } else if content_type.split(';').next().is_some_and(|t| {
        t.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    }) {
        form_token(body).await
    } else {
        Ok((None, Body::empty()))
    };
    let (token, body) = match read {
        Ok(read) => read,
        Err(e) => return refusal(&path, e),
    };
    let valid = token.is_some_and(|t| {
        expected
            .iter()
            .any(|e| constant_time_eq(e.as_bytes(), t.as_bytes()))
    });
    if !valid {
        return refusal(&path, refused());
    }
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_our_own_origin_may_write() {
        let ok = |pairs| same_origin(&headers(pairs), None);
        assert!(ok(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ]));
        assert!(!ok(&[("host", "127.0.0.1:8080"), ("origin", "null")]));
        assert!(ok(&[("host", "a.b"), ("referer", "https://a.b/users?x=1")]));
        assert!(!ok(&[
            ("host", "a.b"),
            ("referer", "https://a.b.evil.example/")
        ]));
        assert!(ok(&[("host", "a.b")]), "no header: the token decides");
        let behind = headers(&[
            ("host", "10.0.0.2:8080"),
            ("origin", "https://jy.example.cn"),
        ]);
        assert!(same_origin(&behind, Some("https://jy.example.cn")));
    }

    #[test]
    fn the_first_multipart_part_must_be_the_token() {
        let b = "XyZ";
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n…";
        assert_eq!(
            first_part(body.as_bytes(), b),
            FirstPart::Csrf("abc123".into())
        );
        assert_eq!(first_part(&body.as_bytes()[..30], b), FirstPart::Incomplete);
        let file_first = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--XyZ";
        assert_eq!(first_part(file_first.as_bytes(), b), FirstPart::Other);
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\""),
            Some("XyZ".into())
        );
        assert_eq!(boundary("text/plain"), None);
    }
}
