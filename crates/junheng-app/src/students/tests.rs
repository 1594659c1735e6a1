//! The student use cases on a real SQLite store: a file imported and its rates computed by hand,
//! a case from an absence to 销号 with the calendar's moves, who may read which child, and a
//! comparison with a 户籍 list.

use std::collections::HashMap;

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord};
use junheng_core::student::{
    DropoutEvent, DropoutSettings, DropoutState, Flags, Hukou, RiskLevel, RiskWeights,
    StudentNumber,
};
use junheng_io::student::lists::ListKind;
use junheng_store::{
    Actor, DistrictStore, EventKind, ImportSource, NewAttempt, NewStudent, NewStudentEvent, Role,
    Scope, Store, StudentKeys,
};

use super::*;
use crate::pairings::Caller;
use crate::testing::user;

fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[3; 32], &[4; 32]).unwrap()
}

async fn district() -> (tempfile::TempDir, DistrictStore, Vec<SchoolRecord>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let records = generate(&DemoSpec {
        schools: 12,
        seed: 5,
        year: 2024,
    });
    home.import_statistics(
        2024,
        &records,
        &ImportSource::new("t.csv", b"t", ""),
        &Actor::new("admin"),
    )
    .await
    .unwrap();
    (dir, home, records)
}

fn junior(records: &[SchoolRecord]) -> Vec<SchoolCode> {
    records
        .iter()
        .filter(|r| r.kind == SchoolKind::Junior && r.parent_code.is_none())
        .map(|r| r.code.clone())
        .collect()
}

/// `n` children of `grade`, numbered from `from`; the first `migrants` are 随迁.
fn children(from: u16, n: u16, grade: u8, migrants: u16) -> Vec<NewStudent> {
    (from..from + n)
        .map(|i| {
            let birth = format!("{}-03-0{}", 2024 - 5 - i32::from(grade), 1 + i % 9);
            let number = StudentNumber::national("500112", &birth, i).unwrap();
            NewStudent {
                male: number.male().unwrap(),
                number,
                name: format!("学生{i}"),
                birth_date: birth,
                grade,
                class: "1班".into(),
                hukou: if i - from < migrants {
                    Hukou::Migrant {
                        province: "四川省".into(),
                    }
                } else {
                    Hukou::Local
                },
                disability: None,
                flags: Flags::default(),
            }
        })
        .collect()
}

fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

async fn ids(store: &DistrictStore, school: &SchoolCode, year: i32) -> Vec<i64> {
    let file = store
        .current_registries(year, Some(school))
        .await
        .unwrap()
        .pop()
        .unwrap();
    store
        .registry(file.id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.student)
        .collect()
}

fn event(
    student: i64,
    school: &SchoolCode,
    kind: EventKind,
    on: &str,
    grade: u8,
) -> NewStudentEvent {
    NewStudentEvent {
        student,
        school: school.clone(),
        kind,
        on_date: on.into(),
        grade,
        other_place: String::new(),
        confirmed: false,
        days: 0,
        note: String::new(),
    }
}

#[tokio::test]
async fn rates_follow_their_definitions_from_counts_and_events() {
    let (_dir, home, records) = district().await;
    let k = keys();
    let school = junior(&records)[0].clone();
    let admin = Actor::new("admin");
    // 2022: 100 entered 初一 (20 随迁); 2024: the same children in 初三.
    let intake = children(0, 100, 7, 20);
    home.import_students(&k, &school, 2022, true, &intake, "a.csv", &sha(1), &admin)
        .await
        .unwrap();
    let mut now: Vec<NewStudent> = intake
        .iter()
        .cloned()
        .map(|mut c| {
            c.grade = 9;
            c
        })
        .collect();
    now.extend(children(500, 5, 9, 0));
    home.import_students(&k, &school, 2024, true, &now, "b.csv", &sha(2), &admin)
        .await
        .unwrap();
    let kids = ids(&home, &school, 2024).await;
    // 5 transferred in (2023, 初二), 3 out (2024, 初三), 1 died; 98 graduated in June 2025.
    let mut events: Vec<NewStudentEvent> = (0..5)
        .map(|i| {
            event(
                kids[100 + i],
                &school,
                EventKind::TransferIn,
                "2023-10-09",
                8,
            )
        })
        .collect();
    events.extend((0..3).map(|i| event(kids[i], &school, EventKind::TransferOut, "2024-11-04", 9)));
    events.push(event(kids[3], &school, EventKind::Death, "2025-01-10", 9));
    events.extend((4..102).map(|i| event(kids[i], &school, EventKind::Graduate, "2025-06-30", 9)));
    home.add_student_events(&events, &admin).await.unwrap();

    let names = HashMap::new();
    let r = rates::rates(&home, 2024, Default::default(), &names)
        .await
        .unwrap();
    let line =
        |set: &rates::RateSet, id: &str| set.lines.iter().find(|l| l.id == id).cloned().unwrap();
    let c = line(&r.district, "junior_consolidation").rate.unwrap();
    assert_eq!((c.numerator, c.denominator), (98, 102));
    assert!((c.value.unwrap() - 98.0 / 102.0).abs() < 1e-12);
    assert_eq!(c.meets_floor(), Some(true));
    let with_deaths = rates::rates(
        &home,
        2024,
        junheng_core::student::ConsolidationVariant::DeathsDeducted,
        &names,
    )
    .await
    .unwrap();
    assert_eq!(
        line(&with_deaths.district, "junior_consolidation")
            .rate
            .unwrap()
            .denominator,
        101
    );
    // The nine-year rate needs the registry of 2016: said, not guessed.
    let nine = line(&r.district, "nine_year_consolidation");
    assert!(nine.rate.is_none() && nine.missing.unwrap().contains("2016"));
    // 入学率 without 适龄人口: missing; with it: computed.
    assert!(
        line(&r.district, "enrolment")
            .missing
            .unwrap()
            .contains("population")
    );
    roster::set_input(
        &home,
        &Caller::Operator(&admin),
        2024,
        "population",
        110,
        "统计局",
    )
    .await
    .unwrap();
    let r = rates::rates(&home, 2024, Default::default(), &names)
        .await
        .unwrap();
    let e = line(&r.district, "enrolment").rate.unwrap();
    assert_eq!((e.numerator, e.denominator), (105, 110));
    // All 随迁 children are in a public school.
    let m = line(&r.district, "migrant").rate.unwrap();
    assert_eq!((m.numerator, m.denominator), (20, 20));
    assert_eq!(r.schools.len(), 1);
    // An administrator may not set inputs for another district's… a school account may not.
    let school_user = user("xz", Role::School, Scope::School(school.clone()));
    assert!(matches!(
        roster::set_input(
            &home,
            &Caller::User(&school_user),
            2024,
            "population",
            1,
            "x"
        )
        .await,
        Err(Refused::Denied)
    ));
}

#[tokio::test]
async fn a_case_goes_from_an_absence_to_its_closing_as_the_machine_allows() {
    let (_dir, home, records) = district().await;
    let k = keys();
    let a = junior(&records)[0].clone();
    let b = junior(&records)[1].clone();
    let admin = Actor::new("admin");
    let mut kids = children(0, 12, 8, 0);
    kids[0].flags.orphan = true;
    home.import_students(&k, &a, 2024, true, &kids, "a.csv", &sha(1), &admin)
        .await
        .unwrap();
    let id = ids(&home, &a, 2024).await[0];
    let care_a = user("ga", Role::CareOfficer, Scope::School(a.clone()));
    let care_b = user("gb", Role::CareOfficer, Scope::School(b.clone()));
    let officer = user("kc", Role::DropoutOfficer, Scope::District);
    let settings = DropoutSettings::default();
    // A care officer of another school may not record it.
    assert!(matches!(
        cases::record_absence(
            &home,
            &Caller::User(&care_b),
            id,
            &a,
            8,
            "2025-03-03",
            3,
            ""
        )
        .await,
        Err(Refused::Denied)
    ));
    let case = cases::record_absence(
        &home,
        &Caller::User(&care_a),
        id,
        &a,
        8,
        "2025-03-03",
        3,
        "",
    )
    .await
    .unwrap();
    // Monday 3 March + 5 school days: still pending; on the 11th it is 疑似辍学.
    let r = cases::refresh(&home, "2025-03-10", &settings)
        .await
        .unwrap();
    assert_eq!(r.escalated, 0);
    let watch = cases::watch_list(
        &home,
        None,
        "2025-03-10",
        &settings,
        &RiskWeights::default(),
    )
    .await
    .unwrap();
    assert_eq!(watch.len(), 1);
    assert!(watch[0].breach.as_deref().unwrap().contains("未核实"));
    // 3 days of absence (25) + orphan (15) = 40: 重点.
    assert_eq!(watch[0].risk.score, 40);
    assert_eq!(watch[0].risk.level, RiskLevel::Priority);
    let r = cases::refresh(&home, "2025-03-11", &settings)
        .await
        .unwrap();
    assert_eq!(r.escalated, 1);
    assert_eq!(
        cases::refresh(&home, "2025-03-11", &settings)
            .await
            .unwrap()
            .escalated,
        0
    );
    // Long unattended, 疑似辍学 becomes 辍学.
    cases::refresh(&home, "2025-04-20", &settings)
        .await
        .unwrap();
    let (c, steps, _) = home.dropout_case(case).await.unwrap();
    assert_eq!(c.state, DropoutState::Dropout);
    assert_eq!(steps.len(), 3);
    assert!(steps[1..].iter().all(|s| s.created_by == "system"));
    // 劝返 by the district officer moves it to 劝返中; 复学 closes it.
    let a1 = NewAttempt {
        on_date: "2025-04-21".into(),
        by_whom: "班主任、驻村干部".into(),
        outcome: "家长同意下周返校".into(),
        note: String::new(),
    };
    assert_eq!(
        cases::attempt(&home, &Caller::User(&officer), case, &a1)
            .await
            .unwrap(),
        DropoutState::Persuading
    );
    assert!(
        cases::act(
            &home,
            &Caller::User(&care_a),
            case,
            DropoutEvent::Excused,
            "2025-04-25",
            "x"
        )
        .await
        .is_err()
    );
    assert!(!ledgers::zero_status(&home).await.unwrap().zero());
    cases::act(
        &home,
        &Caller::User(&care_a),
        case,
        DropoutEvent::Return,
        "2025-04-28",
        "已返校",
    )
    .await
    .unwrap();
    let zero = ledgers::zero_status(&home).await.unwrap();
    assert!(zero.zero());
    assert_eq!(
        ledgers::closed_in(&home, 2024, None).await.unwrap().len(),
        1
    );
}

/// A 转出 never followed by a 转入 opens one 疑似失学 case; once that case is closed (the child
/// returned), the same transfer does not open it again at the next refresh.
#[tokio::test]
async fn an_unmatched_transfer_opens_one_case_not_one_per_refresh() {
    let (_dir, home, records) = district().await;
    let k = keys();
    let a = junior(&records)[0].clone();
    let admin = Actor::new("admin");
    home.import_students(
        &k,
        &a,
        2024,
        true,
        &children(0, 12, 8, 0),
        "a.csv",
        &sha(1),
        &admin,
    )
    .await
    .unwrap();
    let id = ids(&home, &a, 2024).await[0];
    home.add_student_events(
        &[event(id, &a, EventKind::TransferOut, "2025-03-03", 8)],
        &admin,
    )
    .await
    .unwrap();
    let settings = DropoutSettings::default();
    // Within the 30 days nothing; after them one case.
    let r = cases::refresh(&home, "2025-03-20", &settings)
        .await
        .unwrap();
    assert_eq!(r.opened, 0);
    let r = cases::refresh(&home, "2025-04-10", &settings)
        .await
        .unwrap();
    assert_eq!(r.opened, 1);
    let r = cases::refresh(&home, "2025-04-11", &settings)
        .await
        .unwrap();
    assert_eq!(r.opened, 0);
    let case = home.dropout_cases(true, None).await.unwrap()[0].id;
    let officer = user("kc", Role::DropoutOfficer, Scope::District);
    cases::act(
        &home,
        &Caller::User(&officer),
        case,
        DropoutEvent::Return,
        "2025-04-14",
        "在外省学校就读，已核实",
    )
    .await
    .unwrap();
    let r = cases::refresh(&home, "2025-04-20", &settings)
        .await
        .unwrap();
    assert_eq!(
        r.opened, 0,
        "the closed case's transfer opened a case again"
    );
    assert!(ledgers::zero_status(&home).await.unwrap().zero());
}

#[tokio::test]
async fn names_reach_only_the_childs_care_roles_and_the_case_keepers() {
    let (_dir, home, records) = district().await;
    let k = keys();
    let a = junior(&records)[0].clone();
    let admin = Actor::new("admin");
    home.import_students(
        &k,
        &a,
        2024,
        true,
        &children(0, 12, 7, 0),
        "a.csv",
        &sha(1),
        &admin,
    )
    .await
    .unwrap();
    let kids = ids(&home, &a, 2024).await;
    let care = user("ga", Role::CareOfficer, Scope::School(a.clone()));
    let class = user(
        "bzr",
        Role::ClassTeacher,
        Scope::Class {
            school: a.clone(),
            class: "七年级1班".into(),
        },
    );
    let other_class = user(
        "bzr2",
        Role::ClassTeacher,
        Scope::Class {
            school: a.clone(),
            class: "七年级2班".into(),
        },
    );
    let officer = user("kc", Role::DropoutOfficer, Scope::District);
    let district_admin = user("admin", Role::Admin, Scope::District);
    let list = roster::roster(&home, Some(&k), &Caller::User(&care), &a, 2024, "/p")
        .await
        .unwrap();
    assert_eq!(list.len(), 12);
    assert!(list.iter().all(|n| n.named.name.starts_with("学生")));
    assert_eq!(
        roster::roster(&home, Some(&k), &Caller::User(&class), &a, 2024, "/p")
            .await
            .unwrap()
            .len(),
        12
    );
    assert!(
        roster::roster(&home, Some(&k), &Caller::User(&other_class), &a, 2024, "/p")
            .await
            .unwrap()
            .is_empty()
    );
    for denied in [&officer, &district_admin] {
        assert!(matches!(
            roster::roster(&home, Some(&k), &Caller::User(denied), &a, 2024, "/p").await,
            Err(Refused::Denied)
        ));
        assert!(matches!(
            roster::record(&home, Some(&k), &Caller::User(denied), kids[0], "/c").await,
            Err(Refused::Denied)
        ));
    }
    // Without keys nothing named is read.
    assert!(matches!(
        roster::roster(&home, None, &Caller::User(&care), &a, 2024, "/p").await,
        Err(Refused::NoKeys)
    ));
    // With a case, the district officer reads that child.
    home.open_case(
        kids[0],
        &a,
        DropoutState::Dropout,
        "2025-01-06",
        "辍学",
        &admin,
    )
    .await
    .unwrap();
    let rec = roster::record(&home, Some(&k), &Caller::User(&officer), kids[0], "/c")
        .await
        .unwrap();
    assert_eq!(rec.cases.len(), 1);
    assert!(!rec.named.name.is_empty());
    // Every read was recorded.
    assert!(home.student_access(kids[0], 50).await.unwrap().len() >= 3);
}

#[tokio::test]
async fn a_hukou_list_finds_the_child_missing_from_the_registry() {
    let (_dir, home, records) = district().await;
    let k = keys();
    let a = junior(&records)[0].clone();
    let admin = Actor::new("admin");
    let kids = children(0, 3, 7, 0);
    home.import_students(&k, &a, 2024, true, &kids, "a.csv", &sha(1), &admin)
        .await
        .unwrap();
    let outside = children(900, 1, 7, 0).remove(0);
    let mut csv = "学籍号,姓名\n".to_owned();
    for c in kids.iter().chain([&outside]) {
        csv.push_str(&format!("{},{}\n", c.number.expose(), c.name));
    }
    let officer = user("kc", Role::DropoutOfficer, Scope::District);
    let found = compare::compare(
        &home,
        Some(&k),
        &Caller::User(&officer),
        ListKind::Hukou,
        2024,
        csv.as_bytes(),
        "户籍名单.csv",
        &junheng_io::Limits::default(),
        "2025-03-01",
    )
    .await
    .unwrap();
    assert_eq!(
        (found.listed, found.matched, found.mismatches.len()),
        (4, 3, 1)
    );
    assert_eq!(found.mismatches[0].name, outside.name);
    assert!(found.mismatches[0].number_masked.contains('*'));
    let care = user("ga", Role::CareOfficer, Scope::School(a.clone()));
    assert!(matches!(
        compare::compare(
            &home,
            Some(&k),
            &Caller::User(&care),
            ListKind::Hukou,
            2024,
            csv.as_bytes(),
            "户籍名单.csv",
            &junheng_io::Limits::default(),
            "2025-03-01",
        )
        .await,
        Err(Refused::Denied)
    ));
}
