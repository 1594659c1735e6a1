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
//!
//! How a request is handled: `serve` (connection cap, header-read timeout) → `ops` (request id,
//! tracing, panics, security headers, timeout) → `access` (who is calling, CSRF, the route's
//! policy) → the handler, which receives its policy's extractor. Routes and their policies are
//! listed once, in `routes`.

mod access;
mod account;
mod api;
mod audit;
mod auth;
mod board;
mod bundle;
pub mod charts;
mod city;
pub mod config;
mod dashboard;
mod dropout;
mod error;
mod evaluation;
mod evidence;
mod exams;
mod groups;
mod health;
mod i18n;
mod import;
mod inbox;
mod indicators;
mod inspection;
mod labour;
mod limit;
mod list;
mod lottery;
mod map;
mod ops;
mod packages;
mod pages;
mod pairings;
mod params;
mod plan;
mod report;
mod reviews;
mod rotation;
pub mod routes;
mod schools;
mod seats;
mod serve;
pub mod sso;
mod state;
mod students;
mod submissions;
mod supervision;
mod survey;
mod tasks;
mod teachers;
mod upload;
mod urban;
mod users;
mod versions;
mod views;
mod zones;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use ipnet::IpNet;
use junheng_store::Store;
use tokio::net::TcpListener;

pub use access::Policy;
pub use auth::{hash_password, new_secret, one_time_password, secret_hash, sha256_hex};
pub use state::AppState;

/// Server settings (read by `junheng serve` through [`config::Settings`]).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    pub bind: SocketAddr,
    /// How long a session lasts.
    pub session_ttl: Duration,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Attempts per user name and per client address before a pause.
    pub max_failed_logins: u32,
    /// Largest upload accepted.
    pub max_upload_bytes: usize,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// The public origin behind a proxy that rewrites `Host`.
    pub public_origin: Option<String>,
    /// The bearer token that opens `/metrics` from afar.
    pub metrics_token: Option<String>,
    /// Open connections at most.
    pub max_connections: usize,
    /// Time for a client to send a request's headers (and to idle between requests).
    pub header_read_timeout: Duration,
    /// Time to answer one request, its body included.
    pub request_timeout: Duration,
    /// Uploads parsed at once; more wait, and after [`Config::parse_wait`] are refused.
    pub max_parallel_parses: usize,
    /// How long an upload waits for a parse slot.
    pub parse_wait: Duration,
    /// Logging in through a city's identity service (统一身份认证); `None`: passwords only.
    pub sso: Option<sso::SsoConfig>,
    /// The share of a year's rows (0.05 = 5 %) a new version of its statistics or roster may
    /// remove before the upload must be confirmed explicitly (a whole school always must).
    pub removal_threshold: f64,
    /// A task not done is due soon this many days before its deadline (inbox, task lists).
    pub task_due_soon_days: u32,
    /// A parent's one-time labour link works this many days after it is issued (a setting of
    /// issue 18; default 14).
    pub labour_link_days: u32,
    /// A 督导发现's 整改 task is due this many days after the visit when the form gives no
    /// deadline.
    pub finding_deadline_days: u32,
    /// The vocabulary of education-group types (集团类型) a group may take.
    pub group_kinds: Vec<String>,
    /// Weekly lessons per subject and teaching weeks, against which 三个课堂 coverage is measured.
    pub lesson_plan: junheng_core::classroom::LessonPlan,
    /// The annual 综合考核: rubric, 捆绑 composite, 三线 and 集而不团 settings.
    pub review: junheng_core::review::ReviewSettings,
    /// The student capabilities' settings (small cells, 控辍保学, retention).
    pub students: junheng_core::student::StudentSettings,
    /// The health capabilities' settings (`[health]`: targets, 心理 thresholds and deadlines).
    pub health: junheng_core::health::settings::HealthSettings,
    /// 质量监测's settings (`[quality]`: denominators, lines, 比值赋分, value added).
    pub quality: junheng_core::exam::QualitySettings,
    /// 劳动教育's settings (`[labour]`: the lists' required task groups, the spot check, points,
    /// badges, the 公示 and the audit sample, 星级, compliance, the 五育 targets' defaults).
    pub labour: junheng_labour::settings::LabourSettings,
    /// The district's own 心理 instruments, read from `[[health.mental.instruments]]`.
    pub health_instruments: Vec<junheng_core::health::instrument::Loaded>,
    /// The keys of children's data; `None` when not configured (nothing named can be done).
    pub student_keys: Option<std::sync::Arc<junheng_store::StudentKeys>>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            session_ttl: Duration::from_secs(8 * 3600),
            secure_cookies: false,
            max_failed_logins: 5,
            max_upload_bytes: 64 << 20,
            trusted_proxies: Vec::new(),
            public_origin: None,
            metrics_token: None,
            max_connections: 512,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            max_parallel_parses: 2,
            parse_wait: Duration::from_secs(30),
            sso: None,
            removal_threshold: junheng_app::versions::DEFAULT_REMOVAL_THRESHOLD,
            task_due_soon_days: junheng_app::tasks::DEFAULT_DUE_SOON_DAYS,
            labour_link_days: junheng_app::labour::links::DEFAULT_LINK_DAYS,
            finding_deadline_days: junheng_app::supervision::DEFAULT_DEADLINE_DAYS,
            group_kinds: junheng_app::groups::default_kinds(),
            lesson_plan: junheng_core::classroom::LessonPlan::national(),
            review: junheng_core::review::ReviewSettings::default(),
            students: junheng_core::student::StudentSettings::default(),
            health: junheng_core::health::settings::HealthSettings::default(),
            quality: junheng_core::exam::QualitySettings::default(),
            labour: junheng_labour::settings::LabourSettings::default(),
            health_instruments: Vec::new(),
            student_keys: None,
        }
    }
}

/// A bound server, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    address: SocketAddr,
}

impl Application {
    /// Binds the listener and builds the routes.
    pub async fn build(store: Store, config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        Self::build_on(listener, store, config)
    }

    /// Builds the routes on a listener bound already (`config.bind` is not used): a test that
    /// must know the server's address before its configuration (the identity service's
    /// redirect URL names it) binds first.
    pub fn build_on(listener: TcpListener, store: Store, config: Config) -> std::io::Result<Self> {
        let address = listener.local_addr()?;
        let state = AppState::new(store, config)?;
        let routes = routes::router(state.config.max_upload_bytes);
        Ok(Self {
            listener,
            router: ops::layers(routes, state.clone()),
            state,
            address,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process is stopped (Ctrl-C or SIGTERM).
    pub async fn run(self) -> std::io::Result<()> {
        serve::serve(self.listener, self.router, self.state, shutdown()).await
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
