//! Junheng's web server: server-rendered Chinese pages, a JSON API under `/api/v1/`, sessions,
//! roles and scopes, over the store and the pure engines.
//!
//! The server binds its own listener (port 0 in tests) and reports the address it got:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let store = junheng_store::Store::open("sqlite://junheng.db").await?;
//! let app = junheng_server::Application::build(store, junheng_server::Config::default()).await?;
//! println!("http://{}", app.address());
//! app.run().await?;
//! # Ok(()) }
//! ```

mod access;
mod api;
mod audit;
mod auth;
mod bundle;
pub mod charts;
mod dashboard;
mod error;
mod groups;
mod i18n;
mod import;
mod indicators;
mod limit;
mod lottery;
mod map;
mod pages;
mod plan;
mod report;
mod rotation;
mod schools;
mod state;
mod submissions;
mod upload;
mod users;
mod views;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use junheng_store::Store;
use tokio::net::TcpListener;

pub use auth::{hash_password, new_secret, secret_hash, sha256_hex};
pub use state::AppState;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    pub bind: SocketAddr,
    /// How long a session lasts without activity.
    pub session_ttl: Duration,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Failed logins per user name and per client address before a pause.
    pub max_failed_logins: u32,
    /// Largest upload accepted by the import page.
    pub max_upload_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            session_ttl: Duration::from_secs(8 * 3600),
            secure_cookies: false,
            max_failed_logins: 5,
            max_upload_bytes: 64 << 20,
        }
    }
}

/// A bound server, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
}

impl Application {
    /// Binds the listener and builds the routes.
    pub async fn build(store: Store, config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        let address = listener.local_addr()?;
        let state = AppState::new(store, config);
        Ok(Self {
            listener,
            router: router(state),
            address,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process is stopped (Ctrl-C or SIGTERM).
    pub async fn run(self) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown())
        .await
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Every route of the server. URL paths are listed once, here.
fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes;
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang", get(i18n::switch))
        .route("/dashboard", get(dashboard::page))
        .route("/public", get(dashboard::public))
        .route("/schools", get(schools::list))
        .route("/schools/{code}", get(schools::page))
        .route("/import", get(import::page).post(import::preview))
        .route("/import/confirm", post(import::confirm))
        .route("/indicators/{section}/{id}", get(indicators::page))
        .route("/groups", get(groups::list))
        .route("/groups/{name}", get(groups::page))
        .route("/map", get(map::page))
        .route("/audit", get(audit::page))
        .route("/users", get(users::page).post(users::create))
        .route("/submit", get(submissions::page).post(submissions::submit))
        .route("/submissions", get(submissions::review))
        .route("/submissions/{id}", post(submissions::decide))
        .route("/lottery", get(lottery::list).post(lottery::create))
        .route("/lottery/{id}", get(lottery::ceremony))
        .route("/lottery/{id}/draw", post(lottery::run))
        .route("/lottery/{id}/record", get(lottery::record))
        .route("/lottery/{id}/pack.json", get(lottery::pack))
        .route(
            "/lottery/{id}/lookup",
            get(lottery::lookup).post(lottery::lookup_post),
        )
        .route("/rotation", get(rotation::page))
        .route("/rotation/effect", get(rotation::effect_page))
        .route(
            "/rotation/template/roster.xlsx",
            get(rotation::roster_template),
        )
        .route(
            "/rotation/template/ledger.xlsx",
            get(rotation::ledger_template),
        )
        .route("/rotation/{file}", get(rotation::export))
        .route("/rotation/roster", post(rotation::preview_roster))
        .route("/rotation/ledger", post(rotation::preview_ledger))
        .route("/rotation/confirm", post(rotation::confirm))
        .route("/rotation/moves", post(rotation::add_move))
        .route("/rotation/moves/{id}/cancel", post(rotation::cancel_move))
        .route("/plan", get(plan::page))
        .route("/plan.xlsx", get(plan::workbook))
        .route("/plan.json", get(plan::json))
        .route("/plan/accept", post(plan::accept))
        .route("/report", get(report::page))
        .route("/report.xlsx", get(report::workbook))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/years", get(api::years))
        .route("/api/v1/evaluation", get(api::evaluation))
        .route("/api/v1/schools/{code}", get(api::school))
        .route("/api/v1/rotation/{year}", get(api::rotation))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::from_fn(pages::security_headers))
        .with_state(state)
}
