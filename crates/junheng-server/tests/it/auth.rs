use junheng_store::{AuditFilter, Role, Scope};

use crate::both;
use crate::helpers::TestApp;

async fn login_logout_and_audit(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    // Pages need a session.
    let r = app.get("/dashboard").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fdashboard");
    // Wrong password: the form again, with a message, and an audit entry.
    let r = app.login("admin", "错误").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("用户名或密码不正确"));
    // Right password: a session cookie and the dashboard.
    let r = app.login("admin", "正确密码-1").await;
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (status, page) = app.text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("admin老师") && page.contains("还没有导入"),
        "{page}"
    );
    // Logout needs the CSRF token.
    let r = app.post("/logout", &[("csrf", "forged")]).await;
    assert_eq!(r.status(), 403);
    let csrf = TestApp::csrf_of(&page);
    let r = app.post("/logout", &[("csrf", csrf.as_str())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get("/dashboard").await.status(), 303);
    let log = app.store.audit_log(&AuditFilter::default()).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in ["auth.login_failed", "auth.login", "auth.logout"] {
        assert!(actions.contains(&action), "{actions:?}");
    }
}
both!(login_logout, login_logout_and_audit);

async fn repeated_failures_lock_the_name(app: TestApp) {
    app.add_user("leader", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    for _ in 0..5 {
        assert_eq!(app.login("leader", "猜测").await.status(), 200);
    }
    let r = app.login("leader", "正确密码-2").await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("15 分钟"));
}
both!(rate_limited, repeated_failures_lock_the_name);

async fn a_forged_login_form_is_refused(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let stranger = app.stranger();
    let r = stranger
        .post(app.url("/login"))
        .form(&[("name", "admin"), ("password", "正确密码-1"), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "no session without the login form's token");
    assert!(r.headers().get("set-cookie").is_none());
    assert!(r.text().await.unwrap().contains("CSRF"));
}
both!(login_csrf, a_forged_login_form_is_refused);
