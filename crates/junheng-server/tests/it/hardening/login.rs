//! Logins: bounded fields, the atomic attempt limit, local `next`, proxies, one hash per login.

use junheng_server::Config;
use junheng_store::{AuditFilter, Role, Scope};

use super::{PW, audit_rows};
use crate::both;
use crate::helpers::TestApp;

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
    // The right password is refused too while the pause lasts, and the page says until when.
    let r = app.login("target", PW).await;
    assert_eq!(r.status(), 429);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("自动解除时间（北京时间）") && page.contains("分钟"),
        "{page}"
    );
}
both!(atomic_limit, concurrent_guesses_cannot_pass_the_limit);

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
