//! 心理: a wave's cases, who keeps and sees them, erasure at leaving, district instruments.

use junheng_core::health::instrument::Loaded;
use junheng_core::health::mental::Tier;
use junheng_core::health::settings::MentalSettings;
use junheng_core::school::SchoolKind;
use junheng_core::student::StudentNumber;
use junheng_store::{EventKind, HealthKind, NewStudentEvent, Role, Scope, StudentKeys};

use super::super::cases::{Entry, NoteKind};
use super::super::*;
use super::{csv, fixture, keys, operator, round};
use crate::pairings::Caller;
use crate::testing::user;

const MENTAL: &str = "学籍号,年级,班级,监护人同意,PHQ9_1,PHQ9_2,PHQ9_3,PHQ9_4,PHQ9_5,PHQ9_6,PHQ9_7,PHQ9_8,PHQ9_9,GAD7_1,GAD7_2,GAD7_3,GAD7_4,GAD7_5,GAD7_6,GAD7_7";

fn mental_row(n: &StudentNumber, class: &str, consent: &str, phq: [u8; 9]) -> String {
    let phq: Vec<String> = phq.iter().map(u8::to_string).collect();
    format!(
        "{},7,{class},{consent},{},0,0,0,0,0,0,0",
        n.expose(),
        phq.join(",")
    )
}

#[tokio::test]
async fn a_wave_opens_cases_that_only_a_review_takes_to_crisis_and_the_class_teacher_sees_tiers_only()
 {
    let f = fixture(SchoolKind::Junior, 7, 6).await;
    let actor = operator();
    let op = Caller::Operator(&actor);
    let settings = MentalSettings::default();
    let wave = round(
        &f.store,
        HealthKind::Mental,
        "2024学年心理测评",
        "2024-11-01",
    )
    .await;
    let n = &f.numbers;
    let rows = vec![
        mental_row(&n[0], "1班", "是", [0; 9]),
        mental_row(&n[1], "1班", "是", [2, 2, 2, 2, 1, 1, 0, 0, 0]), // 10: 关注
        mental_row(&n[2], "1班", "是", [3, 3, 3, 3, 3, 3, 3, 3, 3]), // 27: 重点 + same day
        mental_row(&n[3], "2班", "是", [0, 0, 0, 0, 0, 0, 0, 0, 1]), // item 9 only
        format!("{},7,2班,否,,,,,,,,,,,,,,,,", n[4].expose()),
    ];
    let bytes = csv(MENTAL, &rows);
    // Answers without recorded consent are refused when the district requires consent.
    let mut no_consent = rows.clone();
    no_consent[0] = mental_row(&n[0], "1班", "", [0; 9]);
    let e = mental::import(
        &f.store,
        Some(&keys()),
        &op,
        &wave,
        &f.school,
        &csv(MENTAL, &no_consent),
        "m.csv",
        &junheng_io::Limits::default(),
        &settings,
        "2024-11-02",
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("监护人同意"), "{e}");
    let done = mental::import(
        &f.store,
        Some(&keys()),
        &op,
        &wave,
        &f.school,
        &bytes,
        "m.csv",
        &junheng_io::Limits::default(),
        &settings,
        "2024-11-02",
    )
    .await
    .unwrap();
    assert_eq!(done.cases, 3);
    let counts = mental::district_counts(&f.store, &wave).await.unwrap();
    let g7 = &counts.grades[&7];
    assert_eq!((g7.students, g7.screened, g7.no_consent), (5, 4, 1));
    assert_eq!(g7.tiers, [2, 1, 1]);
    assert_eq!(g7.same_day, 2);

    let lines = cases::list(&f.store, Some(&keys()), &op, true, "2024-11-02", "test")
        .await
        .unwrap();
    assert_eq!(lines.len(), 3);
    // A screen never sets 危机.
    assert!(lines.iter().all(|l| l.content.tier < Tier::Crisis));
    let severe = lines
        .iter()
        .find(|l| l.content.tier == Tier::Priority)
        .unwrap();
    assert!(severe.content.same_day_review);
    assert_eq!(severe.case.due_on, "2024-11-02");

    // The class teacher of 1班 sees their class's two cases; of 2班's none.
    let class = user(
        "banzhuren",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "七年级1班".into(),
        },
    );
    let mine = cases::list(
        &f.store,
        Some(&keys()),
        &Caller::User(&class),
        true,
        "2024-11-02",
        "test",
    )
    .await
    .unwrap();
    assert_eq!(mine.len(), 2);
    assert!(matches!(
        who::sight(&Caller::User(&class), HealthKind::Mental),
        who::Sight::Tiers { .. }
    ));
    let entry = |kind, tier| Entry {
        kind,
        text: "面谈".into(),
        tier,
        referral_to: Some("重庆医科大学附属第一医院".into()),
        on_date: "2024-11-02".into(),
    };
    // The class teacher keeps nothing; the admin sees no case.
    let e = cases::record(
        &f.store,
        Some(&keys()),
        &Caller::User(&class),
        severe.case.id,
        &entry(NoteKind::Plan, None),
        &settings,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Refused::Denied));
    let admin = user("admin", Role::Admin, Scope::District);
    assert!(matches!(
        cases::list(
            &f.store,
            Some(&keys()),
            &Caller::User(&admin),
            true,
            "2024-11-02",
            "t"
        )
        .await,
        Err(Refused::Denied)
    ));
    // The psych teacher: a 复核 to 危机, a step, then closing is refused until a 复核 lowers it.
    let psych = user("xinli", Role::PsychTeacher, Scope::School(f.school.clone()));
    let p = Caller::User(&psych);
    let id = severe.case.id;
    cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Review, Some(Tier::Crisis)),
        &settings,
    )
    .await
    .unwrap();
    cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Step, None),
        &settings,
    )
    .await
    .unwrap();
    cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Referral, None),
        &settings,
    )
    .await
    .unwrap();
    let e = cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Close, None),
        &settings,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("危机"), "{e}");
    let (case, notes) = f
        .store
        .mental_case(&keys(), id, &actor, "test")
        .await
        .unwrap();
    let c = cases::CaseContent::decode(&case.content).unwrap();
    assert_eq!(
        (c.tier, c.step, c.same_day_review),
        (Tier::Crisis, Some(1), false)
    );
    assert!(c.referral.is_some());
    assert_eq!(notes.len(), 4);
    cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Review, Some(Tier::Attention)),
        &settings,
    )
    .await
    .unwrap();
    cases::record(
        &f.store,
        Some(&keys()),
        &p,
        id,
        &entry(NoteKind::Close, None),
        &settings,
    )
    .await
    .unwrap();
    // Other capabilities learn one yes/no, and only the roles that may know it.
    let care = user("guanai", Role::CareOfficer, Scope::School(f.school.clone()));
    let open = lines.iter().find(|l| l.case.id != severe.case.id).unwrap();
    let student = open.case.student;
    assert_eq!(
        who::mental_flag(&f.store, &Caller::User(&care), student)
            .await
            .unwrap(),
        Some(true)
    );
    for u in [&class, &admin] {
        assert_eq!(
            who::mental_flag(&f.store, &Caller::User(u), student)
                .await
                .unwrap(),
            None
        );
    }
    // A psych teacher of another school keeps none of this school's cases.
    let other_school_psych = user("xinli2", Role::PsychTeacher, Scope::School(f.other.clone()));
    assert!(!who::may_keep(
        &Caller::User(&other_school_psych),
        &f.school
    ));
    // Every named read is recorded.
    let reads = f
        .store
        .student_access(severe.case.student, 50)
        .await
        .unwrap();
    assert!(reads.iter().any(|r| r.actor == "xinli"), "{reads:?}");
}

#[tokio::test]
async fn health_data_is_erased_when_a_child_leaves_unless_a_case_is_open() {
    let f = fixture(SchoolKind::Junior, 7, 4).await;
    let actor = operator();
    let op = Caller::Operator(&actor);
    let settings = MentalSettings::default();
    let wave = round(&f.store, HealthKind::Mental, "心理测评", "2024-11-01").await;
    let n = &f.numbers;
    let rows = vec![
        mental_row(&n[0], "1班", "是", [0; 9]),
        mental_row(&n[1], "1班", "是", [3, 3, 3, 3, 3, 3, 3, 3, 0]),
    ];
    mental::import(
        &f.store,
        Some(&keys()),
        &op,
        &wave,
        &f.school,
        &csv(MENTAL, &rows),
        "m.csv",
        &junheng_io::Limits::default(),
        &settings,
        "2024-11-02",
    )
    .await
    .unwrap();
    let registry = f.store.registry_keys(2024).await.unwrap();
    let id = |k: &StudentNumber| registry[&keys().pseudonym(k)].0;
    let (a, b) = (id(&n[0]), id(&n[1]));
    let events: Vec<NewStudentEvent> = [a, b]
        .into_iter()
        .map(|s| NewStudentEvent {
            student: s,
            school: f.school.clone(),
            kind: EventKind::TransferOut,
            on_date: "2024-12-01".into(),
            grade: 7,
            other_place: "外省".into(),
            confirmed: true,
            days: 0,
            note: String::new(),
        })
        .collect();
    f.store.add_student_events(&events, &actor).await.unwrap();
    let report = f.store.health_erasure_report("2024-12-31").await.unwrap();
    assert_eq!((report.students, report.records), (1, 1));
    let done = f.store.erase_health("2024-12-31", &actor).await.unwrap();
    assert_eq!(done, report);
    let left = f
        .store
        .open_health(&keys(), &wave, None, None, None, &actor, "t")
        .await
        .unwrap();
    // The child with an open case keeps their record; the other's is gone.
    assert_eq!(left.iter().map(|r| r.student).collect::<Vec<_>>(), vec![b]);
    // Key rotation re-seals health data too.
    let new = StudentKeys::from_bytes(&[9; 32], &[8; 32])
        .unwrap()
        .with_previous(&[7; 32]);
    assert!(f.store.reseal_students(&new, &actor).await.unwrap() >= 3);
    let again = f
        .store
        .open_health(&new, &wave, None, None, None, &actor, "t")
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
}

/// A 4-item district instrument for grades 4–12, answers 0–1, with a validity item: the flags
/// on the total (raw) and on scale A's norm score.
const SPEC: &str = r#"
id = "MHT"
name = "心理健康诊断测验"
items = 4
answers = [0, 1]
grades = [4, 12]
total = "sum"
validity = ["效度", 1.0]
scales = [
  { name = "甲", items = [1, 2] },
  { name = "乙", items = [3] },
  { name = "效度", items = [4] },
]
flags = [
  { scale = "甲", norm = true, at = 8.0, tier = "attention" },
  { scale = "总分", at = 3.0, tier = "priority" },
]
"#;

const SCALE: &str = "学籍号,年级,班级,监护人同意,量表,第1题,第2题,第3题,第4题";

#[tokio::test]
async fn a_district_instrument_is_scored_by_its_data_and_its_norms() {
    let f = fixture(SchoolKind::Primary, 5, 4).await;
    let actor = operator();
    let op = Caller::Operator(&actor);
    let settings = MentalSettings::default();
    let norms = "scale,raw,norm\n甲,2,9\n甲,1,5\n";
    let mht = Loaded::parse(SPEC, Some(norms)).unwrap();
    let wave = round(&f.store, HealthKind::Mental, "小学高年级测评", "2024-11-01").await;
    let n = &f.numbers;
    let row = |k: &StudentNumber, id: &str, a: &str| format!("{},5,1班,是,{id},{a}", k.expose());
    // An instrument the district has not loaded, and answers out of its range: located.
    let bad = vec![row(&n[0], "SCL90", "0,0,0,0"), row(&n[1], "MHT", "0,2,0,0")];
    let e = mental::import_scale(
        &f.store,
        Some(&keys()),
        &op,
        &wave,
        &f.school,
        &csv(SCALE, &bad),
        "s.csv",
        &junheng_io::Limits::default(),
        &settings,
        std::slice::from_ref(&mht),
        "2024-11-02",
    )
    .await
    .unwrap_err();
    let Refused::Problems(p) = e else {
        panic!("{e:?}")
    };
    assert_eq!(p.issues.len(), 2);
    assert!(p.issues[0].message.contains("SCL90"));
    assert_eq!(p.issues[1].row, Some(3));
    let rows = vec![
        row(&n[0], "MHT", "0,0,0,0"),
        row(&n[1], "MHT", "1,1,0,0"), // 甲 norm 9: 关注
        row(&n[2], "MHT", "1,1,1,0"), // total 3: 重点
        row(&n[3], "MHT", "1,1,1,1"), // validity: discarded, retest
    ];
    let done = mental::import_scale(
        &f.store,
        Some(&keys()),
        &op,
        &wave,
        &f.school,
        &csv(SCALE, &rows),
        "s.csv",
        &junheng_io::Limits::default(),
        &settings,
        std::slice::from_ref(&mht),
        "2024-11-02",
    )
    .await
    .unwrap();
    assert_eq!(done.cases, 2);
    let g5 = &mental::district_counts(&f.store, &wave)
        .await
        .unwrap()
        .grades[&5];
    assert_eq!((g5.screened, g5.invalid), (4, 1));
    assert_eq!(g5.tiers, [2, 1, 1]);
    let lines = cases::list(&f.store, Some(&keys()), &op, true, "2024-11-02", "t")
        .await
        .unwrap();
    assert!(lines.iter().all(|l| l.content.tier < Tier::Crisis));
    assert!(
        lines
            .iter()
            .any(|l| l.content.reasons.iter().any(|r| r.contains("常模分")))
    );
}
