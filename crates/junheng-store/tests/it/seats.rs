//! 学位: the class table of a school year written whole or not at all, the previous table back
//! after a withdrawal, districts apart, audit entries, and backups that carry it; the same for
//! the three zoning files (划片, entrants, 指标到校).

use std::io::Cursor;

use junheng_core::school::{SchoolCode, Section};
use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, Place, QuotaRow};
use junheng_store::{AuditFilter, ClassEntry, Store, ZoningKind, ZoningRows};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    class_tables_are_written_whole_and_withdrawn_to_the_previous,
    bad_class_tables_write_nothing,
    class_tables_belong_to_their_district_and_travel_in_backups,
    zoning_files_are_current_by_kind_withdrawn_and_backed_up,
    bad_zoning_files_write_nothing,
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

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn catchments() -> Vec<CatchmentRow> {
    vec![
        CatchmentRow {
            section: Section::Primary,
            place: Some(Place::new("城南街道", Some("桂花园"))),
            school: code(1),
            lottery_zone: None,
            private: false,
            boarding: false,
        },
        CatchmentRow {
            section: Section::Junior,
            place: Some(Place::new("城南街道", None)),
            school: code(2),
            lottery_zone: Some("第一学区".into()),
            private: false,
            boarding: true,
        },
        CatchmentRow {
            section: Section::Primary,
            place: None,
            school: code(3),
            lottery_zone: None,
            private: true,
            boarding: false,
        },
    ]
}

fn entrants() -> Vec<EntrantCount> {
    vec![EntrantCount {
        section: Section::Primary,
        school: code(1),
        home: Place::new("城南街道", Some("桂花园")),
        pupils: 40,
    }]
}

fn quotas() -> Vec<QuotaRow> {
    vec![QuotaRow {
        high_school: "第一中学".into(),
        plan: 600,
        junior: code(2),
        quota: 80,
        graduates: 400,
    }]
}

async fn zoning_files_are_current_by_kind_withdrawn_and_backed_up(store: Store) {
    let home = store.home().await;
    let empty = home.zoning_data(2024).await.unwrap();
    assert!(empty.catchments.is_none() && empty.entrants.is_none() && empty.quotas.is_none());
    let c = catchments();
    let (e, q) = (entrants(), quotas());
    let first = home
        .import_zoning_file(
            2024,
            ZoningRows::Catchments(&c[..1]),
            "划片.xlsx",
            &"a".repeat(64),
            &dux(),
        )
        .await
        .unwrap();
    let second = home
        .import_zoning_file(
            2024,
            ZoningRows::Catchments(&c),
            "划片2.xlsx",
            &"b".repeat(64),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((second.kind, second.rows), (ZoningKind::Catchments, 3));
    home.import_zoning_file(
        2024,
        ZoningRows::Entrants(&e),
        "新生.csv",
        &"c".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    home.import_zoning_file(
        2024,
        ZoningRows::Quotas(&q),
        "指标.csv",
        &"d".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    let data = home.zoning_data(2024).await.unwrap();
    let (file, rows) = data.catchments.unwrap();
    assert_eq!(file, second);
    // By 学段, place and school: the declaration without a place first.
    let mut expected = c.clone();
    expected.sort_by_key(|r| (r.section.id(), r.place.clone(), r.school.clone()));
    assert_eq!(rows, expected);
    assert_eq!(data.entrants.unwrap().1, e);
    assert_eq!(data.quotas.unwrap().1, q);
    assert!(home.zoning_data(2023).await.unwrap().catchments.is_none());

    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let count = |t: &str| summary.tables.iter().find(|x| x.table == t).unwrap().rows;
    assert_eq!(
        [
            count("seat_zoning_files"),
            count("seat_catchments"),
            count("seat_entrants"),
            count("seat_quotas")
        ],
        [4, 4, 1, 1]
    );
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.home().await.zoning_data(2024).await.unwrap(),
        home.zoning_data(2024).await.unwrap()
    );

    let gone = home
        .withdraw_zoning_file(2024, ZoningKind::Catchments, &dux())
        .await
        .unwrap();
    assert_eq!(gone.id, second.id);
    let (back, rows) = home.zoning_data(2024).await.unwrap().catchments.unwrap();
    assert_eq!((back.id, rows), (first.id, c[..1].to_vec()));
    // The other kinds stay.
    assert!(home.zoning_data(2024).await.unwrap().quotas.is_some());
    home.withdraw_zoning_file(2024, ZoningKind::Catchments, &dux())
        .await
        .unwrap();
    let err = home
        .withdraw_zoning_file(2024, ZoningKind::Catchments, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("seats.zoning."))
        .collect();
    assert_eq!(actions.len(), 6, "{actions:?}");

    let there = chengkou(&store).await;
    assert!(there.zoning_files(None, None).await.unwrap().is_empty());
    assert_eq!(
        there
            .withdraw_zoning_file(2024, ZoningKind::Quotas, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
}

async fn bad_zoning_files_write_nothing(store: Store) {
    let home = store.home().await;
    let sha = "e".repeat(64);
    let mut twice = catchments();
    twice.push(twice[0].clone());
    let mut senior = catchments();
    senior[0].section = Section::Senior;
    let mut no_pupils = entrants();
    no_pupils[0].pupils = 0;
    let mut long = entrants();
    long[0].home = Place::new(&"街".repeat(51), None);
    let mut no_plan = quotas();
    no_plan[0].plan = 0;
    for (rows, says) in [
        (ZoningRows::Catchments(&twice), "第 4 行"),
        (ZoningRows::Catchments(&senior), "学段"),
        (ZoningRows::Catchments(&[]), "1 到"),
        (ZoningRows::Entrants(&no_pupils), "人数"),
        (ZoningRows::Entrants(&long), "街道"),
        (ZoningRows::Quotas(&no_plan), "招生计划"),
    ] {
        let err = home
            .import_zoning_file(2024, rows, "坏.csv", &sha, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid");
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = home
        .import_zoning_file(2024, ZoningRows::Quotas(&quotas()), "x.csv", "abc", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(home.zoning_files(None, None).await.unwrap().is_empty());
}
