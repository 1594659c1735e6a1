//! Uniformity: chi-square tests over many seeds.

use junheng_lottery::{Inputs, Stream, ZoneMode, draw, simulate, simulation_seed};

use crate::common::{applicant, school, witness, zone};

/// χ² critical values at 0.999: 3 degrees of freedom 16.266, 23 degrees of freedom 49.728.
fn chi_square(counts: &[u32], expected: f64) -> f64 {
    counts
        .iter()
        .map(|&c| (f64::from(c) - expected).powi(2) / expected)
        .sum()
}

fn four_applicants_one_seat() -> Inputs {
    Inputs {
        title: "均匀性".into(),
        zones: vec![zone("Z", ZoneMode::SingleSchool)],
        schools: vec![school("S", "Z", 1)],
        applicants: (1..=4)
            .map(|i| applicant(&format!("a{i}"), "Z", 0, &["S"]))
            .collect(),
        key_commitment: None,
    }
}

/// All 24 orders of 4 items are equally likely: 24 000 shuffles, χ² with 23 d.f.
#[test]
fn shuffle_orders_are_uniform() {
    let mut counts = [0u32; 24];
    for i in 0..24_000u64 {
        let mut items = [0u8, 1, 2, 3];
        Stream::new(&simulation_seed(&[9; 32], i)).shuffle(&mut items);
        // Lehmer code of the permutation → 0..24.
        let mut code = 0usize;
        for k in 0..4 {
            let smaller_after = items[k + 1..].iter().filter(|&&x| x < items[k]).count();
            code = code * (4 - k) + smaller_after;
        }
        counts[code] += 1;
    }
    let chi2 = chi_square(&counts, 1000.0);
    assert!(chi2 < 49.728, "χ² = {chi2:.2} for {counts:?}");
}

/// 4 applicants for 1 seat, 24 000 ceremonies with different witness values: each wins ~25 %.
#[test]
fn each_applicant_wins_a_quarter_of_ceremonies() {
    let inputs = four_applicants_one_seat();
    let mut counts = [0u32; 4];
    for i in 0..24_000u32 {
        let pack = draw(&inputs, &[witness("公证员", &i.to_string())]).unwrap();
        let winner = &pack.results.schools[0].admitted[0];
        counts[winner[1..].parse::<usize>().unwrap() - 1] += 1;
    }
    let chi2 = chi_square(&counts, 6000.0);
    assert!(chi2 < 16.266, "χ² = {chi2:.2} for {counts:?}");
}

#[test]
fn simulation_gives_a_quarter_each() {
    let p = simulate(&four_applicants_one_seat(), 24_000, &[3; 32], 2).unwrap();
    let counts: Vec<u32> = p
        .applicants
        .iter()
        .map(|a| (a.placed * 24_000.0).round() as u32)
        .collect();
    assert_eq!(counts.iter().sum::<u32>(), 24_000);
    let chi2 = chi_square(&counts, 6000.0);
    assert!(chi2 < 16.266, "χ² = {chi2:.2} for {counts:?}");
    assert!((p.schools[0].first_choice - 0.25).abs() < 1e-12);
    assert_eq!(p.schools[0].full, 1.0);
}
