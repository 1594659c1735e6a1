//! 校长副校长任职表: written whole or not at all, the previous list back after a withdrawal,
//! districts apart, audit entries, and backups that carry it.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_rotation::{LeaderPost, LeaderTerm, TeacherId};
use junheng_store::{AuditFilter, Store};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    leader_lists_are_written_whole_withdrawn_and_backed_up,
    bad_leader_lists_write_nothing,
);

fn term(person: &str, n: u32, post: LeaderPost, from: i32, to: Option<i32>) -> LeaderTerm {
    LeaderTerm {
        person: TeacherId::parse(person).unwrap(),
        school: SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap(),
        post,
        from_year: from,
        to_year: to,
    }
}

async fn leader_lists_are_written_whole_withdrawn_and_backed_up(store: Store) {
    let home = store.home().await;
    assert_eq!(home.leaders().await.unwrap(), None);
    let first = vec![term("T1", 1, LeaderPost::Principal, 2018, None)];
    home.import_leaders(&first, "任职表.xlsx", &"a".repeat(64), &dux())
        .await
        .unwrap();
    let second = vec![
        term("T1", 1, LeaderPost::VicePrincipal, 2015, Some(2019)),
        term("T1", 1, LeaderPost::Principal, 2020, None),
        term("T2", 2, LeaderPost::VicePrincipal, 2023, None),
    ];
    let done = home
        .import_leaders(&second, "任职表2.xlsx", &"b".repeat(64), &dux())
        .await
        .unwrap();
    assert_eq!(done.terms, 3);
    let (file, terms) = home.leaders().await.unwrap().unwrap();
    assert_eq!((file, terms), (done.clone(), second.clone()));
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!((rows("leader_files"), rows("leader_terms")), (2, 4));
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.home().await.leaders().await.unwrap(),
        home.leaders().await.unwrap()
    );
    let there = chengkou(&store).await;
    assert_eq!(there.leaders().await.unwrap(), None);
    assert_eq!(
        there.withdraw_leaders(&dux()).await.unwrap_err().code(),
        "store.not_found"
    );
    let gone = home.withdraw_leaders(&dux()).await.unwrap();
    assert_eq!(gone.id, done.id);
    assert_eq!(home.leaders().await.unwrap().unwrap().1, first);
    home.withdraw_leaders(&dux()).await.unwrap();
    assert_eq!(home.leaders().await.unwrap(), None);
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("leaders."))
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
}

async fn bad_leader_lists_write_nothing(store: Store) {
    let home = store.home().await;
    let sha = "c".repeat(64);
    let overlap = vec![
        term("T1", 1, LeaderPost::Principal, 2018, Some(2022)),
        term("T1", 2, LeaderPost::Principal, 2022, None),
    ];
    let two = vec![
        term("T1", 1, LeaderPost::Principal, 2018, None),
        term("T2", 1, LeaderPost::Principal, 2020, None),
    ];
    for (bad, says) in [
        (overlap, "同时任两个职务"),
        (two, "两位校长"),
        (vec![], "1 到"),
    ] {
        let err = home
            .import_leaders(&bad, "坏.xlsx", &sha, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    let ok = [term("T1", 1, LeaderPost::Principal, 2018, None)];
    let err = home
        .import_leaders(&ok, "f.xlsx", "not-a-digest", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(home.leader_files().await.unwrap().is_empty());
}
