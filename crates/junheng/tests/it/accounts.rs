//! Accounts from the command line: tokens listed and revoked, users deactivated, activated and
//! given a new password; every write audited under `--actor`; bad input exits 2.

use junheng_store::{AuditFilter, Store};

use crate::{add_user, db_url, junheng, stderr, stdout, with_stdin, with_store};

/// The audit entries of `action`, newest first, as (actor, target).
async fn audited(store: &Store, action: &str) -> Vec<(String, String)> {
    let filter = AuditFilter {
        action_prefix: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    let log = store.audit_log(&filter).await.unwrap();
    log.into_iter().map(|e| (e.actor, e.target)).collect()
}

#[test]
fn tokens_are_listed_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    for name in ["dux", "yz"] {
        let o = add_user(
            &db,
            &["--name", name, "--role", "supervisor"],
            "长密码-12345",
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = junheng(&["token", "list", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("没有 API 令牌"), "{}", stdout(&o));
    let o = junheng(&[
        "token",
        "create",
        "--user",
        "dux",
        "--name",
        "数据同步",
        "--database",
        &db,
    ]);
    let secret = stdout(&o).trim().to_owned();
    assert_eq!(secret.len(), 64, "{}", stderr(&o));
    let o = junheng(&["token", "create", "--user", "yz", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = junheng(&["token", "list", "--database", &db]);
    let list = stdout(&o);
    for text in [
        "编号",
        "用户",
        "用途",
        "创建时间",
        "最后使用",
        "状态",
        "数据同步",
        "从未使用",
        "有效",
    ] {
        assert!(list.contains(text), "{text}: {list}");
    }
    assert!(
        !list.contains(&secret),
        "the secret is shown once, at creation"
    );
    assert_eq!(list.lines().count(), 4, "header, rule, two tokens: {list}");
    let o = junheng(&["token", "list", "--user", "yz", "--database", &db]);
    assert_eq!(stdout(&o).lines().count(), 3, "{}", stdout(&o));
    assert!(!stdout(&o).contains("数据同步"));
    let o = junheng(&["token", "list", "--user", "nobody", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有用户 nobody"), "{}", stderr(&o));

    let id = with_store(&db, async |s| s.token_list(None).await.unwrap()[0].token.id);
    let id = id.to_string();
    let o = junheng(&["token", "revoke", &id, "--actor", "li", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已撤销令牌"), "{}", stdout(&o));
    let o = junheng(&["token", "list", "--user", "dux", "--database", &db]);
    assert!(stdout(&o).contains("已撤销（"), "{}", stdout(&o));
    for again in [id.as_str(), "999"] {
        let o = junheng(&["token", "revoke", again, "--database", &db]);
        assert_eq!(o.status.code(), Some(2), "{again}");
        assert!(stderr(&o).contains("没有编号为"), "{}", stderr(&o));
    }
    let o = junheng(&["token", "revoke", "abc", "--database", &db]);
    assert_eq!(o.status.code(), Some(2), "not a number");

    let (token_user, revoked) = with_store(&db, async |s| {
        let hash = junheng_server::secret_hash(&secret);
        (
            s.token_user(&hash).await.unwrap(),
            audited(s, "token.revoke").await,
        )
    });
    assert!(token_user.is_none(), "a revoked token opens nothing");
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].0, "li", "recorded under --actor");
}

#[test]
fn users_are_deactivated_activated_and_given_new_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let o = add_user(
        &db,
        &["--name", "dux", "--role", "supervisor"],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["token", "create", "--user", "dux", "--database", &db]);
    let secret = stdout(&o).trim().to_owned();

    let o = junheng(&[
        "user",
        "deactivate",
        "dux",
        "--actor",
        "li",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已停用用户 dux"), "{}", stdout(&o));
    let o = junheng(&["user", "list", "--database", &db]);
    assert!(
        stdout(&o).contains("dux\t督学\t000000\tdistrict\t停用"),
        "{}",
        stdout(&o)
    );
    let hash = junheng_server::secret_hash(&secret);
    let user = with_store(&db, async |s| s.token_user(&hash).await.unwrap());
    assert!(user.is_none(), "an inactive user's token opens nothing");
    let o = junheng(&["user", "deactivate", "dux", "--database", &db]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("已是停用状态"), "{}", stdout(&o));

    let o = junheng(&[
        "user",
        "activate",
        "dux",
        "--actor",
        "li",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["user", "list", "--database", &db]);
    assert!(
        stdout(&o).contains("dux\t督学\t000000\tdistrict\t启用"),
        "{}",
        stdout(&o)
    );
    for verb in ["deactivate", "activate"] {
        let o = junheng(&["user", verb, "nobody", "--database", &db]);
        assert_eq!(o.status.code(), Some(2), "{verb}");
        assert!(stderr(&o).contains("没有用户 nobody"), "{}", stderr(&o));
    }

    let reset = |name: &str, password: &str| {
        let args = [
            "user",
            "reset-password",
            name,
            "--password-stdin",
            "--actor",
            "li",
            "--database",
            &db,
        ];
        with_stdin(&args, &format!("{password}\n"))
    };
    let before = with_store(&db, async |s| s.user_by_name("dux").await.unwrap().unwrap());
    let o = reset("dux", "short");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("至少 8 个字符"), "{}", stderr(&o));
    let o = reset("nobody", "新的长密码-67890");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有用户 nobody"), "{}", stderr(&o));
    let o = reset("dux", "新的长密码-67890");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已重设用户 dux 的密码"),
        "{}",
        stdout(&o)
    );

    let (after, log) = with_store(&db, async |s| {
        let after = s.user_by_name("dux").await.unwrap().unwrap();
        let mut log = audited(s, "user.deactivate").await;
        log.extend(audited(s, "user.activate").await);
        log.extend(audited(s, "user.password").await);
        (after, log)
    });
    assert_ne!(after.password_hash, before.password_hash);
    assert!(after.password_hash.starts_with("$argon2id$"));
    assert!(!after.password_hash.contains("新的长密码"));
    let target = format!("user:{}", before.user.id);
    assert_eq!(
        log,
        vec![("li".to_owned(), target.clone()); 3],
        "one entry per change, none for what changed nothing or was refused"
    );
}

#[test]
fn the_help_names_every_account_verb() {
    let o = junheng(&["user", "--help"]);
    for verb in ["add", "list", "deactivate", "activate", "reset-password"] {
        assert!(stdout(&o).contains(verb), "{verb}: {}", stdout(&o));
    }
    let o = junheng(&["token", "--help"]);
    for verb in ["create", "list", "revoke"] {
        assert!(stdout(&o).contains(verb), "{verb}: {}", stdout(&o));
    }
    let o = junheng(&["user", "reset-password", "--help"]);
    assert!(stdout(&o).contains("至少 8 个字符"), "{}", stdout(&o));
}
