//! Accounts and scope: the account verbs at once, a group lead's plan JSON, the other end of a
//! school's own moves.

use junheng_store::{AuditFilter, Role, Scope};

use super::{PW, audit_rows};
use crate::both;
use crate::helpers::TestApp;

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
        .post_form(&format!("/users/{dux_id}/password"), &[("csrf", &csrf)])
        .await;
    let one_time = crate::accounts::one_time_of(&page);
    assert_eq!(
        app.login_status("dux", PW).await,
        200,
        "the old password no longer works"
    );
    let dux = app.logged_in("dux", &one_time).await;
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
    let r = change(&one_time, "再换一个-0000").await.unwrap();
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
    let (status, page) = app.text("/rotation?year=2024&tab=ledger").await;
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
