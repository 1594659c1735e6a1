//! Lotteries: stored once, listed without their texts, drawn once.

use crate::helpers::Home;
use junheng_store::{Actor, Store};

store_tests!(
    a_lottery_is_listed_read_and_drawn_once,
    the_key_is_kept_but_never_listed_logged_or_audited
);

async fn a_lottery_is_listed_read_and_drawn_once(store: Store) {
    let dux = Actor::new("dux");
    let id = store
        .home()
        .await
        .create_lottery(" 2025 小学派位 ", "{\"inputs\":1}", "ab12", None, &dux)
        .await
        .unwrap();
    let list = store.home().await.lotteries().await.unwrap();
    assert_eq!(list.len(), 1);
    let info = &list[0];
    assert_eq!((info.id, info.title.as_str()), (id, "2025 小学派位"));
    assert_eq!(
        (info.digest.as_str(), info.created_by.as_str()),
        ("ab12", "dux")
    );
    assert_eq!(
        (info.drawn_by.as_deref(), info.drawn_at.as_deref()),
        (None, None)
    );

    let lottery = store.home().await.lottery(id).await.unwrap().unwrap();
    assert_eq!(&lottery.info, info);
    assert_eq!(lottery.inputs, "{\"inputs\":1}");
    assert_eq!(lottery.pack, None);
    assert_eq!(lottery.lottery_key, None, "stored before version 2: no key");
    assert!(store.home().await.lottery(id + 1).await.unwrap().is_none());

    store
        .home()
        .await
        .record_draw(id, "{\"pack\":1}", &dux)
        .await
        .unwrap();
    let drawn = store.home().await.lottery(id).await.unwrap().unwrap();
    assert_eq!(drawn.pack.as_deref(), Some("{\"pack\":1}"));
    assert_eq!(drawn.info.drawn_by.as_deref(), Some("dux"));
    assert_eq!(
        store.home().await.lotteries().await.unwrap(),
        vec![drawn.info.clone()]
    );
    let again = store
        .home()
        .await
        .record_draw(id, "{}", &dux)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "store.conflict");
}

async fn the_key_is_kept_but_never_listed_logged_or_audited(store: Store) {
    let dux = Actor::new("dux");
    let key = "a1".repeat(32);
    let id = store
        .home()
        .await
        .create_lottery("2025 派位", "{}", "cd34", Some(&key), &dux)
        .await
        .unwrap();
    let lottery = store.home().await.lottery(id).await.unwrap().unwrap();
    assert_eq!(lottery.lottery_key.as_deref(), Some(key.as_str()));
    assert!(!format!("{lottery:?}").contains(&key));
    let listed = serde_json::to_string(&store.home().await.lotteries().await.unwrap()).unwrap();
    assert!(!listed.contains(&key));
    let audit = store
        .audit_log(&junheng_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(audit.iter().all(|e| !format!("{e:?}").contains(&key)));
    for bad in ["A1".repeat(32), "a1".repeat(31), "zz".repeat(32)] {
        let err = store
            .home()
            .await
            .create_lottery("派位", "{}", "x", Some(&bad), &dux)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{bad}");
    }
    assert_eq!(store.home().await.lotteries().await.unwrap().len(), 1);
}
