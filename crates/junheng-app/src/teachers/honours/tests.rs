use junheng_core::school::SchoolKind;
use junheng_rotation::synth::example_teacher;
use junheng_rotation::{BackboneLevel, Teacher};
use junheng_store::{Actor, Role, Scope};
use junheng_teachers::pipeline::PipelineSettings;

use super::*;
use crate::teachers::{pipeline, record};
use crate::testing::{fixture, user};

fn teacher(
    id: &str,
    year: i32,
    school: &junheng_core::school::SchoolCode,
    level: BackboneLevel,
) -> Teacher {
    let mut t = example_teacher(2010, 1985);
    t.id = TeacherId::parse(id).unwrap();
    t.year = year;
    t.school = school.clone();
    t.backbone = level;
    t
}

fn csv(kind: Kind, rows: &[&str]) -> Vec<u8> {
    let head: Vec<&str> = kind.columns().iter().map(|c| c.header).collect();
    format!("{}\n{}\n", head.join(","), rows.join("\n")).into_bytes()
}

#[tokio::test]
async fn imports_are_checked_replaced_with_consent_withdrawn_and_seen_by_pass() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let admin = Actor::new("operator");
    for year in [2023, 2024] {
        let roster = [
            teacher("T1", year, &f.school, BackboneLevel::None),
            teacher("T2", year, &f.other, BackboneLevel::District),
        ];
        f.store.replace_roster(year, &roster, &admin).await.unwrap();
    }
    let op = Caller::Operator(&admin);
    let s = HonoursSettings::default();
    let bad = read(
        Kind::Ethics,
        &csv(Kind::Ethics, &["T1,2024,合格", "T9,2024,优秀"]),
        "师德.csv",
        &s,
    )
    .unwrap();
    let Err(Refused::Problems(p)) = import(&f.store, &op, &bad, "", false).await else {
        panic!("unknown teacher")
    };
    assert_eq!(p.issues.len(), 1);
    assert_eq!(
        (p.issues[0].row, p.issues[0].code),
        (Some(3), codes::ethics::TEACHER_UNKNOWN)
    );

    let good = read(
        Kind::Ethics,
        &csv(Kind::Ethics, &["T1,2024,合格", "T2,2024,不合格"]),
        "师德.csv",
        &s,
    )
    .unwrap();
    import(&f.store, &op, &good, "", false).await.unwrap();
    let again = entered(Records::Ethics(vec![EthicsResult {
        teacher: TeacherId::parse("T1").unwrap(),
        year: 2024,
        level: "优秀".into(),
    }]));
    let Err(Refused::Store(StoreError::Conflict(m))) =
        import(&f.store, &op, &again, "", false).await
    else {
        panic!("needs consent")
    };
    assert!(m.contains("1 位"), "{m}");
    let batch = import(&f.store, &op, &again, "", true).await.unwrap();
    assert_eq!(batch.file_name, ENTERED);

    // A school administrator may not write; a group lead holds no pass.
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let as_school = Caller::User(&school);
    assert!(matches!(
        withdraw(&f.store, &as_school, batch.id).await,
        Err(Refused::Denied)
    ));
    let lead = user("g", Role::GroupLead, Scope::Group("一集团".into()));
    assert!(HonoursPass::of(&Caller::User(&lead)).is_none());

    let pass = HonoursPass::of(&as_school).unwrap();
    let v = view(&f.store, &pass, None, &s).await.unwrap().unwrap();
    assert_eq!((v.year, v.schools.len()), (2024, 1));
    assert_eq!(v.schools[0].ethics, [1, 0, 0, 0]);
    assert_eq!(v.ethics.len(), 1);
    let district = view(&f.store, &HonoursPass::of(&op).unwrap(), Some(2024), &s)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failing_schools(&district).len(), 1);

    withdraw(&f.store, &op, batch.id).await.unwrap();
    let v = view(&f.store, &pass, None, &s).await.unwrap().unwrap();
    assert_eq!(v.schools[0].ethics, [0, 1, 0, 0]);

    // The record: honours with the pass only; nothing of a school not seen.
    let t1 = TeacherId::parse("T1").unwrap();
    let r = record::record(&f.store, &as_school, &t1, |c| c == &f.school, day())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.roster.len(), 2);
    assert_eq!(r.honours.unwrap().ethics.len(), 1);
    let as_lead = Caller::User(&lead);
    let r = record::record(&f.store, &as_lead, &t1, |_| true, day())
        .await
        .unwrap()
        .unwrap();
    assert!(r.honours.is_none());
    assert!(
        record::record(
            &f.store,
            &as_school,
            &TeacherId::parse("T2").unwrap(),
            |c| c == &f.school,
            day()
        )
        .await
        .unwrap()
        .is_none()
    );

    // The pipeline of the two years, narrowed to one school.
    let (p, years) = pipeline::compute(&f.store, None, &PipelineSettings::default(), |c| {
        c == &f.other
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(years, [2024, 2023]);
    assert_eq!(
        (p.schools.len(), p.district.backbone, p.district.teachers),
        (1, 1, 1)
    );
    assert_eq!(p.district.flows.unwrap().gained(), 0);
}

/// The day the records are read on.
fn day() -> junheng_teachers::training::Day {
    junheng_teachers::training::Day::new(2026, 6, 1).unwrap()
}
