//! Running the server in production: request ids and tracing, panics answered as a 500 page,
//! timeouts, security headers, the framework's own refusals rendered like ours, `GET /healthz`
//! and `GET /metrics` (Prometheus text; operators only, see [`crate::access::Policy::Operator`]).
//!
//! Log lines carry the request id, method, path (never the query, which may hold a 报名号),
//! status and latency; no personal data.

use std::sync::atomic::AtomicI64;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Response as HttpResponse, StatusCode};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::access::refusal;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

/// The server's metrics.
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabel, Histogram>,
    /// Open connections (the accept loop counts them).
    pub connections: Gauge<i64, AtomicI64>,
    /// Connections refused or delayed because the cap was reached.
    pub connections_waited: Counter,
    /// Uploads being parsed now.
    pub parses: Gauge<i64, AtomicI64>,
    /// Passwords checked (logins, password changes; unknown names against a dummy hash too).
    pub password_checks: Counter,
    pool_open: Gauge<i64, AtomicI64>,
    pool_idle: Gauge<i64, AtomicI64>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("junheng");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabel, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.5, 12))
        });
        let metrics = Metrics {
            requests,
            latency,
            connections: Gauge::default(),
            connections_waited: Counter::default(),
            parses: Gauge::default(),
            password_checks: Counter::default(),
            pool_open: Gauge::default(),
            pool_idle: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "HTTP requests by route pattern, method and status",
            metrics.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route pattern",
            metrics.latency.clone(),
        );
        registry.register(
            "http_connections_open",
            "Open client connections",
            metrics.connections.clone(),
        );
        registry.register(
            "http_connections_capped",
            "Times a new connection waited because the connection cap was reached",
            metrics.connections_waited.clone(),
        );
        registry.register(
            "uploads_parsing",
            "Uploaded files being parsed now",
            metrics.parses.clone(),
        );
        registry.register(
            "password_checks",
            "Passwords checked, including checks of unknown names against a dummy hash",
            metrics.password_checks.clone(),
        );
        registry.register(
            "db_pool_connections_open",
            "Open database connections",
            metrics.pool_open.clone(),
        );
        registry.register(
            "db_pool_connections_idle",
            "Idle database connections",
            metrics.pool_idle.clone(),
        );
        Metrics {
            registry,
            ..metrics
        }
    }
}

/// Counts a request of each matched route: its status and latency (a route layer, so that the
/// route pattern is known; unmatched paths count under `unmatched`).
pub(crate) async fn measure(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let m = &state.metrics;
    m.requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            method,
            status: response.status().as_u16(),
        })
        .inc();
    m.latency
        .get_or_create(&RouteLabel { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let (open, idle) = state.store.pool_use();
    state.metrics.pool_open.set(i64::from(open));
    state.metrics.pool_idle.set(idle as i64);
    let mut text = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &state.metrics.registry) {
        return AppError::Internal(e.to_string()).into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(5), state.store.ping()).await {
        Ok(Ok(())) => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"ok","database":"ok"}"#,
        )
            .into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"unavailable","database":"unreachable"}"#,
        )
            .into_response(),
    }
}

/// No third-party content, no framing, no sniffing; pages are not cached by shared caches.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "private, no-store");
    response
}

/// After a request that writes (uploads, imports, confirmations), gives freed heap memory back
/// to the system: glibc keeps what a large parse freed, so that a server that parsed a 50 MB
/// upload would otherwise keep hundreds of MB. Off the runtime, after the answer is made.
async fn release_memory(request: Request, next: Next) -> Response {
    let writes = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let response = next.run(request).await;
    if writes {
        tokio::task::spawn_blocking(trim_heap);
    }
    response
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim only returns free memory of the allocator's own arenas to the system;
    // it takes no pointer and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

/// Answers the framework's bodiless refusals (405, 408 timeouts, 413 …) like our own errors: a
/// Chinese page, or `{code, message}` JSON under `/api/`.
async fn error_pages(request: Request, next: Next) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    if (status.is_client_error() || status.is_server_error())
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        return refusal(&path, AppError::of_status(status));
    }
    response
}

/// A panic in a handler: logged (the payload cut short), answered with the generic 500 page.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> HttpResponse<Body> {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let cut: String = text.chars().take(200).collect();
    AppError::Internal(format!("handler panicked: {cut}")).into_response()
}

/// The production layers around the routes, innermost first: per-route metrics, identity and
/// CSRF (see `access`), request timeout, error pages, security headers, panics, tracing with
/// request ids.
pub(crate) fn layers(routes: Router<AppState>, state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let public_origin = state.config.public_origin.clone();
    routes
        .route_layer(from_fn_with_state(state.clone(), measure))
        .fallback(crate::pages::not_found)
        .layer(from_fn_with_state(public_origin, crate::access::csrf))
        .layer(from_fn(crate::error::framed))
        .layer(from_fn(release_memory))
        .layer(from_fn_with_state(state.clone(), crate::access::identify))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(from_fn(error_pages))
        .layer(from_fn(security_headers))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        id,
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// For tests of [`Metrics`]: the text of the registry.
#[cfg(test)]
fn encode(m: &Metrics) -> String {
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &m.registry).unwrap();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_prometheus_text() {
        let m = Metrics::default();
        m.requests
            .get_or_create(&RequestLabels {
                route: "/schools/{code}".into(),
                method: "GET".into(),
                status: 200,
            })
            .inc();
        m.connections.inc();
        let text = encode(&m);
        assert!(text.contains(
            "junheng_http_requests_total{route=\"/schools/{code}\",method=\"GET\",status=\"200\"} 1"
        ), "{text}");
        assert!(text.contains("junheng_http_connections_open 1"), "{text}");
    }
}
