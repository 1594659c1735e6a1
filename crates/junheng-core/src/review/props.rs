//! Properties of the renormalisation, the totals, the composite and the warning.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::composite::scale;
use super::composite_tests::member;
use super::*;

fn parts() -> impl Strategy<Value = Vec<(f64, Option<f64>)>> {
    prop::collection::vec((0.01f64..100.0, prop::option::of(0f64..=100.0)), 1..12)
}

fn score_0_100() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(0f64..=100.0)
}

/// Manual scores for the default rubric's three manual items (each scorer maybe absent) and
/// maybe a resource and a quality score.
fn inputs() -> impl Strategy<Value = UnitInput> {
    let item = prop::collection::vec(score_0_100(), 3);
    (prop::collection::vec(item, 3), score_0_100(), score_0_100()).prop_map(
        |(items, resource, quality)| {
            let ids = ["management", "teachers", "features"];
            let manual = ids
                .iter()
                .zip(items)
                .map(|(id, scores)| {
                    let scores = Scorer::ALL
                        .iter()
                        .zip(scores)
                        .filter_map(|(&s, v)| Some((s, v?)))
                        .collect();
                    (
                        id.to_string(),
                        ManualScores {
                            scores,
                            evidence: true,
                        },
                    )
                })
                .collect();
            let resource = resource.map(|value| ResourceScore {
                value,
                met: 0,
                judged: 1,
                sections: Vec::new(),
            });
            let quality = quality.map(|value| QualityScore {
                value,
                exams: 1,
                sat: 1,
            });
            UnitInput {
                manual,
                resource,
                quality,
            }
        },
    )
}

fn members() -> impl Strategy<Value = Vec<MemberInput<u32>>> {
    prop::collection::vec(
        (1u64..3000, any::<bool>(), score_0_100(), score_0_100()),
        1..10,
    )
    .prop_map(|ms| {
        ms.into_iter()
            .enumerate()
            .map(|(i, (students, core, value, last))| member(i as u32, students, core, value, last))
            .collect()
    })
}

fn group(
    members: Vec<MemberInput<u32>>,
    baseline: Option<Vec<(u64, bool, f64)>>,
) -> GroupInput<u32> {
    GroupInput {
        name: "集团".into(),
        year: 2025,
        members,
        baseline: baseline.map(|b| Baseline {
            year: 2022,
            members: b
                .into_iter()
                .map(|(students, core, value)| MemberValue {
                    students,
                    core,
                    value,
                })
                .collect(),
        }),
    }
}

fn baseline() -> impl Strategy<Value = Option<Vec<(u64, bool, f64)>>> {
    prop::option::of(prop::collection::vec(
        (1u64..3000, any::<bool>(), 0f64..=100.0),
        1..8,
    ))
}

proptest! {
    #[test]
    fn renormalised_weights_sum_to_one_and_the_mean_stays_in_range(parts in parts(), k in 0.01f64..100.0) {
        let b = blend(&parts);
        let present: Vec<f64> = parts.iter().filter_map(|p| p.1).collect();
        match b.value {
            None => prop_assert!(present.is_empty()),
            Some(v) => {
                prop_assert!((b.used.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                prop_assert!(present.iter().all(|&x| x >= 0.0) && v >= present.iter().copied().fold(f64::INFINITY, f64::min));
                prop_assert!(v <= present.iter().copied().fold(f64::NEG_INFINITY, f64::max));
            }
        }
        for (p, u) in parts.iter().zip(&b.used) {
            prop_assert!(p.1.is_some() || *u == 0.0);
        }
        // Only the ratios of the weights matter.
        let scaled: Vec<_> = parts.iter().map(|&(w, v)| (w * k, v)).collect();
        let c = blend(&scaled);
        match (b.value, c.value) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9 * (1.0 + x.abs())),
            (x, y) => prop_assert_eq!(x, y),
        }
    }

    #[test]
    fn a_total_is_the_weighted_mean_of_the_items_scored(input in inputs()) {
        let rubric = Rubric::default();
        let review = score(&rubric, &input).unwrap();
        let scored: Vec<(f64, f64)> = review
            .items
            .iter()
            .filter_map(|i| Some((i.weight, i.score?)))
            .collect();
        // 教育质量 is scored exactly when the unit has a quality score: never invented.
        prop_assert_eq!(
            review.unconnected.contains(&"quality".to_owned()),
            input.quality.is_none()
        );
        match review.total {
            None => prop_assert!(scored.is_empty()),
            Some(t) => {
                let w: f64 = scored.iter().map(|s| s.0).sum();
                let direct = scored.iter().map(|s| s.0 * s.1).sum::<f64>() / w;
                prop_assert!((t - direct).abs() < 1e-9 * (1.0 + direct));
                prop_assert!((0.0..=100.0).contains(&t));
                let used: f64 = review.items.iter().map(|i| i.weight_used).sum();
                prop_assert!((used - 1.0).abs() < 1e-9);
            }
        }
        for item in &review.items {
            prop_assert_eq!(item.unconnected.is_some(), item.score.is_none());
            prop_assert!(item.score.is_some() || item.weight_used == 0.0);
        }
    }

    #[test]
    fn the_composite_stays_on_0_to_100_with_floor_below_level(members in members(), baseline in baseline()) {
        let g = composite(&CompositeSettings::default(), &group(members, baseline)).unwrap();
        let s = |k| g.component(k).unwrap().score;
        if let Some(v) = g.value {
            prop_assert!((0.0..=100.0).contains(&v));
        }
        for c in &g.components {
            prop_assert!(c.score.is_none_or(|x| (0.0..=100.0).contains(&x)));
            prop_assert_eq!(c.score.is_none(), c.unconnected.is_some());
        }
        if let (Some(level), Some(floor)) = (s(ComponentKind::Level), s(ComponentKind::Floor)) {
            prop_assert!(floor <= level + 1e-9);
            let max = g.members.iter().filter_map(|m| m.value).fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(level <= max + 1e-9);
            let weakest = g.weakest().unwrap();
            prop_assert_eq!(weakest.value, Some(floor));
        }
        prop_assert_eq!(g.value.is_none(), g.unconnected.len() == 4);
    }

    #[test]
    fn the_order_of_members_does_not_matter(members in members(), baseline in baseline()) {
        let settings = CompositeSettings::default();
        let forward = composite(&settings, &group(members.clone(), baseline.clone())).unwrap();
        let mut reversed = members;
        reversed.reverse();
        let backward = composite(&settings, &group(reversed, baseline)).unwrap();
        match (forward.value, backward.value) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn a_non_core_member_improving_never_lowers_the_lift(members in members(), at in 0usize..10, up in 0f64..50.0) {
        let settings = CompositeSettings::default();
        let at = at % members.len();
        let mut better = members.clone();
        better[at].value = better[at].value.map(|v| (v + up).min(100.0));
        let lift = |ms: Vec<MemberInput<u32>>| {
            composite(&settings, &group(ms, None)).unwrap().component(ComponentKind::Lift).unwrap().score
        };
        let (before, after) = (lift(members), lift(better));
        prop_assert_eq!(before.is_some(), after.is_some());
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a >= b - 1e-9);
        }
    }

    #[test]
    fn scaling_is_monotone_and_bounded(x in -1e3f64..1e3, y in -1e3f64..1e3, full in 0.001f64..100.0) {
        let (lo, hi) = (x.min(y), x.max(y));
        prop_assert!(scale(lo, full) <= scale(hi, full));
        prop_assert!((0.0..=100.0).contains(&scale(x, full)));
        prop_assert_eq!(scale(0.0, full), 50.0);
    }

    #[test]
    fn the_spread_warning_ignores_units_and_follows_the_cv(
        a in prop::collection::vec((1u64..2000, 1f64..100.0), 2..8),
        b in prop::collection::vec((1u64..2000, 1f64..100.0), 2..8),
        k in 0.01f64..100.0,
    ) {
        let g = composite(&CompositeSettings::default(), &group(vec![member(0, 1, true, None, None)], None)).unwrap();
        let year = |year, ms: &[(u64, f64)], k: f64| MeasureYear {
            year,
            members: ms.iter().map(|&(students, v)| MemberValue { students, core: false, value: v * k }).collect(),
        };
        let warned = |k: f64| {
            let s = MeasureSeries { measure: "指标".into(), years: vec![year(2022, &a, k), year(2025, &b, k)] };
            let c = cohesion(&CohesionSettings::default(), &g, &s, None).unwrap();
            let cv: BTreeMap<i32, Option<f64>> = c.spread.iter().map(|y| (y.year, y.cv)).collect();
            let spread = c.warnings.iter().any(|w| matches!(w.detail, WarningDetail::SpreadNotNarrowed { .. }));
            (spread, cv[&2022].unwrap() - cv[&2025].unwrap())
        };
        let (plain, narrowing) = warned(1.0);
        // A clear margin: rescaling every value (another unit) must not flip the warning.
        if narrowing.abs() > 1e-9 {
            prop_assert_eq!(plain, narrowing <= 0.0);
            prop_assert_eq!(warned(k).0, plain);
        }
    }
}
