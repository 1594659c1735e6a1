use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::rulebook::Rulebook;

fn cn2017() -> Rulebook {
    Rulebook::builtin("cn-2017").unwrap()
}

fn computed(outcome: Outcome) -> Computed {
    Computed {
        outcome,
        value: None,
        figures: vec![],
        failing: vec![],
        provenance: vec![],
        note: format!("{outcome:?}"),
    }
}

fn failing(units: &[&str]) -> Computed {
    Computed {
        failing: units
            .iter()
            .map(|u| Shortfall {
                unit: (*u).to_owned(),
                name: format!("{u}学校"),
                remedy: format!("{u} 班额超标"),
            })
            .collect(),
        ..computed(Outcome::NotMet)
    }
}

fn said(met: bool, evidence: usize) -> Attestation {
    Attestation {
        met,
        note: "已核实".into(),
        evidence,
        by: "督导室".into(),
        at: "2025-05-01".into(),
    }
}

/// Every item of a rulebook met, by data or by a statement with evidence as its decision needs.
fn all_met(rulebook: &Rulebook) -> BTreeMap<String, ItemInput> {
    rulebook
        .items
        .iter()
        .map(|i| {
            let input = ItemInput {
                computed: i.computation.map(|_| computed(Outcome::Met)),
                attestation: Some(said(true, 1)),
            };
            (i.id.clone(), input)
        })
        .collect()
}

const PASS: Resources = Resources {
    passes: true,
    failing: vec![],
};

#[test]
fn everything_met_is_recognisable() {
    let rb = cn2017();
    let v = verdict(&rb, 2024, Some(&PASS), &all_met(&rb));
    assert_eq!(v.overall, Overall::Recognisable, "{:?}", v.reasons);
    assert!(v.parts.iter().all(|p| p.status == PartStatus::Met));
    assert_eq!(v.part(Part::Guarantee).unwrap().met, 15);
    assert_eq!(v.part(Part::Quality).unwrap().met, 9);
    assert!(v.vetoes().all(|i| i.veto == Some(VetoStatus::Clear)));
    assert!(v.gaps.is_empty());
    assert_eq!(v.rulebook_version, "2017.2");
}

#[test]
fn one_failing_class_size_item_denies_recognition_and_lists_its_schools() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    inputs.get_mut("class_size").unwrap().computed = Some(failing(&["A", "B"]));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.overall, Overall::NotRecognisable);
    assert_eq!(v.part(Part::Guarantee).unwrap().status, PartStatus::NotMet);
    assert_eq!(v.item("class_size").unwrap().basis, Basis::Data);
    assert_eq!(v.reasons, vec!["政府保障程度未达标：5 班额".to_owned()]);
    let units: Vec<&str> = v
        .gaps
        .iter()
        .map(|g| g.unit.as_ref().unwrap().unit.as_str())
        .collect();
    assert_eq!(units, ["A", "B"]);
    assert_eq!(v.gaps[0].label, "5 班额");
}

#[test]
fn a_statement_cannot_override_data_that_fall_short() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    inputs.get_mut("class_size").unwrap().computed = Some(failing(&["A"]));
    inputs.get_mut("class_size").unwrap().attestation = Some(said(true, 3));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.item("class_size").unwrap().status, ItemStatus::NotMet);
}

#[test]
fn unconnected_data_wait_for_a_statement_with_evidence() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    let item = inputs.get_mut("nearby_enrolment").unwrap();
    item.computed = Some(Computed::not_connected("未导入划片表"));
    item.attestation = None;
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.overall, Overall::Pending);
    let r = v.item("nearby_enrolment").unwrap();
    assert_eq!(r.status, ItemStatus::Undecided);
    assert!(r.reason.contains("未导入划片表"), "{}", r.reason);
    assert_eq!(
        v.reasons,
        vec!["政府保障程度有 1 项待认定：13 就近划片入学".to_owned()]
    );

    // A statement that it is met, without a document, does not count, and the page says why.
    inputs.get_mut("nearby_enrolment").unwrap().attestation = Some(said(true, 0));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    let r = v.item("nearby_enrolment").unwrap();
    assert_eq!(r.status, ItemStatus::Undecided);
    assert!(r.reason.contains("未附佐证材料"), "{}", r.reason);

    // With a document it decides the item, flagged as decided by evidence for missing data.
    inputs.get_mut("nearby_enrolment").unwrap().attestation = Some(said(true, 1));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    let r = v.item("nearby_enrolment").unwrap();
    assert_eq!(
        (r.status, r.basis),
        (ItemStatus::Met, Basis::EvidenceForData)
    );
    assert_eq!(v.overall, Overall::Recognisable);
}

#[test]
fn an_attested_item_flips_with_its_statement() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    inputs.get_mut("four_unified").unwrap().attestation = None;
    assert_eq!(
        verdict(&rb, 2024, Some(&PASS), &inputs)
            .item("four_unified")
            .unwrap()
            .status,
        ItemStatus::Undecided
    );
    // Admitting a shortfall needs no document.
    inputs.get_mut("four_unified").unwrap().attestation = Some(said(false, 0));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.item("four_unified").unwrap().status, ItemStatus::NotMet);
    assert_eq!(v.overall, Overall::NotRecognisable);
    assert_eq!(v.gaps.len(), 1);
    assert!(v.gaps[0].unit.is_none());
}

#[test]
fn both_needs_data_and_statement() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    inputs.get_mut("teacher_pay").unwrap().attestation = None;
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    let r = v.item("teacher_pay").unwrap();
    assert_eq!((r.status, r.basis), (ItemStatus::Undecided, Basis::Data));
    inputs.get_mut("teacher_pay").unwrap().attestation = Some(said(true, 1));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.item("teacher_pay").unwrap().basis, Basis::DataAndEvidence);
    inputs.get_mut("teacher_pay").unwrap().attestation = Some(said(false, 0));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.item("teacher_pay").unwrap().status, ItemStatus::NotMet);
}

#[test]
fn low_official_recognition_is_a_veto() {
    let rb = cn2017();
    let source = Provenance {
        source: "国家调查".into(),
        version: "2025".into(),
    };
    let at = |rate: f64| {
        let mut inputs = all_met(&rb);
        let c = recognition::official(
            Some(&recognition::Official {
                rate,
                respondents: Some(1200),
                source: source.clone(),
            }),
            0.85,
        );
        for id in ["recognition", "low_recognition"] {
            inputs.get_mut(id).unwrap().computed = Some(c.clone());
        }
        verdict(&rb, 2024, Some(&PASS), &inputs)
    };
    assert_eq!(at(0.85).overall, Overall::Recognisable);
    let v = at(0.8499);
    assert_eq!(v.overall, Overall::NotRecognisable);
    assert_eq!(
        v.item("low_recognition").unwrap().veto,
        Some(VetoStatus::Triggered)
    );
    assert_eq!(v.reasons[0], "一票否决：存在“社会认可度低于 85%”情形");
    assert_eq!(
        v.part(Part::Recognition).unwrap().status,
        PartStatus::NotMet
    );
}

#[test]
fn unfilled_posts_are_a_risk_until_stated() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    let item = inputs.get_mut("unfilled_posts").unwrap();
    item.computed = Some(failing(&["S1"]));
    item.attestation = None;
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.overall, Overall::Pending);
    assert_eq!(
        v.item("unfilled_posts").unwrap().veto,
        Some(VetoStatus::AtRisk)
    );
    assert_eq!(v.gaps.len(), 1, "the risk is on the gap list");
    // Checked and cleared with a document: clear.
    inputs.get_mut("unfilled_posts").unwrap().attestation = Some(said(true, 1));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(
        v.item("unfilled_posts").unwrap().veto,
        Some(VetoStatus::Clear)
    );
    assert_eq!(v.overall, Overall::Recognisable);
    // Confirmed: triggered.
    inputs.get_mut("unfilled_posts").unwrap().attestation = Some(said(false, 0));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(
        v.item("unfilled_posts").unwrap().veto,
        Some(VetoStatus::Triggered)
    );
    assert_eq!(v.overall, Overall::NotRecognisable);
}

#[test]
fn a_failing_part_outranks_pending_ones() {
    let rb = cn2017();
    let mut inputs = all_met(&rb);
    inputs.remove("homework");
    inputs.get_mut("class_size").unwrap().computed = Some(failing(&["A"]));
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.overall, Overall::NotRecognisable);
    assert_eq!(
        v.reasons.len(),
        1,
        "only the failure is a reason: {:?}",
        v.reasons
    );
    // Without the failure, the missing statement leaves it pending.
    let mut inputs = all_met(&rb);
    inputs.remove("homework");
    let v = verdict(&rb, 2024, Some(&PASS), &inputs);
    assert_eq!(v.overall, Overall::Pending);
}

#[test]
fn resources_decide_their_part() {
    let rb = cn2017();
    let inputs = all_met(&rb);
    let fail = Resources {
        passes: false,
        failing: vec![Shortfall {
            unit: "小学".into(),
            name: "小学差异系数".into(),
            remedy: "生均体育场馆面积差异系数 0.62 > 0.50".into(),
        }],
    };
    let v = verdict(&rb, 2024, Some(&fail), &inputs);
    assert_eq!(v.overall, Overall::NotRecognisable);
    assert_eq!(v.reasons, vec!["资源配置未达标".to_owned()]);
    assert_eq!(v.gaps[0].item, "resources");
    let v = verdict(&rb, 2024, None, &inputs);
    assert_eq!(v.overall, Overall::Pending);
    assert_eq!(
        v.part(Part::Resources).unwrap().status,
        PartStatus::Undecided
    );
}

#[test]
fn a_resource_only_rulebook_cannot_be_recognised() {
    let rb = Rulebook::builtin("cn-2012").unwrap();
    assert!(rb.items.is_empty());
    let v = verdict(&rb, 2024, Some(&PASS), &BTreeMap::new());
    assert_eq!(v.overall, Overall::Pending);
    assert_eq!(
        v.part(Part::Guarantee).unwrap().status,
        PartStatus::NotInRulebook
    );
    assert!(
        v.reasons[0].contains("未列入政府保障程度"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn the_verdict_round_trips_through_json() {
    let rb = cn2017();
    let v = verdict(&rb, 2024, Some(&PASS), &all_met(&rb));
    let back: Verdict = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(back, v);
}

fn naeq(year: i32, subject: &str, level: Option<u8>, ratio: f64) -> crate::exam::NaeqResult {
    crate::exam::NaeqResult {
        year,
        subject: subject.into(),
        level,
        between_school: ratio,
        unit: crate::exam::RateUnit::Ratio,
    }
}

const LIMITS: naeq::NaeqLimits = naeq::NaeqLimits {
    line: 0.15,
    min_level: 3,
    window_years: 3,
};

#[test]
fn naeq_at_its_edges() {
    let at = |results: &[crate::exam::NaeqResult]| naeq::item(results, 2024, LIMITS).outcome;
    assert_eq!(at(&[naeq(2025, "数学", Some(3), 0.1499)]), Outcome::Met);
    assert_eq!(at(&[naeq(2025, "数学", Some(3), 0.15)]), Outcome::NotMet);
    assert_eq!(at(&[naeq(2025, "数学", Some(2), 0.10)]), Outcome::NotMet);
    assert_eq!(at(&[naeq(2025, "数学", None, 0.10)]), Outcome::NotConnected);
    // A missing level cannot hide a failing ratio.
    assert_eq!(
        at(&[
            naeq(2025, "数学", None, 0.10),
            naeq(2025, "语文", Some(4), 0.2)
        ]),
        Outcome::NotMet
    );
    // The latest monitoring in the window counts; older ones do not.
    assert_eq!(
        at(&[
            naeq(2023, "数学", Some(3), 0.3),
            naeq(2024, "数学", Some(3), 0.1)
        ]),
        Outcome::Met
    );
    assert_eq!(
        at(&[naeq(2022, "数学", Some(3), 0.1)]),
        Outcome::NotConnected
    );
    assert_eq!(
        at(&[naeq(2026, "数学", Some(3), 0.1)]),
        Outcome::NotConnected
    );
    // Percent units are read as percent.
    let mut pct = naeq(2025, "科学", Some(3), 14.99);
    pct.unit = crate::exam::RateUnit::Percent;
    assert_eq!(at(&[pct]), Outcome::Met);
    let r = naeq::item(&[naeq(2025, "数学", Some(2), 0.2)], 2024, LIMITS);
    assert_eq!(r.failing[0].unit, "数学");
    assert!(r.failing[0].remedy.contains("校际差异率"));
    assert!(r.failing[0].remedy.contains("学业水平 2 级"));
}

#[test]
fn funding_at_its_edges() {
    use funding::{SchoolFunds, small_schools, special_schools};
    let school = |students: u32, funds: Option<f64>| SchoolFunds {
        code: "S".into(),
        name: "学校".into(),
        students,
        funds,
    };
    // 99 pupils funded as 100; 100 pupils are not assessed.
    assert_eq!(
        small_schools(&[school(99, Some(65_000.0))], Some(650.0), 100).outcome,
        Outcome::Met
    );
    assert_eq!(
        small_schools(&[school(99, Some(64_999.99))], Some(650.0), 100).outcome,
        Outcome::NotMet
    );
    assert_eq!(
        small_schools(&[school(100, Some(1.0))], Some(650.0), 100).outcome,
        Outcome::Met
    );
    assert_eq!(
        small_schools(&[school(99, Some(65_000.0))], None, 100).outcome,
        Outcome::NotConnected
    );
    assert_eq!(
        small_schools(&[school(99, None)], Some(650.0), 100).outcome,
        Outcome::NotConnected
    );
    assert_eq!(small_schools(&[], None, 100).outcome, Outcome::Met);
    // 6 000 元 per pupil exactly is met; 5 999.99 is not.
    assert_eq!(
        special_schools(&[school(50, Some(300_000.0))], 6000.0).outcome,
        Outcome::Met
    );
    assert_eq!(
        special_schools(&[school(1, Some(5_999.99))], 6000.0).outcome,
        Outcome::NotMet
    );
    assert_eq!(special_schools(&[], 6000.0).outcome, Outcome::Met);
    let r = special_schools(&[school(1, Some(5_999.99))], 6000.0);
    assert!(
        r.failing[0].remedy.contains("5999.99"),
        "{}",
        r.failing[0].remedy
    );
}

fn status_strategy() -> impl Strategy<Value = ItemInput> {
    let outcome = prop_oneof![
        Just(None),
        Just(Some(Outcome::Met)),
        Just(Some(Outcome::NotMet)),
        Just(Some(Outcome::NotConnected)),
    ];
    let statement = prop_oneof![
        Just(None),
        (any::<bool>(), 0usize..3).prop_map(|(m, e)| Some((m, e))),
    ];
    (outcome, statement).prop_map(|(o, s)| ItemInput {
        computed: o.map(computed),
        attestation: s.map(|(m, e)| said(m, e)),
    })
}

proptest! {
    /// Making one more item met never makes a verdict worse: a recognisable district stays
    /// recognisable, and a pending one never becomes not recognisable.
    #[test]
    fn meeting_an_item_never_hurts(
        inputs in proptest::collection::vec(status_strategy(), 33),
        which in 0usize..33,
        resources in any::<bool>(),
    ) {
        let rb = cn2017();
        let mut map: BTreeMap<String, ItemInput> = rb
            .items
            .iter()
            .zip(inputs)
            .map(|(i, input)| (i.id.clone(), input))
            .collect();
        let res = Resources { passes: resources, failing: vec![] };
        let before = verdict(&rb, 2024, Some(&res), &map).overall;
        let id = rb.items[which % rb.items.len()].id.clone();
        let better = ItemInput {
            computed: Some(computed(Outcome::Met)),
            attestation: Some(said(true, 1)),
        };
        map.insert(id, better);
        let after = verdict(&rb, 2024, Some(&res), &map).overall;
        let rank = |o: Overall| match o {
            Overall::NotRecognisable => 0,
            Overall::Pending => 1,
            Overall::Recognisable => 2,
        };
        prop_assert!(rank(after) >= rank(before), "{before:?} → {after:?}");
    }
}
