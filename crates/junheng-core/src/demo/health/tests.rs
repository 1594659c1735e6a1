//! The generators against the engines: plausible ranges, a primary district's 合格/优良/优秀 and
//! 超重 rates, myopia by grade and its progression, and the PHQ-9 bands of each profile.

use super::*;
use crate::health::fitness::{Pack, bmi_tenths, score};
use crate::health::mental::{self, Instrument};
use crate::health::vision::{VisionCounts, child_finding};

/// A district of schools of 500, each school's ability anywhere in −1 … 1.
fn district(seed: u64, n: usize, grades: std::ops::RangeInclusive<u8>) -> Vec<(u8, Sex, f64)> {
    let mut rng = Rng::new(seed);
    let mut ability = 0.0;
    (0..n)
        .map(|i| {
            if i % 500 == 0 {
                ability = rng.range(-1.0, 1.0);
            }
            let grade = rng.int(u32::from(*grades.start()), u32::from(*grades.end())) as u8;
            let sex = if rng.chance(0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            (grade, sex, ability)
        })
        .collect()
}

#[test]
fn every_result_is_plausible_and_the_same_for_the_same_seed() {
    let (mut a, mut b) = (Rng::new(11), Rng::new(11));
    for (grade, sex, ability) in district(1, 20_000, 1..=9) {
        let s = fitness(&mut a, grade, sex, ability);
        assert_eq!(s, fitness(&mut b, grade, sex, ability));
        assert!((800..=2200).contains(&s.height_tenths_cm), "{s:?}");
        assert!((100..=2000).contains(&s.weight_tenths_kg), "{s:?}");
        let wanted: Vec<Item> = items(grade, sex).iter().map(|p| p.0).skip(1).collect();
        let got: Vec<Item> = s.results.iter().map(|p| p.0).collect();
        assert_eq!(got, wanted);
        for (item, value) in s.results {
            let (lo, hi) = plausible(item);
            assert!((lo..=hi).contains(&value), "{item:?} {value}");
        }
    }
    assert!(fitness(&mut a, 10, Sex::Male, 0.0).results.is_empty());
}

#[test]
fn a_primary_district_scores_like_a_real_one() {
    let pack = Pack::builtin();
    let students = district(2024, 20_000, 1..=6);
    let mut rng = Rng::new(9);
    let (mut pass, mut good, mut excellent, mut heavy) = (0, 0, 0, 0);
    let mut by_ability = [(0, 0); 2];
    for &(grade, sex, ability) in &students {
        let s = fitness(&mut rng, grade, sex, ability);
        let bmi = bmi_tenths(s.weight_tenths_kg, s.height_tenths_cm);
        let r = score(&pack, grade, sex, |item| match item {
            Item::Bmi => bmi,
            _ => s.results.iter().find(|p| p.0 == item).map(|p| p.1),
        });
        let total = r.total.expect("grades 1–6 are scored");
        pass += usize::from(total >= 6_000);
        good += usize::from(total >= 8_000);
        excellent += usize::from(total >= 9_000);
        heavy += usize::from(matches!(r.bmi_category.as_deref(), Some("超重" | "肥胖")));
        let half = &mut by_ability[usize::from(ability > 0.0)];
        *half = (half.0 + usize::from(total >= 8_000), half.1 + 1);
    }
    let pct = |n: usize| 100.0 * n as f64 / students.len() as f64;
    let shown = format!(
        "合格 {:.1} 优良 {:.1} 优秀 {:.1} 超重肥胖 {:.1}",
        pct(pass),
        pct(good),
        pct(excellent),
        pct(heavy)
    );
    assert!((90.0..=95.0).contains(&pct(pass)), "{shown}");
    assert!((30.0..=50.0).contains(&pct(good)), "{shown}");
    assert!((5.0..=15.0).contains(&pct(excellent)), "{shown}");
    assert!((15.0..=25.0).contains(&pct(heavy)), "{shown}");
    let rate = |(n, of): (usize, usize)| n as f64 / of as f64;
    assert!(
        rate(by_ability[1]) > rate(by_ability[0]) + 0.15,
        "{by_ability:?}"
    );
}

#[test]
fn myopia_prevalence_by_grade_is_china_like() {
    let mut rng = Rng::new(42);
    let mut counts = [VisionCounts::default(); 9];
    for grade in 1..=9u8 {
        for _ in 0..5_000 {
            let (r, l) = vision(&mut rng, grade, 0.5);
            counts[usize::from(grade - 1)].add(child_finding(&r, &l));
        }
    }
    let rate = |g: usize| counts[g - 1].rate().unwrap();
    assert!((0.09..=0.15).contains(&rate(1)), "{}", rate(1));
    assert!((0.36..=0.44).contains(&rate(6)), "{}", rate(6));
    assert!((0.65..=0.75).contains(&rate(9)), "{}", rate(9));
    assert!((1..9).all(|g| rate(g) < rate(g + 1)));
    let unrefracted: u64 = counts.iter().map(|c| c.unrefracted).sum();
    assert!(
        (700..=1100).contains(&unrefracted),
        "{unrefracted} of 45 000"
    );
    // High myopia appears in 初中, hardly in grade 1.
    assert!(counts[8].myopic[2] > 10 * counts[0].myopic[2].max(1));
    // Propensity moves prevalence both ways.
    let rate_at = |p: f64, rng: &mut Rng| {
        let n = (0..4_000)
            .filter(|_| {
                let (r, l) = vision(rng, 6, p);
                child_finding(&r, &l).myopic()
            })
            .count();
        n as f64 / 4_000.0
    };
    assert!(rate_at(0.1, &mut rng) < 0.25 && rate_at(0.9, &mut rng) > 0.55);
}

#[test]
fn myopic_eyes_progress_half_a_dioptre_a_year() {
    let mut rng = Rng::new(8);
    let (mut drop, mut eyes) = (0i64, 0i64);
    for _ in 0..5_000 {
        let (r, l) = vision(&mut rng, 5, 0.5);
        let (r2, l2) = vision_next(&mut rng, (&r, &l), 12);
        for (a, b) in [(r, r2), (l, l2)] {
            assert!(b.uncorrected.is_some() && b.sphere.is_some());
            if let (Some(x), Some(y)) = (a.twice_se(), b.twice_se())
                && x <= -1_000
            {
                drop += i64::from(x - y);
                eyes += 1;
            }
        }
    }
    let per_year = drop as f64 / eyes as f64 / 2_000.0;
    assert!((0.4..=0.6).contains(&per_year), "{per_year} D a year");
}

#[test]
fn mental_answers_fall_in_their_profiles_bands() {
    let mut rng = Rng::new(4);
    let profiles = [
        (MentalProfile::Well, 0..=4),
        (MentalProfile::Mild, 5..=9),
        (MentalProfile::Moderate, 10..=14),
        (MentalProfile::Severe, 15..=27),
        (MentalProfile::SelfHarmItem, 0..=27),
    ];
    for (profile, band) in profiles {
        for _ in 0..2_000 {
            let (phq, gad) = mental_answers(&mut rng, profile);
            let p = mental::score(Instrument::Phq9, 8, &phq).unwrap();
            mental::score(Instrument::Gad7, 8, &gad).unwrap();
            assert!(band.contains(&p.total), "{profile:?} {phq:?}");
            let self_harm = p.item9 > Some(0);
            assert_eq!(self_harm, profile == MentalProfile::SelfHarmItem);
        }
    }
    let mut seen = std::collections::HashMap::new();
    for _ in 0..100_000 {
        *seen.entry(mental_profile(&mut rng)).or_insert(0usize) += 1;
    }
    for (profile, expected) in [
        (MentalProfile::Well, 75_000),
        (MentalProfile::Mild, 15_000),
        (MentalProfile::Moderate, 6_000),
        (MentalProfile::Severe, 3_000),
        (MentalProfile::SelfHarmItem, 1_000),
    ] {
        let n = seen[&profile] as i64;
        assert!(
            (n - expected).abs() < expected / 10 + 200,
            "{profile:?} {n}"
        );
    }
}
