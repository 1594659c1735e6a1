//! 名师工作室 and 师徒结对: each kind of file written whole or not at all, current by kind, the
//! previous file back after a withdrawal, pairs ended in place, districts apart, audit entries,
//! and backups that carry them.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;
use junheng_store::teachers::studios::{StudioFileKind, StudioRows};
use junheng_store::{AuditFilter, Store};
use junheng_teachers::mentors::{Outcome, Pair};
use junheng_teachers::studios::{Level, Output, OutputKind, Status, Studio};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    studio_files_are_current_by_kind_withdrawn_and_backed_up,
    pairs_end_once_and_in_place,
    bad_studio_files_write_nothing,
);

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn id(s: &str) -> TeacherId {
    TeacherId::parse(s).unwrap()
}

fn studios() -> Vec<Studio> {
    vec![
        Studio {
            name: "王虎名师工作室".into(),
            kind: "名师工作室".into(),
            level: Level::City,
            subject: "数学".into(),
            host: id("T1"),
            host_school: code(1),
            start: "2023-09-01".into(),
            end: Some("2026-08-31".into()),
            status: Status::Active,
            members: vec![id("T2"), id("T3")],
        },
        Studio {
            name: "语文中心组".into(),
            kind: "学科中心组".into(),
            level: Level::District,
            subject: String::new(),
            host: id("T4"),
            host_school: code(2),
            start: "2024-09-01".into(),
            end: None,
            status: Status::Finished,
            members: Vec::new(),
        },
    ]
}

fn outputs() -> Vec<Output> {
    vec![Output {
        studio: "王虎名师工作室".into(),
        year: 2024,
        kind: OutputKind::Outreach,
        count: 4,
        schools: vec![code(2), code(3)],
    }]
}

fn pairs() -> Vec<Pair> {
    vec![
        Pair {
            mentor: id("T1"),
            mentor_school: code(1),
            mentee: id("T9"),
            mentee_school: code(2),
            subject: "数学".into(),
            start: "2024-09-01".into(),
            end: None,
            goals: "上好公开课".into(),
            meetings_held: 3,
            meetings_planned: 10,
            outcome: None,
        },
        Pair {
            mentor: id("T2"),
            mentor_school: code(1),
            mentee: id("T8"),
            mentee_school: code(1),
            subject: "语文".into(),
            start: "2023-09-01".into(),
            end: Some("2024-07-01".into()),
            goals: String::new(),
            meetings_held: 12,
            meetings_planned: 12,
            outcome: Some(Outcome::Excellent),
        },
    ]
}

async fn studio_files_are_current_by_kind_withdrawn_and_backed_up(store: Store) {
    let home = store.home().await;
    assert!(home.studios().await.unwrap().is_none());
    let s = studios();
    let first = home
        .import_studio_file(
            StudioRows::Studios(&s[..1]),
            "工作室.xlsx",
            &"a".repeat(64),
            &dux(),
        )
        .await
        .unwrap();
    let second = home
        .import_studio_file(
            StudioRows::Studios(&s),
            "工作室2.xlsx",
            &"b".repeat(64),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((second.kind, second.rows), (StudioFileKind::Studios, 2));
    home.import_studio_file(
        StudioRows::Outputs(&outputs()),
        "成果.csv",
        &"c".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    home.import_studio_file(
        StudioRows::Mentors(&pairs()),
        "师徒.csv",
        &"d".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    let (file, rows) = home.studios().await.unwrap().unwrap();
    assert_eq!((file, rows), (second.clone(), s.clone()));
    assert_eq!(home.studio_outputs().await.unwrap().unwrap().1, outputs());
    assert_eq!(home.mentor_pairs().await.unwrap().unwrap().1, pairs());

    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let count = |t: &str| summary.tables.iter().find(|x| x.table == t).unwrap().rows;
    assert_eq!(
        [
            count("teacher_studio_files"),
            count("teacher_studios"),
            count("teacher_studio_outputs"),
            count("teacher_mentor_pairs")
        ],
        [4, 3, 1, 2]
    );
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    assert_eq!(
        copy.home().await.studios().await.unwrap(),
        home.studios().await.unwrap()
    );
    assert_eq!(
        copy.home().await.mentor_pairs().await.unwrap(),
        home.mentor_pairs().await.unwrap()
    );

    let gone = home
        .withdraw_studio_file(StudioFileKind::Studios, &dux())
        .await
        .unwrap();
    assert_eq!(gone.id, second.id);
    let (back, rows) = home.studios().await.unwrap().unwrap();
    assert_eq!((back.id, rows), (first.id, s[..1].to_vec()));
    // The other kinds stay.
    assert!(home.mentor_pairs().await.unwrap().is_some());
    home.withdraw_studio_file(StudioFileKind::Studios, &dux())
        .await
        .unwrap();
    let err = home
        .withdraw_studio_file(StudioFileKind::Studios, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("teachers."))
        .collect();
    assert_eq!(actions.len(), 6, "{actions:?}");

    let there = chengkou(&store).await;
    assert!(there.studio_files(None).await.unwrap().is_empty());
    assert!(there.mentor_pairs().await.unwrap().is_none());
    assert_eq!(
        there
            .withdraw_studio_file(StudioFileKind::Mentors, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
}

async fn pairs_end_once_and_in_place(store: Store) {
    let home = store.home().await;
    home.import_studio_file(
        StudioRows::Mentors(&pairs()),
        "师徒.csv",
        &"d".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    // Not before the start; on it is fine.
    let err = home
        .end_mentor_pair(0, "2024-08-31", Outcome::Passed, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    home.end_mentor_pair(0, "2024-09-01", Outcome::Passed, &dux())
        .await
        .unwrap();
    let (_, now) = home.mentor_pairs().await.unwrap().unwrap();
    assert_eq!(now[0].end.as_deref(), Some("2024-09-01"));
    assert_eq!(now[0].outcome, Some(Outcome::Passed));
    assert_eq!(now[1], pairs()[1]);
    for (i, code) in [
        (0, "store.invalid"),
        (1, "store.invalid"),
        (2, "store.not_found"),
    ] {
        let err = home
            .end_mentor_pair(i, "2025-01-01", Outcome::Passed, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), code, "{i}");
    }
    let entries = store.audit_log(&AuditFilter::default()).await.unwrap();
    let end = entries
        .iter()
        .find(|e| e.action == "teachers.mentors.end")
        .unwrap();
    // The audit entry names no teacher.
    assert!(!end.detail.contains("T1") && !end.detail.contains("T9"));
}

async fn bad_studio_files_write_nothing(store: Store) {
    let home = store.home().await;
    let sha = "e".repeat(64);
    let mut twice = studios();
    twice.push(twice[0].clone());
    let mut backwards = studios();
    backwards[0].end = Some("2023-08-31".into());
    let mut same = pairs();
    same[0].mentee = same[0].mentor.clone();
    let mut long = pairs();
    long[0].goals = "目".repeat(201);
    let mut year = outputs();
    year[0].year = 1999;
    for (rows, says) in [
        (StudioRows::Studios(&twice), "第 3 行"),
        (StudioRows::Studios(&backwards), "结束日期"),
        (StudioRows::Studios(&[]), "1 到"),
        (StudioRows::Mentors(&same), "同一位"),
        (StudioRows::Mentors(&long), "目标"),
        (StudioRows::Outputs(&year), "学年"),
    ] {
        let err = home
            .import_studio_file(rows, "坏.csv", &sha, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid");
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = home
        .import_studio_file(StudioRows::Outputs(&outputs()), "x.csv", "abc", &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(home.studio_files(None).await.unwrap().is_empty());
}
