//! 筛查性近视: the standard's conditions at their boundaries, the same-eye rule, degrees, counts,
//! changes between rounds and targets; properties over random screenings.

use super::*;
use proptest::prelude::*;

fn d(text: &str) -> Dioptres {
    Dioptres::parse(text).unwrap()
}

fn eye(acuity: &str, sphere: &str, cylinder: &str) -> Eye {
    let opt = |t: &str, f: fn(&str) -> Dioptres| (!t.is_empty()).then(|| f(t));
    Eye {
        uncorrected: (!acuity.is_empty()).then(|| Acuity::parse(acuity).unwrap()),
        sphere: opt(sphere, d),
        cylinder: opt(cylinder, d),
    }
}

#[test]
fn dioptres_read_as_written_and_refuse_the_rest() {
    assert_eq!(d("-1.25"), Dioptres(-1250));
    assert_eq!(d("−0.5"), Dioptres(-500));
    assert_eq!(d("－0.75D"), Dioptres(-750));
    assert_eq!(d("+0.50"), Dioptres(500));
    assert_eq!(d(" 0 "), Dioptres(0));
    assert_eq!(d("-3.125"), Dioptres(-3125));
    assert_eq!(d("-12.00"), Dioptres(-12000));
    for bad in [
        "", "-", "abc", "1.2345", "-31", "--1", "1,25", "100", ".5", "1.2.3",
    ] {
        assert!(Dioptres::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(d("-1.25").to_string(), "-1.25");
    assert_eq!(d("+0.5").to_string(), "+0.50");
    assert_eq!(d("0").to_string(), "0.00");
    assert_eq!(d("-3.125").to_string(), "-3.125");
}

#[test]
fn acuity_is_the_five_point_scale_only() {
    assert_eq!(Acuity::parse("4.9").unwrap(), Acuity(49));
    assert_eq!(Acuity::parse("5").unwrap(), Acuity(50));
    assert_eq!(Acuity::parse("5.3").unwrap(), Acuity(53));
    assert_eq!(Acuity::parse("4.0").unwrap().to_string(), "4.0");
    // A decimal-scale record is refused, not converted by guess.
    for bad in ["0.8", "1.0", "3.9", "5.4", "4.95", "", "4,9", "五"] {
        let e = Acuity::parse(bad).unwrap_err();
        assert!(e.to_string().contains("五分记录"), "{bad}: {e}");
    }
    // An ID number typed into the cell is never echoed whole.
    let e = Dioptres::parse("110101201503077770")
        .unwrap_err()
        .to_string();
    assert!(!e.contains("110101201503077770"), "{e}");
}

#[test]
fn both_conditions_at_their_boundaries() {
    // 裸眼视力 5.0 is not reduced, whatever the refraction.
    assert_eq!(eye_finding(&eye("5.0", "-2.00", "")), Finding::Normal);
    // 4.9 and SE −0.50: myopic (≤, inclusive); −0.25: not.
    assert_eq!(
        eye_finding(&eye("4.9", "-0.50", "")),
        Finding::Myopic(Degree::Mild)
    );
    assert_eq!(eye_finding(&eye("4.9", "-0.25", "")), Finding::Reduced);
    // SE = 球镜 + ½ 柱镜: −0.25 + ½(−0.50) = −0.50.
    assert_eq!(
        eye_finding(&eye("4.8", "-0.25", "-0.50")),
        Finding::Myopic(Degree::Mild)
    );
    // −0.50 + ½(+0.50) = −0.25: not myopic.
    assert_eq!(eye_finding(&eye("4.8", "-0.50", "+0.50")), Finding::Reduced);
    // No refraction: 视力不良（未验光）, never myopic.
    assert_eq!(
        eye_finding(&eye("4.6", "", "")),
        Finding::ReducedUnrefracted
    );
    assert_eq!(eye_finding(&eye("", "-3.00", "")), Finding::NotScreened);
}

#[test]
fn degrees_split_at_minus_three_and_minus_six() {
    let degree = |s: &str, c: &str| eye_finding(&eye("4.5", s, c));
    assert_eq!(degree("-3.00", ""), Finding::Myopic(Degree::Mild));
    // −3.00 + ½(−0.25) = −3.125 D: beyond −3.00, so 中度.
    assert_eq!(degree("-3.00", "-0.25"), Finding::Myopic(Degree::Moderate));
    assert_eq!(degree("-3.25", ""), Finding::Myopic(Degree::Moderate));
    assert_eq!(degree("-6.00", ""), Finding::Myopic(Degree::Moderate));
    assert_eq!(degree("-6.25", ""), Finding::Myopic(Degree::High));
    assert_eq!(degree("-5.50", "-1.50"), Finding::Myopic(Degree::High));
    assert_eq!(Finding::Myopic(Degree::High).label(), "高度近视");
}

#[test]
fn both_conditions_must_hold_in_the_same_eye() {
    // Right eye reduced but not myopic, left eye myopic refraction but 5.0: not myopic.
    let right = eye("4.7", "+0.25", "");
    let left = eye("5.0", "-1.50", "");
    assert_eq!(child_finding(&right, &left), Finding::Reduced);
    // Either eye qualifying counts the child, at that eye's degree.
    let left = eye("4.6", "-3.50", "");
    assert_eq!(
        child_finding(&right, &left),
        Finding::Myopic(Degree::Moderate)
    );
    assert_eq!(
        child_finding(&eye("4.9", "-0.75", ""), &eye("4.2", "-6.50", "")),
        Finding::Myopic(Degree::High)
    );
    // One eye unscreened: a myopic eye still counts the child; otherwise not screened.
    assert_eq!(
        child_finding(&eye("", "", ""), &eye("4.8", "-1.00", "")),
        Finding::Myopic(Degree::Mild)
    );
    assert_eq!(
        child_finding(&eye("", "", ""), &eye("5.1", "", "")),
        Finding::NotScreened
    );
    // Reduced without refraction outranks a non-myopic reduced eye.
    assert_eq!(
        child_finding(&eye("4.8", "", ""), &eye("4.9", "+1.00", "")),
        Finding::ReducedUnrefracted
    );
}

#[test]
fn counts_and_rate_of_a_group() {
    let mut c = VisionCounts::default();
    for f in [
        Finding::Myopic(Degree::Mild),
        Finding::Myopic(Degree::Mild),
        Finding::Myopic(Degree::High),
        Finding::ReducedUnrefracted,
        Finding::Reduced,
        Finding::Normal,
        Finding::Normal,
        Finding::Normal,
        Finding::NotScreened,
    ] {
        c.add(f);
    }
    assert_eq!(c.screened, 8);
    assert_eq!(c.myopic, [2, 0, 1]);
    assert_eq!(c.myopic_total(), 3);
    assert_eq!(c.unrefracted, 1);
    assert_eq!(c.rate(), Some(3.0 / 8.0));
    let mut total = VisionCounts::default();
    total.merge(&c);
    total.merge(&c);
    assert_eq!(total.screened, 16);
    assert_eq!(total.myopic, [4, 0, 2]);
    assert_eq!(VisionCounts::default().rate(), None);
}

#[test]
fn changes_between_rounds() {
    let half = d("0.50");
    let normal = (&eye("5.0", "0", ""), &eye("5.1", "+0.25", ""));
    let mild = (&eye("4.8", "-1.00", ""), &eye("4.9", "-0.75", ""));
    let worse = (&eye("4.6", "-1.50", ""), &eye("4.8", "-1.00", ""));
    let slightly = (&eye("4.7", "-1.25", ""), &eye("4.9", "-0.75", ""));
    let gone = (&eye("", "", ""), &eye("", "", ""));
    assert_eq!(change(normal, mild, half), Change::NewMyopia);
    // The worse eye from −1.00 to −1.50: a drop of 0.50, the threshold (inclusive).
    assert_eq!(change(mild, worse, half), Change::Progressed);
    assert_eq!(change(mild, slightly, half), Change::Myopic);
    assert_eq!(change(mild, normal, half), Change::NoLongerMyopic);
    assert_eq!(change(normal, normal, half), Change::NotMyopic);
    assert_eq!(change(gone, mild, half), Change::Unknown);
}

#[test]
fn yearly_targets_fall_by_points_from_the_baseline() {
    let t = yearly_target(0.527, 2020, 2023, 0.5);
    assert!((t - 0.512).abs() < 1e-12, "{t}");
    assert!((yearly_target(0.40, 2021, 2024, 1.0) - 0.37).abs() < 1e-12);
    assert_eq!(yearly_target(0.40, 2024, 2020, 0.5), 0.40);
    assert_eq!(yearly_target(0.01, 2000, 2030, 0.5), 0.0);
}

fn any_eye() -> impl Strategy<Value = Eye> {
    (
        prop::option::of(40u8..=53),
        prop::option::of(-400i32..=200),
        prop::option::of(-24i32..=0),
    )
        .prop_map(|(a, s, c)| Eye {
            uncorrected: a.map(Acuity),
            // Quarter-dioptre steps, as autorefractors print.
            sphere: s.map(|q| Dioptres(q * 250)),
            cylinder: c.map(|q| Dioptres(q * 250)),
        })
}

proptest! {
    #[test]
    fn the_child_does_not_depend_on_which_eye_is_which(r in any_eye(), l in any_eye()) {
        prop_assert_eq!(child_finding(&r, &l), child_finding(&l, &r));
    }

    #[test]
    fn a_myopic_eye_stays_myopic_as_things_get_worse(
        (a, s, c) in (40u8..=49, -400i32..=-2, -24i32..=0),
        less_acuity in 0u8..=10,
        more_minus in 0i32..=40,
    ) {
        let e = Eye {
            uncorrected: Some(Acuity(a)),
            sphere: Some(Dioptres(s * 250)),
            cylinder: Some(Dioptres(c * 250)),
        };
        let before = eye_finding(&e);
        prop_assert!(before.myopic());
        let worse = Eye {
            uncorrected: e.uncorrected.map(|a| Acuity(a.0.saturating_sub(less_acuity).max(40))),
            sphere: e.sphere.map(|s| Dioptres(s.0 - more_minus * 250)),
            cylinder: e.cylinder,
        };
        let after = eye_finding(&worse);
        prop_assert!(after.myopic());
        // And its degree never lessens.
        let (Finding::Myopic(b), Finding::Myopic(a)) = (before, after) else { unreachable!() };
        prop_assert!(a >= b);
    }

    #[test]
    fn myopia_needs_both_conditions(e in any_eye()) {
        let reduced = e.uncorrected.is_some_and(|a| a < NORMAL_ACUITY);
        let minus = e.twice_se().is_some_and(|t| t <= -1_000);
        prop_assert_eq!(eye_finding(&e).myopic(), reduced && minus);
    }

    #[test]
    fn the_counts_add_up(findings in prop::collection::vec(
        prop_oneof![
            Just(Finding::Myopic(Degree::Mild)),
            Just(Finding::Myopic(Degree::Moderate)),
            Just(Finding::Myopic(Degree::High)),
            Just(Finding::ReducedUnrefracted),
            Just(Finding::Reduced),
            Just(Finding::Normal),
            Just(Finding::NotScreened),
        ],
        0..60,
    )) {
        let mut c = VisionCounts::default();
        for f in &findings {
            c.add(*f);
        }
        let screened = findings.iter().filter(|f| **f != Finding::NotScreened).count() as u64;
        prop_assert_eq!(c.screened, screened);
        prop_assert_eq!(c.myopic_total(), findings.iter().filter(|f| f.myopic()).count() as u64);
        prop_assert!(c.myopic_total() + c.unrefracted + c.reduced <= c.screened);
    }
}
