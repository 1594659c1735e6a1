//! Logging in through an identity service (统一身份认证): a real OpenID Connect provider — the
//! certified `oidc-provider` package on Node.js (`tools/oidc-test-provider`, installed by
//! `scripts/test.sh` with `npm ci`) — started once for the whole test binary, each test
//! registering its own client (dynamic client registration) and its own accounts; the whole
//! flow driven over HTTP as a browser does it: our `/login/sso`, the provider's authorization
//! endpoint and login page, our callback. Each test runs on SQLite and PostgreSQL (the user
//! rows and sessions are the store's). Without Node.js or the installed package the tests
//! fail, never skip.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use junheng_server::Config;
use junheng_server::sso::{ClaimMapping, SsoConfig};
use junheng_store::{Actor, AuditFilter, DistrictId, Role, Scope};
use reqwest::{Client, Url};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, district, in_chongqing, spawn_on};

/// The provider process, shared by every test of the binary; it ends when the binary does (its
/// standard input closes).
struct Idp {
    issuer: String,
    _child: Child,
}

fn provider_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/oidc-test-provider")
}

/// The claims the provider releases with the scope `junheng`.
const RELEASED: [&str; 6] = [
    "junheng_roles",
    "district_code",
    "region_code",
    "school_code",
    "class",
    "edu_group",
];

fn idp() -> &'static Idp {
    static IDP: OnceLock<Idp> = OnceLock::new();
    IDP.get_or_init(|| {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider/package.json").exists(),
            "the OpenID Connect test provider is not installed: run scripts/test.sh, or \
             `npm ci` in {} (Node.js 20.19 or later)",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("OIDC_TEST_CLAIMS", json!(RELEASED).to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "Node.js (`node`) cannot start the OpenID Connect test provider: {e}; \
                     install Debian's nodejs (20.19 or later)"
                )
            });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let issuer = lines
            .next()
            .and_then(Result::ok)
            .and_then(|line| serde_json::from_str::<Value>(&line).ok())
            .and_then(|v| v["issuer"].as_str().map(str::to_owned));
        let Some(issuer) = issuer else {
            let _ = child.kill();
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
            panic!("the OpenID Connect test provider did not start: {err}");
        };
        // Its later notices go nowhere (the pipes are drained so the process never blocks).
        std::thread::spawn(move || lines.for_each(drop));
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || BufReader::new(stderr).lines().for_each(drop));
        Idp {
            issuer,
            _child: child,
        }
    })
}

/// One test's view of the provider: its client, and its accounts under subjects of its own.
struct Provider {
    issuer: String,
    prefix: String,
}

impl Provider {
    /// Registers a client whose callback is `redirect_uri`: its id and secret.
    async fn register(redirect_uri: &str) -> (Self, String, String) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let issuer = idp().issuer.clone();
        let http = Client::new();
        let discovery: Value = http
            .get(format!("{issuer}/.well-known/openid-configuration"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let endpoint = discovery["registration_endpoint"].as_str().unwrap();
        let client: Value = http
            .post(endpoint)
            .json(&json!({ "redirect_uris": [redirect_uri], "client_name": "均衡测试" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let text = |k: &str| {
            client[k]
                .as_str()
                .unwrap_or_else(|| panic!("{client}"))
                .to_owned()
        };
        let prefix = format!("t{}", NEXT.fetch_add(1, Ordering::Relaxed));
        (
            Provider { issuer, prefix },
            text("client_id"),
            text("client_secret"),
        )
    }

    /// This test's subject for `account`.
    fn sub(&self, account: &str) -> String {
        format!("{}-{account}", self.prefix)
    }

    /// Adds or replaces accounts (account → claims); the provider reads them at every login.
    async fn set_accounts(&self, accounts: &Value) {
        let mine: serde_json::Map<String, Value> = accounts
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (self.sub(k), v.clone()))
            .collect();
        let r = Client::new()
            .put(format!("{}/test-accounts", self.issuer))
            .json(&mine)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
}

fn mapping() -> ClaimMapping {
    ClaimMapping {
        login: "preferred_username".into(),
        display_name: "name".into(),
        role: "junheng_roles".into(),
        roles: vec![
            ("shi-jiaowei".into(), Role::City),
            ("jyj-admin".into(), Role::Admin),
            ("dudao".into(), Role::Supervisor),
            ("jituan".into(), Role::GroupLead),
            ("xiaozhang".into(), Role::School),
            ("xinli".into(), Role::PsychTeacher),
        ],
        district: Some("district_code".into()),
        region: Some("region_code".into()),
        school: Some("school_code".into()),
        class: Some("class".into()),
        teacher: Some("teacher_no".into()),
        zone: Some("zone".into()),
        department: Some("dept".into()),
        group: Some("edu_group".into()),
    }
}

/// The district the first tests' users belong to (区县代码), in 重庆市 (500100).
const DISTRICT: &str = "500112";
/// A second district of the deployment, with schools of its own.
const OTHER: &str = "500229";

/// A server of two districts (渝北区 500112 seeded with `district(12)`, 城口县 500229 with
/// schools of its own, codes 502…) whose identity service is the shared provider, with
/// `accounts`.
async fn start(backend: Backend, accounts: Value) -> (TestApp, Provider, DistrictId) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirect = format!(
        "http://{}/login/sso/callback",
        listener.local_addr().unwrap()
    );
    let (provider, client_id, client_secret) = Provider::register(&redirect).await;
    provider.set_accounts(&accounts).await;
    let config = Config {
        sso: Some(SsoConfig {
            issuer: provider.issuer.clone(),
            client_id,
            client_secret: Some(client_secret),
            redirect_url: redirect,
            scopes: vec!["openid".into(), "profile".into(), "junheng".into()],
            extra_roots: None,
            claims: mapping(),
        }),
        ..Config::default()
    };
    let app = spawn_on(backend, listener, config).await;
    app.seed(&district(12)).await;
    let home = app.home().await.id();
    app.store
        .update_district(home, &in_chongqing(DISTRICT, "渝北区"), &Actor::system())
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_chongqing(OTHER, "城口县"), &Actor::system())
        .await
        .unwrap()
        .id;
    app.seed_in(other, &theirs()).await;
    (app, provider, other)
}

/// The schools of 城口县: the demo district under other codes (502…).
fn theirs() -> Vec<junheng_core::school::SchoolRecord> {
    district(12)
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            let code = format!("502{}", &r.code.as_str()[3..]);
            r.code = junheng_core::school::SchoolCode::parse(&code).unwrap();
            r.parent_code = None;
            r.name = format!("城口县第{i}校");
            r.group = None;
            r
        })
        .collect()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .unwrap_or_else(|| panic!("{} without a Location", r.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// `GET url`, expecting a redirect; the absolute URL it points to.
async fn follow(client: &Client, url: &str) -> String {
    let r = client.get(url).send().await.unwrap();
    assert!(r.status().is_redirection(), "{url}: {}", r.status());
    Url::parse(url)
        .unwrap()
        .join(&location(&r))
        .unwrap()
        .to_string()
}

/// Starts a login at our server and logs in at the provider as `account`; the callback URL
/// the provider sends the browser to (not visited yet).
async fn callback_url(
    app: &TestApp,
    provider: &Provider,
    client: &Client,
    account: &str,
    next: &str,
) -> String {
    let to_provider = follow(client, &app.url(&format!("/login/sso?next={next}"))).await;
    assert!(
        to_provider.contains("code_challenge_method=S256") && to_provider.contains("nonce="),
        "{to_provider}"
    );
    let interaction = follow(client, &to_provider).await;
    let form = client.get(&interaction).send().await.unwrap();
    assert_eq!(form.status(), 200, "{interaction}");
    let r = client
        .post(&interaction)
        .form(&[("login", provider.sub(account))])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection(),
        "login at the provider: {}",
        r.status()
    );
    let resume = Url::parse(&interaction)
        .unwrap()
        .join(&location(&r))
        .unwrap()
        .to_string();
    let callback = follow(client, &resume).await;
    assert!(
        callback.starts_with(&app.url("/login/sso/callback?")),
        "{callback}"
    );
    callback
}

/// A whole login as `account`: the answer of our callback.
async fn sso_login(
    app: &TestApp,
    provider: &Provider,
    client: &Client,
    account: &str,
) -> reqwest::Response {
    let callback = callback_url(app, provider, client, account, "/dashboard").await;
    client.get(&callback).send().await.unwrap()
}

async fn audit_details(app: &TestApp, action: &str) -> Vec<String> {
    app.store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| format!("{} {}", e.actor, e.detail))
        .collect()
}

/// A refusal page: its status and the code in it.
async fn refusal(r: reqwest::Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let page = r.text().await.unwrap();
    let code = page
        .split("data-code=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    (status, code, page)
}

macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(crate::helpers::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(crate::helpers::Backend::Postgres).await;
            }
        }
    };
}

mod login;
mod refused;
