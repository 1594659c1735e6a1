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
use junheng_store::{Actor, AuditFilter, DistrictId, DistrictKind, NewDistrict, Role, Scope};
use reqwest::{Client, Url};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, district, spawn_on};

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
        group: Some("edu_group".into()),
    }
}

/// The district the first tests' users belong to (区县代码), in 重庆市 (500100).
const DISTRICT: &str = "500112";
/// A second district of the deployment, with schools of its own.
const OTHER: &str = "500229";

fn in_chongqing(code: &str, name: &str) -> NewDistrict {
    NewDistrict {
        code: code.into(),
        name: name.into(),
        kind: DistrictKind::Qu,
        city: ("500100".into(), "重庆市".into()),
        province: ("500000".into(), "重庆市".into()),
    }
}

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

/// A district administrator whose claims name 城口县 logs in and lands in that district (its
/// schools, not 渝北区's); a school user of 渝北区 lands where the login was started for, as that
/// school's user, and at the next login, their claims saying supervisor, the same row follows.
async fn mapped_users_land_in_their_district_and_follow_their_claims(backend: Backend) {
    let records = district(12);
    let school = records[3].code.to_string();
    let (app, provider, other) = start(
        backend,
        json!({
            "sun": {
                "preferred_username": "sun", "name": "孙科长", "junheng_roles": ["jyj-admin"],
                "district_code": OTHER,
            },
            "wang": {
                "preferred_username": "wang.xz", "name": "王校长",
                "junheng_roles": ["teachers", "xiaozhang"], "district_code": DISTRICT,
                "school_code": school,
            },
        }),
    )
    .await;
    let login = app.text("/login").await.1;
    assert!(
        login.contains("href=\"/login/sso?next=") && login.contains("统一身份认证登录"),
        "{login}"
    );
    // The administrator of 城口县.
    let client = app.stranger();
    let r = sso_login(&app, &provider, &client, "sun").await;
    assert_eq!(r.status(), 303);
    let cookies: Vec<&str> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("junheng_session=") && c.contains("HttpOnly")),
        "{cookies:?}"
    );
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("junheng_sso=;") && c.contains("Max-Age=0")),
        "the flow cookie is cleared: {cookies:?}"
    );
    let sun = app.store.user_by_name("sun").await.unwrap().unwrap();
    assert!(sun.user.external && sun.password_hash.is_empty());
    assert_eq!(
        (sun.user.role, &sun.user.scope, sun.user.district),
        (Role::Admin, &Scope::District, Some(other))
    );
    let schools = app.page_for(&client, "/schools").await;
    let theirs = theirs();
    assert!(schools.contains(theirs[0].code.as_str()), "{schools}");
    assert!(
        !records.iter().any(|r| schools.contains(r.code.as_str())),
        "no school of 渝北区: {schools}"
    );
    let account = app.page_for(&client, "/account").await;
    assert!(account.contains("孙科长"), "{account}");
    assert!(
        !account.contains("action=\"/account/password\""),
        "no password to change"
    );
    // The login is audited in the user's district.
    let logins = app
        .store
        .audit_log(&AuditFilter {
            limit: 100,
            action_prefix: Some("auth.login".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        logins
            .iter()
            .map(|e| (e.actor.as_str(), e.detail.as_str(), e.district))
            .collect::<Vec<_>>(),
        [("sun", "via=sso", Some(other))]
    );

    // A school user of 渝北区.
    let client = app.stranger();
    let callback = callback_url(&app, &provider, &client, "wang", "/schools").await;
    let r = client.get(&callback).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/schools", "where the login was started for");
    let account = app.page_for(&client, "/account").await;
    assert!(
        account.contains("wang.xz") && account.contains("王校长") && account.contains(&school),
        "{account}"
    );
    let other_school = records[4].code.to_string();
    let r = client
        .get(app.url(&format!("/schools/{other_school}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "another school is outside the scope");
    // The session's CSRF token works like a password login's.
    let csrf = TestApp::csrf_of(&account);
    let r = client
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let wang = app.store.user_by_name("wang.xz").await.unwrap().unwrap();
    assert_eq!(
        (wang.user.role, wang.user.scope.to_string()),
        (Role::School, format!("school:{school}"))
    );
    // No password login for it, whatever is typed.
    assert_eq!(app.login_status("wang.xz", "任意一个密码-123").await, 200);
    // The claims change at the identity service: the same row, the new role and scope.
    provider
        .set_accounts(&json!({
            "wang": {
                "preferred_username": "wang.xz", "name": "王督学",
                "junheng_roles": ["dudao"], "district_code": DISTRICT,
            },
        }))
        .await;
    let client = app.stranger();
    assert_eq!(
        sso_login(&app, &provider, &client, "wang").await.status(),
        303
    );
    let again = app.store.user_by_name("wang.xz").await.unwrap().unwrap();
    assert_eq!(again.user.id, wang.user.id);
    assert_eq!(
        (again.user.role, &again.user.scope),
        (Role::Supervisor, &Scope::District)
    );
    assert_eq!(
        client
            .get(app.url("/report"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        audit_details(&app, "auth.login").await,
        ["wang.xz via=sso", "wang.xz via=sso", "sun via=sso"],
        "newest first"
    );
    assert_eq!(
        audit_details(&app, "user.update").await,
        ["wang.xz role=supervisor scope=district via=sso"]
    );
}
on_both!(mapped_users_land_in_their_district_and_follow_their_claims);

/// A city user (市教委) logs in by the city's code, belongs to no district, and looks into one
/// read-only; a city no district of the deployment belongs to is refused. A role that reads
/// named children waits for an administrator's confirmation before the first session.
async fn a_city_user_and_a_grant_that_needs_confirmation(backend: Backend) {
    let school = district(12)[2].code.to_string();
    let (app, provider, _) = start(
        backend,
        json!({
            "shi": {
                "preferred_username": "shi.jw", "name": "市教委", "junheng_roles": ["shi-jiaowei"],
                "region_code": "500100",
            },
            "bj": {
                "preferred_username": "bj", "junheng_roles": ["shi-jiaowei"],
                "region_code": "110100",
            },
            "xl": {
                "preferred_username": "xl", "name": "心理老师", "junheng_roles": ["xinli"],
                "district_code": DISTRICT, "school_code": school,
            },
        }),
    )
    .await;
    let client = app.stranger();
    assert_eq!(
        sso_login(&app, &provider, &client, "shi").await.status(),
        303
    );
    let shi = app
        .store
        .user_by_name("shi.jw")
        .await
        .unwrap()
        .unwrap()
        .user;
    assert_eq!(
        (shi.role, &shi.scope, shi.district),
        (Role::City, &Scope::City("500100".into()), None)
    );
    let r = client
        .get(app.url("/dashboard"))
        .header("x-junheng-district", OTHER)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("正在查看（只读）") && page.contains("城口县"),
        "{page}"
    );

    let client = app.stranger();
    let (status, code, page) = refusal(sso_login(&app, &provider, &client, "bj").await).await;
    assert_eq!(
        (status, code.as_str()),
        (403, "sso.unknown_region"),
        "{page}"
    );
    assert!(app.store.user_by_name("bj").await.unwrap().is_none());

    // The psych teacher: refused until an administrator confirms, then in.
    let client = app.stranger();
    let (status, code, page) = refusal(sso_login(&app, &provider, &client, "xl").await).await;
    assert_eq!((status, code.as_str()), (403, "sso.pending"), "{page}");
    assert!(page.contains("确认授权"), "{page}");
    assert_eq!(
        client
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "no session"
    );
    let xl = app.store.user_by_name("xl").await.unwrap().unwrap().user;
    assert!(!xl.active && xl.pending_by.is_some());
    app.store
        .confirm_user(xl.id, &Actor::new("root"))
        .await
        .unwrap();
    let client = app.stranger();
    assert_eq!(
        sso_login(&app, &provider, &client, "xl").await.status(),
        303
    );
    assert_eq!(
        audit_details(&app, "auth.login").await,
        ["xl via=sso", "shi.jw via=sso"]
    );
}
on_both!(a_city_user_and_a_grant_that_needs_confirmation);

/// Claims that map to nothing this deployment knows: a clear page, no session, no user row, an
/// audit entry naming the reason.
async fn unmapped_users_are_refused_with_a_page(backend: Backend) {
    let (app, provider, _) = start(
        backend,
        json!({
            "teacher": {
                "preferred_username": "li.ls", "junheng_roles": ["teachers"],
                "district_code": DISTRICT,
            },
            "nowhere": {
                "preferred_username": "zhao", "junheng_roles": "xiaozhang",
                "district_code": DISTRICT, "school_code": "5001129999",
            },
            "across": {
                "preferred_username": "zhou", "junheng_roles": "xiaozhang",
                "district_code": OTHER, "school_code": district(12)[0].code.to_string(),
            },
            "elsewhere": {
                "preferred_username": "qian", "junheng_roles": ["dudao"],
                "district_code": "110101",
            },
            "nameless": { "junheng_roles": ["dudao"], "district_code": DISTRICT },
            "clash": {
                "preferred_username": "admin", "junheng_roles": ["jyj-admin"],
                "district_code": DISTRICT,
            },
        }),
    )
    .await;
    app.add_user("admin", "本地管理员密码-1", Role::Admin, Scope::District)
        .await;
    for (account, code, says) in [
        ("teacher", "sso.no_role", "角色对照表中都没有对应的角色"),
        (
            "nowhere",
            "sso.not_accepted",
            "最新学年的学校数据中没有学校 5001129999",
        ),
        (
            "across",
            "sso.not_accepted",
            "城口县 最新学年的学校数据中没有学校",
        ),
        ("elsewhere", "sso.unknown_district", "110101"),
        ("nameless", "sso.no_login", "没有登录名"),
        (
            "clash",
            "sso.name_taken",
            "已有用户名为「admin」的另一个账户",
        ),
    ] {
        let client = app.stranger();
        let (status, found, page) =
            refusal(sso_login(&app, &provider, &client, account).await).await;
        assert_eq!((status, found.as_str()), (403, code), "{account}: {page}");
        assert!(page.contains(says), "{account}: {page}");
        assert!(page.contains("请联系"), "whom to ask: {page}");
        assert!(page.contains("无法通过统一身份认证登录"), "{page}");
        let r = client.get(app.url("/dashboard")).send().await.unwrap();
        assert_eq!(r.status(), 303, "{account}: no session");
    }
    let rows: Vec<String> = app
        .store
        .users(None)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(rows, ["admin"], "nobody was created");
    let failed = audit_details(&app, "auth.login_failed").await;
    for expected in [
        "li.ls via=sso reason=no_role roles=teachers",
        "zhao via=sso reason=not_accepted scope=5001129999",
        "qian via=sso reason=unknown_district district=110101",
        "sso via=sso reason=no_login",
        "admin via=sso reason=name_taken",
    ] {
        assert!(
            failed.iter().any(|f| f == expected),
            "{expected}: {failed:?}"
        );
    }
    // The local administrator still logs in with the password.
    assert_eq!(app.login_status("admin", "本地管理员密码-1").await, 303);
}
on_both!(unmapped_users_are_refused_with_a_page);

/// The callback is protected by `state` (this browser's) and PKCE: a tampered `state`, a
/// callback address opened elsewhere or again, and a code used twice are all refused.
async fn tampered_state_and_replayed_codes_are_refused(backend: Backend) {
    let accounts = json!({
        "du": {
            "preferred_username": "du", "junheng_roles": ["dudao"], "district_code": DISTRICT,
        },
    });
    let (app, provider, _) = start(backend, accounts).await;
    let no_session = async |client: &Client| {
        client
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status()
            == 303
    };
    // A tampered state: refused before the code is used.
    let client = app.stranger();
    let callback = callback_url(&app, &provider, &client, "du", "/dashboard").await;
    let mut url = Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                format!("x{v}")
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(&pairs);
    let (status, code, _) = refusal(client.get(url.as_str()).send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (400, "sso.state"));
    assert!(no_session(&client).await);
    // The same callback in another browser (without this browser's flow): refused.
    let stranger = app.stranger();
    let (status, code, _) = refusal(stranger.get(&callback).send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (400, "sso.expired"));
    assert!(no_session(&stranger).await);
    // The untampered callback in its own browser: the flow was used up by the refusal.
    let (_, code, _) = refusal(client.get(&callback).send().await.unwrap()).await;
    assert_eq!(code, "sso.expired");
    // A login that succeeds, then its code presented again with a fresh flow: the provider
    // refuses a code used twice.
    let client = app.stranger();
    let callback = callback_url(&app, &provider, &client, "du", "/dashboard").await;
    assert_eq!(client.get(&callback).send().await.unwrap().status(), 303);
    let replayer = app.stranger();
    let fresh = follow(&replayer, &app.url("/login/sso")).await;
    let fresh_state = Url::parse(&fresh)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let old_code = Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let mut replay = Url::parse(&app.url("/login/sso/callback")).unwrap();
    replay
        .query_pairs_mut()
        .append_pair("code", &old_code)
        .append_pair("state", &fresh_state);
    let (status, code, page) = refusal(replayer.get(replay.as_str()).send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (400, "sso.exchange"), "{page}");
    assert!(no_session(&replayer).await);
    // The provider answering with an error.
    let client = app.stranger();
    let to_provider = follow(&client, &app.url("/login/sso")).await;
    let state = Url::parse(&to_provider)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let mut denied = Url::parse(&app.url("/login/sso/callback")).unwrap();
    denied
        .query_pairs_mut()
        .append_pair("error", "access_denied")
        .append_pair("state", &state);
    let (status, code, _) = refusal(client.get(denied.as_str()).send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (403, "sso.denied"));
    let failed = audit_details(&app, "auth.login_failed").await;
    for expected in [
        "sso via=sso reason=state",
        "sso via=sso reason=expired",
        "sso via=sso reason=exchange error=invalid_grant",
        "sso via=sso reason=denied error=access_denied",
    ] {
        assert!(
            failed.iter().any(|f| f == expected),
            "{expected}: {failed:?}"
        );
    }
    assert_eq!(audit_details(&app, "auth.login").await, ["du via=sso"]);
}
on_both!(tampered_state_and_replayed_codes_are_refused);

/// An administrator's deactivation wins over the identity service: the person's next SSO login
/// is refused and opens no session; reactivated, they log in again.
async fn a_user_deactivated_here_cannot_log_in_through_sso(backend: Backend) {
    let accounts = json!({
        "sun": {
            "preferred_username": "sun", "name": "孙科长", "junheng_roles": ["jyj-admin"],
            "district_code": DISTRICT,
        },
    });
    let (app, provider, _) = start(backend, accounts).await;
    app.add_user("root", "本地管理员密码-1", Role::Admin, Scope::District)
        .await;
    let first = app.stranger();
    assert_eq!(
        sso_login(&app, &provider, &first, "sun").await.status(),
        303
    );
    // SSO as administrators: the page lists it as an identity-service user without a
    // password form.
    let sun = app.store.user_by_name("sun").await.unwrap().unwrap().user;
    let admin = app.logged_in("root", "本地管理员密码-1").await;
    let users = app.page_for(&admin, "/users").await;
    assert!(
        users.contains("sun <span class=\"muted\">（统一身份认证）</span>"),
        "{users}"
    );
    assert!(!users.contains(&format!("action=\"/users/{}/password\"", sun.id)));
    let csrf = TestApp::csrf_of(&users);
    let r = admin
        .post(app.url(&format!("/users/{}/active", sun.id)))
        .form(&[("csrf", csrf.as_str()), ("active", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        first
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "the open session ended"
    );
    let client = app.stranger();
    let (status, code, page) = refusal(sso_login(&app, &provider, &client, "sun").await).await;
    assert_eq!((status, code.as_str()), (403, "sso.inactive"), "{page}");
    assert!(
        page.contains("已被管理员停用") && page.contains("sun"),
        "{page}"
    );
    assert_eq!(
        client
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    assert!(
        !app.store.user(sun.id).await.unwrap().unwrap().active,
        "still deactivated"
    );
    let failed = audit_details(&app, "auth.login_failed").await;
    assert_eq!(failed, ["sun via=sso reason=inactive"]);
    app.store
        .set_active(sun.id, true, &Actor::system())
        .await
        .unwrap();
    assert_eq!(
        sso_login(&app, &provider, &app.stranger(), "sun")
            .await
            .status(),
        303
    );
}
on_both!(a_user_deactivated_here_cannot_log_in_through_sso);
