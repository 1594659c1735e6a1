//! Logins that succeed: district users in their district, claims followed, a city user, a
//! grant that waits for confirmation.

use super::*;

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
