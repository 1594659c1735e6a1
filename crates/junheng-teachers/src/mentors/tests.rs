use junheng_rotation::Title;

use super::*;
use crate::testing::{id, school, teacher};

fn pair(mentor: &str, ms: u32, mentee: &str, es: u32, subject: &str) -> Pair {
    Pair {
        mentor: id(mentor),
        mentor_school: school(ms),
        mentee: id(mentee),
        mentee_school: school(es),
        subject: subject.into(),
        start: "2024-09-01".into(),
        end: None,
        goals: String::new(),
        meetings_held: 0,
        meetings_planned: 10,
        outcome: None,
    }
}

#[test]
fn scope_is_read_on_the_start_date() {
    let links = Links {
        memberships: vec![
            (school(1), "一集团".into(), "2020-09-01".into(), None),
            (
                school(2),
                "一集团".into(),
                "2020-09-01".into(),
                Some("2024-08-31".into()),
            ),
            (school(3), "一集团".into(), "2024-09-01".into(), None),
        ],
        pairings: vec![(school(1), vec![school(4)], "2024-09-01".into(), None)],
    };
    assert_eq!(links.scope(&pair("M", 1, "E", 1, "数学")), Scope::School);
    assert_eq!(links.scope(&pair("M", 1, "E", 3, "数学")), Scope::Group);
    // School 2 left the group the day before the pair started.
    assert_eq!(links.scope(&pair("M", 1, "E", 2, "数学")), Scope::Cross);
    assert_eq!(links.scope(&pair("M", 4, "E", 1, "数学")), Scope::Pairing);
    let mut early = pair("M", 1, "E", 4, "数学");
    early.start = "2024-08-31".into();
    assert_eq!(links.scope(&early), Scope::Cross);
    assert_eq!(links.scope(&pair("M", 5, "E", 6, "数学")), Scope::Cross);
}

#[test]
fn a_mentor_may_have_exactly_the_limit_but_not_one_more() {
    let roster: Vec<_> = ["M", "E1", "E2", "E3", "E4"]
        .iter()
        .map(|t| teacher(t, 1, *t == "M", None))
        .collect();
    let s = MentorSettings::default();
    let mut pairs: Vec<_> = ["E1", "E2", "E3"]
        .iter()
        .map(|e| pair("M", 1, e, 1, "数学"))
        .collect();
    assert!(check(2024, &pairs, &roster, &s).is_empty());
    pairs.push(pair("M", 1, "E4", 1, "语文"));
    let f = check(2024, &pairs, &roster, &s);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].problem,
        Problem::OverLimit {
            mentor: id("M"),
            mentees: 4,
            limit: 3
        }
    );
    assert_eq!(f[0].pairs, vec![0, 1, 2, 3]);
    // An ended pair no longer counts.
    pairs[0].end = Some("2024-08-31".into());
    assert!(check(2024, &pairs, &roster, &s).is_empty());
}

#[test]
fn a_mentee_has_one_mentor_per_subject() {
    let roster: Vec<_> = ["M1", "M2", "E"]
        .iter()
        .map(|t| teacher(t, 1, true, None))
        .collect();
    let s = MentorSettings::default();
    let pairs = vec![pair("M1", 1, "E", 1, "数学"), pair("M2", 1, "E", 1, "语文")];
    assert!(check(2024, &pairs, &roster, &s).is_empty());
    let pairs = vec![pair("M1", 1, "E", 1, "数学"), pair("M2", 1, "E", 1, "数学")];
    let f = check(2024, &pairs, &roster, &s);
    assert_eq!(f.len(), 1);
    assert!(matches!(f[0].problem, Problem::SecondMentor { .. }));
    assert!(f[0].problem.message().contains("数学"));
}

#[test]
fn a_mentor_is_backbone_or_of_the_title_asked() {
    let s = MentorSettings::default();
    assert!(qualifies(&teacher("M", 1, true, None), &s));
    assert!(qualifies(&teacher("M", 1, false, Some(Title::First)), &s));
    assert!(!qualifies(&teacher("M", 1, false, Some(Title::Second)), &s));
    assert!(!qualifies(&teacher("M", 1, false, None), &s));
    let strict = MentorSettings {
        backbone_qualifies: false,
        min_title: Title::Senior,
        ..s
    };
    assert!(!qualifies(
        &teacher("M", 1, true, Some(Title::First)),
        &strict
    ));
    assert!(qualifies(
        &teacher("M", 1, false, Some(Title::Senior)),
        &strict
    ));
    let roster = vec![teacher("M", 1, false, None)];
    let f = check(2024, &[pair("M", 1, "X", 1, "数学")], &roster, &s);
    assert_eq!(
        f.iter().map(|f| f.problem.clone()).collect::<Vec<_>>(),
        vec![
            Problem::NotQualified { mentor: id("M") },
            Problem::NotOnRoster { teacher: id("X") }
        ]
    );
}

#[test]
fn new_teachers_are_those_below_the_years_and_covered_by_an_active_pair() {
    let s = MentorSettings::default();
    let mut roster = Vec::new();
    for (name, start) in [("N0", 2024), ("N2", 2022), ("N3", 2021), ("M", 2010)] {
        let mut t = teacher(name, 1, name == "M", None);
        t.start_year = start;
        roster.push(t);
    }
    let c = coverage(2024, &[pair("M", 1, "N2", 1, "数学")], &roster, &s);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].new_teachers, c[0].covered), (2, 1));
    assert_eq!(c[0].uncovered, vec![id("N0")]);
    assert_eq!(Outcome::expected(), "合格、优秀、未完成");
}
