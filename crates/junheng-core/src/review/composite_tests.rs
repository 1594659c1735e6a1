//! The 捆绑 composite, computed by hand.

use super::*;
use crate::evaluate::weighted_cv;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

pub(super) fn member(
    unit: u32,
    students: u64,
    core: bool,
    value: Option<f64>,
    last_year: Option<f64>,
) -> MemberInput<u32> {
    MemberInput {
        unit,
        name: format!("成员校{unit}"),
        students,
        core,
        value,
        last_year,
    }
}

fn then(students: u64, core: bool, value: f64) -> MemberValue {
    MemberValue {
        students,
        core,
        value,
    }
}

/// Core 1 (1000 students) 90 ← 88, members 2 and 3 (500 each) 70 ← 66 and 60 ← 60; in the
/// founding year 2022 they stood at 91, 58 and 54.
fn input() -> GroupInput<u32> {
    GroupInput {
        name: " 城南教育集团 ".into(),
        year: 2025,
        members: vec![
            member(1, 1000, true, Some(90.0), Some(88.0)),
            member(2, 500, false, Some(70.0), Some(66.0)),
            member(3, 500, false, Some(60.0), Some(60.0)),
        ],
        baseline: Some(Baseline {
            year: 2022,
            members: vec![
                then(1000, true, 91.0),
                then(500, false, 58.0),
                then(500, false, 54.0),
            ],
        }),
    }
}

fn score_of(g: &GroupComposite<u32>, kind: ComponentKind) -> Option<f64> {
    g.component(kind).unwrap().score
}

#[test]
fn every_part_by_hand() {
    let g = composite(&CompositeSettings::default(), &input()).unwrap();
    assert_eq!(g.name, "城南教育集团");
    // Level (90·1000 + 70·500 + 60·500) / 2000 = 77.5; floor 60.
    assert_eq!(score_of(&g, ComponentKind::Level), Some(77.5));
    assert_eq!(score_of(&g, ComponentKind::Floor), Some(60.0));
    // Lift: non-core changes +4 and 0, mean 2 → 50 + 50·2/10 = 60 (the core's +2 does not count).
    let lift = g.component(ComponentKind::Lift).unwrap();
    assert_eq!((lift.raw, lift.score), (Some(2.0), Some(60.0)));
    // Gap: now 90 − 65 = 25, in 2022 91 − 56 = 35: narrowed by 10 → 100.
    assert_eq!((g.gap.now, g.gap.baseline), (Some(25.0), Some(35.0)));
    assert_eq!(g.gap.baseline_year, Some(2022));
    assert_eq!(score_of(&g, ComponentKind::Gap), Some(100.0));
    assert!(close(
        g.value.unwrap(),
        0.3 * 77.5 + 0.2 * 60.0 + 0.3 * 60.0 + 0.2 * 100.0
    ));
    assert!(g.unconnected.is_empty());
    // Rows: every member, the weakest marked, the core outside the lift.
    let rows: Vec<(u32, bool, bool, Option<f64>)> = g
        .members
        .iter()
        .map(|m| (m.unit, m.weakest, m.in_lift, m.change))
        .collect();
    assert_eq!(
        rows,
        [
            (1, false, false, Some(2.0)),
            (2, false, true, Some(4.0)),
            (3, true, true, Some(0.0))
        ]
    );
    assert_eq!(g.weakest().unwrap().unit, 3);
}

#[test]
fn the_cv_gap_is_the_enrolment_weighted_cv_of_the_totals() {
    let settings = CompositeSettings {
        gap: GapMeasure::Cv { full: 0.1 },
        ..CompositeSettings::default()
    };
    let g = composite(&settings, &input()).unwrap();
    let cv = |v: [f64; 3]| weighted_cv(&v, &[1000.0, 500.0, 500.0]).cv.unwrap();
    let (now, base) = (cv([90.0, 70.0, 60.0]), cv([91.0, 58.0, 54.0]));
    // By hand: √168.75 / 77.5 = 0.16762 and √308.25 / 73.5 = 0.23887.
    assert!((now - 0.167_618).abs() < 1e-5 && (base - 0.238_871).abs() < 1e-5);
    assert!(close(g.gap.now.unwrap(), now));
    let gap = g.component(ComponentKind::Gap).unwrap();
    assert!(close(gap.raw.unwrap(), base - now));
    assert!(close(gap.score.unwrap(), 50.0 + 50.0 * (base - now) / 0.1));
}

#[test]
fn missing_parts_are_unconnected_and_the_rest_renormalised() {
    let mut i = input();
    i.baseline = None;
    for m in &mut i.members {
        m.last_year = None;
    }
    let g = composite(&CompositeSettings::default(), &i).unwrap();
    assert_eq!(g.unconnected, [ComponentKind::Lift, ComponentKind::Gap]);
    let lift = g.component(ComponentKind::Lift).unwrap();
    assert_eq!(lift.weight_used, 0.0);
    assert!(lift.unconnected.as_deref().unwrap().starts_with("未接入："));
    assert!(close(
        g.component(ComponentKind::Level).unwrap().weight_used,
        0.6
    ));
    assert!(close(g.value.unwrap(), 0.6 * 77.5 + 0.4 * 60.0));
    // The gap is still measured this year.
    assert_eq!(g.gap.now, Some(25.0));

    // The baseline year itself: nothing to compare yet.
    let mut founded = input();
    founded.baseline.as_mut().unwrap().year = 2025;
    let g = composite(&CompositeSettings::default(), &founded).unwrap();
    let gap = g.component(ComponentKind::Gap).unwrap();
    assert!(gap.unconnected.as_deref().unwrap().contains("基线年"));

    // No core recorded: the core-minus-rest gap cannot be measured; every member is non-core.
    let mut no_core = input();
    no_core.members[0].core = false;
    let g = composite(&CompositeSettings::default(), &no_core).unwrap();
    let gap = g.component(ComponentKind::Gap).unwrap();
    assert!(gap.unconnected.as_deref().unwrap().contains("核心校"));
    assert_eq!(g.component(ComponentKind::Lift).unwrap().raw, Some(2.0));

    // No member total at all: no G.
    let mut none = input();
    for m in &mut none.members {
        m.value = None;
    }
    let g = composite(&CompositeSettings::default(), &none).unwrap();
    assert_eq!(g.value, None);
    assert_eq!(g.unconnected.len(), 4);
    assert!(g.weakest().is_none());
}

#[test]
fn a_member_without_total_shows_in_the_rows_and_weighs_nothing() {
    let mut i = input();
    i.members.push(member(4, 2000, false, None, Some(40.0)));
    let g = composite(&CompositeSettings::default(), &i).unwrap();
    assert_eq!(score_of(&g, ComponentKind::Level), Some(77.5));
    let row = &g.members[3];
    assert_eq!(
        (row.value, row.change, row.weakest, row.in_lift),
        (None, None, false, false)
    );
    // Ties: the first of the lowest is the weakest.
    let mut tie = input();
    tie.members[1].value = Some(60.0);
    let g = composite(&CompositeSettings::default(), &tie).unwrap();
    assert_eq!(g.weakest().unwrap().unit, 2);
    assert_eq!(g.members.iter().filter(|m| m.weakest).count(), 1);
}

#[test]
fn lift_and_gap_are_clamped_onto_0_to_100() {
    let mut i = input();
    i.members[1].last_year = Some(100.0); // −30
    i.members[2].last_year = Some(90.0); // −30
    let g = composite(&CompositeSettings::default(), &i).unwrap();
    let lift = g.component(ComponentKind::Lift).unwrap();
    assert_eq!((lift.raw, lift.score), (Some(-30.0), Some(0.0)));
    let settings = CompositeSettings {
        gap: GapMeasure::CoreMinusRest { full: 40.0 },
        ..CompositeSettings::default()
    };
    let g = composite(&settings, &input()).unwrap();
    assert_eq!(score_of(&g, ComponentKind::Gap), Some(62.5)); // 50 + 50·10/40
}

#[test]
fn bad_input_and_settings_are_refused_in_chinese() {
    let settings = CompositeSettings::default();
    let mut twice = input();
    twice.members.push(member(2, 1, false, None, None));
    assert_eq!(
        composite(&settings, &twice).unwrap_err().to_string(),
        "集团“城南教育集团”的成员校 2 重复"
    );
    let mut high = input();
    high.members[2].last_year = Some(101.0);
    assert_eq!(
        composite(&settings, &high).unwrap_err().to_string(),
        "集团“城南教育集团”成员校 3 的上年总分应在 0 到 100 之间，现为 101"
    );
    let mut nan = input();
    nan.baseline.as_mut().unwrap().members[1].value = f64::NAN;
    assert_eq!(
        composite(&settings, &nan).unwrap_err().to_string(),
        "集团“城南教育集团”成员校 基线年第 2 个 的数值应在 0 到 100 之间，现为 NaN"
    );
    let mut later = input();
    later.baseline.as_mut().unwrap().year = 2026;
    assert_eq!(
        composite(&settings, &later).unwrap_err().to_string(),
        "集团“城南教育集团”的基线年 2026 晚于考核年 2025"
    );
    let zero = CompositeSettings {
        weights: CompositeWeights {
            level: 0.0,
            floor: 0.0,
            lift: 0.0,
            gap: 0.0,
        },
        ..settings
    };
    assert_eq!(
        composite(&zero, &input()).unwrap_err().to_string(),
        "捆绑评价的四项权重不能全为 0"
    );
    let negative = CompositeSettings {
        weights: CompositeWeights {
            floor: -0.1,
            ..CompositeWeights::default()
        },
        ..settings
    };
    assert_eq!(
        negative.validate().unwrap_err().to_string(),
        "捆绑评价中“底部成员”的权重应为非负数，现为 -0.1"
    );
    let lift = CompositeSettings {
        lift_full: 0.0,
        ..settings
    };
    assert!(lift.validate().is_err());
    let gap = CompositeSettings {
        gap: GapMeasure::Cv { full: -1.0 },
        ..settings
    };
    assert!(gap.validate().is_err());
}
