//! The 三线 of the results and the 集而不团 warning.

use std::collections::BTreeMap;

use super::composite_tests::member;
use super::*;
use crate::bands::{Band, BandPolicy, EscalationLevel, LineRule, Outcome, PastPeriod};

/// Core 1 (92 ← 88), members 2 (85 ← 80) and 3 (58 ← 63), 500 students each, in 2025.
fn group() -> GroupComposite<u32> {
    let input = GroupInput {
        name: "城北教育集团".into(),
        year: 2025,
        members: vec![
            member(1, 500, true, Some(92.0), Some(88.0)),
            member(2, 500, false, Some(85.0), Some(80.0)),
            member(3, 500, false, Some(58.0), Some(63.0)),
        ],
        baseline: None,
    };
    composite(&CompositeSettings::default(), &input).unwrap()
}

/// Two members of 500 students at `a` and `b`: 差异系数 |a − b| / (a + b).
fn year(year: i32, a: f64, b: f64) -> MeasureYear {
    let m = |value| MemberValue {
        students: 500,
        core: false,
        value,
    };
    MeasureYear {
        year,
        members: vec![m(a), m(b)],
    }
}

fn series(years: Vec<MeasureYear>) -> MeasureSeries {
    MeasureSeries {
        measure: "生均教学仪器设备值".into(),
        years,
    }
}

fn spread_warnings(settings: &CohesionSettings, s: &MeasureSeries) -> Cohesion<u32> {
    cohesion(settings, &group(), s, None).unwrap()
}

fn is_spread(w: &CohesionWarning<u32>) -> bool {
    matches!(w.detail, WarningDetail::SpreadNotNarrowed { .. })
}

#[test]
fn a_spread_that_has_not_narrowed_in_n_years_warns_with_its_numbers() {
    let settings = CohesionSettings::default();
    // 2022: 20 / 140 = 0.142857; 2025: 30 / 140 = 0.214286 (years given out of order).
    let s = series(vec![
        year(2025, 85.0, 55.0),
        year(2022, 80.0, 60.0),
        year(2024, 1.0, 1.0),
    ]);
    let c = spread_warnings(&settings, &s);
    assert_eq!(
        c.spread.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2022, 2024, 2025]
    );
    let w = c.warnings.iter().find(|w| is_spread(w)).unwrap();
    let WarningDetail::SpreadNotNarrowed {
        from_year,
        cv_from,
        to_year,
        cv_to,
        years,
        ..
    } = &w.detail
    else {
        unreachable!()
    };
    assert_eq!((*from_year, *to_year, *years), (2022, 2025, 3));
    assert!((cv_from - 20.0 / 140.0).abs() < 1e-12 && (cv_to - 30.0 / 140.0).abs() < 1e-12);
    assert_eq!(
        w.sentence,
        "城北教育集团成员校生均教学仪器设备值的差异系数 2022 年为 0.143、2025 年为 0.214，\
         3 年来未见缩小，存在“集而不团”风险。"
    );

    // Narrowed: 16 / 140 in 2025.
    let narrowed = series(vec![year(2022, 80.0, 60.0), year(2025, 78.0, 62.0)]);
    assert!(
        !spread_warnings(&settings, &narrowed)
            .warnings
            .iter()
            .any(is_spread)
    );
    // …but not by more than a minimum of 0.05.
    let strict = CohesionSettings {
        min_narrowing: 0.05,
        ..settings
    };
    let c = spread_warnings(&strict, &narrowed);
    let w = c.warnings.iter().find(|w| is_spread(w)).unwrap();
    assert!(
        w.sentence.contains("仅缩小 0.0286（不足 0.05）"),
        "{}",
        w.sentence
    );
    // N = 2 compares with 2023, which is missing: not judged, not warned.
    let two = CohesionSettings {
        years: 2,
        ..settings
    };
    let c = spread_warnings(&two, &narrowed);
    assert!(!c.warnings.iter().any(is_spread));
    assert!(
        c.unchecked[0].starts_with("缺少 2023 年"),
        "{:?}",
        c.unchecked
    );
    // A zero mean: the 差异系数 is not computable.
    let zero = series(vec![year(2022, 0.0, 0.0), year(2025, 5.0, 1.0)]);
    let c = spread_warnings(&settings, &zero);
    assert!(c.unchecked[0].contains("不可计算"));
}

#[test]
fn the_weakest_member_falling_behind_a_rising_group_warns() {
    let c = spread_warnings(&CohesionSettings::default(), &series(Vec::new()));
    let w = c
        .warnings
        .iter()
        .find(|w| matches!(w.detail, WarningDetail::WeakestFellBehind { .. }))
        .unwrap();
    // Members having both years: now (92 + 85 + 58) / 3, last year (88 + 80 + 63) / 3.
    let WarningDetail::WeakestFellBehind {
        unit,
        value,
        last_year,
        group_mean,
        group_mean_last_year,
        ..
    } = w.detail
    else {
        unreachable!()
    };
    assert_eq!((unit, value, last_year), (3, 58.0, 63.0));
    assert!((group_mean - 235.0 / 3.0).abs() < 1e-9);
    assert!((group_mean_last_year - 77.0).abs() < 1e-9);
    assert_eq!(
        w.sentence,
        "城北教育集团最薄弱的成员校成员校3考核总分由 63.0 降至 58.0，而集团均值由 77.0 升至 78.3，\
         薄弱校被进一步拉开。"
    );
    assert!(c.unchecked[0].starts_with("没有生均教学仪器设备值的历年数据"));

    // The whole group fell: the weakest did not fall behind.
    let mut input = GroupInput {
        name: "城北教育集团".into(),
        year: 2025,
        members: vec![
            member(1, 500, true, Some(80.0), Some(88.0)),
            member(2, 500, false, Some(58.0), Some(63.0)),
        ],
        baseline: None,
    };
    let g = composite(&CompositeSettings::default(), &input).unwrap();
    let c = cohesion(&CohesionSettings::default(), &g, &series(Vec::new()), None).unwrap();
    assert!(c.warnings.is_empty());
    // No last year for the weakest: not judged.
    input.members[1].last_year = None;
    let g = composite(&CompositeSettings::default(), &input).unwrap();
    let c = cohesion(&CohesionSettings::default(), &g, &series(Vec::new()), None).unwrap();
    assert!(c.unchecked.iter().any(|u| u.contains("没有上年考核总分")));
}

/// 发展线 80, 基本线 70, 警戒线 60 (absolute), the default ladder.
fn absolute() -> BandPolicy {
    BandPolicy {
        development: LineRule::Absolute { threshold: 80.0 },
        basic: LineRule::Absolute { threshold: 70.0 },
        warning: LineRule::Absolute { threshold: 60.0 },
        ..BandPolicy::default()
    }
}

#[test]
fn members_at_the_warning_line_warn_with_their_escalation() {
    let g = group();
    let now: BTreeMap<u32, Option<f64>> = g.members.iter().map(|m| (m.unit, m.value)).collect();
    let last: BTreeMap<u32, Option<f64>> =
        g.members.iter().map(|m| (m.unit, m.last_year)).collect();
    let policy = absolute();
    let before = place_reviews(&policy, &last, &[]).unwrap();
    let placement = place_reviews(&policy, &now, &[past_period(&before)]).unwrap();
    let c = cohesion(
        &CohesionSettings::default(),
        &g,
        &series(Vec::new()),
        Some(&placement),
    )
    .unwrap();
    let w = c
        .warnings
        .iter()
        .find(|w| matches!(w.detail, WarningDetail::AtWarningLine { .. }))
        .unwrap();
    assert_eq!(
        w.detail,
        WarningDetail::AtWarningLine {
            unit: 3,
            name: "成员校3".into(),
            weakest: true,
            value: 58.0,
            line: 60.0,
            warning_periods: 1,
            escalation: Some(EscalationLevel::Notice),
        }
    );
    assert_eq!(
        w.sentence,
        "城北教育集团成员校成员校3（集团最薄弱成员）考核总分 58.0 触及警戒线（60.0），已连续 1 年，应提示预警。"
    );
    // A second year at the line: 约谈.
    let warned = BTreeMap::from([(
        3,
        PastPeriod {
            value: Some(59.0),
            band: Some(Band::Warning),
        },
    )]);
    let placement = place_reviews(&policy, &now, &[warned]).unwrap();
    let c = cohesion(
        &CohesionSettings::default(),
        &g,
        &series(Vec::new()),
        Some(&placement),
    )
    .unwrap();
    assert!(
        c.warnings
            .iter()
            .any(|w| w.sentence.contains("已连续 2 年，应约谈并制定帮扶计划"))
    );
    // A member missing from the placement is reported, not skipped silently.
    let partial: BTreeMap<u32, Option<f64>> = [(1, Some(92.0))].into();
    let placement = place_reviews(&policy, &partial, &[]).unwrap();
    let c = cohesion(
        &CohesionSettings::default(),
        &g,
        &series(Vec::new()),
        Some(&placement),
    )
    .unwrap();
    assert_eq!(
        c.unchecked
            .iter()
            .filter(|u| u.contains("不在三线结果中"))
            .count(),
        2
    );
}

#[test]
fn groups_are_placed_by_g_and_a_missing_g_is_never_placed() {
    let mut without = GroupInput {
        name: "新建集团".into(),
        year: 2025,
        members: vec![member(9, 100, true, None, None)],
        baseline: None,
    };
    let none = composite(&CompositeSettings::default(), &without).unwrap();
    without.members[0].value = Some(50.0);
    let fifty = composite(&CompositeSettings::default(), &without).unwrap();
    let groups = BTreeMap::from([("城北", group()), ("新建", none), ("五十", fifty)]);
    let placement = place_reviews(&absolute(), &groups, &[]).unwrap();
    assert_eq!(placement.unit(&"新建").unwrap().outcome, Outcome::NoValue);
    assert_eq!(placement.unit(&"五十").unwrap().band(), Some(Band::Warning));
    let history = past_period(&placement);
    assert_eq!(history[&"新建"], PastPeriod::default());
    assert_eq!(
        history[&"五十"],
        PastPeriod {
            value: Some(50.0),
            band: Some(Band::Warning)
        }
    );
    let city = &placement.unit(&"城北").unwrap().outcome;
    let Outcome::Placed(p) = city else {
        unreachable!()
    };
    assert_eq!(p.value, group().value.unwrap());
}

#[test]
fn bad_series_and_settings_are_refused_in_chinese() {
    let g = group();
    let settings = CohesionSettings::default();
    let twice = series(vec![year(2024, 1.0, 2.0), year(2024, 1.0, 3.0)]);
    assert_eq!(
        cohesion(&settings, &g, &twice, None)
            .unwrap_err()
            .to_string(),
        "生均教学仪器设备值的历年数据中 2024 年出现了不止一次"
    );
    let nan = series(vec![year(2024, f64::NAN, 2.0)]);
    assert_eq!(
        cohesion(&settings, &g, &nan, None).unwrap_err().to_string(),
        "生均教学仪器设备值在 2024 年有成员校的数值不是有效数值"
    );
    let zero = CohesionSettings {
        years: 0,
        ..settings
    };
    assert_eq!(
        cohesion(&zero, &g, &series(Vec::new()), None)
            .unwrap_err()
            .to_string(),
        "“集而不团”预警的比较年数应至少为 1"
    );
    let mut all = ReviewSettings::default();
    all.bands.escalation[0].periods = 0;
    assert_eq!(
        all.validate().unwrap_err().to_string(),
        "升级规则的连续期数应至少为 1"
    );
}
