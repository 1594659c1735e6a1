//! Simulation: agrees with individual draws, independent of threads, sensible figures.

use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{ZoneMode, draw_with_seed, simulate, simulation_seed};

use crate::common::{applicant, school, zone_z};

#[test]
fn simulation_counts_equal_the_individual_draws() {
    let inputs = district(&SynthSpec {
        applicants: 250,
        schools: 9,
        schools_per_zone: 3,
        ..Default::default()
    });
    let base = [5u8; 32];
    let draws = 12;
    let p = simulate(&inputs, draws, &base, 2).unwrap();
    let mut placed = vec![0u32; inputs.applicants.len()];
    let mut first = vec![0u32; inputs.applicants.len()];
    for i in 0..draws {
        let r = draw_with_seed(&inputs, &simulation_seed(&base, u64::from(i))).unwrap();
        for (k, a) in r.applicants.iter().enumerate() {
            placed[k] += u32::from(a.school.is_some());
            first[k] += u32::from(a.round == Some(1));
        }
    }
    for (k, a) in p.applicants.iter().enumerate() {
        assert_eq!(
            a.placed,
            f64::from(placed[k]) / f64::from(draws),
            "{}",
            a.id
        );
        assert_eq!(
            a.first_choice,
            f64::from(first[k]) / f64::from(draws),
            "{}",
            a.id
        );
    }
    for threads in [1, 3, 64] {
        assert_eq!(simulate(&inputs, draws, &base, threads).unwrap(), p);
    }
}

#[test]
fn simulation_figures_are_consistent() {
    let inputs = district(&SynthSpec {
        applicants: 600,
        schools: 12,
        ..Default::default()
    });
    let p = simulate(&inputs, 200, &[1; 32], 2).unwrap();
    let expected_placed: f64 = p.applicants.iter().map(|a| a.placed).sum();
    let admitted: f64 = p.schools.iter().map(|s| s.mean_admitted).sum();
    assert!((expected_placed - admitted).abs() < 1e-6);
    for s in &p.schools {
        assert!(s.mean_admitted <= f64::from(s.capacity) + 1e-9);
        assert!((0.0..=1.0).contains(&s.first_choice) && (0.0..=1.0).contains(&s.full));
        let n: u32 = s.by_tier.iter().map(|t| t.applicants).sum();
        assert_eq!(n, s.first_choice_applicants);
    }
    let members: u32 = p.groups.iter().map(|g| g.applicants).sum();
    assert_eq!(members as usize, inputs.applicants.len());
    for g in &p.groups {
        assert!(g.first_choice <= g.placed + 1e-12);
    }
    assert_eq!(simulate(&inputs, 0, &[1; 32], 2).unwrap().draws, 0);
}

#[test]
fn a_better_tier_is_always_admitted_first() {
    let inputs = zone_z(
        ZoneMode::DeferredAcceptance,
        vec![school("S", "Z", 2)],
        vec![
            applicant("a", "Z", 0, &["S"]),
            applicant("b", "Z", 1, &["S"]),
            applicant("c", "Z", 1, &["S"]),
            applicant("d", "Z", 2, &["S"]),
        ],
    );
    let p = simulate(&inputs, 4000, &[2; 32], 2).unwrap();
    let placed: Vec<f64> = p.applicants.iter().map(|a| a.placed).collect();
    assert_eq!(placed[0], 1.0);
    assert_eq!(placed[3], 0.0);
    assert!((placed[1] - 0.5).abs() < 0.05 && (placed[1] + placed[2] - 1.0).abs() < 1e-12);
    assert_eq!(
        p.groups
            .iter()
            .map(|g| (g.tier, g.applicants))
            .collect::<Vec<_>>(),
        vec![(0, 1), (1, 2), (2, 1)]
    );
    assert_eq!(p.schools[0].by_tier.len(), 3);
}
