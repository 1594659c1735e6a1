use junheng_core::school::SchoolKind;
use junheng_io::teachers::training::read_training;
use junheng_rotation::synth::example_teacher;
use junheng_store::{Actor, Role, Scope};
use junheng_teachers::training::{Day, Hours, Level, Source, TrainingRules, Verdict};

use super::*;
use crate::testing::{fixture, user};

const HEAD: &str = "教师编号,培训项目,培训级别,开始日期,结束日期,学时\n";

fn roster(f: &crate::testing::Fixture) -> Vec<junheng_rotation::Teacher> {
    let mut a = example_teacher(2010, 1980);
    a.school = f.school.clone();
    let mut b = example_teacher(2010, 1985);
    b.id = TeacherId::parse("T0002").unwrap();
    b.school = f.other.clone();
    vec![a, b]
}

#[tokio::test]
async fn a_ledger_is_imported_whole_once_withdrawn_with_confirmation_and_scoped() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let body = format!(
        "{HEAD}T0001,国培甲,国培,2022-07-01,2022-07-05,360\nT0002,区培乙,区,2023-03-01,2023-03-01,359.5\n"
    );
    let file = read_training(body.as_bytes(), "台账.csv").unwrap();
    // Without a roster: a conflict.
    let err = import(&f.store, &op, 2024, &file, body.as_bytes())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("花名册"), "{err}");
    f.store
        .replace_roster(2024, &roster(&f), &actor)
        .await
        .unwrap();
    // A teacher outside the roster: located, nothing written.
    let bad =
        format!("{HEAD}T0001,课,校,2024-01-01,2024-01-01,1\nT9999,课,校,2024-01-01,2024-01-01,1\n");
    let bad_file = read_training(bad.as_bytes(), "坏.csv").unwrap();
    let Err(Refused::Problems(p)) = import(&f.store, &op, 2024, &bad_file, bad.as_bytes()).await
    else {
        panic!("problems expected");
    };
    assert_eq!(
        (p.issues[0].row, p.issues[0].code),
        (Some(3), codes::TEACHER_UNKNOWN)
    );
    assert!(f.store.training_records().await.unwrap().is_empty());
    // Imported, then the same file again adds nothing.
    let done = import(&f.store, &op, 2024, &file, body.as_bytes())
        .await
        .unwrap();
    let batch = done.batch.unwrap();
    assert_eq!(batch.records, 2);
    assert_eq!(
        import(&f.store, &op, 2024, &file, body.as_bytes())
            .await
            .unwrap()
            .batch,
        None
    );
    // A school's admin may not write.
    let head = user("head", Role::Admin, Scope::School(f.school.clone()));
    let record = TrainingRecord {
        teacher: TeacherId::parse("T0002").unwrap(),
        course: "校本".into(),
        level: Level::School,
        start: Day::parse("2025-12-31").unwrap(),
        end: Day::parse("2025-12-31").unwrap(),
        hours: Hours::parse("0.5").unwrap(),
        certificate: None,
        source: Source::Entered,
    };
    assert!(matches!(
        add(&f.store, &Caller::User(&head), 2024, &record).await,
        Err(Refused::Denied)
    ));
    let rules = TrainingRules::default();
    let as_of = Day::parse("2026-03-01").unwrap();
    let s = status(&f.store, None, &rules, None, None, as_of)
        .await
        .unwrap();
    assert_eq!(s.rates.cycle.label(), "2021–2025");
    assert_eq!(
        (s.rates.district.assessed, s.rates.district.completed),
        (2, 1)
    );
    assert_eq!(s.rates.item9.verdict, Verdict::NotMet);
    // 359.5 + 0.5 on 31 December completes.
    let added = add(&f.store, &op, 2024, &record)
        .await
        .unwrap()
        .batch
        .unwrap();
    let s = status(&f.store, None, &rules, None, None, as_of)
        .await
        .unwrap();
    assert_eq!(s.rates.item9.verdict, Verdict::Met);
    assert_eq!(s.batches.len(), 2);
    // A school sees its own teacher only.
    let mine = status(&f.store, Some(&f.school), &rules, None, None, as_of)
        .await
        .unwrap();
    assert_eq!(mine.rates.district.assessed, 1);
    assert!(mine.batches.is_empty());
    let id = TeacherId::parse("T0002").unwrap();
    let log = junheng_store::Store::open(&f.url).await.unwrap();
    let reads = || async {
        log.audit_log(&junheng_store::AuditFilter {
            action_prefix: Some("training.teacher_read".into()),
            ..Default::default()
        })
        .await
        .unwrap()
    };
    // Another school's teacher is not found, and the refusal reads nothing.
    assert!(matches!(
        teacher(&f.store, &op, Some(&f.school), &rules, &id, as_of, "page").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(reads().await.is_empty());
    let d = teacher(&f.store, &op, None, &rules, &id, as_of, "json")
        .await
        .unwrap();
    assert!(d.previous.completed && d.records.len() == 2);
    assert_eq!(d.current.cycle.label(), "2026–2030");
    assert_eq!(d.records[1].source, Source::Entered);
    let read = reads().await;
    assert_eq!(read.len(), 1);
    assert_eq!(
        (read[0].target.as_str(), read[0].detail.as_str()),
        ("teacher:T0002", "via=json")
    );
    // A teacher outside the year's roster is refused at the 教师编号 field.
    let stranger = TrainingRecord {
        teacher: TeacherId::parse("T9999").unwrap(),
        ..record.clone()
    };
    let Err(Refused::Problems(p)) = add(&f.store, &op, 2024, &stranger).await else {
        panic!("problems expected");
    };
    assert_eq!(p.issues[0].code, codes::TEACHER_UNKNOWN);
    assert_eq!(p.issues[0].column.as_deref(), Some(columns::TEACHER));
    // Withdrawal needs the tick.
    assert!(withdraw(&f.store, &op, added.id, false).await.is_err());
    withdraw(&f.store, &op, added.id, true).await.unwrap();
    let s = status(&f.store, None, &rules, None, None, as_of)
        .await
        .unwrap();
    assert_eq!(s.rates.item9.verdict, Verdict::NotMet);
}

#[tokio::test]
async fn budgets_are_replaced_only_when_confirmed() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let b = |training| Budget {
        school: f.school.clone(),
        year: 2026,
        public_funds: 100_000,
        training,
    };
    assert_eq!(
        set_budgets(&f.store, &op, &[b(4_999)], false)
            .await
            .unwrap(),
        1
    );
    let err = set_budgets(&f.store, &op, &[b(5_000)], false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("确认替换"), "{err}");
    set_budgets(&f.store, &op, &[b(5_000)], true).await.unwrap();
    let unknown = Budget {
        school: junheng_core::school::SchoolCode::parse("9999999999").unwrap(),
        ..b(1)
    };
    assert!(set_budgets(&f.store, &op, &[unknown], false).await.is_err());
    let rules = TrainingRules::default();
    let s = status(
        &f.store,
        Some(&f.school),
        &rules,
        None,
        None,
        Day::parse("2026-03-01").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(s.item4.verdict, Verdict::Met);
    let s = status(
        &f.store,
        None,
        &rules,
        None,
        None,
        Day::parse("2026-03-01").unwrap(),
    )
    .await
    .unwrap();
    // The other schools have no budget.
    assert_eq!(s.item4.verdict, Verdict::NotMet);
}
