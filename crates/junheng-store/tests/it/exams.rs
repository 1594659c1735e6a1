//! 质量监测: exams created once (the same exam again is the same row), each school's scores a
//! sealed version (bound to exam and school), withdrawal restoring the version before, NAEQ
//! results with their unit, rotation and backups carrying the sealed files.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_store::{
    ExamFileInput, ExamKind, ExamScope, NaeqUnit, NewExam, Store, StoreError, StudentKeys,
};

use crate::helpers::{Home, dux, sqlite_store};

store_tests!(
    exams_and_their_files_are_versions_that_open_sealed,
    naeq_results_keep_their_unit_and_replace_with_a_record,
);

fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[7; 32], &[9; 32]).unwrap()
}

fn school(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn exam<'a>(name: &'a str, papers: &'a str) -> NewExam<'a> {
    NewExam {
        name,
        year: 2025,
        on_date: "2026-01-15",
        grade: 8,
        kind: ExamKind::Final,
        scope: ExamScope::District,
        papers,
    }
}

fn file<'a>(school: &'a SchoolCode, sha: &'a str, columns: &'a [u8]) -> ExamFileInput<'a> {
    ExamFileInput {
        school,
        file_name: "成绩.xlsx",
        sha256: sha,
        students: 3,
        sittings: 6,
        columns,
    }
}

async fn exams_and_their_files_are_versions_that_open_sealed(store: Store) {
    let home = store.home().await;
    let k = keys();
    let papers = r#"[{"subject":"数学"}]"#;
    let e = home
        .create_exam(&exam("八年级期末", papers), &dux())
        .await
        .unwrap();
    assert_eq!(e.kind, ExamKind::Final);
    // The same exam again is the same row; another setting under its name is a conflict.
    assert_eq!(
        home.create_exam(&exam("八年级期末", papers), &dux())
            .await
            .unwrap(),
        e
    );
    assert!(matches!(
        home.create_exam(&exam("八年级期末", "[]x"), &dux()).await,
        Err(StoreError::Conflict(_))
    ));
    let mut bad = exam("九年级", papers);
    bad.grade = 10;
    assert!(matches!(
        home.create_exam(&bad, &dux()).await,
        Err(StoreError::Invalid(_))
    ));

    let (a, b) = (school(1), school(2));
    let (sha1, sha2, sha3) = ("1".repeat(64), "2".repeat(64), "3".repeat(64));
    let written = home
        .import_exam_files(
            &k,
            &e,
            &[file(&a, &sha1, b"a-v1"), file(&b, &sha2, b"b-v1")],
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(written.len(), 2);
    // The same file again is refused; a school twice in one import too; nothing written.
    assert!(matches!(
        home.import_exam_files(&k, &e, &[file(&a, &sha1, b"a-v1")], &dux())
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        home.import_exam_files(
            &k,
            &e,
            &[file(&a, &sha3, b"x"), file(&a, &sha2, b"y")],
            &dux()
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    let v2 = home
        .import_exam_files(&k, &e, &[file(&a, &sha3, b"a-v2")], &dux())
        .await
        .unwrap();
    assert_eq!(v2[0].version, 2);
    assert_eq!(home.exam_files(e.id, true).await.unwrap().len(), 3);
    let opened = home.open_exam_files(&k, e.id, None).await.unwrap();
    let cols: Vec<(&str, &[u8])> = opened
        .iter()
        .map(|o| (o.school.as_str(), o.columns.as_slice()))
        .collect();
    assert_eq!(
        cols,
        [(a.as_str(), &b"a-v2"[..]), (b.as_str(), &b"b-v1"[..])]
    );
    let only_b = home
        .open_exam_files(&k, e.id, Some(std::slice::from_ref(&b)))
        .await
        .unwrap();
    assert_eq!(only_b.len(), 1);
    // Another key does not open them.
    let other = StudentKeys::from_bytes(&[8; 32], &[9; 32]).unwrap();
    assert!(home.open_exam_files(&other, e.id, None).await.is_err());

    // Withdrawing the latest version restores the one before.
    let gone = home.withdraw_exam_file(&e, &a, &dux()).await.unwrap();
    assert_eq!(gone.version, 2);
    let opened = home
        .open_exam_files(&k, e.id, Some(std::slice::from_ref(&a)))
        .await
        .unwrap();
    assert_eq!(opened[0].columns, b"a-v1");

    // Rotation re-seals every file once.
    let rotating = StudentKeys::from_bytes(&[5; 32], &[9; 32])
        .unwrap()
        .with_previous(&[7; 32]);
    assert_eq!(home.reseal_exams(&rotating).await.unwrap(), 2);
    assert_eq!(home.reseal_exams(&rotating).await.unwrap(), 0);
    let new = StudentKeys::from_bytes(&[5; 32], &[9; 32]).unwrap();
    assert_eq!(
        home.open_exam_files(&new, e.id, None).await.unwrap().len(),
        2
    );

    // A backup carries the exam and its sealed files, and holds no columns in clear.
    let mut dump = Vec::new();
    store.backup(&mut dump, None).await.unwrap();
    assert!(!String::from_utf8_lossy(&dump).contains("a-v1"));
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    let e2 = there.exam_named("八年级期末").await.unwrap().unwrap();
    assert_eq!(
        there
            .open_exam_files(&new, e2.id, None)
            .await
            .unwrap()
            .len(),
        2
    );
    copy.close().await;
}

async fn naeq_results_keep_their_unit_and_replace_with_a_record(store: Store) {
    let home = store.home().await;
    let r = home
        .set_naeq(2024, "数学", Some(3), 12.5, NaeqUnit::Percent, &dux())
        .await
        .unwrap();
    assert_eq!(
        (r.between_school, r.unit, r.level),
        (12.5, NaeqUnit::Percent, Some(3))
    );
    // 12.5 as a ratio is out of range; a level of 5 too.
    assert!(
        home.set_naeq(2024, "数学", None, 12.5, NaeqUnit::Ratio, &dux())
            .await
            .is_err()
    );
    assert!(
        home.set_naeq(2024, "数学", Some(5), 0.1, NaeqUnit::Ratio, &dux())
            .await
            .is_err()
    );
    home.set_naeq(2024, "数学", None, 0.118, NaeqUnit::Ratio, &dux())
        .await
        .unwrap();
    let all = home.naeq_results().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].between_school, all[0].unit, all[0].level),
        (0.118, NaeqUnit::Ratio, None)
    );
}
