//! Lotteries: stored once, listed without their texts, drawn once.

use junheng_store::{Actor, Store};

store_tests!(a_lottery_is_listed_read_and_drawn_once);

async fn a_lottery_is_listed_read_and_drawn_once(store: Store) {
    let dux = Actor::new("dux");
    let id = store
        .create_lottery(" 2025 小学派位 ", "{\"inputs\":1}", "ab12", &dux)
        .await
        .unwrap();
    let list = store.lotteries().await.unwrap();
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

    let lottery = store.lottery(id).await.unwrap().unwrap();
    assert_eq!(&lottery.info, info);
    assert_eq!(lottery.inputs, "{\"inputs\":1}");
    assert_eq!(lottery.pack, None);
    assert!(store.lottery(id + 1).await.unwrap().is_none());

    store.record_draw(id, "{\"pack\":1}", &dux).await.unwrap();
    let drawn = store.lottery(id).await.unwrap().unwrap();
    assert_eq!(drawn.pack.as_deref(), Some("{\"pack\":1}"));
    assert_eq!(drawn.info.drawn_by.as_deref(), Some("dux"));
    assert_eq!(store.lotteries().await.unwrap(), vec![drawn.info.clone()]);
    let again = store.record_draw(id, "{}", &dux).await.unwrap_err();
    assert_eq!(again.code(), "store.conflict");
}
