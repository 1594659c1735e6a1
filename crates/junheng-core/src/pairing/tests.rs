use std::collections::BTreeSet;

use super::compare::compare;
use super::*;
use crate::demo::{DemoSpec, generate};
use crate::evaluate::{Comparator, evaluate};
use crate::rulebook::Rulebook;
use crate::school::{SchoolCode, UrbanRural};
use crate::urban::UrbanRuralCategory;

#[test]
fn kinds_round_trip_through_ids_and_labels() {
    for k in PairingKind::ALL {
        assert_eq!(PairingKind::parse(k.id()), Some(k));
        assert_eq!(PairingKind::parse(k.label()), Some(k));
    }
    for k in HelpKind::ALL {
        assert_eq!(HelpKind::parse(k.id()), Some(k));
        assert_eq!(HelpKind::parse(k.label()), Some(k));
    }
    assert_eq!(PairingKind::parse("结对"), None);
    let kinds = [
        HelpKind::RemoteClassroom,
        HelpKind::TeachingVisit,
        HelpKind::TeachingVisit,
    ];
    let stored = HelpKind::join(&kinds);
    assert_eq!(stored, "teaching_visit,remote_classroom");
    assert_eq!(
        HelpKind::split(&stored),
        Some(vec![HelpKind::TeachingVisit, HelpKind::RemoteClassroom])
    );
    assert_eq!(HelpKind::split(""), Some(vec![]));
    assert_eq!(HelpKind::split("teaching_visit,送教"), None);
    assert_eq!(PairingKind::CrossProvince.helper(), HelperRule::Outside);
}

#[test]
fn school_years_start_in_september_and_periods_include_both_ends() {
    assert_eq!(school_year_of("2024-09-01"), Some(2024));
    assert_eq!(school_year_of("2024-08-31"), Some(2023));
    assert_eq!(school_year_of("2024-02-30"), None);
    assert_eq!(school_year_of("2024-9-1"), None);
    assert_eq!(
        school_year_days(2024),
        ("2024-09-01".into(), "2025-08-31".into())
    );
    // Starting on the last day of a school year puts the pairing in force in it.
    assert!(in_force("2025-08-31", None, 2024));
    assert!(!in_force("2025-09-01", None, 2024));
    assert!(in_force("2020-01-01", None, 2030));
    assert!(in_force("2022-03-01", Some("2024-09-01"), 2024));
    assert!(!in_force("2022-03-01", Some("2024-08-31"), 2024));
}

fn district() -> Vec<crate::school::SchoolRecord> {
    let mut records = generate(&DemoSpec {
        schools: 80,
        seed: 11,
        year: 2024,
    });
    // A known mix of 城乡分类.
    for (i, r) in records.iter_mut().enumerate() {
        r.urban_rural = Some(match i % 3 {
            0 => UrbanRural::Urban,
            1 => UrbanRural::Town,
            _ => UrbanRural::Rural,
        });
    }
    records
}

#[test]
fn the_comparison_group_is_the_same_section_and_category_minus_every_helped_school() {
    let records = district();
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let e = evaluate(&records, &rulebook).unwrap();
    let primary = &e.sections[0];
    let rural: Vec<usize> = (0..primary.units.len())
        .filter(|&i| primary.units[i].record.urban_rural == Some(UrbanRural::Rural))
        .collect();
    assert!(rural.len() >= 6, "enough rural primary units");
    let code = |i: usize| primary.units[i].record.code.clone();
    let helped: BTreeSet<SchoolCode> = [code(rural[0]), code(rural[1])].into();
    // Another pairing helps a third rural school: it is in neither group.
    let mut excluded = helped.clone();
    excluded.insert(code(rural[2]));
    let c = compare(&e, &helped, &excluded);
    let stratum = c
        .strata
        .iter()
        .find(|s| s.section == primary.section)
        .unwrap();
    assert_eq!(stratum.category, UrbanRuralCategory::Rural);
    assert_eq!(stratum.helped.units, 2);
    let others: Vec<usize> = rural[3..]
        .iter()
        .copied()
        .filter(|&i| {
            primary.units[i]
                .merged
                .iter()
                .all(|m| !excluded.contains(&m.code))
        })
        .collect();
    assert_eq!(stratum.comparison.units, others.len());
    // Means and shares recomputed by hand from the evaluation's own values.
    let cmp = Comparator::new(e.policy.compare_decimals);
    for (k, ind) in stratum.indicators.iter().enumerate() {
        let values = &primary.values[k];
        let mean = (values[rural[0]] + values[rural[1]]) / 2.0;
        assert!((ind.helped.mean.unwrap() - mean).abs() < 1e-9);
        let theirs: f64 = others.iter().map(|&i| values[i]).sum::<f64>() / others.len() as f64;
        assert!((ind.comparison.mean.unwrap() - theirs).abs() < 1e-9);
        let standard = ind.standard.unwrap();
        let meeting = others
            .iter()
            .filter(|&&i| cmp.meets(values[i], standard))
            .count();
        assert_eq!(ind.comparison.meeting, Some(meeting));
        assert_eq!(
            ind.comparison.share_meeting,
            Some(meeting as f64 / others.len() as f64)
        );
    }
    let passing = others
        .iter()
        .filter(|&&i| primary.verdicts[i].passes == Some(true))
        .count();
    assert_eq!(stratum.comparison.passing, Some(passing));
    // The helped units are listed with their values.
    let listed: Vec<&SchoolCode> = c
        .schools
        .iter()
        .filter(|s| s.section == primary.section)
        .map(|s| &s.code)
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(
        c.schools
            .iter()
            .all(|s| s.values.len() == primary.indicators.len())
    );
}

#[test]
fn no_helped_unit_no_stratum_and_an_empty_comparison_group_has_no_mean() {
    let records = district();
    let e = evaluate(&records, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
    let none = compare(&e, &BTreeSet::new(), &BTreeSet::new());
    assert!(none.strata.is_empty() && none.schools.is_empty());
    // Every school helped: the comparison groups are empty.
    let all: BTreeSet<SchoolCode> = records.iter().map(|r| r.code.clone()).collect();
    let c = compare(&e, &all, &all);
    assert!(!c.strata.is_empty());
    for s in &c.strata {
        assert_eq!(s.comparison.units, 0);
        assert_eq!(s.comparison.pass_share, None);
        assert!(s.indicators.iter().all(|i| i.comparison.mean.is_none()));
    }
}
