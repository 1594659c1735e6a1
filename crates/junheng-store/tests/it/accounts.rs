//! Managing accounts (issue 11): editing role, scope and display name, one-time passwords, the
//! lock of a login name, and the inbox counts.

use std::time::{Duration, SystemTime};

use junheng_core::school::SchoolCode;
use junheng_store::{Actor, AuditFilter, Inbox, Role, Scope, Store};

use crate::helpers::{Home, demo, dux, source};
use crate::users::new_user;

store_tests!(
    users_are_edited,
    one_time_passwords_and_locks,
    the_inbox_counts
);

async fn details(store: &Store, action: &str) -> Vec<String> {
    let filter = AuditFilter {
        action_prefix: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    let log = store.audit_log(&filter).await.unwrap();
    log.into_iter().map(|e| e.detail).collect()
}

async fn users_are_edited(store: Store) {
    let code = SchoolCode::parse("5001120001").unwrap();
    let user = store
        .create_home_user(
            &new_user("xz", Role::School, Scope::School(code.clone())),
            &dux(),
        )
        .await
        .unwrap();
    let group = Scope::Group("实验小学集团".into());
    let changed = store
        .update_user(user.id, "李四", Role::GroupLead, &group, &dux())
        .await
        .unwrap();
    assert_eq!(
        (
            changed.role,
            changed.scope.clone(),
            changed.display_name.as_str()
        ),
        (Role::GroupLead, group.clone(), "李四")
    );
    assert!(changed.active);
    // A role that does not accept the scope, and a district role turned into a city one.
    let err = store
        .update_user(user.id, "李四", Role::GroupLead, &Scope::District, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let err = store
        .update_user(
            user.id,
            "李四",
            Role::City,
            &Scope::City("500100".into()),
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    // A grant that reads named children waits for a second administrator.
    let class = Scope::Class {
        school: code,
        class: "七年级3班".into(),
    };
    let pending = store
        .update_user(user.id, "李四", Role::ClassTeacher, &class, &dux())
        .await
        .unwrap();
    assert!(!pending.active);
    assert_eq!(pending.pending_by.as_deref(), Some("dux"));
    // Back to a role that does not: no confirmation needed any more.
    let back = store
        .update_user(user.id, "李四", Role::GroupLead, &group, &Actor::new("li"))
        .await
        .unwrap();
    assert!(back.active && back.pending_by.is_none());
    let log = details(&store, "user.update").await;
    assert_eq!(log.len(), 3, "refused changes write nothing: {log:?}");
    assert!(log[1].ends_with(" pending"), "{log:?}");
    assert!(log.iter().all(|d| !d.contains("李四")), "no real names");
}

async fn one_time_passwords_and_locks(store: Store) {
    let user = store
        .create_home_user(&new_user("dux", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    assert!(!user.must_change_password);
    store
        .set_one_time_password(user.id, "$argon2id$v=19$m=19456,t=2,p=1$salt$otp", &dux())
        .await
        .unwrap();
    assert!(
        store
            .user(user.id)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
    store
        .set_password(
            user.id,
            "$argon2id$v=19$m=19456,t=2,p=1$salt$own",
            &Actor::new("dux"),
        )
        .await
        .unwrap();
    assert!(
        !store
            .user(user.id)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
    assert_eq!(details(&store, "user.password").await, ["", "one_time"]);

    let err = store.unlock_user(user.id, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.invalid", "nothing to unlock");
    let until = SystemTime::now() + Duration::from_secs(900);
    store.lock_user(user.id, until).await.unwrap();
    store.lock_user(user.id, until).await.unwrap();
    assert_eq!(details(&store, "user.lock").await.len(), 1, "locked once");
    let locked = store.user(user.id).await.unwrap().unwrap();
    let back = locked
        .locked_until
        .as_deref()
        .and_then(junheng_store::parse_rfc3339)
        .unwrap();
    assert!(until.duration_since(back).unwrap() < Duration::from_millis(1));
    store.unlock_user(user.id, &Actor::new("li")).await.unwrap();
    assert_eq!(
        store.user(user.id).await.unwrap().unwrap().locked_until,
        None
    );
    // A lock that has ended is not unlocked again.
    store
        .lock_user(user.id, SystemTime::now() - Duration::from_secs(1))
        .await
        .unwrap();
    assert!(store.unlock_user(user.id, &dux()).await.is_err());
}

async fn the_inbox_counts(store: Store) {
    let records = demo(10, 3, 2024);
    let home = store.home().await;
    home.import_statistics(2024, &records, &source("a.csv"), &dux())
        .await
        .unwrap();
    let district = home.id();
    let (a, b) = (records[1].code.clone(), records[2].code.clone());
    let admin = || store.inbox(district, true, None);
    assert_eq!(admin().await.unwrap(), Inbox::default());
    let first = home.submit(&records[1], &Actor::new("a")).await.unwrap();
    home.submit(&records[2], &Actor::new("b")).await.unwrap();
    assert_eq!(admin().await.unwrap().to_review, 2);
    home.decide(first, false, "请核对", &dux()).await.unwrap();
    let school = store.inbox(district, false, Some(&a)).await.unwrap();
    assert_eq!(
        school,
        Inbox {
            returned: 1,
            ..Inbox::default()
        },
        "a school sees neither reviews nor locks"
    );
    assert_eq!(
        store
            .inbox(district, false, Some(&b))
            .await
            .unwrap()
            .total(),
        0
    );
    home.submit(&records[1], &Actor::new("a")).await.unwrap();
    assert_eq!(
        store
            .inbox(district, false, Some(&a))
            .await
            .unwrap()
            .returned,
        0
    );
    let user = store
        .create_home_user(&new_user("dux", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    store
        .lock_user(user.id, SystemTime::now() + Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        admin().await.unwrap(),
        Inbox {
            to_review: 2,
            locked: 1,
            returned: 0,
            tasks: 0
        }
    );
}
