use junheng_core::school::SchoolKind;
use junheng_labour::five::FiveTargets;
use junheng_store::{Actor, AuditFilter, Role, Scope, Store};

use super::*;
use crate::testing::{fixture, user};

fn csv(kind: Kind, rows: &[String]) -> Vec<u8> {
    let head: Vec<&str> = kind.columns().iter().map(|c| c.header).collect();
    format!("{}\n{}\n", head.join(","), rows.join("\n")).into_bytes()
}

#[tokio::test]
async fn unknown_schools_and_bases_are_refused_and_a_day_over_capacity_is_reported() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let (a, b) = (f.school.as_str(), f.other.as_str());
    let bases = read(
        Kind::Bases,
        &csv(
            Kind::Bases,
            &["蚕桑基地,农场,50,".into(), format!("校园农场,校内,30,{a}")],
        ),
        "基地.csv",
    )
    .unwrap();
    let done = import(&f.store, &op, &bases, "").await.unwrap();
    assert_eq!(done.batch.records, 2);
    // The same names again: refused, nothing written.
    let Err(Refused::Problems(p)) = import(&f.store, &op, &bases, "").await else {
        panic!("names taken")
    };
    assert_eq!(p.issues[0].code, codes::bases::ALREADY_STORED);

    let visits =
        |rows: &[String]| read(Kind::Visits, &csv(Kind::Visits, rows), "活动.csv").unwrap();
    let bad = visits(&[
        format!("蚕桑基地,{a},2025-10-15,20,"),
        "蚕桑基地,5001139999,2025-10-15,20,".into(),
        format!("果园,{b},2025-10-16,20,"),
    ]);
    let Err(Refused::Problems(p)) = import(&f.store, &op, &bad, "").await else {
        panic!("unknown school and base")
    };
    let found: Vec<_> = p.issues.iter().map(|i| (i.row, i.code)).collect();
    assert_eq!(
        found,
        [
            (Some(3), codes::visits::SCHOOL_UNKNOWN),
            (Some(4), codes::visits::BASE_UNKNOWN)
        ]
    );
    assert!(
        f.store
            .labour_batches(&["visits"])
            .await
            .unwrap()
            .is_empty()
    );

    // 40 stored, then 20 more on the same day: 60 of 50, stored and reported on the row.
    let first = visits(&[format!("蚕桑基地,{a},2025-10-15,40,采桑")]);
    assert!(
        import(&f.store, &op, &first, "")
            .await
            .unwrap()
            .warnings
            .is_empty()
    );
    let more = visits(&[
        format!("蚕桑基地,{b},2025-10-16,10,"),
        format!("蚕桑基地,{b},2025-10-15,20,"),
    ]);
    let done = import(&f.store, &op, &more, "").await.unwrap();
    let w: Vec<_> = done.warnings.iter().map(|w| (w.row, w.code)).collect();
    assert_eq!(w, [(Some(3), codes::visits::OVER_CAPACITY)]);
    assert!(
        done.warnings[0].message.contains("60"),
        "{}",
        done.warnings[0].message
    );
    let v = bases::view(&f.store, &Sight::district(), None)
        .await
        .unwrap();
    assert_eq!(v.year, Some(2025));
    let silk = v.bases.iter().find(|l| l.base.name == "蚕桑基地").unwrap();
    assert_eq!(silk.used.over_capacity.len(), 1);
    assert_eq!((silk.used.visits, silk.used.students), (3, 70));

    // A school's account enters its own visits only, and no base; it sees its own row.
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let theirs = entered(Records::Visits(vec![file::VisitRow {
        base: "蚕桑基地".into(),
        school: f.other.clone(),
        day: Day::parse("2025-11-01").unwrap(),
        students: 5,
        note: String::new(),
    }]));
    let Err(Refused::Problems(p)) = import(&f.store, &Caller::User(&school), &theirs, "").await
    else {
        panic!("another school's visit")
    };
    assert_eq!(p.issues[0].code, codes::visits::SCHOOL_UNKNOWN);
    assert!(matches!(
        import(&f.store, &Caller::User(&school), &bases, "").await,
        Err(Refused::Denied)
    ));
    let mine = bases::view(&f.store, &Sight::of(&Caller::User(&school)), None)
        .await
        .unwrap();
    assert_eq!(mine.schools.len(), 1);
    assert!(mine.visits.iter().all(|v| v.visit.school == f.school));

    // A base in use cannot be withdrawn; its visits first.
    let base_batch = done.batch.id - 2;
    assert!(matches!(
        withdraw(&f.store, &op, base_batch).await,
        Err(Refused::Store(StoreError::Conflict(_)))
    ));
    withdraw(&f.store, &op, done.batch.id).await.unwrap();
}

#[tokio::test]
async fn targets_are_the_administrators_and_audited() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let admin = user("boss", Role::Admin, Scope::District);
    let t = FiveTargets {
        breaks_per_mille: 990,
        ..FiveTargets::default()
    };
    assert!(matches!(
        five::set_targets(&f.store, &Caller::User(&school), &t).await,
        Err(Refused::Denied)
    ));
    assert_eq!(
        f.store.five_targets().await.unwrap(),
        FiveTargets::default()
    );
    five::set_targets(&f.store, &Caller::User(&admin), &t)
        .await
        .unwrap();
    assert_eq!(f.store.five_targets().await.unwrap(), t);
    let over = FiveTargets {
        arts_per_mille: 1001,
        ..t
    };
    assert!(
        five::set_targets(&f.store, &Caller::User(&admin), &over)
            .await
            .is_err()
    );
    let store = Store::open(&f.url).await.unwrap();
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("five.targets".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "boss");
    assert_eq!(log[0].detail, "from=980/900/500/0/0 to=990/900/500/0/0");

    // 大课间 of one school below the target; the newest batch of a term is the record.
    let breaks = |held: u32| {
        entered(Records::Breaks(vec![junheng_labour::five::BreakRecord {
            school: f.school.clone(),
            term: junheng_labour::calendar::Term {
                year: 2025,
                semester: junheng_labour::calendar::Semester::First,
            },
            days_held: held,
            school_days: 100,
        }]))
    };
    let me = Caller::User(&school);
    import(&f.store, &me, &breaks(97), "").await.unwrap();
    let v = five::view(&f.store, &Sight::of(&me), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.report.schools.len(), 1);
    assert_eq!(v.report.schools[0].met.breaks, Some(false));
    import(&f.store, &me, &breaks(99), "").await.unwrap();
    let v = five::view(&f.store, &Sight::district(), Some(2025))
        .await
        .unwrap()
        .unwrap();
    let row = v
        .report
        .schools
        .iter()
        .find(|s| s.school == f.school)
        .unwrap();
    assert_eq!((row.breaks.part, row.met.breaks), (99, Some(true)));
}

#[tokio::test]
async fn a_group_lead_sees_the_group_s_schools_only() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let records = f.store.statistics(2024, None).await.unwrap();
    let in_group = records
        .iter()
        .find(|r| r.parent_code.is_none() && r.group.is_some())
        .unwrap();
    let group = in_group.group.clone().unwrap();
    let outside = records
        .iter()
        .find(|r| r.parent_code.is_none() && r.group.as_deref() != Some(group.as_str()))
        .unwrap();
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let arts = entered(Records::Arts(
        [&in_group.code, &outside.code]
            .into_iter()
            .map(|s| junheng_labour::five::ArtsRecord {
                school: s.clone(),
                year: 2024,
                students_reached: 90,
                students: 100,
            })
            .collect(),
    ));
    import(&f.store, &op, &arts, "").await.unwrap();
    let lead = user("g", Role::GroupLead, Scope::Group(group.clone()));
    let v = five::view(&f.store, &Sight::of(&Caller::User(&lead)), None)
        .await
        .unwrap()
        .unwrap();
    let groups: HashMap<_, _> = records.iter().map(|r| (&r.code, &r.group)).collect();
    assert!(!v.report.schools.is_empty());
    assert!(
        v.report
            .schools
            .iter()
            .all(|s| groups[&s.school].as_deref() == Some(group.as_str()))
    );
    // The district's figures are over every school.
    assert_eq!(v.report.district.arts.part, 180);
    let other = user("o", Role::DropoutOfficer, Scope::District);
    let v = five::view(&f.store, &Sight::of(&Caller::User(&other)), None)
        .await
        .unwrap()
        .unwrap();
    assert!(v.report.schools.is_empty());
}
