//! Regression tests of the defects found under attack (hardening issue #9), one test per defect
//! the server answers for; each failed before its fix. The route sweep (`sweep.rs`) checks
//! every route's access; these check the rest.

use std::time::{Duration, Instant};

use junheng_server::Config;
use junheng_store::{AuditFilter, Role, Scope};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both;
use crate::helpers::{TestApp, district};

const PW: &str = "正确密码-1234";

fn audit_rows(log: &[junheng_store::AuditRecord], action: &str) -> usize {
    log.iter().filter(|e| e.action == action).count()
}

/// Defect 3: an anonymous `POST /login` with a 10 MB name wrote a 10 MB audit row, even while
/// the address was locked.
async fn login_fields_are_bounded_before_anything_is_stored(app: TestApp) {
    let stranger = app.stranger();
    let csrf = TestApp::csrf_of(&app.page_for(&stranger, "/login").await);
    // 10 MB: refused after 64 KB (the server may close the connection before the client has
    // sent it all).
    let huge = "名".repeat(10 << 20);
    let sent = stranger
        .post(app.url("/login"))
        .form(&[("name", huge.as_str()), ("password", "x"), ("csrf", &csrf)])
        .send()
        .await;
    assert!(sent.is_err() || sent.unwrap().status() == 413);
    let big = "x".repeat(100 << 10);
    let r = stranger
        .post(app.url("/login"))
        .form(&[("name", big.as_str()), ("password", "x"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413, "a form body is at most 64 KB");
    assert!(r.text().await.unwrap().contains("64 KB"));
    // A name just over 64 characters: refused like a wrong password, never looked up or audited.
    let long = "x".repeat(65);
    let r = stranger
        .post(app.url("/login"))
        .form(&[("name", long.as_str()), ("password", "x"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("用户名或密码不正确"));
    let log = app.store.audit_log(&AuditFilter::default()).await.unwrap();
    assert!(log.iter().all(|e| e.actor.chars().count() <= 64), "{log:?}");
    assert_eq!(audit_rows(&log, "auth.login_failed"), 0);
    // An ID number typed as a name is never written to the audit log (defect 8).
    let r = stranger
        .post(app.url("/login"))
        .form(&[
            ("name", "110101199003077777"),
            ("password", "x"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let log = app.store.audit_log(&AuditFilter::default()).await.unwrap();
    assert!(log.iter().any(|e| e.actor == "110…"), "{log:?}");
    assert!(!log.iter().any(|e| e.actor.contains("1990")));
}
both!(
    bounded_login,
    login_fields_are_bounded_before_anything_is_stored
);

/// Defect 4: 200 concurrent guesses got 51 past the 5-failure limit.
async fn concurrent_guesses_cannot_pass_the_limit(app: TestApp) {
    app.add_user("target", PW, Role::Admin, Scope::District)
        .await;
    let stranger = app.stranger();
    let csrf = TestApp::csrf_of(&app.page_for(&stranger, "/login").await);
    let guesses = (0..60).map(|i| {
        let (client, url, csrf) = (stranger.clone(), app.url("/login"), csrf.clone());
        tokio::spawn(async move {
            let guess = format!("猜测-{i}");
            client
                .post(url)
                .form(&[
                    ("name", "target"),
                    ("password", guess.as_str()),
                    ("csrf", &csrf),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut statuses = Vec::new();
    for g in guesses.collect::<Vec<_>>() {
        statuses.push(g.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        checked, 5,
        "exactly the allowed attempts were checked: {statuses:?}"
    );
    assert_eq!(refused, 55);
    let log = app.store.audit_log(&AuditFilter::default()).await.unwrap();
    assert_eq!(audit_rows(&log, "auth.login_failed"), 5);
    // The right password is refused too while the pause lasts, and the page says how long.
    let r = app.login("target", PW).await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("分钟后再试"));
}
both!(atomic_limit, concurrent_guesses_cannot_pass_the_limit);

/// Defect 5: ≈ 20 000 half-sent requests exhausted the server's descriptors. With a small cap
/// and a short header timeout, half-sent connections are closed and a normal request still gets
/// its answer.
async fn slow_clients_are_cut_off(app: TestApp) {
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..24 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // More than the cap are half-open: a normal request waits for a slot, then is answered.
    let started = Instant::now();
    let r = app
        .stranger()
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(20));
    // Each half-sent request's connection is closed by the server.
    for mut s in slow {
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "a half-sent request's connection stays open");
    }
}
both!(
    slow_clients,
    slow_clients_are_cut_off,
    Config {
        max_connections: 16,
        header_read_timeout: Duration::from_secs(1),
        ..Config::default()
    }
);

/// Defects 6 and 13: `next` with a tab (`/%09/evil.example`, which browsers follow off-site),
/// with CR, LF or NUL (a 500 that created a session anyway).
async fn next_is_always_a_local_path(app: TestApp) {
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil",
        "%0D%0Ax",
        "/%00",
    ] {
        let r = app.get(&format!("/lang?to=zh&next={next}")).await;
        assert_eq!(r.status(), 303, "{next}");
        assert_eq!(r.headers()["location"], "/", "{next}");
        let (status, page) = app.text(&format!("/login?next={next}")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("name=\"next\" value=\"/dashboard\""),
            "{next}"
        );
    }
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    for next in [
        "/\t/evil.example",
        "/\r\nSet-Cookie: a=b",
        "/\0",
        "/ok\u{3000}",
    ] {
        let client = app.stranger();
        let csrf = TestApp::csrf_of(&app.page_for(&client, "/login").await);
        let r = client
            .post(app.url("/login"))
            .form(&[
                ("name", "admin"),
                ("password", PW),
                ("csrf", &csrf),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{next:?}");
        assert_eq!(r.headers()["location"], "/dashboard", "{next:?}");
    }
    let r = app.get("/lang?to=en&next=/schools%3Fq%3D%E5%AD%A6").await;
    assert_eq!(r.headers()["location"], "/schools?q=%E5%AD%A6");
}
both!(local_next, next_is_always_a_local_path);

/// Defect 13: bad input is a 4xx with a Chinese message (JSON under /api/), never a 500 or the
/// framework's plain text; a store validation failure (a user name with a space) too.
async fn bad_input_is_a_chinese_4xx(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.seed(&district(20)).await;
    let token = app.token("admin").await;
    app.login("admin", PW).await;
    for (path, status) in [
        ("/lottery/abc", 404),
        ("/schools?year=abc", 400),
        ("/dashboard?year=99999999999", 400),
        ("/rotation/moves/x/cancel", 405),
        ("/no/such/page", 404),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
        let body = r.text().await.unwrap();
        assert!(
            ct.starts_with("text/html") && body.contains("lang=\"zh-CN\""),
            "{path}: {body}"
        );
        assert!(body.contains("data-code="), "{path}");
    }
    for path in ["/api/v1/rotation/abc", "/api/v1/evaluation?year=x"] {
        let r = app
            .client
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{path}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(
            v["code"].is_string() && v["message"].is_string(),
            "{path}: {v}"
        );
    }
    let (_, page) = app.text("/users").await;
    let csrf = TestApp::csrf_of(&page);
    let (status, page) = app
        .post_form(
            "/users",
            &[
                ("csrf", &csrf),
                ("name", "zhang san"),
                ("display_name", ""),
                ("role", "supervisor"),
                ("scope", ""),
                ("password", "足够长的密码-1"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("不含空格"), "{page}");
    assert!(app.store.user_by_name("zhang san").await.unwrap().is_none());
}
both!(bad_input, bad_input_is_a_chinese_4xx);

/// Defect 9: revoking a token, deactivating a user, setting and changing a password take effect
/// at once.
async fn account_verbs_take_effect_at_once(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let token = app.token("dux").await;
    let dux = app.logged_in("dux", PW).await;
    let api = |token: String| {
        let client = app.stranger();
        let url = app.url("/api/v1/years");
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(api(token.clone()).await, 200);
    assert!(app.page_for(&dux, "/account").await.contains("dux"));
    app.login("admin", PW).await;
    let dux_id = app
        .store
        .user_by_name("dux")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let (_, page) = app.text("/users").await;
    let csrf = TestApp::csrf_of(&page);
    // Revoke the token: refused at once (no trust window on this server).
    let token_id = app.store.tokens(dux_id).await.unwrap()[0].id;
    let (status, _) = app
        .post_form(
            &format!("/users/tokens/{token_id}/revoke"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(api(token).await, 401);
    // Deactivate: the session ends at once.
    let (status, _) = app
        .post_form(
            &format!("/users/{dux_id}/active"),
            &[("csrf", &csrf), ("active", "0")],
        )
        .await;
    assert_eq!(status, 303);
    let r = dux.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.status(), 303, "a deactivated user's session ends");
    assert_eq!(app.login_status("dux", PW).await, 200, "and cannot log in");
    // An administrator cannot deactivate themselves.
    let admin_id = app
        .store
        .user_by_name("admin")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let (_, page) = app
        .post_form(
            &format!("/users/{admin_id}/active"),
            &[("csrf", &csrf), ("active", "0")],
        )
        .await;
    assert!(page.contains("不能停用自己的账户"));
    // Reactivate and set a new password.
    app.post_form(
        &format!("/users/{dux_id}/active"),
        &[("csrf", &csrf), ("active", "1")],
    )
    .await;
    let (_, page) = app
        .post_form(
            &format!("/users/{dux_id}/password"),
            &[("csrf", &csrf), ("password", "新的密码-5678")],
        )
        .await;
    assert!(page.contains("已设置新密码"));
    assert_eq!(
        app.login_status("dux", PW).await,
        200,
        "the old password no longer works"
    );
    let dux = app.logged_in("dux", "新的密码-5678").await;
    // Changing one's own password: the current one first, then every session ends.
    let csrf = TestApp::csrf_of(&app.page_for(&dux, "/account").await);
    let change = |current: &str, new: &str| {
        dux.post(app.url("/account/password"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("current", current),
                ("new", new),
                ("confirm", new),
            ])
            .send()
    };
    let r = change("错误的密码", "再换一个-0000").await.unwrap();
    assert!(r.text().await.unwrap().contains("当前密码不正确"));
    let r = change("新的密码-5678", "再换一个-0000").await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?changed=1");
    assert_eq!(
        dux.get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    assert_eq!(app.login_status("dux", "再换一个-0000").await, 303);
    let log = app.store.audit_log(&AuditFilter::default()).await.unwrap();
    for action in [
        "token.revoke",
        "user.deactivate",
        "user.activate",
        "user.password",
    ] {
        assert!(audit_rows(&log, action) > 0, "{action}");
    }
}
both!(account_verbs, account_verbs_take_effect_at_once);

/// Defect 10: behind a reverse proxy every client shared the proxy's address, so one person's
/// failures locked everyone out. From a trusted proxy the forwarded address counts; from anyone
/// else the header is ignored.
async fn forwarded_addresses_count_from_trusted_proxies(app: TestApp) {
    app.add_user("a", PW, Role::Admin, Scope::District).await;
    app.add_user("b", PW, Role::Supervisor, Scope::District)
        .await;
    let attempt = |name: &'static str, password: &'static str, from: &'static str| {
        let client = app.stranger();
        let url = app.url("/login");
        let page = app.url("/login");
        async move {
            let html = client.get(page).send().await.unwrap().text().await.unwrap();
            client
                .post(url)
                .header("x-forwarded-for", from)
                .form(&[
                    ("name", name),
                    ("password", password),
                    ("csrf", &TestApp::csrf_of(&html)),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // One client fails ten times under ten names: its address pauses…
    for (i, name) in ["c1", "c2", "c3", "c4", "c5"].into_iter().enumerate() {
        assert_eq!(
            attempt(name, "猜", "198.51.100.1").await,
            200,
            "attempt {i}"
        );
    }
    assert_eq!(attempt("c6", "猜", "198.51.100.1").await, 429);
    // …another client behind the same proxy logs in.
    assert_eq!(attempt("b", PW, "198.51.100.2").await, 303);
}
both!(
    trusted_proxy,
    forwarded_addresses_count_from_trusted_proxies,
    Config {
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
        ..Config::default()
    }
);

/// Without trusted proxies, a forwarded address is ignored: a client cannot escape its pause by
/// inventing one.
async fn forwarded_addresses_are_ignored_from_others(app: TestApp) {
    let stranger = app.stranger();
    for i in 0..6 {
        let html = app.page_for(&stranger, "/login").await;
        let status = stranger
            .post(app.url("/login"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .form(&[
                ("name", format!("n{i}").as_str()),
                ("password", "猜"),
                ("csrf", &TestApp::csrf_of(&html)),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert_eq!(status, if i < 5 { 200 } else { 429 }, "attempt {i}");
    }
}
both!(untrusted_proxy, forwarded_addresses_are_ignored_from_others);

/// Defect 11: a known name took 39 ms, an unknown one 1 ms. Every login checks one password
/// hash, whether the name exists, is inactive or not (counted in /metrics).
async fn every_login_checks_one_hash(app: TestApp) {
    app.add_user("known", PW, Role::Admin, Scope::District)
        .await;
    let checks = || async {
        let text = app
            .stranger()
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find(|l| l.starts_with("junheng_password_checks_total"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let before = checks().await;
    assert_eq!(app.login_status("known", "错").await, 200);
    assert_eq!(app.login_status("nobody-by-this-name", "错").await, 200);
    assert_eq!(checks().await - before, 2);
}
both!(dummy_hash, every_login_checks_one_hash);

/// Defect 19: a 教育集团 whose name holds `/` had a broken link.
async fn group_names_with_slashes_have_working_links(app: TestApp) {
    let mut records = district(30);
    let group = "城区/一集团 A&B".to_owned();
    for r in records.iter_mut().take(3) {
        r.group = Some(group.clone());
    }
    app.seed(&records).await;
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.login("admin", PW).await;
    let (_, page) = app.text("/groups").await;
    let href = page
        .split("href=\"/groups/")
        .skip(1)
        .map(|h| h.split('"').next().unwrap())
        .find(|h| h.contains("%2F"))
        .expect("the group's link encodes its slash");
    let (status, page) = app.text(&format!("/groups/{href}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>城区/一集团 A&#38;B"), "{page}");
}
both!(group_slash, group_names_with_slashes_have_working_links);

/// Operations: health, metrics, request ids, security headers.
async fn operations_endpoints_answer(app: TestApp) {
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"status":"ok","database":"ok"}"#
    );
    app.get("/login").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(
            "junheng_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(text.contains("junheng_db_pool_connections_open"));
    let r = app.get("/login").await;
    for h in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
    ] {
        assert!(r.headers().contains_key(h), "{h}");
    }
}
both!(operations, operations_endpoints_answer);

/// Defect 1: `GET /plan.json` as a group lead listed every unit of the district (code, name,
/// values); the page filtered, the JSON did not. Now both come from one scoped plan.
async fn a_group_leads_plan_json_names_only_the_group(app: TestApp) {
    let (records, _, _) = crate::rotation::seeded(&app, true).await;
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    app.add_user("lead", PW, Role::GroupLead, Scope::Group(group.clone()))
        .await;
    app.login("lead", PW).await;
    let (status, json) = app.text("/plan.json?year=2024").await;
    assert_eq!(status, 200, "{json}");
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let units = plan["effect"]["units"].as_array().unwrap();
    assert!(!units.is_empty());
    let of_group: Vec<&str> = records
        .iter()
        .filter(|r| r.group.as_deref() == Some(group.as_str()))
        .map(|r| r.code.as_str())
        .collect();
    for u in units {
        let code = u["school"].as_str().unwrap();
        assert!(of_group.contains(&code), "{code} is not of {group}");
    }
    for r in records
        .iter()
        .filter(|r| r.group.as_deref() != Some(group.as_str()))
    {
        assert!(
            !json.contains(r.code.as_str()),
            "{} outside the group",
            r.code
        );
    }
}
both!(
    plan_json_scope,
    a_group_leads_plan_json_names_only_the_group
);

/// Defect 16 (decided): a school user sees the ledger rows of its own teachers with the school at
/// the other end of each move, and no other move.
async fn a_school_sees_the_other_end_of_its_own_moves_only(app: TestApp) {
    let (records, _, ledger) = crate::rotation::seeded(&app, true).await;
    let m = &ledger[0];
    let own = m.from.clone();
    app.add_user("xiao", PW, Role::School, Scope::School(own.clone()))
        .await;
    app.login("xiao", PW).await;
    let (status, page) = app.text("/rotation?year=2024").await;
    assert_eq!(status, 200);
    let name = |code: &junheng_core::school::SchoolCode| {
        records
            .iter()
            .find(|r| &r.code == code)
            .unwrap()
            .name
            .clone()
    };
    assert!(
        page.contains(&format!("<code>{}</code>", m.teacher)),
        "its teacher's move"
    );
    assert!(page.contains(&name(&m.to)), "the receiving school is named");
    for other in ledger.iter().filter(|o| o.from != own && o.to != own) {
        assert!(
            !page.contains(&format!("<code>{}</code>", other.teacher)),
            "{other:?}"
        );
    }
}
both!(
    counterpart,
    a_school_sees_the_other_end_of_its_own_moves_only
);

/// Defect 2 through the web: a school user's `/submit` of a small .xlsx whose one cell inflates
/// to 64 MB is refused with a located problem and a short page, without the server inflating it.
async fn an_inflating_upload_is_refused_with_a_short_page(app: TestApp) {
    let records = district(10);
    app.seed(&records).await;
    app.add_user(
        "xiao",
        PW,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    app.login("xiao", PW).await;
    let bomb = inflated_xlsx(64 << 20);
    assert!(bomb.len() < 200 << 10, "{}", bomb.len());
    let (status, page) = app.upload("/submit", "/submit", "炸弹.xlsx", bomb).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("未提交") && page.contains("炸弹.xlsx"),
        "{}",
        &page[..page.len().min(2000)]
    );
    assert!(page.len() < 64 << 10, "the page is {} bytes", page.len());
    assert!(app.store.submissions(None).await.unwrap().is_empty());
}
both!(
    inflating_upload,
    an_inflating_upload_is_refused_with_a_short_page
);

/// A minimal .xlsx whose one sheet holds a cell of `bytes` letters (deflated to ~1 KB per MB).
fn inflated_xlsx(bytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
    );
    sheet.push_str(&"x".repeat(bytes));
    sheet.push_str("</t></is></c></row></sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学校基本情况表" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(name, options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}
