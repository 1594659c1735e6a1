use std::collections::BTreeMap;

use super::*;

fn values(vs: &[Option<f64>]) -> BTreeMap<u32, Option<f64>> {
    vs.iter().enumerate().map(|(i, v)| (i as u32, *v)).collect()
}

pub(super) fn placed(p: &Placement<u32>, unit: u32) -> &Placed {
    match &p.unit(&unit).unwrap().outcome {
        Outcome::Placed(placed) => placed,
        Outcome::NoValue => panic!("unit {unit} not placed"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

fn absolute(threshold: f64) -> LineRule {
    LineRule::Absolute { threshold }
}

/// 发展线 80, 基本线 60, 警戒线 40, the default ladder.
fn absolute_policy(higher_is_better: bool) -> BandPolicy {
    let (d, b, w) = if higher_is_better {
        (80.0, 60.0, 40.0)
    } else {
        (20.0, 40.0, 60.0)
    };
    BandPolicy {
        higher_is_better,
        development: absolute(d),
        basic: absolute(b),
        warning: absolute(w),
        ..BandPolicy::default()
    }
}

#[test]
fn percentiles_are_type_7_as_computed_by_hand() {
    let four = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(percentile(&four, 0.0), Some(1.0));
    assert_eq!(percentile(&four, 100.0), Some(4.0));
    assert_eq!(percentile(&four, 25.0), Some(1.75)); // h = 3 × 0.25 = 0.75
    assert!(close(percentile(&four, 90.0).unwrap(), 3.7)); // h = 2.7
    let five = [15.0, 20.0, 35.0, 40.0, 50.0];
    assert!(close(percentile(&five, 40.0).unwrap(), 29.0)); // h = 1.6: 20 + 0.6 × 15
    assert_eq!(percentile(&five, 75.0), Some(40.0)); // h = 3
    assert_eq!(percentile(&five, 50.0), Some(35.0));
    assert_eq!(percentile(&[7.0], 33.0), Some(7.0));
    assert_eq!(percentile(&four, 100.5), None);
    assert_eq!(percentile(&four, -1.0), None);
}

#[test]
fn the_default_policy_on_hand_computed_lines() {
    // Sorted: 40 75 81 92. Mean 72, SD √(1514 / 4) = 19.4551, P25 = 40 + 0.75 × 35 = 66.25,
    // median (75 + 81) / 2 = 78, 警戒线 72 − 19.4551 = 52.5449.
    let p = place(
        &BandPolicy::default(),
        &values(&[Some(92.0), Some(81.0), Some(75.0), Some(40.0), None]),
        &[],
    )
    .unwrap();
    let d = p.district.unwrap();
    assert_eq!(
        (d.units, d.mean, d.median, d.min, d.max),
        (4, 72.0, 78.0, 40.0, 92.0)
    );
    assert!(close(d.sd, (1514.0f64 / 4.0).sqrt()));
    let lines = placed(&p, 0).lines;
    assert_eq!(lines.basic.value, 66.25);
    assert_eq!(lines.development.value, 78.0);
    assert!(close(lines.warning.value, 72.0 - (1514.0f64 / 4.0).sqrt()));
    assert_eq!(lines.warning.source, LineSource::District);
    assert!(!lines.warning.adjusted());
    let bands: Vec<_> = p.units.iter().map(|u| u.band()).collect();
    assert_eq!(
        bands,
        [
            Some(Band::Development),
            Some(Band::Development),
            Some(Band::Basic),
            Some(Band::Warning),
            None
        ]
    );
    assert_eq!(p.units[4].outcome.label(), "未接入");
    assert_eq!(p.units[4].outcome.id(), "no_value");
    assert_eq!((p.count(Band::Development), p.without_value()), (2, 1));
    let warned = placed(&p, 3);
    assert_eq!(warned.warning_periods, 1);
    assert_eq!(warned.escalation, Some(EscalationLevel::Notice));
    assert_eq!(placed(&p, 2).escalation, None);
}

#[test]
fn values_on_a_line_follow_the_tie_rules() {
    let p = place(
        &absolute_policy(true),
        &values(&[Some(80.0), Some(60.0), Some(50.0), Some(40.0), Some(39.0)]),
        &[],
    )
    .unwrap();
    let bands: Vec<_> = p.units.iter().filter_map(|u| u.band()).collect();
    use Band::*;
    assert_eq!(bands, [Development, Basic, BelowBasic, Warning, Warning]);
    assert_eq!(placed(&p, 0).lines.basic.source, LineSource::Absolute);
}

#[test]
fn lower_is_better_mirrors_the_lines() {
    let p = place(
        &absolute_policy(false),
        &values(&[Some(20.0), Some(40.0), Some(50.0), Some(60.0), Some(61.0)]),
        &[],
    )
    .unwrap();
    let bands: Vec<_> = p.units.iter().filter_map(|u| u.band()).collect();
    use Band::*;
    assert_eq!(bands, [Development, Basic, BelowBasic, Warning, Warning]);
    assert_eq!(placed(&p, 0).lines.warning.value, 60.0);
    // District rules count from the worst end: P25 of a rate to lower is its P75.
    let p = place(
        &BandPolicy {
            higher_is_better: false,
            ..BandPolicy::default()
        },
        &values(&[Some(1.0), Some(2.0), Some(3.0), Some(4.0)]),
        &[],
    )
    .unwrap();
    let lines = placed(&p, 0).lines;
    assert_eq!(lines.basic.value, 3.25);
    assert_eq!(lines.development.value, 2.5);
    assert!(close(lines.warning.value, 2.5 + 1.25f64.sqrt())); // mean + 1 SD
    assert_eq!(p.district.unwrap().median, 2.5);
    assert_eq!(
        (p.district.unwrap().min, p.district.unwrap().max),
        (1.0, 4.0)
    );
}

#[test]
fn crossing_lines_are_anchored_on_the_basic_line() {
    // Four zeros and six tens: P25 = 0 but mean − SD = 6 − √24 ≈ 1.10 lies above it.
    let mut vs = vec![Some(0.0); 4];
    vs.extend([Some(10.0); 6]);
    let p = place(&BandPolicy::default(), &values(&vs), &[]).unwrap();
    let lines = placed(&p, 0).lines;
    assert_eq!(lines.basic.value, 0.0);
    assert_eq!(lines.warning.value, 0.0);
    assert!(close(lines.warning.computed, 6.0 - 24f64.sqrt()));
    assert!(lines.warning.adjusted());
    // Reaching the 基本线 wins over touching the 警戒线 when they coincide.
    assert_eq!(placed(&p, 0).band, Band::Basic);
}

fn past(value: f64, band: Band) -> PastPeriod {
    PastPeriod {
        value: Some(value),
        band: Some(band),
    }
}

#[test]
fn self_baselines_use_the_last_periods_and_fall_back_without_history() {
    let policy = BandPolicy {
        development: LineRule::SelfBaseline {
            years: 2,
            delta: -5.0,
            fallback: SharedRule::DistrictMedian {},
        },
        ..absolute_policy(true)
    };
    let history: Vec<BTreeMap<u32, PastPeriod>> = vec![
        [(0, past(10.0, Band::Basic))].into(), // outside the 2 periods
        [(0, past(70.0, Band::Basic))].into(),
        [
            (0, past(74.0, Band::Basic)),
            (
                1,
                PastPeriod {
                    value: None,
                    band: None,
                },
            ),
        ]
        .into(),
    ];
    let now = values(&[Some(75.0), Some(75.0), Some(90.0)]);
    let p = place(&policy, &now, &history).unwrap();
    let own = placed(&p, 0).lines.development;
    assert_eq!(own.value, 77.0); // (70 + 74) / 2 + 5
    assert_eq!(own.source, LineSource::SelfBaseline { periods: 2 });
    assert_eq!(placed(&p, 0).band, Band::Basic);
    let fallback = placed(&p, 1).lines.development;
    assert_eq!(
        (fallback.value, fallback.source),
        (75.0, LineSource::Fallback)
    );
    assert_eq!(placed(&p, 1).band, Band::Development);
}

#[test]
fn runs_at_the_warning_line_escalate_and_break_on_gaps() {
    let w = past(10.0, Band::Warning);
    let history: Vec<BTreeMap<u32, PastPeriod>> = vec![
        [(0, w), (1, w), (2, w)].into(),
        [(0, w), (1, w), (3, w)].into(),
        [(0, w), (1, w), (2, w), (3, past(70.0, Band::Basic))].into(),
    ];
    let now = values(&[Some(10.0), Some(50.0), Some(10.0), Some(10.0)]);
    let p = place(&absolute_policy(true), &now, &history).unwrap();
    let run = |u| (placed(&p, u).warning_periods, placed(&p, u).escalation);
    assert_eq!(run(0), (4, Some(EscalationLevel::Inspection)));
    assert_eq!(run(1), (0, None)); // not at the 警戒线 now
    assert_eq!(run(2), (2, Some(EscalationLevel::Interview))); // absent in period 2
    assert_eq!(run(3), (1, Some(EscalationLevel::Notice)));
}

#[test]
fn policies_are_validated_with_chinese_messages() {
    let bad = |f: fn(&mut BandPolicy)| {
        let mut p = BandPolicy::default();
        f(&mut p);
        p.validate().unwrap_err()
    };
    let e = bad(|p| p.basic = LineRule::DistrictPercentile { p: 120.0 });
    assert_eq!(
        e.to_string(),
        "基本线的百分位数应在 0 到 100 之间，现为 120"
    );
    let e = bad(|p| p.warning = LineRule::DistrictMeanMinusSd { k: f64::NAN });
    assert_eq!(e.to_string(), "警戒线的参数 k 不是有效数值");
    let e = bad(|p| p.warning = LineRule::DistrictPercentile { p: 30.0 });
    assert_eq!(e.to_string(), "警戒线不能高于基本线");
    let e = bad(|p| p.development = LineRule::DistrictPercentile { p: 20.0 });
    assert!(matches!(e, PolicyError::DevelopmentBelowBasic { .. }));
    let e = bad(|p| {
        p.basic = LineRule::SelfBaseline {
            years: 0,
            delta: 0.0,
            fallback: SharedRule::DistrictMedian {},
        }
    });
    assert_eq!(
        e,
        PolicyError::BaselineYears {
            line: LineKind::Basic
        }
    );
    // Through the fallbacks: units without history would have a 警戒线 above the 基本线.
    let e = bad(|p| {
        p.warning = LineRule::SelfBaseline {
            years: 3,
            delta: 10.0,
            fallback: SharedRule::DistrictPercentile { p: 40.0 },
        }
    });
    assert!(matches!(e, PolicyError::WarningAboveBasic { .. }));
    let mut lower = absolute_policy(false);
    lower.warning = absolute(30.0);
    assert_eq!(
        lower.validate().unwrap_err().to_string(),
        "警戒线不能低于基本线（该指标数值越低越好）"
    );
    let e = bad(|p| p.escalation[0].periods = 0);
    assert_eq!(e, PolicyError::EscalationPeriods);
    let e = bad(|p| p.escalation[1].periods = 1);
    assert_eq!(e, PolicyError::EscalationDuplicate { periods: 1 });
    let e = bad(|p| p.escalation[2].level = EscalationLevel::Notice);
    assert!(e.to_string().contains("逐级加重"));
    // Methods that only cross on data are accepted.
    assert!(BandPolicy::default().validate().is_ok());
    let mut none = BandPolicy::default();
    none.escalation.clear();
    assert!(none.validate().is_ok());
}

#[test]
fn bad_values_are_refused() {
    let e = place(&BandPolicy::default(), &values(&[Some(f64::NAN)]), &[]).unwrap_err();
    assert_eq!(e.to_string(), "0 的本期数值不是有效数值");
    let history: Vec<BTreeMap<u32, PastPeriod>> = vec![
        BTreeMap::new(),
        [(7, past(f64::INFINITY, Band::Basic))].into(),
    ];
    let e = place(&BandPolicy::default(), &values(&[Some(1.0)]), &history).unwrap_err();
    assert_eq!(
        e,
        PlaceError::HistoryNotFinite {
            unit: "7".into(),
            period: 2
        }
    );
    let bad = BandPolicy {
        basic: LineRule::DistrictPercentile { p: -1.0 },
        ..BandPolicy::default()
    };
    assert!(matches!(
        place(&bad, &values(&[Some(1.0)]), &[]),
        Err(PlaceError::Policy(PolicyError::Percentile { .. }))
    ));
}

#[test]
fn no_values_place_nobody() {
    let p = place(&BandPolicy::default(), &values(&[None, None]), &[]).unwrap();
    assert_eq!((p.district, p.without_value()), (None, 2));
}

#[test]
fn policies_read_from_toml_and_round_trip_through_json() {
    let policy: BandPolicy = toml::from_str(
        r#"
        higher_is_better = false
        basic = { method = "district_percentile", p = 25 }
        development = { method = "district_median" }
        warning = { method = "self_baseline", years = 3, delta = 2.5, fallback = { method = "district_mean_minus_sd", k = 1 } }
        escalation = [{ periods = 2, level = "interview" }]
        "#,
    )
    .unwrap();
    assert_eq!(
        policy.warning,
        LineRule::SelfBaseline {
            years: 3,
            delta: 2.5,
            fallback: SharedRule::DistrictMeanMinusSd { k: 1.0 }
        }
    );
    let json = serde_json::to_string(&BandPolicy::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<BandPolicy>(&json).unwrap(),
        BandPolicy::default()
    );
    let unknown = r#"
        higher_is_better = true
        basic = { method = "district_median", p = 25 }
        development = { method = "district_median" }
        warning = { method = "district_median" }
        escalation = []
    "#;
    assert!(toml::from_str::<BandPolicy>(unknown).is_err());
    let unknown = unknown.replace(
        r#"method = "district_median", p = 25"#,
        r#"method = "district_percentile", p = 25, k = 1"#,
    );
    assert!(toml::from_str::<BandPolicy>(&unknown).is_err());
    assert!(toml::from_str::<BandPolicy>(&unknown.replace(", k = 1", "")).is_ok());
}

#[test]
fn labels_and_ids_are_stable() {
    for b in Band::ALL {
        assert_eq!(Band::from_id(b.id()), Some(b));
    }
    for l in EscalationLevel::ALL {
        assert_eq!(EscalationLevel::from_id(l.id()), Some(l));
    }
    assert_eq!(Band::BelowBasic.id(), "below_basic");
    assert_eq!(Band::Warning.label(), "触及警戒线");
    assert_eq!(EscalationLevel::Inspection.label(), "专项督导");
    assert_eq!(LineKind::Development.label(), "发展线");
    assert!(Band::Warning < Band::BelowBasic && Band::Basic < Band::Development);
}
