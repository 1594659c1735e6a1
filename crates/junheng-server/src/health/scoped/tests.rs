//! The scoped selection's rules of what aggregate roles see.

use super::*;
use junheng_app::health::fitness::Tally;

#[test]
fn nobody_scored_is_unscored_and_a_small_group_is_suppressed_for_aggregates() {
    let none = Tally {
        students: 40,
        unscored: 38,
        exempt: 2,
        ..Tally::default()
    };
    let r = Rates::of(&none, false, 10);
    assert_eq!(
        (r.status, r.pass, r.tested.as_str()),
        ("unscored", None, "38")
    );
    let small = Tally {
        students: 5,
        scored: 5,
        levels: [1, 2, 1, 1],
        ..Tally::default()
    };
    assert_eq!(Rates::of(&small, false, 10).status, "suppressed");
    assert_eq!(Rates::of(&small, false, 10).tested, "<10");
    let exact = Rates::of(&small, true, 10);
    assert_eq!((exact.status, exact.pass), ("rated", Some(80.0)));
    assert_eq!((exact.good, exact.excellent), (Some(40.0), Some(20.0)));
}

#[test]
fn a_rate_made_of_a_hidden_count_is_not_given() {
    let c = |screened, myopic: [u64; 3]| VisionCounts {
        screened,
        myopic,
        ..VisionCounts::default()
    };
    let (lines, totals) = myopia_lines(&[c(100, [30, 12, 0]), c(80, [3, 20, 11])], false, 10);
    assert_eq!(lines[0].rate, Some(42.0));
    assert_eq!(lines[1].degrees[0], "<10");
    // A hidden cell is never the only hidden one of its row, and no total gives it back.
    let hidden = |d: &[String]| d.iter().filter(|d| *d == "*" || d.starts_with('<')).count();
    assert!(hidden(&lines[1].degrees) >= 2, "{:?}", lines[1].degrees);
    assert!(hidden(&lines[0].degrees) >= 1, "{:?}", lines[0].degrees);
    assert!(lines.iter().all(|l| !l.degrees.contains(&"3".to_owned())));
    assert_eq!(totals.len(), 3);
    let (exact, _) = myopia_lines(&[c(80, [3, 20, 11])], true, 10);
    assert_eq!(exact[0].degrees[0], "3");
    assert_eq!(exact[0].rate, Some(42.5));
}

#[test]
fn mental_counts_by_grade_hide_small_tiers_from_aggregate_roles() {
    let mut grades = BTreeMap::new();
    grades.insert(
        7,
        GradeTally {
            students: 120,
            screened: 110,
            no_consent: 10,
            tiers: [95, 12, 3],
            same_day: 2,
            ..GradeTally::default()
        },
    );
    grades.insert(
        8,
        GradeTally {
            students: 130,
            screened: 130,
            no_consent: 0,
            tiers: [100, 20, 10],
            same_day: 0,
            ..GradeTally::default()
        },
    );
    let (lines, total) = mental_lines(&grades, false, 10);
    assert_eq!(lines[0].tiers[2], "<10");
    assert_eq!(lines[0].same_day, "<10");
    assert_eq!(lines[0].listed, "120");
    assert!(lines.iter().all(|l| !l.tiers.contains(&"3".to_owned())));
    assert_eq!(total.unwrap().listed, "250");
    let (lines, _) = mental_lines(&grades, true, 10);
    assert_eq!(lines[0].tiers[2], "3");
}
