//! Honours: titles, awards and 师德 batches written whole or not at all, withdrawn (the previous
//! 师德 result back), districts apart, audit entries (also of a record's reads), and backups
//! that carry them.

use std::io::Cursor;

use junheng_rotation::TeacherId;
use junheng_store::teachers::honours::{ENTERED, HonourRecords};
use junheng_store::{AuditFilter, Store};
use junheng_teachers::honours::{Award, AwardKind, AwardLevel, EthicsResult};
use junheng_teachers::pipeline::{HonourTitle, Stage};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    honours_are_written_read_and_withdrawn,
    bad_batches_write_nothing,
    honours_belong_to_their_district_and_travel_in_backups,
);

fn id(t: &str) -> TeacherId {
    TeacherId::parse(t).unwrap()
}

fn ethics(t: &str, year: i32, level: &str) -> EthicsResult {
    EthicsResult {
        teacher: id(t),
        year,
        level: level.into(),
    }
}

fn award(t: &str, level: AwardLevel) -> Award {
    Award {
        teacher: id(t),
        year: 2024,
        kind: AwardKind::Contest,
        level,
        title: " 赛课一等奖 ".into(),
    }
}

fn title(t: &str, stage: Stage) -> HonourTitle {
    HonourTitle {
        teacher: id(t),
        title: "市级骨干教师".into(),
        stage,
        year: 2023,
        issuer: "市教委".into(),
    }
}

async fn honours_are_written_read_and_withdrawn(store: Store) {
    let home = store.home().await;
    let sha = "a".repeat(64);
    let first = [ethics("T1", 2024, "合格"), ethics("T2", 2024, "优秀")];
    home.import_honours(HonourRecords::Ethics(&first), "师德.xlsx", &sha, &dux())
        .await
        .unwrap();
    let second = [ethics("T1", 2024, "不合格")];
    let done = home
        .import_honours(HonourRecords::Ethics(&second), ENTERED, "", &dux())
        .await
        .unwrap();
    assert_eq!((done.kind.as_str(), done.records), ("ethics", 1));
    let now = home.honour_ethics(None, Some(2024)).await.unwrap();
    assert_eq!(now, [second[0].clone(), first[1].clone()]);
    home.withdraw_honours(done.id, &dux()).await.unwrap();
    assert_eq!(
        home.honour_ethics(Some(&id("T1")), None).await.unwrap(),
        [first[0].clone()]
    );

    let awards = [
        award("T1", AwardLevel::City),
        award("T2", AwardLevel::National),
    ];
    home.import_honours(HonourRecords::Awards(&awards), "获奖.xlsx", &sha, &dux())
        .await
        .unwrap();
    let read = home
        .honour_awards(Some(&id("T2")), Some(2024))
        .await
        .unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(
        (read[0].level, read[0].title.as_str()),
        (AwardLevel::National, "赛课一等奖")
    );
    assert!(
        home.honour_awards(None, Some(2023))
            .await
            .unwrap()
            .is_empty()
    );

    let titles = [title("T1", Stage::City), title("T3", Stage::Top)];
    home.import_honours(HonourRecords::Titles(&titles), "称号.xlsx", &sha, &dux())
        .await
        .unwrap();
    assert_eq!(home.honour_titles(None).await.unwrap(), titles);
    assert_eq!(home.honour_files(Some("titles")).await.unwrap().len(), 1);
    assert_eq!(home.honour_files(None).await.unwrap().len(), 3);
    home.log_record_read(&id("T1"), "roster,titles", &dux())
        .await
        .unwrap();
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("honours.") || a.starts_with("teachers."))
        .collect();
    assert_eq!(actions.len(), 6, "{actions:?}");
    let err = home.withdraw_honours(done.id, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}

async fn bad_batches_write_nothing(store: Store) {
    let home = store.home().await;
    let sha = "c".repeat(64);
    let twice = [ethics("T1", 2024, "合格"), ethics("T1", 2024, "优秀")];
    let mut long = award("T1", AwardLevel::City);
    long.title = "长".repeat(101);
    let empty: [Award; 0] = [];
    for (bad, says) in [
        (HonourRecords::Ethics(&twice), "两次"),
        (
            HonourRecords::Awards(std::slice::from_ref(&long)),
            "第 1 条",
        ),
        (HonourRecords::Awards(&empty), "1 到"),
    ] {
        let err = home
            .import_honours(bad, "坏.xlsx", &sha, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    assert!(home.honour_files(None).await.unwrap().is_empty());
}

async fn honours_belong_to_their_district_and_travel_in_backups(store: Store) {
    let home = store.home().await;
    let sha = "d".repeat(64);
    let rows = [ethics("T1", 2024, "优秀")];
    let batch = home
        .import_honours(HonourRecords::Ethics(&rows), "师德.xlsx", &sha, &dux())
        .await
        .unwrap();
    let titles = [title("T1", Stage::Candidate)];
    home.import_honours(HonourRecords::Titles(&titles), "称号.xlsx", &sha, &dux())
        .await
        .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let count = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!((count("honour_files"), count("honour_ethics")), (2, 1));
    assert_eq!(count("honour_titles"), 1);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.home().await.honour_ethics(None, None).await.unwrap(),
        rows
    );
    assert_eq!(copy.home().await.honour_titles(None).await.unwrap(), titles);
    let there = chengkou(&store).await;
    assert!(there.honour_ethics(None, None).await.unwrap().is_empty());
    assert!(there.honour_files(None).await.unwrap().is_empty());
    let err = there.withdraw_honours(batch.id, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}
