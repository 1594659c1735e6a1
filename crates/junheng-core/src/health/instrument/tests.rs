use super::*;

/// An MHT-shaped spec: 100 yes/no items, eight content scales of 10 items (1–80 here, for the
/// test's sake), a 10-item validity scale, flags on norm scores ≥ 8 and a total ≥ 65.
fn mht() -> InstrumentSpec {
    let mut scales: Vec<Scale> = (0..8)
        .map(|s| Scale {
            name: format!("分量表{}", s + 1),
            items: (s * 10 + 1..=s * 10 + 10).collect(),
            method: Method::Sum,
        })
        .collect();
    scales.push(Scale {
        name: "效度量表".into(),
        items: (82..=100).step_by(2).collect(),
        method: Method::Sum,
    });
    InstrumentSpec {
        id: "MHT".into(),
        name: "心理健康诊断测验（MHT）".into(),
        items: 100,
        answers: [0, 1],
        grades: [4, 12],
        scales,
        total: Some(Method::Sum),
        validity: Some(("效度量表".into(), 7.0)),
        flags: vec![
            Flag {
                scale: "分量表1".into(),
                norm: true,
                at: 8.0,
                tier: FlagTier::Attention,
            },
            Flag {
                scale: TOTAL.into(),
                norm: false,
                at: 65.0,
                tier: FlagTier::Priority,
            },
        ],
    }
}

#[test]
fn scales_total_validity_and_flags_follow_the_data() {
    let spec = mht();
    assert_eq!(spec.validate(), Ok(()));
    let mut answers = vec![0u8; 100];
    // 分量表1 all yes: raw 10; the total counts content items only.
    for a in answers.iter_mut().take(10) {
        *a = 1;
    }
    let norms = Norms::parse("scale,raw,norm\n分量表1,10,9\n").unwrap();
    let s = score(&spec, Some(&norms), 7, &answers).unwrap();
    assert!(s.valid);
    assert_eq!(s.scales[0].raw, 10.0);
    assert_eq!(s.scales[0].norm, Some(9.0));
    assert_eq!(s.scales.last().unwrap().raw, 10.0);
    assert_eq!(s.suggested, Tier::Attention);
    // Without the district's norms the norm flag is not evaluated, and says so.
    let s = score(&spec, None, 7, &answers).unwrap();
    assert_eq!(s.suggested, Tier::General);
    assert!(s.reasons.iter().any(|r| r.contains("未接入")));
    // 70 content items yes: the total's flag suggests 重点, never 危机.
    for a in answers.iter_mut().take(70) {
        *a = 1;
    }
    let s = score(&spec, None, 7, &answers).unwrap();
    assert_eq!(s.suggested, Tier::Priority);
    // The validity scale at 7: discarded, no tier, a retest asked for.
    for i in (82..=94).step_by(2) {
        answers[i - 1] = 1;
    }
    let s = score(&spec, None, 7, &answers).unwrap();
    assert!(!s.valid);
    assert_eq!(s.suggested, Tier::General);
    assert!(s.reasons[0].contains("重测"));
}

#[test]
fn grades_answers_and_specs_are_checked() {
    let spec = mht();
    assert!(matches!(
        score(&spec, None, 3, &[0; 100]),
        Err(AnswerError::Grade { grade: 3, .. })
    ));
    assert!(score(&spec, None, 7, &[0; 99]).is_err());
    assert!(score(&spec, None, 7, &[2; 100]).is_err());
    let mut bad = mht();
    bad.scales[0].items.push(101);
    assert!(bad.validate().unwrap_err().contains("分量表1"));
    let mut bad = mht();
    bad.flags[0].scale = "无此量表".into();
    assert!(bad.validate().is_err());
    let mut bad = mht();
    bad.id = "M H T".into();
    assert!(bad.validate().is_err());
    assert!(Norms::parse("a,b\n").is_err());
    assert!(
        Norms::parse("scale,raw,norm\n分量表1,x,1\n")
            .unwrap_err()
            .contains("第 2 行")
    );
}

#[test]
fn a_spec_reads_from_toml_and_a_mean_scale_averages() {
    let text = r#"
id = "MSSMHS"
name = "中国中学生心理健康量表"
items = 4
answers = [1, 5]
grades = [7, 12]
total = "mean"
scales = [
  { name = "强迫", items = [1, 2], method = "mean" },
  { name = "偏执", items = [3, 4], method = "mean" },
]
flags = [
  { scale = "强迫", at = 2.0, tier = "attention" },
  { scale = "总分", at = 3.0, tier = "priority" },
]
"#;
    let spec: InstrumentSpec = toml::from_str(text).unwrap();
    assert_eq!(spec.validate(), Ok(()));
    let s = score(&spec, None, 8, &[2, 3, 1, 1]).unwrap();
    assert_eq!(s.scales[0].raw, 2.5);
    assert_eq!(s.scales[2].raw, 1.75);
    assert_eq!(s.suggested, Tier::Attention);
}
