//! PHQ-9 and GAD-7 bands at their boundaries, item 9, the ages, and what a screen may change.

use super::*;
use proptest::prelude::*;

fn phq(total_from: &[u8]) -> InstrumentScore {
    score(Instrument::Phq9, 8, total_from).unwrap()
}

#[test]
fn phq9_bands_at_their_boundaries() {
    let with_total = |n: u8| {
        let mut a = [0u8; 9];
        let mut left = n;
        for x in a.iter_mut().take(8) {
            *x = left.min(3);
            left -= *x;
        }
        phq(&a)
    };
    assert_eq!(with_total(4).severity, Severity::Minimal);
    assert_eq!(with_total(5).severity, Severity::Mild);
    assert_eq!(with_total(9).severity, Severity::Mild);
    assert_eq!(with_total(10).severity, Severity::Moderate);
    assert_eq!(with_total(14).severity, Severity::Moderate);
    assert_eq!(with_total(15).severity, Severity::ModeratelySevere);
    assert_eq!(with_total(19).severity, Severity::ModeratelySevere);
    assert_eq!(with_total(20).severity, Severity::Severe);
    assert_eq!(phq(&[3; 9]).total, 27);
}

#[test]
fn gad7_has_four_bands() {
    let g = |a: [u8; 7]| score(Instrument::Gad7, 9, &a).unwrap();
    assert_eq!(g([2, 2, 0, 0, 0, 0, 0]).severity, Severity::Minimal);
    assert_eq!(g([3, 2, 0, 0, 0, 0, 0]).severity, Severity::Mild);
    assert_eq!(g([3, 3, 3, 1, 0, 0, 0]).severity, Severity::Moderate);
    assert_eq!(g([3, 3, 3, 3, 3, 0, 0]).severity, Severity::Severe);
    assert_eq!(g([3; 7]).total, 21);
    assert_eq!(g([0; 7]).item9, None);
}

#[test]
fn answers_and_ages_are_checked() {
    assert!(matches!(
        score(Instrument::Phq9, 8, &[0; 8]),
        Err(MentalError::Count { found: 8, .. })
    ));
    let e = score(Instrument::Phq9, 8, &[0, 0, 4, 0, 0, 0, 0, 0, 0]).unwrap_err();
    assert!(matches!(
        e,
        MentalError::Answer {
            item: 3,
            value: 4,
            ..
        }
    ));
    // Not validated for 小学.
    let e = score(Instrument::Gad7, 6, &[0; 7]).unwrap_err();
    assert!(e.to_string().contains("初中及以上"), "{e}");
    assert!(score(Instrument::Gad7, 7, &[0; 7]).is_ok());
}

#[test]
fn item_nine_asks_for_a_review_the_same_day_whatever_the_total() {
    let s = screen(
        &[phq(&[0, 0, 0, 0, 0, 0, 0, 0, 1])],
        &TierThresholds::default(),
    );
    assert!(s.same_day_review);
    assert_eq!(s.suggested, Tier::General);
    assert!(s.reasons.iter().any(|r| r.contains("第 9 题")));
}

#[test]
fn a_screen_suggests_but_never_sets_or_clears_a_crisis() {
    let t = TierThresholds::default();
    let severe = screen(&[phq(&[3; 9])], &t);
    assert_eq!(severe.suggested, Tier::Priority);
    assert!(severe.same_day_review);
    let calm = screen(&[phq(&[0; 9])], &t);
    assert_eq!(calm.suggested, Tier::General);
    assert_eq!(after_screen(Tier::Crisis, &calm), Tier::Crisis);
    assert_eq!(after_screen(Tier::Priority, &calm), Tier::Priority);
    assert_eq!(after_screen(Tier::General, &severe), Tier::Priority);
    let gad = score(Instrument::Gad7, 8, &[2, 2, 2, 2, 2, 0, 0]).unwrap();
    assert_eq!(screen(&[gad], &t).suggested, Tier::Attention);
}

proptest! {
    #[test]
    fn the_suggestion_grows_with_the_answers(a in prop::collection::vec(0u8..=3, 9), i in 0usize..9) {
        let t = TierThresholds::default();
        let before = phq(&a);
        let mut more = a.clone();
        more[i] = (more[i] + 1).min(3);
        let after = phq(&more);
        prop_assert!(after.total >= before.total);
        prop_assert!(after.severity >= before.severity);
        prop_assert!(screen(&[after], &t).suggested >= screen(&[before], &t).suggested);
        prop_assert!(screen(&[after], &t).suggested < Tier::Crisis);
    }
}
