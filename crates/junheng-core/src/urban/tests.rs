use super::*;
use crate::demo::{self, DemoSpec};
use crate::evaluate::evaluate;
use crate::rulebook::{Rulebook, TeachingPointPolicy};
use crate::school::{Facilities, SchoolCode, SchoolKind, SchoolRecord, UrbanRural};
use crate::testing::record;
use proptest::prelude::*;

const QUALIFIED: &str = "qualified_teachers_per_100";

fn cn2017() -> Rulebook {
    Rulebook::builtin("cn-2017").unwrap()
}

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50033{n:05}")).unwrap()
}

/// A 小学 of `students` with `qualified` 高于规定学历 teachers (so `100 × qualified / students`).
fn primary(n: u32, students: u32, qualified: u32, setting: Option<UrbanRural>) -> SchoolRecord {
    let mut r = record(
        code(n),
        format!("城乡测试小学{n}"),
        SchoolKind::Primary,
        (students, 0),
        Facilities::default(),
    );
    r.primary.qualified_teachers = qualified;
    r.urban_rural = setting;
    r
}

/// Urban A (100 students, 10 per 100) and B (300, 4 per 100), rural C (200, 3 per 100).
fn three() -> Vec<SchoolRecord> {
    vec![
        primary(1, 100, 10, Some(UrbanRural::Urban)),
        primary(2, 300, 12, Some(UrbanRural::Urban)),
        primary(3, 200, 6, Some(UrbanRural::Rural)),
    ]
}

fn demo_records(seed: u64, year: i32) -> Vec<SchoolRecord> {
    demo::generate(&DemoSpec {
        schools: 50,
        seed,
        year,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

#[test]
fn categories_have_hand_computed_weighted_means_and_cvs() {
    let records = three();
    let e = evaluate(&records, &cn2017()).unwrap();
    let split = split(&e);
    assert_eq!((split.year, split.rulebook.as_str()), (2024, "cn-2017"));
    let ind = split.sections[0].indicator(QUALIFIED).unwrap();
    let labels: Vec<_> = ind.categories.iter().map(|c| c.label).collect();
    assert_eq!(labels, ["城区", "镇区", "乡村"]);
    let urban = ind.category(UrbanRuralCategory::Urban).unwrap();
    assert_eq!((urban.units, urban.students), (2, 400));
    let s = urban.spread.unwrap();
    // (100 × 10 + 300 × 4) / 400 = 5.5; S² = (100 × 4.5² + 300 × 1.5²) / 400 = 6.75.
    assert!(close(s.mean, 5.5));
    assert!(close(s.sd, 6.75f64.sqrt()));
    assert!(close(s.cv.unwrap(), 6.75f64.sqrt() / 5.5));
    let town = ind.category(UrbanRuralCategory::Town).unwrap();
    assert_eq!((town.units, town.spread), (0, None));
    assert!(close(ind.rural_urban_ratio.unwrap(), 3.0 / 5.5));
    let district = e.sections[0]
        .indicators
        .iter()
        .find(|i| i.id == QUALIFIED)
        .unwrap();
    assert_eq!(ind.district, district.spread);
}

#[test]
fn one_category_holding_every_unit_has_exactly_the_district_figures() {
    for setting in [Some(UrbanRural::Rural), None] {
        let mut records = demo_records(11, 2024);
        for r in &mut records {
            r.urban_rural = setting;
        }
        let e = evaluate(&records, &cn2017()).unwrap();
        let only = UrbanRuralCategory::of(setting);
        for (s, section) in split(&e).sections.iter().zip(&e.sections) {
            for (ind, district) in s.indicators.iter().zip(&section.indicators) {
                let c = ind.category(only).unwrap();
                assert_eq!(c.spread, Some(district.spread), "{}", ind.id);
                assert_eq!(
                    (c.units, c.students),
                    (section.units.len(), section.students)
                );
                assert_eq!(ind.rural_urban_ratio, None);
            }
        }
    }
}

#[test]
fn unclassified_units_get_their_own_bucket() {
    let mut records = three();
    records.push(primary(4, 50, 1, None));
    let e = evaluate(&records, &cn2017()).unwrap();
    let split = split(&e);
    let ind = split.sections[0].indicator(QUALIFIED).unwrap();
    let last = ind.categories.last().unwrap();
    assert_eq!((last.label, last.units), ("未分类", 1));
    assert_eq!(ind.categories.len(), 4);
}

#[test]
fn no_ratio_without_an_urban_mean() {
    let mut records = three();
    records[0].primary.qualified_teachers = 0;
    records[1].primary.qualified_teachers = 0;
    let e = evaluate(&records, &cn2017()).unwrap();
    let split = split(&e);
    assert_eq!(
        split.sections[0]
            .indicator(QUALIFIED)
            .unwrap()
            .rural_urban_ratio,
        None
    );
    let records = vec![primary(3, 200, 6, Some(UrbanRural::Rural))];
    let e = evaluate(&records, &cn2017()).unwrap();
    assert_eq!(
        super::split(&e).sections[0]
            .indicator(QUALIFIED)
            .unwrap()
            .rural_urban_ratio,
        None
    );
}

#[test]
fn distances_are_from_the_urban_mean_of_the_split() {
    let mut records = three();
    let mut point = primary(5, 40, 2, Some(UrbanRural::Rural));
    point.kind = SchoolKind::TeachingPoint;
    point.parent_code = Some(code(3));
    records.push(point);
    let mut rulebook = cn2017();
    rulebook.policy.teaching_points = TeachingPointPolicy::Merge;
    let e = evaluate(&records, &rulebook).unwrap();
    let d = distance_from_urban(&e, &code(3), Section::Primary, QUALIFIED).unwrap();
    // C with its teaching point: 100 × (6 + 2) / 240.
    let value = 800.0 / 240.0;
    assert!(close(d.value, value));
    assert!(close(d.urban_mean, 5.5));
    assert_eq!((d.urban_units, d.category), (2, UrbanRuralCategory::Rural));
    assert_eq!(d.difference, d.value - d.urban_mean);
    assert_eq!(d.ratio, Some(d.value / d.urban_mean));
    let urban = split(&e).sections[0]
        .indicator(QUALIFIED)
        .unwrap()
        .category(UrbanRuralCategory::Urban)
        .unwrap()
        .spread
        .unwrap();
    assert_eq!(d.urban_mean, urban.mean);
    // A merged teaching point answers with its parent's unit.
    let via_point = distance_from_urban(&e, &code(5), Section::Primary, QUALIFIED).unwrap();
    assert_eq!(via_point.school_code, code(3));

    use DistanceError::*;
    let err = |school: &SchoolCode, section, id: &str| {
        distance_from_urban(&e, school, section, id).unwrap_err()
    };
    assert_eq!(
        err(&code(1), Section::Junior, QUALIFIED),
        NoSection(Section::Junior)
    );
    assert_eq!(
        err(&code(1), Section::Primary, "nope"),
        NoIndicator("nope".into())
    );
    assert_eq!(
        err(&code(9), Section::Primary, QUALIFIED).to_string(),
        format!("学校 {} 在小学学段没有评估单位", code(9))
    );
    let rural_only = vec![primary(3, 200, 6, Some(UrbanRural::Rural))];
    let e = evaluate(&rural_only, &cn2017()).unwrap();
    assert_eq!(
        distance_from_urban(&e, &code(3), Section::Primary, QUALIFIED)
            .unwrap_err()
            .to_string(),
        "本区县小学学段没有城区学校，无法与城区均值比较"
    );
}

#[test]
fn trends_align_years_and_fill_gaps() {
    let (a, b) = (demo_records(4, 2023), demo_records(4, 2024));
    let rb = cn2017();
    let mut unclassified = three();
    unclassified.iter_mut().for_each(|r| r.year = 2022);
    unclassified[0].urban_rural = None;
    let splits = vec![
        split(&evaluate(&b, &rb).unwrap()),
        split(&evaluate(&unclassified, &rb).unwrap()),
        split(&evaluate(&a, &rb).unwrap()),
    ];
    let t = trend(&splits).unwrap();
    assert_eq!(t.years, [2022, 2023, 2024]);
    let q = t
        .indicators
        .iter()
        .find(|i| i.section == Section::Primary && i.id == QUALIFIED)
        .unwrap();
    assert_eq!(q.categories.len(), 4); // 未分类 in 2022
    let urban = &q.categories[0];
    assert_eq!(urban.means.len(), 3);
    assert!(close(urban.means[0].unwrap(), 4.0)); // only B is urban in 2022
    assert_eq!(
        urban.means[2],
        splits[0].sections[0]
            .indicator(QUALIFIED)
            .unwrap()
            .category(UrbanRuralCategory::Urban)
            .unwrap()
            .spread
            .map(|s| s.mean)
    );
    assert_eq!(q.categories[3].units, [1, 0, 0]);
    assert_eq!(q.rural_urban_ratios.len(), 3);
    // 2022 has no 初中: its junior series hold nothing that year.
    let junior = t
        .indicators
        .iter()
        .find(|i| i.section == Section::Junior)
        .unwrap();
    assert_eq!(junior.rural_urban_ratios[0], None);
    assert!(
        junior
            .categories
            .iter()
            .all(|c| c.units[0] == 0 && c.means[0].is_none())
    );
    assert_eq!(
        trend(&[splits[0].clone(), splits[0].clone()]),
        Err(TrendError::DuplicateYear(2024))
    );
    assert_eq!(trend(&[]).unwrap().indicators, []);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn one_category_agrees_with_the_district_on_any_district(
        seed in 0u64..10_000,
        setting in prop::sample::select(vec![None, Some(UrbanRural::Urban), Some(UrbanRural::Town)]),
    ) {
        let mut records = demo_records(seed, 2024);
        records.iter_mut().for_each(|r| r.urban_rural = setting);
        let e = evaluate(&records, &cn2017()).unwrap();
        for (s, section) in split(&e).sections.iter().zip(&e.sections) {
            for (ind, district) in s.indicators.iter().zip(&section.indicators) {
                let c = ind.category(UrbanRuralCategory::of(setting)).unwrap();
                prop_assert_eq!(c.spread, Some(district.spread));
            }
        }
    }

    #[test]
    fn categories_partition_units_and_recombine_to_the_district_mean(seed in 0u64..10_000) {
        let records = demo_records(seed, 2024);
        let e = evaluate(&records, &cn2017()).unwrap();
        for (s, section) in split(&e).sections.iter().zip(&e.sections) {
            for ind in &s.indicators {
                let units: usize = ind.categories.iter().map(|c| c.units).sum();
                let students: u64 = ind.categories.iter().map(|c| c.students).sum();
                prop_assert_eq!(units, section.units.len());
                prop_assert_eq!(students, section.students);
                // Σ P_c · X̄_c / Σ P = X̄: the weighted means recombine to the district's.
                let weighted: f64 = ind
                    .categories
                    .iter()
                    .filter_map(|c| c.spread.map(|s| c.students as f64 * s.mean))
                    .sum();
                prop_assert!(close(weighted / students as f64, ind.district.mean));
                for c in &ind.categories {
                    prop_assert!(c.spread.is_none_or(|s| s.cv.is_none_or(|cv| cv >= 0.0)));
                }
            }
        }
    }
}
