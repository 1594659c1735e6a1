//! Compliance at the seam: scope, small cells, the 课时 file all or nothing, 劳动周 and stars.

use std::collections::HashMap;

use junheng_core::school::SchoolKind;
use junheng_core::student::Cell;
use junheng_io::labour::Kind;
use junheng_io::labour::lists::ListFile;
use junheng_labour::calendar::{Day, Semester, Term};
use junheng_labour::checklist::{ItemCode, RequiredGroups};
use junheng_labour::passport::Reporter;
use junheng_labour::settings::LabourSettings;
use junheng_store::{Actor, Role, Scope};

use super::compliance::{Level, Selection, view};
use super::records::{NewEntry, enter, seat};
use super::stars::stars;
use super::{LabourPass, entry, import, read};
use crate::pairings::{Caller, Refused};
use crate::testing::{Fixture, fixture, keys, user};

fn day(t: &str) -> Day {
    Day::parse(t).unwrap()
}

const TERM: Term = Term {
    year: 2024,
    semester: Semester::First,
};

/// A district list, and 180 verified home minutes in each of the weeks of 2, 9 and 16 September
/// 2024 for the first three children of 3年级1班 (of twelve; 3年级2班 has twelve more).
async fn district(f: &Fixture) {
    let op_actor = Actor::new("operator");
    let op = Caller::Operator(&op_actor);
    let list = junheng_labour::synth::district_list(1);
    let file = ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: list.items.clone(),
        removals: Vec::new(),
        rows: HashMap::new(),
        warnings: Vec::new(),
    };
    let req = RequiredGroups::default();
    super::lists::import(&f.store, &op, None, &file, "", &req)
        .await
        .unwrap();
    let head = user("head", Role::School, Scope::School(f.school.clone()));
    let me = Caller::User(&head);
    let class = seat(&f.store, &me, None, Some("3年级1班")).await.unwrap();
    for d in ["2024-09-03", "2024-09-10", "2024-09-17"] {
        let e = NewEntry {
            day: day(d),
            item: ItemCode::parse("B2-X1").unwrap(),
            minutes: 180,
            evidence: "倒垃圾".into(),
            reporter: Reporter::Parent,
            students: class.children[..3].to_vec(),
        };
        let k = keys();
        let at = super::records::Context {
            today: day("2024-09-22"),
            required: &req,
            keys: &k,
        };
        enter(&f.store, &me, &class, &e, at).await.unwrap();
    }
}

fn csv(rows: &[&str]) -> Vec<u8> {
    format!(
        "学校标识码,年级,班级,周（任一日期）,课时\n{}\n",
        rows.join("\n")
    )
    .into_bytes()
}

#[tokio::test]
async fn each_role_sees_its_scope_and_district_roles_no_small_cell() {
    let f = fixture(SchoolKind::Primary, 3, 24).await;
    district(&f).await;
    let settings = LabourSettings::default();
    let today = day("2024-09-22");
    let sel = Selection {
        term: Some(TERM),
        ..Selection::default()
    };

    // The district's administrator: every school, three children meeting hidden as small.
    let admin = user("a", Role::Admin, Scope::District);
    let who = Caller::User(&admin);
    let pass = LabourPass::of(&who).unwrap();
    let v = view(&f.store, &keys(), &pass, &who, &sel, today, &settings)
        .await
        .unwrap();
    assert_eq!(v.weeks.len(), 3);
    assert!(v.suppressed && v.scope == Level::District);
    let mine = v
        .rows
        .iter()
        .find(|r| r.school.as_ref() == Some(&f.school))
        .unwrap();
    assert_eq!(mine.meeting[0], Cell::Small);
    assert!(mine.tally.is_none() && v.total.tally.is_none());
    let json = serde_json::to_string(&v).unwrap();
    assert!(!json.contains(r#""count":3}"#), "{json}");
    // Its classes, suppressed too; never a child.
    let school_sel = Selection {
        school: Some(f.school.clone()),
        ..sel.clone()
    };
    let v = view(
        &f.store,
        &keys(),
        &pass,
        &who,
        &school_sel,
        today,
        &settings,
    )
    .await
    .unwrap();
    assert_eq!(v.rows.len(), 2);
    assert_eq!(v.rows[0].meeting[0], Cell::Small);
    let class_sel = Selection {
        class: Some("3年级1班".into()),
        ..school_sel.clone()
    };
    assert!(matches!(
        view(&f.store, &keys(), &pass, &who, &class_sel, today, &settings).await,
        Err(Refused::Denied)
    ));

    // The school: its classes in full; another school's refused.
    let head = user("head", Role::School, Scope::School(f.school.clone()));
    let who = Caller::User(&head);
    let pass = LabourPass::of(&who).unwrap();
    let v = view(&f.store, &keys(), &pass, &who, &sel, today, &settings)
        .await
        .unwrap();
    assert!(!v.suppressed);
    let meeting: Vec<(Option<String>, Cell)> = v
        .rows
        .iter()
        .map(|r| (r.class.clone(), r.meeting[0]))
        .collect();
    assert_eq!(
        meeting,
        [
            (Some("3年级1班".into()), Cell::Count(3)),
            (Some("3年级2班".into()), Cell::Count(0))
        ]
    );
    assert_eq!(v.total.students, Cell::Count(24));
    let other = Selection {
        school: Some(f.other.clone()),
        ..sel.clone()
    };
    assert!(matches!(
        view(&f.store, &keys(), &pass, &who, &other, today, &settings).await,
        Err(Refused::Denied)
    ));

    // The 班主任: their class's children by key; another class refused.
    let teacher = user(
        "bzr",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "3年级1班".into(),
        },
    );
    let who = Caller::User(&teacher);
    let pass = LabourPass::of(&who).unwrap();
    let v = view(&f.store, &keys(), &pass, &who, &sel, today, &settings)
        .await
        .unwrap();
    assert_eq!(v.students.len(), 12);
    let met: Vec<u32> = v.students.iter().map(|s| s.weeks_met).collect();
    assert_eq!(met.iter().filter(|w| **w == 3).count(), 3);
    assert!(v.students.iter().all(|s| s.minimum == 180));
    let spelled = Selection {
        class: Some("三年级1班".into()),
        ..sel.clone()
    };
    let v = view(&f.store, &keys(), &pass, &who, &spelled, today, &settings)
        .await
        .unwrap();
    assert_eq!(v.students.len(), 12, "the own class in the other spelling");
    let theirs = Selection {
        class: Some("3年级2班".into()),
        ..sel.clone()
    };
    assert!(matches!(
        view(&f.store, &keys(), &pass, &who, &theirs, today, &settings).await,
        Err(Refused::Denied)
    ));
}

#[tokio::test]
async fn a_lessons_file_is_all_or_nothing_and_counts_with_the_labour_week() {
    let f = fixture(SchoolKind::Primary, 3, 24).await;
    district(&f).await;
    let settings = LabourSettings::default();
    let today = day("2024-09-22");
    let head = user("head", Role::School, Scope::School(f.school.clone()));
    let who = Caller::User(&head);
    let s = f.school.as_str();

    // An unknown class and another school's row: every problem located, nothing written.
    let bad = csv(&[
        &format!("{s},3,1班,2024-09-02,1"),
        &format!("{s},3,9班,2024-09-02,1"),
        &format!("{},3,1班,2024-09-02,1", f.other),
    ]);
    let file = read(Kind::Lessons, &bad, "课时.csv").unwrap();
    let Err(Refused::Problems(p)) = import(&f.store, &who, &file, "").await else {
        panic!("refused")
    };
    let found: Vec<(&str, Option<usize>)> = p.issues.iter().map(|i| (i.code, i.row)).collect();
    assert_eq!(
        found,
        [
            ("labour.lessons.class_unknown", Some(3)),
            ("labour.lessons.school_unknown", Some(4))
        ]
    );
    assert!(
        f.store
            .labour_lessons(None, day("2024-09-01"), day("2025-01-31"))
            .await
            .unwrap()
            .is_empty()
    );

    // The good rows: 1班 two 课时 of three, 2班 all three; a 劳动周 entered on the form.
    let good = csv(&[
        &format!("{s},3,1班,2024-09-02,1"),
        &format!("{s},3,1班,2024-09-11,1"),
        &format!("{s},3,2班,2024-09-02,1"),
        &format!("{s},3,2班,2024-09-09,1"),
        &format!("{s},3,2班,2024-09-20,1"),
    ]);
    let file = read(Kind::Lessons, &good, "课时.csv").unwrap();
    import(&f.store, &who, &file, "").await.unwrap();
    let week = entry(Kind::Weeks, |h| {
        Some(
            match h {
                "学校标识码" => s,
                "第一天" => "2024-11-04",
                "最后一天" => "2024-11-08",
                _ => "",
            }
            .to_owned(),
        )
    })
    .unwrap();
    import(&f.store, &who, &week, "").await.unwrap();
    let pass = LabourPass::of(&who).unwrap();
    let sel = Selection {
        term: Some(TERM),
        ..Selection::default()
    };
    let v = view(&f.store, &keys(), &pass, &who, &sel, today, &settings)
        .await
        .unwrap();
    let lessons: Vec<(u64, u64)> = v
        .rows
        .iter()
        .map(|r| (r.lessons.done, r.lessons.required))
        .collect();
    assert_eq!(lessons, [(2, 3), (3, 3)]);
    assert_eq!(v.total.labour_week, Some(true));

    // A record in the 劳动周 earns the passport's bonus.
    let class = seat(&f.store, &who, None, Some("3年级1班")).await.unwrap();
    let e = NewEntry {
        day: day("2024-11-05"),
        item: ItemCode::parse("B2-X1").unwrap(),
        minutes: 30,
        evidence: "劳动周".into(),
        reporter: Reporter::Parent,
        students: vec![class.children[0]],
    };
    enter(
        &f.store,
        &who,
        &class,
        &e,
        super::records::Context {
            today: day("2024-11-10"),
            required: &RequiredGroups::default(),
            keys: &keys(),
        },
    )
    .await
    .unwrap();
    let p = super::passport::passport(
        &f.store,
        &keys(),
        &who,
        class.children[0],
        day("2024-11-10"),
        &settings,
    )
    .await
    .unwrap();
    assert_eq!(p.points.bonus, settings.passport.points.labour_week_bonus);

    // Stars: the school's own only; 3 of 24 meeting gives one star, and the checks say why.
    let st = stars(&f.store, &keys(), &pass, &who, Some(TERM), today, &settings)
        .await
        .unwrap();
    assert_eq!(st.schools.len(), 1);
    let mine = &st.schools[0];
    assert_eq!((mine.stars, mine.labour_week), (1, true));
    assert!(mine.input.is_some());
    assert!(mine.checks.iter().all(|c| !c.meeting && c.labour_week));
}
