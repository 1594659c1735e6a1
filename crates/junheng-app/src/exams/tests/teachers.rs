//! 任课教师: each class in the papers a teacher teaches, their pooled row, their value added; who
//! sees teacher rows.

use junheng_core::exam::{QualitySettings, UnitLevel};
use junheng_core::school::SchoolKind;
use junheng_store::{Actor, Role, Scope};

use super::super::import::{FileIn, import_school};
use super::super::report::report;
use super::super::{Refused, card, value_added};
use super::exam_of;
use crate::pairings::Caller;
use crate::testing::{Fixture, fixture, keys, user};

/// The report of exam `id` as `who` sees it (default settings, every cell shown).
async fn as_seen(f: &Fixture, who: &junheng_store::User, id: i64) -> super::super::report::Report {
    let s = QualitySettings::default();
    report(&f.store, &Caller::User(who), Some(&keys()), id, &s, 1)
        .await
        .unwrap()
}

#[tokio::test]
async fn teachers_see_their_classes_in_the_papers_they_teach() {
    let f = fixture(SchoolKind::Junior, 8, 12).await;
    let id = exam_of(&f, "八年级期中", "2024-11-12", &["数学", "语文"]).await;
    // 1班: 数学 T01, 语文 T02; 2班: 数学 T02, 语文 unnamed. Child i scores 60 + 3·i in both.
    let n = f.numbers.len() - 1;
    let mut text = String::from("学籍号,班级,数学,语文,数学任课教师,语文任课教师\n");
    for (i, number) in f.numbers[..n].iter().enumerate() {
        let (class, math, chinese) = if i < n / 2 {
            ("1班", "T01", "T02")
        } else {
            ("2班", "T02", "")
        };
        let score = 60 + 3 * i;
        let row = format!(
            "{},{class},{score},{score},{math},{chinese}\n",
            number.expose()
        );
        text.push_str(&row);
    }
    let admin = Actor::new("admin");
    let file = FileIn {
        school: &f.school,
        name: "成绩.csv",
        bytes: text.as_bytes(),
    };
    let k = keys();
    import_school(&f.store, &Caller::Operator(&admin), Some(&k), id, file)
        .await
        .unwrap();
    let s = QualitySettings::default();
    let rows_of = |r: &super::super::report::Report, p: usize| -> Vec<(UnitLevel, String)> {
        r.papers[p]
            .rows
            .iter()
            .filter(|r| r.level.inside_school())
            .map(|r| (r.level, r.name.rsplit(" · ").next().unwrap().to_owned()))
            .collect()
    };
    let whole = report(&f.store, &Caller::Operator(&admin), Some(&k), id, &s, 1)
        .await
        .unwrap();
    let class = |name: &str| (UnitLevel::Class, name.to_owned());
    let teacher = |name: &str| (UnitLevel::Teacher, name.to_owned());
    assert_eq!(
        rows_of(&whole, 0),
        [
            class("1班"),
            class("2班"),
            teacher("T01（1班）"),
            teacher("T02（2班）")
        ]
    );
    assert_eq!(
        rows_of(&whole, 1),
        [class("1班"), class("2班"), teacher("T02（1班）")]
    );
    assert!(
        rows_of(&whole, 2)
            .iter()
            .all(|(l, _)| *l == UnitLevel::Class),
        "总分 has no teacher"
    );
    // A teacher's unit is their classes pooled, never ranked.
    let row = |r: &super::super::report::Report, p: usize, name: &str| {
        r.papers[p]
            .rows
            .iter()
            .find(|r| r.name.ends_with(name))
            .unwrap()
            .clone()
    };
    let (one, t01) = (row(&whole, 0, "· 1班"), row(&whole, 0, "T01（1班）"));
    assert_eq!(
        (t01.sat, t01.mean, t01.rates),
        (one.sat, one.mean, one.rates)
    );
    assert_eq!(t01.rank, None);

    // T02 sees 2班 in 数学 and 1班 in 语文, and their own units; no school row, not T01.
    let t02 = user(
        "t02",
        Role::SubjectTeacher,
        Scope::Teacher {
            school: f.school.clone(),
            teacher: "T02".into(),
        },
    );
    let theirs = as_seen(&f, &t02, id).await;
    assert_eq!(rows_of(&theirs, 0), [class("2班"), teacher("T02（2班）")]);
    assert_eq!(rows_of(&theirs, 1), [class("1班"), teacher("T02（1班）")]);
    for p in &theirs.papers {
        assert!(
            p.rows.iter().all(|r| r.level != UnitLevel::School),
            "{:?}",
            p.subject
        );
        assert!(p.spread.is_none());
    }
    // The same 教师编号 at the other school sees nothing of this one.
    let elsewhere = user(
        "t02b",
        Role::SubjectTeacher,
        Scope::Teacher {
            school: f.other.clone(),
            teacher: "T02".into(),
        },
    );
    let none = as_seen(&f, &elsewhere, id).await;
    assert!(rows_of(&none, 0).is_empty() && rows_of(&none, 1).is_empty());
    // The school sees its teachers; a group lead and the city see none.
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let ours = as_seen(&f, &school, id).await;
    assert_eq!(rows_of(&ours, 0), rows_of(&whole, 0));
    let city = user("c", Role::City, Scope::City("5001".into()));
    let district = as_seen(&f, &city, id).await;
    assert!(rows_of(&district, 0).is_empty());
    // The teacher reads no 成绩单.
    let child = f
        .store
        .student_id(&k.pseudonym(&f.numbers[0]))
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        card::card(
            &f.store,
            &Caller::User(&t02),
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
    // Value added to a later exam (the same file): T02's classes per subject and their unit.
    let later = exam_of(&f, "八年级期末", "2025-01-10", &["数学", "语文"]).await;
    let file = FileIn {
        school: &f.school,
        name: "成绩.csv",
        bytes: text.as_bytes(),
    };
    import_school(&f.store, &Caller::Operator(&admin), Some(&k), later, file)
        .await
        .unwrap();
    let va = value_added::value_added(&f.store, &Caller::User(&t02), Some(&k), id, later, &s)
        .await
        .unwrap();
    let rows: Vec<(&str, Vec<(&str, &str)>)> = va
        .subjects
        .iter()
        .map(|v| {
            let rows = v.rows.iter();
            let named = rows.map(|r| (r.level.label(), r.name.rsplit(" · ").next().unwrap()));
            (v.subject.as_str(), named.collect())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("数学", vec![("班级", "2班"), ("任课教师", "T02（2班）")]),
            ("语文", vec![("班级", "1班"), ("任课教师", "T02（1班）")]),
            ("总分", vec![]),
        ]
    );
}
