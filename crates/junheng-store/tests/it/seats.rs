//! 学位: the class table of a school year written whole or not at all, the previous table back
//! after a withdrawal, districts apart, audit entries, and backups that carry it.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_store::{AuditFilter, ClassEntry, Store};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    class_tables_are_written_whole_and_withdrawn_to_the_previous,
    bad_class_tables_write_nothing,
    class_tables_belong_to_their_district_and_travel_in_backups,
);

fn class(n: u32, grade: u8, name: &str, pupils: u32) -> ClassEntry {
    ClassEntry {
        school: SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap(),
        grade,
        class: name.into(),
        pupils,
    }
}

async fn class_tables_are_written_whole_and_withdrawn_to_the_previous(store: Store) {
    let home = store.home().await;
    assert_eq!(home.class_table(2024).await.unwrap(), None);
    let first = vec![class(1, 1, "1班", 44), class(1, 1, "2班", 46)];
    home.import_class_table(2024, &first, "班级.xlsx", &"a".repeat(64), &dux())
        .await
        .unwrap();
    let second = vec![
        class(2, 7, "七（1）班", 57),
        class(1, 1, " 1班 ", 45),
        class(1, 2, "1班", 40),
    ];
    let done = home
        .import_class_table(2024, &second, "班级2.xlsx", &"b".repeat(64), &dux())
        .await
        .unwrap();
    assert_eq!((done.year, done.classes), (2024, 3));
    let (file, classes) = home.class_table(2024).await.unwrap().unwrap();
    assert_eq!(file, done);
    // Ordered by school, grade and class; names trimmed.
    assert_eq!(
        classes,
        vec![
            class(1, 1, "1班", 45),
            class(1, 2, "1班", 40),
            class(2, 7, "七（1）班", 57)
        ]
    );
    assert_eq!(home.class_tables(None).await.unwrap().len(), 2);
    assert_eq!(home.class_table(2023).await.unwrap(), None);
    let gone = home.withdraw_class_table(2024, &dux()).await.unwrap();
    assert_eq!(gone.id, done.id);
    let (_, back) = home.class_table(2024).await.unwrap().unwrap();
    assert_eq!(back, first);
    home.withdraw_class_table(2024, &dux()).await.unwrap();
    let err = home.withdraw_class_table(2024, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("seats."))
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
}

async fn bad_class_tables_write_nothing(store: Store) {
    let home = store.home().await;
    let sha = "c".repeat(64);
    for (bad, says) in [
        (vec![class(1, 10, "1班", 40)], "年级"),
        (vec![class(1, 1, "1班", 0)], "学生数"),
        (vec![class(1, 1, "", 40)], "班级名称"),
        (vec![class(1, 1, "1班", 40), class(1, 1, "1班", 41)], "两次"),
        (vec![], "1 到"),
    ] {
        let err = home
            .import_class_table(2024, &bad, "坏.xlsx", &sha, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = home
        .import_class_table(1999, &[class(1, 1, "1班", 40)], "f.xlsx", &sha, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(home.class_tables(None).await.unwrap().is_empty());
}

async fn class_tables_belong_to_their_district_and_travel_in_backups(store: Store) {
    let home = store.home().await;
    let table = vec![class(1, 1, "1班", 44), class(3, 8, "2班", 51)];
    home.import_class_table(2024, &table, "班级.xlsx", &"d".repeat(64), &dux())
        .await
        .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!((rows("seat_class_files"), rows("seat_classes")), (1, 2));
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.home().await.class_table(2024).await.unwrap(),
        home.class_table(2024).await.unwrap()
    );
    let there = chengkou(&store).await;
    assert_eq!(there.class_table(2024).await.unwrap(), None);
    assert!(there.class_tables(None).await.unwrap().is_empty());
    assert_eq!(
        there
            .withdraw_class_table(2024, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
}
