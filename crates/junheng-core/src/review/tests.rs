//! The rubric, the scoring of a unit and the resource score.

use std::collections::BTreeMap;

use super::*;
use crate::evaluate::evaluate;
use crate::rulebook::Rulebook;
use crate::school::{SchoolCode, Section};
use crate::{demo, group};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

fn manual(scores: &[(Scorer, f64)], evidence: bool) -> ManualScores {
    ManualScores {
        scores: scores.iter().copied().collect(),
        evidence,
    }
}

fn resource(value: f64) -> ResourceScore {
    ResourceScore {
        value,
        met: 0,
        judged: 0,
        sections: Vec::new(),
    }
}

/// Every item of the default rubric that can be scored, scored.
fn full_input() -> UnitInput {
    let all = |own, peer, district| {
        manual(
            &[
                (Scorer::Own, own),
                (Scorer::Peer, peer),
                (Scorer::District, district),
            ],
            true,
        )
    };
    UnitInput {
        manual: BTreeMap::from([
            ("management".into(), all(90.0, 80.0, 70.0)),
            ("teachers".into(), all(100.0, 60.0, 60.0)),
            ("features".into(), all(50.0, 50.0, 100.0)),
        ]),
        resource: Some(resource(6.0 / 7.0 * 100.0)),
        quality: None,
    }
}

fn err(rubric: &Rubric) -> String {
    rubric.validate().unwrap_err().to_string()
}

#[test]
fn the_default_rubric_is_valid_out_of_100_and_round_trips_through_toml() {
    let rubric = Rubric::default();
    assert!(rubric.validate().is_ok());
    assert_eq!(rubric.items.iter().map(|i| i.weight).sum::<f64>(), 100.0);
    assert_eq!(rubric.item("quality").unwrap().source, ItemSource::Quality);
    let json = serde_json::to_string(&ReviewSettings::default()).unwrap();
    let back: ReviewSettings = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ReviewSettings::default());
    // The default written out as a district would write it in its settings.
    let manual = |id: &str, name: &str, weight: u32, w: [f64; 3]| {
        format!(
            "[[items]]\nid = \"{id}\"\nname = \"{name}\"\nweight = {weight}\nsource = \"manual\"\n\
             evidence_required = true\nscorers = [{{ scorer = \"self\", weight = {} }}, \
             {{ scorer = \"peer\", weight = {} }}, {{ scorer = \"district\", weight = {} }}]\n",
            w[0], w[1], w[2]
        )
    };
    let text = format!(
        "name = \"集团和学校年度综合考核（本地方案示例）\"\n\
         [[items]]\nid = \"resources\"\nname = \"办学条件与资源配置\"\nweight = 25\nsource = \"resource\"\n\
         {}{}[[items]]\nid = \"quality\"\nname = \"教育质量\"\nweight = 25\nsource = \"quality\"\n{}",
        manual("management", "集团管理与制度建设", 20, [0.2, 0.3, 0.5]),
        manual("teachers", "教师交流与研训", 20, [0.2, 0.3, 0.5]),
        manual("features", "特色与辐射", 10, [0.2, 0.4, 0.4]),
    );
    assert_eq!(toml::from_str::<Rubric>(&text).unwrap(), rubric);
}

#[test]
fn rubric_problems_are_named_in_chinese() {
    let base = Rubric::default();
    let with = |f: fn(&mut Rubric)| {
        let mut r = base.clone();
        f(&mut r);
        err(&r)
    };
    assert_eq!(with(|r| r.items.clear()), "考核方案没有任何考核项");
    assert_eq!(
        with(|r| r.items[2].id = " ".into()),
        "第 3 个考核项的标识为空"
    );
    assert_eq!(
        with(|r| r.items[1].id = "resources".into()),
        "考核项标识 resources 重复"
    );
    assert_eq!(
        with(|r| r.items[0].weight = 0.0),
        "考核项“办学条件与资源配置”的权重应为正数，现为 0"
    );
    assert!(with(|r| r.items[0].weight = f64::NAN).contains("权重应为正数"));
    assert_eq!(
        with(|r| r.items[1].scorers[2].weight = 0.6),
        "考核项“集团管理与制度建设”各评分主体的权重之和应为 1，现为 1.1"
    );
    assert_eq!(
        with(|r| r.items[1].scorers[1].scorer = Scorer::Own),
        "考核项“集团管理与制度建设”中自评出现了不止一次"
    );
    assert_eq!(
        with(|r| r.items[1].scorers.clear()),
        "考核项“集团管理与制度建设”为人工评分，应至少设一个评分主体"
    );
    assert_eq!(
        with(|r| r.items[3].scorers = r.items[1].scorers.clone()),
        "考核项“教育质量”的分数来自质量监测，不设评分主体"
    );
    assert_eq!(
        with(|r| r.items[1].scorers[0].weight = -0.2),
        "考核项“集团管理与制度建设”中自评的权重应为正数，现为 -0.2"
    );
    assert_eq!(
        with(|r| r.items[4].name = "".into()),
        "考核项 features 的名称为空"
    );
    // Scorer weights within 10⁻⁶ of 1 are accepted (0.1 + 0.2 + 0.7 in binary).
    let mut r = base.clone();
    r.items[1].scorers[0].weight = 0.1;
    r.items[1].scorers[1].weight = 0.2;
    r.items[1].scorers[2].weight = 0.7;
    assert!(r.validate().is_ok());
}

#[test]
fn unknown_keys_and_scorers_are_refused_by_the_settings_reader() {
    let item = |extra: &str| {
        format!(
            "name = \"x\"\n[[items]]\nid = \"a\"\nname = \"甲\"\nweight = 1\nsource = \"manual\"\n\
             scorers = [{{ scorer = \"{extra}\", weight = 1 }}]\n"
        )
    };
    assert!(toml::from_str::<Rubric>(&item("self")).is_ok());
    assert!(toml::from_str::<Rubric>(&item("parent")).is_err());
    assert!(toml::from_str::<Rubric>(&format!("{}colour = 1\n", item("peer"))).is_err());
}

#[test]
fn a_fully_scored_unit_by_hand() {
    let review = score(&Rubric::default(), &full_input()).unwrap();
    // management 0.2·90 + 0.3·80 + 0.5·70 = 77; teachers 20 + 18 + 30 = 68;
    // features 0.2·50 + 0.4·50 + 0.4·100 = 70; resources 600/7; quality 未接入.
    let expected = [Some(600.0 / 7.0), Some(77.0), Some(68.0), None, Some(70.0)];
    for (item, want) in review.items.iter().zip(expected) {
        match want {
            Some(w) => assert!(close(item.score.unwrap(), w), "{item:?}"),
            None => assert_eq!(item.score, None),
        }
    }
    assert_eq!(review.unconnected, ["quality"]);
    assert_eq!(
        review.items[3].unconnected,
        Some(Unconnected::NoQualityScore)
    );
    assert_eq!(review.items[3].weight_used, 0.0);
    // 25 + 20 + 20 + 10 = 75 points scored.
    let total = (25.0 * 600.0 / 7.0 + 20.0 * 77.0 + 20.0 * 68.0 + 10.0 * 70.0) / 75.0;
    assert!(close(review.total.unwrap(), total));
    assert!(close(review.items[0].weight_used, 25.0 / 75.0));
    let used: f64 = review.items.iter().map(|i| i.weight_used).sum();
    assert!(close(used, 1.0));
    assert!(review.evidence_missing.is_empty());
}

#[test]
fn absent_scorers_and_items_are_renormalised_never_invented() {
    let mut input = full_input();
    input.resource = None;
    input.manual.remove("features");
    input
        .manual
        .insert("teachers".into(), manual(&[(Scorer::Peer, 60.0)], true));
    let review = score(&Rubric::default(), &input).unwrap();
    assert_eq!(review.unconnected, ["resources", "quality", "features"]);
    assert_eq!(
        review.items[0].unconnected,
        Some(Unconnected::NoResourceScore)
    );
    assert_eq!(review.items[4].unconnected, Some(Unconnected::NoScores));
    assert!(review.items[4].evidence_missing);
    // 教师交流与研训: only 他评, its weight renormalised to 1.
    let teachers = &review.items[2];
    assert_eq!(teachers.score, Some(60.0));
    let used: Vec<f64> = teachers.scorers.iter().map(|s| s.weight_used).collect();
    assert_eq!(used, [0.0, 1.0, 0.0]);
    assert!(close(review.total.unwrap(), (77.0 + 60.0) / 2.0));
    // Nothing at all: no total.
    let nothing = score(&Rubric::default(), &UnitInput::default()).unwrap();
    assert_eq!(nothing.total, None);
    assert_eq!(nothing.unconnected.len(), 5);
}

#[test]
fn missing_evidence_is_flagged_or_scores_zero_as_set() {
    let mut input = full_input();
    input.manual.get_mut("management").unwrap().evidence = false;
    let mut rubric = Rubric::default();
    let flagged = score(&rubric, &input).unwrap();
    assert_eq!(flagged.evidence_missing, ["management"]);
    assert_eq!(flagged.items[1].score, Some(77.0));
    assert!(
        flagged.items[1]
            .note
            .as_deref()
            .unwrap()
            .contains("缺少佐证材料")
    );
    rubric.missing_evidence = EvidencePolicy::Zero;
    let zero = score(&rubric, &input).unwrap();
    assert_eq!(zero.items[1].score, Some(0.0));
    assert!(zero.total.unwrap() < flagged.total.unwrap());
    // An item that requires no evidence is never affected.
    rubric.items[1].evidence_required = false;
    assert_eq!(score(&rubric, &input).unwrap().items[1].score, Some(77.0));
}

#[test]
fn bad_scores_are_refused_in_chinese() {
    let rubric = Rubric::default();
    let with = |id: &str, m: ManualScores| {
        let input = UnitInput {
            manual: BTreeMap::from([(id.to_owned(), m)]),
            ..UnitInput::default()
        };
        score(&rubric, &input).unwrap_err().to_string()
    };
    assert_eq!(
        with("nope", manual(&[], true)),
        "考核项 nope 不在考核方案中"
    );
    assert_eq!(
        with("quality", manual(&[(Scorer::District, 80.0)], true)),
        "考核项“教育质量”的分数来自质量监测，不接受人工评分"
    );
    assert_eq!(
        with("management", manual(&[(Scorer::District, 100.5)], true)),
        "考核项“集团管理与制度建设”的区县评价分数应在 0 到 100 之间，现为 100.5"
    );
    assert!(with("management", manual(&[(Scorer::Own, f64::NAN)], true)).contains("自评分数"));
    let mut only_district = rubric.clone();
    only_district.items[1].scorers = vec![ScorerWeight {
        scorer: Scorer::District,
        weight: 1.0,
    }];
    let input = UnitInput {
        manual: BTreeMap::from([("management".into(), manual(&[(Scorer::Peer, 80.0)], true))]),
        ..UnitInput::default()
    };
    assert_eq!(
        score(&only_district, &input).unwrap_err().to_string(),
        "考核项“集团管理与制度建设”未设他评"
    );
    let input = UnitInput {
        resource: Some(resource(120.0)),
        ..UnitInput::default()
    };
    assert!(score(&rubric, &input).is_err());
    let input = UnitInput {
        quality: Some(QualityScore {
            value: -1.0,
            exams: 1,
            sat: 10,
        }),
        ..UnitInput::default()
    };
    assert_eq!(
        score(&rubric, &input).unwrap_err().to_string(),
        "考核项“教育质量”的质量监测分数应在 0 到 100 之间，现为 -1"
    );
    let mut broken = rubric.clone();
    broken.items.clear();
    assert!(matches!(
        score(&broken, &UnitInput::default()),
        Err(ScoreError::Rubric(RubricError::Empty))
    ));
}

#[test]
fn a_schools_resource_score_counts_its_units_verdicts() {
    let schools = demo::generate(&demo::DemoSpec {
        schools: 60,
        seed: 11,
        year: 2024,
    });
    let e = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
    let mut partial = 0;
    for s in &e.sections {
        for (u, unit) in s.units.iter().enumerate() {
            let units_of_school = e
                .sections
                .iter()
                .flat_map(|t| &t.units)
                .filter(|v| v.school_code() == unit.school_code())
                .count();
            if units_of_school > 1 || !unit.merged.is_empty() {
                continue; // several units, or teaching points merged in
            }
            let score = school_resource_score(&e, unit.school_code()).unwrap();
            assert_eq!(score.judged, s.indicators.len());
            assert_eq!(Some(score.met), s.verdicts[u].met, "{}", unit.id());
            assert_eq!(score.sections[0].section, s.section);
            assert_eq!(score.sections[0].not_met.len(), score.judged - score.met);
            partial += usize::from(score.met < score.judged);
        }
    }
    assert!(partial > 0, "the demo has schools below some standard");
    let unknown = SchoolCode::parse("5009999999").unwrap();
    assert_eq!(school_resource_score(&e, &unknown), None);
}

#[test]
fn a_groups_resource_score_is_the_group_as_one_unit() {
    let schools = demo::generate(&demo::DemoSpec {
        schools: 60,
        seed: 11,
        year: 2024,
    });
    let e = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
    let name = schools.iter().find_map(|s| s.group.clone()).unwrap();
    let g = group::bundle(&e, &group::members_from_records(&schools, &name), &name);
    let score = group_resource_score(&g).unwrap();
    let (mut met, mut judged) = (0, 0);
    for s in &g.sections {
        judged += s.indicators.len();
        met += s
            .indicators
            .iter()
            .filter(|i| i.meets == Some(true))
            .count();
    }
    assert_eq!((score.met, score.judged), (met, judged));
    assert!(close(score.value, 100.0 * met as f64 / judged as f64));
    assert!(score.sections.iter().any(|t| t.section == Section::Primary));
    // A group without evaluated members is 未接入, not 0.
    let empty = group::bundle(&e, &[], "空集团");
    assert_eq!(group_resource_score(&empty), None);
}

#[test]
fn the_quality_item_takes_the_units_quality_score() {
    let input = UnitInput {
        quality: Some(QualityScore {
            value: 64.0,
            exams: 3,
            sat: 1200,
        }),
        ..full_input()
    };
    let review = score(&Rubric::default(), &input).unwrap();
    let quality = &review.items[3];
    assert_eq!(quality.score, Some(64.0));
    assert_eq!(quality.unconnected, None);
    assert!(quality.note.as_deref().unwrap().contains("3 次考试"));
    assert!(review.unconnected.is_empty());
    // Every item scored: the rubric's own weights (25/20/20/25/10 of 100).
    assert!(close(quality.weight_used, 0.25));
    let without = score(&Rubric::default(), &full_input()).unwrap();
    let total = (without.total.unwrap() * 75.0 + 25.0 * 64.0) / 100.0;
    assert!(close(review.total.unwrap(), total));
}
