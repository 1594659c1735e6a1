//! Accounts on the web (issue 11): editing a user (scope checked against the district's data),
//! deactivating and reactivating, a one-time password and the forced change, the lockout page
//! and unlocking (on the web and in the store, as the command line does), tokens on a user's
//! page, every school's account in bulk with slips, and the inbox in the header.

use junheng_store::{Actor, AuditFilter, Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

const PW: &str = "正确密码-1234";

/// The one-time password a page shows once.
pub fn one_time_of(page: &str) -> String {
    let at = page
        .find("data-password=\"")
        .unwrap_or_else(|| panic!("a one-time password on the page: {page}"))
        + 15;
    page[at..].split('"').next().unwrap().to_owned()
}

async fn user_id(app: &TestApp, name: &str) -> i64 {
    app.store.user_by_name(name).await.unwrap().unwrap().user.id
}

async fn actions(app: &TestApp, prefix: &str) -> Vec<(String, String, String)> {
    let filter = AuditFilter {
        action_prefix: Some(prefix.to_owned()),
        ..AuditFilter::default()
    };
    let log = app.store.audit_log(&filter).await.unwrap();
    log.into_iter()
        .map(|e| (e.actor, e.target, e.detail))
        .collect()
}

/// The inbox count in a page's header, 0 without one.
fn inbox_count(page: &str) -> u32 {
    page.split("id=\"inbox-count\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map_or(0, |n| n.parse().unwrap())
}

async fn an_edit_checks_the_scope_as_creation_does(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    let records = district(20);
    app.seed(&records).await;
    let (first, second) = (records[0].code.clone(), records[1].code.clone());
    app.add_user("xz", PW, Role::School, Scope::School(first.clone()))
        .await;
    let id = user_id(&app, "xz").await;
    app.login("admin", PW).await;
    let (status, page) = app.text(&format!("/users/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("value=\"{first}\"")), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let edit = |role: &'static str, scope: &str, name: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("display_name", name.to_owned()),
            ("role", role.to_owned()),
            ("scope", scope.to_owned()),
        ]
    };
    let path = format!("/users/{id}");
    // A school the statistics do not have, a mistyped group, no role: refused, nothing changed.
    let (_, page) = app
        .post_form(&path, &edit_fields(&edit("school", "5010009999", "")))
        .await;
    assert!(page.contains("没有学校 5010009999"), "{page}");
    let (_, page) = app
        .post_form(
            &path,
            &edit_fields(&edit("group_lead", "实验小学集团X", "")),
        )
        .await;
    assert!(
        page.contains("没有名为「实验小学集团X」的教育集团"),
        "{page}"
    );
    let (_, page) = app.post_form(&path, &edit_fields(&edit("", "", ""))).await;
    assert!(page.contains("请选择角色"), "{page}");
    let user = app.store.user(id).await.unwrap().unwrap();
    assert_eq!(user.scope, Scope::School(first.clone()));
    assert!(actions(&app, "user.update").await.is_empty());
    // A school it has: saved, the user's sessions end, audited without the display name.
    let xz = app.logged_in("xz", PW).await;
    let (status, page) = app
        .post_form(
            &path,
            &edit_fields(&edit("school", second.as_str(), "第二小学校长")),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("已保存"), "{page}");
    let user = app.store.user(id).await.unwrap().unwrap();
    assert_eq!(user.scope, Scope::School(second.clone()));
    assert_eq!(user.display_name, "第二小学校长");
    let r = xz.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.status(), 303, "a changed scope ends the sessions");
    let log = actions(&app, "user.update").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].0, "admin");
    assert_eq!(log[0].1, format!("user:{id}"));
    assert!(!log[0].2.contains("第二小学校长"), "{:?}", log[0]);
    // Nobody changes their own role.
    let me = user_id(&app, "admin").await;
    let (_, page) = app
        .post_form(
            &format!("/users/{me}"),
            &edit_fields(&edit("supervisor", "", "")),
        )
        .await;
    assert!(page.contains("不能修改自己的角色或范围"), "{page}");
    assert_eq!(app.store.user(me).await.unwrap().unwrap().role, Role::Admin);
    // The creation form has no default role, and refuses none.
    let (_, users) = app.text("/users").await;
    assert!(
        users.contains("<option value=\"\" selected disabled>请选择角色</option>"),
        "{users}"
    );
    let (_, page) = app
        .post_form(
            "/users",
            &[
                ("csrf", csrf.as_str()),
                ("name", "nobody"),
                ("display_name", ""),
                ("role", ""),
                ("scope", ""),
                ("password", "长密码-99999"),
            ],
        )
        .await;
    assert!(page.contains("请选择角色"), "{page}");
    assert!(app.store.user_by_name("nobody").await.unwrap().is_none());
}
both!(edit_scope, an_edit_checks_the_scope_as_creation_does);

fn edit_fields<'a>(fields: &'a [(&'static str, String); 4]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn a_one_time_password_must_be_changed_first(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let id = user_id(&app, "dux").await;
    let before = app.logged_in("dux", PW).await;
    app.login("admin", PW).await;
    let (_, page) = app.text(&format!("/users/{id}")).await;
    let csrf = TestApp::csrf_of(&page);
    let (status, page) = app
        .post_form(&format!("/users/{id}/password"), &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 200);
    let one_time = one_time_of(&page);
    assert_eq!(one_time.chars().count(), 12, "{one_time}");
    assert!(page.contains("只显示这一次"));
    // Shown once: the page again has no password.
    let (_, again) = app.text(&format!("/users/{id}")).await;
    assert!(!again.contains(&one_time));
    assert!(again.contains("须修改一次性密码"));
    let r = before.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.status(), 303, "the old sessions ended");
    assert_eq!(
        app.login_status("dux", PW).await,
        200,
        "the old password is gone"
    );
    // Logged in with it: every page leads to the account page until the password is changed.
    let dux = app.logged_in("dux", &one_time).await;
    for path in ["/dashboard", "/schools", "/report", "/inbox"] {
        let r = dux.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(r.headers()["location"], "/account", "{path}");
    }
    let account = app.page_for(&dux, "/account").await;
    assert!(account.contains("首次登录须修改密码"), "{account}");
    let csrf = TestApp::csrf_of(&account);
    let change = |current: String, new: &'static str, confirm: &'static str| {
        dux.post(app.url("/account/password"))
            .form(&[
                ("csrf", csrf.clone()),
                ("current", current),
                ("new", new.to_owned()),
                ("confirm", confirm.to_owned()),
            ])
            .send()
    };
    let r = change(one_time.clone(), "自己的密码-2468", "不一样-2468")
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("两次输入的新密码不一致"));
    let r = change(one_time.clone(), "自己的密码-2468", "自己的密码-2468")
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?changed=1");
    let user = app.store.user(id).await.unwrap().unwrap();
    assert!(!user.must_change_password);
    let dux = app.logged_in("dux", "自己的密码-2468").await;
    let r = dux.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.status(), 200, "free to go once changed");
    let log = actions(&app, "user.password").await;
    let details: Vec<&str> = log.iter().map(|(_, _, d)| d.as_str()).collect();
    assert_eq!(details, ["", "one_time"], "newest first");
    assert_eq!(log[1].0, "admin");
    assert_eq!(log[0].0, "dux");
}
both!(one_time_password, a_one_time_password_must_be_changed_first);

async fn deactivated_users_stay_out_until_reactivated(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let id = user_id(&app, "dux").await;
    app.login("admin", PW).await;
    let (_, page) = app.text(&format!("/users/{id}")).await;
    let csrf = TestApp::csrf_of(&page);
    let path = format!("/users/{id}/active");
    let active = |to: &'static str| [("csrf", csrf.clone()), ("active", to.to_owned())];
    assert_eq!(app.post(&path, &active("0")).await.status(), 303);
    assert_eq!(app.login_status("dux", PW).await, 200);
    let (_, page) = app.text(&format!("/users/{id}")).await;
    assert!(page.contains("class=\"fail\">停用"), "{page}");
    assert_eq!(app.post(&path, &active("1")).await.status(), 303);
    assert_eq!(app.login_status("dux", PW).await, 303);
    assert_eq!(actions(&app, "user.deactivate").await.len(), 1);
    assert_eq!(actions(&app, "user.activate").await.len(), 1);
}
both!(reactivate, deactivated_users_stay_out_until_reactivated);

async fn a_locked_name_is_explained_and_unlocked(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let id = user_id(&app, "dux").await;
    app.login("admin", PW).await;
    let (_, page) = app.text("/dashboard").await;
    assert_eq!(inbox_count(&page), 0);
    assert!(page.contains("href=\"/inbox\""), "admins have an inbox");
    for _ in 0..5 {
        assert_eq!(app.login_status("dux", "猜测").await, 200);
    }
    let r = app.stranger();
    let login = app.page_for(&r, "/login").await;
    let r = r
        .post(app.url("/login"))
        .form(&[
            ("name", "dux"),
            ("password", PW),
            ("csrf", &TestApp::csrf_of(&login)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let page = r.text().await.unwrap();
    for text in ["登录已暂停", "暂停的登录名", "dux", "北京时间", "15 分钟"] {
        assert!(page.contains(text), "{text}: {page}");
    }
    assert!(crate::helpers::shows_minute_time(&page), "{page}");
    let user = app.store.user(id).await.unwrap().unwrap();
    assert!(user.locked_until.is_some());
    assert_eq!(actions(&app, "user.lock").await.len(), 1, "recorded once");
    // The administrator sees it waiting, and unlocks it.
    let (_, page) = app.text("/dashboard").await;
    assert_eq!(inbox_count(&page), 1, "{page}");
    let (_, inbox) = app.text("/inbox").await;
    assert!(inbox.contains("被锁定的登录名") && inbox.contains(&format!("/users/{id}")));
    let (_, page) = app.text(&format!("/users/{id}")).await;
    assert!(page.contains("id=\"locked\""), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let (status, _) = app
        .post_form(&format!("/users/{id}/unlock"), &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 303);
    // From the same address, which the failures paused too: the unlocked name may log in.
    assert_eq!(app.login_status("dux", PW).await, 303);
    let (_, page) = app.text("/dashboard").await;
    assert_eq!(inbox_count(&page), 0);
    let (_, page) = app
        .post_form(&format!("/users/{id}/unlock"), &[("csrf", &csrf)])
        .await;
    assert!(page.contains("当前没有被锁定"), "{page}");
    // Locked again, and unlocked in the store (as `junheng user unlock` does): the server
    // follows the store at the next attempt.
    for _ in 0..5 {
        assert_eq!(app.login_status("dux", "猜测").await, 200);
    }
    assert_eq!(app.login_status("dux", PW).await, 429);
    app.store.unlock_user(id, &Actor::new("ops")).await.unwrap();
    assert_eq!(app.login_status("dux", PW).await, 303);
    let log = actions(&app, "user.unlock").await;
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].0.as_str(), log[1].0.as_str()), ("ops", "admin"));
    // Other names from the paused address still wait.
    assert_eq!(app.login_status("admin", "猜测").await, 429);
}
both!(lockout, a_locked_name_is_explained_and_unlocked);

async fn a_users_tokens_are_listed_and_revoked_on_its_page(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let token = app.token("dux").await;
    let id = user_id(&app, "dux").await;
    app.login("admin", PW).await;
    let (_, page) = app.text(&format!("/users/{id}")).await;
    let token_id = app.store.tokens(id).await.unwrap()[0].id;
    assert!(page.contains("测试"), "{page}");
    assert!(page.contains(&format!("/users/tokens/{token_id}/revoke")));
    assert!(!page.contains(&token), "the secret is never shown again");
    let r = app
        .post(
            &format!("/users/tokens/{token_id}/revoke"),
            &[("csrf", TestApp::csrf_of(&page))],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/users/{id}").as_str());
    let (_, page) = app.text(&format!("/users/{id}")).await;
    assert!(page.contains("已撤销"));
    let r = app
        .stranger()
        .get(app.url("/api/v1/years"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
both!(
    tokens_page,
    a_users_tokens_are_listed_and_revoked_on_its_page
);

async fn every_school_gets_an_account_with_a_slip(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    let records = district(12);
    app.seed(&records).await;
    app.add_user(
        "yixiao",
        PW,
        Role::School,
        Scope::School(records[0].code.clone()),
    )
    .await;
    app.login("admin", PW).await;
    let (status, page) = app.text("/users/bulk").await;
    assert_eq!(status, 200);
    let csrf = TestApp::csrf_of(&page);
    // A list with a code the statistics do not have: refused, nothing written.
    let (_, page) = app
        .post_form(
            "/users/bulk",
            &[
                ("csrf", &csrf),
                ("source", "list"),
                ("codes", &format!("{}\n5010009999", records[1].code)),
            ],
        )
        .await;
    assert!(page.contains("没有这些学校标识码：5010009999"), "{page}");
    // Every school: a preview first, nothing created before the confirmation.
    let (_, page) = app
        .post_form("/users/bulk", &[("csrf", &csrf), ("source", "statistics")])
        .await;
    assert!(page.contains("将创建的账号（11）"), "{page}");
    assert!(page.contains("跳过的学校（1）") && page.contains("已有学校账号 yixiao"));
    assert_eq!(app.store.users(None).await.unwrap().len(), 2);
    let codes = page
        .split("name=\"codes\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, slips) = app
        .post_form("/users/bulk/confirm", &[("csrf", &csrf), ("codes", &codes)])
        .await;
    assert_eq!(status, 200);
    assert_eq!(slips.matches("class=\"slip\"").count(), 11, "{slips}");
    assert_eq!(slips.matches("首次登录须修改密码").count(), 11);
    assert!(slips.contains(&app.base), "the site's address: {slips}");
    let second = records[1].code.to_string();
    assert!(slips.contains(&records[1].name));
    let password = slips
        .split(&format!("data-code=\"{second}\""))
        .nth(1)
        .unwrap()
        .split("class=\"password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let user = app.store.user_by_name(&second).await.unwrap().unwrap().user;
    assert_eq!(user.role, Role::School);
    assert_eq!(user.scope, Scope::School(records[1].code.clone()));
    assert_eq!(user.display_name, records[1].name);
    assert!(user.must_change_password);
    assert_eq!(actions(&app, "user.create").await.len(), 11 + 2);
    // The school logs in with its slip and must change the password first.
    let school = app.logged_in(&second, &password).await;
    let r = school.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/account");
    // Again: every school has an account now.
    let (_, page) = app
        .post_form("/users/bulk", &[("csrf", &csrf), ("source", "statistics")])
        .await;
    assert!(page.contains("将创建的账号（0）") && page.contains("跳过的学校（12）"));
}
both!(bulk, every_school_gets_an_account_with_a_slip);

async fn the_inbox_counts_what_waits(app: TestApp) {
    app.add_user("admin", PW, Role::Admin, Scope::District)
        .await;
    let records = district(10);
    app.seed(&records).await;
    let code = records[2].code.clone();
    app.add_user("xz", PW, Role::School, Scope::School(code.clone()))
        .await;
    app.add_user("dux", PW, Role::Supervisor, Scope::District)
        .await;
    let home = app.home().await;
    let mut changed = records[2].clone();
    changed.facilities.books += 100;
    let id = home.submit(&changed, &Actor::new("xz")).await.unwrap();
    app.login("admin", PW).await;
    let (_, page) = app.text("/schools").await;
    assert_eq!(inbox_count(&page), 1, "one submission to review");
    let (_, inbox) = app.text("/inbox").await;
    assert!(inbox.contains("待审核的提交") && inbox.contains("/submissions"));
    home.decide(id, false, "请核对图书册数", &Actor::new("admin"))
        .await
        .unwrap();
    let (_, page) = app.text("/schools").await;
    assert_eq!(inbox_count(&page), 0);
    let xz = app.logged_in("xz", PW).await;
    let page = app.page_for(&xz, "/dashboard").await;
    assert_eq!(inbox_count(&page), 1, "the returned submission");
    let inbox = app.page_for(&xz, "/inbox").await;
    assert!(inbox.contains("被退回的提交") && inbox.contains("请核对图书册数"));
    // Submitted again: nothing waits for the school, one submission for the administrator.
    home.submit(&changed, &Actor::new("xz")).await.unwrap();
    let page = app.page_for(&xz, "/dashboard").await;
    assert_eq!(inbox_count(&page), 0);
    let (_, page) = app.text("/schools").await;
    assert_eq!(inbox_count(&page), 1);
    // A supervisor has no inbox.
    let dux = app.logged_in("dux", PW).await;
    let page = app.page_for(&dux, "/dashboard").await;
    assert!(!page.contains("href=\"/inbox\""));
}
both!(inbox, the_inbox_counts_what_waits);
