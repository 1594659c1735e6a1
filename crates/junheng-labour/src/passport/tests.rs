use proptest::prelude::*;

use super::*;
use crate::calendar::{Semester, Span, Term};
use crate::checklist::Place;
use crate::groups::GradeBand;
use crate::testing::{child, code, day, entry, list, record, required, settings};

use Status::{ParentConfirmed as Parent, Pending, Rejected, TeacherVerified as Teacher};

#[test]
fn who_may_decide_what() {
    use Decision::{Confirmed as Yes, Rejected as No};
    use Verifier::{ClassTeacher, LabourTeacher, Parent as P};
    assert_eq!(initial_status(Reporter::Student, Place::Home), Pending);
    assert_eq!(initial_status(Reporter::Parent, Place::Home), Parent);
    assert_eq!(initial_status(Reporter::Parent, Place::School), Pending);
    assert_eq!(initial_status(Reporter::Base, Place::Society), Pending);
    assert_eq!(initial_status(Reporter::Teacher, Place::Home), Teacher);
    assert_eq!(apply(Pending, Place::Home, P, Yes), Ok(Parent));
    assert_eq!(apply(Pending, Place::Home, P, No), Ok(Rejected));
    assert_eq!(apply(Parent, Place::Home, ClassTeacher, Yes), Ok(Teacher));
    assert_eq!(apply(Parent, Place::Home, LabourTeacher, No), Ok(Rejected));
    assert_eq!(
        apply(Pending, Place::Society, LabourTeacher, Yes),
        Ok(Teacher)
    );
    let refused = [
        (Pending, Place::School, P, Yes, "passport.parent_only_home"),
        (Pending, Place::Society, P, No, "passport.parent_only_home"),
        (
            Parent,
            Place::Home,
            P,
            No,
            "passport.parent_already_decided",
        ),
        (Teacher, Place::Home, ClassTeacher, No, "passport.settled"),
        (Rejected, Place::Home, P, Yes, "passport.settled"),
    ];
    for (status, place, who, what, code) in refused {
        assert_eq!(apply(status, place, who, what).unwrap_err().code(), code);
    }
    assert!(
        RecordError::Settled(Teacher)
            .to_string()
            .contains("教师已核实")
    );
}

#[test]
fn a_status_is_the_fold_of_its_verifications_in_day_order() {
    let r = record(1, 7, "H1", "2025-10-14", 20, Reporter::Student);
    let v = |who, on| Verification {
        record: RecordId(1),
        verifier: who,
        decision: Decision::Confirmed,
        day: day(on),
    };
    let parent = v(Verifier::Parent, "2025-10-14");
    let teacher = v(Verifier::ClassTeacher, "2025-10-20");
    // Given out of order, applied in order.
    assert_eq!(
        status_of(&r, Place::Home, &[&teacher, &parent]),
        Ok(Teacher)
    );
    assert_eq!(status_of(&r, Place::Home, &[&parent]), Ok(Parent));
    let early = v(Verifier::Parent, "2025-10-13");
    assert_eq!(
        status_of(&r, Place::Home, &[&early]).unwrap_err().code(),
        "passport.verified_before_done"
    );
    let l = list(1);
    let got = entries(vec![r.clone()], &[parent.clone(), teacher], &l).unwrap();
    assert_eq!(got[0].status, Teacher);
    let stray = record(2, 7, "ZZ", "2025-10-14", 20, Reporter::Student);
    let (id, err) = entries(vec![r, stray], &[parent], &l).unwrap_err();
    assert_eq!((id, err.code()), (RecordId(2), "passport.unknown_item"));
}

#[test]
fn records_are_checked_against_the_list_the_grade_and_today() {
    let l = list(1);
    let g3 = crate::Grade::new(3).unwrap();
    let today = day("2025-10-20");
    let ok = record(1, 7, "H1", "2025-10-20", 600, Reporter::Student);
    assert_eq!(ok.check(&l, g3, today), Ok(()));
    let cases = [
        (
            record(1, 7, "H1", "2025-10-20", 0, Reporter::Student),
            "passport.minutes",
        ),
        (
            record(1, 7, "H1", "2025-10-20", 601, Reporter::Student),
            "passport.minutes",
        ),
        (
            record(1, 7, "H1", "2025-10-21", 20, Reporter::Student),
            "passport.future_day",
        ),
        (
            record(1, 7, "XX", "2025-10-20", 20, Reporter::Student),
            "passport.unknown_item",
        ),
        (
            record(1, 7, "L1", "2025-10-20", 20, Reporter::Student),
            "passport.not_for_grade",
        ),
    ];
    for (r, code) in cases {
        assert_eq!(r.check(&l, g3, today).unwrap_err().code(), code);
    }
    assert!(Evidence::parse(&"字".repeat(500)).is_ok());
    assert_eq!(
        Evidence::parse(&"字".repeat(501)).unwrap_err(),
        RecordError::EvidenceTooLong { chars: 501 }
    );
    let json = r#"{"id": 1, "student": 7, "item": "H1", "day": "2025-10-20", "minutes": 20,
                   "evidence": "擦桌子", "reporter": "parent"}"#;
    let parsed: LabourRecord = serde_json::from_str(json).unwrap();
    assert_eq!(
        (parsed.reporter, parsed.evidence.as_str()),
        (Reporter::Parent, "擦桌子")
    );
    assert!(
        serde_json::from_str::<LabourRecord>(&json.replace("擦桌子", &"字".repeat(501))).is_err()
    );
}

#[test]
fn the_cap_is_reached_exactly_and_not_passed() {
    let s = PointsSettings::default(); // 15 minutes a point, 5 a week
    let week: Vec<Entry> = (0..5)
        .map(|i| entry(i, 7, "H1", "2025-10-14", 15, Teacher))
        .collect();
    let t = points(&week, None, &s);
    assert_eq!((t.lines[0].earned, t.lines[0].points, t.total), (5, 5, 5));
    let mut more = week.clone();
    more.push(entry(9, 7, "H1", "2025-10-19", 15, Teacher)); // Sunday: same week
    let t = points(&more, None, &s);
    assert_eq!((t.lines[0].earned, t.lines[0].points, t.total), (6, 5, 5));
    // Another item, or the next week, has its own cap.
    more.push(entry(10, 7, "H2", "2025-10-19", 15, Teacher));
    more.push(entry(11, 7, "H1", "2025-10-20", 15, Teacher));
    let t = points(&more, None, &s);
    assert_eq!((t.lines.len(), t.total), (3, 7));
}

#[test]
fn parent_only_minutes_weigh_half_until_spot_checked() {
    let s = PointsSettings::default();
    let one = |minutes, status| {
        points(
            &[entry(1, 7, "H1", "2025-10-14", minutes, status)],
            None,
            &s,
        )
        .total
    };
    assert_eq!((one(30, Parent), one(30, Teacher)), (1, 2));
    assert_eq!((one(15, Parent), one(15, Teacher)), (0, 1)); // 7.5 weighted minutes
    assert_eq!((one(60, Pending), one(60, Rejected)), (0, 0));
    // Weighted minutes pool within the item's week: 15 + 15 parent-only make one point.
    let pooled = [
        entry(1, 7, "H1", "2025-10-14", 15, Parent),
        entry(2, 7, "H1", "2025-10-15", 15, Parent),
    ];
    let t = points(&pooled, None, &s);
    assert_eq!((t.lines[0].weighted_hundredths, t.total), (1500, 1));
}

#[test]
fn the_labour_week_bonus_needs_a_counted_record_in_it() {
    let s = PointsSettings::default();
    let week = Span::new(day("2025-11-03"), day("2025-11-07"));
    let inside = [entry(1, 7, "S1", "2025-11-05", 15, Teacher)];
    assert_eq!(points(&inside, week, &s).bonus, 10);
    assert_eq!(points(&inside, week, &s).total, 11);
    let pending = [entry(1, 7, "S1", "2025-11-05", 15, Pending)];
    assert_eq!(points(&pending, week, &s).bonus, 0);
    let outside = [entry(1, 7, "S1", "2025-11-10", 15, Teacher)];
    assert_eq!(points(&outside, week, &s).bonus, 0);
    assert_eq!(points(&inside, None, &s).bonus, 0);
}

/// A class's week of home records `0..n` (and records that are never sampled).
fn class_week(n: i64) -> Vec<LabourRecord> {
    let mut records: Vec<LabourRecord> = (0..n)
        .map(|i| {
            record(
                i,
                100 + i % 7,
                if i % 2 == 0 { "H1" } else { "H2" },
                "2025-10-15",
                20,
                Reporter::Student,
            )
        })
        .collect();
    records.push(record(900, 101, "C1", "2025-10-15", 20, Reporter::Student)); // campus
    records.push(record(901, 101, "H1", "2025-10-15", 20, Reporter::Teacher)); // a teacher's own
    records.push(record(902, 101, "H1", "2025-10-22", 20, Reporter::Parent)); // next week
    records
}

#[test]
fn ten_per_cent_of_a_class_week_of_9_10_11_and_0_records() {
    let l = list(1);
    for (n, expected) in [(9, 1), (10, 1), (11, 2), (0, 0), (20, 2), (21, 3)] {
        let records = class_week(n);
        let check = spot_check(&records, &l, day("2025-10-17"), 100, b"class 3-2, week 7");
        assert_eq!(
            (check.population, check.chosen.len()),
            (n as usize, expected),
            "{n}"
        );
        assert!(check.chosen.iter().all(|id| (0..n).contains(&id.0)));
        assert_eq!(check.week, day("2025-10-13"));
        let again = spot_check(&records, &l, day("2025-10-13"), 100, b"class 3-2, week 7");
        assert_eq!(again, check);
    }
    let records = class_week(40);
    let a = spot_check(&records, &l, day("2025-10-15"), 100, b"seed a").chosen;
    let b = spot_check(&records, &l, day("2025-10-15"), 100, b"seed b").chosen;
    assert_ne!(a, b);
}

#[test]
fn a_group_badge_one_record_short_and_then_earned() {
    let l = list(1);
    let badges = vec![Badge {
        id: "group_cleaning".into(),
        name: "清洁与卫生勋章".into(),
        rule: BadgeRule::TaskGroup {
            group: crate::groups::TaskGroup::Cleaning,
            times: 3,
        },
    }];
    let mut mine = vec![
        entry(1, 7, "H1", "2025-10-14", 20, Teacher),
        entry(2, 7, "H1", "2025-10-15", 20, Parent),
        entry(3, 7, "H1", "2025-10-16", 20, Pending),
        entry(4, 7, "H1", "2025-10-17", 20, Rejected),
    ];
    let run = |m: &[Entry]| award(&badges, GradeBand::Second, m, m, 0, &l, &required());
    let short = &run(&mine)[0];
    assert!(!short.earned);
    assert_eq!((short.checks[0].have, short.checks[0].need), (2, 3));
    assert!(short.checks[0].what.starts_with("H1"));
    mine.push(entry(5, 7, "H1", "2025-10-18", 20, Parent));
    assert!(run(&mine)[0].earned);
    // A group without mandatory items for the band is never earned.
    assert!(!award(&badges, GradeBand::Third, &mine, &mine, 0, &l, &required())[0].earned);
}

#[test]
fn the_band_badge_needs_every_required_group_and_yearly_badges_their_thresholds() {
    let l = list(1);
    let badges = default_badges();
    let times = |item: &str, from: i64| -> Vec<Entry> {
        (0..3)
            .map(|i| entry(from + i, 7, item, "2025-10-14", 20, Teacher))
            .collect()
    };
    let mut mine: Vec<Entry> = ["H1", "H2", "C1"]
        .iter()
        .enumerate()
        .flat_map(|(k, item)| times(item, 10 * k as i64))
        .collect();
    let band = |m: &[Entry]| {
        award(&badges, GradeBand::Second, m, m, 0, &l, &required())
            .into_iter()
            .find(|b| b.id == "band")
            .unwrap()
    };
    let b = band(&mine);
    assert!(!b.earned);
    let volunteering = b
        .checks
        .iter()
        .find(|c| c.what == "公益劳动与志愿服务")
        .unwrap();
    assert_eq!((volunteering.have, volunteering.need), (0, 1));
    mine.extend(times("S1", 100));
    assert!(band(&mine).earned);
    let yearly = |points| -> Vec<(String, bool)> {
        award(
            &badges,
            GradeBand::Second,
            &mine,
            &mine,
            points,
            &l,
            &required(),
        )
        .into_iter()
        .filter(|b| b.id.starts_with("labour_"))
        .map(|b| (b.id, b.earned))
        .collect()
    };
    // Four groups done this year: 劳动新星 at 150 points, never 劳动达人 (6 groups).
    assert_eq!(
        yearly(149),
        [
            ("labour_star".into(), false),
            ("labour_master".into(), false)
        ]
    );
    assert_eq!(
        yearly(150),
        [
            ("labour_star".into(), true),
            ("labour_master".into(), false)
        ]
    );
    assert_eq!(yearly(10_000)[1], ("labour_master".into(), false));
}

#[test]
fn ratings_round_half_up_and_grades_follow_their_lines() {
    let r = |a, h, q| Rating {
        student: crate::StudentKey(7),
        term: Term {
            year: 2025,
            semester: Semester::First,
        },
        rater: Rater::Teacher,
        item: None,
        ability: Stars::new(a).unwrap(),
        habit: Stars::new(h).unwrap(),
        quality: Stars::new(q).unwrap(),
    };
    let means = RatingMeans::of(&[r(5, 4, 4), r(4, 4, 5)]);
    let t = |m: Option<Tenths>| m.unwrap().get();
    assert_eq!(
        (
            t(means.ability),
            t(means.habit),
            t(means.quality),
            t(means.overall)
        ),
        (45, 40, 45, 43)
    );
    assert_eq!(RatingMeans::of(&[]).overall, None);
    assert!(serde_json::from_str::<Stars>("6").is_err());
    let g = GradeSettings::default();
    let four = RatingMeans::of(&[r(4, 4, 4)]);
    let three = RatingMeans::of(&[r(3, 3, 3)]);
    let none = RatingMeans::default();
    assert_eq!(g.grade(150, &four), TermGrade::Excellent);
    assert_eq!(g.grade(149, &four), TermGrade::Good);
    assert_eq!(g.grade(150, &three), TermGrade::Good);
    assert_eq!(g.grade(150, &none), TermGrade::Pass); // no rating: only the lines without one
    assert_eq!(g.grade(60, &none), TermGrade::Pass);
    assert_eq!(g.grade(59, &four), TermGrade::NotYet);
}

#[test]
fn a_class_term_summary() {
    let l = list(1);
    let s = settings();
    let term = Term {
        year: 2025,
        semester: Semester::First,
    };
    let roster = [child(7, 1, "三(2)班", 3), child(8, 1, "三(2)班", 3)];
    let entries = [
        entry(1, 7, "H1", "2025-09-20", 30, Teacher), // before the term: badges only
        entry(2, 7, "H1", "2025-10-14", 30, Teacher),
        entry(3, 7, "H2", "2025-10-14", 30, Parent),
        entry(4, 7, "S1", "2025-11-05", 60, Pending),
        entry(5, 7, "C1", "2026-02-10", 60, Teacher), // after the term: ignored
        entry(6, 9, "H1", "2025-10-14", 60, Teacher), // another class
    ];
    let rating = Rating {
        student: crate::StudentKey(7),
        term,
        rater: Rater::Parent,
        item: Some(code("H1")),
        ability: Stars::new(4).unwrap(),
        habit: Stars::new(5).unwrap(),
        quality: Stars::new(3).unwrap(),
    };
    let input = SummaryInput {
        term,
        span: Span::new(day("2025-10-01"), day("2026-01-31")).unwrap(),
        year_start: day("2025-09-01"),
        list: &l,
        roster: &roster,
        entries: &entries,
        ratings: &[rating],
        labour_week: Span::new(day("2025-11-03"), day("2025-11-07")),
    };
    let out = summarise(&input, &s);
    assert_eq!(out.len(), 2);
    let a = &out[0];
    assert_eq!((a.records, a.minutes, a.points), (2, 60, 3)); // 2 + 1; pending S1 gives no bonus
    assert_eq!(
        a.groups,
        [
            crate::groups::TaskGroup::Cleaning,
            crate::groups::TaskGroup::Cooking
        ]
    );
    assert_eq!(a.ratings.overall.unwrap().get(), 40);
    assert_eq!((a.band, a.grade), (GradeBand::Second, TermGrade::NotYet));
    assert!(a.badges.is_empty());
    let b = &out[1];
    assert_eq!(
        (b.student, b.records, b.points, b.ratings.count),
        (crate::StudentKey(8), 0, 0, 0)
    );
}

proptest! {
    #[test]
    fn points_never_exceed_the_caps_and_verifying_never_lowers_them(
        records in prop::collection::vec(
            (0usize..3, 0i32..21, 1u16..=600, 0usize..4), 0..60),
        cap in 1u32..8,
        per_point in 1u16..40,
        parent in 0u8..=100,
    ) {
        let s = PointsSettings {
            minutes_per_point: per_point,
            cap_per_item_per_week: cap,
            parent_only_percent: parent,
            verified_percent: 100,
            labour_week_bonus: 7,
        };
        let items = ["H1", "H2", "S1"];
        let statuses = [Pending, Parent, Teacher, Rejected];
        let first = day("2025-10-13");
        let entries: Vec<Entry> = records
            .iter()
            .enumerate()
            .map(|(i, &(item, offset, minutes, status))| Entry {
                record: LabourRecord {
                    day: first.plus(offset),
                    ..record(i as i64, 7, items[item], "2025-10-13", minutes, Reporter::Student)
                },
                status: statuses[status],
            })
            .collect();
        let week = Span::new(day("2025-10-20"), day("2025-10-24"));
        let t = points(&entries, week, &s);
        for line in &t.lines {
            prop_assert!(line.points <= cap);
            prop_assert_eq!(line.points, line.earned.min(cap));
            prop_assert_eq!(u64::from(line.earned), line.weighted_hundredths / (u64::from(per_point) * 100));
        }
        prop_assert!(t.total <= t.lines.len() as u32 * cap + 7);
        prop_assert_eq!(t.total, t.lines.iter().map(|l| l.points).sum::<u32>() + t.bonus);
        // Spot-checking every parent-only record never lowers the points.
        let checked: Vec<Entry> = entries
            .iter()
            .cloned()
            .map(|mut e| {
                if e.status == Parent {
                    e.status = Teacher;
                }
                e
            })
            .collect();
        prop_assert!(points(&checked, week, &s).total >= t.total);
    }
}
