use std::time::{Duration, SystemTime};

use junheng_store::{Role, Scope, Store, rfc3339};

use crate::helpers::Home;
use crate::helpers::dux;
use crate::users::new_user;

store_tests!(
    sessions_expire,
    inactive_users_have_no_sessions,
    api_tokens,
    every_token_is_listed_with_its_user,
);

const HOUR: Duration = Duration::from_secs(3600);

async fn sessions_expire(store: Store) {
    let user = store
        .create_home_user(&new_user("li", Role::Admin, Scope::District), &dux())
        .await
        .unwrap();
    let t0 = SystemTime::now();
    store
        .create_session("hash-a", user.id, "csrf-a", t0 + HOUR)
        .await
        .unwrap();
    store
        .create_session("hash-b", user.id, "csrf-b", t0 + 3 * HOUR)
        .await
        .unwrap();
    let err = store
        .create_session("hash-a", user.id, "x", t0 + HOUR)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    let err = store
        .create_session("hash-z", 777, "x", t0 + HOUR)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");

    let (session, who) = store.session("hash-a", t0).await.unwrap().unwrap();
    assert_eq!(who, user);
    assert_eq!(
        (session.user_id, session.csrf.as_str()),
        (user.id, "csrf-a")
    );
    assert_eq!(session.expires_at, rfc3339(t0 + HOUR));
    // last_seen_at is the previous request's time.
    let t1 = t0 + Duration::from_secs(60);
    store.session("hash-a", t1).await.unwrap().unwrap();
    let (session, _) = store
        .session("hash-a", t1 + Duration::from_secs(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.last_seen_at, rfc3339(t1));

    assert!(
        store
            .session("hash-a", t0 + 2 * HOUR)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        store
            .session("hash-b", t0 + 2 * HOUR)
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.session("unknown", t0).await.unwrap().is_none());
    assert_eq!(store.purge_sessions(t0 + 2 * HOUR).await.unwrap(), 1);
    assert!(
        store.session("hash-a", t0).await.unwrap().is_none(),
        "purged"
    );

    store.delete_session("hash-b").await.unwrap();
    store.delete_session("hash-b").await.unwrap();
    assert!(store.session("hash-b", t0).await.unwrap().is_none());
    assert_eq!(store.purge_sessions(t0 + 10 * HOUR).await.unwrap(), 0);
}

async fn inactive_users_have_no_sessions(store: Store) {
    let user = store
        .create_home_user(&new_user("zhao", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    let now = SystemTime::now();
    store
        .create_session("h", user.id, "c", now + HOUR)
        .await
        .unwrap();
    store.set_active(user.id, false, &dux()).await.unwrap();
    assert!(store.session("h", now).await.unwrap().is_none());
    let err = store
        .create_session("h2", user.id, "c", now + HOUR)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    store.set_active(user.id, true, &dux()).await.unwrap();
    assert!(
        store.session("h", now).await.unwrap().is_none(),
        "deactivation ended the session"
    );
    store
        .create_session("h3", user.id, "c", now + HOUR)
        .await
        .unwrap();
    assert!(store.session("h3", now).await.unwrap().is_some());
}

async fn api_tokens(store: Store) {
    let user = store
        .create_home_user(&new_user("sync", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    store
        .create_token(user.id, "数据同步脚本", "tok-1", &dux())
        .await
        .unwrap();
    store
        .create_token(user.id, "备用", "tok-2", &dux())
        .await
        .unwrap();
    let err = store
        .create_token(user.id, "again", "tok-1", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    let err = store
        .create_token(999, "x", "tok-9", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let err = store
        .create_token(user.id, " ", "tok-3", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");

    assert!(
        store
            .tokens(user.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.last_used_at.is_none())
    );
    assert_eq!(store.token_user("tok-1").await.unwrap(), Some(user.clone()));
    assert!(store.token_user("tok-x").await.unwrap().is_none());
    let tokens = store.tokens(user.id).await.unwrap();
    assert_eq!(
        tokens.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["数据同步脚本", "备用"]
    );
    assert!(tokens[0].last_used_at.is_some() && tokens[1].last_used_at.is_none());
    let json = serde_json::to_string(&tokens).unwrap();
    assert!(
        !json.contains("tok-1"),
        "neither secret nor hash is shown: {json}"
    );

    store.revoke_token(tokens[0].id, &dux()).await.unwrap();
    assert!(
        store.token_user("tok-1").await.unwrap().is_none(),
        "revoked"
    );
    assert_eq!(
        store
            .revoke_token(tokens[0].id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert!(store.token_user("tok-2").await.unwrap().is_some());
    store.set_active(user.id, false, &dux()).await.unwrap();
    assert!(
        store.token_user("tok-2").await.unwrap().is_none(),
        "inactive user"
    );
}

async fn every_token_is_listed_with_its_user(store: Store) {
    assert!(store.token_list(None).await.unwrap().is_empty());
    let li = store
        .create_home_user(&new_user("li", Role::Admin, Scope::District), &dux())
        .await
        .unwrap();
    let wang = store
        .create_home_user(&new_user("wang", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    store
        .create_token(wang.id, "同步", "hash-w1", &dux())
        .await
        .unwrap();
    store
        .create_token(li.id, "报表", "hash-l1", &dux())
        .await
        .unwrap();
    store
        .create_token(wang.id, "备用", "hash-w2", &dux())
        .await
        .unwrap();
    store.token_user("hash-w1").await.unwrap().unwrap();

    let all = store.token_list(None).await.unwrap();
    let listed: Vec<(&str, &str)> = all
        .iter()
        .map(|t| (t.user_name.as_str(), t.token.name.as_str()))
        .collect();
    assert_eq!(listed, [("wang", "同步"), ("li", "报表"), ("wang", "备用")]);
    assert!(all[0].token.last_used_at.is_some() && all[1].token.last_used_at.is_none());
    assert_eq!(all[1].token.user_id, li.id);

    store.revoke_token(all[2].token.id, &dux()).await.unwrap();
    let of_wang = store.token_list(Some(wang.id)).await.unwrap();
    assert_eq!(of_wang.len(), 2);
    assert!(of_wang[0].token.revoked_at.is_none() && of_wang[1].token.revoked_at.is_some());
    assert_eq!(
        of_wang.iter().map(|t| t.token.clone()).collect::<Vec<_>>(),
        store.tokens(wang.id).await.unwrap()
    );
    assert!(store.token_list(Some(4242)).await.unwrap().is_empty());

    let json = serde_json::to_string(&all).unwrap();
    assert!(json.contains("\"user_name\":\"wang\""), "{json}");
    assert!(
        !json.contains("hash-"),
        "neither secret nor hash is listed: {json}"
    );
}
