//! The shipped tables scored at and around their thresholds, the bands' weights, BMI by range,
//! 未评分 where no table is loaded, totals, 附加分 and 等级; monotone in every table.

use super::*;
use proptest::prelude::*;

fn pack() -> Pack {
    Pack::builtin()
}

fn table(item: Item, grade: u8, sex: Sex) -> Steps {
    pack().steps[&(item, grade, sex)].clone()
}

#[test]
fn the_shipped_pack_holds_every_primary_table() {
    let p = pack();
    for grade in 1..=6u8 {
        for sex in [Sex::Male, Sex::Female] {
            for (item, _) in items(grade, sex) {
                if item == Item::Bmi {
                    assert!(p.bmi.contains_key(&(grade, sex)), "BMI {grade} {sex:?}");
                } else {
                    let steps = &p.steps[&(item, grade, sex)];
                    assert_eq!(steps.0.len(), 20, "{item:?} {grade} {sex:?}");
                }
            }
        }
    }
    // 初中: no full table is shipped.
    assert!(!p.steps.keys().any(|(_, g, _)| *g > 6));
    assert!(!p.bmi.keys().any(|(g, _)| *g > 6));
}

#[test]
fn weights_of_every_band_add_to_one_hundred() {
    for grade in 1..=9 {
        for sex in [Sex::Male, Sex::Female] {
            let sum: u32 = items(grade, sex).iter().map(|(_, w)| w).sum();
            assert_eq!(sum, 100, "{grade} {sex:?}");
        }
    }
    assert!(items(7, Sex::Male).iter().any(|(i, _)| *i == Item::PullUp));
    assert!(items(7, Sex::Female).iter().any(|(i, _)| *i == Item::Situp));
    assert!(items(10, Sex::Male).is_empty());
}

#[test]
fn rope_skipping_grade_one_boys_as_the_standard_reads() {
    // standard.md §11: 一年级男 跳绳 100 分 = 109 次, 60 分 = 17 次.
    let t = table(Item::RopeSkipping, 1, Sex::Male);
    assert_eq!(t.0[0], (100, 109));
    assert_eq!(step_score(Item::RopeSkipping, &t, 109), 100);
    assert_eq!(step_score(Item::RopeSkipping, &t, 108), 95);
    assert_eq!(step_score(Item::RopeSkipping, &t, 17), 60);
    let ten = t.0[19].1;
    assert_eq!(step_score(Item::RopeSkipping, &t, ten), 10);
    assert_eq!(step_score(Item::RopeSkipping, &t, ten - 1), 0);
}

#[test]
fn times_score_when_at_or_below_the_threshold() {
    // 一年级男 50 米跑: 100 分 10.2 s, 95 分 10.3 s.
    let t = table(Item::Run50m, 1, Sex::Male);
    assert_eq!(t.0[0], (100, 102));
    assert_eq!(step_score(Item::Run50m, &t, 102), 100);
    assert_eq!(step_score(Item::Run50m, &t, 95), 100);
    assert_eq!(step_score(Item::Run50m, &t, 103), 95);
    assert_eq!(step_score(Item::Run50m, &t, 999), 0);
    // 五年级男 50米×8: 100 分 96 s (1′36″).
    let s = table(Item::Shuttle50x8, 5, Sex::Male);
    assert_eq!(s.0[0], (100, 96));
    assert_eq!(step_score(Item::Shuttle50x8, &s, 96), 100);
    assert_eq!(step_score(Item::Shuttle50x8, &s, 97), 95);
}

#[test]
fn a_result_on_a_threshold_meets_it() {
    // The source code this was transcribed from scored 肺活量 with `>`: a value exactly on a
    // threshold must earn that step.
    let t = table(Item::VitalCapacity, 1, Sex::Male);
    assert_eq!(t.0[0], (100, 1700));
    assert_eq!(step_score(Item::VitalCapacity, &t, 1700), 100);
    assert_eq!(step_score(Item::VitalCapacity, &t, 1699), 95);
    // 坐位体前屈 in tenths of a cm: 一年级女 100 分 18.6.
    let s = table(Item::SitAndReach, 1, Sex::Female);
    assert_eq!(s.0[0], (100, 186));
    assert_eq!(step_score(Item::SitAndReach, &s, 186), 100);
    assert_eq!(step_score(Item::SitAndReach, &s, 185), 95);
}

#[test]
fn bmi_is_taken_to_one_decimal_and_scored_by_range() {
    // 30.0 kg, 130.0 cm: 17.751… → 17.8.
    assert_eq!(bmi_tenths(300, 1300), Some(178));
    // Half up: 72.6 kg at 200.0 cm is exactly 18.15 → 18.2; 72.5 kg is 18.125 → 18.1.
    assert_eq!(bmi_tenths(726, 2000), Some(182));
    assert_eq!(bmi_tenths(725, 2000), Some(181));
    assert_eq!(bmi_tenths(0, 1300), None);
    let p = pack();
    let r = |bmi: i64| {
        score(&p, 1, Sex::Male, |i| (i == Item::Bmi).then_some(bmi)).items[0]
            .2
            .clone()
    };
    // 一年级男: 正常 13.5–18.1, 低体重 ≤ 13.4, 超重 18.2–20.3, 肥胖 ≥ 20.4.
    assert_eq!(r(135), ItemScore::Scored(100));
    assert_eq!(r(181), ItemScore::Scored(100));
    assert_eq!(r(134), ItemScore::Scored(80));
    assert_eq!(r(182), ItemScore::Scored(80));
    assert_eq!(r(203), ItemScore::Scored(80));
    assert_eq!(r(204), ItemScore::Scored(60));
}

#[test]
fn a_whole_primary_student_is_totalled_with_the_bonus() {
    let p = pack();
    // 一年级男, every item at its 100-point threshold, 跳绳 20 above it: 附加分 10.
    let top = |i: Item| p.steps[&(i, 1, Sex::Male)].0[0].1;
    let s = score(&p, 1, Sex::Male, |i| match i {
        Item::Bmi => Some(160),
        Item::RopeSkipping => Some(top(i) + 20),
        other => Some(top(other)),
    });
    assert_eq!(s.standard, Some(10_000));
    assert_eq!(s.bonus, 1_000);
    assert_eq!(s.total, Some(11_000));
    assert_eq!(s.bmi_category.as_deref(), Some("正常"));
    // The bonus stops at 20.
    let s = score(&p, 1, Sex::Male, |i| match i {
        Item::RopeSkipping => Some(top(i) + 1_000),
        Item::Bmi => Some(160),
        other => Some(top(other)),
    });
    assert_eq!(s.bonus, 2_000);
    // An item not tested: no 标准分.
    let s = score(&p, 1, Sex::Male, |i| (i != Item::Run50m).then_some(160));
    assert_eq!(s.standard, None);
    assert!(
        s.items
            .iter()
            .any(|(i, _, o)| *i == Item::Run50m && *o == ItemScore::Missing)
    );
}

#[test]
fn junior_results_stay_unscored_until_the_tables_are_loaded() {
    let s = score(&pack(), 8, Sex::Female, |_| Some(100));
    assert!(s.items.iter().all(|(_, _, o)| *o == ItemScore::Unscored));
    assert_eq!(s.standard, None);
    assert_eq!(s.total, None);
}

#[test]
fn levels_at_their_boundaries() {
    assert_eq!(Level::of(9_000), Level::Excellent);
    assert_eq!(Level::of(8_999), Level::Good);
    assert_eq!(Level::of(8_000), Level::Good);
    assert_eq!(Level::of(7_999), Level::Pass);
    assert_eq!(Level::of(6_000), Level::Pass);
    assert_eq!(Level::of(5_999), Level::Fail);
    assert_eq!(Level::Good.label(), "良好");
}

#[test]
fn a_bad_table_is_refused_with_its_line() {
    let mut p = Pack::default();
    let e = p
        .add_steps(Item::Run50m, "x.csv", "grade,sex,score\n1,M,100\n")
        .unwrap_err();
    assert_eq!(e.line, 1);
    let e = p
        .add_steps(
            Item::Run50m,
            "x.csv",
            "grade,sex,score,threshold\n1,X,100,10.2\n",
        )
        .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("性别"), "{e}");
    // A table short of the 20 steps is refused, not filled in.
    let e = p
        .add_steps(
            Item::Run50m,
            "x.csv",
            "grade,sex,score,threshold\n1,M,100,10.2\n1,M,95,10.3\n",
        )
        .unwrap_err();
    assert!(e.to_string().contains("20 档"), "{e}");
    assert_eq!(fixed("10.25", 1), None);
    assert_eq!(fixed("-3.5", 1), Some(-35));
}

proptest! {
    #[test]
    fn every_shipped_table_is_monotone_in_the_result(a in -500i64..5000, b in -500i64..5000) {
        let p = pack();
        let (lo, hi) = (a.min(b), a.max(b));
        for ((item, _, _), steps) in &p.steps {
            let (better, worse) = if item.lower_is_better() { (lo, hi) } else { (hi, lo) };
            prop_assert!(step_score(*item, steps, better) >= step_score(*item, steps, worse));
        }
    }

    #[test]
    fn bmi_ranges_cover_every_value_exactly_once(bmi in 50i64..500, grade in 1u8..=6, male in any::<bool>()) {
        let sex = if male { Sex::Male } else { Sex::Female };
        let ranges = &pack().bmi[&(grade, sex)];
        let hits = ranges
            .iter()
            .filter(|r| r.lower.is_none_or(|l| bmi >= l) && r.upper.is_none_or(|u| bmi <= u))
            .count();
        prop_assert_eq!(hits, 1);
    }
}
