//! Counts up to `u32::MAX` per cell are valid: quotas, the ledger applied, the roster reconciled
//! and the planner never overflow (a debug build would panic) and keep every total exact.

use proptest::prelude::*;

use junheng_core::rulebook::{BackboneBase, RotationRules, Rulebook};
use junheng_core::school::{SchoolRecord, Section, SectionStats};
use junheng_rotation::{
    Move, MoveKind, PlanInput, PlanOptions, Quota, SkipReason, apply_ledger, plan, reconcile,
};

use crate::common::district;

/// ⌈num × n / den⌉ in integers.
fn ceil_share(num: u64, den: u64, n: u64) -> u64 {
    let exact = (u128::from(num) * u128::from(n)).div_ceil(u128::from(den));
    u64::try_from(exact).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A district's, group's or school's counts are totals over schools: far past `u32::MAX`,
    /// the quota is still exact, for shares in whole percents.
    #[test]
    fn quotas_of_totals_past_u32_are_exact(
        eligible in 0u64..(1 << 40),
        whole in any::<bool>(),
        rotated_share in 0.0f64..1.0,
        backbone_share in 0.0f64..1.0,
        percents in (1u64..=99, 1u64..=99),
        anhui in any::<bool>(),
    ) {
        // Multiples of 100 are where a product a hair above a whole number must not round up.
        let eligible = if whole { eligible / 100 * 100 } else { eligible };
        let rotated = (eligible as f64 * rotated_share) as u64;
        let backbone = (rotated as f64 * backbone_share) as u64;
        let rules = RotationRules {
            quota_share: percents.0 as f64 / 100.0,
            backbone_share: percents.1 as f64 / 100.0,
            backbone_base: if anhui { BackboneBase::Eligible } else { BackboneBase::Rotated },
            ..RotationRules::default()
        };
        let q = Quota::new(eligible, rotated, backbone, &rules);
        let base = if anhui { eligible } else { rotated };
        prop_assert_eq!(q.required, ceil_share(percents.0, 100, eligible));
        prop_assert_eq!(q.backbone_required, ceil_share(percents.1, 100, base));
        prop_assert_eq!((q.eligible, q.rotated, q.backbone_rotated), (eligible, rotated, backbone));
        prop_assert_eq!(q.rotated_ok, rotated >= q.required);
        prop_assert_eq!(q.backbone_ok, backbone >= q.backbone_required);
    }

    /// A school whose teacher counts are at or near `u32::MAX` sends and receives teachers
    /// without overflow: a move it cannot hold is skipped, and changes nothing.
    #[test]
    fn the_ledger_applied_to_maximal_counts_never_overflows(
        home_count in (u32::MAX - 3)..=u32::MAX,
        host_count in (u32::MAX - 3)..=u32::MAX,
        seed in 0u64..50,
    ) {
        let d = district(12, seed);
        let t = d.roster.iter().find(|t| t.section == Section::Primary).unwrap().clone();
        let host = d
            .records
            .iter()
            .find(|r| r.code != t.school && r.kind.has(Section::Primary))
            .unwrap()
            .code
            .clone();
        let mut records = d.records.clone();
        for r in &mut records {
            let n = if r.code == t.school {
                home_count
            } else if r.code == host {
                host_count
            } else {
                continue;
            };
            r.primary = every_count(n);
        }
        let ledger = [Move {
            teacher: t.id.clone(),
            from: t.school.clone(),
            to: host.clone(),
            start_year: 2024,
            end_year: 2024,
            kind: MoveKind::Rotation,
        }];
        let rules = Rulebook::builtin("cn-2017").unwrap().rotation;
        let applied = apply_ledger(&records, &d.roster, &ledger, 2024, &rules);
        let c = t.counts();
        let fits = u64::from(host_count) + u64::from(c.teachers) <= u64::from(u32::MAX)
            && u64::from(host_count) + u64::from(c.intermediate) <= u64::from(u32::MAX);
        let of = |code| applied.records.iter().find(|r| &r.code == code).unwrap().primary;
        if fits {
            prop_assert_eq!(applied.applied.len(), 1);
            prop_assert_eq!(of(&t.school).teachers, home_count - c.teachers);
            prop_assert_eq!(of(&host).teachers, host_count + c.teachers);
        } else {
            prop_assert_eq!(applied.skipped.len(), 1);
            prop_assert_eq!(&applied.skipped[0].1, &SkipReason::HostCountsFull);
            prop_assert!(applied.skipped[0].1.describe().contains("4294967295"));
            prop_assert_eq!(&applied.records, &records, "a skipped move changes nothing");
        }
    }
}

/// A section whose every count is `n`.
fn every_count(n: u32) -> SectionStats {
    SectionStats {
        students: n,
        classes: n,
        teachers: n,
        qualified_teachers: n,
        backbone_teachers: n,
        pe_arts_teachers: n,
        intermediate_title_teachers: n,
    }
}

#[test]
fn the_roster_is_reconciled_with_maximal_counts_exactly() {
    let d = district(10, 4);
    let mut records: Vec<SchoolRecord> = d.records.clone();
    records[0].primary = every_count(u32::MAX);
    records[0].junior = every_count(u32::MAX);
    let mismatches = reconcile(&records, &d.roster, 2024);
    assert!(!mismatches.is_empty());
    for m in &mismatches {
        assert_eq!(m.school, records[0].code);
        assert_eq!(m.statistics, u64::from(u32::MAX), "{m:?}");
        assert!(m.roster < m.statistics);
    }
}

#[test]
fn the_planner_never_fills_a_school_past_u32() {
    let mut moved = 0;
    for seed in [1, 2, 3] {
        let d = district(30, seed);
        let mut records = d.records.clone();
        // Every other school counts as many 专任教师 as a count can (its 骨干, qualified and
        // PE/arts teachers unchanged, so it stays a good host for them): those schools cannot
        // receive a teacher. A few count as many students too: section totals pass u32::MAX.
        let mut full = std::collections::HashSet::new();
        for (i, r) in records.iter_mut().enumerate().step_by(2) {
            for stats in [&mut r.primary, &mut r.junior] {
                if stats.teachers > 0 {
                    stats.teachers = u32::MAX;
                    if i % 4 == 0 {
                        stats.students = u32::MAX;
                    }
                }
            }
            full.insert(r.code.clone());
        }
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let input = PlanInput {
            records: &records,
            roster: &d.roster,
            ledger: &[],
            groups: &d.groups,
            rulebook: &rulebook,
        };
        let options = PlanOptions {
            year: 2024,
            group: None,
            max_moves: Some(6),
            max_km: None,
        };
        let p = plan(&input, &options, &mut |_, _| {}).unwrap();
        assert!(
            p.moves.iter().all(|m| !full.contains(&m.to)),
            "seed {seed}: {:?}",
            p.moves
        );
        moved += p.moves.len();
    }
    assert!(moved > 0, "schools with room still receive teachers");
}
