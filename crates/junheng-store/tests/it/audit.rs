use std::time::{Duration, SystemTime};

use junheng_core::school::SchoolCode;
use junheng_store::{Actor, AuditEntry, AuditFilter, GroupInfo, Role, Scope, Store, action};

use crate::helpers::{Home, demo, source};
use crate::users::new_user;

store_tests!(every_write_is_audited, paging_and_filters);

async fn every_write_is_audited(store: Store) {
    let alice = Actor::new("alice");
    let school = SchoolCode::parse("5001120001").unwrap();
    store.set_home("500112", "渝北区", &alice).await.unwrap();
    let mut records = demo(40, 8, 2024);
    records[0].group = Some("渝北区实验教育集团".into());
    store
        .home()
        .await
        .import_statistics(2024, &records, &source("a.xlsx"), &alice)
        .await
        .unwrap();
    store
        .home()
        .await
        .save_group(
            "渝北区实验教育集团",
            &GroupInfo::new("紧密型", None),
            &alice,
        )
        .await
        .unwrap();
    store
        .home()
        .await
        .add_member("渝北区实验教育集团", &school, "2024-09-01", None, &alice)
        .await
        .unwrap();
    store
        .home()
        .await
        .end_membership("渝北区实验教育集团", &school, "2025-07-01", &alice)
        .await
        .unwrap();
    let user = store
        .create_home_user(&new_user("bob", Role::Admin, Scope::District), &alice)
        .await
        .unwrap();
    store
        .set_password(user.id, "$argon2id$2", &alice)
        .await
        .unwrap();
    store.set_active(user.id, false, &alice).await.unwrap();
    store.set_active(user.id, true, &alice).await.unwrap();
    store
        .create_token(user.id, "脚本", "t", &alice)
        .await
        .unwrap();
    let token = store.tokens(user.id).await.unwrap()[0].id;
    store.revoke_token(token, &alice).await.unwrap();
    // Sessions are audited by the server (login, logout), not here.
    store
        .create_session(
            "s",
            user.id,
            "c",
            SystemTime::now() + Duration::from_secs(60),
        )
        .await
        .unwrap();
    // Failed writes leave no entry.
    store
        .create_home_user(&new_user("bob", Role::Admin, Scope::District), &alice)
        .await
        .unwrap_err();
    store
        .home()
        .await
        .add_member("渝北区实验教育集团", &school, "2099-99-99", None, &alice)
        .await
        .unwrap_err();

    let filter = AuditFilter {
        actor: Some("alice".into()),
        ..AuditFilter::default()
    };
    let mut log = store.audit_log(&filter).await.unwrap();
    log.reverse();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            action::DISTRICT_UPDATE,
            action::IMPORT_STATISTICS,
            action::GROUP_SAVE,
            action::GROUP_MEMBER_ADD,
            action::GROUP_MEMBER_END,
            action::USER_CREATE,
            action::USER_PASSWORD,
            action::USER_DEACTIVATE,
            action::USER_ACTIVATE,
            action::TOKEN_CREATE,
            action::TOKEN_REVOKE,
        ]
    );
    assert_eq!(log[1].target, "statistics:2024");
    assert!(
        log[1].detail.contains("version=1 rows=40"),
        "{}",
        log[1].detail
    );
    assert_eq!(log[5].target, format!("user:{}", user.id));
    // The district was created by the system on first use.
    let all = store.audit_log(&AuditFilter::default()).await.unwrap();
    assert_eq!(all.last().unwrap().action, action::DISTRICT_CREATE);
    assert_eq!(all.last().unwrap().actor, "system");
    // No personal data: no display name, no password hash, no school name.
    for e in &all {
        let text = format!("{} {} {}", e.target, e.detail, e.actor);
        assert!(
            !text.contains("张三") && !text.contains("argon2") && !text.contains(&records[0].name),
            "{text}"
        );
    }
    assert_eq!(store.only_district().await.unwrap().name, "渝北区");
}

async fn paging_and_filters(store: Store) {
    for i in 0..25 {
        let (actor, act) = if i % 5 == 0 {
            ("eve", "login.failed")
        } else {
            ("amy", "login.ok")
        };
        store
            .audit(&AuditEntry {
                district: None,
                actor: actor.into(),
                action: act,
                target: format!("n:{i}"),
                detail: String::new(),
            })
            .await
            .unwrap();
    }
    store
        .audit(&AuditEntry {
            district: None,
            actor: "amy".into(),
            action: "export.statistics",
            target: "2024".into(),
            detail: "长".repeat(2000),
        })
        .await
        .unwrap();

    let page1 = store
        .audit_log(&AuditFilter {
            limit: 10,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(page1.len(), 10);
    assert_eq!(page1[0].action, "export.statistics");
    assert_eq!(page1[0].detail.chars().count(), 500, "long details are cut");
    assert!(page1.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let page2 = store
        .audit_log(&AuditFilter {
            limit: 10,
            before_id: Some(page1[9].id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(page2.len(), 10);
    assert!(page2[0].id < page1[9].id);
    let page3 = store
        .audit_log(&AuditFilter {
            limit: 10,
            before_id: Some(page2[9].id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(page3.len(), 6);

    let logins = AuditFilter {
        action_prefix: Some("login.".into()),
        limit: 1000,
        ..AuditFilter::default()
    };
    assert_eq!(store.audit_log(&logins).await.unwrap().len(), 25);
    let failed = AuditFilter {
        action_prefix: Some("login.f".into()),
        ..AuditFilter::default()
    };
    assert_eq!(store.audit_log(&failed).await.unwrap().len(), 5);
    let wildcard = AuditFilter {
        action_prefix: Some("%".into()),
        ..AuditFilter::default()
    };
    assert!(
        store.audit_log(&wildcard).await.unwrap().is_empty(),
        "a prefix is text, not a pattern"
    );
    let eve = AuditFilter {
        actor: Some("eve".into()),
        action_prefix: Some("login.".into()),
        ..AuditFilter::default()
    };
    let eve = store.audit_log(&eve).await.unwrap();
    assert_eq!(eve.len(), 5);
    assert!(eve.iter().all(|e| e.action == "login.failed"));
    // A time range: every entry is at or after its own time and before any later one.
    let all = store
        .audit_log(&AuditFilter {
            limit: 1000,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let newest = all[0].at.clone();
    let since = AuditFilter {
        since: Some(newest.clone()),
        limit: 1000,
        ..AuditFilter::default()
    };
    let since = store.audit_log(&since).await.unwrap();
    assert!(!since.is_empty() && since.iter().all(|e| e.at >= newest));
    let until = AuditFilter {
        until: Some(newest.clone()),
        limit: 1000,
        ..AuditFilter::default()
    };
    let until = store.audit_log(&until).await.unwrap();
    assert_eq!(since.len() + until.len(), all.len());
    let none = AuditFilter {
        since: Some("2999-01-01T00:00:00.000Z".into()),
        ..AuditFilter::default()
    };
    assert!(store.audit_log(&none).await.unwrap().is_empty());

    let err = store
        .audit(&AuditEntry {
            district: None,
            actor: String::new(),
            action: "x",
            target: String::new(),
            detail: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
}
