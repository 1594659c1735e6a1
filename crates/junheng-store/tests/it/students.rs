//! Students: registry files versioned per school and year, names sealed (the database file holds
//! none in clear), every named read logged, events and cases written as the engine allows,
//! retention erasing what it should and nothing else, and backups carrying it all.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_core::student::{Disability, DropoutState, Flags, Hukou, Placement, StudentNumber};
use junheng_store::{
    AuditFilter, EventKind, NewAttempt, NewStudent, NewStudentEvent, Store, StoreError,
    StudentKeys, action,
};

use crate::helpers::{Home, dux, sqlite_store};

store_tests!(
    registry_files_are_versions_and_names_are_read_only_with_a_record,
    events_count_and_cases_move_as_recorded,
    retention_erases_names_and_family_flags_only,
    backups_carry_students,
);

fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[7; 32], &[9; 32]).unwrap()
}

fn school(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

const NAMES: [&str; 4] = ["林小溪", "王一鸣", "陈思远", "赵晓雨"];

fn child(i: u16, grade: u8) -> NewStudent {
    let number = StudentNumber::national("500112", "2012-05-14", 100 + i).unwrap();
    NewStudent {
        male: number.male().unwrap(),
        number,
        name: NAMES[usize::from(i) % NAMES.len()].to_owned(),
        birth_date: "2012-05-14".into(),
        grade,
        class: format!("{}班", i % 3 + 1),
        hukou: if i.is_multiple_of(2) {
            Hukou::Local
        } else {
            Hukou::Migrant {
                province: "四川省".into(),
            }
        },
        disability: (i == 3).then_some((Disability::Hearing, Placement::Regular)),
        flags: Flags {
            orphan: i == 2,
            boarding: true,
            ..Flags::default()
        },
    }
}

/// The children of a registry file, by id.
async fn ids_of(home: &junheng_store::DistrictStore, import: i64) -> Vec<i64> {
    home.registry(import)
        .await
        .unwrap()
        .iter()
        .map(|r| r.student)
        .collect()
}

fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

async fn registry_files_are_versions_and_names_are_read_only_with_a_record(store: Store) {
    let home = store.home().await;
    let k = keys();
    let a = school(1);
    let kids: Vec<NewStudent> = (0..4).map(|i| child(i, 7)).collect();
    let first = home
        .import_students(&k, &a, 2024, true, &kids, "学籍.xlsx", &sha(1), &dux())
        .await
        .unwrap();
    assert_eq!((first.version, first.students), (1, 4));
    assert_eq!(first.counts.grade(7).migrant, 2);
    assert_eq!(first.counts.grade(7).disabled, 1);
    // The same file again is refused; a corrected one is version 2 with the same children.
    let again = home
        .import_students(&k, &a, 2024, true, &kids, "学籍.xlsx", &sha(1), &dux())
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let mut fixed = kids.clone();
    fixed[0].name = "林小溪溪".into();
    fixed.truncate(3);
    let second = home
        .import_students(&k, &a, 2024, true, &fixed, "学籍2.xlsx", &sha(2), &dux())
        .await
        .unwrap();
    assert_eq!((second.version, second.students), (2, 3));
    let current = home.current_registries(2024, None).await.unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].id, second.id);
    assert_eq!(home.student_imports(Some(&a)).await.unwrap().len(), 2);
    // The same 学籍号 twice in one file is refused, masked.
    let twice = vec![child(0, 7), child(0, 7)];
    let e = home
        .import_students(&k, &a, 2025, true, &twice, "x.xlsx", &sha(3), &dux())
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("G5001") && e.contains('*'), "{e}");
    assert!(!e.contains(kids[0].number.expose()), "{e}");
    // The registry has no names; the named read opens them and logs who read whom.
    let reg = home.registry(second.id).await.unwrap();
    assert_eq!(reg.len(), 3);
    assert!(reg.iter().all(|r| r.grade == 7 && r.flags.boarding));
    let ids: Vec<i64> = reg.iter().map(|r| r.student).collect();
    let named = home
        .named_students(&k, &ids, &dux(), "/students/5001120001")
        .await
        .unwrap();
    let names: Vec<&str> = named.iter().map(|n| n.name.as_str()).collect();
    assert!(names.contains(&"林小溪溪"), "{names:?}");
    assert!(named.iter().all(|n| n.number_masked.contains('*')));
    assert!(!format!("{named:?}").contains("林小溪"));
    let log = home.student_access(ids[0], 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].what, "/students/5001120001");
    let audit = store
        .audit_log(&AuditFilter {
            limit: 50,
            action_prefix: Some(action::STUDENT_READ.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert!(!audit[0].detail.contains("林"), "{}", audit[0].detail);
    // Another key cannot open the names: the read fails rather than showing garbage.
    let other = StudentKeys::from_bytes(&[8; 32], &[9; 32]).unwrap();
    assert!(
        home.named_students(&other, &ids, &dux(), "/x")
            .await
            .is_err()
    );
    // Another district sees none of them.
    let b = store
        .add_district(
            &junheng_store::NewDistrict {
                code: "500113".into(),
                name: "巴南区".into(),
                kind: junheng_store::DistrictKind::Qu,
                city: ("500100".into(), "重庆市".into()),
                province: ("500000".into(), "重庆市".into()),
            },
            &dux(),
        )
        .await
        .unwrap();
    let there = store.in_district(b.id);
    assert!(
        there
            .named_students(&k, &ids, &dux(), "/x")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        there
            .current_registries(2024, None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn events_count_and_cases_move_as_recorded(store: Store) {
    let home = store.home().await;
    let k = keys();
    let a = school(1);
    let kids: Vec<NewStudent> = (0..4).map(|i| child(i, 8)).collect();
    let imp = home
        .import_students(&k, &a, 2024, true, &kids, "学籍.xlsx", &sha(1), &dux())
        .await
        .unwrap();
    let ids = ids_of(&home, imp.id).await;
    let ev = |student, kind, on: &str, confirmed| NewStudentEvent {
        student,
        school: a.clone(),
        kind,
        on_date: on.into(),
        grade: 8,
        other_place: String::new(),
        confirmed,
        days: if kind == EventKind::Absence { 3 } else { 0 },
        note: String::new(),
    };
    home.add_student_events(
        &[
            ev(ids[0], EventKind::TransferOut, "2024-10-08", false),
            ev(ids[1], EventKind::TransferOut, "2024-10-09", true),
            ev(ids[2], EventKind::Absence, "2025-03-03", false),
            ev(ids[3], EventKind::TransferIn, "2025-03-01", false),
        ],
        &dux(),
    )
    .await
    .unwrap();
    let counts = home.event_counts(2024, 2024).await.unwrap();
    let out = counts
        .iter()
        .find(|c| c.kind == EventKind::TransferOut)
        .unwrap();
    assert_eq!((out.year, out.grade, out.count), (2024, 8, 2));
    assert!(counts.iter().all(|c| c.kind != EventKind::Absence));
    // Only the unconfirmed 转出 with no later 转入 is unmatched.
    let lost = home.unmatched_transfers("2024-12-31").await.unwrap();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].student, ids[0]);
    // A child the district does not know, a bad day: nothing written.
    let bad = home
        .add_student_events(
            &[ev(999_999, EventKind::Dropout, "2025-01-02", false)],
            &dux(),
        )
        .await;
    assert!(bad.is_err());
    let bad = home
        .add_student_events(
            &[ev(ids[0], EventKind::Dropout, "2025-02-30", false)],
            &dux(),
        )
        .await;
    assert!(bad.is_err());
    // A case: opened, moved, a second open refused, a stale move refused, closed.
    let case = home
        .open_case(
            ids[2],
            &a,
            DropoutState::AbsencePending,
            "2025-03-03",
            "无故缺勤 3 天",
            &dux(),
        )
        .await
        .unwrap();
    let twice = home
        .open_case(
            ids[2],
            &a,
            DropoutState::Suspected,
            "2025-03-04",
            "x",
            &dux(),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))));
    home.move_case(
        case,
        DropoutState::AbsencePending,
        DropoutState::Suspected,
        "2025-03-11",
        "连续缺勤超过 5 个教学日",
        &junheng_store::Actor::system(),
    )
    .await
    .unwrap();
    let stale = home
        .move_case(
            case,
            DropoutState::AbsencePending,
            DropoutState::Suspected,
            "2025-03-11",
            "x",
            &dux(),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    home.plan_case(case, "张老师", "复学", &dux())
        .await
        .unwrap();
    home.add_attempt(
        case,
        &NewAttempt {
            on_date: "2025-03-12".into(),
            by_whom: "班主任、村干部".into(),
            outcome: "家长同意返校".into(),
            note: String::new(),
        },
        &dux(),
    )
    .await
    .unwrap();
    assert_eq!(home.dropout_cases(true, Some(&a)).await.unwrap().len(), 1);
    home.move_case(
        case,
        DropoutState::Suspected,
        DropoutState::Returned,
        "2025-03-13",
        "已返校",
        &dux(),
    )
    .await
    .unwrap();
    assert!(home.dropout_cases(true, None).await.unwrap().is_empty());
    let (c, steps, attempts) = home.dropout_case(case).await.unwrap();
    assert_eq!(c.closed_on.as_deref(), Some("2025-03-13"));
    assert_eq!((c.owner.as_str(), c.plan.as_str()), ("张老师", "复学"));
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1].created_by, "system");
    assert_eq!(attempts.len(), 1);
    assert_eq!(home.cases_of(ids[2]).await.unwrap().len(), 1);
}

async fn retention_erases_names_and_family_flags_only(store: Store) {
    let home = store.home().await;
    let k = keys();
    let a = school(1);
    let kids: Vec<NewStudent> = (0..3).map(|i| child(i, 9)).collect();
    let imp = home
        .import_students(&k, &a, 2023, true, &kids, "学籍.xlsx", &sha(1), &dux())
        .await
        .unwrap();
    let ids = ids_of(&home, imp.id).await;
    let graduate = |student| NewStudentEvent {
        student,
        school: a.clone(),
        kind: EventKind::Graduate,
        on_date: "2024-06-30".into(),
        grade: 9,
        other_place: "重庆市第一中学".into(),
        confirmed: false,
        days: 0,
        note: "升学".into(),
    };
    // Two graduate; the third stays.
    home.add_student_events(&[graduate(ids[0]), graduate(ids[1])], &dux())
        .await
        .unwrap();
    let before = home.retention_report("2024-06-29").await.unwrap();
    assert_eq!(before.students, 0);
    let report = home.retention_report("2025-06-30").await.unwrap();
    assert_eq!(report.students, 2);
    let done = home.reduce_students("2025-06-30", &dux()).await.unwrap();
    assert_eq!(done.students, 2);
    let named = home.named_students(&k, &ids, &dux(), "/x").await.unwrap();
    assert_eq!(named.iter().filter(|n| n.reduced).count(), 2);
    assert!(
        named
            .iter()
            .filter(|n| n.reduced)
            .all(|n| n.name.is_empty())
    );
    assert!(named.iter().any(|n| !n.reduced && !n.name.is_empty()));
    // The counts of the year do not change; the class and family flags are gone.
    let reg = home.registry(imp.id).await.unwrap();
    assert_eq!(reg.len(), 3);
    let gone: Vec<_> = reg
        .iter()
        .filter(|r| ids[..2].contains(&r.student))
        .collect();
    assert!(gone.iter().all(|r| r.class.is_empty() && !r.flags.orphan));
    assert!(gone.iter().all(|r| r.flags.boarding && r.grade == 9));
    let events = home.student_events(ids[0]).await.unwrap();
    assert_eq!(events[0].other_place, "");
    assert_eq!(events[0].note, "");
    assert_eq!(
        home.current_registries(2023, None).await.unwrap()[0].students,
        3
    );
    // Nothing left to reduce.
    assert_eq!(
        home.retention_report("2025-06-30").await.unwrap().students,
        0
    );
}

async fn backups_carry_students(store: Store) {
    let home = store.home().await;
    let k = keys();
    let kids: Vec<NewStudent> = (0..3).map(|i| child(i, 2)).collect();
    let imp = home
        .import_students(
            &k,
            &school(2),
            2024,
            false,
            &kids,
            "学籍.csv",
            &sha(5),
            &dux(),
        )
        .await
        .unwrap();
    let ids = ids_of(&home, imp.id).await;
    home.open_case(
        ids[0],
        &school(2),
        DropoutState::Dropout,
        "2025-01-06",
        "辍学",
        &dux(),
    )
    .await
    .unwrap();
    home.set_student_input(2024, "population", 1200, "统计局", &dux())
        .await
        .unwrap();
    let mut dump = Vec::new();
    store.backup(&mut dump, None).await.unwrap();
    let text = String::from_utf8_lossy(&dump);
    for kid in &kids {
        assert!(!text.contains(&kid.name), "a backup holds no name in clear");
        assert!(!text.contains(kid.number.expose()));
    }
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    let named = there.named_students(&k, &ids, &dux(), "/x").await.unwrap();
    assert_eq!(named.len(), 3);
    assert!(named.iter().all(|n| !n.name.is_empty()));
    assert_eq!(there.dropout_cases(true, None).await.unwrap().len(), 1);
    assert_eq!(there.student_inputs(2024).await.unwrap()[0].1, 1200);
    copy.close().await;
}

/// The SQLite file holds no name and no 学籍号 in clear.
#[tokio::test]
async fn the_database_file_holds_no_name_or_number_in_clear() {
    let (store, dir) = sqlite_store().await;
    let home = store.home().await;
    let kids: Vec<NewStudent> = (0..4).map(|i| child(i, 5)).collect();
    home.import_students(
        &keys(),
        &school(1),
        2024,
        true,
        &kids,
        "a.xlsx",
        &sha(1),
        &dux(),
    )
    .await
    .unwrap();
    store.close().await;
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let hay = String::from_utf8_lossy(&bytes);
    for kid in &kids {
        assert!(!hay.contains(&kid.name), "name in clear");
        assert!(!hay.contains(kid.number.expose()), "学籍号 in clear");
        assert!(
            !hay.contains(&kid.number.expose()[1..]),
            "ID number in clear"
        );
    }
    assert!(hay.contains("student_records"), "the file was read");
}

/// Rotation: values sealed under the old key open under the new one once re-sealed, and the old
/// key is no longer needed.
#[tokio::test]
async fn rotation_reseals_every_name_under_the_new_key() {
    let (store, _dir) = sqlite_store().await;
    let home = store.home().await;
    let old = keys();
    let kids: Vec<NewStudent> = (0..3).map(|i| child(i, 4)).collect();
    let imp = home
        .import_students(
            &old,
            &school(1),
            2024,
            true,
            &kids,
            "a.xlsx",
            &sha(1),
            &dux(),
        )
        .await
        .unwrap();
    let ids = ids_of(&home, imp.id).await;
    let rotating = StudentKeys::from_bytes(&[5; 32], &[9; 32])
        .unwrap()
        .with_previous(&[7; 32]);
    assert_eq!(home.reseal_students(&rotating, &dux()).await.unwrap(), 3);
    assert_eq!(home.reseal_students(&rotating, &dux()).await.unwrap(), 0);
    let new = StudentKeys::from_bytes(&[5; 32], &[9; 32]).unwrap();
    let named = home.named_students(&new, &ids, &dux(), "/x").await.unwrap();
    assert!(named.iter().all(|n| !n.name.is_empty()));
    assert!(home.named_students(&old, &ids, &dux(), "/x").await.is_err());
    store.close().await;
}
