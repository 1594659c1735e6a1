use std::collections::BTreeMap;

use junheng_core::student::Cell;
use proptest::prelude::*;

use super::*;
use crate::calendar::{Semester, Span};
use crate::passport::Status;
use crate::testing::{child, day, entry, list, required, school};

const TERM: Term = Term {
    year: 2025,
    semester: Semester::First,
};

fn lists(n: u32) -> BTreeMap<SchoolCode, EffectiveList> {
    (1..=n).map(|i| (school(i), list(i))).collect()
}

/// Compliance over the weeks of 13 and 20 October 2025.
fn run(
    roster: &[RosterEntry],
    entries: &[Entry],
    lessons: &[LessonRecord],
    settings: &ComplianceSettings,
) -> Result<Compliance, ComplianceError> {
    let lists = lists(3);
    let weeks = [day("2025-10-13"), day("2025-10-22"), day("2025-10-20")];
    let input = ComplianceInput {
        term: TERM,
        weeks: &weeks,
        roster,
        lists: &lists,
        entries,
        lessons,
        labour_weeks: &[],
    };
    compliance(&input, &required(), settings)
}

fn student(c: &Compliance, key: i64) -> &StudentCompliance {
    c.schools
        .iter()
        .flat_map(|s| &s.classes)
        .flat_map(|c| &c.students)
        .find(|s| s.student == StudentKey(key))
        .unwrap()
}

#[test]
fn the_weekly_minimum_at_its_boundaries_119_120_and_179_180() {
    let s = ComplianceSettings::default();
    let roster = [
        child(1, 1, "二(1)班", 2),
        child(2, 1, "二(1)班", 2),
        child(3, 1, "三(1)班", 3),
        child(4, 1, "三(1)班", 3),
    ];
    let entries = [
        entry(1, 1, "L1", "2025-10-14", 119, Status::ParentConfirmed),
        entry(2, 2, "L1", "2025-10-14", 60, Status::ParentConfirmed),
        entry(3, 2, "L2", "2025-10-19", 60, Status::TeacherVerified),
        entry(4, 3, "H1", "2025-10-14", 179, Status::TeacherVerified),
        entry(5, 4, "H1", "2025-10-14", 120, Status::TeacherVerified),
        entry(6, 4, "S1", "2025-10-15", 60, Status::ParentConfirmed),
    ];
    let c = run(&roster, &entries, &[], &s).unwrap();
    assert_eq!(c.weeks, [day("2025-10-13"), day("2025-10-20")]);
    let first_week = |k| (student(&c, k).minimum, student(&c, k).weekly_minutes[0]);
    assert_eq!(
        [first_week(1), first_week(2), first_week(3), first_week(4)],
        [(120, 119), (120, 120), (180, 179), (180, 180)]
    );
    let met = |k| student(&c, k).weeks_met;
    assert_eq!([met(1), met(2), met(3), met(4)], [0, 1, 0, 1]);
    assert_eq!(c.district.weekly[0], Share::new(2, 4));
    assert_eq!(c.district.weekly[1], Share::new(0, 4));
    assert_eq!(c.district.student_weeks, Share::new(2, 8));
}

#[test]
fn only_verified_out_of_class_minutes_count_and_a_term_needs_its_share_of_weeks() {
    let roster = [child(3, 1, "三(1)班", 3)];
    let entries = [
        entry(1, 3, "H1", "2025-10-14", 180, Status::TeacherVerified),
        entry(2, 3, "C1", "2025-10-21", 180, Status::TeacherVerified), // campus
        entry(3, 3, "H1", "2025-10-21", 170, Status::Pending),
        entry(4, 3, "H1", "2025-10-22", 179, Status::ParentConfirmed),
        entry(5, 3, "S1", "2025-10-23", 1, Status::Rejected),
    ];
    let every = run(&roster, &entries, &[], &ComplianceSettings::default()).unwrap();
    let s = student(&every, 3);
    assert_eq!(
        (s.weekly_minutes.as_slice(), s.weeks_met, s.meets),
        (&[180, 179][..], 1, false)
    );
    let half = ComplianceSettings {
        term_weeks_per_mille: 500,
        ..ComplianceSettings::default()
    };
    assert!(student(&run(&roster, &entries, &[], &half).unwrap(), 3).meets);
    let campus_too = ComplianceSettings {
        out_of_class: vec![Place::Home, Place::School],
        ..ComplianceSettings::default()
    };
    assert_eq!(
        student(&run(&roster, &entries, &[], &campus_too).unwrap(), 3).weeks_met,
        2
    );
}

#[test]
fn coverage_counts_required_groups_done_in_the_school_year() {
    let roster = [child(3, 1, "三(1)班", 3), child(4, 1, "三(1)班", 3)];
    let entries = [
        entry(1, 3, "H1", "2025-09-02", 20, Status::ParentConfirmed),
        entry(2, 3, "H2", "2025-10-02", 20, Status::TeacherVerified),
        entry(3, 3, "F1", "2025-10-02", 20, Status::TeacherVerified), // not required
        entry(4, 3, "S1", "2025-07-02", 20, Status::TeacherVerified), // last school year
        entry(5, 3, "C1", "2025-10-02", 20, Status::Pending),
        entry(6, 4, "H1", "2025-09-02", 20, Status::TeacherVerified),
        entry(7, 4, "H2", "2025-09-02", 20, Status::TeacherVerified),
        entry(8, 4, "C1", "2025-09-02", 20, Status::TeacherVerified),
        entry(9, 4, "S1", "2025-09-02", 20, Status::TeacherVerified),
    ];
    let c = run(&roster, &entries, &[], &ComplianceSettings::default()).unwrap();
    assert_eq!(student(&c, 3).coverage, Share::new(2, 4));
    assert_eq!(student(&c, 4).coverage, Share::new(4, 4));
    assert_eq!(
        (c.district.coverage, c.district.covered()),
        (Share::new(6, 8), Share::new(1, 2))
    );
}

#[test]
fn lessons_and_labour_weeks() {
    let roster = [
        child(3, 1, "三(1)班", 3),
        child(5, 1, "三(2)班", 3),
        child(6, 2, "三(1)班", 3),
    ];
    let lesson = |class: &str, n, week: &str, lessons| LessonRecord {
        class: crate::ClassRef {
            school: school(n),
            class: class.into(),
        },
        week: day(week),
        lessons,
    };
    let lessons = [
        lesson("三(1)班", 1, "2025-10-14", 1),
        lesson("三(1)班", 1, "2025-10-24", 1),
        lesson("三(2)班", 1, "2025-10-14", 1),
        lesson("三(2)班", 1, "2025-11-04", 3), // not an assessed week
        lesson("三(1)班", 2, "2025-10-14", 2),
    ];
    let lists = lists(2);
    let held = [
        LabourWeek {
            school: school(1),
            year: 2025,
            span: Span::new(day("2025-11-03"), day("2025-11-07")).unwrap(),
        },
        LabourWeek {
            school: school(2),
            year: 2024,
            span: Span::new(day("2025-05-05"), day("2025-05-09")).unwrap(),
        },
    ];
    let input = ComplianceInput {
        term: TERM,
        weeks: &[day("2025-10-13"), day("2025-10-20")],
        roster: &roster,
        lists: &lists,
        entries: &[],
        lessons: &lessons,
        labour_weeks: &held,
    };
    let c = compliance(&input, &required(), &ComplianceSettings::default()).unwrap();
    let classes: Vec<(u64, bool)> = c
        .schools
        .iter()
        .flat_map(|s| &s.classes)
        .map(|k| (k.tally.lessons.done, k.tally.lessons.met()))
        .collect();
    assert_eq!(classes, [(2, true), (1, false), (2, true)]);
    assert_eq!(c.schools[0].tally.classes_meeting(), Share::new(1, 2));
    assert_eq!(
        c.district.lessons,
        Quota {
            done: 5,
            required: 6
        }
    );
    assert_eq!(
        (c.schools[0].labour_week, c.schools[1].labour_week),
        (true, false)
    );
    assert_eq!(c.labour_weeks, Share::new(1, 2));
    let stars = c.schools[0].star_input();
    assert_eq!(
        (stars.lessons, stars.labour_week),
        (
            Quota {
                done: 3,
                required: 4
            },
            true
        )
    );
}

#[test]
fn a_roster_must_name_each_child_once_and_each_school_must_have_a_list() {
    let s = ComplianceSettings::default();
    let twice = [child(3, 1, "三(1)班", 3), child(3, 2, "三(1)班", 3)];
    assert_eq!(
        run(&twice, &[], &[], &s).unwrap_err().code(),
        "compliance.duplicate_student"
    );
    let elsewhere = [child(3, 9, "三(1)班", 3)];
    let err = run(&elsewhere, &[], &[], &s).unwrap_err();
    assert_eq!(err, ComplianceError::NoList(school(9)));
}

#[test]
fn district_roles_see_small_counts_hidden() {
    let mut roster: Vec<RosterEntry> = (0..30).map(|k| child(k, 1, "三(1)班", 3)).collect();
    roster.extend((100..103).map(|k| child(k, 2, "三(1)班", 3)));
    let entries: Vec<Entry> = (0..20)
        .chain(100..103)
        .flat_map(|k| {
            [
                entry(2 * k, k, "H1", "2025-10-14", 180, Status::TeacherVerified),
                entry(
                    2 * k + 1,
                    k,
                    "H1",
                    "2025-10-21",
                    180,
                    Status::TeacherVerified,
                ),
            ]
        })
        .collect();
    let c = run(&roster, &entries, &[], &ComplianceSettings::default()).unwrap();
    let view = district_view(&c, 10);
    assert_eq!(view.schools, [school(1), school(2)]);
    // 3 children of school 2 meet: hidden, and with them what would give them back through
    // the totals (school 2's 0, then school 1's cells in the same columns).
    assert_eq!(view.meeting.cells[1], [Cell::Small, Cell::Complement]);
    assert_eq!(view.meeting.cells[0], [Cell::Complement, Cell::Complement]);
    assert_eq!(view.meeting.row_totals, [Cell::Count(30), Cell::Small]);
    assert_eq!(view.meeting.total, Cell::Count(33));
    let c2 = run(&roster[..30], &entries, &[], &ComplianceSettings::default()).unwrap();
    assert_eq!(
        district_view(&c2, 10).meeting.cells[0],
        [Cell::Count(20), Cell::Count(10)]
    );
}

#[test]
fn a_trend_over_terms() {
    let roster = [child(3, 1, "三(1)班", 3)];
    let met = [
        entry(1, 3, "H1", "2025-10-14", 180, Status::TeacherVerified),
        entry(2, 3, "H1", "2025-10-21", 180, Status::TeacherVerified),
    ];
    let s = ComplianceSettings::default();
    let before = run(&roster, &[], &[], &s).unwrap();
    let after = run(&roster, &met, &[], &s).unwrap();
    let earlier = Term {
        year: 2024,
        semester: Semester::Second,
    };
    let points = trend(&[(TERM, &after.district), (earlier, &before.district)]);
    assert_eq!(
        points.iter().map(|p| p.term).collect::<Vec<_>>(),
        [earlier, TERM]
    );
    assert_eq!(
        points
            .iter()
            .map(|p| p.meeting_change_per_mille)
            .collect::<Vec<_>>(),
        [None, Some(1000)]
    );
}

proptest! {
    #[test]
    fn aggregates_sum_and_shares_stay_within_their_wholes(
        children in prop::collection::vec((1u32..=3, 0usize..2, 1u8..=9), 1..40),
        records in prop::collection::vec((0usize..40, 0usize..7, 0i32..21, 1u16..=300, 0usize..4), 0..150),
        lessons in prop::collection::vec((0usize..40, 0i32..21, 0u32..3), 0..30),
    ) {
        let roster: Vec<RosterEntry> = children
            .iter()
            .enumerate()
            .map(|(k, &(n, class, grade))| child(k as i64, n, ["一班", "二班"][class], grade))
            .collect();
        let items = ["H1", "H2", "C1", "S1", "F1", "L1", "L2"];
        let statuses = [Status::Pending, Status::ParentConfirmed, Status::TeacherVerified, Status::Rejected];
        let first = day("2025-10-13");
        let entries: Vec<Entry> = records
            .iter()
            .enumerate()
            .map(|(i, &(k, item, offset, minutes, status))| {
                let mut e = entry(i as i64, (k % roster.len()) as i64, items[item], "2025-10-13", minutes, statuses[status]);
                e.record.day = first.plus(offset);
                e
            })
            .collect();
        let lessons: Vec<LessonRecord> = lessons
            .iter()
            .map(|&(k, offset, n)| LessonRecord {
                class: roster[k % roster.len()].class.clone(),
                week: first.plus(offset),
                lessons: n,
            })
            .collect();
        let c = run(&roster, &entries, &lessons, &ComplianceSettings::default()).unwrap();
        let mut district = Tally::empty(c.weeks.len());
        for s in &c.schools {
            let sum = s.classes.iter().fold(Tally::empty(c.weeks.len()), |t, k| t.plus(&k.tally));
            prop_assert_eq!(&sum, &s.tally);
            for k in &s.classes {
                prop_assert_eq!(k.tally.students, k.students.len() as u64);
                prop_assert!(k.students.iter().all(|s| s.coverage.part <= s.coverage.whole));
            }
            district = district.plus(&s.tally);
        }
        prop_assert_eq!(&district, &c.district);
        let t = &c.district;
        prop_assert_eq!(t.students, roster.len() as u64);
        prop_assert!(t.students_meeting <= t.students && t.students_covered <= t.students);
        prop_assert!(t.coverage.part <= t.coverage.whole);
        prop_assert!(t.coverage.value().is_none_or(|v| (0.0..=1.0).contains(&v)));
        prop_assert!(t.weekly.iter().all(|w| w.whole == t.students && w.part <= w.whole));
        prop_assert_eq!(t.weekly.iter().map(|w| w.part).sum::<u64>(), t.student_weeks.part);
        prop_assert_eq!(t.student_weeks.whole, t.students * c.weeks.len() as u64);
        let suppressed = district_view(&c, 10);
        prop_assert_eq!(suppressed.meeting.total, if t.students == 0 || t.students >= 10 { Cell::Count(t.students) } else { Cell::Small });
    }
}
