//! The exam use cases on a real SQLite store: files matched to the registry's grade, the report
//! as each standing sees it, a 成绩单 read only where allowed and always recorded, value added
//! between two exams of the cohort.

use junheng_core::exam::{QualitySettings, Tenths, UnitLevel};
use junheng_core::school::SchoolKind;
use junheng_store::{Actor, ExamKind, ExamScope, Role, Scope};

use super::import::{ExamIn, FileIn, create, import_school};
use super::report::report;
use super::{Refused, card, value_added};
use crate::pairings::Caller;
use crate::testing::{Fixture, fixture, keys, user};

async fn exam(f: &Fixture, name: &str, date: &str) -> i64 {
    let admin = Actor::new("admin");
    let e = create(
        &f.store,
        &Caller::Operator(&admin),
        &QualitySettings::default(),
        &ExamIn {
            name,
            year: 2024,
            on_date: date,
            grade: 8,
            kind: ExamKind::Final,
            scope: ExamScope::District,
            subjects: vec![("数学".into(), Tenths::points(100))],
        },
    )
    .await
    .unwrap();
    e.id
}

/// Imports both schools' files: child `i` of the school scores `base + 3·i` (the last 缺考).
async fn import(f: &Fixture, exam: i64, base: u32) {
    let admin = Actor::new("admin");
    let n = f.numbers.len() - 1;
    let mut text = String::from("学籍号,姓名,班级,数学\n");
    for (i, number) in f.numbers[..n].iter().enumerate() {
        let class = if i < n / 2 { "1班" } else { "2班" };
        let score = if i == n - 1 {
            "缺考".to_owned()
        } else {
            (base + 3 * i as u32).to_string()
        };
        text.push_str(&format!("{},,{class},{score}\n", number.expose()));
    }
    let other = format!(
        "学籍号,姓名,班级,数学\n{},,1班,{base}\n",
        f.numbers[n].expose()
    );
    for (school, body) in [(&f.school, text), (&f.other, other)] {
        let file = FileIn {
            school,
            name: "成绩.csv",
            bytes: body.as_bytes(),
        };
        import_school(
            &f.store,
            &Caller::Operator(&admin),
            Some(&keys()),
            exam,
            file,
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn each_standing_sees_its_part_and_cards_are_read_on_the_record() {
    let f = fixture(SchoolKind::Junior, 8, 12).await;
    let id = exam(&f, "八年级期末", "2025-01-10").await;
    import(&f, id, 60).await;
    let s = QualitySettings::default();
    let k = keys();
    let admin = Actor::new("admin");
    let whole = report(&f.store, &Caller::Operator(&admin), Some(&k), id, &s, 1)
        .await
        .unwrap();
    let levels = |r: &super::report::Report| -> Vec<(UnitLevel, String)> {
        r.papers[0]
            .rows
            .iter()
            .map(|r| (r.level, r.name.clone()))
            .collect()
    };
    // 11 sat at the school (60 … 90 by 3), one 缺考; one at the other school (60).
    let pool = &whole.papers[0].rows[0];
    assert_eq!((pool.enrolled, pool.sat), (13, 12));
    let mean = ((0..11).map(|i| 60.0 + 3.0 * f64::from(i)).sum::<f64>() + 60.0) / 12.0;
    assert!((pool.mean.unwrap() - mean).abs() < 1e-9);
    assert_eq!(
        levels(&whole)
            .iter()
            .filter(|(l, _)| *l == UnitLevel::School)
            .count(),
        2
    );

    let other = user("other", Role::School, Scope::School(f.other.clone()));
    let theirs = report(&f.store, &Caller::User(&other), Some(&k), id, &s, 1)
        .await
        .unwrap();
    let names = levels(&theirs);
    assert_eq!(names[0].0, UnitLevel::All, "the pool is always beside");
    assert!(names.iter().all(|(l, _)| {
        *l != UnitLevel::School
            || theirs.papers[0]
                .rows
                .iter()
                .any(|r| r.code == f.other.as_str())
    }));
    assert!(
        theirs.papers[0]
            .rows
            .iter()
            .skip(1)
            .all(|r| r.code == f.other.as_str())
    );
    assert!(
        theirs.papers[0].spread.is_none(),
        "the estimates are the district's"
    );
    // The other school has one student: with the default smallest cell its figures are hidden.
    let hidden = report(&f.store, &Caller::User(&other), Some(&k), id, &s, 10)
        .await
        .unwrap();
    let row = hidden.papers[0]
        .rows
        .iter()
        .find(|r| r.level == UnitLevel::School)
        .unwrap();
    assert!(row.suppressed && row.mean.is_none() && row.sat == 1);

    let teacher = user(
        "t",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "八年级1班".into(),
        },
    );
    let class = report(&f.store, &Caller::User(&teacher), Some(&k), id, &s, 1)
        .await
        .unwrap();
    let rows = &class.papers[0].rows;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[1].name.ends_with("1班"));

    let city = user("c", Role::City, Scope::City("5001".into()));
    let district = report(&f.store, &Caller::User(&city), Some(&k), id, &s, 1)
        .await
        .unwrap();
    assert_eq!(district.papers[0].rows.len(), 1);
    assert!(district.papers[0].spread.is_some());
    let care = user("x", Role::CareOfficer, Scope::School(f.school.clone()));
    assert!(matches!(
        report(&f.store, &Caller::User(&care), Some(&k), id, &s, 1).await,
        Err(Refused::Denied)
    ));

    // A 成绩单: the school and the class's 班主任 only, and recorded.
    let pseudonym = k.pseudonym(&f.numbers[0]);
    let child = f.store.student_id(&pseudonym).await.unwrap().unwrap();
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let got = card::card(
        &f.store,
        &Caller::User(&school),
        Some(&k),
        id,
        &f.school,
        child,
        &s,
        "/t",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(got.card.lines[0].score, Some(60.0));
    assert_eq!(f.store.student_access(child, 50).await.unwrap().len(), 1);
    let got = card::card(
        &f.store,
        &Caller::User(&teacher),
        Some(&k),
        id,
        &f.school,
        child,
        &s,
        "/t",
    )
    .await
    .unwrap();
    assert!(got.is_some(), "child 0 is in 1班");
    let second = user(
        "t2",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "八年级2班".into(),
        },
    );
    for who in [&second, &other] {
        assert!(matches!(
            card::card(
                &f.store,
                &Caller::User(who),
                Some(&k),
                id,
                &f.school,
                child,
                &s,
                "/t"
            )
            .await,
            Err(Refused::Denied)
        ));
    }
    assert_eq!(
        f.store.student_access(child, 50).await.unwrap().len(),
        2,
        "refusals read nothing"
    );

    // Value added: the same children later, the school 5 points up on the other.
    let later = exam(&f, "八年级期中", "2025-04-20").await;
    import(&f, later, 65).await;
    let va = value_added::value_added(&f.store, &Caller::Operator(&admin), Some(&k), id, later, &s)
        .await
        .unwrap();
    let schools: Vec<_> = va.subjects[0]
        .rows
        .iter()
        .filter(|r| r.level == "学校")
        .collect();
    assert_eq!(schools.len(), 2);
    assert_eq!(schools[0].unit.coverage, Some(1.0));
    assert!(matches!(
        value_added::value_added(&f.store, &Caller::Operator(&admin), Some(&k), later, id, &s)
            .await,
        Err(Refused::Store(_))
    ));
}

#[tokio::test]
async fn a_school_below_the_warning_line_twice_escalates_and_its_task_is_raised_once() {
    use junheng_core::bands::{BandPolicy, EscalationLevel, LineRule};

    let f = fixture(SchoolKind::Junior, 8, 12).await;
    let first = exam(&f, "八年级期中", "2024-11-10").await;
    import(&f, first, 60).await;
    let second = exam(&f, "八年级期末", "2025-01-10").await;
    import(&f, second, 60).await;
    let admin = Actor::new("admin");
    // Two schools; an absolute 警戒线 the weaker falls under (its 平均分 and rates trail).
    let policy = BandPolicy {
        warning: LineRule::Absolute { threshold: 99.0 },
        ..BandPolicy::default()
    };
    let s = QualitySettings::default();
    let board = super::bands::board(
        &f.store,
        &Caller::Operator(&admin),
        Some(&keys()),
        &[second, first],
        &s,
        &policy,
    )
    .await
    .unwrap();
    assert_eq!(board.periods.len(), 2);
    assert_eq!(board.periods[0].exam.name, "八年级期中", "oldest first");
    let escalated = board.escalated();
    assert_eq!(escalated.len(), 1, "{escalated:?}");
    assert_eq!(escalated[0].0, f.other.as_str());
    assert_eq!(
        (escalated[0].2, escalated[0].3),
        (EscalationLevel::Interview, 2)
    );
    let who = crate::tasks::Who::operator(&admin);
    assert_eq!(
        super::bands::raise(&f.store, &who, &board, 30)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        super::bands::raise(&f.store, &who, &board, 30)
            .await
            .unwrap()
            .is_empty()
    );
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    assert!(matches!(
        super::bands::board(
            &f.store,
            &Caller::User(&school),
            Some(&keys()),
            &[first],
            &s,
            &policy
        )
        .await,
        Err(Refused::Denied)
    ));
}
