use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, UrbanRural};
use junheng_rotation::synth::example_teacher;
use junheng_rotation::{Teacher, TeacherId};

use super::*;

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn h(s: &str) -> Hours {
    Hours::parse(s).unwrap()
}

fn teacher(id: &str, school: &str, start_year: i32) -> Teacher {
    let mut t = example_teacher(start_year, 1985);
    t.id = TeacherId::parse(id).unwrap();
    t.school = SchoolCode::parse(school).unwrap();
    t
}

fn record(id: &str, course: &str, level: Level, end: &str, hours: &str) -> TrainingRecord {
    TrainingRecord {
        teacher: TeacherId::parse(id).unwrap(),
        course: course.into(),
        level,
        start: day(end),
        end: day(end),
        hours: h(hours),
        certificate: None,
        source: Source::Entered,
    }
}

fn one(rules: &TrainingRules, t: &Teacher, recs: &[TrainingRecord], as_of: &str) -> Progress {
    let refs: Vec<&TrainingRecord> = recs.iter().collect();
    let c = rules.cycle_of(2023);
    progress(rules, c, t, Some(t.start_year), &refs, day(as_of))
}

#[test]
fn cycles_are_calendar_periods_from_the_anchor() {
    let r = TrainingRules::default();
    assert_eq!(r.cycle_of(2021).label(), "2021–2025");
    assert_eq!(r.cycle_of(2025).label(), "2021–2025");
    assert_eq!(r.cycle_of(2026).label(), "2026–2030");
    assert_eq!(r.cycle_of(2020).label(), "2016–2020");
    let c = r.cycle_of(2025);
    assert!(c.contains(day("2025-12-31")) && !c.contains(day("2026-01-01")));
    assert!(!c.ended(day("2025-12-31")) && c.ended(day("2026-01-01")));
}

#[test]
fn a_record_on_the_last_day_counts_in_that_cycle_and_on_1_january_in_the_next() {
    let r = TrainingRules::default();
    let t = teacher("T1", "5001120001", 2010);
    let recs = [
        record("T1", "a", Level::City, "2025-12-31", "100"),
        record("T1", "b", Level::City, "2026-01-01", "50"),
    ];
    assert_eq!(one(&r, &t, &recs, "2026-06-01").done, h("100"));
    let refs: Vec<&TrainingRecord> = recs.iter().collect();
    let next = progress(
        &r,
        r.cycle_of(2026),
        &t,
        Some(2010),
        &refs,
        day("2026-06-01"),
    );
    assert_eq!(next.done, h("50"));
}

#[test]
fn exactly_360_completes_and_359_5_does_not() {
    let r = TrainingRules::default();
    let t = teacher("T1", "5001120001", 2010);
    let full = [
        record("T1", "a", Level::National, "2022-05-01", "300"),
        record("T1", "b", Level::School, "2024-05-01", "60"),
    ];
    let p = one(&r, &t, &full, "2026-01-05");
    assert!(p.completed && !p.behind);
    assert_eq!(p.by_level[0], h("300"));
    assert_eq!(p.level_records, [1, 0, 0, 1]);
    let short = [
        record("T1", "a", Level::National, "2022-05-01", "300"),
        record("T1", "b", Level::School, "2024-05-01", "59.5"),
    ];
    let p = one(&r, &t, &short, "2026-01-05");
    assert!(!p.completed && p.behind);
    // Sums of tenths do not drift.
    let tenths: Vec<TrainingRecord> = (0..3600)
        .map(|i| record("T1", &format!("c{i}"), Level::School, "2023-01-01", "0.1"))
        .collect();
    assert!(one(&r, &t, &tenths, "2026-01-05").completed);
}

#[test]
fn a_teacher_joining_mid_cycle_owes_a_rounded_up_share() {
    let r = TrainingRules::default();
    let c = r.cycle_of(2021);
    assert_eq!(r.required_for(c, None), h("360"));
    assert_eq!(r.required_for(c, Some(2015)), h("360"));
    assert_eq!(r.required_for(c, Some(2021)), h("360"));
    assert_eq!(r.required_for(c, Some(2022)), h("288"));
    assert_eq!(r.required_for(c, Some(2025)), h("72"));
    assert_eq!(r.required_for(c, Some(2026)), Hours::ZERO);
    let odd = TrainingRules {
        required: h("350"),
        ..TrainingRules::default()
    };
    // 350 × 3 / 5 = 210; 350 × 2 / 5 = 140; 352 × 2 / 5 = 140.8 → 141.
    assert_eq!(odd.required_for(c, Some(2023)), h("210"));
    let odd = TrainingRules {
        required: h("352"),
        ..TrainingRules::default()
    };
    assert_eq!(odd.required_for(c, Some(2024)), h("141"));
}

#[test]
fn behind_schedule_is_below_the_elapsed_share() {
    let r = TrainingRules::default();
    let t = teacher("T1", "5001120001", 2010);
    // 2023-12-31 is the end of the third of five years: 1095 of 1826 days → 215.87 学时 expected.
    let p = one(
        &r,
        &t,
        &[record("T1", "a", Level::District, "2022-01-01", "216")],
        "2023-12-31",
    );
    assert!(!p.behind, "{p:?}");
    let p = one(
        &r,
        &t,
        &[record("T1", "a", Level::District, "2022-01-01", "215.8")],
        "2023-12-31",
    );
    assert!(p.behind, "{p:?}");
    // Before the cycle nothing is expected.
    let p = one(&r, &t, &[], "2020-06-01");
    assert!(!p.behind && p.expected == Hours::ZERO);
    // A teacher joining in 2024 owes 144 over 2024–2025.
    let late = teacher("T2", "5001120001", 2024);
    let p = one(&r, &late, &[], "2023-06-01");
    assert_eq!(
        (p.required, p.expected, p.behind),
        (h("144"), Hours::ZERO, false)
    );
}

#[test]
fn rates_per_school_urban_district_and_item_9() {
    let rules = TrainingRules::default();
    let mut roster = vec![
        teacher("T1", "5001120001", 2010),
        teacher("T2", "5001120001", 2010),
        teacher("T3", "5001120002", 2010),
    ];
    for t in &mut roster {
        t.year = 2025;
    }
    let records = vec![
        record("T1", "a", Level::National, "2023-03-01", "360"),
        record("T3", "a", Level::School, "2023-03-01", "400"),
        record("T2", "a", Level::City, "2023-03-01", "100"),
    ];
    let joins = join_years(&roster);
    let urban = BTreeMap::from([(SchoolCode::parse("5001120001").unwrap(), UrbanRural::Rural)]);
    let view = TrainingView {
        rules: &rules,
        records: &records,
        joins: &joins,
        chosen_roster: &roster,
        current_roster: &roster,
        urban: &urban,
        as_of: day("2026-03-01"),
    };
    let r = rates(&view, rules.cycle_of(2021));
    assert_eq!((r.district.assessed, r.district.completed), (3, 2));
    assert_eq!(r.schools[0].completion_rate, Some(0.5));
    assert_eq!(r.schools[1].completion_rate, Some(1.0));
    assert_eq!(r.urban[0].key, "乡村");
    assert_eq!(r.urban[1].key, "未标注");
    assert_eq!(r.levels[0].hours, h("360"));
    assert_eq!(r.levels[3].records, 1);
    assert_eq!(r.item9.verdict, Verdict::NotMet);
    assert!(r.item9.ended);
    // Current cycle 2026–2030: in March nobody has 学时 yet, and all are behind by a little.
    assert_eq!(r.current.label(), "2026–2030");
    assert_eq!(r.behind().count(), 3);
    // Without records, item 9 is 未接入.
    let empty = TrainingView {
        records: &[],
        ..view
    };
    assert_eq!(
        completion_item(&empty, rules.cycle_of(2021)).verdict,
        Verdict::NotConnected
    );
    // Everyone done: 达标.
    let mut all = records.clone();
    all.push(record("T2", "b", Level::City, "2024-03-01", "260"));
    let done = TrainingView {
        records: &all,
        ..view
    };
    assert_eq!(
        completion_item(&done, rules.cycle_of(2021)).verdict,
        Verdict::Met
    );
}

#[test]
fn join_years_take_the_earliest_start_or_appearance() {
    let mut a = teacher("T1", "5001120001", 2019);
    a.year = 2024;
    let mut b = a.clone();
    b.year = 2022;
    b.start_year = 2023;
    assert_eq!(join_years([&a, &b])[&a.id], 2019);
    b.start_year = 2030;
    a.start_year = 2030;
    assert_eq!(join_years([&a, &b])[&a.id], 2022);
}

#[test]
fn item_4_at_exactly_five_percent_passes_and_one_yuan_below_fails() {
    let rules = TrainingRules::default();
    let s1 = SchoolCode::parse("5001120001").unwrap();
    let s2 = SchoolCode::parse("5001120002").unwrap();
    let s3 = SchoolCode::parse("5001120003").unwrap();
    let b = |s: &SchoolCode, funds, training| Budget {
        school: s.clone(),
        year: 2025,
        public_funds: funds,
        training,
    };
    let budgets = [b(&s1, 100_000, 5_000), b(&s2, 100_000, 4_999)];
    assert!(budgets[0].meets(5.0) && !budgets[1].meets(5.0));
    let item = budget_item(&rules, 2025, &[s1.clone(), s3.clone()], &budgets);
    assert_eq!(item.verdict, Verdict::NotMet);
    let failing: Vec<&SchoolCode> = item.failing().map(|l| &l.school).collect();
    assert_eq!(failing, vec![&s2, &s3]);
    let ok = budget_item(&rules, 2025, std::slice::from_ref(&s1), &budgets[..1]);
    assert_eq!(ok.verdict, Verdict::Met);
    assert_eq!(
        budget_item(&rules, 2024, &[s1], &budgets).verdict,
        Verdict::NotConnected
    );
    assert!(b(&s2, 0, 0).problem().is_some() && b(&s2, 10, 11).problem().is_some());
}

#[test]
fn records_are_checked_and_keyed() {
    let mut r = record("T1", " 课程 ", Level::City, "2023-03-01", "10");
    assert_eq!(r.problem(), None);
    assert_eq!(r.key().1, "课程");
    r.hours = Hours::ZERO;
    assert!(r.problem().is_some());
    r.hours = h("360.01");
    assert!(r.problem().is_some());
    r.hours = h("360");
    r.end = day("2023-02-28");
    assert!(r.problem().is_some());
    assert_eq!(Level::parse("区"), Some(Level::District));
    assert_eq!(Source::parse("平台导出"), Some(Source::Platform));
    for l in Level::ALL {
        assert_eq!(Level::from_code(l.code()), Some(l));
    }
}

proptest::proptest! {
    #[test]
    fn hours_parse_and_display_round_trip(x in 0i64..100_000_000) {
        let hrs = Hours::from_hundredths(x);
        proptest::prop_assert_eq!(Hours::parse(&hrs.to_string()), Some(hrs));
        proptest::prop_assert_eq!(Hours::from_f64(hrs.as_f64()), Some(hrs));
    }
}
