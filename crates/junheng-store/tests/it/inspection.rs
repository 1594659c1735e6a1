//! 督导评估: statements and figures are append-only with 撤回 restoring the one before, every
//! write audited; a verdict is kept once per data stamp.

use junheng_store::{InspectionSnapshot, Store, StoreError};

use crate::helpers::{Home, dux};

store_tests!(
    statements_and_figures_withdraw_to_the_one_before,
    a_verdict_is_kept_once_per_stamp,
);

async fn statements_and_figures_withdraw_to_the_one_before(store: Store) {
    let home = store.home().await;
    let first = home
        .attest(2024, "four_unified", true, "四统一文件齐全", &dux())
        .await
        .unwrap();
    assert!(first.met);
    let second = home
        .attest(2024, "four_unified", false, "编制标准城乡不一", &dux())
        .await
        .unwrap();
    let counts = home.statement(2024, "four_unified").await.unwrap().unwrap();
    assert_eq!(counts.id, second.id);
    assert!(!counts.met);
    // 撤回 brings the first back; withdrawing it twice is refused.
    let gone = home.withdraw_statement(second.id, &dux()).await.unwrap();
    assert_eq!(gone.withdrawn.as_ref().unwrap().0, dux().name);
    assert_eq!(
        home.statement(2024, "four_unified")
            .await
            .unwrap()
            .unwrap()
            .id,
        first.id
    );
    assert!(matches!(
        home.withdraw_statement(second.id, &dux()).await,
        Err(StoreError::NotFound(_))
    ));
    // Other years and other districts see nothing.
    assert!(
        home.statement(2023, "four_unified")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(home.statements(2024).await.unwrap().len(), 2);
    // Bad item ids, years and notes are refused before anything is written.
    for (year, item) in [(2024, "Four"), (1999, "four_unified"), (2024, "")] {
        assert!(home.attest(year, item, true, "", &dux()).await.is_err());
    }
    let long = "字".repeat(2001);
    assert!(home.attest(2024, "x", true, &long, &dux()).await.is_err());
    assert_eq!(home.statements(2024).await.unwrap().len(), 2);

    let rate = home
        .set_inspection_input(
            2024,
            "recognition_rate",
            0.91,
            "国家认可度调查反馈 2025-05",
            &dux(),
        )
        .await
        .unwrap();
    home.set_inspection_input(2024, "recognition_rate", 0.93, "更正", &dux())
        .await
        .unwrap();
    let newest = home
        .inspection_input(2024, "recognition_rate")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(newest.value, 0.93);
    home.withdraw_inspection_input(newest.id, &dux())
        .await
        .unwrap();
    let back = home
        .inspection_input(2024, "recognition_rate")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((back.id, back.value), (rate.id, 0.91));
    assert!(
        home.set_inspection_input(2024, "recognition_rate", f64::NAN, "x", &dux())
            .await
            .is_err()
    );
    assert!(
        home.set_inspection_input(2024, "recognition_rate", 0.9, " ", &dux())
            .await
            .is_err()
    );
    // Every write is in the log.
    let log = store.audit_log(&Default::default()).await.unwrap();
    let count = |action: &str| log.iter().filter(|e| e.action == action).count();
    assert_eq!(count("inspection.attest"), 2);
    assert_eq!(count("inspection.input"), 2);
    assert_eq!(count("inspection.withdraw"), 2);
}

async fn a_verdict_is_kept_once_per_stamp(store: Store) {
    let home = store.home().await;
    let snap = |year: i32, stamp: &str, overall: &str| InspectionSnapshot {
        year,
        rulebook: "cn-2017".into(),
        rulebook_version: "2017.2".into(),
        stamp: stamp.into(),
        overall: overall.into(),
        verdict: format!("{{\"overall\":\"{overall}\"}}"),
        computed_at: "2025-05-01T08:00:00+08:00".into(),
    };
    assert!(
        home.keep_snapshot(&snap(2024, "a", "pending"))
            .await
            .unwrap()
    );
    assert!(
        !home
            .keep_snapshot(&snap(2024, "a", "pending"))
            .await
            .unwrap()
    );
    assert!(
        home.keep_snapshot(&snap(2024, "b", "recognisable"))
            .await
            .unwrap()
    );
    assert!(
        home.keep_snapshot(&snap(2023, "a", "not_recognisable"))
            .await
            .unwrap()
    );
    let kept = home.snapshots("cn-2017").await.unwrap();
    let years: Vec<(i32, &str)> = kept.iter().map(|s| (s.year, s.overall.as_str())).collect();
    assert_eq!(years, [(2023, "not_recognisable"), (2024, "recognisable")]);
    assert!(home.snapshots("cn-2012").await.unwrap().is_empty());
}
