use super::*;
use crate::rulebook::{PerSection, Rulebook};
use crate::school::{Facilities, SchoolKind, SectionStats};
use crate::testing::{record, staff};

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50011{n:05}")).unwrap()
}

/// A 小学 that meets every 2017 standard comfortably.
fn good_primary(n: u32, students: u32) -> SchoolRecord {
    let p = f64::from(students);
    record(
        code(n),
        format!("测试小学{n}"),
        SchoolKind::Primary,
        (students, 0),
        Facilities {
            teaching_room_area: 6.0 * p + 500.0,
            gym_area: 500.0,
            sports_ground_area: 9.0 * p - 500.0,
            equipment_value: 0.3 * p,
            multimedia_rooms: students / 25,
            music_rooms: 2,
            art_rooms: 2,
            music_room_area: None,
            art_room_area: None,
            computers: students / 8,
            books: students * 30,
        },
    )
}

/// Evaluates records that live for the rest of the test.
fn eval(records: Vec<SchoolRecord>, rb: &Rulebook) -> Evaluation<'static> {
    evaluate(records.leak(), rb).unwrap()
}

fn cn2017() -> Rulebook {
    Rulebook::builtin("cn-2017").unwrap()
}

fn value(e: &Evaluation, section: usize, id: &str, unit: usize) -> f64 {
    let s = &e.sections[section];
    let i = s.indicators.iter().position(|i| i.id == id).unwrap();
    s.values[i][unit]
}

#[test]
fn a_good_school_passes_and_values_follow_the_formulas() {
    let e = eval(vec![good_primary(1, 1000)], &cn2017());
    assert!(e.passes);
    assert_eq!(e.sections.len(), 1);
    assert_eq!(value(&e, 0, "qualified_teachers_per_100", 0), 5.0);
    assert_eq!(value(&e, 0, "backbone_teachers_per_100", 0), 2.0);
    // The gym counts in 场馆, not in 教学用房.
    assert_eq!(value(&e, 0, "teaching_room_area_per_student", 0), 6.0);
    assert_eq!(value(&e, 0, "sports_area_per_student", 0), 9.0);
    // 万元 → 元.
    assert!((value(&e, 0, "equipment_value_per_student", 0) - 3000.0).abs() < 1e-9);
    assert_eq!(value(&e, 0, "multimedia_rooms_per_100", 0), 4.0);
    let s = &e.sections[0];
    assert_eq!(s.verdicts[0].met, Some(7));
    assert_eq!(s.indicators[0].spread.cv, Some(0.0));
}

#[test]
fn the_gym_switch_counts_it_in_teaching_rooms() {
    let mut rb = cn2017();
    rb.policy.gym_in_teaching_rooms = true;
    let e = eval(vec![good_primary(1, 1000)], &rb);
    assert_eq!(value(&e, 0, "teaching_room_area_per_student", 0), 6.5);
}

#[test]
fn six_of_seven_with_the_seventh_above_85_percent_passes() {
    let mut r = good_primary(1, 1000);
    // 场馆 at 7.0 of 7.5 (93 %): one unmet indicator above the floor.
    r.facilities.sports_ground_area = 7.0 * 1000.0 - 500.0;
    let e = eval(vec![r.clone()], &cn2017());
    assert_eq!(e.sections[0].verdicts[0].met, Some(6));
    assert_eq!(e.sections[0].verdicts[0].passes, Some(true));
    // Exactly 85 %: 6.375 ㎡ still passes (inclusive).
    r.facilities.sports_ground_area = 6375.0 - 500.0;
    let e = eval(vec![r.clone()], &cn2017());
    assert_eq!(e.sections[0].verdicts[0].passes, Some(true));
    // Below 85 %: fails, and the gap brings it to the floor.
    r.facilities.sports_ground_area = 6000.0 - 500.0;
    let e = eval(vec![r], &cn2017());
    let v = &e.sections[0].verdicts[0];
    assert_eq!(v.passes, Some(false));
    assert!(!e.passes);
    assert_eq!(v.gaps.len(), 1);
    assert_eq!(v.gaps[0].target, GapTarget::Floor);
    assert_eq!(v.gaps[0].amount, 375.0);
    assert_eq!(
        v.gaps[0].describe(&e.policy),
        "体育运动场馆面积缺口 375 ㎡（达到标准的最低比例）"
    );
}

#[test]
fn two_unmet_indicators_need_the_closest_one_raised_to_standard() {
    let mut r = good_primary(1, 1000);
    r.primary.backbone_teachers = 9; // 0.9 of 1.0: 90 %
    r.facilities.multimedia_rooms = 21; // 2.1 of 2.3: 91.3 %
    let e = eval(vec![r], &cn2017());
    let v = &e.sections[0].verdicts[0];
    assert_eq!((v.met, v.passes), (Some(5), Some(false)));
    // Multimedia is relatively closer (8.7 % short vs 10 %): raise it, nothing else.
    assert_eq!(v.gaps.len(), 1);
    assert_eq!(v.gaps[0].indicator, 6);
    assert_eq!(v.gaps[0].amount, 2.0);
    assert_eq!(
        v.gaps[0].describe(&e.policy),
        "需增加网络多媒体教室 2 间（达到标准）"
    );
}

#[test]
fn teacher_gaps_are_whole_persons_and_exact_at_the_boundary() {
    let mut r = good_primary(1, 500);
    r.primary.qualified_teachers = 21; // 4.2 exactly
    r.primary.backbone_teachers = 2; // 0.4 of 1.0
    let e = eval(vec![r], &cn2017());
    let v = &e.sections[0].verdicts[0];
    assert_eq!(v.met, Some(6));
    assert_eq!(v.gaps.len(), 1);
    // 85 % of 1.0 per 100 of 500 students = 4.25 → 5 persons, 3 more.
    assert_eq!(v.gaps[0].amount, 3.0);
    assert_eq!(
        v.gaps[0].describe(&e.policy),
        "需增加骨干教师 3 名（达到标准的最低比例）"
    );
}

#[test]
fn equipment_gaps_are_in_wan_yuan() {
    let mut r = good_primary(1, 1000);
    r.facilities.equipment_value = 150.0; // 1500 元 per student: 75 %
    let e = eval(vec![r], &cn2017());
    let g = &e.sections[0].verdicts[0].gaps[0];
    // Floor 1700 元 × 1000 = 170 万元.
    assert_eq!(g.indicator, 5);
    assert!((g.amount - 20.0).abs() < 1e-9);
    assert_eq!(
        g.describe(&e.policy),
        "教学仪器设备值缺口 20 万元（达到标准的最低比例）"
    );
}

fn nine_year(n: u32, primary: u32, junior: u32) -> SchoolRecord {
    let mut r = good_primary(n, primary);
    r.kind = SchoolKind::NineYear;
    r.junior = SectionStats {
        qualified_teachers: junior / 15,
        ..staff(junior)
    };
    r
}

#[test]
fn multi_section_schools_are_one_unit_per_section_with_apportioned_facilities() {
    let mut r = nine_year(1, 166, 210);
    r.facilities.books = 23_226;
    let mut rb = Rulebook::builtin("cn-2012").unwrap();
    rb.policy.apportion_weights = crate::rulebook::Weights {
        primary: 1.0,
        junior: 1.1,
        senior: 1.32,
    };
    let e = eval(vec![r.clone()], &rb);
    assert_eq!(e.sections.len(), 2);
    let primary = &e.sections[0].units[0];
    let junior = &e.sections[1].units[0];
    assert_eq!(primary.id(), "5001100001-primary");
    assert_eq!(junior.id(), "5001100001-junior");
    // The worked example: 166 小学 + 210 初中 students sharing 23 226 books at 1 : 1.1.
    let books = rb
        .indicators
        .iter()
        .position(|i| i.quantity == Quantity::Books)
        .unwrap();
    assert!((e.sections[0].amounts[books][0] - 9_711.627).abs() < 1e-3);
    assert!((e.sections[1].amounts[books][0] - 13_514.373).abs() < 1e-3);
    // Teachers are per section, never apportioned.
    assert_eq!(
        e.sections[1].amounts[rb
            .indicators
            .iter()
            .position(|i| i.quantity == Quantity::Teachers)
            .unwrap()][0],
        f64::from(r.junior.teachers)
    );
    // Default weights 1:1:1 are pro rata, senior students included.
    let mut twelve = r;
    twelve.kind = SchoolKind::TwelveYear;
    twelve.senior_students = 124;
    let e = eval(vec![twelve], &cn2017());
    assert!((e.sections[0].units[0].facility_share - 166.0 / 500.0).abs() < 1e-12);
}

fn teaching_point(n: u32, parent: u32, students: u32) -> SchoolRecord {
    let mut r = good_primary(n, students);
    r.kind = SchoolKind::TeachingPoint;
    r.parent_code = Some(code(parent));
    r
}

#[test]
fn teaching_point_policies() {
    let records = vec![
        good_primary(1, 800),
        teaching_point(2, 1, 30),
        teaching_point(3, 1, 60),
    ];
    let mut rb = cn2017();
    let separate = evaluate(&records, &rb).unwrap();
    assert_eq!(separate.sections[0].units.len(), 3);

    rb.policy.teaching_points = crate::rulebook::TeachingPointPolicy::Merge;
    let merged = evaluate(&records, &rb).unwrap();
    let host = &merged.sections[0].units[0];
    assert_eq!(merged.sections[0].units.len(), 1);
    assert_eq!(host.students, 890);
    assert_eq!(
        host.merged
            .iter()
            .map(|r| r.code.clone())
            .collect::<Vec<_>>(),
        vec![code(2), code(3)]
    );
    assert_eq!(merged.sections[0].amounts[0][0], 40.0 + 1.0 + 3.0);

    rb.policy.teaching_points =
        crate::rulebook::TeachingPointPolicy::ExcludeBelow { min_students: 50 };
    let hebei = evaluate(&records, &rb).unwrap();
    assert_eq!(hebei.sections[0].units.len(), 2);
    assert_eq!(hebei.excluded.len(), 1);
    assert_eq!(hebei.excluded[0].school_code, code(2));
}

#[test]
fn merging_needs_the_parent() {
    let mut rb = cn2017();
    rb.policy.teaching_points = crate::rulebook::TeachingPointPolicy::Merge;
    let err = evaluate(&[good_primary(1, 800), teaching_point(2, 9, 30)], &rb).unwrap_err();
    assert_eq!(
        err,
        EvaluateError::MissingParent {
            school: code(2),
            parent: Some(code(9))
        }
    );
}

#[test]
fn special_schools_and_empty_schools_are_not_units() {
    let mut special = good_primary(2, 100);
    special.kind = SchoolKind::Special;
    let empty = good_primary(3, 0);
    let e = eval(vec![good_primary(1, 800), special, empty], &cn2017());
    assert_eq!(e.sections[0].units.len(), 1);
    let reasons: Vec<_> = e.excluded.iter().map(|x| x.reason).collect();
    assert_eq!(
        reasons,
        vec![ExclusionReason::SpecialSchool, ExclusionReason::NoStudents]
    );
}

#[test]
fn a_cv_over_the_limit_fails_with_its_drivers_and_a_plan() {
    let mut records: Vec<_> = (1..=6).map(|n| good_primary(n, 600 + 100 * n)).collect();
    // One crowded school with almost no ground: 场馆 spread far over 0.50.
    records[0].facilities.sports_ground_area = 200.0;
    records[0].facilities.gym_area = 0.0;
    records[1].facilities.sports_ground_area = 50_000.0;
    let e = evaluate(&records, &cn2017()).unwrap();
    let s = &e.sections[0];
    let sports = s
        .indicators
        .iter()
        .find(|i| i.id == "sports_area_per_student")
        .unwrap();
    assert!(sports.spread.cv.unwrap() > 0.5);
    assert_eq!(sports.passes, Some(false));
    assert!(!s.passes && !e.passes);
    assert_eq!(s.units[sports.drivers[0].unit].school_code(), &code(2));
    let plan = sports.improvement.as_ref().unwrap();
    assert!(plan.cv_after <= 0.5 && plan.reaches_target, "{plan:?}");
    assert!(
        plan.changes
            .iter()
            .all(|c| c.to >= c.from && c.amount > 0.0)
    );
    // The plan, applied, really brings the CV within the limit.
    let mut values = s.values[s.indicators.iter().position(|i| i.id == sports.id).unwrap()].clone();
    for c in &plan.changes {
        values[c.unit] = c.to;
    }
    let weights: Vec<f64> = s.units.iter().map(|u| u.students as f64).collect();
    assert!(weighted_cv(&values, &weights).cv.unwrap() <= 0.5);
}

#[test]
fn a_zero_mean_is_not_computable_and_fails() {
    let mut records = vec![good_primary(1, 500), good_primary(2, 700)];
    for r in &mut records {
        r.primary.backbone_teachers = 0;
    }
    let e = evaluate(&records, &cn2017()).unwrap();
    let backbone = &e.sections[0].indicators[1];
    assert_eq!(backbone.spread.cv, None);
    assert_eq!(backbone.passes, Some(false));
    assert!(backbone.improvement.is_none());
    let json = serde_json::to_value(&e).unwrap();
    let cv = &json["sections"][0]["indicators"][1];
    assert!(cv["cv"].is_null());
    assert_eq!(cv["cv_computable"], false);
}

#[test]
fn the_2012_rule_tests_the_composite_of_the_unrounded_cvs() {
    let records: Vec<_> = [(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)]
        .into_iter()
        .enumerate()
        .map(|(i, (students, books))| {
            let mut r = good_primary(i as u32 + 1, students);
            r.facilities.books = books;
            r
        })
        .collect();
    let e = evaluate(&records, &Rulebook::builtin("cn-2012").unwrap()).unwrap();
    let s = &e.sections[0];
    let books = s
        .indicators
        .iter()
        .find(|i| i.id == "books_per_student")
        .unwrap();
    // The official worked example: weighted 0.5153, not the unweighted 0.4888.
    assert!((books.spread.cv.unwrap() - 0.5153).abs() < 5e-5);
    assert_eq!(books.passes, None);
    let composite = s.composite.as_ref().unwrap();
    let mean = s
        .indicators
        .iter()
        .map(|i| i.spread.cv.unwrap())
        .sum::<f64>()
        / 8.0;
    assert_eq!(composite.cv, Some(mean));
    assert_eq!(composite.passes, mean <= 0.65);
    assert_eq!(s.verdicts[0].passes, None);
}

#[test]
fn rounded_comparison_is_a_setting() {
    let mut r = good_primary(1, 1002);
    r.primary.backbone_teachers = 8; // 0.798: 80 %, unmet and below the floor
    r.facilities.multimedia_rooms = 23; // 2.2954…, published as 2.30
    let mut rb = cn2017();
    let exact = eval(vec![r.clone()], &rb);
    assert_eq!(exact.sections[0].verdicts[0].met, Some(5));
    rb.policy.compare_decimals = Some(2);
    let rounded = eval(vec![r], &rb);
    assert_eq!(rounded.sections[0].verdicts[0].met, Some(6));
}

#[test]
fn mixed_years_are_refused() {
    let mut later = good_primary(2, 500);
    later.year = 2025;
    let err = evaluate(&[good_primary(1, 500), later], &cn2017()).unwrap_err();
    assert_eq!(err, EvaluateError::MixedYears(vec![2024, 2025]));
    assert_eq!(
        err.to_string(),
        "数据包含多个学年（2024、2025），一次只能评估一个学年"
    );
}

#[test]
fn json_has_the_stable_interface() {
    let records = vec![good_primary(1, 800), nine_year(2, 300, 400)];
    let e = evaluate(&records, &cn2017()).unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["rulebook"], "cn-2017");
    assert_eq!(json["year"], 2024);
    assert!(json["passes"].is_boolean());
    let primary = &json["sections"][0];
    assert_eq!(primary["section"], "primary");
    assert_eq!(primary["units"], 2);
    let ind = &primary["indicators"][0];
    for key in ["id", "standard", "mean", "sd", "cv", "cv_max", "passes"] {
        assert!(ind.get(key).is_some(), "{key}");
    }
    assert_eq!(ind["cv_max"], 0.5);
    let school = &primary["schools"][1];
    assert_eq!(school["school_code"], "5001100002");
    assert_eq!(school["unit"], "5001100002-primary");
    for key in ["students", "values", "met", "passes"] {
        assert!(school.get(key).is_some(), "{key}");
    }
    assert!(school["values"]["qualified_teachers_per_100"].is_number());
    assert_eq!(
        json["sections"][1]["schools"][0]["school_code"],
        "5001100002"
    );
    // The 城乡 split, added beside the sections: these records have no 城乡分类.
    let urban = &json["urban_rural"]["sections"][0]["indicators"][0];
    assert_eq!(urban["id"], ind["id"]);
    let categories = urban["categories"].as_array().unwrap();
    let ids: Vec<_> = categories.iter().map(|c| c["category"].clone()).collect();
    assert_eq!(ids, ["urban", "town", "rural", "unclassified"]);
    assert_eq!(categories[3]["units"], 2);
    assert_eq!(categories[3]["spread"]["mean"], ind["mean"]);
    assert!(urban["rural_urban_ratio"].is_null());
}

mod properties {
    use super::*;
    use crate::demo::{DemoSpec, generate};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Every gap, once closed, reaches its target, and closing all of a unit's gaps makes
        /// it pass the unit rule.
        #[test]
        fn closing_the_gaps_makes_a_unit_pass(seed in 0u64..10_000, schools in 20usize..120) {
            let records = generate(&DemoSpec { schools, seed, year: 2024 });
            let rb = cn2017();
            let rule = rb.unit_rule.unwrap();
            let cmp = Comparator::new(None);
            let e = evaluate(&records, &rb).unwrap();
            for s in &e.sections {
                for (u, verdict) in s.verdicts.iter().enumerate() {
                    if verdict.passes != Some(false) {
                        continue;
                    }
                    let mut row: Vec<f64> = s.values.iter().map(|v| v[u]).collect();
                    for gap in &verdict.gaps {
                        prop_assert!(cmp.meets(gap.value_after, gap.target_value));
                        prop_assert!(gap.amount > 0.0);
                        let i = gap.indicator;
                        row[i] = gap.value_after;
                    }
                    let standards: Vec<f64> = s.indicators.iter().map(|i| i.standard.unwrap()).collect();
                    let met = row.iter().zip(&standards).filter(|&(&v, &st)| cmp.meets(v, st)).count();
                    let floors = row.iter().zip(&standards).all(|(&v, &st)| cmp.meets(v, st * rule.floor_ratio));
                    prop_assert!(met >= rule.min_met && floors, "unit {} still fails", s.units[u].id());
                }
            }
        }

        /// Every improvement plan, applied, brings its 差异系数 within the limit, and only raises.
        #[test]
        fn improvement_plans_work(seed in 0u64..10_000, schools in 10usize..80, factor in 0.3f64..0.9) {
            let records = generate(&DemoSpec { schools, seed, year: 2024 });
            let mut rb = cn2017();
            // Tighter limits so that plans are needed.
            rb.balance.cv_max = PerSection { primary: 0.5 * factor, junior: 0.45 * factor };
            let e = evaluate(&records, &rb).unwrap();
            for s in &e.sections {
                let weights: Vec<f64> = s.units.iter().map(|u| u.students as f64).collect();
                for (i, ind) in s.indicators.iter().enumerate() {
                    let Some(plan) = &ind.improvement else { continue };
                    let mut values = s.values[i].clone();
                    for c in &plan.changes {
                        prop_assert!(c.to > c.from && c.amount > 0.0);
                        values[c.unit] = c.to;
                    }
                    let after = weighted_cv(&values, &weights).cv.unwrap();
                    prop_assert_eq!(plan.reaches_target, after <= ind.cv_max.unwrap() * (1.0 + RELATIVE_TOLERANCE));
                    prop_assert!(after < ind.spread.cv.unwrap());
                    prop_assert!((after - plan.cv_after).abs() < 1e-9);
                }
            }
        }
    }
}

/// A district past the size where units are built on two threads (one per section, the codes
/// checked beside them) gives every school the units, amounts and exclusions it has in a small
/// district built on one, under each teaching-point policy; a repeated code is still refused.
#[test]
fn a_large_district_builds_its_units_as_a_small_one() {
    let n = crate::parallel::MIN_CHUNK as u32 + 500;
    let school = |i: u32| match i % 10 {
        0 | 5 => nine_year(i, 600 + i % 97, 300 + i % 53),
        3 => {
            let mut special = good_primary(i, 100);
            special.kind = SchoolKind::Special;
            special
        }
        7 => good_primary(i, 0),
        9 => teaching_point(i, i - 1, 20 + i % 60),
        _ => good_primary(i, 200 + i % 400),
    };
    let summary = |e: &Evaluation, schools: usize| {
        let within = |code: &SchoolCode| code.as_str()[5..].parse::<usize>().unwrap() < schools;
        let sections: Vec<Vec<(String, u64, Vec<f64>)>> = e
            .sections
            .iter()
            .map(|s| {
                (0..s.units.len())
                    .filter(|&u| within(s.units[u].school_code()))
                    .map(|u| {
                        let amounts = s.amounts.iter().map(|column| column[u]).collect();
                        (s.units[u].id(), s.units[u].students, amounts)
                    })
                    .collect()
            })
            .collect();
        let excluded: Vec<_> = e
            .excluded
            .iter()
            .filter(|x| within(&x.school_code))
            .map(|x| (x.school_code.clone(), x.reason))
            .collect();
        (sections, excluded)
    };
    let policies = [
        crate::rulebook::TeachingPointPolicy::Separate,
        crate::rulebook::TeachingPointPolicy::Merge,
        crate::rulebook::TeachingPointPolicy::ExcludeBelow { min_students: 50 },
    ];
    let large: Vec<SchoolRecord> = (0..n).map(school).collect();
    let small: Vec<SchoolRecord> = (0..200).map(school).collect();
    for policy in policies {
        let mut rb = cn2017();
        rb.policy.teaching_points = policy;
        let (big, little) = (
            evaluate(&large, &rb).unwrap(),
            evaluate(&small, &rb).unwrap(),
        );
        let expected = summary(&little, 200);
        assert!(!expected.0[0].is_empty() && !expected.0[1].is_empty() && !expected.1.is_empty());
        assert_eq!(summary(&big, 200), expected, "{policy:?}");
        let mut repeated = large.clone();
        repeated.push(good_primary(12, 300));
        assert_eq!(
            evaluate(&repeated, &rb).unwrap_err(),
            EvaluateError::DuplicateCode(code(12)),
            "{policy:?}"
        );
    }
}
