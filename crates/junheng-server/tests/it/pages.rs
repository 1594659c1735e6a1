use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

async fn the_dashboard_shows_the_verdict_and_charts(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let records = district(120);
    app.seed(&records).await;
    app.login("admin", "正确密码-1").await;
    let (status, page) = app.text("/dashboard").await;
    assert_eq!(status, 200);
    assert!(page.contains("2024–2025 学年资源配置"));
    assert_eq!(
        page.matches("<svg").count(),
        3,
        "two sections' 差异系数 and the trend"
    );
    assert!(page.contains("每百名学生拥有县级及以上骨干教师数"));
    assert!(page.contains("未达标的评估单位"));
    // The 2012 rule on the same data.
    let (status, basic) = app.text("/dashboard?rulebook=cn-2012").await;
    assert_eq!(status, 200);
    assert!(basic.contains("综合差异系数"));
    assert_eq!(app.get("/dashboard?rulebook=nope").await.status(), 400);
    assert_eq!(app.get("/dashboard?year=1999").await.status(), 404);
    // Schools: search and filters.
    let (_, list) = app.text("/schools?status=failing").await;
    assert!(list.contains("class=\"fail\">未达标</td>"));
    assert!(
        !list.contains("class=\"pass\">达标</td>"),
        "only failing schools"
    );
    let first = &records[0];
    let (_, found) = app.text(&format!("/schools?q={}", first.code)).await;
    assert!(found.contains(&first.name));
    let (status, school) = app.text(&format!("/schools/{}", first.code)).await;
    assert_eq!(status, 200);
    assert!(school.contains(&first.name) && school.contains("历史"));
}
both!(dashboard, the_dashboard_shows_the_verdict_and_charts);

async fn the_public_page_needs_no_login_and_shows_no_school(app: TestApp) {
    let records = district(60);
    app.seed(&records).await;
    let (status, page) = app.text("/public").await;
    assert_eq!(status, 200);
    assert!(page.contains("差异系数"));
    for r in &records {
        assert!(!page.contains(&r.name), "public page leaks {}", r.name);
        assert!(!page.contains(r.code.as_str()));
    }
}
both!(public, the_public_page_needs_no_login_and_shows_no_school);

async fn every_response_carries_security_headers(app: TestApp) {
    let r = app.get("/login").await;
    let h = r.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(app.get("/no/such/page").await.status(), 404);
    let css = app.get("/static/app.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}
both!(headers, every_response_carries_security_headers);

async fn every_page_renders_for_an_administrator(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let records = district(150);
    app.seed(&records).await;
    app.login("admin", "正确密码-1").await;
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    for (path, needle) in [
        (
            "/indicators/primary/backbone_teachers_per_100".to_owned(),
            "差异系数的主要来源",
        ),
        ("/groups".to_owned(), group.as_str()),
        (format!("/groups/{group}"), "成员校"),
        ("/map".to_owned(), "WGS-84"),
        ("/audit".to_owned(), "导入了 2024 学年统计数据"),
        ("/users".to_owned(), "新建用户"),
        ("/report".to_owned(), "督导评估报告"),
    ] {
        let (status, page) = app.text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(needle), "{path} lacks {needle}");
    }
    let (_, map) = app.text("/map").await;
    assert!(
        map.matches("<circle").count() >= 100,
        "schools are placed on the map"
    );
    assert_eq!(app.get("/indicators/primary/nope").await.status(), 404);
    let xlsx = app.get("/report.xlsx").await;
    assert_eq!(xlsx.status(), 200);
    assert!(
        xlsx.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let bytes = xlsx.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx (zip) workbook");
    let log = app
        .store
        .audit_log(&junheng_store::AuditFilter::default())
        .await
        .unwrap();
    assert!(
        log.iter().any(|e| e.action == "report.xlsx"),
        "downloads are audited"
    );
}
both!(all_pages, every_page_renders_for_an_administrator);

async fn an_administrator_adds_a_user_through_the_form(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let records = district(20);
    app.seed(&records).await;
    let code = records[0].code.to_string();
    app.login("admin", "正确密码-1").await;
    let (_, page) = app.text("/users").await;
    let csrf = TestApp::csrf_of(&page);
    let form = |name: &'static str, scope: &str| {
        [
            ("csrf", csrf.clone()),
            ("name", name.into()),
            ("display_name", String::new()),
            ("role", "school".into()),
            ("scope", scope.into()),
            ("password", "长密码-99999".into()),
        ]
    };
    let r = app.post("/users", &form("校长", "123")).await;
    assert!(
        r.text().await.unwrap().contains("10 位"),
        "a bad scope is explained"
    );
    // A school that is not in the statistics would give an account that sees nothing.
    let r = app.post("/users", &form("校长", "5009999999")).await;
    assert!(r.text().await.unwrap().contains("没有学校 5009999999"));
    assert!(app.store.user_by_name("校长").await.unwrap().is_none());
    let r = app.post("/users", &form("校长", &code)).await;
    assert_eq!(r.status(), 303);
    let user = app.store.user_by_name("校长").await.unwrap().unwrap().user;
    assert_eq!(user.role, Role::School);
    let r = app.post("/users", &form("校长", &code)).await;
    let text = r.text().await.unwrap();
    assert!(
        text.contains("已被占用") || text.contains("已存在"),
        "{text}"
    );
    // Supervisors read but never write.
    app.add_user("dux", "正确密码-2", Role::Supervisor, Scope::District)
        .await;
    let other = app.logged_in("dux", "正确密码-2").await;
    assert_eq!(
        other.get(app.url("/users")).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        other.get(app.url("/import")).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        other.get(app.url("/report")).send().await.unwrap().status(),
        200
    );
}
both!(users_form, an_administrator_adds_a_user_through_the_form);

async fn the_english_switch(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    app.seed(&district(30)).await;
    let (_, zh) = app.text("/login").await;
    assert!(zh.contains("lang=\"zh-CN\"") && zh.contains("用户名"));
    let r = app.get("/lang?to=en&next=/login").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login");
    let (_, en) = app.text("/login").await;
    assert!(
        en.contains("lang=\"en\"") && en.contains("User name") && !en.contains("用户名"),
        "{en}"
    );
    app.login("admin", "正确密码-1").await;
    let (_, dashboard) = app.text("/dashboard").await;
    assert!(dashboard.contains(">Overview<") && dashboard.contains("Coefficient of variation"));
    // Domain data stay as the rules and the bureau wrote them.
    assert!(dashboard.contains("每百名学生拥有县级及以上骨干教师数"));
    // An error page in English: its frame, title and message have no Chinese outside data.
    let (status, missing) = app.text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(missing.contains("There is no such page"), "{missing}");
    let chinese = crate::english::chinese_outside_data(&missing);
    assert!(chinese.is_empty(), "{chinese:?}");
    let r = app.get("/lang?to=zh&next=//evil.example").await;
    assert_eq!(r.headers()["location"], "/", "only local paths");
    let (_, back) = app.text("/dashboard").await;
    assert!(back.contains(">概览<"));
}
both!(english, the_english_switch);
