//! Planner invariants on demo districts: every move eligible, nobody moved twice, quotas met,
//! no unit newly failing, no teacher-indicator 差异系数 wider, sections, subjects, distance and
//! groups respected, the same plan for the same input.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use junheng_core::rulebook::{BackboneBase, Rulebook};
use junheng_core::school::{Location, SchoolCode};
use junheng_rotation::{
    Move, MoveKind, Plan, PlanInput, PlanOptions, TeacherId, apply_ledger, plan, rotation_year,
    synth,
};

use crate::common::{District, district};

fn input<'a>(d: &'a District, ledger: &'a [Move], rulebook: &'a Rulebook) -> PlanInput<'a> {
    PlanInput {
        records: &d.records,
        roster: &d.roster,
        ledger,
        groups: &d.groups,
        rulebook,
    }
}

/// Checks every invariant of a plan against its input.
fn check(input: &PlanInput<'_>, options: &PlanOptions, p: &Plan) {
    let year = options.year;
    let rules = input.rulebook.rotation;
    let ry = rotation_year(
        year,
        input.roster,
        input.ledger,
        input.groups,
        &Default::default(),
        &rules,
    );
    let standing: HashMap<&TeacherId, _> = ry.teachers.iter().map(|s| (&s.teacher.id, s)).collect();
    let mut seen = HashSet::new();
    let kinds: HashMap<&SchoolCode, _> = input.records.iter().map(|r| (&r.code, r)).collect();
    for m in &p.moves {
        let s = standing[&m.teacher];
        assert!(s.eligibility.is_eligible(), "{} is not eligible", m.teacher);
        assert!(
            s.rotating.is_none(),
            "{} already rotates this year",
            m.teacher
        );
        assert!(seen.insert(m.teacher.clone()), "{} moved twice", m.teacher);
        assert_eq!(s.teacher.school, m.from);
        assert_ne!(m.from, m.to);
        assert!(kinds[&m.to].kind.has(m.section), "host lacks the section");
        if let Some(g) = &options.group {
            assert_eq!(input.groups.get(&m.from), Some(g));
            assert_eq!(input.groups.get(&m.to), Some(g));
        }
        if let (Some(limit), Some(km)) = (options.max_km, m.distance_km) {
            assert!(km <= limit + 1e-9, "{km} km > {limit}");
        }
    }
    if let Some(n) = options.max_moves {
        assert!(p.moves.len() <= n);
    }
    // Every subject (and PE/arts) a school-section had is still taught there by a present teacher.
    let away: HashSet<&TeacherId> = p.moves.iter().map(|m| &m.teacher).collect();
    let mut before: HashMap<(SchoolCode, String), u32> = HashMap::new();
    let mut after: HashMap<(SchoolCode, String), u32> = HashMap::new();
    for t in input.roster.iter().filter(|t| t.year == year) {
        let key = (t.school.clone(), format!("{:?}{}", t.section, t.subject));
        *before.entry(key.clone()).or_default() += 1;
        if !away.contains(&t.id) {
            *after.entry(key).or_default() += 1;
        }
    }
    for (key, n) in &before {
        if *n > 0 && !input.ledger.iter().any(|m| m.active_in(year)) {
            assert!(
                after.get(key).copied().unwrap_or(0) >= 1,
                "{key:?} lost its subject"
            );
        }
    }
    // No unit newly failing; no teacher indicator wider.
    for u in &p.effect.units {
        if u.passes_before == Some(true) {
            assert_eq!(u.passes_after, Some(true), "{} newly fails", u.unit);
        }
    }
    for i in p.effect.indicators.iter().filter(|i| i.teacher) {
        if let (Some(b), Some(a)) = (i.cv_before, i.cv_after) {
            assert!(a <= b * (1.0 + 1e-9), "{} {:?}: {b} → {a}", i.id, i.section);
        }
    }
    // The planner's own numbers agree with the evaluation engine's.
    for w in &p.worst {
        let worst = p
            .effect
            .indicators
            .iter()
            .filter(|i| i.teacher && i.section == w.section)
            .filter_map(|i| i.cv_after.map(|c| c / i.limit))
            .fold(0.0, f64::max);
        assert!((worst - w.after).abs() < 1e-9, "{worst} vs {}", w.after);
    }
    assert!(p.objective.1 <= p.objective.0 + 1e-12);
    // The quota arithmetic of the plan is the quota of the plan accepted into the ledger.
    let mut ledger = input.ledger.to_vec();
    ledger.extend(p.as_ledger());
    let accepted = rotation_year(
        year,
        input.roster,
        &ledger,
        input.groups,
        &Default::default(),
        &rules,
    );
    let scope = match &options.group {
        None => accepted.district,
        Some(g) => accepted.groups[g],
    };
    assert_eq!(scope, p.quota_after);
}

#[test]
fn a_district_plan_meets_the_quota_and_narrows_every_section() {
    let d = district(120, 21);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let input = input(&d, &[], &rulebook);
    let options = PlanOptions {
        year: 2024,
        ..Default::default()
    };
    let p = plan(&input, &options, &mut |_, _| {}).unwrap();
    check(&input, &options, &p);
    assert!(p.quota_after.met() && !p.quota_before.met());
    assert_eq!(p.moves.len() as u64, p.quota_after.required);
    for w in &p.worst {
        assert!(w.after < w.before * 0.9, "{w:?}");
    }
    // Deterministic, also through JSON.
    let again = plan(&input, &options, &mut |_, _| {}).unwrap();
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}

#[test]
fn group_distance_and_move_limits_are_respected() {
    let mut d = district(80, 22);
    // Coordinates on a line, 1 km apart.
    for (i, r) in d.records.iter_mut().enumerate() {
        r.location = Some(Location {
            longitude: 106.5 + i as f64 * 0.0099,
            latitude: 29.5,
        });
    }
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let input = input(&d, &[], &rulebook);
    for options in [
        PlanOptions {
            year: 2024,
            group: Some("第2教育集团".into()),
            ..Default::default()
        },
        PlanOptions {
            year: 2024,
            max_km: Some(3.0),
            ..Default::default()
        },
        PlanOptions {
            year: 2024,
            max_moves: Some(5),
            ..Default::default()
        },
        PlanOptions {
            year: 2024,
            max_moves: Some(400),
            ..Default::default()
        },
    ] {
        let p = plan(&input, &options, &mut |_, _| {}).unwrap();
        check(&input, &options, &p);
        if options.max_moves == Some(5) {
            assert!(!p.quota_after.met() && p.notes.iter().any(|n| n.contains("无法完成")));
        } else {
            assert!(p.quota_after.met(), "{options:?}: {:?}", p.notes);
        }
    }
}

#[test]
fn the_ledger_is_applied_first_and_its_teachers_stay() {
    let d = district(60, 23);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let years: Vec<i32> = vec![2024];
    let ledger = synth::ledger(&d.records, &d.roster, &years, 0.05, 23);
    assert!(!ledger.is_empty());
    let input = input(&d, &ledger, &rulebook);
    let options = PlanOptions {
        year: 2024,
        ..Default::default()
    };
    let p = plan(&input, &options, &mut |_, _| {}).unwrap();
    check(&input, &options, &p);
    assert_eq!(p.quota_before.rotated as usize, ledger.len());
    let rotating: HashSet<&TeacherId> = ledger.iter().map(|m| &m.teacher).collect();
    assert!(p.moves.iter().all(|m| !rotating.contains(&m.teacher)));
    // "Before" is the year with the ledger applied.
    let applied = apply_ledger(&d.records, &d.roster, &ledger, 2024, &rulebook.rotation);
    let before = junheng_core::evaluate::evaluate(&applied.records, &rulebook).unwrap();
    let cv = before.sections[0].indicators[1].spread.cv;
    let shown = p
        .effect
        .indicators
        .iter()
        .find(|i| i.id == "backbone_teachers_per_100")
        .unwrap();
    assert_eq!(shown.cv_before, cv);
}

#[test]
fn the_anhui_base_asks_for_more_backbone_moves() {
    let d = district(100, 24);
    let anhui = Rulebook::builtin("anhui-2018").unwrap();
    assert_eq!(anhui.rotation.backbone_base, BackboneBase::Eligible);
    let input = input(&d, &[], &anhui);
    let options = PlanOptions {
        year: 2024,
        ..Default::default()
    };
    let p = plan(&input, &options, &mut |_, _| {}).unwrap();
    check(&input, &options, &p);
    assert!(p.quota_after.met(), "{:?}", p.notes);
    assert!(p.quota_after.backbone_required >= p.quota_after.required * 2 - 1);
    assert!(p.quota_after.backbone_rotated >= p.quota_after.backbone_required);
}

#[test]
fn plans_refuse_missing_data_and_unknown_groups() {
    let d = district(20, 25);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let input = input(&d, &[], &rulebook);
    let ask = |year, group: Option<&str>| {
        plan(
            &input,
            &PlanOptions {
                year,
                group: group.map(str::to_owned),
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap_err()
        .to_string()
    };
    assert!(ask(2019, None).contains("2019 学年没有学校统计数据"));
    assert!(ask(2024, Some("不存在的集团")).contains("不存在的集团"));
    let no_roster = PlanInput {
        roster: &[],
        ..input
    };
    let err = plan(
        &no_roster,
        &PlanOptions {
            year: 2024,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("没有教师花名册"));
}

#[test]
fn a_year_whose_quota_is_met_proposes_nothing_unless_asked() {
    let d = district(40, 26);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let first = plan(
        &input(&d, &[], &rulebook),
        &PlanOptions {
            year: 2024,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    let ledger = first.as_ledger();
    assert!(
        ledger
            .iter()
            .all(|m| m.kind == MoveKind::Exchange && m.end_year == 2026)
    );
    let input = input(&d, &ledger, &rulebook);
    let options = PlanOptions {
        year: 2024,
        ..Default::default()
    };
    let p = plan(&input, &options, &mut |_, _| {}).unwrap();
    assert!(p.moves.is_empty() && p.quota_before.met());
    assert!(p.notes.iter().any(|n| n.contains("已经达到")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_plan_keeps_the_invariants(
        seed in 0u64..1_000,
        schools in 8usize..40,
        max_moves in prop::option::of(1usize..60),
        grouped in any::<bool>(),
    ) {
        let d = district(schools, seed);
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let input = input(&d, &[], &rulebook);
        let options = PlanOptions {
            year: 2024,
            group: grouped.then(|| "第1教育集团".to_owned()),
            max_moves,
            max_km: None,
        };
        let p = plan(&input, &options, &mut |_, _| {}).unwrap();
        check(&input, &options, &p);
    }
}
