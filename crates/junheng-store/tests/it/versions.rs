//! Where versions came from (file name, kind, base version) and ledger batches cancelled in one
//! step (migration 0011).

use junheng_rotation::MoveKind;
use junheng_store::{MoveFilter, MoveSource, Store, VersionKind, VersionOrigin};

use crate::helpers::{Home, demo, dux, source};
use crate::roster::{audited, teachers};
use crate::rotation::mv;

store_tests!(
    roster_versions_keep_their_file_and_origin,
    statistics_versions_keep_their_origin,
    a_batch_is_cancelled_in_one_step,
);

async fn roster_versions_keep_their_file_and_origin(store: Store) {
    let home = store.home().await;
    let first = home
        .replace_roster(2024, &teachers(2024, 40), &dux())
        .await
        .unwrap();
    assert_eq!(
        (first.kind, first.based_on, first.file_name.as_str()),
        (VersionKind::Replace, None, "")
    );
    let merged = home
        .replace_rosters_from(
            &[(2024, &teachers(2024, 30)[..], VersionOrigin::merge(Some(1)))],
            "花名册-部分学校.xlsx",
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(merged[0].version, 2);
    let restored = home
        .replace_rosters_from(
            &[(
                2024,
                &home.roster_at(2024, 1).await.unwrap()[..],
                VersionOrigin::restore(1),
            )],
            "",
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((restored[0].version, restored[0].teachers), (3, 40));
    let versions = home.roster_versions(2024).await.unwrap();
    let read: Vec<_> = versions
        .iter()
        .map(|v| (v.version, v.kind, v.based_on, v.file_name.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (3, VersionKind::Restore, Some(1), ""),
            (2, VersionKind::Merge, Some(1), "花名册-部分学校.xlsx"),
            (1, VersionKind::Replace, None, ""),
        ]
    );
    assert_eq!(
        home.roster(2024).await.unwrap(),
        home.roster_at(2024, 1).await.unwrap()
    );
    let log = audited(&store, "roster.replace").await;
    assert_eq!(log.len(), 3);
    assert!(
        log[2].detail.ends_with("kind=restore based_on=1"),
        "{}",
        log[2].detail
    );
    let long = "x".repeat(256);
    let refused = home
        .replace_rosters_from(
            &[(2024, &teachers(2024, 3)[..], VersionOrigin::REPLACE)],
            &long,
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "store.invalid");
    assert_eq!(home.roster_versions(2024).await.unwrap().len(), 3);
}

async fn statistics_versions_keep_their_origin(store: Store) {
    let home = store.home().await;
    let records = demo(12, 5, 2024);
    home.import_statistics(2024, &records, &source("2024.xlsx"), &dux())
        .await
        .unwrap();
    let restored = home
        .import_statistics_from(
            &[(2024, &records[..6], VersionOrigin::merge(Some(1)))],
            &source("2024-部分.xlsx"),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(
        (restored[0].version, restored[0].kind),
        (2, VersionKind::Merge)
    );
    let imports = home.imports(Some(2024)).await.unwrap();
    assert_eq!(
        imports
            .iter()
            .map(|i| (i.version, i.kind, i.based_on))
            .collect::<Vec<_>>(),
        [
            (2, VersionKind::Merge, Some(1)),
            (1, VersionKind::Replace, None)
        ]
    );
    let log = audited(&store, "import.statistics").await;
    assert!(
        log[1].detail.ends_with("kind=merge based_on=1"),
        "{}",
        log[1].detail
    );
}

async fn a_batch_is_cancelled_in_one_step(store: Store) {
    let home = store.home().await;
    let plan = [
        mv("T1", 1, 2, (2024, 2026), MoveKind::Rotation),
        mv("T2", 1, 3, (2024, 2026), MoveKind::Rotation),
        mv("T3", 2, 4, (2024, 2026), MoveKind::Support),
    ];
    let ids = home
        .add_moves(&plan, MoveSource::Plan, &dux(), Some("方案"))
        .await
        .unwrap();
    let single = home
        .add_moves(
            &[mv("T9", 3, 1, (2024, 2024), MoveKind::Rotation)],
            MoveSource::Manual,
            &dux(),
            None,
        )
        .await
        .unwrap();
    let all = home.moves(&MoveFilter::default()).await.unwrap();
    assert!(
        all.iter()
            .filter(|e| ids.contains(&e.id))
            .all(|e| e.batch == ids[0])
    );
    assert_eq!(
        all.iter().find(|e| e.id == single[0]).unwrap().batch,
        single[0]
    );
    // One move of the batch cancelled by hand first: the batch cancels the other two.
    home.cancel_move(ids[1], &dux(), "调错了").await.unwrap();
    let empty = home.cancel_batch(ids[0], &dux(), "  ").await.unwrap_err();
    assert_eq!(empty.code(), "store.invalid");
    assert_eq!(
        home.cancel_batch(ids[0], &dux(), "方案作废").await.unwrap(),
        2
    );
    let active = home.moves(&MoveFilter::default()).await.unwrap();
    assert_eq!(active.iter().map(|e| e.id).collect::<Vec<_>>(), single);
    let every = home
        .moves(&MoveFilter {
            include_cancelled: true,
            ..MoveFilter::default()
        })
        .await
        .unwrap();
    let reasons: Vec<_> = every
        .iter()
        .filter(|e| e.batch == ids[0])
        .map(|e| (e.cancel_reason.as_deref(), e.cancelled_by.as_deref()))
        .collect();
    assert_eq!(
        reasons,
        [
            (Some("方案作废"), Some("dux")),
            (Some("调错了"), Some("dux")),
            (Some("方案作废"), Some("dux"))
        ]
    );
    let again = home
        .cancel_batch(ids[0], &dux(), "再撤一次")
        .await
        .unwrap_err();
    assert_eq!(again.code(), "store.conflict");
    let missing = home
        .cancel_batch(99_999, &dux(), "无此批")
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "store.not_found");
    let log = audited(&store, "ledger.cancel_batch").await;
    assert_eq!(
        (log.len(), log[0].target.as_str(), log[0].detail.as_str()),
        (1, format!("batch:{}", ids[0]).as_str(), "moves=2")
    );
}
