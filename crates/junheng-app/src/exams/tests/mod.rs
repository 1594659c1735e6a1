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
    exam_of(f, name, date, &["数学"]).await
}

/// An exam of 八年级 on these 100-point subjects.
async fn exam_of(f: &Fixture, name: &str, date: &str, subjects: &[&str]) -> i64 {
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
            subjects: subjects
                .iter()
                .map(|s| ((*s).to_owned(), Tenths::points(100)))
                .collect(),
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
        .filter(|r| r.level == UnitLevel::School)
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

/// The report's literacy levels and box plots against a hand-worked monitoring paper.
mod levels_and_boxes {
    use junheng_core::exam::{
        ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths, UnitLevel, figures,
    };
    use junheng_core::school::SchoolCode;
    use junheng_store::{ExamInfo, ExamKind, ExamScope};

    use super::super::report::{Report, Row, build};
    use super::super::who::Sight;

    /// 数学素养 (100 points): 甲 30 45 55 70 82 90 and one 缺考 in 1班; 乙 50 95 in 1班.
    fn report(sight: &Sight, settings: &QualitySettings, min_cell: u32) -> Report {
        let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines(
            "数学素养",
            Tenths::points(100),
        )]);
        let a = b.school("5001120001", "甲校");
        let z = b.school("5001120002", "乙校");
        let marks = [
            (a, Some(30)),
            (a, Some(45)),
            (a, Some(55)),
            (a, Some(70)),
            (a, Some(82)),
            (a, Some(90)),
            (a, None),
            (z, Some(50)),
            (z, Some(95)),
        ];
        for (k, (school, score)) in marks.into_iter().enumerate() {
            let i = b.student(school, "1班", k as u128 + 1).unwrap();
            let mark = score.map_or(Mark::Absent, |s| Mark::Score(Tenths::points(s)));
            b.mark(i, 0, mark).unwrap();
        }
        let exam = b.build();
        let info = ExamInfo {
            id: 1,
            name: "八年级质量监测".into(),
            year: 2024,
            on_date: "2024-10-20".into(),
            grade: 8,
            kind: ExamKind::Monitoring,
            scope: ExamScope::District,
            papers: String::new(),
            created_by: "admin".into(),
        };
        let f = figures(&exam, settings);
        build(info, &exam, &f, sight, settings, min_cell, Vec::new())
    }

    fn cuts() -> QualitySettings {
        let mut s = QualitySettings::default();
        s.levels
            .subjects
            .insert("数学素养".into(), [40.0, 60.0, 80.0]);
        s
    }

    fn row<'a>(r: &'a Report, level: UnitLevel, name: &str) -> &'a Row {
        r.papers[0]
            .rows
            .iter()
            .find(|row| row.level == level && row.name.starts_with(name))
            .unwrap()
    }

    #[test]
    fn a_schools_levels_and_box_are_its_scores_and_small_cells_get_neither() {
        let r = report(&Sight::Everything, &cuts(), 3);
        let scale = r.papers[0].levels.as_ref().unwrap();
        assert_eq!(scale.cuts, [40.0, 60.0, 80.0]);
        assert_eq!(scale.labels[2], "水平Ⅲ");
        // 甲 (the 缺考 outside): Ⅰ {30}, Ⅱ {45, 55}, Ⅲ {70}, Ⅳ {82, 90}.
        let a = row(&r, UnitLevel::School, "甲校");
        let l = a.levels.as_ref().unwrap();
        assert_eq!(l.counts, [1, 2, 1, 2]);
        assert_eq!(l.shares, Some([1.0 / 6.0, 2.0 / 6.0, 1.0 / 6.0, 2.0 / 6.0]));
        assert_eq!(l.at_least_three, Some(0.5));
        // Six scores, type 7: Q1 at h = 1.25 → 45 + 0.25·10; median h = 2.5 → 55 + 0.5·15;
        // Q3 h = 3.75 → 70 + 0.75·12.
        let b = a.box_plot.unwrap();
        assert_eq!(
            (b.min, b.q1, b.median, b.q3, b.max),
            (30.0, 47.5, 62.5, 79.0, 90.0)
        );
        // The pool, eight scores: Ⅰ {30}, Ⅱ {45, 50, 55}, Ⅲ {70}, Ⅳ {82, 90, 95};
        // Q1 h = 1.75 → 45 + 0.75·5, median h = 3.5 → 62.5, Q3 h = 5.25 → 82 + 0.25·8.
        let pool = row(&r, UnitLevel::All, "全体");
        assert_eq!(pool.levels.as_ref().unwrap().counts, [1, 3, 1, 3]);
        let b = pool.box_plot.unwrap();
        assert_eq!(
            (b.min, b.q1, b.median, b.q3, b.max),
            (30.0, 48.75, 62.5, 84.0, 95.0)
        );
        // 乙 sat 2 < 3: its counts only — no levels, no box (its quartiles are its students).
        let z = row(&r, UnitLevel::School, "乙校");
        assert!(z.suppressed && z.sat == 2);
        assert!(z.levels.is_none() && z.box_plot.is_none());
        // Classes have no levels (the engine counts them by school) and no box.
        let class = row(&r, UnitLevel::Class, "甲校 · 1班");
        assert!(!class.suppressed && class.levels.is_none() && class.box_plot.is_none());
        // With min_cell 2, 乙 shows both.
        let r = report(&Sight::Everything, &cuts(), 2);
        let z = row(&r, UnitLevel::School, "乙校");
        assert_eq!(z.levels.as_ref().unwrap().counts, [0, 1, 0, 1]);
        assert_eq!(z.box_plot.unwrap().median, 72.5);
    }

    #[test]
    fn a_school_sees_its_box_beside_the_pools_and_no_cuts_means_no_levels() {
        let sight = Sight::School(SchoolCode::parse("5001120002").unwrap());
        let r = report(&sight, &cuts(), 2);
        let boxed: Vec<(UnitLevel, &str)> = r.papers[0]
            .rows
            .iter()
            .filter(|row| row.box_plot.is_some())
            .map(|row| (row.level, row.name.as_str()))
            .collect();
        assert_eq!(
            boxed,
            [(UnitLevel::All, "全体"), (UnitLevel::School, "乙校")]
        );
        let r = report(&Sight::Everything, &QualitySettings::default(), 1);
        assert!(r.papers[0].levels.is_none());
        assert!(r.papers[0].rows.iter().all(|row| row.levels.is_none()));
        assert!(row(&r, UnitLevel::School, "甲校").box_plot.is_some());
    }
}

mod teachers;
