//! 继续教育: ledger batches written whole, a record stored once however often it comes, batches
//! withdrawn, budgets replaced by school and year, districts apart, audit entries and backups.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;
use junheng_store::{AuditFilter, Store};
use junheng_teachers::training::{Budget, Day, Hours, Level, Source, TrainingRecord};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    batches_skip_known_records_and_are_withdrawn,
    bad_records_write_nothing,
    budgets_replace_by_school_and_year_and_travel_in_backups,
);

fn rec(id: &str, course: &str, start: &str, hours: &str) -> TrainingRecord {
    TrainingRecord {
        teacher: TeacherId::parse(id).unwrap(),
        course: course.into(),
        level: Level::District,
        start: Day::parse(start).unwrap(),
        end: Day::parse(start).unwrap(),
        hours: Hours::parse(hours).unwrap(),
        certificate: Some("C-1".into()),
        source: Source::Platform,
    }
}

fn sha(c: char) -> String {
    c.to_string().repeat(64)
}

async fn batches_skip_known_records_and_are_withdrawn(store: Store) {
    let home = store.home().await;
    let first = vec![
        rec("T1", "课程甲", "2024-03-01", "12.5"),
        rec("T2", "课程甲", "2024-03-01", "8"),
    ];
    let a = home
        .import_training(2024, &first, true, "台账.xlsx", &sha('a'), &dux())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.records, a.skipped, a.file), (2, 0, true));
    // The same file again adds nothing and writes nothing.
    let again = home
        .import_training(2024, &first, true, "台账.xlsx", &sha('a'), &dux())
        .await
        .unwrap();
    assert_eq!(again, None);
    assert_eq!(home.training_batches().await.unwrap().len(), 1);
    // A file overlapping it adds only the new record (a trimmed course is the same course).
    let second = vec![
        rec("T1", " 课程甲 ", "2024-03-01", "12.5"),
        rec("T1", "课程乙", "2025-01-01", "3"),
    ];
    let b = home
        .import_training(2024, &second, true, "台账2.xlsx", &sha('b'), &dux())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((b.records, b.skipped), (1, 1));
    let one = home
        .import_training(
            2024,
            &[rec("T3", "校本", "2025-02-01", "2")],
            false,
            "页面录入",
            &sha('c'),
            &dux(),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(!one.file);
    let all = home.training_records().await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].record, rec("T1", "课程甲", "2024-03-01", "12.5"));
    assert_eq!(all[0].batch, a.id);
    assert_eq!(home.training_batches().await.unwrap()[0].id, one.id);
    let gone = home.withdraw_training(a.id, &dux()).await.unwrap();
    assert_eq!(gone.records, 2);
    let left: Vec<String> = home
        .training_records()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.record.course)
        .collect();
    assert_eq!(left, vec!["课程乙", "校本"]);
    let err = home.withdraw_training(a.id, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    // Another district cannot withdraw this one's batch.
    let there = chengkou(&store).await;
    assert_eq!(
        there
            .withdraw_training(b.id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert!(there.training_records().await.unwrap().is_empty());
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("training."))
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
    assert!(actions.contains(&"training.add".to_owned()));
}

async fn bad_records_write_nothing(store: Store) {
    let home = store.home().await;
    let mut late = rec("T1", "课程", "2024-03-01", "1");
    late.end = Day::parse("2024-02-01").unwrap();
    let mut zero = rec("T1", "课程", "2024-03-01", "1");
    zero.hours = Hours::ZERO;
    for (bad, says) in [
        (vec![rec("T1", "", "2024-03-01", "1")], "培训项目"),
        (vec![rec("T1", "ok", "2024-03-01", "1"), late], "第 2 条"),
        (vec![zero], "学时"),
        (vec![rec("T1", "课程", "2024-03-01", "360.5")], "学时"),
        (vec![], "1 到"),
    ] {
        let err = home
            .import_training(2024, &bad, true, "坏.xlsx", &sha('d'), &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    assert!(home.training_batches().await.unwrap().is_empty());
    assert!(home.training_records().await.unwrap().is_empty());
}

fn budget(n: u64, year: i32, funds: i64, training: i64) -> Budget {
    Budget {
        school: SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + n)).unwrap(),
        year,
        public_funds: funds,
        training,
    }
}

async fn budgets_replace_by_school_and_year_and_travel_in_backups(store: Store) {
    let home = store.home().await;
    home.set_training_budgets(
        &[
            budget(1, 2025, 100_000, 5_000),
            budget(2, 2025, 80_000, 3_000),
        ],
        &dux(),
    )
    .await
    .unwrap();
    home.set_training_budgets(
        &[budget(2, 2025, 80_000, 4_000), budget(2, 2024, 70_000, 1)],
        &dux(),
    )
    .await
    .unwrap();
    let y: Vec<Budget> = home
        .training_budgets(Some(2025))
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.budget)
        .collect();
    assert_eq!(
        y,
        vec![
            budget(1, 2025, 100_000, 5_000),
            budget(2, 2025, 80_000, 4_000)
        ]
    );
    assert_eq!(home.training_budgets(None).await.unwrap().len(), 3);
    let err = home
        .set_training_budgets(&[budget(3, 2025, 10, 11)], &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    home.import_training(
        2024,
        &[rec("T1", "课程", "2024-03-01", "1")],
        true,
        "t.xlsx",
        &sha('e'),
        &dux(),
    )
    .await
    .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(
        (
            rows("training_files"),
            rows("training_records"),
            rows("training_budgets")
        ),
        (1, 1, 3)
    );
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    assert_eq!(
        there.training_records().await.unwrap(),
        home.training_records().await.unwrap()
    );
    assert_eq!(
        there.training_budgets(None).await.unwrap(),
        home.training_budgets(None).await.unwrap()
    );
    assert!(
        chengkou(&store)
            .await
            .training_budgets(None)
            .await
            .unwrap()
            .is_empty()
    );
}
