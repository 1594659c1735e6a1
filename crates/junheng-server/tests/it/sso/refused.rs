//! Logins refused: unmapped or unknown people, a tampered `state`, a replayed code, an error
//! from the provider, a user deactivated here.

use super::*;

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
        users.contains("sun</a> <span class=\"muted\">（统一身份认证）</span>"),
        "{users}"
    );
    let page = app.page_for(&admin, &format!("/users/{}", sun.id)).await;
    assert!(page.contains("（统一身份认证）"), "{page}");
    assert!(!page.contains(&format!("action=\"/users/{}/password\"", sun.id)));
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
